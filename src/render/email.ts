// The e-mail digest: a subject line, an HTML body that reads well in common mail clients (inline styles,
// no tables, no external resources) and the classic text as its plain-text alternative. A flagged translation
// carries ⚠ and its reasons; the TL;DR and Hugging Face facts show when present. Pure.
import { escapeHtml } from './html-escape.js';
import type { Digest, DigestEntry, Lang, TranslatedField } from '../model.js';
import { absUrl, pdfUrl } from '../model.js';
import { formatSubjects } from '../taxonomy.js';
import { formatProblem, renderClassic } from './classic.js';
import { formatHfFacts, oneLine, renderTimes } from './common.js';
import type { Labels } from './labels.js';
import { labelsFor } from './labels.js';
import { FLAG_MARK, flagsOf } from './marks.js';

export interface EmailOptions {
  /** The language of the subject, headings and translated text; `en` leaves translations out. */
  lang: Lang;
  /** Where the web UI shows this digest (an absolute http(s) URL), linked at the top; null for no link. */
  webUrl: string | null;
}

/** One e-mail's worth of digest: the subject and the two alternatives of its body. */
export interface RenderedEmail {
  subject: string;
  /** A whole HTML document, UTF-8, every feed text escaped. */
  html: string;
  /** The classic rendering (`--style classic`), the plain-text alternative. */
  text: string;
}

/** Words only the e-mail uses; the rest come from labels.ts. */
interface EmailWords {
  /** `33 papers`, short enough for a subject line. */
  papers: (count: number) => string;
  viewOnline: string;
}

const EMAIL_WORDS: Readonly<Record<Lang, EmailWords>> = {
  en: { papers: (n) => `${n} ${n === 1 ? 'paper' : 'papers'}`, viewOnline: 'Read it in the browser' },
  zh: { papers: (n) => `${n} 篇论文`, viewOnline: '在浏览器中阅读' },
  ja: { papers: (n) => `${n} 件の論文`, viewOnline: 'ブラウザで読む' },
  ko: { papers: (n) => `논문 ${n}편`, viewOnline: '브라우저에서 읽기' },
  fr: { papers: (n) => `${n} ${n === 1 ? 'article' : 'articles'}`, viewOnline: 'Lire dans le navigateur' },
  de: { papers: (n) => `${n} Artikel`, viewOnline: 'Im Browser lesen' },
  es: { papers: (n) => `${n} ${n === 1 ? 'artículo' : 'artículos'}`, viewOnline: 'Leer en el navegador' },
};

// Inline styles: many mail clients drop <style> blocks and never load external stylesheets.
const STYLE = {
  body: 'margin:0;padding:0;background:#ffffff;',
  main:
    'max-width:680px;margin:0 auto;padding:16px;font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",' +
    'Roboto,"Helvetica Neue",Arial,"PingFang SC","Microsoft YaHei",sans-serif;font-size:15px;' +
    'line-height:1.55;color:#1a1a1a;',
  h1: 'font-size:22px;line-height:1.3;margin:0 0 8px;',
  facts: 'margin:0 0 16px;color:#555555;font-size:13px;',
  h2: 'font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #b31b1b;',
  paper: 'margin:0 0 20px;padding:0 0 16px;border-bottom:1px solid #e5e5e5;',
  title: 'font-size:16px;font-weight:bold;margin:0 0 2px;',
  translatedTitle: 'font-size:15px;margin:0 0 6px;color:#333333;',
  meta: 'margin:0 0 6px;font-size:13px;color:#555555;',
  label: 'font-size:13px;font-weight:bold;margin:8px 0 2px;',
  text: 'margin:0;',
  tldr: 'margin:0 0 6px;font-size:14px;',
  flags: 'margin:6px 0 0;padding:4px 8px;border-left:3px solid #b26a00;font-size:12px;color:#555555;',
  flag: 'color:#b26a00;font-weight:bold;',
  link: 'color:#1a5fb4;',
  muted: 'color:#777777;',
} as const;

/**
 * Renders a digest as an e-mail: subject `paperwire · 2026-01-30 · 33 papers (rl)` in the digest's language,
 * an HTML body and the classic text. A translation that is null is left out of the HTML.
 */
export function renderEmail(digest: Digest, options: EmailOptions): RenderedEmail {
  return {
    subject: renderEmailSubject(digest, options.lang),
    html: renderEmailHtml(digest, options),
    text: renderClassic(digest, { lang: options.lang }),
  };
}

/** `paperwire · 2026-01-30 · 33 papers (rl)`, the count in `lang`. */
export function renderEmailSubject(digest: Digest, lang: Lang): string {
  const papers = EMAIL_WORDS[lang].papers(digest.paperCount);
  return `paperwire · ${digest.listingDate} · ${papers} (${oneLine(digest.profile)})`;
}

