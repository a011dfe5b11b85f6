// Reads a BibTeX or BibLaTeX export (Zotero, JabRef, Google Scholar, Mendeley) into library entries, through
// @retorquere/bibtex-parser (the parser of Better BibTeX for Zotero): @string, braces, LaTeX accents to Unicode.

import { parse, type Creator, type Entry } from '@retorquere/bibtex-parser';
import type { Problem } from '../model.js';
import { findArxivReference, parseArxivReference } from './arxiv-ids.js';
import { checkStringExpansion } from './bibtex-strings.js';
import {
  cleanText,
  clipReason,
  displayName,
  lineAt,
  lineOf,
  MAX_ENTRY_CHARS,
  overlongEntryProblem,
  type ParsedLibrary,
  type ParsedLibraryEntry,
} from './entry.js';

/** Fields that hold free text in which exports write an arXiv id (`arXiv preprint arXiv:2402.12345`). */
const FREE_TEXT_FIELDS = [
  'journal',
  'journaltitle',
  'note',
  'howpublished',
  'number',
  'volume',
  'eid',
  'pages',
];

/**
 * Parses `text` (BOM and CRLF already removed) from `file`. Every entry of a bibliographic type becomes an entry;
 * one without a title, or that is not valid BibTeX, becomes a problem at its line, and the rest are read.
 * @throws LibraryFileError when its @string macros stand for more text than any export (bibtex-strings.ts).
 */
export function parseBibtex(exported: string, { file }: { file: string }): ParsedLibrary {
  const logos = spellTexLogos(exported);
  checkStringExpansion(logos, file);
  const { text, problems } = blankOverlongEntries(logos, file);
  const library = parse(text, {
    // Titles as the export wrote them: sentence-casing is a citation style's business, not ours.
    sentenceCase: false,
    english: false,
    caseProtection: false,
    // An unknown macro keeps its argument text rather than failing the entry.
    unsupported: 'ignore',
  });
  const entries: ParsedLibraryEntry[] = [];
  let cursor = 0;
  for (const entry of library.entries) {
    // An entry the parser could not read comes back without its text; its error is in `library.errors`.
    if (entry.input === '') continue;
    const offset = text.indexOf(entry.input, cursor);
    cursor = offset < 0 ? cursor : offset + entry.input.length;
    const where = `${file}:${lineAt(text, Math.max(offset, 0))}`;
    const title = cleanText(entry.fields['title'] ?? '');
    if (title === '') {
      problems.push({
        where,
        what: `entry "${entry.key}" skipped, it has no title (a library entry needs one)`,
        rule: 'missing-field',
      });
      continue;
    }
    entries.push({
      arxivId: arxivIdOf(entry),
      title,
      abstract: cleanText(entry.fields['abstract'] ?? ''),
      authors: authorsOf(entry.fields.author ?? []),
      source: where,
    });
  }
  for (const error of library.errors) problems.push(problemOf(error, text, file));
  problems.sort((a, b) => lineOf(a.where) - lineOf(b.where));
  return { entries, problems };
}

/**
 * TeX's logo macros as the words they print, `\LaTeX{}` → `LaTeX`: the parser renders `\LaTeX` in small capitals
 * ("LᴬTEX") and drops `\TeX`, `\BibTeX` and `\LaTeXe` as unknown. Each stays on its line, so lines still count.
 */
function spellTexLogos(text: string): string {
  return text.replace(TEX_LOGO, (_match, name: string) => TEX_LOGOS[name] ?? name);
}

const TEX_LOGOS: Readonly<Record<string, string>> = {
  LaTeXe: 'LaTeX2e',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  BibTeX: 'BibTeX',
  XeLaTeX: 'XeLaTeX',
  XeTeX: 'XeTeX',
  LuaLaTeX: 'LuaLaTeX',
  LuaTeX: 'LuaTeX',
  pdfLaTeX: 'pdfLaTeX',
  pdfTeX: 'pdfTeX',
  ConTeXt: 'ConTeXt',
};

// A logo macro not followed by a letter (`\TeXbook` is another macro), with the `{}` or `\ ` that ends it.
const TEX_LOGO = new RegExp(
  `\\\\(${Object.keys(TEX_LOGOS).join('|')})(?![A-Za-z])(?:\\{\\}|\\\\(?= ))?`,
  'g',
);

