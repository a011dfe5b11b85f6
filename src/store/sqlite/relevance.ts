// The relevance model's cache: each paper's (and library entry's) term counts, the document frequency of every
// term, and embedding vectors by model. Kept so one new rating retrains without reading the whole store again.

import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { Paper } from '../../model.js';
import type { StoredEmbedding, StoredTerms, TermFrequencies } from '../store.js';
import { quoteFtsString } from './fts-query.js';
import { paperOf, type PaperRow } from './merge.js';

interface TermsRow {
  key: string;
  terms_version: number;
  text_hash: string;
  counts: string;
}

interface EmbeddingRow {
  key: string;
  text_hash: string;
  vector: Buffer;
}

/** JSON arrays of keys this long or longer are sent in slices (SQLite's json_each takes any size; memory does not). */
const SLICE = 5000;

/**
 * `findSharing` ranks at most this many of the papers holding any of the words, the newest saved: "more like this"
 * over 2.7 M papers stays bounded (docs/store.md, Search at archive scale); a smaller store is ranked whole.
 */
const SHARING_WINDOW = 5000;

export class RelevanceTables {
  private readonly selectTerms: Statement<[string], TermsRow>;
  private readonly upsertTerms: Statement<[string, number, string, string]>;
  private readonly changeFrequency: Statement<[string, number]>;
  private readonly dropUnused: Statement<[string]>;
  private readonly countDocuments: Statement<[], { count: number }>;
  private readonly selectFrequencies: Statement<[string], { term: string; papers: number }>;
  private readonly selectRecent: Statement<[number], { key: string }>;
  private readonly selectUnfeatured: Statement<[number], PaperRow>;
  private readonly countUncached: Statement<[], { papers: number; cached: number }>;
  private readonly selectEmbeddings: Statement<[string, string], EmbeddingRow>;
  private readonly upsertEmbedding: Statement<[string, string, string, Buffer]>;
  private readonly selectSharing: Statement<[string, number], { arxiv_id: string }>;
  private readonly saveBatch: Transaction<(entries: readonly StoredTerms[]) => void>;
  private readonly saveVectors: Transaction<(model: string, entries: readonly StoredEmbedding[]) => void>;

  constructor(db: Database) {
    this.selectTerms = db.prepare(
      'SELECT relevance_terms.* FROM json_each(?) AS wanted JOIN relevance_terms ON relevance_terms.key = wanted.value',
    );
    this.upsertTerms = db.prepare(
      `INSERT INTO relevance_terms (key, terms_version, text_hash, counts) VALUES (?, ?, ?, ?)
       ON CONFLICT (key) DO UPDATE SET terms_version = excluded.terms_version, text_hash = excluded.text_hash,
         counts = excluded.counts`,
    );
    this.changeFrequency = db.prepare(
      `INSERT INTO relevance_df (term, papers) VALUES (?, ?)
       ON CONFLICT (term) DO UPDATE SET papers = papers + excluded.papers`,
    );
    this.dropUnused = db.prepare('DELETE FROM relevance_df WHERE term = ? AND papers <= 0');
    this.countDocuments = db.prepare('SELECT count(*) AS count FROM relevance_terms');
    this.selectFrequencies = db.prepare(
      'SELECT term, papers FROM json_each(?) AS wanted JOIN relevance_df ON relevance_df.term = wanted.value',
    );
    this.selectRecent = db.prepare('SELECT key FROM relevance_terms ORDER BY id DESC LIMIT ?');
    this.selectUnfeatured = db.prepare(
      `SELECT papers.* FROM papers WHERE NOT EXISTS (SELECT 1 FROM relevance_terms WHERE key = papers.arxiv_id)
       ORDER BY papers.id DESC LIMIT ?`,
    );
    // bm25 weights as search.ts gives them: a word in the title counts five times one in the abstract.
    // Any of a paper's words matches much of a large archive: rank (bm25) only the newest SHARING_WINDOW matches,
    // which FTS5 hands over newest rowid first and stops at, and read the papers rows of the best only.
    this.selectSharing = db.prepare(
      `WITH matched AS (SELECT rowid AS id, bm25(papers_fts, 5, 1) AS score FROM papers_fts
         WHERE papers_fts MATCH ? ORDER BY rowid DESC LIMIT ${SHARING_WINDOW}),
       best AS (SELECT id, score FROM matched ORDER BY score LIMIT ?)
       SELECT papers.arxiv_id FROM best JOIN papers ON papers.id = best.id ORDER BY best.score`,
    );
    this.countUncached = db.prepare(
      `SELECT (SELECT count(*) FROM papers) AS papers,
         (SELECT count(*) FROM relevance_terms WHERE key NOT GLOB 'title:*') AS cached`,
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
      const deltas = new Map<string, number>();
      const add = (term: string, delta: number) => deltas.set(term, (deltas.get(term) ?? 0) + delta);
      const before = this.load(entries.map((entry) => entry.key));
      for (const entry of entries) {
        for (const term of before.get(entry.key)?.counts.keys() ?? []) add(term, -1);
        for (const term of entry.counts.keys()) add(term, 1);
        before.set(entry.key, entry);
        this.upsertTerms.run(
          entry.key,
          entry.version,
          entry.textHash,
          JSON.stringify(Object.fromEntries(entry.counts)),
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
          counts: new Map(Object.entries(JSON.parse(row.counts) as Record<string, number>)),
        });
      }
    }
    return found;
  }

  save(entries: readonly StoredTerms[]): void {
    this.saveBatch(entries);
  }

  loadFrequencies(terms: Iterable<string>): TermFrequencies {
    const wanted = [...new Set(terms)];
    const counts = new Map<string, number>();
    for (let at = 0; at < wanted.length; at += SLICE) {
      for (const row of this.selectFrequencies.all(JSON.stringify(wanted.slice(at, at + SLICE)))) {
        counts.set(row.term, row.papers);
      }
    }
    return { documentCount: this.countDocuments.get()?.count ?? 0, counts };
  }

  loadRecentKeys(limit: number): string[] {
    return this.selectRecent.all(limit).map((row) => row.key);
  }

  loadUnfeatured(limit: number): Paper[] {
    // Counting first spares the anti-join over every paper when all are cached, as they are after the first runs.
    const counts = this.countUncached.get();
    if (counts === undefined || counts.papers <= counts.cached) return [];
    return this.selectUnfeatured.all(limit).map(paperOf);
  }

  findSharing(words: readonly string[], limit: number): string[] {
    const usable = words.filter((word) => /[\p{L}\p{N}]/u.test(word));
    if (usable.length === 0 || limit <= 0) return [];
    return this.selectSharing.all(usable.map(quoteFtsString).join(' OR '), limit).map((row) => row.arxiv_id);
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
    this.saveVectors(model, entries);
  }
}
