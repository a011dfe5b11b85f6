// The code cache's loader: a bundle runs the same with or without a cache, and a missing, damaged, refused or other
// build's cache is replaced, never trusted; writes are whole even when processes race.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { crc32 } from 'node:zlib';
import { compileChildScript } from '../test/helpers/child-script.js';
import { cacheDirsFor, loadCachedBundle } from './code-cache.js';

const BUNDLE = `
const { join } = require('node:path');
function double(value) { return value * 2; }
exports.answer = () => double(21);
exports.where = () => join(__dirname, 'x');
`;

/** A folder with a bundle file and an empty cache folder. */
function makeBundle(source = BUNDLE): { bundlePath: string; cacheDir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-code-cache-'));
  const bundlePath = join(dir, 'bundle.cjs');
  writeFileSync(bundlePath, source);
  return { bundlePath, cacheDir: join(dir, 'cache') };
}

function answerOf(bundle: { exports: Record<string, unknown> }): unknown {
  return (bundle.exports['answer'] as () => number)();
}

function cacheFilesIn(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.v8-cache'));
}

describe('loadCachedBundle', () => {
  it('runs the bundle without a cache, writes one after, and takes it on the next load', () => {
    const { bundlePath, cacheDir } = makeBundle();
    const first = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] });
    assert.equal(first.cacheState, 'missing');
    assert.equal(answerOf(first), 42);
    const written = first.saveCache();
    assert.ok(written?.startsWith(cacheDir));
    const second = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] });
    assert.equal(second.cacheState, 'hit');
    assert.equal(answerOf(second), 42);
    assert.equal(second.saveCache(), null, 'a cache that was taken is not written again');
  });

  it('gives the bundle the CommonJS variables of its own file', () => {
    const { bundlePath } = makeBundle();
    const bundle = loadCachedBundle(bundlePath, { cacheDirs: [] });
    assert.equal(bundle.cacheState, 'off');
    assert.equal((bundle.exports['where'] as () => string)(), join(bundlePath, '..', 'x'));
    assert.equal(bundle.saveCache(), null);
  });

  it('replaces a damaged cache: a changed byte or a cut file is never given to V8', () => {
    for (const damage of [
      (bytes: Buffer) => Buffer.concat([bytes.subarray(0, -1), Buffer.from([(bytes.at(-1) ?? 0) ^ 1])]),
      (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2)),
      () => Buffer.from('not a cache'),
    ]) {
      const { bundlePath, cacheDir } = makeBundle();
      const path = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] }).saveCache() ?? '';
      writeFileSync(path, damage(readFileSync(path)));
      const loaded = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] });
      assert.equal(loaded.cacheState, 'stale');
      assert.equal(answerOf(loaded), 42);
      assert.equal(loaded.saveCache(), path);
      assert.equal(loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] }).cacheState, 'hit');
    }
  });

  it('replaces a whole cache that V8 refuses (made by another V8 or other flags)', () => {
    // A source this process never compiled: V8 would take an earlier compile of it from memory, not the file.
    const source = `${BUNDLE}// refused\n`;
    const { bundlePath, cacheDir } = makeBundle(source);
    // A well-formed file of ours (code-cache.ts's name and header) whose payload is no V8 cache.
    const hash = createHash('sha256').update(source).digest('hex').slice(0, 16);
    const path = join(cacheDir, `bundle.cjs.${hash}.${process.version}-${process.arch}.v8-cache`);
    const payload = Buffer.alloc(4096, 7);
    mkdirSync(cacheDir, { recursive: true });
    const checksum = Buffer.alloc(4);
    checksum.writeUInt32BE(crc32(payload));
    writeFileSync(path, Buffer.concat([Buffer.from('paperwire-v8-code-cache 2\n'), checksum, payload]));
    const loaded = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] });
    assert.equal(loaded.cacheState, 'stale');
    assert.equal(answerOf(loaded), 42);
    assert.equal(loaded.saveCache(), path);
    assert.notDeepEqual(readFileSync(path).subarray(-payload.length), payload);
  });

  it("never takes another build's cache, and removes it when writing its own", () => {
    const { bundlePath, cacheDir } = makeBundle();
    loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] }).saveCache();
    writeFileSync(bundlePath, BUNDLE.replace('value * 2', 'value * 3'));
    const rebuilt = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] });
    assert.equal(rebuilt.cacheState, 'missing');
    assert.equal(answerOf(rebuilt), 63);
    rebuilt.saveCache();
    assert.equal(cacheFilesIn(cacheDir).length, 1);
    assert.equal(answerOf(loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] })), 63);
  });

  it("keys the cache by the build's hash of the bundle when the build wrote one beside it", () => {
    const { bundlePath, cacheDir } = makeBundle();
    writeFileSync(`${bundlePath}.sha256`, `${'ab'.repeat(32)}\n`);
    const path = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] }).saveCache();
    assert.equal(
      path,
      join(cacheDir, `bundle.cjs.${'ab'.repeat(8)}.${process.version}-${process.arch}.v8-cache`),
    );
  });

  it("keys the cache by the SHA-256 of the bundle's bytes when the build wrote no hash, as the build would", () => {
    const source = `${BUNDLE}exports.sign = () => '⚠ 中文';\n`;
    const { bundlePath, cacheDir } = makeBundle(source);
    const hash = createHash('sha256').update(readFileSync(bundlePath)).digest('hex').slice(0, 16);
    const path = loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] }).saveCache();
    assert.equal(path, join(cacheDir, `bundle.cjs.${hash}.${process.version}-${process.arch}.v8-cache`));
  });

  it('writes into the next folder when the first cannot be a folder, and reads it from there', () => {
    const { bundlePath, cacheDir } = makeBundle();
    // A file where the first folder should be: mkdir and the write fail as on a read-only install.
    const notAFolder = `${bundlePath}.file`;
    writeFileSync(notAFolder, '');
    const path = loadCachedBundle(bundlePath, { cacheDirs: [notAFolder, cacheDir] }).saveCache();
    assert.ok(path?.startsWith(cacheDir));
    assert.equal(loadCachedBundle(bundlePath, { cacheDirs: [notAFolder, cacheDir] }).cacheState, 'hit');
  });

  it('leaves one whole cache and no temporary file when processes write at once', async () => {
    const { bundlePath, cacheDir } = makeBundle();
    // The loader compiled once (test/helpers/child-script.ts): the children run on plain node, not under tsx.
    const loader = pathToFileURL(compileChildScript(join(import.meta.dirname, 'code-cache.ts'))).href;
    const script =
      `const { loadCachedBundle } = await import(${JSON.stringify(loader)});` +
      `loadCachedBundle(${JSON.stringify(bundlePath)}, { cacheDirs: [${JSON.stringify(cacheDir)}] }).saveCache();`;
    const runs = Array.from(
      { length: 3 },
      () =>
        new Promise<{ code: number | null; stderr: string }>((resolve) => {
          const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.on('close', (code) => resolve({ code, stderr }));
        }),
    );
    const ended = await Promise.all(runs);
    assert.deepEqual(
      ended.map(({ code }) => code),
      [0, 0, 0],
      ended.map(({ stderr }) => stderr).join('\n'),
    );
    assert.deepEqual(
      readdirSync(cacheDir).filter((name) => name.endsWith('.tmp')),
      [],
    );
    assert.equal(cacheFilesIn(cacheDir).length, 1);
    assert.equal(loadCachedBundle(bundlePath, { cacheDirs: [cacheDir] }).cacheState, 'hit');
  });
});

describe('cacheDirsFor', () => {
  it("is the bundle's folder, then the user's cache folder", () => {
    assert.deepEqual(cacheDirsFor('/opt/paperwire/dist/cli.cjs', { XDG_CACHE_HOME: '/home/u/.cache' }), [
      '/opt/paperwire/dist',
      '/home/u/.cache/paperwire',
    ]);
  });
});
