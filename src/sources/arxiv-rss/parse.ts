// Reads one rss.arxiv.org feed (the 2024+ RSS 2.0 format) into listed papers: bytes in, papers and problems out.
// Pure: no I/O, no clock. Format: https://info.arxiv.org/help/rss_specifications.html

import { decodeHTMLStrict } from 'entities/decode';
import { scanRssDocument, type RssChannel, type RssItem } from './document.js';

import { FeedError } from '../../errors.js';
import {
  ANNOUNCE_TYPES,
  isArxivId,
  markCleanText,
  normalizeSpace,
  parseIsoDate,
  splitVersionedId,
  stripControls,
  type IsoDate,
  type ListedPaper,
  type Problem,
} from '../../model.js';
import { easternDateOf } from '../../time-zones.js';
import { unknownReferenceProblem, unknownReferencesIn } from '../xml.js';

/** One parsed feed: the listing date it announces, its papers in feed order, and the items it could not use. */
export interface RssListing {
  /** The channel's announcement date; null when the channel carries no date at all. */
  listingDate: IsoDate | null;
  papers: ListedPaper[];
  problems: Problem[];
}

/**
 * Parses an rss.arxiv.org feed. Items that lack an id, title, abstract or category become `Problem`s
 * (`where` is `<url> item N`, N counted from 1) and the rest are kept. A paper listed again by a later item is
 * kept once, as its first item gives it, and the repeat is a problem: the store holds a paper once per listing, so
 * a listing read from the feed and the same listing read back from the store hold the same papers.
 * @throws FeedError when the document is not XML or not an RSS feed.
 */
export function parseArxivRss(xml: string, { url }: { url: string }): RssListing {
  const channel = readChannel(xml, url);
  const listingDate = listingDateOf(channel);
  const papers: ListedPaper[] = [];
  const problems: Problem[] = [];
  const itemOfPaper = new Map<string, number>();
  channel.items.forEach((item, index) => {
    const position = index + 1;
    const result = readItem(item, position, url);
    if ('problem' in result) {
      problems.push(result.problem);
      return;
    }
    problems.push(...result.problems);
    const { arxivId } = result.listed.paper;
    const first = itemOfPaper.get(arxivId);
    if (first === undefined) {
      itemOfPaper.set(arxivId, position);
      papers.push(result.listed);
      return;
    }
    problems.push({
      where: `${url} item ${position}`,
      what: `item ${position} lists ${arxivId} again (item ${first} listed it first, and is kept)`,
      rule: 'repeated-entry',
    });
  });
  return { listingDate, papers, problems };
}

const HINT = 'check PAPERWIRE_ARXIV_RSS_URL points at rss.arxiv.org/rss or a mirror of it';

