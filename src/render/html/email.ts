// The e-mail digest: a subject line, an HTML body that reads well in common mail clients (a short <style> in
// <head>, the essentials inline, no tables, no external resources, under Gmail's clipping size) and the classic
// text as its plain-text alternative. A flagged translation carries ⚠ and its reasons; the TL;DR and Hugging Face
// facts show when present. Pure.
import { html, joinHtml, toHtmlString, type Html } from './markup.js';
import type { Digest, DigestEntry, Lang, RatingKind, TranslatedField } from '../../model.js';
import { absUrl, pdfUrl, RATINGS } from '../../model.js';
import { formatSubjects } from '../../taxonomy.js';
import { formatProblem, renderClassic } from '../text/classic.js';
import { formatHfFacts, formatRelevance, oneLine, paperLine, renderTimes } from '../common.js';
import type { Labels } from '../labels.js';
import { labelsFor } from '../labels.js';
import { FLAG_MARK, flagsOf } from '../marks.js';

export interface EmailOptions {
  /** The language of the subject, headings and translated text; `en` leaves translations out. */
  lang: Lang;
  /** Where the web UI shows this digest (an absolute http(s) URL), linked at the top; null for no link. */
  webUrl: string | null;
  /**
   * The signed rating link of a paper and rating (an absolute URL on `[web] public_url`); each paper then carries
   * up / down / save links in both parts. Absent or null: no rating links.
   */
  rateUrl?: ((arxivId: string, kind: RatingKind) => string) | null;
}

/** One e-mail's worth of digest: the subject and the two alternatives of its body. */
export interface RenderedEmail {
  subject: string;
  /** A whole HTML document, UTF-8, built through hono's html template, so every feed text is escaped. */
  html: string;
  /** The classic rendering (`--style classic`), the plain-text alternative. */
  text: string;
}

/** Words only the e-mail uses; the rest come from labels.ts. */
interface EmailWords {
  /** `33 papers`, short enough for a subject line. */
  papers: (count: number) => string;
  viewOnline: string;
  /** `12 more papers`, for the line where a long digest's HTML stops. */
  morePapers: (count: number) => string;
  /** Where those papers are: the web page (linked) or the plain-text alternative. */
  seeWebPage: string;
  seePlainText: string;
  /** The rating links: their label, each rating's name, and the heading of the text part's list. */
  rate: string;
  ratingNames: Readonly<Record<RatingKind, string>>;
  rateIntro: string;
}