function renderEmailHtml(digest: Digest, options: EmailOptions): string {
  const labels = labelsFor(options.lang);
  const times = renderTimes(digest, labels);
  const title = `${labels.digestTitle} ${digest.listingDate}`;
  const parts = [
    `<h1 style="${STYLE.h1}">${escapeHtml(title)}</h1>`,
    `<p style="${STYLE.facts}">${[times.generated, times.announced, labels.paperCount(digest.paperCount)]
      .map(escapeHtml)
      .join('<br>')}</p>`,
  ];
  const webUrl = options.webUrl !== null && isWebUrl(options.webUrl) ? options.webUrl : null;
  if (webUrl !== null) {
    parts.push(
      `<p style="${STYLE.facts}"><a href="${escapeHtml(webUrl)}" style="${STYLE.link}">` +
        `${escapeHtml(EMAIL_WORDS[options.lang].viewOnline)}</a></p>`,
    );
  }
  for (const section of digest.sections) {
    parts.push(
      `<h2 style="${STYLE.h2}">${escapeHtml(`${labels.keyword}: ${oneLine(section.keyword)}`)}</h2>`,
    );
    if (section.entries.length === 0)
      parts.push(`<p style="${STYLE.muted}">${escapeHtml(labels.noResult)}</p>`);
    for (const entry of section.entries) parts.push(renderPaperHtml(entry, labels, options.lang));
  }
  parts.push(...renderTrailerHtml(digest, labels));
  return [
    '<!DOCTYPE html>',
    `<html lang="${options.lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    `<body style="${STYLE.body}">`,
    `<div style="${STYLE.main}">`,
    ...parts,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function renderPaperHtml(entry: DigestEntry, labels: Labels, lang: Lang): string {
  const { paper, translation } = entry;
  const isTranslated = lang !== 'en';
  const abs = absUrl(paper.arxivId);
  const pdf = pdfUrl(paper.arxivId);
  const lines = [
    `<div style="${STYLE.paper}">`,
    `<p style="${STYLE.title}"><a href="${escapeHtml(abs)}" style="${STYLE.link}">${escapeHtml(oneLine(paper.title))}</a></p>`,
  ];
  if (isTranslated && translation.title !== null) {
    lines.push(`<p style="${STYLE.translatedTitle}">${markedHtml(translation.title, entry, 'title')}</p>`);
  }
  if (isTranslated && typeof translation.tldr === 'string') {
    lines.push(
      `<p style="${STYLE.tldr}"><strong>${escapeHtml(labels.tldr)}:</strong> ${markedHtml(translation.tldr, entry, 'tldr')}</p>`,
    );
  }
  const hf = entry.hf === null ? '' : `${escapeHtml(`Hugging Face: ${formatHfFacts(entry.hf)}`)}<br>`;
  lines.push(
    `<p style="${STYLE.meta}">${escapeHtml(`${labels.authors}: ${paper.authors.map(oneLine).join(', ')}`)}<br>` +
      `${escapeHtml(`${labels.subjects}: ${formatSubjects(paper.categories)}`)}<br>` +
      hf +
      `<a href="${escapeHtml(abs)}" style="${STYLE.link}">${escapeHtml(labels.absLink)}</a> · ` +
      `<a href="${escapeHtml(pdf)}" style="${STYLE.link}">${escapeHtml(labels.pdfLink)}</a></p>`,
    `<p style="${STYLE.label}">${escapeHtml(labels.abstract)}</p>`,
    `<p style="${STYLE.text}">${escapeHtml(oneLine(paper.abstract))}</p>`,
  );
  if (isTranslated && labels.translatedAbstract !== null && translation.abstract !== null) {
    lines.push(
      `<p style="${STYLE.label}">${escapeHtml(labels.translatedAbstract)}</p>`,
      `<p style="${STYLE.text}">${markedHtml(translation.abstract, entry, 'abstract')}</p>`,
    );
  }
  const flags = isTranslated ? (translation.flags ?? []) : [];
  if (flags.length > 0) {
    // The reasons in plain text under the paper: mail clients show no tooltips.
    const reasons = flags.map((flag) =>
      escapeHtml(`${FLAG_MARK} ${flag.field}, ${flag.check}: ${oneLine(flag.detail)}`),
    );
    lines.push(`<p style="${STYLE.flags}">${reasons.join('<br>')}</p>`);
  }
  lines.push('</div>');
  return lines.join('\n');
}

/** A translated field as escaped HTML on one line, with a coloured ⚠ (its reasons as tooltip) when flagged. */
function markedHtml(text: string, entry: DigestEntry, field: TranslatedField): string {
  const line = escapeHtml(oneLine(text));
  const flags = flagsOf(entry, field);
  if (flags.length === 0) return line;
  const reasons = escapeHtml(flags.map((flag) => oneLine(flag.detail)).join(' '));
  return `${line} <span style="${STYLE.flag}" title="${reasons}">${FLAG_MARK}</span>`;
}

function renderTrailerHtml(digest: Digest, labels: Labels): string[] {
  const parts: string[] = [];
  const list = (items: string[]): string =>
    `<ul style="${STYLE.meta}">${items.map((item) => `<li>${escapeHtml(item)}</li>`).join('')}</ul>`;
  if (digest.notices.length > 0) {
    parts.push(
      `<h2 style="${STYLE.h2}">${escapeHtml(labels.notices)}</h2>`,
      list(digest.notices.map(oneLine)),
    );
  }
  if (digest.problems.length > 0) {
    parts.push(
      `<h2 style="${STYLE.h2}">${escapeHtml(labels.problems)}</h2>`,
      list(digest.problems.map(formatProblem)),
    );
  }
  return parts;
}

function isWebUrl(text: string): boolean {
  return /^https?:\/\/[^\s"'<>]+$/i.test(text);
}

export { escapeHtml };
