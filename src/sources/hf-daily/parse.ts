// Pure parsers for Hugging Face's papers API: Daily Papers listings, paper search and single paper pages
// (JSON text → HfPaper). The field meanings and shapes are described in docs/sources.md#hugging-face.

import { FeedError } from '../../errors.js';
import {
  isArxivId,
  normalizeSpace,
  splitVersionedId,
  stripControls,
  type HfOrganization,
  type HfPaper,
  type Problem,
} from '../../model.js';

/** Papers read from one listing or search document, with the entries that could not be used. */
export interface HfPapersPage {
  papers: HfPaper[];
  problems: Problem[];
  /** How many entries the document held, usable or not (paging stops on a short page). */
  entryCount: number;
}

type JsonObject = Record<string, unknown>;

/**
 * Reads `GET /api/daily_papers` (a JSON array of listing entries, each with the paper under `paper`).
 * An entry without `paper.id` or `paper.title`, or with an id that is not an arXiv id, becomes a Problem
 * (`where` is `<url> entry N`, N counted from 1) and the others are kept. Unknown fields are ignored.
 * @throws FeedError when the text is not JSON, is Hugging Face's `{"error": ...}` document, or is not an array.
 */
export function parseDailyPapers(json: string, { url }: { url: string }): HfPapersPage {
  return parseEntries(readArray(json, url, 'a JSON array of Daily Papers entries'), url);
}

/**
 * Reads `GET /api/papers/search?q=...`: the same entry shape as a Daily Papers listing, in relevance order.
 * @throws FeedError as `parseDailyPapers` does.
 */
export function parsePaperSearch(json: string, { url }: { url: string }): HfPapersPage {
  return parseEntries(readArray(json, url, 'a JSON array of paper search results'), url);
}

/**
 * Reads `GET /api/papers/{arxivId}`: one paper object, not wrapped in an entry.
 * @throws FeedError when the text is not JSON, is an error document, is not an object, or lacks `id` or `title`
 * (one paper is the whole document, so a missing field makes it unusable).
 */
export function parsePaper(json: string, { url }: { url: string }): HfPaper {
  const document = readJson(json, url);
  if (!isObject(document)) {
    throw new FeedError(url, `expected a JSON object describing one paper, got ${kindOf(document)}`);
  }
  const result = readPaper(document, {}, '');
  if ('problem' in result) {
    throw new FeedError(url, `the paper document ${result.problem}`, {
      hint: 'check the arXiv id asked for',
    });
  }
  return result.paper;
}

function readJson(json: string, url: string): unknown {
  let document: unknown;
  try {
    document = JSON.parse(json) as unknown;
  } catch (cause) {
    const start = normalizeSpace(stripControls(json.trim().slice(0, 60)));
    throw new FeedError(url, `Hugging Face answered with text that is not JSON (it starts "${start}")`, {
      cause,
      hint: 'check PAPERWIRE_HF_API_URL points at the API (…/api), not at a web page',
    });
  }
  // Hugging Face reports failures as {"error": "..."}, sometimes with status 200.
  if (isObject(document) && typeof document['error'] === 'string') {
    throw new FeedError(url, `Hugging Face answered an error: ${stripControls(document['error'])}`);
  }
  return document;
}

function readArray(json: string, url: string, expected: string): unknown[] {
  const document = readJson(json, url);
  if (!Array.isArray(document)) {
    throw new FeedError(url, `expected ${expected}, got ${kindOf(document)}`);
  }
  return document;
}

function parseEntries(entries: unknown[], url: string): HfPapersPage {
  const papers: HfPaper[] = [];
  const problems: Problem[] = [];
  entries.forEach((entry, index) => {
    const position = index + 1;
    const where = `${url} entry ${position}`;
    if (!isObject(entry)) {
      problems.push({
        where,
        what: `entry ${position} is ${kindOf(entry)}, not an object`,
        rule: 'missing-field',
      });
      return;
    }
    // Listing entries carry the paper under `paper`; a flat paper object is read as it is.
    const nested = isObject(entry['paper']);
    const paper = nested ? (entry['paper'] as JsonObject) : entry;
    const result = readPaper(paper, entry, nested ? 'paper.' : '');
    if ('problem' in result) {
      problems.push({ where, what: `entry ${position} ${result.problem}`, rule: result.rule });
      return;
    }
    papers.push(result.paper);
  });
  return { papers, problems, entryCount: entries.length };
}

type ReadResult = { paper: HfPaper } | { problem: string; rule: string };

/** One paper from its `paper` object, falling back to the listing entry for fields HF repeats there. */
function readPaper(paper: JsonObject, entry: JsonObject, prefix: string): ReadResult {
  const rawId = text(paper['id']);
  const title = text(paper['title']) ?? text(entry['title']);
  const missing = [rawId === null ? `${prefix}id` : null, title === null ? `${prefix}title` : null].filter(
    (field): field is string => field !== null,
  );
  if (rawId === null || title === null) {
    const shownId = rawId === null ? '' : ` (${rawId})`;
    return { problem: `has no ${missing.join(' or ')}${shownId}`, rule: 'missing-field' };
  }
  const { arxivId } = splitVersionedId(rawId);
  if (!isArxivId(arxivId)) {
    return { problem: `has ${prefix}id "${rawId}", which is not an arXiv id`, rule: 'bad-id' };
  }
  return {
    paper: {
      arxivId,
      title,
      abstract: text(paper['summary']) ?? text(entry['summary']) ?? '',
      authors: readAuthors(paper['authors']),
      publishedAt: instant(paper['publishedAt']) ?? instant(entry['publishedAt']),
      submittedOnDailyAt: instant(paper['submittedOnDailyAt']),
      upvotes: count(paper['upvotes']) ?? count(entry['upvotes']) ?? 0,
      comments: count(entry['numComments']) ?? count(paper['numComments']),
      organization: readOrganization(paper['organization']) ?? readOrganization(entry['organization']),
      githubRepo: text(paper['githubRepo']),
      githubStars: count(paper['githubStars']),
      aiKeywords: Array.isArray(paper['ai_keywords'])
        ? paper['ai_keywords'].map(text).filter((keyword): keyword is string => keyword !== null)
        : [],
      aiSummary: text(paper['ai_summary']),
    },
  };
}

function readAuthors(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((author) => (isObject(author) ? text(author['name']) : text(author)))
    .filter((name): name is string => name !== null);
}

function readOrganization(value: unknown): HfOrganization | null {
  if (!isObject(value)) return null;
  const name = text(value['name']);
  const fullname = text(value['fullname']);
  if (name === null && fullname === null) return null;
  return { name: name ?? fullname ?? '', fullname };
}

/** A non-empty string with terminal control characters removed and whitespace collapsed, or null. */
function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const normalized = normalizeSpace(stripControls(value));
  return normalized === '' ? null : normalized;
}

/**
 * A whole number ≥ 0 that a store's INTEGER holds exactly, or null. `Number.isInteger(1e308)` is true: such an
 * upvote count reached SQLite as a REAL and failed the save of the whole day ("cannot store REAL value").
 */
function count(value: unknown): number | null {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}

function instant(value: unknown): Date | null {
  if (typeof value !== 'string' || value.trim() === '') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const keys = stripControls(Object.keys(value).slice(0, 5).join(', '));
  return `an object (keys: ${keys || 'none'})`;
}
