// Config value checks shared by every table's loader and the command line: each takes a raw TOML, environment or
// flag value and returns it typed, or throws at its place (`file:line`, `$VAR`, `--flag`) with the allowed values.

import {
  ConfigError,
  UsageError,
  registerSecret,
  type PaperwireError,
  type PaperwireErrorOptions,
} from '../errors.js';
import { parseCount, quoteInput } from '../model.js';
import { isKnownArchive, isKnownCategory, suggestCategory } from '../taxonomy.js';
import type { Locate, TomlTable } from './file.js';

/**
 * The error for a bad value at `where`: a command-line flag (`--lang`) is a usage error (exit 2), any other place
 * (`file:line`, `$VAR`) a `ConfigError`.
 */
export function valueError(
  where: string,
  message: string,
  options: PaperwireErrorOptions = {},
): PaperwireError {
  if (where.startsWith('--')) return new UsageError(`${where}: ${message}`, options);
  return new ConfigError(where, message, options);
}

/** Throws on the first key of `data` not in `allowed`; the hint lists the allowed keys. */
export function checkKeys(data: TomlTable, allowed: readonly string[], at: Locate, prefix: string): void {
  for (const key of Object.keys(data)) {
    if (allowed.includes(key)) continue;
    const dotted = prefix ? `${prefix}.${key}` : key;
    throw new ConfigError(at(dotted), `unknown key "${dotted}"`, {
      hint: `allowed${prefix ? ` in [${prefix}]` : ''}: ${allowed.join(', ')}`,
    });
  }
}

/** The value as a TOML table; an absent one is empty. */
export function table(value: unknown, at: Locate, key: string): TomlTable {
  if (value === undefined) return {};
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as TomlTable;
  throw new ConfigError(at(key), `"${key}" must be a table ([${key}])`);
}

/** `[key]` of `data` as a table holding only `allowed` keys. */
export function checkedTable(
  data: TomlTable,
  key: string,
  allowed: readonly string[],
  at: Locate,
): TomlTable {
  const found = table(data[key], at, key);
  checkKeys(found, allowed, at, key);
  return found;
}

export function optionalString(value: unknown, at: Locate, key: string): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string') throw new ConfigError(at(key), `"${key}" must be a string`);
  return value;
}

/**
 * Refuses an output path holding a control character, at `where`, with `example` as the hint. A NUL was "cannot
 * look at <the path without it> (ERR_INVALID_ARG_VALUE)" after the work was done; a line break or escape is never
 * meant in a file name, and the messages showing the path strip them.
 */
export function checkPathText(path: string, where: string, example: string): void {
  // eslint-disable-next-line no-control-regex -- finding control characters is this pattern's purpose
  if (!/[\x00-\x1f\x7f]/.test(path)) return;
  throw valueError(where, `${quoteInput(path)} holds a control character, which no file name needs`, {
    hint: `write the path like ${example}`,
  });
}

/**
 * A digest's path as written (`out`, `--out`), checked at `where`: `{date}` is its one placeholder, so any other
 * `{...}` (`{data}`, `{Date}`, `{yyyy-mm-dd}`) is a mistake that would name one file for every day, each digest
 * replacing the one before. Null stays null (stdout).
 */
export function checkOutTemplate(out: string | null, where: string): string | null {
  if (out !== null) checkPathText(out, where, 'digests/{date}.md');
  const unknown = out === null ? null : /\{[^{}]*\}/.exec(out.replaceAll('{date}', ''));
  if (unknown === null) return out;
  throw valueError(where, `${unknown[0]} is not a placeholder: only {date} is filled in (the listing date)`, {
    hint: 'write the path like digests/{date}.md',
  });
}

/** What a URL key allows besides http(s): `refuseCredentials` says why `user:password@` cannot be used there. */
export interface UrlRules {
  /** Absent: credentials are allowed (http.ts sends them as Basic authentication); else the reason they are not. */
  refuseCredentials?: { why: string; hint: string };
  /**
   * The URL is a base that paths are appended to (`<url>/rate/…`): a query or fragment would end up before every
   * path, so it is refused. Absent: allowed (an endpoint may need `?api-version=`).
   */
  isBase?: boolean;
}

