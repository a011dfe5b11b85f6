// Config, step one: finds paperwire.toml, parses it, and locates a dotted key's `file:line` so every config
// error can name the place to fix.

import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { TomlError, parse as parseToml } from 'smol-toml';
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

/** Reads and parses the TOML file; throws `ConfigError` at `file:line` when it is not valid TOML. */
export function readConfigFile(path: string): { data: TomlTable; text: string } {
  const text = readFileSync(path, 'utf8');
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
