// `paperwire library add FILE... | list [--json] | remove ID`: the reader's library of papers (BibTeX, RIS and
// CSL-JSON exports), which teaches the relevance model what the reader cares about.

import { resolve } from 'node:path';
import { LibraryFileError, UsageError } from '../errors.js';
import { readUpTo } from '../files.js';
import { normalizeSpace, quoteInput, stripControls, type LibraryEntry } from '../model.js';
import { parseArxivReference } from '../library/arxiv-ids.js';
import { importLibrary, type LibraryFile } from '../pipeline/library.js';
import { ArxivApiSource } from '../sources/arxiv-api/index.js';
import { LIBRARY_OPTIONS, parse } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { openRuntime, type Runtime } from './runtime.js';

const ACTIONS = 'add FILE..., list [--json], remove ID';

export async function runLibraryCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, LIBRARY_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const [action, ...operands] = positionals;
  checkOperands(action, operands, values.json ?? false);
  // Every file is read before the store is opened: a missing one fails with nothing done.
  const files = action === 'add' ? readLibraryFiles(operands, io.cwd) : [];
  const runtime = openRuntime(values, io, action === 'list' ? 'read' : 'write');
  try {
    if (action === 'add') return await addFiles(files, runtime, io);
    if (action === 'list') return listLibrary(runtime, io, values.json ?? false);
    return removeEntry(operands[0] ?? '', runtime, io);
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}

/** Throws a UsageError unless the action is known and has the operands and flags it takes. */
function checkOperands(action: string | undefined, operands: string[], isJson: boolean): void {
  if (action === undefined) {
    throw new UsageError('library needs an action', { hint: `paperwire library ${ACTIONS}` });
  }
  if (action !== 'add' && action !== 'list' && action !== 'remove') {
    throw new UsageError(`unknown library action ${quoteInput(action)}`, {
      hint: `paperwire library ${ACTIONS}`,
    });
  }
  if (action === 'add' && operands.length === 0) {
    throw new UsageError('library add needs at least one FILE', {
      hint: 'e.g. paperwire library add refs.bib zotero.json (BibTeX, RIS or CSL-JSON)',
    });
  }
  if (action === 'remove' && operands.length !== 1) {
    throw new UsageError('library remove takes exactly one ID', {
      hint: 'an arXiv id or a key from `paperwire library list`',
    });
  }
  if (action === 'list' && operands.length > 0) {
    throw new UsageError(`library list takes no operands, not "${operands.join(' ')}"`);
  }
  if (isJson && action !== 'list') throw new UsageError('--json goes with `library list` only');
}

/**
 * The most bytes of one library file read: far above any export (Zotero's of 30,000 items with abstracts is about
 * 60 MB), and a parse takes about ten times its size in memory. `/dev/zero` or an endless pipe stops here too.
 */
const LIBRARY_FILE_MAX_BYTES = 256 * 1024 * 1024;

/** Each file's text, UTF-8 (or Windows-1252 when it is not UTF-8, as old BibTeX files are), named as given. */
function readLibraryFiles(names: readonly string[], cwd: string): LibraryFile[] {
  return names.map((name) => {
    let bytes: Buffer | null;
    try {
      bytes = readUpTo(resolve(cwd, name), LIBRARY_FILE_MAX_BYTES);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
      throw new LibraryFileError(name, `cannot be read (${code})`, {
        hint: 'check the path: give an exported .bib, .ris or .json file',
        cause: error,
      });
    }
    if (bytes === null) {
      throw new LibraryFileError(name, `is larger than ${LIBRARY_FILE_MAX_BYTES / 1024 / 1024} MB`, {
        hint: 'export the library in parts (a collection at a time) and add each',
      });
    }
    return { name, text: decodeText(bytes) };
  });
}

function decodeText(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not UTF-8: JabRef and BibDesk wrote Latin-1 by default for years; Windows-1252 is its superset.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

async function addFiles(files: LibraryFile[], runtime: Runtime, io: CliIo): Promise<number> {
  const { config, client, store, progress } = runtime;
  const lookup = new ArxivApiSource({ client, baseUrl: config.endpoints.arxivApi });
  const result = await importLibrary(files, io.now(), { store, lookup, log: (line) => progress.info(line) });
  for (const file of result.files) {
    io.stdout(
      `${file.name}: ${countOf(file.entries, 'entry', 'entries')} read (${FORMAT_NAMES[file.format]})\n`,
    );
  }
  const updated = result.updated > 0 ? `, ${result.updated} updated` : '';
  io.stdout(`${result.added} added${updated}, ${result.unchanged} already in the library\n`);
  for (const problem of result.problems) progress.warn(`problem: ${problem.where}: ${problem.what}`);
  // As `digest` does: problems beside a result are lines on stderr and exit 0; no result at all is a failure.
  if (result.files.every((file) => file.entries === 0)) {
    const problems = result.problems.length;
    throw new LibraryFileError(
      result.files.map((file) => file.name).join(', '),
      `no entry could be imported${problems > 0 ? ` (${countOf(problems, 'problem', 'problems')} above)` : ''}`,
      { hint: 'fix the entries the problem lines name, or export the library again' },
    );
  }
  return 0;
}

/** `1 entry`, `3 entries`. */
function countOf(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

const FORMAT_NAMES = { bibtex: 'BibTeX', ris: 'RIS', 'csl-json': 'CSL-JSON' } as const;

function listLibrary(runtime: Runtime, io: CliIo, isJson: boolean): number {
  const entries = runtime.store.loadLibrary();
  if (isJson) {
    io.stdout(`${JSON.stringify(entries.map(jsonOf), null, 2)}\n`);
    return 0;
  }
  if (entries.length === 0) {
    io.stdout('the library is empty: add exports with `paperwire library add FILE...`\n');
    return 0;
  }
  for (const entry of entries) {
    const missing = entry.abstract === '' ? '  [no abstract]' : '';
    io.stdout(`${entry.key}  ${printable(entry.title)}${missing}\n    ${printable(entry.source)}\n`);
  }
  const withoutAbstract = entries.filter((entry) => entry.abstract === '').length;
  io.stdout(`${countOf(entries.length, 'entry', 'entries')}, ${withoutAbstract} without an abstract\n`);
  return 0;
}

function jsonOf(entry: LibraryEntry) {
  return { ...entry, addedAt: entry.addedAt.toISOString() };
}

/** Text from an export, safe and on one line for a terminal. */
function printable(text: string): string {
  return normalizeSpace(stripControls(text));
}

/** Removes by key (`title:...`, `arxiv:...`) or by arXiv id in any form (versioned, URL); unknown: exit 2. */
function removeEntry(id: string, runtime: Runtime, io: CliIo): number {
  const arxivId = parseArxivReference(id);
  const isRemoved = runtime.store.removeLibraryEntry(arxivId ?? id.trim());
  if (!isRemoved) {
    throw new UsageError(`library remove: ${quoteInput(id)} is not in the library`, {
      hint: 'give an arXiv id or a key as `paperwire library list` shows it',
    });
  }
  io.stdout(`removed ${arxivId ?? id.trim()} from the library\n`);
  return 0;
}
