// The writer every feed shares: a channel and its items as an RSS 2.0 (rssboard.org/rss-specification) or Atom 1.0
// (RFC 4287) document, each item's body as HTML with both languages, the TL;DR, ⚠ and its reasons, and the Hugging
// Face facts. feed.ts decides what a profile's or a query's feed holds. Pure.
import type { HfInfo, Lang, Paper, PaperTranslation } from '../../model.js';
import { absUrl, pdfUrl } from '../../model.js';
import { categoryName } from '../../taxonomy.js';
import { formatHfFacts, oneLine } from '../common.js';
import { labelsFor } from '../labels.js';
import { FLAG_MARK, markedLine } from '../marks.js';
import { html, joinHtml, toHtmlString } from './markup.js';

/** One paper of a feed with the translation shown beside the original. */
export interface FeedItem {
  paper: Paper;
  translation: PaperTranslation;
  /** The translation's language; `en`: none is shown. */
  lang: Lang;
  hf: HfInfo | null;
  /** When the paper was announced or last updated: RSS's pubDate, Atom's updated when the paper has none. */
  datedAt: Date | null;
  /** The keywords a digest listed it under; [] in a query's feed. */
  keywords: string[];
  /** Its page on the web UI or the static site, or null when the feed knows no site. */
  pageUrl: string | null;
}

/** What a feed says of itself. */
export interface FeedChannel {
  title: string;
  description: string;
  /** The page the feed stands for (RSS link, Atom alternate). */
  pageUrl: string;
  /** The feed's own address in each format, or null when it has none (a file written by `paperwire feed`). */
  self: { rss: string; atom: string } | null;
  /** Atom's permanent id of the feed. */
  atomId: string;
}

// XML 1.0 §2.2: characters a document may not contain at all, even escaped.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/** Text as XML character data or a quoted attribute value. */
export function escapeXml(text: string): string {
  return text.replace(NOT_XML_CHAR, '').replace(/[&<>"']/g, (char) => {
    switch (char) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      default:
        return '&apos;';
    }
  });
}

function translatedText(item: FeedItem): {
  title: string | null;
  abstract: string | null;
  tldr: string | null;
} {
  if (item.lang === 'en') return { title: null, abstract: null, tldr: null };
  const { title, abstract, tldr } = item.translation;
  return { title, abstract, tldr: typeof tldr === 'string' ? tldr : null };
}

/** `English title / 译文标题` when the title is translated, else the English title. */
function itemTitle(item: FeedItem): string {
  const translated = translatedText(item).title;
  const title = item.paper.title.replace(/\s+/g, ' ').trim();
  return translated === null ? title : `${title} / ${translated.replace(/\s+/g, ' ').trim()}`;
}

/**
 * The item's body as HTML (escaped again as XML by the caller): both titles, the TL;DR, authors, links, the Hugging
 * Face facts, both abstracts, and the reasons of any ⚠ (readers show no tooltips).
 */
function itemHtml(item: FeedItem): string {
  const { paper, lang } = item;
  const translated = translatedText(item);
  const labels = labelsFor(lang);
  const trLabel = labels.translatedAbstract ?? 'Translation';
  const flags = lang === 'en' ? [] : (item.translation.flags ?? []);
  const flagLines = flags.map(
    (flag, index) =>
      html`${index === 0 ? '' : html`<br>`}${FLAG_MARK} ${flag.field}, ${flag.check}: ${oneLine(flag.detail)}`,
  );
  const topics = item.keywords.length === 0 ? '' : ` · ${item.keywords.join(', ')}`;
  return toHtmlString(
    joinHtml(
      translated.title === null
        ? ''
        : html`<p lang="${lang}"><strong>${markedLine(translated.title, item, 'title')}</strong></p>`,
      translated.tldr === null
        ? ''
        : html`<p lang="${lang}"><strong>${labels.tldr}:</strong> ${markedLine(translated.tldr, item, 'tldr')}</p>`,
      html`<p>${paper.authors.join(', ')}</p>`,
      html`<p>${paper.categories.join(', ')}${topics}</p>`,
      html`<p><a href="${absUrl(paper.arxivId)}">arXiv</a> · <a href="${pdfUrl(paper.arxivId)}">PDF</a>`,
      item.pageUrl === null ? html`</p>` : html` · <a href="${item.pageUrl}">paperwire</a></p>`,
      item.hf === null ? '' : html`<p>Hugging Face: ${formatHfFacts(item.hf)}</p>`,
      html`<p>${paper.abstract}</p>`,
      translated.abstract === null
        ? ''
        : html`<p><strong>${trLabel}</strong></p><p lang="${lang}">${markedLine(translated.abstract, item, 'abstract')}</p>`,
      flags.length === 0 ? '' : html`<p>${flagLines}</p>`,
    ),
  );
}

