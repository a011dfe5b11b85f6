// Reads an RIS export (Mendeley, Zotero, EndNote, Google Scholar) into library entries. RIS is a line format,
// `TY  - JOUR` ... `ER  - `: a small parser of our own (no well-kept npm package reads it without CSL conversion).

import type { Problem } from '../model.js';
import { findArxivReference } from './arxiv-ids.js';
import { cleanText, displayName, type ParsedLibrary, type ParsedLibraryEntry } from './entry.js';

/** `TI  - A title`: a two-character tag, two spaces (one in some exports), a hyphen, the value. */
const TAG_LINE = /^([A-Z][A-Z0-9]) {1,2}-(?: (.*))?$/;

const TITLE_TAGS = ['TI', 'T1', 'CT', 'BT'];
const ABSTRACT_TAGS = ['AB', 'N2'];
const AUTHOR_TAGS = ['AU', 'A1'];
/**
 * Where exports put arXiv ids: DOI, URLs, the Mendeley/Zotero "number" and notes, the journal name. Only written
 * with a marker (URL, DOI, `arXiv:`): a bare `1706.03762` in a volume or pages field is not trusted.
 */
const ID_TAGS = [
  'DO',
  'UR',
  'L1',
  'L2',
  'LK',
  'M1',
  'M3',
  'AN',
  'ID',
  'IS',
  'VL',
  'SP',
  'N1',
  'JO',
  'JF',
  'T2',
];

interface RisRecord {
  line: number;
  fields: Map<string, string[]>;
}

/**
 * Parses `text` (BOM and CRLF already removed) from `file`. A line that is not a tag line continues the value
 * before it (abstracts over several lines). A record without a title, or text outside `TY` ... `ER`, becomes a
 * problem at its line, and the rest are read.
 */
export function parseRis(text: string, { file }: { file: string }): ParsedLibrary {
  const { records, problems } = readRecords(text, file);
  const entries: ParsedLibraryEntry[] = [];
  for (const record of records) {
    const where = `${file}:${record.line}`;
    const first = (tags: string[]): string =>
      cleanText(
        tags.map((tag) => record.fields.get(tag)?.[0] ?? '').find((value) => value.trim() !== '') ?? '',
      );
    const title = first(TITLE_TAGS);
    if (title === '') {
      problems.push({ where, what: 'record skipped, it has no title (TI or T1)', rule: 'missing-field' });
      continue;
    }
    entries.push({
      arxivId: arxivIdOf(record),
      title,
      abstract: first(ABSTRACT_TAGS),
      authors: AUTHOR_TAGS.flatMap((tag) => record.fields.get(tag) ?? [])
        .map(displayName)
        .filter((name) => name !== ''),
      source: where,
    });
  }
  problems.sort((a, b) => lineOf(a.where) - lineOf(b.where));
  return { entries, problems };
}

/** Splits the text into records; stray text outside a record is one problem per run of lines. */
function readRecords(text: string, file: string): { records: RisRecord[]; problems: Problem[] } {
  const records: RisRecord[] = [];
  const problems: Problem[] = [];
  let record: RisRecord | null = null;
  let last: { values: string[]; index: number } | null = null;
  let strayAt: number | null = null;
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trimEnd();
    const match = TAG_LINE.exec(line);
    if (match === null) {
      if (record !== null && last !== null && line.trim() !== '') {
        last.values[last.index] = `${last.values[last.index] ?? ''}\n${line.trim()}`;
      } else if (record === null && line.trim() !== '' && strayAt === null) {
        strayAt = index + 1;
      }
      continue;
    }
    const tag = match[1] ?? '';
    const value = match[2] ?? '';
    if (tag === 'TY') {
      if (strayAt !== null) problems.push(strayProblem(file, strayAt));
      strayAt = null;
      record = { line: index + 1, fields: new Map() };
      records.push(record);
      last = null;
    }
    if (record === null) {
      strayAt ??= index + 1;
      continue;
    }
    if (tag === 'ER') {
      record = null;
      last = null;
      continue;
    }
    const values = record.fields.get(tag) ?? [];
    values.push(value);
    record.fields.set(tag, values);
    last = { values, index: values.length - 1 };
  }
  if (strayAt !== null) problems.push(strayProblem(file, strayAt));
  return { records, problems };
}

function strayProblem(file: string, line: number): Problem {
  return {
    where: `${file}:${line}`,
    what: 'text skipped, it is outside a record (each record starts with "TY  - " and ends with "ER  - ")',
    rule: 'malformed-entry',
  };
}

function arxivIdOf(record: RisRecord): string | null {
  for (const tag of ID_TAGS) {
    for (const value of record.fields.get(tag) ?? []) {
      const id = findArxivReference(value);
      if (id !== null) return id;
    }
  }
  return null;
}

function lineOf(where: string): number {
  return Number(/:(\d+)$/.exec(where)?.[1] ?? 0);
}
