// Reads a CSL-JSON export (Zotero "CSL JSON", Better CSL JSON, citation.js) into library entries: an array of items
// with `title`, `abstract`, `author` [{ family, given } | { literal }]. JSON.parse reads it; this maps the fields.

import { LibraryFileError } from '../errors.js';
import type { Problem } from '../model.js';
import { findArxivReference, parseArxivReference } from './arxiv-ids.js';
import { cleanText, lineAt, type ParsedLibrary, type ParsedLibraryEntry } from './entry.js';

/** Fields where CSL exports write an arXiv id: `number: "arXiv:2501.01234"`, DOI, URL, notes, the id itself. */
const ID_FIELDS = ['DOI', 'URL', 'number', 'note', 'id', 'archive_location', 'container-title', 'source'];

/**
 * Parses `text` (BOM and CRLF already removed) from `file`: an array of items, or one item. An item without a
 * title, not an object, or not valid JSON while the array around it is, becomes a problem at the line it starts
 * on; the rest are read.
 * @throws LibraryFileError naming the file when it is not JSON at all, or JSON of another shape.
 */
export function parseCslJson(text: string, { file }: { file: string }): ParsedLibrary {
  const entries: ParsedLibraryEntry[] = [];
  const problems: Problem[] = [];
  readItems(text, file, problems).forEach(({ item, line, number }) => {
    const where = `${file}:${line}`;
    if (!isObject(item)) {
      problems.push({
        where,
        what: `item ${number} skipped, it is not an object`,
        rule: 'malformed-entry',
      });
      return;
    }
    const title = cleanText(stringOf(item['title']));
    if (title === '') {
      const id = stringOf(item['id']);
      const name = id === '' ? `item ${number}` : `item "${id}"`;
      problems.push({ where, what: `${name} skipped, it has no title`, rule: 'missing-field' });
      return;
    }
    entries.push({
      arxivId: arxivIdOf(item),
      title,
      abstract: cleanText(stringOf(item['abstract'])),
      authors: authorsOf(item['author']),
      source: where,
    });
  });
  problems.sort((a, b) => lineOf(a.where) - lineOf(b.where));
  return { entries, problems };
}

/** One element of the export, its line and 1-based position. */
interface CslItem {
  item: unknown;
  line: number;
  number: number;
}

/** The items with the line each starts on; an item that is not JSON is a problem, the others are read. */
function readItems(text: string, file: string, problems: Problem[]): CslItem[] {
  const start = text.search(/\S/);
  if (text[start] !== '[')
    return [{ item: readJson(text, file), line: lineAt(text, Math.max(start, 0)), number: 1 }];
  const elements = splitArray(text, start);
  if (elements === null) readJson(text, file);
  const items: CslItem[] = [];
  for (const [index, element] of (elements ?? []).entries()) {
    const line = lineAt(text, element.start);
    try {
      items.push({ item: JSON.parse(text.slice(element.start, element.end)), line, number: index + 1 });
    } catch (error) {
      problems.push({
        where: `${file}:${line}`,
        what: `item ${index + 1} skipped, it is not valid JSON: ${reasonOf(error)}`,
        rule: 'malformed-entry',
      });
    }
  }
  return items;
}

function readJson(text: string, file: string): unknown {
  try {
    const document: unknown = JSON.parse(text);
    if (isObject(document) || Array.isArray(document)) return document;
  } catch (error) {
    throw new LibraryFileError(file, `is not valid JSON: ${reasonOf(error)}`, {
      hint: 'export the collection again as "CSL JSON", or as BibTeX or RIS',
      cause: error,
    });
  }
  throw new LibraryFileError(file, 'is JSON but not CSL-JSON: expected an array of items', {
    hint: 'export the collection as "CSL JSON" from Zotero, or as BibTeX or RIS',
  });
}

/** JSON.parse's complaint on one line (Node quotes the text around the fault, line breaks and all). */
function reasonOf(error: unknown): string {
  return cleanText(error instanceof Error ? error.message : String(error));
}

/**
 * Where each element of the top-level array at `open` starts and ends, found by one walk over the text (strings
 * skipped whole, brackets counted), so one broken item need not cost the others; null when the brackets do not
 * balance or text follows the array, and the whole file is unusable.
 */
function splitArray(text: string, open: number): { start: number; end: number }[] | null {
  const elements: { start: number; end: number }[] = [];
  let depth = 0;
  let isInString = false;
  let elementStart: number | null = null;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (isInString) {
      if (char === '\\') index += 1;
      else if (char === '"') isInString = false;
      continue;
    }
    if (depth === 1 && elementStart === null && /[^\s,\]]/.test(char)) elementStart = index;
    if (char === '"') isInString = true;
    else if (char === '[' || char === '{') depth += 1;
    else if (char === ']' || char === '}') depth -= 1;
    const isElementEnd = depth === 1 ? char === ',' : depth === 0;
    if (isElementEnd && elementStart !== null) {
      elements.push({ start: elementStart, end: index });
      elementStart = null;
    }
    if (depth === 0) return text.slice(index + 1).trim() === '' ? elements : null;
  }
  return null;
}

function arxivIdOf(item: Record<string, unknown>): string | null {
  for (const field of ID_FIELDS) {
    const value = stringOf(item[field]);
    const id = findArxivReference(value) ?? (field === 'number' ? parseArxivReference(value) : null);
    if (id !== null) return id;
  }
  return null;
}

/** CSL names: `{ given, family }` (with particles and suffix) or `{ literal }` for an organisation. */
function authorsOf(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((name: unknown) => {
    if (!isObject(name)) return [];
    const literal = stringOf(name['literal']);
    const parts = [
      name['given'],
      name['dropping-particle'],
      name['non-dropping-particle'],
      name['family'],
      name['suffix'],
    ].map(stringOf);
    const display = cleanText(literal !== '' ? literal : parts.filter((part) => part !== '').join(' '));
    return display === '' ? [] : [display];
  });
}

function lineOf(where: string): number {
  return Number(/:(\d+)$/.exec(where)?.[1] ?? 0);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A string field as text; numbers (`"number": 12`) too; anything else is ''. */
function stringOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  return '';
}
