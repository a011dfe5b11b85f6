// The entry of library import's parsing: tells an export's format by its content (then its extension), cleans what
// every format shares (BOM, CRLF), and hands it to parse-bibtex.ts, parse-ris.ts or parse-csl.ts. Pure.

import { extname } from 'node:path';
import { LibraryFileError } from '../errors.js';
import type { LibraryFormat, ParsedLibrary } from './entry.js';
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
  if (format === 'ris') return { format, ...parseRis(cleaned, { file }) };
  return { format, ...parseCslJson(cleaned, { file }) };
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