function readChannel(xml: string, url: string): RssChannel {
  const document = scanRssDocument(xml, { url, name: 'the arXiv RSS feed', hint: HINT });
  if (document.channel === null) {
    throw new FeedError(
      url,
      `the arXiv RSS feed is not an RSS document (its root is <${document.root}>, not <rss><channel>)`,
      { hint: HINT },
    );
  }
  return document.channel;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The listing date: the calendar date written in the channel's `pubDate`, which arXiv sets to midnight US Eastern
 * of the announcement's listing date ("Fri, 30 Jan 2026 00:00:00 -0500"). Without one, the US Eastern date of
 * `lastBuildDate` (built just after that midnight).
 */
function listingDateOf(channel: RssChannel): IsoDate | null {
  const pubDate = stripControls(channel.pubDate);
  const written = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(pubDate);
  if (written) {
    const month = MONTHS.indexOf(capitalize(written[2] ?? '')) + 1;
    const date = parseIsoDate(`${written[3]}-${pad(month)}-${pad(Number(written[1]))}`);
    if (date) return date;
  }
  const built = Date.parse(stripControls(channel.lastBuildDate) || pubDate);
  return Number.isNaN(built) ? null : easternDateOf(new Date(built));
}

/** A paper with the problems it was kept despite (references that name no entity), or why it was not kept. */
type ItemResult = { listed: ListedPaper; problems: Problem[] } | { problem: Problem };

function readItem(item: RssItem, position: number, url: string): ItemResult {
  const where = `${url} item ${position}`;
  if (!item.hasContent) {
    return { problem: { where, what: `item ${position} is empty`, rule: 'missing-field' } };
  }
  const { fields } = item;
  // The whole description is cleaned only when something other than its abstract is read from it (rarely).
  let cleaned: string | null = null;
  const description = (): string => (cleaned ??= cleanFieldText(fields.description));
  const versionedId = idOf(fields, description);
  const title = cleanFieldText(fields.title);
  const abstract = abstractOf(fields.description, description);
  const categories = unique(item.categories.map((category) => normalizeSpace(stripControls(category))));
  if (versionedId === null || title === '' || abstract === '' || categories.length === 0) {
    const missing = [
      versionedId === null ? 'id' : null,
      title === '' ? 'title' : null,
      abstract === '' ? 'abstract' : null,
      categories.length === 0 ? 'category' : null,
    ].filter((field): field is string => field !== null);
    return {
      problem: { where, what: `item ${position} has no ${missing.join(' or ')}`, rule: 'missing-field' },
    };
  }
  const typeText = normalizeSpace(
    stripControls(fields.announce_type) || (/Announce Type:\s*(\S+)/.exec(description())?.[1] ?? ''),
  );
  const announceType = ANNOUNCE_TYPES.find((type) => type === typeText);
  if (announceType === undefined) {
    const what = typeText
      ? `item ${position} has announce type "${typeText}", not one of ${ANNOUNCE_TYPES.join(', ')}`
      : `item ${position} has no announce type`;
    return { problem: { where, what, rule: typeText ? 'unknown-announce-type' : 'missing-field' } };
  }
  const { arxivId, version } = splitVersionedId(versionedId);
  const problems = [
    referenceProblemOf(fields.title, where, arxivId, 'title'),
    referenceProblemOf(fields.description, where, arxivId, 'abstract'),
    referenceProblemOf(fields.creator, where, arxivId, 'authors'),
  ].filter((problem) => problem !== null);
  // The feed lists the categories as arXiv's metadata does: the primary first, then the cross-lists.
  const primaryCategory = categories[0] ?? '';
  return {
    listed: {
      announceType,
      // Its title and abstract are clean (cleanFieldText, abstractOf): the steps after need not clean them again.
      paper: markCleanText({
        arxivId,
        version,
        title,
        abstract,
        authors: splitAuthors(cleanFieldText(fields.creator)),
        categories,
        primaryCategory,
        // The feed says when a paper was announced, not when it was submitted or revised.
        publishedAt: null,
        updatedAt: null,
        comment: null,
        journalRef: null,
        doi: null,
      }),
    },
    problems,
  };
}

/**
 * The problem for a field whose references, left after XML decoding (a feed that escapes twice), name no entity:
 * `cleanText` keeps them as written. Null for the fields with none (nearly all, which hold no `&` at all).
 */
function referenceProblemOf(raw: string, where: string, arxivId: string, field: string): Problem | null {
  if (!raw.includes('&')) return null;
  const unknown = unknownReferencesIn(stripControls(raw));
  return unknown.length === 0 ? null : unknownReferenceProblem(where, arxivId, field, unknown);
}

/** The versioned id from the guid (`oai:arXiv.org:2601.19928v1`), else the description, else the link. */
function idOf(fields: RssItem['fields'], description: () => string): string | null {
  // Each place is read only when the one before gives no id (nearly always the guid does).
  return (
    usableId(stripControls(fields.guid).replace(/^oai:arXiv\.org:/i, '')) ??
    usableId(/^arXiv:(\S+)/.exec(description())?.[1] ?? '') ??
    usableId(/\/abs\/(.+)$/.exec(stripControls(fields.link).trim())?.[1] ?? '')
  );
}

/** The candidate, trimmed, when it is a versioned or plain arXiv id; else null. */
function usableId(candidate: string): string | null {
  const trimmed = candidate.trim();
  return trimmed && isArxivId(splitVersionedId(trimmed).arxivId) ? trimmed : null;
}

const ABSTRACT_MARKER = /(?:^|\s)Abstract:\s*/;

/**
 * The abstract: what follows "Abstract:" in `arXiv:2601.19928v1 Announce Type: new \nAbstract: ...`, cleaned. A
 * description with no reference and no markup (nearly every one) has only its abstract cleaned: whitespace collapses
 * the same way in a part as in the whole, and the id line before it is neither copied nor kept.
 */
function abstractOf(raw: string, description: () => string): string {
  const text = stripControls(raw);
  if (!text.includes('&') && !text.includes('<')) {
    const marker = ABSTRACT_MARKER.exec(text);
    if (marker) return normalizeSpace(text.slice(marker.index + marker[0].length));
  }
  const cleaned = description();
  const marker = ABSTRACT_MARKER.exec(cleaned);
  if (marker) return cleaned.slice(marker.index + marker[0].length).trim();
  // A description without the marker is the abstract itself, once the id/type preamble is removed.
  return cleaned.replace(/^arXiv:\S+\s+Announce Type:\s*\S+\s*/, '').trim();
}

/**
 * Splits `dc:creator` ("A, B, C", "A and B", "A, B, and C") into names. Commas and "and" inside parentheses
 * belong to an affiliation and do not split.
 */
export function splitAuthors(text: string): string[] {
  const groups: string[] = [];
  // Park parenthesised affiliations as \uE000N\uE000 so that only top-level separators split.
  const flat = text.includes('(')
    ? text.replace(/\([^()]*\)/g, (group) => `\uE000${groups.push(group) - 1}\uE000`)
    : text;
  return flat
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) =>
      normalizeSpace(
        groups.length === 0
          ? name
          : name.replace(/\uE000(\d+)\uE000/g, (_, index: string) => groups[Number(index)] ?? ''),
      ),
    )
    .filter((name) => name !== '');
}

