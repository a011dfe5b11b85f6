// The words a rendered digest is framed in, per language: header words, the translated-abstract label,
// and the English field labels the classic style keeps in every language (tools read them).
import type { Lang, RatingKind } from '../model.js';

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
  /** Web UI: the mark of a paper an earlier digest of the profile showed, before the date (`seen 2026-01-27`). */
  seen: string;
  /** Web UI: the label before a paper's relevance score and reasons. */
  relevance: string;
  /** Web UI: the rating buttons, the button that clears a rating, and the current rating in words. */
  rateButtons: Readonly<Record<RatingKind, string>>;
  clearRating: string;
  ratedAs: Readonly<Record<RatingKind, string>>;
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
    seen: '已读',
    relevance: '相关度',
    rateButtons: { up: '▲ 赞', down: '▼ 踩', save: '★ 收藏' },
    clearRating: '清除',
    ratedAs: { up: '已赞', down: '已踩', save: '已收藏' },
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
    seen: 'seen',
    relevance: 'Relevance',
    rateButtons: { up: '▲ Up', down: '▼ Down', save: '★ Save' },
    clearRating: 'Clear',
    ratedAs: { up: 'rated up', down: 'rated down', save: 'saved' },
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
    seen: '既読',
    relevance: '関連度',
    rateButtons: { up: '▲ 良い', down: '▼ 良くない', save: '★ 保存' },
    clearRating: '取り消す',
    ratedAs: { up: '良いと評価済み', down: '良くないと評価済み', save: '保存済み' },
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
    seen: '읽음',
    relevance: '관련도',
    rateButtons: { up: '▲ 좋아요', down: '▼ 싫어요', save: '★ 저장' },
    clearRating: '지우기',
    ratedAs: { up: '좋아요 함', down: '싫어요 함', save: '저장됨' },
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
    seen: 'vu',
    relevance: 'Pertinence',
    rateButtons: { up: "▲ J'aime", down: "▼ Je n'aime pas", save: '★ Garder' },
    clearRating: 'Effacer',
    ratedAs: { up: 'aimé', down: 'pas aimé', save: 'gardé' },
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
    seen: 'gesehen',
    relevance: 'Relevanz',
    rateButtons: { up: '▲ Gut', down: '▼ Schlecht', save: '★ Merken' },
    clearRating: 'Löschen',
    ratedAs: { up: 'gut bewertet', down: 'schlecht bewertet', save: 'gemerkt' },
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
    seen: 'visto',
    relevance: 'Relevancia',
    rateButtons: { up: '▲ Me gusta', down: '▼ No me gusta', save: '★ Guardar' },
    clearRating: 'Borrar',
    ratedAs: { up: 'te gusta', down: 'no te gusta', save: 'guardado' },
  },
};

/** The labels of one language. */
export function labelsFor(lang: Lang): Labels {
  return LABELS[lang];
}
