// Reads one rss.arxiv.org feed (the 2024+ RSS 2.0 format) into listed papers: bytes in, papers and problems out.
// Pure: no I/O, no clock. Format: https://info.arxiv.org/help/rss_specifications.html

import { decodeHTMLStrict } from 'entities';
import { XMLParser } from 'fast-xml-parser';
import { asArray, isNode, parseXmlDocument, textOf, type XmlNode } from '../xml.js';

import { FeedError } from '../../errors.js';
import {
  ANNOUNCE_TYPES,
  isArxivId,
  normalizeSpace,
  parseIsoDate,
  splitVersionedId,
  stripControls,
  type IsoDate,
  type ListedPaper,
  type Problem,
} from '../../model.js';
import { easternDateOf } from '../../time-zones.js';

/** One parsed feed: the listing date it announces, its papers in feed order, and the items it could not use. */
export interface RssListing {
  /** The channel's announcement date; null when the channel carries no date at all. */
  listingDate: IsoDate | null;
  papers: ListedPaper[];
  problems: Problem[];
}

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  // `dc:creator` and `arxiv:announce_type` are read by local name, whatever prefix the feed binds.
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  htmlEntities: true,
  isArray: (name) => name === 'item' || name === 'category',
});

/**
 * Parses an rss.arxiv.org feed. Items that lack an id, title, abstract or category become `Problem`s
 * (`where` is `<url> item N`, N counted from 1) and the rest are kept.
 * @throws FeedError when the document is not XML or not an RSS feed.
 */
export function parseArxivRss(xml: string, { url }: { url: string }): RssListing {
  const channel = readChannel(xml, url);
  const listingDate = listingDateOf(channel);
  const papers: ListedPaper[] = [];
  const problems: Problem[] = [];
  asArray(channel['item']).forEach((node, index) => {
    const result = readItem(node, index + 1, url);
    if ('problem' in result) problems.push(result.problem);
    else papers.push(result.listed);
  });
  return { listingDate, papers, problems };
}

