// Reads one arXiv API answer (export.arxiv.org/api/query, Atom) into papers: bytes in, papers and problems out.
// Pure. Reads the format used until late 2025 and the one after (namespaces on the root, no link titles).

import { XMLParser } from 'fast-xml-parser';
import {
  asArray,
  decodeNamedReferences,
  isNode,
  parseXmlDocument,
  sourceParserOptions,
  textOf,
  unknownReferenceProblem,
  type XmlNode,
} from '../xml.js';

import { FeedError } from '../../errors.js';
import { isArxivId, normalizeSpace, splitVersionedId, type Paper, type Problem } from '../../model.js';

/** One page of API results. */
export interface ArxivAtomPage {
  /** `opensearch:totalResults`: how many results the whole query has (not this page). */
  totalResults: number;
  /** `opensearch:startIndex`: the 0-based index of this page's first entry; null when the answer does not say. */
  startIndex: number | null;
  /** How many `<entry>` elements the page held, usable or not; 0 means the results are exhausted. */
  entryCount: number;
  papers: Paper[];
  problems: Problem[];
}

const xmlParser = new XMLParser(sourceParserOptions(['entry', 'author', 'category', 'primary_category']));

/** An arXiv category or archive (`cs.LG`, `hep-th`, `cond-mat.stat-mech`); not an MSC (`35`) or ACM (`I.2.6`) code. */
const ARXIV_CATEGORY = /^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$/;

/** Problems with this rule are entries with nothing in them: arXiv's answer for an id that does not exist. */
export const EMPTY_ENTRY_RULE = 'empty-entry';

/**
 * Parses one API answer. An entry without a usable id, title, abstract or arXiv category becomes a `Problem`
 * (`where` is `<url> entry N`, N counted from 1) and the others are kept.
 * @throws FeedError when the document is not XML, not an Atom feed, or is the API's error document.
 */
export function parseArxivAtom(xml: string, { url }: { url: string }): ArxivAtomPage {
  const feed = readFeed(xml, url);
  const entries = asArray(feed['entry']);
  throwIfErrorDocument(entries, url);
  const papers: Paper[] = [];
  const problems: Problem[] = [];
  entries.forEach((node, index) => {
    const result = readEntry(node, index + 1, url);
    if ('problem' in result) {
      problems.push(result.problem);
      return;
    }
    papers.push(result.paper);
    problems.push(...result.problems);
  });
  const startIndex = integerOf(feed['startIndex']);
  // Without a total the page itself is all there is.
  const totalResults = integerOf(feed['totalResults']) ?? (startIndex ?? 0) + entries.length;
  return { totalResults, startIndex, entryCount: entries.length, papers, problems };
}

function readFeed(xml: string, url: string): XmlNode {
  const document = parseXmlDocument(xmlParser, xml, {
    url,
    name: 'the arXiv API answer',
    hint: 'arXiv answers plain text when it is rate-limiting; otherwise check PAPERWIRE_ARXIV_API_URL',
  });
  const feed = document['feed'];
  if (!isNode(feed)) {
    const root = Object.keys(document).find((key) => !key.startsWith('?')) ?? 'nothing';
    throw new FeedError(url, `the arXiv API answer is not an Atom feed (its root is <${root}>, not <feed>)`, {
      hint: 'check PAPERWIRE_ARXIV_API_URL points at export.arxiv.org/api/query or a mirror of it',
    });
  }
  return feed;
}

/** arXiv reports a bad query as a feed whose one entry is titled "Error", its id under /api/errors. */
function throwIfErrorDocument(entries: unknown[], url: string): void {
  for (const entry of entries) {
    if (!isNode(entry)) continue;
    const id = textOf(entry['id']);
    const isErrorTitle = normalizeSpace(textOf(entry['title'])) === 'Error' && !/\/abs\//.test(id);
    if (/\/api\/errors/.test(id) || isErrorTitle) {
      const message = normalizeSpace(textOf(entry['summary'])) || id || 'no message';
      throw new FeedError(url, `the arXiv API refused the query: ${message}`, {
        hint: 'check the ids or the query',
      });
    }
  }
}

/** A paper with the problems it was kept despite (references that name no entity), or why it was not kept. */
type EntryResult = { paper: Paper; problems: Problem[] } | { problem: Problem };

function readEntry(node: unknown, position: number, url: string): EntryResult {
  const where = `${url} entry ${position}`;
  if (!isNode(node) || isEmptyEntry(node)) {
    return { problem: { where, what: `entry ${position} has no id (it is empty)`, rule: EMPTY_ENTRY_RULE } };
  }
  const versionedId = textOf(node['id'])
    .trim()
    .replace(/^https?:\/\/(?:export\.)?arxiv\.org\/abs\//, '');
  const { arxivId, version } = splitVersionedId(versionedId);
  const problems: Problem[] = [];
  // Named references left after XML decoding (escaped twice) are decoded as the OAI reader does, the same metadata.
  const readText = (value: unknown, field: string): string => {
    const { text, unknown } = decodeNamedReferences(textOf(value));
    if (unknown.length > 0) problems.push(unknownReferenceProblem(where, arxivId, field, unknown));
    return normalizeSpace(text);
  };
  const title = readText(node['title'], 'title');
  const abstract = readText(node['summary'], 'abstract');
  const categories = categoriesOf(node);
  const missing = [
    isArxivId(arxivId) ? null : 'id',
    title === '' ? 'title' : null,
    abstract === '' ? 'abstract' : null,
    categories.length === 0 ? 'arXiv category' : null,
  ].filter((field): field is string => field !== null);
  if (missing.length > 0) {
    const shownId = isArxivId(arxivId) ? ` (${arxivId})` : '';
    return {
      problem: {
        where,
        what: `entry ${position}${shownId} has no ${missing.join(' or ')}`,
        rule: 'missing-field',
      },
    };
  }
  return {
    paper: {
      arxivId,
      version,
      title,
      abstract,
      authors: asArray(node['author'])
        .map((author) => readText(isNode(author) ? author['name'] : author, 'authors'))
        .filter((name) => name !== ''),
      categories,
      primaryCategory: categories[0] ?? '',
      publishedAt: dateOf(node['published']),
      updatedAt: dateOf(node['updated']),
      comment: optionalText(node['comment']),
      journalRef: optionalText(node['journal_ref']),
      doi: optionalText(node['doi']),
    },
    problems,
  };
}

/** The primary category first, then the others in document order; duplicates and non-arXiv codes left out. */
function categoriesOf(node: XmlNode): string[] {
  const termOf = (category: unknown): string => (isNode(category) ? textOf(category['@_term']).trim() : '');
  const primary = asArray(node['primary_category']).map(termOf);
  const others = asArray(node['category']).map(termOf);
  return [...new Set([...primary, ...others].filter((term) => ARXIV_CATEGORY.test(term)))];
}

function isEmptyEntry(node: XmlNode): boolean {
  return (
    textOf(node['id']).trim() === '' &&
    textOf(node['title']).trim() === '' &&
    textOf(node['summary']).trim() === ''
  );
}

function dateOf(value: unknown): Date | null {
  const text = textOf(value).trim();
  if (text === '') return null;
  const instant = new Date(text);
  return Number.isNaN(instant.getTime()) ? null : instant;
}

function optionalText(value: unknown): string | null {
  const text = normalizeSpace(textOf(asArray(value)[0]));
  return text === '' ? null : text;
}

function integerOf(value: unknown): number | null {
  const text = textOf(value).trim();
  return /^\d+$/.test(text) ? Number(text) : null;
}
