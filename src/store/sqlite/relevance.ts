// The relevance model's cache: each paper's (and library entry's) term ids and counts as binary arrays read without
// copying, the document frequency of every term id, and embedding vectors by model. Kept so one new rating
// retrains, and a day is ranked, without reading the papers' text again.

import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { Paper } from '../../model.js';
import type { StoredEmbedding, StoredTermRuns, StoredTerms, TermFrequencies } from '../store.js';
import { quoteFtsString } from './fts-query.js';
import { paperOf, type PaperRow } from './merge.js';
import { rankingOf, type Ranking } from './ranking.js';

interface TermsRow {
  key: string;
  terms_version: number;
  text_hash: string;
  term_ids: Buffer;
  counts: Buffer;
  terms: string;
}

/** Every row of one loadRuns slice aggregated into one: SQLite concatenates the BLOBs, JavaScript views them. */
interface RunsRow {
  runs: number;
  positions: string | null;
  lengths: string | null;
  hashes: string | null;
  term_ids: Buffer | null;
  counts: Buffer | null;
}

interface EmbeddingRow {
  key: string;
  text_hash: string;
  vector: Buffer;
}

/** JSON arrays of keys this long or longer are sent in slices (SQLite's json_each takes any size; memory does not). */
const SLICE = 5000;
/** Term ids are short: a day's 20,000 distinct ids go in one slice. */
const FREQUENCY_SLICE = 50_000;

/** A typed array's bytes as a Buffer, without copying (little-endian, as every platform Node runs on). */
function bytesOf(array: Int32Array | Float32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}

/** A BLOB's bytes where 4-byte numbers can be viewed: in place when aligned (better-sqlite3's are), else copied. */
function alignedOf(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset % 4 === 0 ? bytes : new Uint8Array(bytes);
}