function readChannel(xml: string, url: string): XmlNode {
  const document = parseXmlDocument(xmlParser, xml, {
    url,
    name: 'the arXiv RSS feed',
    hint: 'check PAPERWIRE_ARXIV_RSS_URL points at rss.arxiv.org/rss or a mirror of it',
  });
  const rss = document['rss'];
  const channel = isNode(rss) ? rss['channel'] : undefined;
  if (!isNode(channel)) {
    const root = Object.keys(document).find((key) => !key.startsWith('?')) ?? 'nothing';
    throw new FeedError(
      url,
      `the arXiv RSS feed is not an RSS document (its root is <${root}>, not <rss><channel>)`,
      {
        hint: 'check PAPERWIRE_ARXIV_RSS_URL points at rss.arxiv.org/rss or a mirror of it',
      },
    );
  }
  return channel;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * The listing date: the calendar date written in the channel's `pubDate`, which arXiv sets to midnight US Eastern
 * of the announcement's listing date ("Fri, 30 Jan 2026 00:00:00 -0500"). Without one, the US Eastern date of
 * `lastBuildDate` (built just after that midnight).
 */
function listingDateOf(channel: XmlNode): IsoDate | null {
  const pubDate = textOf(channel['pubDate']);
  const written = /(\d{1,2})\s+([A-Za-z]{3})[a-z]*\s+(\d{4})/.exec(pubDate);
  if (written) {
    const month = MONTHS.indexOf(capitalize(written[2] ?? '')) + 1;
    const date = parseIsoDate(`${written[3]}-${pad(month)}-${pad(Number(written[1]))}`);
    if (date) return date;
  }
  const built = Date.parse(textOf(channel['lastBuildDate']) || pubDate);
  return Number.isNaN(built) ? null : easternDateOf(new Date(built));
}

type ItemResult = { listed: ListedPaper } | { problem: Problem };

function readItem(node: unknown, position: number, url: string): ItemResult {
  const where = `${url} item ${position}`;
  if (!isNode(node)) {
    return { problem: { where, what: `item ${position} is empty`, rule: 'missing-field' } };
  }
  const description = cleanText(textOf(node['description']));
  const versionedId = idOf(node, description);
  const title = cleanText(textOf(node['title']));
  const abstract = abstractOf(description);
  const categories = unique(asArray(node['category']).map((category) => normalizeSpace(textOf(category))));
  const missing = [
    versionedId === null ? 'id' : null,
    title === '' ? 'title' : null,
    abstract === '' ? 'abstract' : null,
    categories.length === 0 ? 'category' : null,
  ].filter((field): field is string => field !== null);
  if (versionedId === null || missing.length > 0) {
    return {
      problem: { where, what: `item ${position} has no ${missing.join(' or ')}`, rule: 'missing-field' },
    };
  }
  const typeText = normalizeSpace(
    textOf(node['announce_type']) || (/Announce Type:\s*(\S+)/.exec(description)?.[1] ?? ''),
  );
  const announceType = ANNOUNCE_TYPES.find((type) => type === typeText);
  if (announceType === undefined) {
    const what = typeText
      ? `item ${position} has announce type "${typeText}", not one of ${ANNOUNCE_TYPES.join(', ')}`
      : `item ${position} has no announce type`;
    return { problem: { where, what, rule: typeText ? 'unknown-announce-type' : 'missing-field' } };
  }
  const { arxivId, version } = splitVersionedId(versionedId);
  // The feed lists the categories as arXiv's metadata does: the primary first, then the cross-lists.
  const primaryCategory = categories[0] ?? '';
  return {
    listed: {
      announceType,
      paper: {
        arxivId,
        version,
        title,
        abstract,
        authors: splitAuthors(cleanText(textOf(node['creator']))),
        categories,
        primaryCategory,
        // The feed says when a paper was announced, not when it was submitted or revised.
        publishedAt: null,
        updatedAt: null,
        comment: null,
        journalRef: null,
        doi: null,
      },
    },
  };
}

/** The versioned id from the guid (`oai:arXiv.org:2601.19928v1`), else the description, else the link. */
function idOf(node: XmlNode, description: string): string | null {
  const candidates = [
    textOf(node['guid']).replace(/^oai:arXiv\.org:/i, ''),
    /^arXiv:(\S+)/.exec(description)?.[1] ?? '',
    /\/abs\/(.+)$/.exec(textOf(node['link']).trim())?.[1] ?? '',
  ];
  for (const candidate of candidates) {
    const trimmed = candidate.trim();
    if (trimmed && isArxivId(splitVersionedId(trimmed).arxivId)) return trimmed;
  }
  return null;
}

/** The abstract: what follows "Abstract:" in `arXiv:2601.19928v1 Announce Type: new \nAbstract: ...`. */
function abstractOf(description: string): string {
  const marker = /(?:^|\s)Abstract:\s*/.exec(description);
  if (marker) return description.slice(marker.index + marker[0].length).trim();
  // A description without the marker is the abstract itself, once the id/type preamble is removed.
  return description.replace(/^arXiv:\S+\s+Announce Type:\s*\S+\s*/, '').trim();
}

/**
 * Splits `dc:creator` ("A, B, C", "A and B", "A, B, and C") into names. Commas and "and" inside parentheses
 * belong to an affiliation and do not split.
 */
export function splitAuthors(text: string): string[] {
  const groups: string[] = [];
  // Park parenthesised affiliations as \uE000N\uE000 so that only top-level separators split.
  const flat = text.replace(/\([^()]*\)/g, (group) => `\uE000${groups.push(group) - 1}\uE000`);
  return flat
    .split(/\s*,\s*(?:and\s+)?|\s+and\s+/)
    .map((name) =>
      normalizeSpace(name.replace(/\uE000(\d+)\uE000/g, (_, index: string) => groups[Number(index)] ?? '')),
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
 * Text as a reader sees it: entities left after XML decoding (feeds that escape twice) decoded as HTML does
 * (`entities`, only references ending in `;`), HTML markup removed, terminal control characters removed,
 * whitespace collapsed. LaTeX is kept as written.
 */
export function cleanText(text: string): string {
  const decoded = decodeHTMLStrict(text);
  // Decoding can make control characters (`&amp;#x1b;` → ESC): remove them after it.
  return normalizeSpace(stripControls(decoded.replace(BLOCK_TAGS, ' ').replace(INLINE_TAGS, '')));
}

function unique(values: string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))];
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1).toLowerCase();
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
