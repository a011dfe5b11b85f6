// Startup: each command loads only what it uses. The built CLI runs with a hook that records every module it
// imports (helpers/record-imports.mjs); `--help` must load the help text alone, `search` its own CommonJS file with no
// other command, HTTP client, web server, XML or TOML parser, and a digest of today's RSS listing that translates
// nothing no XML library, glossary, mailer or web server.
// dist/ is a bundle (scripts/build.mjs): a file of it that loads stands for the source files esbuild put in it.

import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  cpSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  symlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { serveFiles, startLoopbackServer } from './helpers/loopback-server.js';
import { BIN } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const RECORDER = join(import.meta.dirname, 'helpers', 'record-imports.mjs');

/** Modules no command needs to start, each named by a fragment of its URL (a dependency) or its source path. */
const HEAVY = {
  hono: '/node_modules/hono/',
  honoServer: '/node_modules/@hono/node-server/',
  nodemailer: '/node_modules/nodemailer/',
  sqlite: '/node_modules/better-sqlite3/',
  xmlParser: '/node_modules/fast-xml-parser/',
  toml: '/node_modules/smol-toml/',
  glossaries: '/src/enrich/glossary/',
  glossaryTables: '/src/enrich/glossary/glossary.ts',
  commands: '/src/cli/',
  crypto: 'node:crypto',
} as const;