function int32sOf(blob: Uint8Array): Int32Array {
  const bytes = alignedOf(blob);
  return new Int32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

function float32sOf(blob: Uint8Array): Float32Array {
  const bytes = alignedOf(blob);
  return new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
}

/**
 * `findSharing` ranks at most this many of the papers holding any of the words, the newest saved: "more like this"
 * over 2.7 M papers stays bounded (docs/store.md, Search at archive scale); a smaller store is ranked whole.
 */
const SHARING_WINDOW = 5000;

export class RelevanceTables {
  private readonly selectTerms: Statement<[string], TermsRow>;
  private readonly selectRuns: Statement<[string, number], RunsRow>;
  private readonly upsertTerms: Statement<[string, number, string, Buffer, Buffer, string]>;
  private readonly changeFrequency: Statement<[number, number]>;
  private readonly dropUnused: Statement<[number]>;
  private readonly countDocuments: Statement<[], { count: number }>;
  private readonly selectFrequencies: Statement<[string], { ids: string | null; papers: string | null }>;
  private readonly selectRecent: Statement<[number], { key: string }>;
  private readonly selectUnfeatured: Statement<[number], PaperRow>;
  private readonly countUncached: Statement<[], { papers: number; cached: number }>;
  private readonly selectEmbeddings: Statement<[string, string], EmbeddingRow>;
  private readonly upsertEmbedding: Statement<[string, string, string, Buffer]>;
  private readonly selectSharing: Statement<unknown[], { arxiv_id: string }>;
  private readonly ranking: Ranking;
  private readonly saveBatch: Transaction<(entries: readonly StoredTerms[]) => void>;
  private readonly saveVectors: Transaction<(model: string, entries: readonly StoredEmbedding[]) => void>;

  constructor(db: Database) {
    this.selectTerms = db.prepare(
      `SELECT relevance_features.key, terms_version, text_hash, term_ids, counts, terms FROM json_each(?) AS wanted
       JOIN relevance_features ON relevance_features.key = wanted.value`,
    );
    // group_concat appends each BLOB's bytes as they are (sqlite3_value_text on a BLOB does not convert in a UTF-8
    // database), so one row carries the day's ids and counts as two BLOBs: no row object, Buffer or string per paper.
    this.selectRuns = db.prepare(
      `SELECT count(*) AS runs, group_concat(wanted.key, ' ') AS positions,
         group_concat(length(relevance_features.term_ids) / 4, ' ') AS lengths,
         group_concat(relevance_features.text_hash, char(10)) AS hashes,
         CAST(group_concat(relevance_features.term_ids, '') AS BLOB) AS term_ids,
         CAST(group_concat(relevance_features.counts, '') AS BLOB) AS counts
       FROM json_each(?) AS wanted JOIN relevance_features ON relevance_features.key = wanted.value
       WHERE relevance_features.terms_version = ?`,
    );
    this.upsertTerms = db.prepare(
      `INSERT INTO relevance_features (key, terms_version, text_hash, term_ids, counts, terms) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET terms_version = excluded.terms_version, text_hash = excluded.text_hash,
         term_ids = excluded.term_ids, counts = excluded.counts, terms = excluded.terms`,
    );
    this.changeFrequency = db.prepare(
      `INSERT INTO relevance_term_df (term_id, papers) VALUES (?, ?)
       ON CONFLICT (term_id) DO UPDATE SET papers = papers + excluded.papers`,
    );
    this.dropUnused = db.prepare('DELETE FROM relevance_term_df WHERE term_id = ? AND papers <= 0');
    this.countDocuments = db.prepare('SELECT count(*) AS count FROM relevance_features');
    // One row of two lists, not a row object per id: a day asks for tens of thousands.
    this.selectFrequencies = db.prepare(
      `SELECT group_concat(term_id, ' ') AS ids, group_concat(papers, ' ') AS papers FROM json_each(?) AS wanted
       JOIN relevance_term_df ON relevance_term_df.term_id = wanted.value`,
    );
    this.selectRecent = db.prepare('SELECT key FROM relevance_features ORDER BY id DESC LIMIT ?');
    this.selectUnfeatured = db.prepare(
      `SELECT papers.* FROM papers WHERE NOT EXISTS (SELECT 1 FROM relevance_features WHERE key = papers.arxiv_id)
       ORDER BY papers.id DESC LIMIT ?`,
    );
    // bm25 weights as search.ts gives them: a word in the title counts five times one in the abstract.
    // Any of a paper's words matches much of a large archive: rank (bm25) only the newest SHARING_WINDOW matches,
    // which FTS5 hands over newest rowid first and stops at, and read the papers rows of the best only. Each of the
    // paper's words is a phrase whose papers bm25 counts: kept between pages when the extension loaded (ranking.ts).
    this.ranking = rankingOf(db);
    this.selectSharing = db.prepare(
      `WITH matched AS (SELECT rowid AS id, ${this.ranking.scoreOf([5, 1])} AS score FROM papers_fts
         WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ${SHARING_WINDOW}),
       best AS (SELECT id, score FROM matched ORDER BY score LIMIT ?)
       SELECT papers.arxiv_id FROM best JOIN papers ON papers.id = best.id ORDER BY best.score`,
    );
    this.countUncached = db.prepare(
      `SELECT (SELECT count(*) FROM papers) AS papers,
         (SELECT count(*) FROM relevance_features)
           - (SELECT count(*) FROM relevance_features WHERE key >= 'title:' AND key < 'title;') AS cached`,
    );
    this.selectEmbeddings = db.prepare(
      `SELECT embeddings.key, text_hash, vector FROM json_each(?) AS wanted
       JOIN embeddings ON embeddings.key = wanted.value WHERE embeddings.model = ?`,
    );
    this.upsertEmbedding = db.prepare(
      `INSERT INTO embeddings (model, key, text_hash, vector) VALUES (?, ?, ?, ?)
       ON CONFLICT (model, key) DO UPDATE SET text_hash = excluded.text_hash, vector = excluded.vector`,
    );
    this.saveBatch = db.transaction((entries: readonly StoredTerms[]) => {
      // One upsert per distinct term of the batch, not per term of each paper: a backfill of thousands of papers
      // shares most of its words.
      const deltas = new Map<number, number>();
      const add = (id: number, delta: number) => deltas.set(id, (deltas.get(id) ?? 0) + delta);
      const before = this.load(entries.map((entry) => entry.key));
      for (const entry of entries) {
        for (const id of before.get(entry.key)?.ids ?? []) add(id, -1);
        for (const id of entry.ids) add(id, 1);
        before.set(entry.key, entry);
        this.upsertTerms.run(
          entry.key,
          entry.version,
          entry.textHash,
          bytesOf(entry.ids),
          bytesOf(entry.counts),
          entry.terms,
        );
      }
      for (const [term, delta] of deltas) {
        if (delta !== 0) this.changeFrequency.run(term, delta);
        if (delta < 0) this.dropUnused.run(term);
      }
    });
    this.saveVectors = db.transaction((model: string, entries: readonly StoredEmbedding[]) => {
      for (const entry of entries) {
        const bytes = Buffer.from(entry.vector.buffer, entry.vector.byteOffset, entry.vector.byteLength);
        this.upsertEmbedding.run(model, entry.key, entry.textHash, bytes);
      }
    });
  }

  load(keys: readonly string[]): Map<string, StoredTerms> {
    const found = new Map<string, StoredTerms>();
    for (let at = 0; at < keys.length; at += SLICE) {
      for (const row of this.selectTerms.all(JSON.stringify(keys.slice(at, at + SLICE)))) {
        found.set(row.key, {
          key: row.key,
          version: row.terms_version,
          textHash: row.text_hash,
          ids: int32sOf(row.term_ids),
          counts: float32sOf(row.counts),
          terms: row.terms,
        });
      }
    }
    return found;
  }

  loadRuns(keys: readonly string[], version: number): StoredTermRuns {
    const slices: StoredTermRuns[] = [];
    for (let at = 0; at < keys.length || at === 0; at += SLICE) {
      const row = this.selectRuns.get(JSON.stringify(keys.slice(at, at + SLICE)), version);
      slices.push(runsOf(row, at));
    }
    return slices.length === 1 && slices[0] !== undefined ? slices[0] : joinRuns(slices);
  }

  save(entries: readonly StoredTerms[]): void {
    this.saveBatch.immediate(entries);
  }

  loadFrequencies(termIds: Iterable<number>): TermFrequencies {
    // Ascending, the lookups walk the primary key's pages in order (about 15% less CPU for a day's ids).
    const wanted = distinctAscending(Int32Array.from(termIds));
    const counts = new Map<number, number>();
    for (let from = 0; from < wanted.length; from += FREQUENCY_SLICE) {
      const row = this.selectFrequencies.get(`[${wanted.subarray(from, from + FREQUENCY_SLICE).join(',')}]`);
      if (row?.ids == null || row.papers == null) continue;
      const found = integersOf(row.ids);
      const papers = integersOf(row.papers);
      for (let at = 0; at < found.length; at += 1) counts.set(found[at] ?? 0, papers[at] ?? 0);
    }
    return { documentCount: this.countDocuments.get()?.count ?? 0, counts };
  }

  loadRecentKeys(limit: number): string[] {
    return this.selectRecent.all(limit).map((row) => row.key);
  }

  loadUnfeatured(limit: number): Paper[] {
    // Counting first spares the anti-join over every paper when all are cached, as they are after the first runs.
    // Library keys (`title:…`) are counted as a range of the key index: a GLOB read all 100,000 keys each time.
    const counts = this.countUncached.get();
    if (counts === undefined || counts.papers <= counts.cached) return [];
    return this.selectUnfeatured.all(limit).map(paperOf);
  }

  findSharing(words: readonly string[], limit: number): string[] {
    const usable = words.filter((word) => /[\p{L}\p{N}]/u.test(word));
    if (usable.length === 0 || limit <= 0) return [];
    // Titles and abstracts only: an author named like one of the words (Robot, Policy) is no likeness.
    const match = `{title abstract} : (${usable.map(quoteFtsString).join(' OR ')})`;
    return this.selectSharing.all(...this.ranking.paramsOf(match), match, limit).map((row) => row.arxiv_id);
  }

  loadEmbeddings(model: string, keys: readonly string[]): Map<string, StoredEmbedding> {
    const found = new Map<string, StoredEmbedding>();
    for (let at = 0; at < keys.length; at += SLICE) {
      for (const row of this.selectEmbeddings.all(JSON.stringify(keys.slice(at, at + SLICE)), model)) {
        const bytes = new Uint8Array(row.vector).slice();
        found.set(row.key, { key: row.key, textHash: row.text_hash, vector: new Float32Array(bytes.buffer) });
      }
    }
    return found;
  }

  saveEmbeddings(model: string, entries: readonly StoredEmbedding[]): void {
    this.saveVectors.immediate(model, entries);
  }
}

const NO_RUNS: StoredTermRuns = {
  ids: new Int32Array(0),
  counts: new Float32Array(0),
  starts: new Int32Array(1),
  positions: new Int32Array(0),
  textHashes: [],
};

/** One slice's aggregated row as runs; `offset` is the slice's first key among all the keys asked for. */
function runsOf(row: RunsRow | undefined, offset: number): StoredTermRuns {
  if (row === undefined || row.runs === 0 || row.term_ids === null || row.counts === null) return NO_RUNS;
  const positions = integersOf(row.positions ?? '');
  if (offset > 0)
    for (let run = 0; run < positions.length; run += 1) positions[run] = (positions[run] ?? 0) + offset;
  const lengths = integersOf(row.lengths ?? '');
  const starts = new Int32Array(row.runs + 1);
  for (let run = 0; run < row.runs; run += 1) starts[run + 1] = (starts[run] ?? 0) + (lengths[run] ?? 0);
  return {
    ids: int32sOf(row.term_ids),
    counts: float32sOf(row.counts),
    starts,
    positions,
    textHashes: (row.hashes ?? '').split('\n'),
  };
}

const SPACE = 32;
const MINUS = 45;
const ZERO = 48;

/** Integers written in decimal, one space apart (group_concat's), read without a string each. */
function integersOf(text: string): Int32Array {
  if (text === '') return new Int32Array(0);
  let count = 1;
  for (let index = 0; index < text.length; index += 1) if (text.charCodeAt(index) === SPACE) count += 1;
  const values = new Int32Array(count);
  let at = 0;
  let value = 0;
  let sign = 1;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === SPACE) {
      values[at] = sign * value;
      at += 1;
      value = 0;
      sign = 1;
    } else if (code === MINUS) sign = -1;
    else value = value * 10 + (code - ZERO);
  }
  values[at] = sign * value;
  return values;
}

