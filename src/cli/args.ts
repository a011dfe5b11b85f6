// Command-line arguments: each command's option table, and the parsers that turn argv strings into values or
// usage errors (exit 2).

import { parseArgs, type ParseArgsConfig } from 'node:util';
import { validateCategories } from '../config.js';
import { UsageError } from '../errors.js';
import { parseCount, parseIsoDate, quoteInput, stripControls, type IsoDate } from '../model.js';
import { parseDateBound, type BoundEnd } from '../select/date-range.js';

const COMMON = {
  config: { type: 'string' },
  home: { type: 'string' },
  debug: { type: 'boolean' },
  quiet: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

export const DIGEST_OPTIONS = {
  ...COMMON,
  keyword: { type: 'string', multiple: true, short: 'k' },
  category: { type: 'string', multiple: true, short: 'c' },
  date: { type: 'string' },
  lang: { type: 'string' },
  style: { type: 'string' },
  sort: { type: 'string' },
  out: { type: 'string', short: 'o' },
  profile: { type: 'string', short: 'p' },
  'include-cross': { type: 'boolean' },
  'include-replaced': { type: 'boolean' },
  refresh: { type: 'boolean' },
  email: { type: 'string', multiple: true },
  notify: { type: 'string', multiple: true },
  resend: { type: 'boolean' },
  tldr: { type: 'boolean' },
  'max-tokens': { type: 'string' },
  'max-papers': { type: 'string' },
  'min-score': { type: 'string' },
  top: { type: 'string' },
  unseen: { type: 'boolean' },
  'no-unseen': { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const RUN_OPTIONS = { ...COMMON } as const satisfies ParseArgsConfig['options'];

export const SERVE_OPTIONS = {
  ...COMMON,
  host: { type: 'string' },
  port: { type: 'string' },
  token: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const FETCH_OPTIONS = {
  ...COMMON,
  date: { type: 'string' },
  source: { type: 'string' },
  category: { type: 'string', multiple: true, short: 'c' },
  refresh: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const SEARCH_OPTIONS = {
  ...COMMON,
  limit: { type: 'string' },
  json: { type: 'boolean' },
  sort: { type: 'string' },
  category: { type: 'string', multiple: true, short: 'c' },
  from: { type: 'string' },
  until: { type: 'string' },
  author: { type: 'string' },
  lang: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const TREND_OPTIONS = {
  ...COMMON,
  by: { type: 'string' },
  category: { type: 'string', multiple: true, short: 'c' },
  from: { type: 'string' },
  until: { type: 'string' },
  author: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const TRENDING_OPTIONS = {
  ...COMMON,
  date: { type: 'string' },
  query: { type: 'string', short: 'q' },
  limit: { type: 'string' },
  lang: { type: 'string' },
  json: { type: 'boolean' },
  refresh: { type: 'boolean' },
  sort: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const SIMILAR_OPTIONS = {
  ...COMMON,
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const LIBRARY_OPTIONS = {
  ...COMMON,
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const RATE_OPTIONS = {
  ...COMMON,
  up: { type: 'boolean' },
  down: { type: 'boolean' },
  save: { type: 'boolean' },
  clear: { type: 'boolean' },
  list: { type: 'boolean' },
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

export const HARVEST_OPTIONS = {
  ...COMMON,
  set: { type: 'string' },
  from: { type: 'string' },
  until: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const SITE_OPTIONS = {
  ...COMMON,
  out: { type: 'string', short: 'o' },
  url: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const FEED_OPTIONS = {
  ...COMMON,
  out: { type: 'string', short: 'o' },
  lang: { type: 'string' },
  limit: { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const IMPORT_OPTIONS = {
  ...COMMON,
  'batch-size': { type: 'string' },
} as const satisfies ParseArgsConfig['options'];

export const STATS_OPTIONS = {
  ...COMMON,
  json: { type: 'boolean' },
} as const satisfies ParseArgsConfig['options'];

/** What to do when a command's text (a query's `-survey`) was read as an option. */
const DASH_HINT =
  "text starting with '-' reads as an option: quote the whole query ('robot -survey') or put it after --";

/**
 * A command's arguments against its option table (strict); an unknown option is a UsageError (for a command that
 * takes text, one saying how to pass text that starts with `-`).
 */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(
  args: string[],
  options: T,
  positionals = false,
) {
  try {
    const parsed = parseArgs({ args, options, allowPositionals: positionals, strict: true, tokens: true });
    if (positionals) refuseDashText(parsed.tokens);
    return parsed;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const message =
      error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '') : String(error);
    const isDashText = positionals && /^Unknown option '-[^-]/.test(message);
    // A quoted query with a space ('-survey robot'): quoting it again would not help.
    const quotedText = isDashText ? args.find((arg) => /^-[^-]/.test(arg) && /\s/.test(arg)) : undefined;
    if (quotedText !== undefined) throw dashTextError(quotedText, quotedText.slice(0, 2), error);
    throw new UsageError(message.replace(/^Unknown option/, 'unknown option'), {
      cause: error,
      ...(isDashText && { hint: DASH_HINT }),
    });
  }
}

/**
 * A quoted query that starts with `-` ('-cat:cs.CV robot') reads as a short option with its value attached (`-c`
 * and "at:cs.CV robot"); no option but a file path takes a value with a space in it, so such a value is refused
 * as the text it was meant to be. (One whose letter is no option fails in parseArgs: see `parse`.)
 */
function refuseDashText(tokens: NonNullable<ReturnType<typeof parseArgs>['tokens']>): void {
  for (const token of tokens) {
    const isAttachedText =
      token.kind === 'option' &&
      token.inlineValue === true &&
      token.rawName.length === 2 &&
      token.name !== 'out' &&
      /\s/.test(token.value);
    if (isAttachedText) throw dashTextError(`${token.rawName}${token.value}`, token.rawName);
  }
}

/** The error for a query starting with `-` that was read as the option `rawName`. */
function dashTextError(text: string, rawName: string, cause?: unknown): UsageError {
  const shown = stripControls(text);
  return new UsageError(`${quoteInput(text)} reads as the option ${rawName}`, {
    cause,
    hint: `put a query that starts with '-' last, after --: -- '${shown}'`,
  });
}

/** `--date YYYY-MM-DD`, or null when not given. */
export function parseDate(value: string | undefined): IsoDate | null {
  if (value === undefined) return null;
  const date = parseIsoDate(value);
  if (date === null) {
    throw new UsageError(`--date ${quoteInput(value)} is not a real date`, {
      hint: 'write it as YYYY-MM-DD, e.g. 2026-01-30',
    });
  }
  return date;
}

/** `--limit N`: a whole number ≥ 1, or `fallback` when not given. */
export function parseLimit(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const limit = parseCount(value);
  if (limit === null || limit <= 0) {
    throw new UsageError(`--limit ${quoteInput(value)} must be a positive whole number`);
  }
  return limit;
}

/** `--from`/`--until` as a day, a month or a year (`2024-03-15`, `2024-03`, `2024`), or null when not given. */
function parseDateBoundFlag(value: string | undefined, flag: '--from' | '--until'): IsoDate | null {
  if (value === undefined) return null;
  const end: BoundEnd = flag === '--from' ? 'start' : 'end';
  const date = parseDateBound(value, end);
  if (date === null) {
    throw new UsageError(`${flag} ${quoteInput(value)} is not a date`, {
      hint: 'write a day, a month or a year: 2024-03-15, 2024-03 or 2024',
    });
  }
  return date;
}

/**
 * The search filters the flags set (`--category C`..., `--from`, `--until`, `--author`), as the store takes them;
 * a range that ends before it starts is a UsageError.
 */
export function parseSearchFilterFlags(values: {
  category?: string[] | undefined;
  from?: string | undefined;
  until?: string | undefined;
  author?: string | undefined;
}): SearchFilterFlags {
  const from = parseDateBoundFlag(values.from, '--from');
  const until = parseDateBoundFlag(values.until, '--until');
  if (from !== null && until !== null && until < from) {
    throw new UsageError(`--until ${until} is before --from ${from}`, { hint: 'swap them' });
  }
  const categories = validateCategories(
    (values.category ?? []).map((code) => code.trim()).filter((code) => code !== ''),
    '--category',
  );
  const author = values.author?.trim() ?? '';
  if (values.author !== undefined && author === '') {
    throw new UsageError('--author is empty', { hint: 'give a name, e.g. --author Levine' });
  }
  return {
    ...(from !== null && { submittedFrom: from }),
    ...(until !== null && { submittedUntil: until }),
    ...(categories.length > 0 && { categories }),
    ...(author !== '' && { author }),
  };
}

/** The filters as words for a message, e.g. ` (in cs.LG, from 2024, by an author named "Levine")`; '' for none. */
export function describeSearchFilters(filters: SearchFilterFlags): string {
  const parts = [
    ...(filters.categories === undefined ? [] : [`in ${filters.categories.join(' or ')}`]),
    ...(filters.submittedFrom === undefined ? [] : [`from ${filters.submittedFrom}`]),
    ...(filters.submittedUntil === undefined ? [] : [`until ${filters.submittedUntil}`]),
    ...(filters.author === undefined ? [] : [`by an author named "${filters.author}"`]),
  ];
  return parts.length === 0 ? '' : ` (${stripControls(parts.join(', '))})`;
}

/** The filters of a search or a trend, as `SearchOptions` names them (store/store.ts). */
export interface SearchFilterFlags {
  submittedFrom?: IsoDate;
  submittedUntil?: IsoDate;
  categories?: string[];
  author?: string;
}
