// Tests of the new store's one-script schema: a new file holds, to the byte, what every migration builds one by one.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openDatabase } from '../connection.js';
import { MIGRATIONS, migrate, readSchemaVersion } from './migrations.js';
import { NEW_STORE_SCHEMA, createNewStoreSchema } from './new-store.js';

const scratch = mkdtempSync(join(tmpdir(), 'paperwire-new-store-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

/** Every schema object (tables, indexes, triggers, FTS5's own tables) by name, with its SQL; page numbers left out. */
function schemaOf(db: Database.Database): unknown[] {
  return db.prepare('SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name').all();
}

/** The rows a new schema starts with: the full-text index's mark, and FTS5's own configuration and empty index. */
function startingRowsOf(db: Database.Database): unknown[] {
  return [
    'fts_progress',
    'papers_fts_config',
    'papers_fts_data',
    'translations_fts_config',
    'translations_fts_data',
  ].map((table) => db.prepare(`SELECT * FROM ${table}`).all());
}

describe('new store schema', () => {
  it('holds what the migrations build one by one: the same objects, SQL text, starting rows and version', () => {
    const migrated = new Database(':memory:');
    migrate(migrated, ':memory:');
    const created = openDatabase(join(scratch, 'new.db'));
    assert.deepEqual(schemaOf(created), schemaOf(migrated));
    assert.deepEqual(startingRowsOf(created), startingRowsOf(migrated));
    assert.equal(readSchemaVersion(created), MIGRATIONS.length);
    created.close();
    migrated.close();
  });

  it('is the schema of one of the migrations, which the later ones follow', () => {
    const migration = MIGRATIONS[NEW_STORE_SCHEMA.version - 1];
    assert.equal(migration?.version, NEW_STORE_SCHEMA.version);
    const migrated = new Database(':memory:');
    migrate(migrated, ':memory:', MIGRATIONS.slice(0, NEW_STORE_SCHEMA.version));
    const created = new Database(':memory:');
    createNewStoreSchema(created);
    assert.deepEqual(schemaOf(created), schemaOf(migrated));
    assert.equal(readSchemaVersion(created), NEW_STORE_SCHEMA.version);
    created.close();
    migrated.close();
  });

  it('leaves a file that has a schema as it is', () => {
    const db = new Database(':memory:');
    migrate(db, ':memory:', MIGRATIONS.slice(0, 3));
    const before = schemaOf(db);
    createNewStoreSchema(db);
    assert.deepEqual(schemaOf(db), before);
    assert.equal(readSchemaVersion(db), 3);
    db.close();
  });
});