const EMAIL_WORDS: Readonly<Record<Lang, EmailWords>> = {
  en: {
    papers: (n) => `${n} ${n === 1 ? 'paper' : 'papers'}`,
    viewOnline: 'Read it in the browser',
    morePapers: (n) => `${n} more ${n === 1 ? 'paper' : 'papers'}`,
    seeWebPage: 'see the web page',
    seePlainText: 'see the plain-text version of this e-mail',
    rate: 'Rate',
    ratingNames: { up: 'up', down: 'down', save: 'save' },
    rateIntro: 'Rate these papers (each link opens a page to confirm)',
  },
  zh: {
    papers: (n) => `${n} 篇论文`,
    viewOnline: '在浏览器中阅读',
    morePapers: (n) => `还有 ${n} 篇论文`,
    seeWebPage: '请看网页版',
    seePlainText: '请看本邮件的纯文本版本',
    rate: '评分',
    ratingNames: { up: '赞', down: '踩', save: '收藏' },
    rateIntro: '为这些论文评分（每个链接会打开一个确认页面）',
  },
  ja: {
    papers: (n) => `${n} 件の論文`,
    viewOnline: 'ブラウザで読む',
    morePapers: (n) => `ほかに ${n} 件の論文`,
    seeWebPage: 'ウェブページをご覧ください',
    seePlainText: 'このメールのテキスト版をご覧ください',
    rate: '評価',
    ratingNames: { up: '良い', down: '良くない', save: '保存' },
    rateIntro: '論文を評価する（各リンクは確認ページを開きます）',
  },
  ko: {
    papers: (n) => `논문 ${n}편`,
    viewOnline: '브라우저에서 읽기',
    morePapers: (n) => `논문 ${n}편 더`,
    seeWebPage: '웹 페이지에서 보세요',
    seePlainText: '이 메일의 텍스트 버전에서 보세요',
    rate: '평가',
    ratingNames: { up: '좋아요', down: '싫어요', save: '저장' },
    rateIntro: '논문 평가 (각 링크는 확인 페이지를 엽니다)',
  },
  fr: {
    papers: (n) => `${n} ${n === 1 ? 'article' : 'articles'}`,
    viewOnline: 'Lire dans le navigateur',
    morePapers: (n) => `${n} ${n === 1 ? 'autre article' : 'autres articles'}`,
    seeWebPage: 'voir la page web',
    seePlainText: 'voir la version texte de ce courriel',
    rate: 'Noter',
    ratingNames: { up: "j'aime", down: "je n'aime pas", save: 'garder' },
    rateIntro: 'Noter ces articles (chaque lien ouvre une page de confirmation)',
  },
  de: {
    papers: (n) => `${n} Artikel`,
    viewOnline: 'Im Browser lesen',
    morePapers: (n) => `${n} ${n === 1 ? 'weiterer' : 'weitere'} Artikel`,
    seeWebPage: 'siehe die Webseite',
    seePlainText: 'siehe die Textfassung dieser E-Mail',
    rate: 'Bewerten',
    ratingNames: { up: 'gut', down: 'schlecht', save: 'merken' },
    rateIntro: 'Diese Artikel bewerten (jeder Link öffnet eine Seite zum Bestätigen)',
  },
  es: {
    papers: (n) => `${n} ${n === 1 ? 'artículo' : 'artículos'}`,
    viewOnline: 'Leer en el navegador',
    morePapers: (n) => `${n} ${n === 1 ? 'artículo más' : 'artículos más'}`,
    seeWebPage: 'ver la página web',
    seePlainText: 'ver la versión de texto de este correo',
    rate: 'Valorar',
    ratingNames: { up: 'me gusta', down: 'no me gusta', save: 'guardar' },
    rateIntro: 'Valorar estos artículos (cada enlace abre una página para confirmar)',
  },
};

/**
 * Gmail shows an HTML part above about 102 KB clipped, behind "[Message clipped]" (measured at 102 to 105 KB,
 * spamresource.com 2022): the HTML stops adding papers before this many bytes of UTF-8 and says how many are left.
 */
export const EMAIL_HTML_MAX_BYTES = 100_000;

/** The notices and problems lists stop before this many bytes, so a day of failures leaves room for papers. */
const TRAILER_MAX_BYTES = 12_000;

// What a mail client that drops <style> still needs, set once on <body> and the wrapper. The template escapes the
// font names' single quotes as `&#39;`, which HTML reads back as a quote inside the attribute.
const BODY_STYLE = 'margin:0;padding:0;background:#ffffff';
const WRAPPER_STYLE =
  "max-width:680px;margin:0 auto;padding:16px;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto," +
  "'Helvetica Neue',Arial,'PingFang SC','Microsoft YaHei',sans-serif;font-size:15px;line-height:1.55;color:#1a1a1a";

// The rest, once per message (Gmail, Apple Mail, Outlook and Thunderbird honour a <style> in <head>); each element
// is marked up for what it is (h3 title, h4 label), so a client without it still shows a readable page.
const STYLE_SHEET = [
  'h1{font-size:22px;line-height:1.3;margin:0 0 8px}',
  'h2{font-size:18px;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid #b31b1b}',
  'h3{font-size:16px;margin:20px 0 2px;padding-top:16px;border-top:1px solid #e5e5e5}',
  'h4{font-size:13px;margin:8px 0 2px}',
  'p{margin:0 0 6px}',
  'a{color:#1a5fb4}',
  '.facts{margin:0 0 16px;color:#555555;font-size:13px}',
  '.translated{color:#333333}',
  '.meta{font-size:13px;color:#555555}',
  '.flags{margin:6px 0 0;padding:4px 8px;border-left:3px solid #b26a00;font-size:12px;color:#555555}',
  '.flag{color:#b26a00;font-weight:bold}',
  '.muted{color:#777777}',
  '.more{margin:20px 0 0}',
].join('\n');

