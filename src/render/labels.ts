// The words a rendered digest is framed in, per language: header words, the translated-abstract label,
// and the English field labels the classic style keeps in every language (tools read them).
import type { Lang } from '../model.js';

/** The words one language's digest uses. Renderers add the punctuation (`- `, `:`) their style needs. */
export interface Labels {
  /** Header: when the digest was generated (`生成时间`). */
  generatedAt: string;
  /** Header: when arXiv announced the listing (`Arxiv 发布时间`). */
  announcedAt: string;
  /** Header: how many distinct papers the digest holds (`今天共有 33 篇相关文章`). */
  paperCount: (count: number) => string;
  /** The title of a Markdown or HTML digest, before the listing date. */
  digestTitle: string;
  /** The label above the translated abstract (`中文摘要`); null for English, where nothing is translated. */
  translatedAbstract: string | null;
  /** Section word before the keyword. */
  keyword: string;
  /** What an empty section says. */
  noResult: string;
  authors: string;
  subjects: string;
  absLink: string;
  pdfLink: string;
  abstract: string;
  /** The label of the one-line summary (`--tldr`), kept in English like the field labels. */
  tldr: string;
  /** Heading of the trailing block of reader notices. */
  notices: string;
  /** Heading of the trailing block of entries that could not be used. */
  problems: string;
}

// The field labels of example 001; kept in English for every language so the layout stays the same.
const FIELD_LABELS = {
  keyword: 'Keyword',
  noResult: 'There is no result',
  authors: 'Authors',
  subjects: 'Subjects',
  absLink: 'Arxiv link',
  pdfLink: 'Pdf link',
  abstract: 'Abstract',
  tldr: 'TL;DR',
} as const;

const LABELS: Readonly<Record<Lang, Labels>> = {
  zh: {
    ...FIELD_LABELS,
    generatedAt: '生成时间',
    announcedAt: 'Arxiv 发布时间',
    paperCount: (count) => `今天共有 ${count} 篇相关文章`,
    digestTitle: 'Arxiv 每日论文',
    translatedAbstract: '中文摘要',
    notices: '提示',
    problems: '问题',
  },
  en: {
    ...FIELD_LABELS,
    generatedAt: 'Generated',
    announcedAt: 'arXiv announcement',
    paperCount: (count) => `${count} relevant ${count === 1 ? 'paper' : 'papers'} today`,
    digestTitle: 'arXiv digest',
    translatedAbstract: null,
    notices: 'Notices',
    problems: 'Problems',
  },
  ja: {
    ...FIELD_LABELS,
    generatedAt: '生成日時',
    announcedAt: 'arXiv 公開日時',
    paperCount: (count) => `本日の関連論文は ${count} 件です`,
    digestTitle: 'arXiv 新着論文',
    translatedAbstract: '日本語要約',
    notices: 'お知らせ',
    problems: '問題',
  },
  ko: {
    ...FIELD_LABELS,
    generatedAt: '생성 시각',
    announcedAt: 'arXiv 공개 시각',
    paperCount: (count) => `오늘 관련 논문은 ${count}편입니다`,
    digestTitle: 'arXiv 새 논문',
    translatedAbstract: '한국어 요약',
    notices: '알림',
    problems: '문제',
  },
  fr: {
    ...FIELD_LABELS,
    generatedAt: 'Généré le',
    announcedAt: 'Annonce arXiv',
    paperCount: (count) =>
      `${count} ${count === 1 ? 'article pertinent' : 'articles pertinents'} aujourd'hui`,
    digestTitle: 'Sélection arXiv',
    translatedAbstract: 'Résumé en français',
    notices: 'Avis',
    problems: 'Problèmes',
  },
  de: {
    ...FIELD_LABELS,
    generatedAt: 'Erstellt',
    announcedAt: 'arXiv-Ankündigung',
    paperCount: (count) => `Heute ${count} ${count === 1 ? 'relevanter Artikel' : 'relevante Artikel'}`,
    digestTitle: 'arXiv-Übersicht',
    translatedAbstract: 'Deutsche Zusammenfassung',
    notices: 'Hinweise',
    problems: 'Probleme',
  },
  es: {
    ...FIELD_LABELS,
    generatedAt: 'Generado',
    announcedAt: 'Anuncio de arXiv',
    paperCount: (count) => `Hoy hay ${count} ${count === 1 ? 'artículo relevante' : 'artículos relevantes'}`,
    digestTitle: 'Resumen de arXiv',
    translatedAbstract: 'Resumen en español',
    notices: 'Avisos',
    problems: 'Problemas',
  },
};

/** The labels of one language. */
export function labelsFor(lang: Lang): Labels {
  return LABELS[lang];
}