// Markup some abstracts carry; inline tags vanish, block tags separate words. Anything else (`$a<b$`) stays.
const ATTRIBUTES = String.raw`(?:\s+[a-z-]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*`;
const INLINE_TAGS = new RegExp(
  String.raw`</?(?:a|b|i|u|em|strong|sub|sup|span|code|tt|small|big)${ATTRIBUTES}>`,
  'gi',
);
const BLOCK_TAGS = new RegExp(String.raw`</?(?:p|br|div)${ATTRIBUTES}/?>`, 'gi');

/**
 * A feed field as `cleanText(stripControls(raw))` gives it, with the controls stripped once: when the field holds
 * no reference and no markup, nothing can bring a control character back, so the second strip is skipped.
 */
function cleanFieldText(raw: string): string {
  const text = stripControls(raw);
  return text.includes('&') || text.includes('<') ? cleanText(text) : normalizeSpace(text);
}

/**
 * Text as a reader sees it: entities left after XML decoding (feeds that escape twice) decoded as HTML does
 * (`entities`, only references ending in `;`), HTML markup removed, terminal control characters removed,
 * whitespace collapsed. LaTeX is kept as written.
 */
export function cleanText(text: string): string {
  // Most texts hold no reference and no markup: those steps are skipped for them, with the same result.
  const decoded = text.includes('&') ? decodeHTMLStrict(text) : text;
  const unmarked = decoded.includes('<')
    ? decoded.replace(BLOCK_TAGS, ' ').replace(INLINE_TAGS, '')
    : decoded;
  // Decoding can make control characters (`&amp;#x1b;` → ESC): remove them after it.
  return normalizeSpace(stripControls(unmarked));
}

function unique(values: string[]): string[] {
  const kept = values.filter((value) => value !== '');
  return kept.length < 2 ? kept : [...new Set(kept)];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