const UTF8 = new TextEncoder();

function byteLengthOf(text: string): number {
  return UTF8.encode(text).length;
}

/**
 * Renders a digest as an e-mail: subject `paperwire · 2026-01-30 · 33 papers (rl)` in the digest's language,
 * an HTML body and the classic text. A translation that is null is left out of the HTML. The HTML stays under
 * `EMAIL_HTML_MAX_BYTES`: past it, one line counts the papers left out and links the web page when known; the
 * text alternative always holds the whole digest.
 */
export function renderEmail(digest: Digest, options: EmailOptions): RenderedEmail {
  const rateUrl = options.rateUrl ?? null;
  const text = renderClassic(digest, { lang: options.lang });
  return {
    subject: renderEmailSubject(digest, options.lang),
    html: renderEmailHtml(digest, options),
    text: rateUrl === null ? text : text + renderRatingLinksText(digest, EMAIL_WORDS[options.lang], rateUrl),
  };
}

/** The text part's rating links, after the classic digest: each paper once, its id and title, then a link a line. */
function renderRatingLinksText(
  digest: Digest,
  words: EmailWords,
  rateUrl: (arxivId: string, kind: RatingKind) => string,
): string {
  const seen = new Set<string>();
  const lines = ['', `${words.rateIntro}:`];
  for (const { paper } of digest.sections.flatMap((section) => section.entries)) {
    if (seen.has(paper.arxivId)) continue;
    seen.add(paper.arxivId);
    lines.push('', `${paper.arxivId} ${paperLine(paper, 'title')}`);
    for (const kind of RATINGS) lines.push(`  ${words.ratingNames[kind]}: ${rateUrl(paper.arxivId, kind)}`);
  }
  return `${lines.join('\n')}\n`;
}

/** `paperwire · 2026-01-30 · 33 papers (rl)`, the count in `lang`. */
export function renderEmailSubject(digest: Digest, lang: Lang): string {
  const papers = EMAIL_WORDS[lang].papers(digest.paperCount);
  return `paperwire · ${digest.listingDate} · ${papers} (${oneLine(digest.profile)})`;
}

function renderEmailHtml(digest: Digest, options: EmailOptions): string {
  const labels = labelsFor(options.lang);
  const words = EMAIL_WORDS[options.lang];
  const times = renderTimes(digest, labels);
  const title = `${labels.digestTitle} ${digest.listingDate}`;
  const webUrl = options.webUrl !== null && isWebUrl(options.webUrl) ? options.webUrl : null;
  const facts = [times.generated, times.announced, labels.paperCount(digest.paperCount)];
  const head: Html[] = [
    html`<!DOCTYPE html>`,
    html`<html lang="${options.lang}">`,
    html`<head>`,
    html`<meta charset="utf-8">`,
    html`<meta name="viewport" content="width=device-width, initial-scale=1">`,
    html`<title>${title}</title>`,
    html`<style>\n${STYLE_SHEET}\n</style>`,
    html`</head>`,
    html`<body style="${BODY_STYLE}">`,
    html`<div style="${WRAPPER_STYLE}">`,
    html`<h1>${title}</h1>`,
    html`<p class="facts">${joinWith(html`<br>`, facts)}</p>`,
  ];
  if (webUrl !== null) head.push(html`<p class="facts"><a href="${webUrl}">${words.viewOnline}</a></p>`);
  const trailer = renderTrailerHtml(digest, labels, words);
  const tail = [html`</div>`, html`</body>`, html`</html>`, html``];
  const moreLine = (count: number): Html => renderMoreLine(count, words, webUrl);
  const fixedBytes = byteLengthOf(linesOf([...head, ...trailer, ...tail])) + 1;
  const roomBytes = EMAIL_HTML_MAX_BYTES - fixedBytes;
  const rateUrl = options.rateUrl ?? null;
  let sections = renderSectionsHtml(digest, options.lang, roomBytes, rateUrl);
  if (sections.omittedCount > 0) {
    // Cut short: fill again, leaving room for the line about papers left out (sized for the most it could count).
    const reservedBytes = byteLengthOf(toHtmlString(moreLine(digest.paperCount))) + 1;
    sections = renderSectionsHtml(digest, options.lang, roomBytes - reservedBytes, rateUrl);
  }
  if (sections.omittedCount > 0) sections.blocks.push(moreLine(sections.omittedCount));
  return linesOf([...head, ...sections.blocks, ...trailer, ...tail]);
}

