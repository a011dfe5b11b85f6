// Startup: each command loads only what it uses. The built CLI runs with a hook that records every module it
// imports (helpers/record-imports.mjs); `--help` must load no command, `search` no web server or XML parser.

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { BIN } from './helpers/run-cli.js';

const RECORDER = join(import.meta.dirname, 'helpers', 'record-imports.mjs');

/** Modules no command needs to start, each named by a fragment of its resolved URL. */
const HEAVY = {
  hono: '/node_modules/hono/',
  honoServer: '/node_modules/@hono/node-server/',
  nodemailer: '/node_modules/nodemailer/',
  sqlite: '/node_modules/better-sqlite3/',
  xmlParser: '/node_modules/fast-xml-parser/',
  toml: '/node_modules/smol-toml/',
  glossaries: '/dist/enrich/glossary/',
  commands: '/dist/cli/',
} as const;

/** Runs the built `paperwire ...args` on an empty home and returns the URLs of the modules it imported. */
function importsOf(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-startup-'));
  const listPath = join(dir, 'imports.txt');
  const result = spawnSync(process.execPath, ['--import', RECORDER, BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', PAPERWIRE_HOME: dir, RECORD_IMPORTS_FILE: listPath },
    encoding: 'utf8',
  });
  assert.equal(result.status, 0, result.stderr);
  return readFileSync(listPath, 'utf8').split('\n').filter(Boolean);
}

/** The names of HEAVY whose modules are among `urls`. */
function heavyIn(urls: string[], names: (keyof typeof HEAVY)[]): string[] {
  return names.filter((name) => urls.some((url) => url.includes(HEAVY[name])));
}

const ALL = Object.keys(HEAVY) as (keyof typeof HEAVY)[];

describe('startup', () => {
  for (const flag of ['--help', '--version']) {
    it(`loads no command and no dependency for ${flag}`, () => {
      const urls = importsOf([flag]);
      assert.ok(
        urls.some((url) => url.endsWith('/dist/cli.js')),
        'the recorder saw the CLI load',
      );
      assert.deepEqual(heavyIn(urls, ALL), []);
    });
  }

  it('loads the store and the config for search, and no web server, mailer, XML parser or glossary', () => {
    const urls = importsOf(['search', 'transformer']);
    assert.deepEqual(heavyIn(urls, ['sqlite', 'toml']), ['sqlite', 'toml']);
    assert.deepEqual(heavyIn(urls, ['hono', 'honoServer', 'nodemailer', 'xmlParser', 'glossaries']), []);
  });

  it('loads no mailer and no web server for a digest that is not e-mailed', () => {
    const urls = importsOf(['digest', '--help']);
    assert.ok(
      urls.some((url) => url.endsWith('/dist/cli/digest.js')),
      'the digest command loaded',
    );
    assert.deepEqual(heavyIn(urls, ['nodemailer', 'hono', 'honoServer']), []);
  });
});
