// Library import (`paperwire library add`): parse each export (library/), give arXiv entries without an abstract
// the one the store has or arXiv's (id_list, 100 ids a request), save the papers looked up and the entries.

import { isPaperwireError } from '../errors.js';
import { libraryKeyOf, type LibraryEntry, type Paper, type Problem } from '../model.js';
import type { LibraryFormat } from '../library/entry.js';
import { parseLibraryFile } from '../library/parse.js';
import type { Store } from '../store/store.js';

/** Papers by id from arXiv (sources/arxiv-api `ArxivApiSource`); ids it does not know are `not-found` problems. */
interface ArxivLookup {
  fetchArxivIds(ids: readonly string[]): Promise<{ papers: Paper[]; problems: Problem[] }>;
}

/** One export as read from disk: its name as the reader gave it (for `refs.bib:12`) and its text. */
export interface LibraryFile {
  name: string;
  text: string;
}

export interface LibraryImportDeps {
  store: Store;
  lookup: ArxivLookup;
  /** One line per action, for the terminal's stderr. */
  log: (line: string) => void;
}

/** What an import did, for its summary. */
export interface LibraryImport {
  files: { name: string; format: LibraryFormat; entries: number }[];
  added: number;
  updated: number;
  /** Entries read that were already in the library as they are. */
  unchanged: number;
  /** Abstracts asked of arXiv, and in how many requests. */
  lookedUp: number;
  requests: number;
  problems: Problem[];
}

/** arXiv's API takes up to 100 ids per `id_list` request without paging (sources/arxiv-api). */
const LOOKUP_BATCH_SIZE = 100;

/**
 * Imports `files` into the library, each entry dated `now` when new. An entry with an abstract needs no network;
 * one with an arXiv id and none gets the library's or the store's, else arXiv's. A lookup that fails (HTTP, an
 * unknown id) is a problem at the entry, which is kept without an abstract.
 * @throws LibraryFileError before anything is saved when a file is unusable as a whole.
 */
export async function importLibrary(
  files: readonly LibraryFile[],
  now: Date,
  deps: LibraryImportDeps,
): Promise<LibraryImport> {
  const result: LibraryImport = {
    files: [],
    added: 0,
    updated: 0,
    unchanged: 0,
    lookedUp: 0,
    requests: 0,
    problems: [],
  };
  const byKey = new Map<string, LibraryEntry>();
  for (const file of files) {
    const parsed = parseLibraryFile(file.text, { file: file.name });
    result.files.push({ name: file.name, format: parsed.format, entries: parsed.entries.length });
    result.problems.push(...parsed.problems);
    for (const entry of parsed.entries) {
      const key = libraryKeyOf(entry.arxivId, entry.title, entry.authors);
      byKey.set(key, mergeEntries(byKey.get(key), { ...entry, key, addedAt: now }));
    }
  }
  const entries = [...byKey.values()];
  const missing = fillKnownAbstracts(entries, deps.store);
  await lookUpAbstracts(missing, result, deps);
  const saved = deps.store.saveLibraryEntries(entries);
  result.added = saved.added;
  result.updated = saved.updated;
  result.unchanged = entries.length - saved.added - saved.updated;
  return result;
}

/** The same paper twice in one import: the later export wins, but an abstract or authors are never lost. */
function mergeEntries(earlier: LibraryEntry | undefined, later: LibraryEntry): LibraryEntry {
  if (earlier === undefined) return later;
  return {
    ...later,
    abstract: later.abstract === '' ? earlier.abstract : later.abstract,
    authors: later.authors.length === 0 ? earlier.authors : later.authors,
  };
}

/**
 * Gives arXiv entries without an abstract the one the library already holds, else the stored paper's; returns
 * the entries still without one.
 */
function fillKnownAbstracts(entries: LibraryEntry[], store: Store): LibraryEntry[] {
  const library = new Map(store.loadLibrary().map((entry) => [entry.key, entry]));
  const missing: LibraryEntry[] = [];
  for (const entry of entries) {
    if (entry.arxivId === null || entry.abstract !== '') continue;
    const known = library.get(entry.key)?.abstract ?? '';
    const paper = known === '' ? store.loadPaper(entry.arxivId) : null;
    if (known !== '') entry.abstract = known;
    else if (paper !== null && paper.abstract !== '') fillFromPaper(entry, paper);
    else missing.push(entry);
  }
  return missing;
}

/** Asks arXiv for the entries' papers, 100 ids a request; saves what it found and fills the entries in. */
async function lookUpAbstracts(
  missing: readonly LibraryEntry[],
  result: LibraryImport,
  deps: LibraryImportDeps,
): Promise<void> {
  if (missing.length === 0) return;
  const requests = Math.ceil(missing.length / LOOKUP_BATCH_SIZE);
  deps.log(
    `looking up ${missing.length} abstracts on arXiv (${requests} request${requests === 1 ? '' : 's'})`,
  );
  for (let offset = 0; offset < missing.length; offset += LOOKUP_BATCH_SIZE) {
    const batch = missing.slice(offset, offset + LOOKUP_BATCH_SIZE);
    result.lookedUp += batch.length;
    result.requests += 1;
    let found: Paper[];
    try {
      const answer = await deps.lookup.fetchArxivIds(batch.map((entry) => entry.arxivId ?? ''));
      found = answer.papers;
      // Unknown ids are said at their entries below; what else the answer had wrong is said as it is.
      result.problems.push(...answer.problems.filter((problem) => problem.rule !== 'not-found'));
    } catch (error) {
      // One failed request costs its batch's abstracts, not the import: the entries are kept without them.
      if (!isPaperwireError(error)) throw error;
      for (const entry of batch) {
        result.problems.push({
          where: entry.source,
          what: `arXiv ${entry.arxivId ?? ''} kept without an abstract, the lookup failed: ${error.message}`,
          rule: 'lookup-failed',
        });
      }
      continue;
    }
    deps.store.savePapers(found.map((paper) => ({ paper, announceType: 'new' as const })));
    const byId = new Map(found.map((paper) => [paper.arxivId, paper]));
    for (const entry of batch) {
      const paper = byId.get(entry.arxivId ?? '');
      if (paper !== undefined) fillFromPaper(entry, paper);
      else {
        result.problems.push({
          where: entry.source,
          what: `arXiv ${entry.arxivId ?? ''} kept without an abstract, arXiv has no such paper`,
          rule: 'not-found',
        });
      }
    }
  }
}

/** The paper's abstract, and its authors when the export named none; the reader's title stays. */
function fillFromPaper(entry: LibraryEntry, paper: Paper): void {
  entry.abstract = paper.abstract;
  if (entry.authors.length === 0) entry.authors = [...paper.authors];
}
