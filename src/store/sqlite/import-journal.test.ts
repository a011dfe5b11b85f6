// A bulk import into an empty store runs with a rollback journal, not WAL (import.ts, connection.ts): only when no
// other connection has the file open, back to WAL at its end or stop, and by the next open after a kill; a reader
// that opens the store meanwhile reads it.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { samplePaper } from '../contract.js';
import type { ImportedPaper } from '../store.js';
import { openSqliteStore, type SqliteStore } from './index.js';
import { importMarkAt, scratchStoreFiles } from '../../../test/helpers/import-stores.js';

const newFile = scratchStoreFiles('paperwire-import-journal-');

function batchOf(...arxivIds: string[]): ImportedPaper[] {
  return arxivIds.map((arxivId) => ({
    paper: samplePaper(arxivId),
    versions: [{ version: 1, submittedAt: new Date('2026-01-05T18:00:00Z') }],
  }));
}

const modeOf = (store: SqliteStore): unknown => store.db.pragma('journal_mode', { simple: true });
const syncOf = (store: SqliteStore): unknown => store.db.pragma('synchronous', { simple: true });

describe('SqliteStore bulk import: the journal', () => {
  it('leaves WAL for the import into an empty store, and is back in WAL (synchronous NORMAL) at its end', () => {
    const store = openSqliteStore(newFile());
    try {
      assert.equal(modeOf(store), 'wal');
      const session = store.startImport();
      assert.equal(modeOf(store), 'delete');
      // synchronous OFF (0) while the import runs.
      assert.equal(syncOf(store), 0);
      session.write(batchOf('2601.00001', '2601.00002'));
      session.commit(importMarkAt(2, false));
      session.write(batchOf('2601.00003'));
      session.commit(importMarkAt(3, true));
      assert.equal(modeOf(store), 'wal');
      // NORMAL (1), as every connection of the store.
      assert.equal(syncOf(store), 1);
      assert.equal(store.loadStats().papers, 3);
    } finally {
      store.close();
    }
  });

  it('lets the full-text index gather 8 MiB of terms before it writes a segment, the index whole', () => {
    const store = openSqliteStore(newFile());
    try {
      const session = store.startImport();
      session.write(batchOf('2601.00001', '2601.00002'));
      session.commit(importMarkAt(2, true));
      const hashBytes = store.db
        .prepare("SELECT v FROM papers_fts_config WHERE k = 'hashsize'")
        .pluck()
        .get();
      assert.equal(hashBytes, 8 * 1024 * 1024);
      // Throws when the index and the papers disagree.
      store.db.exec("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')");
    } finally {
      store.close();
    }
  });

  it('is back in WAL when the import stops on an error, with its committed batches kept', () => {
    const store = openSqliteStore(newFile());
    try {
      const session = store.startImport();
      session.write(batchOf('2601.00001'));
      session.commit(importMarkAt(1, false));
      session.write(batchOf('2601.00002'));
      session.abort();
      assert.equal(modeOf(store), 'wal');
      assert.equal(store.loadStats().papers, 1);
    } finally {
      store.close();
    }
  });

  it('keeps WAL for an import into a store that holds papers', () => {
    const store = openSqliteStore(newFile());
    try {
      const first = store.startImport();
      first.write(batchOf('2601.00001'));
      first.commit(importMarkAt(1, true));
      store.startImport();
      assert.equal(modeOf(store), 'wal');
    } finally {
      store.close();
    }
  });

  it('keeps WAL when another connection has the file open, and the import completes', () => {
    const path = newFile();
    const reader = openSqliteStore(path);
    const store = openSqliteStore(path);
    try {
      const session = store.startImport();
      assert.equal(modeOf(store), 'wal');
      session.write(batchOf('2601.00001', '2601.00002'));
      session.commit(importMarkAt(2, true));
      assert.equal(reader.loadStats().papers, 2);
    } finally {
      store.close();
      reader.close();
    }
  });

  it('lets a reader open the store and read its committed batches while an import holds a batch', () => {
    const path = newFile();
    const store = openSqliteStore(path);
    try {
      const session = store.startImport();
      session.write(batchOf('2601.00001'));
      session.commit(importMarkAt(1, false));
      // A batch is open (the write lock held), as when a kill comes.
      session.write(batchOf('2601.00002'));
      const reader = openSqliteStore(path);
      try {
        // Opened at once, without the switch to WAL (the import holds the lock), reading the committed batch.
        assert.equal(modeOf(reader), 'delete');
        assert.deepEqual(reader.db.prepare('SELECT arxiv_id FROM papers ORDER BY id').pluck().all(), [
          '2601.00001',
        ]);
      } finally {
        reader.close();
      }
      session.abort();
    } finally {
      store.close();
    }
  });

  it('is put back in WAL by the next open after an import that ended without restoring it', () => {
    const path = newFile();
    const store = openSqliteStore(path);
    const session = store.startImport();
    session.write(batchOf('2601.00001'));
    session.commit(importMarkAt(1, false));
    // Closed mid-import without abort: the file is left out of WAL, as a killed import leaves it.
    store.close();
    const reopened = openSqliteStore(path);
    try {
      assert.equal(modeOf(reopened), 'wal');
      assert.equal(reopened.loadStats().papers, 1);
    } finally {
      reopened.close();
    }
  });
});

describe("SqliteStore bulk import: a chunk's versions", () => {
  it('writes them several rows per statement, and a refused one rolls the batch back naming its papers', () => {
    const store = openSqliteStore(newFile());
    try {
      const session = store.startImport();
      // 70 papers of 1 to 3 versions: a statement of 64 rows and one of the rest.
      const papers = Array.from({ length: 70 }, (_, index): ImportedPaper => {
        const arxivId = `2601.${String(index + 1).padStart(5, '0')}`;
        const versions = Array.from({ length: (index % 3) + 1 }, (__, version) => ({
          version: version + 1,
          submittedAt: new Date(Date.UTC(2026, 0, 5, version)),
        }));
        return { paper: { ...samplePaper(arxivId), version: versions.length }, versions };
      });
      session.write(papers);
      session.commit(importMarkAt(70, false));
      const count = (): unknown => store.db.prepare('SELECT count(*) FROM paper_versions').pluck().get();
      assert.equal(count(), 23 * 6 + 1);
      assert.deepEqual(store.loadVersions('2601.00003'), [1, 2, 3]);
      const refused = batchOf('2601.00071', '2601.00072');
      refused[1] = { paper: samplePaper('2601.00072'), versions: [{ version: 0, submittedAt: null }] };
      assert.throws(
        () => session.write(refused),
        /cannot import the versions of papers 2601\.00071 to 2601\.00072; nothing of this batch was saved/,
      );
      assert.equal(store.loadStats().papers, 70);
      assert.equal(count(), 23 * 6 + 1);
    } finally {
      store.close();
    }
  });
});