/**
 * The arXiv id an entry names: `eprint` when `archivePrefix`/`eprinttype` is arXiv or absent, `arxivid`/`arxiv`
 * (Mendeley), an arXiv DOI or URL, else `arXiv:...` in the journal or a note (Google Scholar, Zotero).
 */
function arxivIdOf(entry: Entry): string | null {
  const field = (name: string): string => entry.fields[name] ?? '';
  const prefix = (field('archiveprefix') || field('eprinttype')).trim().toLowerCase();
  if (prefix === '' || prefix === 'arxiv') {
    const fromEprint = parseArxivReference(field('eprint'));
    if (fromEprint !== null) return fromEprint;
  }
  for (const name of ['arxivid', 'arxiv', 'doi', 'url']) {
    const id = parseArxivReference(field(name)) ?? findArxivReference(field(name));
    if (id !== null) return id;
  }
  for (const name of FREE_TEXT_FIELDS) {
    const id = findArxivReference(field(name));
    if (id !== null) return id;
  }
  return null;
}

/** Creators as display names; BibTeX's `and others` is not a person. */
function authorsOf(creators: readonly Creator[]): string[] {
  return creators.flatMap((creator) => {
    const parts = [creator.firstName, creator.prefix, creator.lastName, creator.suffix];
    const name = creator.name ?? parts.filter((part) => part !== undefined && part !== '').join(' ');
    const cleaned = displayName(name);
    return cleaned === '' || cleaned.toLowerCase() === 'others' ? [] : [cleaned];
  });
}

/**
 * `text` with each entry longer than MAX_ENTRY_CHARS (from its `@` to the next at the start of a line) blanked before
 * the parser sees it, which takes about 2.3 kB of memory per character of one field: a 128 kB note took 370 MB, 1 MB
 * took 1.6 GB, 3 MB 2.9 GB and 15 s before failing. Each is blanked (its line breaks kept, so every other entry
 * keeps its line), and a problem for each at its line; a `@comment` is blanked without one (it holds no paper).
 */
function blankOverlongEntries(text: string, file: string): { text: string; problems: Problem[] } {
  const problems: Problem[] = [];
  const starts = [...text.matchAll(/^[ \t]*@/gm)].map((match) => match.index);
  let kept = '';
  let copied = 0;
  for (const [index, start] of starts.entries()) {
    const end = starts[index + 1] ?? text.length;
    if (end - start <= MAX_ENTRY_CHARS) continue;
    const entry = text.slice(start, end);
    const head = /^\s*@(\w+)\s*[{(]\s*([^,\s{}()]{1,100})?/.exec(entry.slice(0, 300));
    if (head?.[1]?.toLowerCase() !== 'comment') {
      const key = head?.[2];
      const name = key === undefined ? 'an entry' : `entry "${key}"`;
      problems.push(overlongEntryProblem(`${file}:${lineAt(text, start)}`, name, entry.length));
    }
    kept += text.slice(copied, start) + entry.replace(/[^\n]+/g, '');
    copied = end;
  }
  return { text: copied === 0 ? text : kept + text.slice(copied), problems };
}

/** One unreadable entry as a problem at the line it starts on (else where the parser stopped). */
function problemOf(error: { error: string; input?: string }, text: string, file: string): Problem {
  const input = error.input ?? '';
  const start = input === '' ? -1 : text.indexOf(input);
  // The entry's first line names it for the reader; the parser's own line is where it gave up, often far below.
  const reported = /\bat line (\d+)/.exec(error.error)?.[1];
  const line = start >= 0 ? lineAt(text, start) : Number(reported ?? 1);
  const key = /^@\w+\s*[{(]\s*([^,\s{}()]{1,100})/.exec(input)?.[1];
  // The parser recurses per brace: thousands of nested braces overflow its stack, which says nothing to a reader.
  const message = /Maximum call stack size exceeded/.test(error.error)
    ? 'its braces nest too deeply'
    : error.error.replace(/\s*at line \d+, column \d+/, '');
  const reason = clipReason(message);
  return {
    where: `${file}:${line}`,
    what: `${key === undefined ? 'an entry' : `entry "${key}"`} skipped, it is not valid BibTeX: ${reason}`,
    rule: 'malformed-entry',
  };
}
