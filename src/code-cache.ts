// Runs a CommonJS bundle (dist/cli.cjs, the CLI's `digest` and `run`; dist/search.cjs, `search`) through vm.Script
// with a V8 code cache, so a later process skips parsing and compiling what an earlier one compiled. Node 20 caches
// no ES module code.

import { readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type * as NodeCrypto from 'node:crypto';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { Script } from 'node:vm';
import { crc32 } from 'node:zlib';
import { createFolders } from './files.js';

/** The first bytes of a cache file; a file not starting with them is not ours (version 1 had a SHA-256). */
const MAGIC = Buffer.from('paperwire-v8-code-cache 2\n');
/**
 * The payload's CRC-32 (big-endian) follows MAGIC: V8 checks a cache's version and flags, not every byte of it. A
 * CRC-32 catches a damaged or cut file as a SHA-256 did, and node:zlib loads in about half the time of node:crypto,
 * which every digest and search paid before it read a byte (the file is no defence against whoever may write it).
 */
const CHECKSUM_BYTES = 4;

export interface CachedBundle {
  /** What the bundle put in `module.exports`. */
  exports: Record<string, unknown>;
  /**
   * How the cache was used: `hit` (V8 took it), `missing` (no file), `stale` (not ours, damaged, or refused by V8:
   * another node or flags), or `off`.
   */
  cacheState: 'hit' | 'missing' | 'stale' | 'off';
  /**
   * Writes the cache when this run had none it could use, after the command ran (so the functions it compiled on
   * the way are in it): into the first writable of `cacheDirs`. Returns where it wrote, or null (nothing to write,
   * or no folder would take it: the next run compiles again, which is only slower).
   */
  saveCache: () => string | null;
}

export interface LoadBundleOptions {
  /** Folders to keep the cache in, first choice first (`cacheDirsFor`). Empty: no cache, plain compile. */
  cacheDirs: readonly string[];
}

/**
 * Loads the CommonJS bundle at `bundlePath` with the code cache from the first of `cacheDirs` holding one for this
 * exact bundle (its SHA-256), node version and architecture. A missing, damaged or refused cache is never an error:
 * the bundle is compiled as usual and `saveCache` writes a new one.
 */
export function loadCachedBundle(bundlePath: string, options: LoadBundleOptions): CachedBundle {
  const source = readFileSync(bundlePath, 'utf8');
  const fileName = cacheFileName(bundlePath, source);
  const found = options.cacheDirs.length === 0 ? null : readCache(options.cacheDirs, fileName);
  // The wrapper node itself gives a CommonJS file: the bundle sees the usual module variables.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, {
    filename: bundlePath,
    ...(found === null || found === 'stale' ? {} : { cachedData: found }),
  });
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run(module.exports, createRequire(bundlePath), module, bundlePath, dirname(bundlePath));
  const cacheState = stateOf(options.cacheDirs.length === 0, found, script.cachedDataRejected === true);
  let saved = false;
  return {
    exports: module.exports,
    cacheState,
    saveCache: () => {
      if (saved || cacheState === 'hit' || cacheState === 'off') return null;
      saved = true;
      return writeCache(
        options.cacheDirs,
        { bundleName: basename(bundlePath), fileName },
        script.createCachedData(),
      );
    },
  };
}

function stateOf(
  isOff: boolean,
  found: Buffer | 'stale' | null,
  isRejected: boolean,
): CachedBundle['cacheState'] {
  if (isOff) return 'off';
  if (found === null) return 'missing';
  if (found === 'stale' || isRejected) return 'stale';
  return 'hit';
}

/**
 * Where a bundle's cache may live: beside the bundle (one cache per install, removed with the build, and the same
 * for every PAPERWIRE_HOME), else the user's cache folder when the install is read-only (a global npm install).
 */
export function cacheDirsFor(bundlePath: string, env: NodeJS.ProcessEnv): string[] {
  const userCache = env['XDG_CACHE_HOME'] ?? join(homedir(), '.cache');
  return [dirname(bundlePath), join(userCache, 'paperwire')];
}