/** esbuild's account of the build (dist/meta.json): each file of dist/ and the source files bundled into it. */
interface BundleMeta {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

/**
 * What `urls` (recorded imports) loaded: each file of the bundle as `/src/...` paths of the sources it holds,
 * anything else (dependencies, node's own modules, bin/) as its URL.
 */
function sourcesOf(urls: string[]): string[] {
  const meta = JSON.parse(readFileSync(join(ROOT, 'dist', 'meta.json'), 'utf8')) as BundleMeta;
  return urls.flatMap((url) => {
    const output = url.startsWith('file:') ? meta.outputs[relative(ROOT, fileURLToPath(url))] : undefined;
    return output === undefined ? [url] : Object.keys(output.inputs).map((input) => `/${input}`);
  });
}

const DEMO_FEED = readFileSync(join(import.meta.dirname, '..', 'demo', 'arxiv-rss-cs.xml'), 'utf8');

/**
 * Runs the built `paperwire ...args` on an empty home (with `env` added) and returns what it loaded (`sourcesOf`).
 * Spawned, not run synchronously, so that a loopback server in this process can answer it.
 */
async function importsOf(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  return (await loadsOf(args, env)).all;
}

/**
 * What `paperwire ...args` loaded (`all`, as importsOf), and what of it node's ES module loader was asked for
 * (`imported`, the recorder's `.esm` list, as URLs).
 */
async function loadsOf(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ all: string[]; imported: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-startup-'));
  const listPath = join(dir, 'imports.txt');
  const child = spawn(process.execPath, ['--import', RECORDER, BIN, ...args], {
    cwd: dir,
    env: { PATH: process.env['PATH'] ?? '', PAPERWIRE_HOME: dir, RECORD_IMPORTS_FILE: listPath, ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(status, 0, stderr);
  const linesOf = (path: string): string[] =>
    existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean) : [];
  return { all: sourcesOf(linesOf(listPath)), imported: linesOf(`${listPath}.esm`) };
}

/** The names of HEAVY whose modules are among `urls`. */
function heavyIn(urls: string[], names: (keyof typeof HEAVY)[]): string[] {
  return names.filter((name) => urls.some((url) => url.includes(HEAVY[name])));
}

const ALL = Object.keys(HEAVY) as (keyof typeof HEAVY)[];

/**
 * Without the code cache: `digest` and `run` run from the ES modules, `search` from dist/search.cjs required (with
 * the cache, the cache's loader reads the bundle, and the recorder sees only what it requires).
 */
const NO_CODE_CACHE = { PAPERWIRE_CODE_CACHE: 'off' };

describe('startup', () => {
  for (const flag of ['--help', '--version']) {
    it(`answers ${flag} from the help text alone: no CLI, no command, no dependency`, async () => {
      const urls = await importsOf([flag]);
      assert.ok(
        urls.some((url) => url.endsWith('/src/cli-help.ts')),
        'the recorder saw the help text load',
      );
      assert.ok(!urls.some((url) => url.endsWith('/src/cli.ts')), 'the CLI itself did not load');
      assert.deepEqual(heavyIn(urls, ALL), []);
    });
  }

  it('writes the code cache only after a run that did its work, not after --help or a usage error', () => {
    // A copy of the install, so that its dist/ holds no cache another test's run wrote.
    const install = mkdtempSync(join(tmpdir(), 'paperwire-install-'));
    cpSync(join(ROOT, 'bin'), join(install, 'bin'), { recursive: true });
    cpSync(join(ROOT, 'dist'), join(install, 'dist'), {
      recursive: true,
      filter: (source) => !source.endsWith('.v8-cache'),
    });
    symlinkSync(join(ROOT, 'node_modules'), join(install, 'node_modules'));
    const home = mkdtempSync(join(tmpdir(), 'paperwire-startup-'));
    const caches = (): string[] =>
      readdirSync(join(install, 'dist')).filter((name) => name.endsWith('.v8-cache'));
    const paperwire = (...args: string[]): number | null =>
      spawnSync(process.execPath, [join(install, 'bin', 'paperwire.js'), ...args], {
        env: { PATH: process.env['PATH'] ?? '', PAPERWIRE_HOME: home, XDG_CACHE_HOME: join(home, 'cache') },
        stdio: 'ignore',
      }).status;
    assert.equal(paperwire('search', '--help'), 0);
    assert.equal(paperwire('search', 'x', '--limit', 'many'), 2);
    assert.deepEqual(caches(), [], 'no cache from --help or a usage error');
    assert.equal(paperwire('search', 'transformer'), 0);
    assert.deepEqual(
      caches().map((name) => name.split('.')[0]),
      ['search'],
      'the cache of a search that ran',
    );
  });

  it('ends in one line when its output cannot be written (a full disk), with no stack', () => {
    const full = openSync('/dev/full', 'w');
    try {
      for (const args of [['--help'], ['search', 'transformer']]) {
        const home = mkdtempSync(join(tmpdir(), 'paperwire-startup-'));
        const result = spawnSync(process.execPath, [BIN, ...args], {
          env: { PATH: process.env['PATH'] ?? '', PAPERWIRE_HOME: home },
          stdio: ['ignore', full, 'pipe'],
          encoding: 'utf8',
        });
        assert.equal(result.status, 1, args.join(' '));
        assert.equal(
          result.stderr,
          'paperwire: cannot write the output: ENOSPC: no space left on device, write ' +
            '(check the disk or the file it goes to)\n',
        );
      }
    } finally {
      closeSync(full);
    }
  });

  it('loads the store for search, and no web server, mailer, XML parser, glossary, TOML parser (no file) or crypto', async () => {
    const urls = await importsOf(['search', 'transformer'], NO_CODE_CACHE);
    assert.deepEqual(heavyIn(urls, ['sqlite']), ['sqlite']);
    assert.deepEqual(
      heavyIn(urls, ['hono', 'honoServer', 'nodemailer', 'xmlParser', 'glossaries', 'toml', 'crypto']),
      [],
    );
    // With its code cache, whose file is checked by a CRC-32 (src/code-cache.ts).
    const cached = await importsOf(['search', 'transformer']);
    assert.deepEqual(heavyIn(cached, ['sqlite']), ['sqlite']);
    assert.deepEqual(
      heavyIn(cached, ['hono', 'honoServer', 'nodemailer', 'xmlParser', 'toml', 'crypto']),
      [],
    );
  });

  it('runs search from its one CommonJS file with a code cache, with no other command and no HTTP client', async () => {
    const cached = await importsOf(['search', 'transformer']);
    assert.ok(
      cached.some((url) => url.endsWith('/src/code-cache.ts')),
      'search ran from the code-cached bundle',
    );
    assert.ok(!cached.some((url) => url.endsWith('/src/cli.ts')), 'no ES module of the CLI loaded');
    // The bundle is read by the cache's loader, not required: which sources it ran is seen without the cache.
    const urls = await importsOf(['search', 'transformer'], NO_CODE_CACHE);
    assert.ok(
      urls.some((url) => url.endsWith('/src/cli/search-main.ts')),
      'search ran from dist/search.cjs',
    );
    assert.deepEqual(
      ['/src/cli.ts', '/src/http.ts', '/src/http-wire.ts', '/src/cli/runtime.ts'].filter((source) =>
        urls.some((url) => url.endsWith(source)),
      ),
      [],
    );
  });

  // bin/paperwire.js runs `digest` from dist/cli.cjs (the code cache, src/code-cache.ts): one file holding every
  // command, each module's code run only when an import reaches it, as in the ES modules. Which of the bundle's own
  // modules ran is seen in the ES modules (PAPERWIRE_CODE_CACHE=off); the dependencies it requires, in both.
  const ES_MODULES = NO_CODE_CACHE;

  it("reads today's listing with no XML library, glossary, TOML parser, mailer or web server", async () => {
    const arxiv = await startLoopbackServer(serveFiles({ '/rss/cs': { body: DEMO_FEED } }));
    try {
      // Chinese with no translator configured: the translate stage runs and translates nothing.
      const args = ['digest', '--lang', 'zh', '--keyword', 'reinforcement learning'];
      const env = { PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss` };
      const urls = await importsOf(args, { ...env, ...ES_MODULES });
      assert.ok(
        urls.some((url) => url.endsWith('/src/sources/arxiv-rss/parse.ts')),
        'the RSS listing was read',
      );
      assert.deepEqual(
        heavyIn(urls, ['xmlParser', 'glossaryTables', 'toml', 'nodemailer', 'hono', 'honoServer']),
        [],
      );
      const { all: cached, imported } = await loadsOf(args, env);
      assert.ok(
        cached.some((url) => url.endsWith('/src/code-cache.ts')),
        'the digest ran from the code-cached bundle',
      );
      assert.deepEqual(heavyIn(cached, ['sqlite']), ['sqlite'], 'the recorder saw what the bundle required');
      assert.deepEqual(heavyIn(cached, ['xmlParser', 'toml', 'nodemailer', 'hono', 'honoServer']), []);
      // The cached digest asked node's ES module loader for no module (about 10 ms of CPU when it did). The entry
      // point itself is resolved through it here only because the recorder's `--import` starts the loader.
      assert.deepEqual(
        imported.filter((url) => url !== pathToFileURL(BIN).href),
        [],
        'the code-cached digest imported no ES module',
      );
    } finally {
      await arxiv.close();
    }
  });

  it('builds dist/cli.cjs as ASCII alone, so that V8 holds its source one byte a character', () => {
    const bundle = readFileSync(join(ROOT, 'dist', 'cli.cjs'));
    const at = bundle.findIndex((byte) => byte > 0x7f);
    assert.equal(
      at,
      -1,
      `a byte beyond ASCII at ${at}: ${bundle.subarray(Math.max(0, at - 40), at + 8).toString()}`,
    );
  });

  it('loads no mailer and no web server for a digest that is not e-mailed', async () => {
    const urls = await importsOf(['digest', '--help'], ES_MODULES);
    assert.ok(
      urls.some((url) => url.endsWith('/src/cli/digest.ts')),
      'the digest command loaded',
    );
    assert.deepEqual(heavyIn(urls, ['nodemailer', 'hono', 'honoServer']), []);
    const cached = await importsOf(['digest', '--help']);
    assert.deepEqual(heavyIn(cached, ['nodemailer', 'hono', 'honoServer']), []);
  });
});
