// What every library parser returns (entries as read, with the line each starts on, and problem lines), and the
// text clean-up they share: markup that exports leave in titles, names written "Last, First", line breaks.

import { normalizeSpace, stripControls, type Problem } from '../model.js';

/** One usable entry of an export, before it is keyed and dated by the import. */
export interface ParsedLibraryEntry {
  /** Versionless; null when the entry names no arXiv id. */
  arxivId: string | null;
  title: string;
  /** '' when the export has none. */
  abstract: string;
  authors: string[];
  /** `refs.bib:12`: the file as given and the line the entry starts on. */
  source: string;
}

/** A whole export read: the usable entries in file order, and one problem per entry that could not be used. */
export interface ParsedLibrary {
  entries: ParsedLibraryEntry[];
  problems: Problem[];
}

/**
 * The most characters of one entry: the longest of real exports are a few kB (an abstract and keywords). A BibTeX entry
 * is measured in the file before its parse (parse-bibtex.ts), any other by its title, abstract and authors after it.
 */
export const MAX_ENTRY_CHARS = 128 * 1024;

/** The problem of an entry longer than MAX_ENTRY_CHARS, skipped; `name` is `entry "key"` or `an entry`. */
export function overlongEntryProblem(where: string, name: string, chars: number): Problem {
  return {
    where,
    what:
      `${name} skipped, it is ${chars.toLocaleString('en')} characters long, more than any library entry ` +
      `(${MAX_ENTRY_CHARS / 1024} KiB)`,
    rule: 'too-long',
  };
}

/** The line of a problem's `where` (`refs.bib:12` → 12), to keep problems in line order; 0 without one. */
export function lineOf(where: string): number {
  return Number(/:(\d+)$/.exec(where)?.[1] ?? 0);
}

/** The formats `library add` reads. */
export type LibraryFormat = 'bibtex' | 'ris' | 'csl-json';

/**
 * Inline markup exports leave in text: the BibTeX parser's rendering of `\emph`, `\textbf`, `\textsc`, `{nocase}`
 * and `\url`, and CSL-JSON's rich-text tags (`<i>`, `<b>`, `<sup>`, `<sub>`, `<span class="nocase">`).
 */
const MARKUP = /<\/?(?:i|b|sup|sub|sc|nc|ncx|br|p|li|code|span|a)(?:\s[^<>]*)?\/?>/gi;

/**
 * Text as a reader sees it: markup removed, a dotless ı before a combining accent made an i (LaTeX `{\'\i}`
 * becomes `ı́`, which no one searches for), composed (NFC), whitespace collapsed; escape sequences, control and
 * bidi characters removed, as the sources remove them from feeds.
 */
export function cleanText(text: string): string {
  return normalizeSpace(
    stripControls(text)
      .replace(MARKUP, '')
      .replace(/ı(?=\p{M})/gu, 'i')
      .normalize('NFC'),
  );
}

/** Characters of a parser's message a problem line quotes: some messages carry the whole rest of the entry. */
const PROBLEM_REASON_CHARS = 160;

/** `reason` as one problem line may quote it: cleaned, and cut to PROBLEM_REASON_CHARS with `…` where cut. */
export function clipReason(reason: string): string {
  const clean = cleanText(reason);
  return clean.length <= PROBLEM_REASON_CHARS ? clean : `${clean.slice(0, PROBLEM_REASON_CHARS).trimEnd()}…`;
}

/** `Lovelace, Ada` → `Ada Lovelace`; `Ada Lovelace` and a single name stay as they are. */
export function displayName(name: string): string {
  const cleaned = cleanText(name);
  const comma = cleaned.indexOf(',');
  if (comma < 0) return cleaned;
  const last = cleaned.slice(0, comma).trim();
  const first = cleaned.slice(comma + 1).trim();
  return first === '' ? last : `${first} ${last}`;
}

/** The 1-based line of `offset` in `text` (line breaks already normalised to `\n`). */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let index = text.indexOf('\n'); index >= 0 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
  }
  return line;
}
