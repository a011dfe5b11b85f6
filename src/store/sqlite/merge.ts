// What "newest version wins" means, as pure functions: how an incoming paper combines with the stored one,
// and how a paper maps to and from its row in the papers table.

import type * as NodeCrypto from 'node:crypto';
import { normalizeSpace, type Paper } from '../../model.js';

/** The papers table's columns that hold a paper's metadata (everything but bookkeeping). */
export interface PaperColumns {
  arxiv_id: string;
  version: number;
  title: string;
  abstract: string;
  authors: string;
  categories: string;
  primary_category: string;
  published_at: string | null;
  updated_at: string | null;
  comment: string | null;
  journal_ref: string | null;
  doi: string | null;
}

/** A full row of the papers table as SQLite returns it. */
export interface PaperRow extends PaperColumns {
  id: number;
  title_hash: string;
  abstract_hash: string;
  first_seen_at: string;
  last_changed_at: string;
}

/**
 * The metadata to keep when `incoming` arrives for a paper already stored.
 * - An older version changes nothing (its version number is remembered elsewhere).
 * - A newer version replaces the metadata, but keeps what belongs to the paper rather than the version
 *   (first submission time, DOI, journal reference) when the newer one does not say it.
 * - The same version fills in fields: a value the incoming copy lacks (null) keeps the stored one, so a source
 *   that knows less (RSS has no submission time) never erases what a richer one (the API) said.
 * - A copy without categories comes from Hugging Face, which knows no arXiv metadata (no categories, and a
 *   version 1 it cannot vouch for): it never replaces a copy that has categories. The other way round, the first
 *   arXiv copy replaces a Hugging Face one whatever their versions, filling in only what arXiv left null.
 */
export function mergePaper(stored: Paper, incoming: Paper): Paper {
  const isIncomingHf = incoming.categories.length === 0;
  const isStoredHf = stored.categories.length === 0;
  if (isIncomingHf && !isStoredHf) return stored;
  // Hugging Face's version 1 is a placeholder: the arXiv copy counts as the same version, and fills in.
  const base = isStoredHf && !isIncomingHf ? { ...stored, version: incoming.version } : stored;
  return mergeVersions(base, incoming);
}

function mergeVersions(stored: Paper, incoming: Paper): Paper {
  if (incoming.version < stored.version) return stored;
  const kept = {
    publishedAt: incoming.publishedAt ?? stored.publishedAt,
    doi: incoming.doi ?? stored.doi,
    journalRef: incoming.journalRef ?? stored.journalRef,
  };
  if (incoming.version > stored.version) return { ...incoming, ...kept };
  return {
    ...incoming,
    ...kept,
    updatedAt: incoming.updatedAt ?? stored.updatedAt,
    comment: incoming.comment ?? stored.comment,
  };
}

/** True when two column sets hold the same metadata. */
export function sameColumns(a: PaperColumns, b: PaperColumns): boolean {
  return (Object.keys(a) as (keyof PaperColumns)[]).every((key) => a[key] === b[key]);
}

export function columnsOf(paper: Paper): PaperColumns {
  return {
    arxiv_id: paper.arxivId,
    version: paper.version,
    title: paper.title,
    abstract: paper.abstract,
    authors: JSON.stringify(paper.authors),
    categories: JSON.stringify(paper.categories),
    primary_category: paper.primaryCategory,
    published_at: paper.publishedAt?.toISOString() ?? null,
    updated_at: paper.updatedAt?.toISOString() ?? null,
    comment: paper.comment,
    journal_ref: paper.journalRef,
    doi: paper.doi,
  };
}

export function paperOf(row: PaperColumns): Paper {
  return {
    arxivId: row.arxiv_id,
    version: row.version,
    title: row.title,
    abstract: row.abstract,
    authors: JSON.parse(row.authors) as string[],
    categories: JSON.parse(row.categories) as string[],
    primaryCategory: row.primary_category,
    publishedAt: row.published_at === null ? null : new Date(row.published_at),
    updatedAt: row.updated_at === null ? null : new Date(row.updated_at),
    comment: row.comment,
    journalRef: row.journal_ref,
    doi: row.doi,
  };
}

/**
 * The translation cache key of a title or abstract: sha256 hex of its whitespace-normalised text, which is what
 * the translator receives. The store keeps it beside each paper so a translation can be traced to its paper.
 * `isClean`: the text is known to be normalised already (`hasCleanText`).
 */
export function sourceHashOf(text: string, isClean = false): string {
  // Texts from the sources are normally normalised already; testing is much cheaper than rewriting, and a text its
  // source marked clean (model.ts `hasCleanText`) needs no test.
  const normalized = !isClean && NOT_NORMALIZED.test(text) ? normalizeSpace(text) : text;
  // One call, no Hash object: a day's save hashes thousands of texts.
  return (crypto ??= process.getBuiltinModule('node:crypto')).hash('sha256', normalized, 'hex');
}

/**
 * node:crypto, loaded at the first hash (about 6 ms in a fresh process), not with the store: `search` and the other
 * readers never hash (test/startup.e2e.test.ts).
 */
let crypto: typeof NodeCrypto | undefined;

/** Leading or trailing whitespace, two whitespace characters in a row, or whitespace other than a space. */
const NOT_NORMALIZED = /^\s|\s$|\s\s|[^\S ]/;
