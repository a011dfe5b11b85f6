// Field glossaries for translation: which renderings of a source term a researcher accepts and which are
// known to be wrong. Pure data and pure matching; the translator appends glossaryInstructions() to its
// prompt and verify.ts checks the result against the same entries.

import type { Lang } from '../../model.js';
import { ZH_ML } from './zh-ml.js';
import { ZH_RL } from './zh-rl.js';

export type GlossaryField = 'rl' | 'ml';
export const GLOSSARY_FIELDS: readonly GlossaryField[] = ['rl', 'ml'];

/** One source term and how it may be translated into one language. */
export interface GlossaryEntry {
  /** The English term, matched case-insensitively on word boundaries; plural forms of its last word match. */
  term: string;
  /** Accepted renderings, the preferred first. Keeping the English term is always accepted. */
  translations: string[];
  /** Renderings known to be wrong in this field, e.g. 政策 for policy. */
  forbidden?: string[];
  field: GlossaryField;
}

/** An entry from the user's config: like a shipped entry, the field optional. Empty translations = keep as is. */
export interface UserGlossaryEntry {
  term: string;
  translations: string[];
  forbidden?: string[];
  field?: GlossaryField;
}

interface CompiledTerm {
  entry: GlossaryEntry;
  /** Lowercased words of the term. */
  words: string[];
  /** Separator after each word but the last: '-' must be a hyphen, ' ' may be a space or a hyphen. */
  seps: string[];
  /** Lowercased surface forms accepted for the last word (singular and plural). */
  lastForms: string[];
  /** Hashes of the two forms the second word may take (equal for 3+ words, unused for one word). */
  second: number;
  secondAlt: number;
  /** Lowercased forms of the English term that count as "kept verbatim" in a translation. */
  englishForms: string[];
}

interface FirstWord {
  hash: number;
  /** The lowercased word itself: a word whose hash matches is compared with it once. */
  word: string;
  /** The terms starting with this word, longest first (one-word terms last). */
  terms: readonly CompiledTerm[];
  /** Whether a one-word term is this word: then a match is recorded even when no longer term follows. */
  hasOneWordTerm: boolean;
  /**
   * What may follow the word for one of its longer terms to match: `afterHyphenOnly` when every such term
   * needs a hyphen there (`in-context`), and the bits (see nextWordBit) of the next word's first character.
   * Most words that start terms (`in`, `on`, `learning`) are followed by neither: they need not wait.
   */
  afterHyphenOnly: boolean;
  nextWordBits: number;
  /** 1 + the next key of the same slot, 0 for none. */
  next: number;
}

/** A compiled glossary for one language: build with loadGlossary(); read-only afterwards. */
export interface Glossary {
  readonly lang: Lang;
  readonly entries: readonly GlossaryEntry[];
  /**
   * Hash table of first words (any surface form, see hashStep): `slots[hash & SLOT_MASK]` is 1 + the first
   * key of that slot, 0 for none (almost every word); `keys` chains by `next` and lists the terms starting
   * with each key, longest first.
   */
  readonly slots: Uint16Array;
  readonly keys: readonly FirstWord[];
  /** Lowercased term (and its plural) → entry; the acronym check uses it for `RL` = 强化学习. */
  readonly byTerm: ReadonlyMap<string, GlossaryEntry>;
}

/** Where a glossary term occurs in a source text. */
export interface TermMatch {
  entry: GlossaryEntry;
  /** Character offset of the first occurrence. */
  firstAt: number;
  /** True when some occurrence is not inside a longer matched term (then its rendering is required). */
  isRequired: boolean;
  /** Forms of the English term whose presence in a translation counts as kept verbatim. */
  englishForms: readonly string[];
}

const SHIPPED: Partial<Record<Lang, readonly GlossaryEntry[]>> = { zh: [...ZH_RL, ...ZH_ML] };

/** Shipped entries of `lang` for `fields`, with `userEntries` replacing shipped ones of the same term. */
export function loadGlossary(
  lang: Lang,
  fields: readonly GlossaryField[] = GLOSSARY_FIELDS,
  userEntries: readonly UserGlossaryEntry[] = [],
): Glossary {
  const byTerm = new Map<string, GlossaryEntry>();
  for (const entry of SHIPPED[lang] ?? []) {
    if (fields.includes(entry.field)) byTerm.set(entry.term.toLowerCase(), entry);
  }
  for (const user of userEntries) {
    const entry: GlossaryEntry = {
      term: user.term,
      translations: user.translations.length > 0 ? [...user.translations] : [user.term],
      field: user.field ?? 'ml',
    };
    if (user.forbidden) entry.forbidden = [...user.forbidden];
    byTerm.delete(user.term.toLowerCase());
    byTerm.set(user.term.toLowerCase(), entry);
  }
  return compileGlossary(lang, [...byTerm.values()]);
}

