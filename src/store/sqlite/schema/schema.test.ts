// A new store's one-script schema (new-store.ts) against the migrations it stands for, applied one by one: the
// same tables, indexes, triggers and full-text indexes, word for word, the same rows, and the later migrations on top.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { nativeBinding } from '../connection.js';
import { MIGRATIONS, migrate, readSchemaVersion } from './migrations.js';
import { NEW_STORE_SQL, SQUASHED_VERSION } from './new-store.js';

/** What a schema is: every object SQLite lists (but where its pages are), and every row of every real table. */
function describeSchema(db: Database.Database): { objects: unknown[]; rows: Record<string, unknown[]> } {
  const objects = db
    .prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name')
    .all() as { type: string; name: string; sql: string | null }[];
  const rows: Record<string, unknown[]> = {};
  for (const object of objects) {
    if (object.type === 'table' && !(object.sql ?? '').startsWith('CREATE VIRTUAL TABLE'))
      rows[object.name] = db.prepare(`SELECT * FROM "${object.name}" ORDER BY 1`).all();
  }
  return { objects, rows };
}

function newDatabase(): Database.Database {
  return new Database(':memory:', { nativeBinding: nativeBinding() });
}

describe('the new store script', () => {
  it('makes the schema and rows of every migration through SQUASHED_VERSION applied one by one', () => {
    const oneByOne = newDatabase();
    // Copies: migrate() takes the script only for the shipped migrations themselves.
    migrate(
      oneByOne,
      ':memory:',
      MIGRATIONS.map((migration) => ({ ...migration })),
    );
    const fromScript = newDatabase();
    fromScript.exec(NEW_STORE_SQL);
    fromScript.pragma(`user_version = ${SQUASHED_VERSION}`);
    migrate(
      fromScript,
      ':memory:',
      MIGRATIONS.map((migration) => ({ ...migration })),
    );
    const migrated = newDatabase();
    migrate(migrated, ':memory:');
    assert.equal(readSchemaVersion(migrated), MIGRATIONS.length);
    assert.deepEqual(describeSchema(fromScript), describeSchema(oneByOne));
    assert.deepEqual(describeSchema(migrated), describeSchema(oneByOne));
  });

  it('runs the migrations after SQUASHED_VERSION on top of the script', () => {
    const db = newDatabase();
    // A later migration, as other work appends them.
    const later = {
      version: MIGRATIONS.length + 1,
      summary: 'later',
      sql: 'CREATE TABLE later (id INTEGER) STRICT;',
    };
    migrate(db, ':memory:', [...MIGRATIONS, later]);
    assert.equal(readSchemaVersion(db), later.version);
    assert.ok(
      db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'later'").get(),
      'the later migration ran',
    );
    assert.ok(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'papers'").get(), 'on the script tables');
    assert.ok(SQUASHED_VERSION <= MIGRATIONS.length && NEW_STORE_SQL.includes('CREATE TABLE papers ('));
  });

  it('is not used for a list of migrations other than the shipped ones (a test making an old file)', () => {
    const db = newDatabase();
    migrate(db, ':memory:', MIGRATIONS.slice(0, 3));
    assert.equal(readSchemaVersion(db), 3);
    assert.equal(
      db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'hf_papers'").get() !== undefined,
      true,
    );
    assert.equal(db.prepare("SELECT 1 FROM sqlite_master WHERE name = 'library'").get(), undefined);
  });
});
