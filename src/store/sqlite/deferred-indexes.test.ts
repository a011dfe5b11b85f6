// A bulk import into an empty store builds the papers' secondary indexes at its end (deferred-indexes.ts): pending
// while it runs, built by its last batch, or by whoever opens the store next when it was killed before.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { listed, samplePaper } from '../contract.js';
import { importBatch } from '../contract-import.js';
import type { ImportedPaper } from '../store.js';
import { DEFERRABLE_INDEXES } from './deferred-indexes.js';
import { openSqliteStore, type SqliteStore } from './index.js';
import { importMarkAt, scratchStoreFiles } from '../../../test/helpers/import-stores.js';

const newFile = scratchStoreFiles('paperwire-deferred-');

function batchOf(...arxivIds: string[]): ImportedPaper[] {
  return arxivIds.map((arxivId) => ({
    paper: samplePaper(arxivId),
    versions: [{ version: 1, submittedAt: new Date('2026-01-05T18:00:00Z') }],
  }));
}

/** The SQL of each deferrable index the schema holds, by name (an absent one is missing). */
function indexesOf(store: SqliteStore): Record<string, string> {
  const rows = store.db
    .prepare<string[], { name: string; sql: string }>(
      `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND name IN (${DEFERRABLE_INDEXES.map(() => '?').join(', ')})`,
    )
    .all(...DEFERRABLE_INDEXES);
  return Object.fromEntries(rows.map(({ name, sql }) => [name, sql]));
}

function pendingOf(store: SqliteStore): string[] {
  return store.db.prepare<[], string>('SELECT name FROM pending_indexes ORDER BY name').pluck().all();
}

describe('SqliteStore bulk import: indexes built at the end', () => {
  const schemaOf = (): Record<string, string> => {
    const store = openSqliteStore(':memory:');
    try {
      return indexesOf(store);
    } finally {
      store.close();
    }
  };

  it('drops them at the first batch into an empty store, and the last batch builds them as the schema has them', () => {
    const expected = schemaOf();
    assert.equal(Object.keys(expected).length, DEFERRABLE_INDEXES.length);
    const store = openSqliteStore(newFile());
    after(() => store.close());
    importBatch(store, batchOf('0704.0001', '0704.0002'), importMarkAt(2, false));
    assert.deepEqual(indexesOf(store), {});
    assert.deepEqual(pendingOf(store), [...DEFERRABLE_INDEXES].sort());
    importBatch(store, batchOf('0704.0003'), importMarkAt(3, true));
    assert.deepEqual(indexesOf(store), expected);
    assert.deepEqual(pendingOf(store), []);
    assert.deepEqual(store.db.pragma('integrity_check', { simple: true }), 'ok');
  });

  it('builds them when a store is opened after an import was stopped before its end', () => {
    const expected = schemaOf();
    const path = newFile();
    const stopped = openSqliteStore(path);
    importBatch(stopped, batchOf('0704.0001', '0704.0002'), importMarkAt(2, false));
    stopped.close();
    const store = openSqliteStore(path);
    after(() => store.close());
    assert.deepEqual(indexesOf(store), expected);
    assert.deepEqual(pendingOf(store), []);
    assert.equal(store.loadStats().papers, 2);
    assert.deepEqual(
      store
        .searchPapers('paper', { limit: 5 })
        .map((hit) => hit.paper.arxivId)
        .sort(),
      ['0704.0001', '0704.0002'],
    );
  });

  it('opens at once, without them, while another process holds the write lock (an import still running)', () => {
    const path = newFile();
    const running = openSqliteStore(path);
    importBatch(running, batchOf('0704.0001', '0704.0002'), importMarkAt(2, false));
    // The import's next batch: its transaction holds the write lock.
    running.db.exec('BEGIN IMMEDIATE');
    try {
      const reader = openSqliteStore(path);
      try {
        assert.deepEqual(pendingOf(reader), [...DEFERRABLE_INDEXES].sort());
        assert.equal(reader.searchPapers('paper', { limit: 5 }).length, 2);
        assert.equal(reader.db.pragma('busy_timeout', { simple: true }), 5000);
      } finally {
        reader.close();
      }
    } finally {
      running.db.exec('ROLLBACK');
      running.close();
    }
  });

  it('keeps them in a store that holds papers already', () => {
    const expected = schemaOf();
    const store = openSqliteStore(newFile());
    after(() => store.close());
    store.savePapers([listed(samplePaper('2601.00001'))]);
    importBatch(store, batchOf('0704.0001'), importMarkAt(1, false));
    assert.deepEqual(indexesOf(store), expected);
    assert.deepEqual(pendingOf(store), []);
  });
});