/** A glossary with no entries, for languages that ship none. */
export function emptyGlossary(lang: Lang): Glossary {
  return compileGlossary(lang, []);
}

const SLOT_MASK = 0x3fff;

function compileGlossary(lang: Lang, entries: GlossaryEntry[]): Glossary {
  const index = new Map<string, CompiledTerm[]>();
  const byTerm = new Map<string, GlossaryEntry>();
  for (const entry of entries) {
    const compiled = compileTerm(entry);
    if (!compiled) continue;
    for (const form of compiled.englishForms) byTerm.set(form, entry);
    const keys = compiled.words.length === 1 ? compiled.lastForms : [compiled.words[0] as string];
    for (const key of keys) {
      const list = index.get(key) ?? [];
      list.push(compiled);
      index.set(key, list);
    }
  }
  const slots = new Uint16Array(SLOT_MASK + 1);
  const keys: FirstWord[] = [];
  for (const [word, terms] of index) {
    const hash = hashWord(word, 0, word.length);
    terms.sort((a, b) => b.words.length - a.words.length);
    const longer = terms.filter((term) => term.words.length > 1);
    keys.push({
      hash,
      word,
      terms,
      hasOneWordTerm: longer.length < terms.length,
      afterHyphenOnly: longer.every((term) => term.seps[0] === '-'),
      nextWordBits: longer.reduce(
        (bits, term) => bits | nextWordBit((term.words[1] as string).charCodeAt(0)),
        0,
      ),
      next: slots[hash & SLOT_MASK] as number,
    });
    slots[hash & SLOT_MASK] = keys.length;
  }
  return { lang, entries, slots, keys, byTerm };
}

const WORD = /[A-Za-z0-9]+/g;

/** One bit per letter (either case) and one for all digits: a cheap test of a word's first character. */
function nextWordBit(code: number): number {
  const lower = code | 32;
  if (lower >= 97 && lower <= 122) return 1 << (lower - 97);
  return code >= 48 && code <= 57 ? 1 << 26 : 0;
}

function pluralForms(word: string): string[] {
  const forms = [word];
  if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`);
  else if (/(s|x|z|ch|sh)$/.test(word)) forms.push(`${word}es`);
  else forms.push(`${word}s`);
  return forms;
}

function compileTerm(entry: GlossaryEntry): CompiledTerm | null {
  const lower = entry.term.toLowerCase();
  const words: string[] = [];
  const seps: string[] = [];
  let last = -1;
  for (const match of lower.matchAll(WORD)) {
    if (last >= 0) seps.push(lower.slice(last, match.index).includes('-') ? '-' : ' ');
    words.push(match[0]);
    last = match.index + match[0].length;
  }
  const lastWord = words[words.length - 1];
  if (lastWord === undefined) return null;
  const lastForms = pluralForms(lastWord);
  const stem = lower.slice(0, lower.length - lastWord.length);
  const secondForms = words.length === 1 ? [] : words.length === 2 ? lastForms : [words[1] as string];
  const [second = HASH_SEED, secondAlt = second] = secondForms.map((form) => hashWord(form, 0, form.length));
  const englishForms = lastForms.map((form) => stem + form);
  return { entry, words, seps, lastForms, second, secondAlt, englishForms };
}

/** The hash of the empty word; extend it with hashStep() per character. */
export const HASH_SEED = 5381;

/** The case-insensitive hash of a word extended by the ASCII letter or digit `code`. */
export function hashStep(hash: number, code: number): number {
  return (Math.imul(hash, 33) + (code | 32)) | 0;
}

/** Case-insensitive hash of the word `text[start, end)` (ASCII letters and digits). */
function hashWord(text: string, start: number, end: number): number {
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

/**
 * The entries relevant to `sourceText`, as lines to append to the translation instructions: one
 * `term → preferred (also: ...; not: ...)` line per term, in order of first occurrence. Empty when none.
 */
export function glossaryInstructions(glossary: Glossary, sourceText: string, maxEntries = 24): string {
  const matches = findGlossaryTerms(glossary, sourceText).slice(0, maxEntries);
  if (matches.length === 0) return '';
  const lines = matches.map(({ entry }) => {
    const [preferred, ...others] = entry.translations;
    let line = `- ${entry.term} → ${preferred ?? entry.term}`;
    if (others.length > 0) line += ` (also: ${others.slice(0, 3).join(', ')})`;
    if (entry.forbidden && entry.forbidden.length > 0) line += ` (never: ${entry.forbidden.join(', ')})`;
    return line;
  });
  return `Use these renderings for field terms:\n${lines.join('\n')}`;
}