/** Pieces of markup one per line, as the string the message carries. */
function linesOf(lines: readonly Html[]): string {
  return toHtmlString(joinWith(html`\n`, lines));
}

/** `parts` with `separator` between each two; text among the parts is escaped. */
function joinWith(separator: Html, parts: readonly (string | Html)[]): Html {
  return joinHtml(parts.flatMap((part, at) => (at === 0 ? [part] : [separator, part])));
}

/**
 * The sections paper by paper, in order, until the next paper would pass `maxBytes`; then it stops and counts
 * the distinct papers not shown. A section's heading goes with its first paper; an empty section before the cut
 * is always shown (two short lines).
 */
function renderSectionsHtml(
  digest: Digest,
  lang: Lang,
  maxBytes: number,
  rateUrl: ((arxivId: string, kind: RatingKind) => string) | null,
): { blocks: Html[]; omittedCount: number } {
  const labels = labelsFor(lang);
  const blocks: Html[] = [];
  const shownIds = new Set<string>();
  let usedBytes = 0;
  let isFull = false;
  for (const section of digest.sections) {
    if (isFull) break;
    const heading = html`<h2>${labels.keyword}: ${oneLine(section.keyword)}</h2>`;
    if (section.entries.length === 0) {
      const block = html`${heading}\n<p class="muted">${labels.noResult}</p>`;
      blocks.push(block);
      usedBytes += byteLengthOf(toHtmlString(block)) + 1;
      continue;
    }
    let pending: Html | null = heading;
    for (const entry of section.entries) {
      const paper = renderPaperHtml(entry, labels, lang, rateUrl);
      const block = pending === null ? paper : html`${pending}\n${paper}`;
      const blockBytes = byteLengthOf(toHtmlString(block)) + 1;
      if (usedBytes + blockBytes > maxBytes) {
        isFull = true;
        break;
      }
      blocks.push(block);
      usedBytes += blockBytes;
      pending = null;
      shownIds.add(entry.paper.arxivId);
    }
  }
  const allIds = new Set(digest.sections.flatMap(({ entries }) => entries.map(({ paper }) => paper.arxivId)));
  const omittedCount = [...allIds].filter((id) => !shownIds.has(id)).length;
  return { blocks, omittedCount };
}

/** `12 more papers: see the web page` (linked), or pointing at the plain-text alternative when no page is known. */
function renderMoreLine(count: number, words: EmailWords, webUrl: string | null): Html {
  const more = `${words.morePapers(count)}: `;
  return webUrl === null
    ? html`<p class="more"><strong>${more}${words.seePlainText}</strong></p>`
    : html`<p class="more"><strong>${more}<a href="${webUrl}">${words.seeWebPage}</a></strong></p>`;
}