/** `ids` sorted in place, each once: the distinct part's view. */
function distinctAscending(ids: Int32Array): Int32Array {
  ids.sort();
  let kept = 0;
  for (let at = 0; at < ids.length; at += 1) {
    const id = ids[at] ?? 0;
    if (kept === 0 || ids[kept - 1] !== id) {
      ids[kept] = id;
      kept += 1;
    }
  }
  return ids.subarray(0, kept);
}

/** Slices' runs end to end. */
function joinRuns(slices: readonly StoredTermRuns[]): StoredTermRuns {
  const total = slices.reduce((sum, slice) => sum + slice.ids.length, 0);
  const runs = slices.reduce((sum, slice) => sum + slice.positions.length, 0);
  const joined = {
    ids: new Int32Array(total),
    counts: new Float32Array(total),
    starts: new Int32Array(runs + 1),
    positions: new Int32Array(runs),
    textHashes: slices.flatMap((slice) => slice.textHashes),
  };
  let term = 0;
  let run = 0;
  for (const slice of slices) {
    joined.ids.set(slice.ids, term);
    joined.counts.set(slice.counts, term);
    joined.positions.set(slice.positions, run);
    for (let at = 1; at < slice.starts.length; at += 1)
      joined.starts[run + at] = term + (slice.starts[at] ?? 0);
    term += slice.ids.length;
    run += slice.positions.length;
  }
  return joined;
}
