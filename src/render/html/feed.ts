// A profile's digests as feeds: RSS 2.0 (rssboard.org/rss-specification) and Atom 1.0 (RFC 4287), one item per
// paper with its English and translated title and abstract, the TL;DR, ⚠ on a flagged translation with its reasons,
// and the Hugging Face facts. Pure: every date comes from the digests.
import type { Digest, DigestEntry, Lang } from '../../model.js';
import { absUrl, pdfUrl } from '../../model.js';
import { categoryName } from '../../taxonomy.js';
import { distinctEntries, formatHfFacts, oneLine } from '../common.js';
import { html, joinHtml, toHtmlString } from './markup.js';
import { labelsFor } from '../labels.js';
import { digestListPath, feedPaths, paperPath, siteUrlOf } from './urls.js';
import { FLAG_MARK, markedLine } from '../marks.js';

/** The most items (papers) a feed carries, newest first: feed readers fetch the whole document every time. */
export const FEED_MAX_ITEMS = 200;

export interface FeedOptions {
  profile: string;
  /** At most this many items (default `FEED_MAX_ITEMS`). */
  maxItems?: number;
  /** Where the web UI is served, e.g. `http://127.0.0.1:8787`; links and the feed's own id use it. */
  siteUrl: string;
  /** Feeds never read the clock: their dates are the digests'. */
  now?: never;
}

/** One paper of the feed, from the newest digest that listed it. */
interface FeedItem {
  entry: DigestEntry;
  digest: Digest;
  keywords: string[];
}

/**
 * Papers of the digests, newest listing date first, each paper once (from the newest digest that listed it),
 * so its GUID stays unique and stable across days; the first `maxItems` of them.
 */
function collectItems(digests: readonly Digest[], maxItems: number): FeedItem[] {
  const byDate = [...digests].sort((a, b) => b.listingDate.localeCompare(a.listingDate));
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const digest of byDate) {
    for (const entry of distinctEntries(digest)) {
      if (items.length >= maxItems) return items;
      if (seen.has(entry.paper.arxivId)) continue;
      seen.add(entry.paper.arxivId);
      const keywords = digest.sections
        .filter((section) => section.entries.some((e) => e.paper.arxivId === entry.paper.arxivId))
        .map((section) => section.keyword);
      items.push({ entry, digest, keywords });
    }
  }
  return items;
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

function translatedText(
  entry: DigestEntry,
  lang: Lang,
): { title: string | null; abstract: string | null; tldr: string | null } {
  if (lang === 'en') return { title: null, abstract: null, tldr: null };
  const { title, abstract, tldr } = entry.translation;
  return { title, abstract, tldr: typeof tldr === 'string' ? tldr : null };
}

/** `English title / 译文标题` when the title is translated, else the English title. */
function itemTitle(item: FeedItem): string {
  const translated = translatedText(item.entry, item.digest.lang).title;
  const title = item.entry.paper.title.replace(/\s+/g, ' ').trim();
  return translated === null ? title : `${title} / ${translated.replace(/\s+/g, ' ').trim()}`;
}

/**
 * The item's body as HTML (escaped again as XML by the caller): both titles, the TL;DR, authors, links, the Hugging
 * Face facts, both abstracts, and the reasons of any ⚠ (readers show no tooltips).
 */
function itemHtml(item: FeedItem, siteUrl: string): string {
  const { entry } = item;
  const { paper } = entry;
  const lang = item.digest.lang;
  const translated = translatedText(entry, lang);
  const labels = labelsFor(lang);
  const trLabel = labels.translatedAbstract ?? 'Translation';
  const localUrl = siteUrlOf(siteUrl, paperPath(paper.arxivId));
  const flags = lang === 'en' ? [] : (entry.translation.flags ?? []);
  const flagLines = flags.map(
    (flag, index) =>
      html`${index === 0 ? '' : html`<br>`}${FLAG_MARK} ${flag.field}, ${flag.check}: ${oneLine(flag.detail)}`,
  );
  return toHtmlString(
    joinHtml(
      translated.title === null
        ? ''
        : html`<p lang="${lang}"><strong>${markedLine(translated.title, entry, 'title')}</strong></p>`,
      translated.tldr === null
        ? ''
        : html`<p lang="${lang}"><strong>${labels.tldr}:</strong> ${markedLine(translated.tldr, entry, 'tldr')}</p>`,
      html`<p>${paper.authors.join(', ')}</p>`,
      html`<p>${paper.categories.join(', ')} · ${item.keywords.join(', ')}</p>`,
      html`<p><a href="${absUrl(paper.arxivId)}">arXiv</a> · <a href="${pdfUrl(paper.arxivId)}">PDF</a> · `,
      html`<a href="${localUrl}">paperwire</a></p>`,
      entry.hf === null ? '' : html`<p>Hugging Face: ${formatHfFacts(entry.hf)}</p>`,
      html`<p>${paper.abstract}</p>`,
      translated.abstract === null
        ? ''
        : html`<p><strong>${trLabel}</strong></p><p lang="${lang}">${markedLine(translated.abstract, entry, 'abstract')}</p>`,
      flags.length === 0 ? '' : html`<p>${flagLines}</p>`,
    ),
  );
}

