// How much text a BibTeX export's @string macros stand for once expanded, checked before the parser expands them: an
// @string made of others twice over doubles with each level, and 24 levels took the parser 20 s and 1.9 GB.

import { LibraryFileError } from '../errors.js';
import { lineAt } from './entry.js';

/**
 * The most characters the @string references of one export may stand for, all together: real @strings name a journal
 * or a publisher (tens of characters), and an export of 30,000 entries that uses one in each stands for about 1 M.
 */
const MAX_EXPANDED_STRING_CHARS = 16 * 1024 * 1024;

const STRING_START = /@string\s*[{(]\s*([^\s=#{}()",]+)\s*=/giy;
/** A bare word after `=` or `#`, where BibTeX reads a macro name (inside braces or quotes it may be prose: counted). */
const REFERENCE = /[=#]\s*([A-Za-z_][^\s=#{}()",]*)/g;

/** One @string: the characters its literal parts hold, and the names it uses (each once per use). */
interface Definition {
  chars: number;
  uses: string[];
}

/**
 * Throws LibraryFileError naming the file and its first @string when the @string references of `text` stand for more
 * than MAX_EXPANDED_STRING_CHARS characters. The parser resolves a name defined later too, so every definition is
 * read first; a name that is unknown, or that uses itself through others, counts nothing (the parser reports it).
 */
export function checkStringExpansion(text: string, file: string): void {
  const definitions = new Map<string, Definition>();
  let firstDefinition = -1;
  for (let at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
    STRING_START.lastIndex = at;
    const start = STRING_START.exec(text);
    if (start === null) continue;
    const value = readValue(text, STRING_START.lastIndex);
    if (value === null) continue;
    definitions.set((start[1] ?? '').toLowerCase(), value.definition);
    if (firstDefinition < 0) firstDefinition = at;
    at = value.end;
  }
  if (definitions.size === 0) return;
  const lengths = expandedLengths(definitions);
  let total = 0;
  for (const match of text.matchAll(REFERENCE)) {
    total += lengths.get((match[1] ?? '').toLowerCase()) ?? 0;
    if (total > MAX_EXPANDED_STRING_CHARS) {
      throw new LibraryFileError(
        `${file}:${lineAt(text, firstDefinition)}`,
        `its @string macros stand for more than ${MAX_EXPANDED_STRING_CHARS / 1024 / 1024} M characters once ` +
          'expanded (@strings made of other @strings over and over): not a library export paperwire reads',
        { hint: 'remove the @string lines that repeat others, or export the library again' },
      );
    }
  }
}

/**
 * Each @string's expanded length, capped just above MAX_EXPANDED_STRING_CHARS (so the sums stay exact numbers), worked
 * out without recursion: a chain of a million @strings must not overflow the stack.
 */
function expandedLengths(definitions: ReadonlyMap<string, Definition>): Map<string, number> {
  const cap = MAX_EXPANDED_STRING_CHARS + 1;
  const lengths = new Map<string, number>();
  const inProgress = new Set<string>();
  for (const root of definitions.keys()) {
    const stack = [root];
    while (stack.length > 0) {
      const name = stack.at(-1) ?? '';
      const definition = definitions.get(name);
      if (lengths.has(name) || definition === undefined) {
        stack.pop();
        continue;
      }
      inProgress.add(name);
      const waiting = definition.uses.filter(
        (used) => definitions.has(used) && !lengths.has(used) && !inProgress.has(used),
      );
      if (waiting.length > 0) {
        stack.push(...waiting);
        continue;
      }
      let chars = definition.chars;
      // A name still in progress here uses itself: the parser reports it, and it stands for nothing.
      for (const used of definition.uses) chars = Math.min(cap, chars + (lengths.get(used) ?? 0));
      lengths.set(name, chars);
      inProgress.delete(name);
      stack.pop();
    }
  }
  return lengths;
}

/**
 * An @string's value (`"a" # {b} # name # 1999`, from `from` to its closing `}` or `)`), and where it ends; null when
 * it is not well formed (the parser then reports it).
 */
function readValue(text: string, from: number): { definition: Definition; end: number } | null {
  const definition: Definition = { chars: 0, uses: [] };
  let at = from;
  for (;;) {
    at = skipSpace(text, at);
    const char = text[at];
    if (char === '"' || char === '{') {
      const end = closingOf(text, at);
      if (end < 0) return null;
      definition.chars += end - at - 1;
      at = end + 1;
    } else {
      const word = /^[^\s#{}()",]+/.exec(text.slice(at, at + 200))?.[0];
      if (word === undefined) return null;
      if (/^\d+$/.test(word)) definition.chars += word.length;
      else definition.uses.push(word.toLowerCase());
      at += word.length;
    }
    at = skipSpace(text, at);
    if (text[at] === '#') {
      at += 1;
      continue;
    }
    return text[at] === '}' || text[at] === ')' ? { definition, end: at } : null;
  }
}

function skipSpace(text: string, at: number): number {
  let next = at;
  while (next < text.length && /\s/.test(text[next] ?? '')) next += 1;
  return next;
}

/** The index of what closes the `"…"` or `{…}` opened at `open` (braces inside either balanced); -1 if none. */
function closingOf(text: string, open: number): number {
  const isQuoted = text[open] === '"';
  let depth = 0;
  for (let at = open + 1; at < text.length; at += 1) {
    const char = text[at];
    if (char === '{') depth += 1;
    else if (char === '}') {
      if (depth === 0) return isQuoted ? -1 : at;
      depth -= 1;
    } else if (char === '"' && isQuoted && depth === 0) return at;
  }
  return -1;
}