/** Why a base URL (`isBase`) cannot be used as it is, or null: a `?` or `#` would come before every added path. */
export function baseUrlFault(value: string): string | null {
  return /[?#]/.test(value)
    ? `has a query or fragment (${value.slice(value.search(/[?#]/))}), which would come before every link's path`
    : null;
}

/**
 * `value` as an http(s) URL without trailing slashes; else a `ConfigError` at `where`. A password (or lone
 * token) in its userinfo is registered as a secret before anything can print it.
 */
export function httpUrl(value: string, where: string, rules: UrlRules = {}): string {
  const parsed = /^https?:\/\/[^\s]+$/.test(value) && URL.canParse(value) ? new URL(value) : null;
  if (parsed === null) {
    throw new ConfigError(where, `"${value}" is not an http(s) URL`, {
      hint: 'write it like https://host/path',
    });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    const password = decodeOrKeep(parsed.password);
    registerSecret(password === '' ? decodeOrKeep(parsed.username) : password);
    if (rules.refuseCredentials) {
      throw new ConfigError(where, `the URL carries user:password, ${rules.refuseCredentials.why}`, {
        hint: rules.refuseCredentials.hint,
      });
    }
  }
  const baseFault = rules.isBase ? baseUrlFault(value) : null;
  if (baseFault !== null) {
    throw new ConfigError(where, `"${value}" ${baseFault}`, {
      hint: 'give the address alone, like https://host/path',
    });
  }
  return value.replace(/\/+$/, '');
}

function decodeOrKeep(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // not valid percent-encoding: the text as written is what must be hidden
  }
}

/** An environment value trimmed, or undefined when unset or blank. */
export function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}

/** A file value as the hint quotes it: tables and arrays as JSON (integers past JSON's range as digits), the rest as text. */
function describeValue(value: unknown): string {
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'bigint' ? item.toString() : item,
    );
  }
  return String(value);
}

/**
 * Whether `name` may name a profile or a chat target: letters, digits, `-` and `_`, which TOML takes as a bare key
 * (`[profiles.rl]`) and a file name or variable (`PAPERWIRE_NOTIFY_<NAME>_URL`) takes as it is.
 */
export function isTableName(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name);
}

/** The most a count key takes, and why, for the error's hint. */
export interface UpperBound {
  max: number;
  why: string;
}

/**
 * 1 or more, from `$variable` when set (`fromEnv`), else the file; `fallback` when neither gives one. Above
 * `bound.max` a `ConfigError` at the same place says the most and why.
 */
export function positiveInteger(
  fromEnv: string | undefined,
  fromFile: unknown,
  at: Locate,
  key: string,
  fallback: number,
  variable = '',
  bound?: UpperBound,
): number {
  const envValue = nonEmpty(fromEnv) === undefined ? undefined : fromEnv;
  const value = envValue !== undefined ? (parseCount(envValue) ?? NaN) : fromFile;
  if (value === undefined) return fallback;
  const where = envValue !== undefined ? `$${variable}` : at(key);
  const count =
    typeof value === 'number' && Number.isInteger(value) && value > 0
      ? value
      : typeof value === 'bigint' && value > 0n
        ? Number(value)
        : null;
  if (count !== null && (bound === undefined || count <= bound.max)) return count;
  if (count !== null && bound !== undefined) {
    throw new ConfigError(where, `"${key}" must be at most ${bound.max}`, {
      hint: `got ${envValue !== undefined ? quoteInput(envValue) : describeValue(value)}; ${bound.why}`,
    });
  }
  throw new ConfigError(where, `"${key}" must be a positive whole number`, {
    hint: `got ${envValue !== undefined ? quoteInput(envValue) : describeValue(value)}; for example ${fallback}`,
  });
}

export function optionalPositive(value: unknown, at: Locate, key: string): number | null {
  if (value === undefined) return null;
  return positiveInteger(undefined, value, at, key, 1);
}

/** The longest wait a Node timer holds, 2^31 − 1 ms (24.8 days): a longer one fires after 1 ms, with a warning. */
const MAX_TIMEOUT_MS = 2 ** 31 - 1;

/**
 * A timeout key's value, or a `ConfigError` at `where` past MAX_TIMEOUT_MS: `[llm] timeout_ms = 99999999999`, meant as
 * "wait for ever", made every request time out at once ("no answer within 99999999999 ms").
 */
export function checkTimeoutMs(value: number, where: string, key: string): number {
  if (value <= MAX_TIMEOUT_MS) return value;
  throw new ConfigError(where, `"${key}" must be at most ${MAX_TIMEOUT_MS} ms (24 days)`, {
    hint: `got ${value}; a longer timer fires at once`,
  });
}

