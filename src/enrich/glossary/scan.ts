// Finding a glossary's terms in a text, word by word: each word's case-insensitive hash looks up the terms it may
// start (glossary.ts compiles them into `Glossary.slots`), and the next word decides the longer ones. verify/
// source.ts drives a scan from its own walk over the source; findGlossaryTerms walks a text alone.

import type { CompiledTerm, FirstWord, Glossary, TermMatch } from './glossary.js';

/** `Glossary.slots[hash & SLOT_MASK]`: where a word's hash finds the terms it may start. */
export const SLOT_MASK = 0x3fff;

/** One bit per letter (either case) and one for all digits: a cheap test of a word's first character. */
export function nextWordBit(code: number): number {
  const lower = code | 32;
  if (lower >= 97 && lower <= 122) return 1 << (lower - 97);
  return code >= 48 && code <= 57 ? 1 << 26 : 0;
}

/** The hash of the empty word; extend it with hashStep() per character. */
export const HASH_SEED = 5381;

/** The case-insensitive hash of a word extended by the ASCII letter or digit `code`. */
export function hashStep(hash: number, code: number): number {
  return (Math.imul(hash, 33) + (code | 32)) | 0;
}

/** Case-insensitive hash of the word `text[start, end)` (ASCII letters and digits). */
export function hashWord(text: string, start: number, end: number): number {
  let hash = HASH_SEED;
  for (let i = start; i < end; i++) hash = hashStep(hash, text.charCodeAt(i));
  return hash;
}

function isAlnumCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Term matches collected while scanning one text word by word: newTermScan(), offerWord(), endTermScan(). */
export interface TermScan {
  glossary: Glossary;
  /** In order of first occurrence; a text holds a few terms, so finding one's match is a short linear search. */
  found: TermMatch[];
  coveredUntil: number;
  /** The terms starting with the last word offered, waiting for the next word's hash; null when none. */
  pending: readonly CompiledTerm[] | null;
  pendingStart: number;
  pendingEnd: number;
}

export function newTermScan(glossary: Glossary): TermScan {
  return { glossary, found: [], coveredUntil: 0, pending: null, pendingStart: 0, pendingEnd: 0 };
}

/** False when offerWord() would do nothing for a word with this hash: nothing pending and no term starts so. */
export function mayOffer(scan: TermScan, hash: number): boolean {
  return scan.pending !== null || scan.glossary.slots[hash & SLOT_MASK] !== 0;
}

/**
 * Offers the word `text[start, end)`, whose hashWord() is `hash`. Call it for every word (maximal run of ASCII
 * letters and digits) in order, then endTermScan(). A word starting terms waits for the next word, whose hash
 * rejects most candidates without re-reading it; findGlossaryTerms() and verify.ts walk this way.
 */
export function offerWord(scan: TermScan, text: string, start: number, end: number, hash: number): void {
  if (scan.pending !== null) matchPending(scan, text, start, hash);
  const { slots, keys } = scan.glossary;
  for (let slot = slots[hash & SLOT_MASK] as number; slot !== 0;) {
    const key = keys[slot - 1] as FirstWord;
    slot = key.next;
    if (key.hash !== hash) continue;
    const mayGoOn = longerMayFollow(key, text, end);
    if (!(mayGoOn || key.hasOneWordTerm) || !equalsWord(text, start, end, key.word)) continue;
    scan.pending = key.terms;
    scan.pendingStart = start;
    scan.pendingEnd = end;
    // With no longer term possible, the one-word term is decided now: nothing need wait for the next word.
    if (!mayGoOn) matchPending(scan, text, -1, HASH_SEED);
    return;
  }
}

/** Whether the characters after `key` at `end` allow one of its longer terms: a space or hyphen, then a word. */
function longerMayFollow(key: FirstWord, text: string, end: number): boolean {
  if (key.nextWordBits === 0 || end + 1 >= text.length) return false;
  const sep = text.charCodeAt(end);
  if (sep !== 45 && (sep !== 32 || key.afterHyphenOnly)) return false;
  return (key.nextWordBits & nextWordBit(text.charCodeAt(end + 1))) !== 0;
}