/** The newest of the dates, or null when there is none. */
export function newestOf(dates: readonly (Date | null)[]): Date | null {
  let newest: Date | null = null;
  for (const date of dates) if (date !== null && (newest === null || date > newest)) newest = date;
  return newest;
}

/** RFC 822 date-time as RSS 2.0 requires (with a four-digit year, as RFC 1123 and every reader accept). */
function formatRfc822(instant: Date): string {
  return instant.toUTCString();
}

/** RFC 3339 date-time as Atom requires, in UTC. */
function formatRfc3339(instant: Date): string {
  return instant.toISOString();
}

/** A channel and its items as an RSS 2.0 document; `updated` is its lastBuildDate, when known. */
export function renderRssDocument(
  channel: FeedChannel,
  items: readonly FeedItem[],
  updated: Date | null,
): string {
  const rssItems = items.map((item) => {
    const { paper } = item;
    const categories = paper.categories.map((code) => `<category>${escapeXml(code)}</category>`).join('');
    return (
      '<item>' +
      `<title>${escapeXml(itemTitle(item))}</title>` +
      `<link>${escapeXml(absUrl(paper.arxivId))}</link>` +
      `<guid isPermaLink="true">${escapeXml(absUrl(paper.arxivId))}</guid>` +
      (item.datedAt === null ? '' : `<pubDate>${formatRfc822(item.datedAt)}</pubDate>`) +
      `<dc:creator>${escapeXml(paper.authors.join(', '))}</dc:creator>` +
      categories +
      `<description>${escapeXml(itemHtml(item))}</description>` +
      '</item>'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    '<channel>' +
    `<title>${escapeXml(channel.title)}</title>` +
    `<link>${escapeXml(channel.pageUrl)}</link>` +
    `<description>${escapeXml(channel.description)}</description>` +
    (channel.self === null
      ? ''
      : `<atom:link href="${escapeXml(channel.self.rss)}" rel="self" type="application/rss+xml"/>`) +
    (updated === null ? '' : `<lastBuildDate>${formatRfc822(updated)}</lastBuildDate>`) +
    '<generator>paperwire</generator>' +
    rssItems.join('') +
    '</channel></rss>\n'
  );
}

/** A channel and its items as an Atom 1.0 document; with no `updated`, the epoch (Atom requires one). */
export function renderAtomDocument(
  channel: FeedChannel,
  items: readonly FeedItem[],
  updated: Date | null,
): string {
  const entries = items.map((item) => {
    const { paper } = item;
    const authors = paper.authors.map((name) => `<author><name>${escapeXml(name)}</name></author>`).join('');
    const categories = paper.categories
      .map((code) => {
        const label = categoryName(code);
        return `<category term="${escapeXml(code)}"${label === null ? '' : ` label="${escapeXml(label)}"`}/>`;
      })
      .join('');
    const entryUpdated = paper.updatedAt ?? item.datedAt ?? paper.publishedAt ?? new Date(0);
    return (
      '<entry>' +
      `<id>${escapeXml(absUrl(paper.arxivId))}</id>` +
      `<title type="text">${escapeXml(itemTitle(item))}</title>` +
      `<updated>${formatRfc3339(entryUpdated)}</updated>` +
      (paper.publishedAt === null ? '' : `<published>${formatRfc3339(paper.publishedAt)}</published>`) +
      authors +
      `<link rel="alternate" type="text/html" href="${escapeXml(absUrl(paper.arxivId))}"/>` +
      `<link rel="related" type="application/pdf" href="${escapeXml(pdfUrl(paper.arxivId))}"/>` +
      categories +
      `<summary type="text">${escapeXml(paper.abstract)}</summary>` +
      `<content type="html">${escapeXml(itemHtml(item))}</content>` +
      '</entry>'
    );
  });
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">' +
    `<id>${escapeXml(channel.atomId)}</id>` +
    `<title type="text">${escapeXml(channel.title)}</title>` +
    `<subtitle type="text">${escapeXml(channel.description)}</subtitle>` +
    // An empty feed still needs <updated>; with no date to give, the epoch.
    `<updated>${formatRfc3339(updated ?? new Date(0))}</updated>` +
    (channel.self === null
      ? ''
      : `<link rel="self" type="application/atom+xml" href="${escapeXml(channel.self.atom)}"/>`) +
    `<link rel="alternate" type="text/html" href="${escapeXml(channel.pageUrl)}"/>` +
    '<author><name>paperwire</name></author>' +
    '<generator>paperwire</generator>' +
    entries.join('') +
    '</feed>\n'
  );
}
