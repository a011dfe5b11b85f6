// Config, step one: finds paperwire.toml, parses it, and locates a dotted key's `file:line` so every config
// error can name the place to fix.

import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type * as SmolToml from 'smol-toml';
import { readUpTo } from '../files.js';
import { ConfigError, UsageError } from '../errors.js';

export type TomlTable = Record<string, unknown>;

/** Finds `file:line` for a dotted key such as `profiles.rl.lang`, by scanning table headers and assignments. */
export type Locate = (dottedKey: string) => string;

/**
 * The config file to read: `--config` when given (throws `ConfigError` if missing), else `paperwire.toml` in
 * `cwd`, then in `home`; null when there is none.
 */
export function findConfigFile(cwd: string, home: string, explicit: string | undefined): string | null {
  if (explicit) {
    const path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new UsageError(`--config: no file at ${path}`, { hint: 'check the path' });
    return path;
  }
  for (const candidate of [join(cwd, 'paperwire.toml'), join(home, 'paperwire.toml')]) {
    if (existsSync(candidate)) return candidate;
  }
  return null;
}

/** More than any config holds: a larger file is refused before it is read. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;

/**
 * Reads and parses the TOML file; throws `ConfigError` at `file:line` when it is not valid TOML, and at the file
 * when it is no regular file (a folder; a device such as /dev/zero, which never ends), too large, or not UTF-8 text
 * (Windows editors save UTF-16).
 */
export function readConfigFile(path: string): { data: TomlTable; text: string } {
  const text = readConfigText(path);
  const { TomlError, parse: parseToml } = loadToml();
  try {
    return { data: parseToml(text), text };
  } catch (error) {
    if (error instanceof TomlError) {
      const what = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'invalid TOML';
      throw new ConfigError(`${path}:${error.line}`, `not valid TOML: ${what}`, {
        cause: error,
        hint: 'see https://toml.io for the syntax',
      });
    }
    throw error;
  }
}

function readConfigText(path: string): string {
  const found = statSync(path);
  // A pipe is read too (`--config <(…)`, `--config /dev/stdin`), up to the limit; a device never ends.
  if (!found.isFile() && !found.isFIFO()) {
    throw new ConfigError(
      path,
      `the config is a ${found.isDirectory() ? 'folder' : 'device or special file'}, not a file`,
      {
        hint: 'name a paperwire.toml file (--config FILE), or move the folder of that name away',
      },
    );
  }
  const bytes = readUpTo(path, MAX_CONFIG_BYTES);
  if (bytes === null) {
    throw new ConfigError(path, `the config holds more than ${MAX_CONFIG_BYTES} bytes`, {
      hint: 'check that --config names your paperwire.toml',
    });
  }
  // UTF-16 (a byte order mark, or the NUL bytes of its ASCII characters) or binary data: never TOML's UTF-8.
  const isUtf16 =
    bytes.subarray(0, 2).equals(Buffer.from([0xff, 0xfe])) ||
    bytes.subarray(0, 2).equals(Buffer.from([0xfe, 0xff]));
  if (isUtf16 || bytes.includes(0)) {
    throw new ConfigError(path, `the config is ${isUtf16 ? 'UTF-16' : 'binary data'}, not UTF-8 text`, {
      hint: 'save it as UTF-8 (TOML files are UTF-8), or check that --config names your paperwire.toml',
    });
  }
  return bytes.toString('utf8');
}

/**
 * smol-toml, loaded when there is a file to read (a command run with no config file never loads it), from its
 * one-file CommonJS build: a synchronous load, and one file to read instead of nine modules.
 */
function loadToml(): typeof SmolToml {
  return createRequire(import.meta.url)('smol-toml') as typeof SmolToml;
}

/** A `Locate` over the file's text; a key it cannot find is located at the file alone. */
export function locator(path: string, text: string): Locate {
  const lines = text.split(/\r?\n/);
  return (dottedKey) => {
    const parts = dottedKey.split('.');
    const key = parts.pop() ?? '';
    const section = parts.join('.');
    let current = '';
    for (let index = 0; index < lines.length; index++) {
      const line = (lines[index] ?? '').trim();
      const header = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
      if (header) {
        current = (header[1] ?? '').replace(/["'\s]/g, '');
        if (current === dottedKey) return `${path}:${index + 1}`;
        continue;
      }
      const assignment = /^["']?([A-Za-z0-9_.-]+)["']?\s*=/.exec(line);
      if (!assignment) continue;
      const full = current ? `${current}.${assignment[1]}` : (assignment[1] ?? '');
      if (full === dottedKey || (current === section && assignment[1] === key)) return `${path}:${index + 1}`;
    }
    return path;
  };
}
