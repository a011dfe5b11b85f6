// The entry of library import's parsing: tells an export's format by its content (then its extension), cleans what
// every format shares (BOM, CRLF), and hands it to parse-bibtex.ts, parse-ris.ts or parse-csl.ts. Pure.

import { extname } from 'node:path';
import { LibraryFileError } from '../errors.js';
import {
  lineOf,
  MAX_ENTRY_CHARS,
  overlongEntryProblem,
  type LibraryFormat,
  type ParsedLibrary,
  type ParsedLibraryEntry,
} from './entry.js';
import { parseBibtex } from './parse-bibtex.js';
import { parseCslJson } from './parse-csl.js';
import { parseRis } from './parse-ris.js';

const EXTENSIONS: Record<string, LibraryFormat> = {
  '.bib': 'bibtex',
  '.bibtex': 'bibtex',
  '.biblatex': 'bibtex',
  '.ris': 'ris',
  '.json': 'csl-json',
  '.csl': 'csl-json',
  '.csljson': 'csl-json',
};

/**
 * Reads one export. `file` names it in problems and errors (`refs.bib:12`).
 * @throws LibraryFileError when its format cannot be told, or it is unusable as a whole (CSL-JSON that is not JSON).
 */
export function parseLibraryFile(
  text: string,
  { file }: { file: string },
): ParsedLibrary & { format: LibraryFormat } {
  const cleaned = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const format = detectFormat(cleaned, file);
  if (format === 'bibtex') return { format, ...parseBibtex(cleaned, { file }) };
  const parsed = format === 'ris' ? parseRis(cleaned, { file }) : parseCslJson(cleaned, { file });
  return { format, ...dropOverlongEntries(parsed) };
}

/**
 * The entries longer than MAX_ENTRY_CHARS (title, abstract and authors) as problems: a 50 MB title of a RIS export
 * was stored, and printed whole by `library list`. Problems stay in line order.
 */
function dropOverlongEntries(parsed: ParsedLibrary): ParsedLibrary {
  const entries: ParsedLibraryEntry[] = [];
  const problems = [...parsed.problems];
  for (const entry of parsed.entries) {
    const chars = entry.title.length + entry.abstract.length + entry.authors.join('').length;
    if (chars <= MAX_ENTRY_CHARS) entries.push(entry);
    else problems.push(overlongEntryProblem(entry.source, 'an entry', chars));
  }
  if (problems.length === parsed.problems.length) return parsed;
  problems.sort((a, b) => lineOf(a.where) - lineOf(b.where));
  return { entries, problems };
}

/**
 * The content decides when it is plain (`[`/`{` first: CSL-JSON; a `TY  - ` line: RIS; an `@type{`: BibTeX), so a
 * `.txt` from Google Scholar reads too; else the extension.
 */
export function detectFormat(text: string, file: string): LibraryFormat {
  const start = text.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'csl-json';
  if (/^TY {1,2}- /m.test(text)) return 'ris';
  if (/^\s*@[A-Za-z]+\s*[{(]/m.test(text)) return 'bibtex';
  const byExtension = EXTENSIONS[extname(file).toLowerCase()];
  if (byExtension !== undefined) return byExtension;
  throw new LibraryFileError(
    file,
    'is not a library export paperwire reads (no BibTeX, RIS or CSL-JSON found)',
    {
      hint: 'export your library as BibTeX (.bib), RIS (.ris) or CSL JSON (.json)',
    },
  );
}