function newestGeneratedAt(digests: readonly Digest[]): Date | null {
  let newest: Date | null = null;
  for (const digest of digests)
    if (newest === null || digest.generatedAt > newest) newest = digest.generatedAt;
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

/** The digests of one profile as an RSS 2.0 document. */
export function renderRss(digests: readonly Digest[], options: FeedOptions): string {
  const site = options.siteUrl;
  const feeds = feedPaths(options.profile);
  const newest = newestGeneratedAt(digests);
  const items = collectItems(digests, options.maxItems ?? FEED_MAX_ITEMS).map((item) => {
    const { paper } = item.entry;
    const categories = paper.categories.map((code) => `<category>${escapeXml(code)}</category>`).join('');
    return (
      '<item>' +
      `<title>${escapeXml(itemTitle(item))}</title>` +
      `<link>${escapeXml(absUrl(paper.arxivId))}</link>` +
      `<guid isPermaLink="true">${escapeXml(absUrl(paper.arxivId))}</guid>` +
      `<pubDate>${formatRfc822(item.digest.announcedAt)}</pubDate>` +
      `<dc:creator>${escapeXml(paper.authors.join(', '))}</dc:creator>` +
      categories +
      `<description>${escapeXml(itemHtml(item, site))}</description>` +
      '</item>'
    );
  });
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    '<channel>' +
    `<title>${escapeXml(`paperwire: ${options.profile}`)}</title>` +
    `<link>${escapeXml(siteUrlOf(site, digestListPath(options.profile)))}</link>` +
    `<description>${escapeXml(`arXiv papers matching the ${options.profile} profile, with translations`)}</description>` +
    `<atom:link href="${escapeXml(siteUrlOf(site, feeds.rss))}" rel="self" type="application/rss+xml"/>` +
    (newest === null ? '' : `<lastBuildDate>${formatRfc822(newest)}</lastBuildDate>`) +
    '<generator>paperwire</generator>' +
    items.join('') +
    '</channel></rss>\n'
  );
}

/** The digests of one profile as an Atom 1.0 document. */
export function renderAtom(digests: readonly Digest[], options: FeedOptions): string {
  const site = options.siteUrl;
  const feeds = feedPaths(options.profile);
  // An empty feed still needs <updated>; with no digest there is no date to give but the epoch.
  const newest = newestGeneratedAt(digests) ?? new Date(0);
  const entries = collectItems(digests, options.maxItems ?? FEED_MAX_ITEMS).map((item) => {
    const { paper } = item.entry;
    const authors = paper.authors.map((name) => `<author><name>${escapeXml(name)}</name></author>`).join('');
    const categories = paper.categories
      .map((code) => {
        const label = categoryName(code);
        return `<category term="${escapeXml(code)}"${label === null ? '' : ` label="${escapeXml(label)}"`}/>`;
      })
      .join('');
    const updated = paper.updatedAt ?? item.digest.announcedAt;
    return (
      '<entry>' +
      `<id>${escapeXml(absUrl(paper.arxivId))}</id>` +
      `<title type="text">${escapeXml(itemTitle(item))}</title>` +
      `<updated>${formatRfc3339(updated)}</updated>` +
      (paper.publishedAt === null ? '' : `<published>${formatRfc3339(paper.publishedAt)}</published>`) +
      authors +
      `<link rel="alternate" type="text/html" href="${escapeXml(absUrl(paper.arxivId))}"/>` +
      `<link rel="related" type="application/pdf" href="${escapeXml(pdfUrl(paper.arxivId))}"/>` +
      categories +
      `<summary type="text">${escapeXml(paper.abstract)}</summary>` +
      `<content type="html">${escapeXml(itemHtml(item, site))}</content>` +
      '</entry>'
    );
  });
  return (
    '<?xml version="1.0" encoding="utf-8"?>\n' +
    '<feed xmlns="http://www.w3.org/2005/Atom">' +
    `<id>${escapeXml(siteUrlOf(site, feeds.atom))}</id>` +
    `<title type="text">${escapeXml(`paperwire: ${options.profile}`)}</title>` +
    `<subtitle type="text">${escapeXml(`arXiv papers matching the ${options.profile} profile, with translations`)}</subtitle>` +
    `<updated>${formatRfc3339(newest)}</updated>` +
    `<link rel="self" type="application/atom+xml" href="${escapeXml(siteUrlOf(site, feeds.atom))}"/>` +
    `<link rel="alternate" type="text/html" href="${escapeXml(siteUrlOf(site, digestListPath(options.profile)))}"/>` +
    '<author><name>paperwire</name></author>' +
    '<generator>paperwire</generator>' +
    entries.join('') +
    '</feed>\n'
  );
}
