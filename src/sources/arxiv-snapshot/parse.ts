// Pure. One line of arXiv's metadata snapshot (Kaggle "arxiv-metadata-oai-snapshot.json", JSON Lines) → a Paper
// with every version number it lists, or a Problem naming the line. The format's quirks: test/fixtures/real/arxiv-snapshot/.

import {
  isArxivId,
  normalizeSpace,
  stripControls,
  type Paper,
  type PaperVersionDate,
  type Problem,
} from '../../model.js';
import { isKnownCategory } from '../../taxonomy.js';

/** One paper of the snapshot, with the versions its record lists (ascending, once each) and their submission times. */
export interface SnapshotRecord {
  paper: Paper;
  versions: PaperVersionDate[];
}

/**
 * What one line gave: a record (with a problem when one of its fields was dropped or kept unchecked: a version time
 * that does not read, a category arXiv does not list), or the problem that made it unusable.
 */
export type SnapshotLine =
  { record: SnapshotRecord; problem: Problem | null } | { record: null; problem: Problem };

/** The rule of a line's problem whose paper was kept all the same (a version time or a category dropped or kept). */
export const KEPT_PAPER_RULE = 'bad-field';

/** `Mon, 2 Apr 2007 19:18:42 GMT`, as `versions[].created` writes it (RFC 2822, day not zero-padded). */
const CREATED =
  /^(?:[A-Z][a-z]{2}, )?(\d{1,2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (?:GMT|UT|UTC|\+0000)$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const VERSION = /^v(\d+)$/;

/**
 * Parses the text of one line. `where` names it in a problem (`snapshot.jsonl:1234`). Titles, abstracts, comments
 * and journal references lose arXiv's hard line wraps; authors come from `authors_parsed` (Unicode, where `authors`
 * keeps TeX accents), affiliations left out; the first version's time is the submission time and the newest
 * version's the update time. A line that is not JSON, or lacks a usable id, title, category or version list, is a
 * problem; optional fields that are null or empty are null.
 */
export function parseSnapshotLine(text: string, where: string): SnapshotLine {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return problemOf(where, `not JSON (${reason})`, 'not-json');
  }
  if (!isObject(value)) return problemOf(where, 'not a JSON object', 'not-object');
  const id = typeof value['id'] === 'string' ? value['id'].trim() : '';
  if (!isArxivId(id)) {
    const shown = id === '' ? 'no "id"' : `"id" ${JSON.stringify(id).slice(0, 40)} is not an arXiv id`;
    return problemOf(where, shown, 'bad-id');
  }
  const title = normalizeSpace(stringOf(value['title']) ?? '');
  const faults: string[] = [];
  const categories = categoriesOf(value['categories'], faults);
  const versions = versionsOf(value['versions'], faults);
  const missing = [
    title === '' ? '"title"' : null,
    categories.length === 0 ? '"categories"' : null,
    versions === null ? '"versions" (a list of {"version":"vN","created":…})' : null,
  ].filter((name) => name !== null);
  if (missing.length > 0 || versions === null) {
    return problemOf(where, `paper ${id} has no usable ${missing.join(', ')}`, 'missing-field');
  }
  const first = versions[0];
  const newest = versions.at(-1);
  const paper: Paper = {
    arxivId: id,
    version: newest?.version ?? 1,
    title,
    abstract: normalizeSpace(stringOf(value['abstract']) ?? ''),
    authors: authorsOf(value['authors_parsed'], value['authors']),
    categories,
    primaryCategory: categories[0] ?? '',
    publishedAt: first?.submittedAt ?? null,
    updatedAt: newest?.submittedAt ?? null,
    comment: optionalTextOf(value['comments']),
    journalRef: optionalTextOf(value['journal-ref']),
    doi: optionalTextOf(value['doi']),
  };
  const problem =
    faults.length === 0
      ? null
      : { where, what: `paper ${id} is kept, but ${faults.join('; ')}`, rule: KEPT_PAPER_RULE };
  return { record: { paper, versions }, problem };
}

function problemOf(where: string, what: string, rule: string): SnapshotLine {
  return { record: null, problem: { where, what, rule } };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field with its escape sequences, control and bidi characters removed, as the other sources read text. */
function stringOf(value: unknown): string | null {
  return typeof value === 'string' ? stripControls(value) : null;
}

function optionalTextOf(value: unknown): string | null {
  const text = normalizeSpace(stringOf(value) ?? '');
  return text === '' ? null : text;
}

/** What a category code looks like (`cs.LG`, `hep-th`, `cond-mat.stat-mech`, `q-fin.EC`). */
const CATEGORY_SHAPE = /^[a-z][a-z-]{0,15}(?:\.[A-Za-z][A-Za-z-]{0,15})?$/;

/**
 * Space separated, primary first; duplicates dropped. A code that is not shaped like one (`<b>`, `cs..LG`) is
 * dropped, and one shaped like a code that arXiv's taxonomy does not list (a category newer than taxonomy.ts, or a
 * typo) is kept: each is told in `faults`.
 */
function categoriesOf(value: unknown, faults: string[]): string[] {
  const codes = [...new Set((stringOf(value) ?? '').split(/\s+/).filter((code) => code !== ''))];
  if (codes.every(isKnownCategory)) return codes;
  const kept = codes.filter((code) => CATEGORY_SHAPE.test(code));
  const dropped = codes.filter((code) => !CATEGORY_SHAPE.test(code));
  const unknown = kept.filter((code) => !isKnownCategory(code));
  if (dropped.length > 0) faults.push(`the categories ${quoted(dropped)} are not category codes (dropped)`);
  if (unknown.length > 0) faults.push(`the categories ${quoted(unknown)} are not in arXiv's taxonomy (kept)`);
  return kept;
}

/** Up to three values, JSON-quoted and shortened, for a problem. */
function quoted(values: readonly string[]): string {
  const shown = values.slice(0, 3).map((value) => JSON.stringify(value.slice(0, 40)));
  return `${shown.join(', ')}${values.length > 3 ? ` and ${values.length - 3} more` : ''}`;
}

/**
 * The listed versions in ascending order, once each; null when there is no usable one. A version whose `created`
 * does not read is kept without a time, and told in `faults`.
 */
function versionsOf(value: unknown, faults: string[]): PaperVersionDate[] | null {
  if (!Array.isArray(value)) return null;
  const byNumber = new Map<number, Date | null>();
  const unread: string[] = [];
  for (const item of value) {
    if (!isObject(item)) continue;
    const number = Number(VERSION.exec(stringOf(item['version']) ?? '')?.[1] ?? NaN);
    if (!Number.isSafeInteger(number) || number < 1 || byNumber.has(number)) continue;
    const created = stringOf(item['created']) ?? '';
    const submittedAt = parseCreated(created);
    if (submittedAt === null) unread.push(`v${number} (${JSON.stringify(created.slice(0, 40))})`);
    byNumber.set(number, submittedAt);
  }
  if (unread.length > 0 && byNumber.size > 0) {
    faults.push(
      `"created" does not read as "Mon, 2 Apr 2007 19:18:42 GMT" for ${unread.slice(0, 3).join(', ')}`,
    );
  }
  if (byNumber.size === 0) return null;
  return [...byNumber].sort(([a], [b]) => a - b).map(([version, submittedAt]) => ({ version, submittedAt }));
}

/** `Mon, 2 Apr 2007 19:18:42 GMT` as an instant; null when it is not in that form. */
export function parseCreated(text: string): Date | null {
  const match = CREATED.exec(text.trim());
  if (match === null) return null;
  const [, day, month, year, hours, minutes, seconds] = match;
  const monthIndex = MONTHS.indexOf(month ?? '');
  if (monthIndex < 0) return null;
  const date = new Date(
    Date.UTC(Number(year), monthIndex, Number(day), Number(hours), Number(minutes), Number(seconds)),
  );
  return date.getUTCDate() === Number(day) ? date : null;
}

/**
 * `authors_parsed` entries `[keyname, forenames, suffix, affiliation…]` as `forenames keyname suffix`; when that
 * list is absent, the `authors` string split at commas and "and" (its TeX accents kept).
 */
function authorsOf(parsed: unknown, raw: unknown): string[] {
  if (Array.isArray(parsed) && parsed.length > 0) {
    const names = parsed.map((entry) => {
      if (!Array.isArray(entry)) return '';
      const [keyname, forenames, suffix] = entry.map((part) => stringOf(part) ?? '');
      return normalizeSpace([forenames, keyname, suffix].filter((part) => part !== '').join(' '));
    });
    if (names.every((name) => name !== '')) return names;
  }
  return normalizeSpace(stringOf(raw) ?? '')
    .split(/\s*,\s*|\s+and\s+/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}