function renderPaperHtml(
  entry: DigestEntry,
  labels: Labels,
  lang: Lang,
  rateUrl: ((arxivId: string, kind: RatingKind) => string) | null,
): Html {
  const { paper, translation } = entry;
  const isTranslated = lang !== 'en';
  // The title links the abstract page, so the links line needs only the PDF.
  const lines = [html`<h3><a href="${absUrl(paper.arxivId)}">${paperLine(paper, 'title')}</a></h3>`];
  if (isTranslated && translation.title !== null) {
    lines.push(html`<p class="translated">${markedHtml(translation.title, entry, 'title')}</p>`);
  }
  if (isTranslated && typeof translation.tldr === 'string') {
    lines.push(html`<p><strong>${labels.tldr}:</strong> ${markedHtml(translation.tldr, entry, 'tldr')}</p>`);
  }
  const meta = [
    `${labels.authors}: ${paper.authors.map(oneLine).join(', ')}`,
    `${labels.subjects}: ${formatSubjects(paper.categories)}`,
    ...(entry.hf === null ? [] : [`Hugging Face: ${formatHfFacts(entry.hf)}`]),
    ...(entry.relevance === undefined ? [] : [`Relevance: ${formatRelevance(entry.relevance)}`]),
    html`<a href="${pdfUrl(paper.arxivId)}">${labels.pdfLink}</a>`,
  ];
  lines.push(
    html`<p class="meta">${joinWith(html`<br>`, meta)}</p>`,
    html`<h4>${labels.abstract}</h4>`,
    html`<p>${paperLine(paper, 'abstract')}</p>`,
  );
  if (isTranslated && labels.translatedAbstract !== null && translation.abstract !== null) {
    lines.push(
      html`<h4>${labels.translatedAbstract}</h4>`,
      html`<p>${markedHtml(translation.abstract, entry, 'abstract')}</p>`,
    );
  }
  const flags = isTranslated ? (translation.flags ?? []) : [];
  if (flags.length > 0) {
    // The reasons in plain text under the paper: mail clients show no tooltips.
    const reasons = flags.map((flag) => `${FLAG_MARK} ${flag.field}, ${flag.check}: ${oneLine(flag.detail)}`);
    lines.push(html`<p class="flags">${joinWith(html`<br>`, reasons)}</p>`);
  }
  if (rateUrl !== null) lines.push(renderRatingLinksHtml(paper.arxivId, EMAIL_WORDS[lang], rateUrl));
  return joinWith(html`\n`, lines);
}

/** `Rate: up · down · save`, each a signed link that opens the web UI's page to confirm. */
function renderRatingLinksHtml(
  arxivId: string,
  words: EmailWords,
  rateUrl: (arxivId: string, kind: RatingKind) => string,
): Html {
  const links = RATINGS.map(
    (kind) => html`<a href="${rateUrl(arxivId, kind)}">${words.ratingNames[kind]}</a>`,
  );
  return html`<p class="meta">${words.rate}: ${joinWith(html` · `, links)}</p>`;
}

/** A translated field on one line, with a coloured ⚠ when flagged (the reasons follow the paper). */
function markedHtml(text: string, entry: DigestEntry, field: TranslatedField): Html {
  const line = oneLine(text);
  return flagsOf(entry, field).length === 0
    ? html`${line}`
    : html`${line} <span class="flag">${FLAG_MARK}</span>`;
}

/** Notices and problems, each list stopping before TRAILER_MAX_BYTES with a count of what the text has. */
function renderTrailerHtml(digest: Digest, labels: Labels, words: EmailWords): Html[] {
  const parts: Html[] = [];
  const list = (items: string[]): Html => {
    const shown: Html[] = [];
    let usedBytes = 0;
    for (const item of items) {
      const line = html`<li>${item}</li>`;
      usedBytes += byteLengthOf(toHtmlString(line));
      if (usedBytes > TRAILER_MAX_BYTES) break;
      shown.push(line);
    }
    if (shown.length < items.length)
      shown.push(html`<li>+${items.length - shown.length}: ${words.seePlainText}</li>`);
    return html`<ul class="meta">${shown}</ul>`;
  };
  if (digest.notices.length > 0)
    parts.push(html`<h2>${labels.notices}</h2>`, list(digest.notices.map(oneLine)));
  if (digest.problems.length > 0) {
    parts.push(html`<h2>${labels.problems}</h2>`, list(digest.problems.map(formatProblem)));
  }
  return parts;
}

function isWebUrl(text: string): boolean {
  return /^https?:\/\/[^\s"'<>]+$/i.test(text);
}