/** The terms found, in order of first occurrence; longer terms win where they overlap. */
export function endTermScan(scan: TermScan, text: string): TermMatch[] {
  if (scan.pending !== null) matchPending(scan, text, -1, HASH_SEED);
  return scan.found;
}

/** Tries the pending terms; the next word starts at `nextStart` with hash `nextHash`. */
function matchPending(scan: TermScan, text: string, nextStart: number, nextHash: number): void {
  const terms = scan.pending as readonly CompiledTerm[];
  const start = scan.pendingStart;
  const end = scan.pendingEnd;
  scan.pending = null;
  // The second word of a term follows a space or a hyphen.
  const follows = nextStart === end + 1 && (text.charCodeAt(end) === 32 || text.charCodeAt(end) === 45);
  const second = follows ? nextHash : HASH_SEED;
  for (const term of terms) {
    if (term.words.length > 1 && second !== term.second && second !== term.secondAlt) continue;
    const termEnd = matchTermAt(term, text, start, end);
    if (termEnd >= 0) recordMatch(scan, term, start, termEnd);
  }
}

function recordMatch(scan: TermScan, term: CompiledTerm, start: number, termEnd: number): void {
  const isRequired = start >= scan.coveredUntil;
  const { found } = scan;
  let k = 0;
  while (k < found.length && (found[k] as TermMatch).entry !== term.entry) k++;
  if (k < found.length) (found[k] as TermMatch).isRequired ||= isRequired;
  else found.push({ entry: term.entry, firstAt: start, isRequired, englishForms: term.englishForms });
  if (termEnd > scan.coveredUntil) scan.coveredUntil = termEnd;
}

/** The glossary terms in `text`, in order of first occurrence; longer terms win where they overlap. */
export function findGlossaryTerms(glossary: Glossary, text: string): TermMatch[] {
  if (glossary.keys.length === 0) return [];
  const scan = newTermScan(glossary);
  for (let i = 0; i < text.length; i++) {
    const start = i;
    let hash = HASH_SEED;
    for (; i < text.length && isAlnumCode(text.charCodeAt(i)); i++) hash = hashStep(hash, text.charCodeAt(i));
    if (i > start) offerWord(scan, text, start, i, hash);
  }
  return endTermScan(scan, text);
}

function isLastForm(term: CompiledTerm, text: string, start: number, end: number): boolean {
  for (const form of term.lastForms) if (equalsWord(text, start, end, form)) return true;
  return false;
}

/** True when `text[start, end)` equals the lowercase ASCII `word`, ignoring case. */
function equalsWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/**
 * End offset of `term` whose first word is `[start, end)` of `text` (offerWord() compared it: for a one-word
 * term it is one of the forms), or -1. Allocates nothing.
 */
function matchTermAt(term: CompiledTerm, text: string, start: number, end: number): number {
  const n = term.words.length;
  let wordEnd = end;
  if (n > 1) {
    let wordStart = start;
    for (let k = 1; k < n; k++) {
      if (wordEnd >= text.length) return -1;
      const sep = text.charCodeAt(wordEnd);
      if (sep !== 45 && (sep !== 32 || term.seps[k - 1] === '-')) return -1;
      wordStart = wordEnd + 1;
      wordEnd = wordStart;
      while (wordEnd < text.length && isAlnumCode(text.charCodeAt(wordEnd))) wordEnd++;
      if (k < n - 1 && !equalsWord(text, wordStart, wordEnd, term.words[k] as string)) return -1;
    }
    if (!isLastForm(term, text, wordStart, wordEnd)) return -1;
  }
  // A term does not match inside a dotted name that goes on (`policy` in `policy.json`).
  if (
    wordEnd + 1 < text.length &&
    text.charCodeAt(wordEnd) === 46 &&
    isAlnumCode(text.charCodeAt(wordEnd + 1))
  )
    return -1;
  return wordEnd;
}