/**
 * The cache's file name: the bundle's name, its SHA-256 and the node that compiled it (V8 refuses any other). The
 * hash is the build's (`<bundle>.sha256` beside it), else computed: V8 itself compares only a source's length.
 */
function cacheFileName(bundlePath: string, source: string): string {
  const built = readIfPresent(`${bundlePath}.sha256`)?.toString('utf8').trim() ?? '';
  const hash = /^[0-9a-f]{64}$/.test(built) ? built : sha256Of(bundlePath, source);
  return `${basename(bundlePath)}.${hash.slice(0, 16)}.${process.version}-${process.arch}.v8-cache`;
}

/** The SHA-256 of a bundle whose build wrote none, as the build would: node:crypto is loaded only then. */
function sha256Of(bundlePath: string, source: string): string {
  const { createHash } = createRequire(bundlePath)('node:crypto') as typeof NodeCrypto;
  return createHash('sha256').update(source).digest('hex');
}

/** The payload of the first cache file found and whole; 'stale' when one was found damaged; null when none. */
function readCache(dirs: readonly string[], fileName: string): Buffer | 'stale' | null {
  let isDamaged = false;
  for (const dir of dirs) {
    const bytes = readIfPresent(join(dir, fileName));
    if (bytes === null) continue;
    const payload = payloadOf(bytes);
    if (payload !== null) return payload;
    isDamaged = true;
  }
  return isDamaged ? 'stale' : null;
}

/** A file's bytes, or null when it cannot be read (missing, a folder, no permission: all mean "no cache"). */
function readIfPresent(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch (error) {
    if (isFileSystemError(error)) return null;
    throw error;
  }
}

/** The payload when `bytes` is a whole cache file (magic, checksum matching the payload), else null. */
function payloadOf(bytes: Buffer): Buffer | null {
  const headerBytes = MAGIC.length + CHECKSUM_BYTES;
  if (bytes.length <= headerBytes || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return null;
  const payload = bytes.subarray(headerBytes);
  return crc32(payload) === bytes.readUInt32BE(MAGIC.length) ? payload : null;
}

/**
 * Writes the cache into the first folder that takes it: a temporary file of this process renamed over the final
 * name, so a reader never sees half a file and two processes writing at once each rename a whole one. Caches of
 * other builds in that folder are removed. Returns the path written, or null.
 */
function writeCache(
  dirs: readonly string[],
  names: { bundleName: string; fileName: string },
  payload: Buffer,
): string | null {
  const { fileName } = names;
  const checksum = Buffer.alloc(CHECKSUM_BYTES);
  checksum.writeUInt32BE(crc32(payload));
  const bytes = Buffer.concat([MAGIC, checksum, payload]);
  for (const dir of dirs) {
    const path = join(dir, fileName);
    // The process id makes the name this process's own; the random part only guards against a reused id.
    const temporary = `${path}.${process.pid}-${Math.random().toString(16).slice(2, 10)}.tmp`;
    let isTemporaryStarted = false;
    try {
      createFolders(dir);
      // From here a failure (a full disk) may leave part of the temporary file: it is removed.
      isTemporaryStarted = true;
      writeFileSync(temporary, bytes);
      renameSync(temporary, path);
    } catch (error) {
      if (!isFileSystemError(error)) throw error;
      if (isTemporaryStarted) rmSync(temporary, { force: true });
      continue;
    }
    removeOtherBuilds(dir, names);
    return path;
  }
  return null;
}

/** Removes the caches of other builds of the same bundle from `dir` (a user cache folder outlives builds). */
function removeOtherBuilds(dir: string, names: { bundleName: string; fileName: string }): void {
  const { bundleName, fileName } = names;
  for (const name of readdirSync(dir)) {
    if (name === fileName || !name.startsWith(`${bundleName}.`) || !name.endsWith('.v8-cache')) continue;
    try {
      rmSync(join(dir, name), { force: true });
    } catch (error) {
      // Another user's file in a shared folder stays: it costs only its space, never a wrong cache.
      if (!isFileSystemError(error)) throw error;
    }
  }
}

/** An error from the file system (ENOENT, EACCES, EROFS, ENOSPC, ...), which for a cache means "not here". */
function isFileSystemError(error: unknown): boolean {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).code === 'string';
}