/** 0 or more, from `$variable` when set, else the file; null when neither gives one. */
export function wholeNumber(
  fromEnv: string | undefined,
  fromFile: unknown,
  at: Locate,
  key: string,
  variable: string,
) {
  const envValue = nonEmpty(fromEnv) === undefined ? undefined : fromEnv;
  const value = envValue !== undefined ? (parseCount(envValue) ?? NaN) : fromFile;
  if (value === undefined) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (typeof value === 'bigint' && value >= 0n) return Number(value);
  const where = envValue !== undefined ? `$${variable}` : at(key);
  throw new ConfigError(where, `"${key}" must be a whole number, 0 or more`, {
    hint: `got ${envValue !== undefined ? quoteInput(envValue) : describeValue(value)}`,
  });
}

/** A budget flag (`--max-tokens`, `--max-papers`): a positive whole number, or null when not given. */
export function parseBudget(value: string | undefined, flag: string): number | null {
  if (value === undefined) return null;
  const number = parseCount(value);
  if (number === null || number <= 0) {
    throw valueError(flag, `${quoteInput(value)} must be a positive whole number`, {
      hint: `e.g. ${flag} 100`,
    });
  }
  return number;
}

/**
 * A relevance score threshold, 0..1: `--min-score 0.6` (a string) or `min_score = 0.6` (a number); null when not
 * given. Throws at `where` (a usage error for a flag, a config error for a file place).
 */
export function parseMinScore(value: unknown, where: string): number | null {
  if (value === undefined) return null;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number) && number >= 0 && number <= 1) return number;
  throw valueError(where, `${JSON.stringify(value)} must be a number from 0 to 1`, {
    hint: 'relevance scores are 0..1; e.g. 0.6 keeps the papers the model thinks more likely liked than not',
  });
}

export function stringList(value: unknown, at: Locate, key: string): string[] | null {
  if (value === undefined) return null;
  if (Array.isArray(value) && value.every((item) => typeof item === 'string' && item.trim() !== '')) {
    if (value.length === 0) throw new ConfigError(at(key), `"${key}" must not be empty`);
    return value as string[];
  }
  throw new ConfigError(at(key), `"${key}" must be a list of non-empty strings`, { hint: 'e.g. ["a", "b"]' });
}

/** Validates one value against its allowed list; the error lists them. */
export function oneOf<T extends string>(
  value: unknown,
  allowed: readonly T[],
  at: Locate | string,
  key: string,
): T | null {
  if (value === undefined) return null;
  if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
  const where = typeof at === 'string' ? at : at(key);
  throw valueError(where, `"${key.split('.').pop() ?? key}" must be one of ${allowed.join(', ')}`, {
    hint: `got ${JSON.stringify(value)}`,
  });
}

export function bool(value: unknown, at: Locate, key: string): boolean | null {
  if (value === undefined) return null;
  if (typeof value === 'boolean') return value;
  throw new ConfigError(at(key), `"${key}" must be true or false`);
}

/** One e-mail address: no spaces, line breaks or list punctuation that could forge headers or add recipients. */
const EMAIL_ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

/** Checks every entry looks like one e-mail address (no spaces or line breaks that could forge headers). */
export function validateAddresses(addresses: string[], where: string): string[] {
  for (const address of addresses) {
    if (!EMAIL_ADDRESS.test(address)) {
      throw valueError(where, `${JSON.stringify(address)} is not an e-mail address`, {
        hint: 'write it like reader@example.org',
      });
    }
  }
  return addresses;
}

/**
 * Checks the sender is one address, bare or as `Name <address>`, on one line. A line break in it turned the From
 * header into an address group and the envelope's sender into whatever followed it (`paperwire <me@x.org>\r\nBcc:
 * y@z.org` was sent from `y@z.org`). A comma in the name is fine: nodemailer quotes it.
 */
export function validateSender(sender: string, where: string): string {
  const named = /^([^<>]*)<([^<>]*)>$/.exec(sender.trim());
  const name = named?.[1] ?? '';
  const address = named?.[2] ?? sender.trim();
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  if (!EMAIL_ADDRESS.test(address) || /[\u0000-\u001f\u007f]/.test(name)) {
    throw valueError(where, `${JSON.stringify(sender)} is not one sender address`, {
      hint: 'write it like "paperwire <digest@example.org>" or digest@example.org, on one line',
    });
  }
  return sender;
}

/** Checks every entry is a known arXiv archive (`cs`) or category (`cs.LG`); the error suggests the closest. */
export function validateCategories(categories: string[], where: string): string[] {
  for (const category of categories) {
    if (isKnownArchive(category) || isKnownCategory(category)) continue;
    const suggestion = suggestCategory(category);
    throw valueError(where, `unknown arXiv category ${quoteInput(category)}`, {
      hint:
        suggestion.length > 0
          ? `did you mean ${suggestion.join(' or ')}?`
          : 'see https://arxiv.org/category_taxonomy',
    });
  }
  return categories;
}
