// Tests of the SQLite store: the shared store contract on ':memory:', then what is SQLite's own: migrations,
// file errors, full-text ranking, Chinese search, crash safety and a day of 2,000 papers (its speed: bench/digest.ts).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { TranslationCache } from '../../enrich/translator.js';
import type { IsoDate } from '../../model.js';
import { StoreError } from '../../errors.js';
import { compileChildScript } from '../../../test/helpers/child-script.js';
import { listed, runStoreContract, sampleHfRecord, samplePaper } from '../contract.js';
import { listingKeyOf, listingPapers, PAPERS_PER_LISTING } from './fixtures/crash-listings.js';
import { MIGRATIONS, openSqliteStore, sourceHashOf, translationCacheOf, type SqliteStore } from './index.js';
import { migrate, readSchemaVersion } from './schema/migrations.js';

runStoreContract(() => openSqliteStore(':memory:'));

const scratch = mkdtempSync(join(tmpdir(), 'paperwire-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
let fileCount = 0;
const newPath = (): string => join(scratch, `db-${(fileCount += 1)}`, 'paperwire.db');

function checkIntegrity(store: SqliteStore): void {
  // Papers saved since the last search wait for the index (papers.ts indexPending): the check is of the index caught up.
  store.indexSavedPapers();
  assert.equal(store.db.pragma('integrity_check', { simple: true }), 'ok');
  assert.deepEqual(store.db.pragma('foreign_key_check'), []);
  // FTS5's own check that the external-content indexes match their tables.
  store.db.exec("INSERT INTO papers_fts (papers_fts) VALUES ('integrity-check')");
  store.db.exec("INSERT INTO translations_fts (translations_fts) VALUES ('integrity-check')");
}

describe('SqliteStore migrations', () => {
  it('lists migrations in order, numbered from 1 without gaps', () => {
    assert.deepEqual(
      MIGRATIONS.map((migration) => migration.version),
      MIGRATIONS.map((_, index) => index + 1),
    );
  });

  it('creates the folder and the schema of a new file, with WAL and foreign keys on', () => {
    const path = newPath();
    const store = openSqliteStore(path);
    assert.equal(readSchemaVersion(store.db), MIGRATIONS.length);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(store.db.pragma('foreign_keys', { simple: true }), 1);
    assert.ok((store.db.pragma('busy_timeout', { simple: true }) as number) > 0);
    // Made with synchronous OFF and the journal in memory (nothing to lose yet); every commit after is NORMAL.
    assert.equal(store.db.pragma('synchronous', { simple: true }), 1);
    assert.equal(store.db.pragma('page_size', { simple: true }), 16384);
    store.close();
  });

  it('opens a stored file with synchronous NORMAL, its data and page size as they were', () => {
    const path = newPath();
    const first = openSqliteStore(path);
    first.savePapers([listed(samplePaper('2601.00001'))]);
    first.close();
    const again = openSqliteStore(path);
    assert.equal(again.db.pragma('synchronous', { simple: true }), 1);
    assert.equal(again.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(again.db.pragma('page_size', { simple: true }), 16384);
    assert.equal(again.loadPaper('2601.00001')?.arxivId, '2601.00001');
    again.close();
  });

  it('keeps the data when a migrated file is opened again', () => {
    const path = newPath();
    const first = openSqliteStore(path);
    first.savePapers([listed(samplePaper('2601.00001'))]);
    first.close();
    const again = openSqliteStore(path);
    assert.equal(again.loadPaper('2601.00001')?.arxivId, '2601.00001');
    again.close();
  });

  it('refuses a database written by a newer paperwire, naming the file and the fix', () => {
    const path = newPath();
    openSqliteStore(path).close();
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    assert.throws(
      () => openSqliteStore(path),
      (error: unknown) =>
        error instanceof StoreError &&
        error.path === path &&
        error.message.includes(path) &&
        /newer|only knows/.test(error.message) &&
        /upgrade paperwire/.test(error.hint ?? ''),
    );
  });

  it('tells of each migration it runs on a file an older paperwire made, before it runs, and of none on a new file', () => {
    const heard: number[] = [];
    openSqliteStore(newPath(), { onUpgrade: (migration) => heard.push(migration.version) }).close();
    assert.deepEqual(heard, [], 'a new file is made, not upgraded');
    const path = newPath();
    mkdirSync(join(path, '..'), { recursive: true });
    const raw = new Database(path);
    migrate(raw, path, MIGRATIONS.slice(0, -2));
    raw.close();
    const versions: number[] = [];
    const store = openSqliteStore(path, {
      onUpgrade: (migration) => {
        // Told before it runs: the file still has the version before it.
        const before = new Database(path, { readonly: true });
        versions.push(before.pragma('user_version', { simple: true }) as number, migration.version);
        before.close();
      },
    });
    store.close();
    const last = MIGRATIONS.length;
    assert.deepEqual(versions, [last - 2, last - 1, last - 2, last]);
  });

  it('migrates listings saved before version 4: completeness unknown, counts from their papers', () => {
    // A listing on a version-3 file, written by hand as the code before version 4 wrote it.
    const path3 = newPath();
    mkdirSync(join(path3, '..'), { recursive: true });
    const raw = new Database(path3);
    migrate(raw, path3, MIGRATIONS.slice(0, 3));
    raw.exec(
      "INSERT INTO papers (arxiv_id, version, title, abstract, authors, categories, primary_category, title_hash, abstract_hash, first_seen_at, last_changed_at) VALUES ('2601.00001', 1, 't', 'a', '[]', '[\"cs.LG\"]', 'cs.LG', 'h', 'h', 'x', 'x'), ('2601.00002', 1, 't', 'a', '[]', '[\"cs.LG\"]', 'cs.LG', 'h', 'h', 'x', 'x');" +
        "INSERT INTO listings (id, listing_date, source, scope, fetched_at) VALUES (1, '2026-01-30', 'arxiv-rss', 'cs', '2026-01-30T02:00:00.000Z');" +
        "INSERT INTO listing_papers VALUES (1, '2601.00001', 'new', 0), (1, '2601.00002', 'replace-cross', 1);",
    );
    raw.close();
    const store = openSqliteStore(path3);
    const listing = store.loadListing({
      listingDate: '2026-01-30' as IsoDate,
      source: 'arxiv-rss',
      scope: 'cs',
    });
    assert.deepEqual(listing?.audit, {
      source: 'arxiv-rss',
      url: null,
      fetchedAt: new Date('2026-01-30T02:00:00.000Z'),
      isComplete: null,
      incompleteReason: null,
      announcedCount: 2,
      newCount: 1,
      crossCount: 0,
      replacedCount: 1,
    });
    checkIntegrity(store);
    store.close();
  });

  it('leaves a database from a newer paperwire byte-identical, in its journal mode, with no -wal or -shm', () => {
    const path = newPath();
    mkdirSync(dirname(path), { recursive: true });
    // A newer paperwire's file in rollback-journal mode (header bytes 18-19 are 01 01; WAL would make them 02 02).
    const raw = new Database(path);
    raw.exec('CREATE TABLE from_the_future (x INTEGER); INSERT INTO from_the_future VALUES (1);');
    raw.pragma(`user_version = ${MIGRATIONS.length + 1}`);
    raw.close();
    const before = readFileSync(path);
    assert.deepEqual([...before.subarray(18, 20)], [1, 1]);
    assert.throws(() => openSqliteStore(path), /schema version/);
    assert.ok(readFileSync(path).equals(before), 'the refused file is unchanged');
    assert.equal(existsSync(`${path}-wal`), false);
    assert.equal(existsSync(`${path}-shm`), false);
  });

  it('keeps every digest of an older file byte for byte, and then saves documents without parsing them', () => {
    // The migration that drops the json_valid() check on digests; found by its summary, since numbers move.
    const unchecked = MIGRATIONS.findIndex((migration) =>
      migration.summary.startsWith('digests: the stored'),
    );
    assert.ok(unchecked > 0);
    const path = newPath();
    mkdirSync(dirname(path), { recursive: true });
    const raw = new Database(path);
    migrate(raw, path, MIGRATIONS.slice(0, unchecked));
    const document = '{"schema": "paperwire.digest", "text": "强化学习 \\u0000 \u{1F600}"}';
    raw
      .prepare('INSERT INTO digests (profile, listing_date, generated_at, json) VALUES (?, ?, ?, ?)')
      .run('rl', '2026-01-30', '2026-01-30T04:00:00.000Z', document);
    raw.close();
    const store = openSqliteStore(path);
    assert.deepEqual(store.loadDigest('rl', '2026-01-30' as IsoDate), {
      profile: 'rl',
      listingDate: '2026-01-30',
      generatedAt: new Date('2026-01-30T04:00:00.000Z'),
      json: document,
    });
    const schema = store.db.prepare("SELECT sql FROM sqlite_schema WHERE name = 'digests'").get() as {
      sql: string;
    };
    assert.doesNotMatch(schema.sql, /json_valid/);
    checkIntegrity(store);
    store.close();
  });

  it('applies nothing when a migration fails', () => {
    const db = new Database(':memory:');
    const broken = [
      { version: 1, summary: 'fine', sql: 'CREATE TABLE a (x INTEGER);' },
      { version: 2, summary: 'broken', sql: 'CREATE TABLE b (x INTEGER); CREATE TABLE a (y INTEGER);' },
    ];
    assert.throws(() => migrate(db, 'test.db', broken), /schema migration 2 \(broken\) failed/);
    assert.equal(readSchemaVersion(db), 0);
    assert.deepEqual(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").all(), []);
    db.close();
  });
});

describe('SqliteStore files and errors', () => {
  it('refuses a file that is not a SQLite database, naming it with a hint', () => {
    const path = newPath();
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, 'this is a config file, not a database\n'.repeat(100));
    assert.throws(
      () => openSqliteStore(path),
      (error: unknown) =>
        error instanceof StoreError &&
        error.message.startsWith(path) &&
        /not a SQLite database/.test(error.hint ?? ''),
    );
  });

  it('refuses a folder in place of the file', () => {
    const path = newPath();
    mkdirSync(path, { recursive: true });
    assert.throws(() => openSqliteStore(path), StoreError);
  });

  it('throws StoreError when used after close', () => {
    const store = openSqliteStore(':memory:');
    store.close();
    store.close();
    assert.throws(() => store.loadPaper('2601.00001'), StoreError);
  });

  it('names the paper and entry that broke a batch', () => {
    const store = openSqliteStore(':memory:');
    const batch = [listed(samplePaper('2601.00001')), listed(samplePaper('2601.00002', { version: 0 }))];
    assert.throws(
      () => store.savePapers(batch),
      /paper 2601\.00002v0 \(entry 2 of 2\).*nothing of this batch/,
    );
    store.close();
  });

  it('merges a paper given twice in one batch into a new store as two saves would', () => {
    const store = openSqliteStore(':memory:');
    const first = samplePaper('2601.00003');
    const second = samplePaper('2601.00003', { version: 2, title: 'A revised study' });
    assert.deepEqual(store.savePapers([listed(first), listed(second)]), {
      inserted: 1,
      updated: 1,
      unchanged: 0,
    });
    assert.equal(store.loadPaper('2601.00003')?.title, 'A revised study');
    assert.deepEqual(store.loadVersions('2601.00003'), [1, 2]);
    store.close();
  });

  it('stores each row once however often the same batch is saved', () => {
    const store = openSqliteStore(':memory:');
    const batch = ['2601.00001', '2601.00002', '2601.00002'].map((id) => listed(samplePaper(id)));
    for (let round = 0; round < 3; round += 1) store.savePapers(batch, listingKeyOf(1));
    const count = (table: string): unknown => store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get();
    assert.deepEqual(count('papers'), { n: 2 });
    assert.deepEqual(count('paper_versions'), { n: 2 });
    assert.deepEqual(count('listings'), { n: 1 });
    assert.deepEqual(count('listing_papers'), { n: 2 });
    checkIntegrity(store);
    store.close();
  });
});

describe('SqliteStore full-text index, brought up to date by search', () => {
  /** How many papers are in papers_fts (its docsize table holds one row per indexed row). */
  const indexedCount = (store: SqliteStore): unknown =>
    store.db.prepare('SELECT count(*) AS n FROM papers_fts_docsize').get();

  it('indexes no paper in the save, and every saved paper at the next search', () => {
    const store = openSqliteStore(':memory:');
    store.savePapers(
      ['2601.00001', '2601.00002'].map((id) => listed(samplePaper(id))),
      listingKeyOf(1),
    );
    assert.deepEqual(indexedCount(store), { n: 0 });
    assert.equal(store.searchPapers('paper', { limit: 5 }).length, 2);
    assert.deepEqual(indexedCount(store), { n: 2 });
    assert.equal(store.indexSavedPapers(), 0, 'nothing waits once a search ran');
    checkIntegrity(store);
    store.close();
  });

  it('finds what a process saved and never indexed, after it is gone', () => {
    const path = newPath();
    const writer = openSqliteStore(path);
    writer.savePapers([listed(samplePaper('2601.00001', { title: 'Quokka locomotion' }))]);
    writer.close();
    const reader = openSqliteStore(path);
    assert.equal(reader.searchPapers('quokka', { limit: 5 })[0]?.paper.arxivId, '2601.00001');
    checkIntegrity(reader);
    reader.close();
  });

  it('indexes only the newest text of a paper replaced before any search', () => {
    const store = openSqliteStore(':memory:');
    store.savePapers([listed(samplePaper('2601.00001', { title: 'Wombat burrows' }))]);
    store.savePapers([listed(samplePaper('2601.00001', { version: 2, title: 'Platypus burrows' }))]);
    assert.deepEqual(store.searchPapers('wombat', { limit: 5 }), []);
    assert.equal(store.searchPapers('platypus', { limit: 5 }).length, 1);
    checkIntegrity(store);
    store.close();
  });

  it('forgets the old text of an indexed paper when a newer version replaces it', () => {
    const store = openSqliteStore(':memory:');
    store.savePapers([listed(samplePaper('2601.00001', { title: 'Wombat burrows' }))]);
    assert.equal(store.searchPapers('wombat', { limit: 5 }).length, 1);
    store.savePapers([listed(samplePaper('2601.00001', { version: 2, title: 'Platypus burrows' }))]);
    assert.deepEqual(store.searchPapers('wombat', { limit: 5 }), []);
    assert.equal(store.searchPapers('platypus', { limit: 5 }).length, 1);
    checkIntegrity(store);
    store.close();
  });

  it('counts the papers of a version-5 file as indexed when it migrates', () => {
    const path4 = newPath();
    mkdirSync(join(path4, '..'), { recursive: true });
    const raw = new Database(path4);
    migrate(raw, path4, MIGRATIONS.slice(0, 5));
    raw.exec(
      "INSERT INTO papers (id, arxiv_id, version, title, abstract, authors, categories, primary_category, title_hash, abstract_hash, first_seen_at, last_changed_at) VALUES (7, '2601.00001', 1, 'Echidna spines', 'a', '[]', '[\"cs.LG\"]', 'cs.LG', 'h', 'h', 'x', 'x');" +
        "INSERT INTO papers_fts (rowid, title, abstract) VALUES (7, 'Echidna spines', 'a');",
    );
    raw.close();
    const store = openSqliteStore(path4);
    assert.deepEqual(store.db.prepare('SELECT indexed_through FROM fts_progress').get(), {
      indexed_through: 7,
    });
    assert.equal(store.searchPapers('echidna', { limit: 5 }).length, 1);
    checkIntegrity(store);
    store.close();
  });
});

describe('SqliteStore full-text index with authors (its migration)', () => {
  it('indexes the authors of papers indexed before, and leaves the papers still waiting to the next search', () => {
    const path = newPath();
    mkdirSync(join(path, '..'), { recursive: true });
    const raw = new Database(path);
    const before = MIGRATIONS.findIndex((migration) => migration.sql.includes('title, abstract, authors,'));
    migrate(raw, path, MIGRATIONS.slice(0, before));
    const insert = raw.prepare(
      'INSERT INTO papers (id, arxiv_id, version, title, abstract, authors, categories, primary_category, ' +
        "title_hash, abstract_hash, first_seen_at, last_changed_at) VALUES (?, ?, 1, ?, 'a', ?, '[\"cs.LG\"]', " +
        "'cs.LG', 'h', 'h', 'x', 'x')",
    );
    insert.run(1, '2601.00001', 'Echidna spines', '["Maria Müller"]');
    raw.exec("INSERT INTO papers_fts (rowid, title, abstract) VALUES (1, 'Echidna spines', 'a')");
    raw.exec("UPDATE fts_progress SET indexed_through = 1 WHERE name = 'papers_fts'");
    // Saved, not yet indexed (a search would have indexed it).
    insert.run(2, '2601.00002', 'Quokka smiles', '["Hans Müller"]');
    raw.close();
    const store = openSqliteStore(path);
    assert.deepEqual(
      store.db.prepare('SELECT count(*) AS n FROM papers_fts_docsize').get(),
      { n: 1 },
      'the migration indexed the paper indexed before, and only it',
    );
    assert.deepEqual(
      store
        .searchPapers('muller', { limit: 5 })
        .map((hit) => hit.paper.arxivId)
        .sort(),
      ['2601.00001', '2601.00002'],
    );
    checkIntegrity(store);
    store.close();
  });
});

describe('SqliteStore at archive scale: ranking is bounded', () => {
  // 2,000 ranked for a search, 5,000 for "more like this" (search.ts RANK_WINDOW, relevance.ts SHARING_WINDOW).
  const store = openSqliteStore(':memory:');
  const filler = (index: number) =>
    listed(
      samplePaper(`2601.${String(index).padStart(5, '0')}`, { title: 'Rewards', abstract: 'Walrus tusks.' }),
    );
  // The best match is saved first; 10,000 weaker ones follow.
  store.savePapers([
    listed(samplePaper('2501.00001', { title: 'Walrus walrus walrus', abstract: 'Walrus walrus walrus.' })),
    ...Array.from({ length: 10_000 }, (_, index) => filler(index)),
    listed(samplePaper('2701.00001', { title: 'Walrus colonies', abstract: 'Seals and a lone stoat.' })),
  ]);
  after(() => store.close());

  it('ranks the newest 2,000 matches of a common word, and every match of a rare one', () => {
    const walrus = store.searchPapers('walrus', { limit: 3 }).map((hit) => hit.paper.arxivId);
    assert.equal(walrus.length, 3);
    assert.ok(!walrus.includes('2501.00001'), 'the oldest match is outside the ranked window');
    assert.equal(walrus[0], '2701.00001', 'the best of the window comes first');
    assert.deepEqual(
      store.searchPapers('walrus seals', { limit: 3 }).map((hit) => hit.paper.arxivId),
      ['2701.00001'],
    );
    assert.deepEqual(
      store.searchPapers('walrus', { limit: 3, submittedUntil: '2026-01-05' as IsoDate }).length,
      3,
      'filters apply before the window',
    );
  });

  it('finds papers sharing words among the newest 5,000 matches, best first', () => {
    const sharing = store.findPapersSharingWords(['walrus', 'stoat'], 2);
    assert.equal(sharing[0], '2701.00001');
    assert.ok(!sharing.includes('2501.00001'), 'the oldest match is outside the ranked window');
    assert.deepEqual(store.findPapersSharingWords(['stoat'], 5), ['2701.00001']);
  });
});

describe('SqliteStore full-text search', () => {
  const make = (): SqliteStore => {
    const store = openSqliteStore(':memory:');
    store.savePapers([
      listed(
        samplePaper('2601.00001', {
          title: 'Offline data curation',
          abstract: 'Entropy entropy entropy: we measure entropy of datasets, and entropy again.',
        }),
      ),
      listed(
        samplePaper('2601.00002', { title: 'Entropy-regularized policies', abstract: 'A short abstract.' }),
      ),
      listed(
        samplePaper('2601.00003', { title: 'Schrödinger bridges', abstract: 'Transport between densities.' }),
      ),
      listed(
        samplePaper('2601.00004', {
          title: 'Group Relative Policy Optimization for reasoning',
          abstract: 'We apply reinforcement learning to large language models.',
        }),
      ),
    ]);
    return store;
  };

  it('ranks a title match above repeated abstract matches', () => {
    const store = make();
    assert.deepEqual(
      store.searchPapers('entropy', { limit: 5 }).map((hit) => hit.paper.arxivId),
      ['2601.00002', '2601.00001'],
    );
    store.close();
  });

  it('matches word forms and letters without accents', () => {
    const store = make();
    assert.equal(store.searchPapers('policy', { limit: 5 })[0]?.paper.arxivId, '2601.00002');
    assert.equal(store.searchPapers('schrodinger', { limit: 5 })[0]?.paper.arxivId, '2601.00003');
    store.close();
  });

  it("finds a paper by an author's surname, and by a name written without its accents", () => {
    const store = make();
    store.savePapers([
      listed(samplePaper('2601.00005', { title: 'Bridges', authors: ['Maria Müller', 'Wei Chen'] })),
      listed(samplePaper('2601.00006', { title: 'Müller cells in the retina', authors: ['Ann Smith'] })),
    ]);
    const found = (query: string): string[] =>
      store.searchPapers(query, { limit: 5 }).map((hit) => hit.paper.arxivId);
    assert.deepEqual(found('chen'), ['2601.00005']);
    assert.deepEqual(found('Muller').sort(), ['2601.00005', '2601.00006']);
    assert.deepEqual(found('maria muller'), ['2601.00005']);
    // --author keeps its meaning: a filter on the authors, whatever the words match.
    assert.deepEqual(
      store.searchPapers('muller', { limit: 5, author: 'Smith' }).map((hit) => hit.paper.arxivId),
      ['2601.00006'],
    );
    store.close();
  });

  it('forgets the old authors of an indexed paper when a newer version changes them', () => {
    const store = make();
    store.savePapers([listed(samplePaper('2601.00005', { authors: ['Maria Müller'] }))]);
    assert.equal(store.searchPapers('muller', { limit: 5 }).length, 1);
    store.savePapers([listed(samplePaper('2601.00005', { version: 2, authors: ['Wei Chen'] }))]);
    assert.deepEqual(store.searchPapers('muller', { limit: 5 }), []);
    assert.equal(store.searchPapers('chen', { limit: 5 }).length, 1);
    checkIntegrity(store);
    store.close();
  });

  it('finds papers by their Chinese translations, short words included', () => {
    const store = make();
    const paper = store.loadPaper('2601.00004');
    assert.ok(paper);
    const cache: TranslationCache = translationCacheOf(store);
    cache.set(sourceHashOf(paper.title), 'zh', 'test:model', '用于推理的群体相对策略优化');
    cache.set(sourceHashOf(paper.abstract), 'zh', 'test:model', '我们将强化学习应用于大语言模型。');
    assert.equal(cache.get(sourceHashOf(paper.title), 'zh', 'test:model'), '用于推理的群体相对策略优化');
    const first = (query: string): string | undefined =>
      store.searchPapers(query, { limit: 5 })[0]?.paper.arxivId;
    assert.equal(first('策略优化'), '2601.00004');
    assert.equal(first('强化学习'), '2601.00004');
    assert.equal(first('策略'), '2601.00004', 'two characters: below the trigram length');
    assert.equal(first('优'), '2601.00004', 'one character');
    assert.equal(first('语言模型 强化'), '2601.00004', 'a long and a short term together');
    assert.equal(store.searchPapers('策略 足球', { limit: 5 }).length, 0, 'every term must match');
    assert.equal(store.searchPapers('策%', { limit: 5 }).length, 0, 'LIKE wildcards are text');
    assert.equal(store.searchPapers('策_', { limit: 5 }).length, 0, 'LIKE wildcards are text');
    assert.equal(store.searchPapers('强化学习', { limit: 5 }).length, 1, 'a paper is listed once');
    checkIntegrity(store);
    store.close();
  });

  it('forgets the old text of a translation that is replaced', () => {
    const store = make();
    const paper = store.loadPaper('2601.00003');
    assert.ok(paper);
    const key = { sourceHash: sourceHashOf(paper.title), lang: 'zh', model: 'test:model' };
    store.saveTranslation(key, '薛定谔桥梁');
    store.saveTranslation(key, '薛定谔桥');
    store.saveTranslation(key, '薛定谔桥');
    assert.deepEqual(store.searchPapers('桥梁', { limit: 5 }), []);
    assert.equal(store.searchPapers('薛定谔', { limit: 5 })[0]?.paper.arxivId, '2601.00003');
    checkIntegrity(store);
    store.close();
  });
});

describe('SqliteStore crash safety', () => {
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const child = compileChildScript(fileURLToPath(new URL('./fixtures/save-loop.ts', import.meta.url)));

  /**
   * Starts the save loop and SIGKILLs it while it saves listing `killAt`: `delayMs` after it begins that save, or,
   * with `'paused'`, once that save stopped inside its transaction with half its papers written. Resolves true when
   * the child died before reporting that listing saved, i.e. inside the write.
   */
  function killMidSave(
    path: string,
    first: number,
    killAt: number,
    delayMs: number | 'paused',
  ): Promise<boolean> {
    return new Promise((resolve, reject) => {
      const args = [child, path, String(first), ...(delayMs === 'paused' ? [String(killAt)] : [])];
      const proc = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let stderr = '';
      let stdout = '';
      proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      proc.stdout.on('data', (chunk: Buffer) => {
        const before = stdout;
        stdout += chunk.toString();
        const mark = delayMs === 'paused' ? `inside ${killAt}\n` : `begin ${killAt}\n`;
        if (delayMs === 'paused' && !stdout.includes(mark) && stdout.includes(`saved ${killAt}\n`)) {
          proc.kill('SIGKILL');
          reject(new Error(`the save of listing ${killAt} never paused: ${stderr}`));
        }
        if (before.includes(mark) || !stdout.includes(mark)) return;
        if (delayMs === 'paused') proc.kill('SIGKILL');
        else setTimeout(() => proc.kill('SIGKILL'), delayMs);
      });
      proc.on('exit', (code, signal) =>
        signal === 'SIGKILL'
          ? resolve(!stdout.includes(`saved ${killAt}\n`))
          : reject(new Error(`save loop exited ${code}: ${stderr}`)),
      );
    });
  }

  it('keeps every listing all-or-nothing when the writer is killed mid-save', async () => {
    const path = newPath();
    openSqliteStore(path).close();
    const diedMidSave: boolean[] = [];
    // The first round kills a save paused inside its transaction; the others at a time, which may land in the
    // commit or between saves, depending on the machine's speed.
    for (const [round, delayMs] of (['paused', 0, 5, 20] as const).entries()) {
      diedMidSave.push(await killMidSave(path, round * 100, round * 100 + 2, delayMs));
    }
    console.log(
      `# killed inside a save in ${diedMidSave.filter(Boolean).length} of ${diedMidSave.length} rounds`,
    );
    assert.equal(diedMidSave[0], true, 'the kill of the paused save landed inside it');
    const store = openSqliteStore(path);
    checkIntegrity(store);
    const listings = store.db.prepare('SELECT listing_date FROM listings ORDER BY listing_date').all();
    assert.ok(
      listings.length >= 8,
      `at least the two finished listings of each round, found ${listings.length}`,
    );
    const papers = store.db.prepare('SELECT count(*) AS n FROM papers').get() as { n: number };
    assert.equal(papers.n, listings.length * PAPERS_PER_LISTING, 'no papers of a half-saved listing');
    for (const n of [0, 1, 100, 101, 200, 201, 300, 301]) {
      assert.equal(store.loadListing(listingKeyOf(n))?.papers.length, PAPERS_PER_LISTING, `listing ${n}`);
    }
    store.close();
  });
});

describe('SqliteStore with another process writing', () => {
  const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
  const child = compileChildScript(fileURLToPath(new URL('./fixtures/hold-write.ts', import.meta.url)));

  /**
   * Starts a process that holds a write transaction (saving `listing`); resolves once it holds it, with `commit`,
   * which tells it to commit (it holds until then, however slow the machine), and `done`, its output at its end.
   */
  function holdWrite(path: string, listing: number): Promise<{ commit: () => void; done: Promise<string> }> {
    return new Promise((resolve, reject) => {
      const proc = spawn(process.execPath, [child, path, String(listing)], {
        cwd: repoRoot,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      const done = new Promise<string>((finish) => proc.on('close', () => finish(stdout + stderr)));
      const commit = (): void => {
        proc.stdin.end('commit\n');
      };
      proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      proc.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        if (stdout.includes('holding\n')) resolve({ commit, done });
      });
      proc.on('exit', (code) => {
        if (!stdout.includes('holding\n')) reject(new Error(`hold-write exited ${code}: ${stderr}`));
      });
    });
  }

  it('opens, reads, and waits to save (never "database is locked") while a large write is open', async () => {
    const path = newPath();
    openSqliteStore(path).close();
    const writer = await holdWrite(path, 1);
    const store = openSqliteStore(path);
    assert.equal(store.loadListing(listingKeyOf(1)), null, 'the open write is not visible yet');
    // savePapers reads before it writes: it must wait for the other writer rather than fail. The writer is told to
    // commit just before: the save starts while it still holds the write, and waits for its commit.
    writer.commit();
    store.savePapers(listingPapers(2).slice(0, 10), listingKeyOf(2));
    assert.equal(store.loadListing(listingKeyOf(1))?.papers.length, PAPERS_PER_LISTING);
    assert.equal(store.loadListing(listingKeyOf(2))?.papers.length, 10);
    assert.match(await writer.done, /committed/);

    const another = await holdWrite(path, 3);
    const seenAt = new Date('2026-03-20T08:00:00Z');
    another.commit();
    assert.equal(store.saveHfPapers([sampleHfRecord('2509.02544')], seenAt).inserted, 1);
    assert.equal(store.loadListing(listingKeyOf(3))?.papers.length, PAPERS_PER_LISTING);
    store.close();
    assert.match(await another.done, /committed/);
  });

  it('waits to save a digest with what it showed while another process writes, on a connection that never saved one', async () => {
    const path = newPath();
    openSqliteStore(path).close();
    const writer = await holdWrite(path, 4);
    // A store that has not saved a digest yet prepares its statements inside the save's transaction: a read of the
    // schema there, before the write, made the save fail at once ("database is locked") instead of waiting.
    const store = openSqliteStore(path);
    writer.commit();
    const digest = {
      profile: 'rl',
      listingDate: '2026-01-30' as IsoDate,
      generatedAt: new Date(0),
      json: '{}',
    };
    store.saveDigest(digest, { profile: 'rl', arxivIds: ['2601.00001'] });
    assert.deepEqual(store.loadDigest('rl', '2026-01-30' as IsoDate), digest);
    assert.deepEqual([...store.loadShown('rl', '2026-01-31' as IsoDate)], ['2601.00001']);
    store.close();
    assert.match(await writer.done, /committed/);
  });

  it('makes one store when three processes create the same new file at once, each listing saved whole', async () => {
    const path = newPath();
    // A new file is made with synchronous OFF and the journal in memory until its schema is in: the three race
    // for the switch to WAL and the schema, and must still serialise.
    // Each commits as soon as it holds its write: the others wait for it, as they wait for the schema.
    const writers = [11, 12, 13].map(async (listing) => {
      const writer = await holdWrite(path, listing);
      writer.commit();
      return writer.done;
    });
    for (const done of await Promise.all(writers)) assert.match(done, /committed/);
    const store = openSqliteStore(path);
    assert.equal(store.db.pragma('journal_mode', { simple: true }), 'wal');
    assert.equal(readSchemaVersion(store.db), MIGRATIONS.length);
    for (const listing of [11, 12, 13])
      assert.equal(store.loadListing(listingKeyOf(listing))?.papers.length, PAPERS_PER_LISTING);
    checkIntegrity(store);
    store.close();
  });
});

describe('SqliteStore at a day of 2,000 papers', () => {
  it('saves 2,000 papers with their listing in one transaction, and finds them', () => {
    for (const path of [':memory:', newPath()]) {
      const store = openSqliteStore(path);
      const batch = listingPapers(7);
      assert.deepEqual(store.savePapers(batch, listingKeyOf(7)), {
        inserted: 2000,
        updated: 0,
        unchanged: 0,
      });
      assert.deepEqual(store.savePapers(batch, listingKeyOf(7)), {
        inserted: 0,
        updated: 0,
        unchanged: 2000,
      });
      assert.equal(store.searchPapers('reinforcement learning', { limit: 20 }).length, 20);
      store.close();
    }
  });
});
