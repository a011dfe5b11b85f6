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
  /** Hashes of the forms the second word may take (empty for one-word terms): rejects most tries cheaply. */
  secondHashes: Int32Array;
  /** Lowercased forms of the English term that count as "kept verbatim" in a translation. */
  englishForms: string[];
}

/** A compiled glossary for one language: build with loadGlossary(); read-only afterwards. */
export interface Glossary {
  readonly lang: Lang;
  readonly entries: readonly GlossaryEntry[];
  /** Hash of a first word (any surface form, see hashStep) → the terms starting with it, longest first. */
  readonly index: ReadonlyMap<number, readonly CompiledTerm[]>;
  /** One byte per low 16 bits of an index key's hash: rejects almost every other word before the map lookup. */
  readonly filter: Uint8Array;
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

const FILTER_MASK = 0xffff;

function compileGlossary(lang: Lang, entries: GlossaryEntry[]): Glossary {
  const index = new Map<number, CompiledTerm[]>();
  const byTerm = new Map<string, GlossaryEntry>();
  const filter = new Uint8Array(FILTER_MASK + 1);
  for (const entry of entries) {
    const compiled = compileTerm(entry);
    if (!compiled) continue;
    for (const form of compiled.englishForms) byTerm.set(form, entry);
    const keys = compiled.words.length === 1 ? compiled.lastForms : [compiled.words[0] as string];
    for (const key of keys) {
      const hash = hashWord(key, 0, key.length);
      const list = index.get(hash) ?? [];
      list.push(compiled);
      index.set(hash, list);
      filter[hash & FILTER_MASK] = 1;
    }
  }
  for (const list of index.values()) list.sort((a, b) => b.words.length - a.words.length);
  return { lang, entries, index, filter, byTerm };
}

const WORD = /[A-Za-z0-9]+/g;

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
  const secondHashes = Int32Array.from(secondForms, (form) => hashWord(form, 0, form.length));
  return { entry, words, seps, lastForms, secondHashes, englishForms: lastForms.map((form) => stem + form) };
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

/** False when no term starts with the word of this hash; true for terms' first words and a few others. */
export function mayStartTerm(glossary: Glossary, hash: number): boolean {
  return glossary.filter[hash & FILTER_MASK] !== 0;
}

function isAlnumCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Term matches collected while scanning one text word by word; start one with newTermScan(). */
export interface TermScan {
  found: Map<GlossaryEntry, TermMatch>;
  coveredUntil: number;
}

export function newTermScan(): TermScan {
  return { found: new Map(), coveredUntil: 0 };
}

/**
 * Records the terms that start at the word `text[start, end)`, whose hashWord() is `hash`. Call it for every
 * word in order (skipping those mayStartTerm() rejects); findGlossaryTerms() does, and verify.ts does from its
 * own single pass over a source.
 */
export function scanWord(
  glossary: Glossary,
  text: string,
  start: number,
  end: number,
  hash: number,
  scan: TermScan,
): void {
  const candidates = glossary.index.get(hash);
  if (!candidates) return;
  // Longest first: only when the first candidate has a second word can any of them.
  const secondHash = candidates[0]?.secondHashes.length ? nextWordHash(text, end) : HASH_SEED;
  for (const term of candidates) {
    if (term.secondHashes.length > 0 && !term.secondHashes.includes(secondHash)) continue;
    const termEnd = matchTermAt(term, text, start, end);
    if (termEnd >= 0) recordMatch(scan, term, start, termEnd);
  }
}

/** The hash of the word after a space or hyphen at `end`; HASH_SEED when none follows. */
function nextWordHash(text: string, end: number): number {
  let hash = HASH_SEED;
  if (end >= text.length) return hash;
  const sep = text.charCodeAt(end);
  if (sep !== 32 && sep !== 45) return hash;
  for (let i = end + 1; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (!isAlnumCode(code)) break;
    hash = hashStep(hash, code);
  }
  return hash;
}

function recordMatch(scan: TermScan, term: CompiledTerm, start: number, termEnd: number): void {
  const isCovered = start < scan.coveredUntil;
  const known = scan.found.get(term.entry);
  if (known) known.isRequired ||= !isCovered;
  else {
    const match = {
      entry: term.entry,
      firstAt: start,
      isRequired: !isCovered,
      englishForms: term.englishForms,
    };
    scan.found.set(term.entry, match);
  }
  scan.coveredUntil = Math.max(scan.coveredUntil, termEnd);
}

/** The glossary terms in `text`, in order of first occurrence; longer terms win where they overlap. */
export function findGlossaryTerms(glossary: Glossary, text: string): TermMatch[] {
  if (glossary.index.size === 0) return [];
  const scan = newTermScan();
  for (let i = 0; i < text.length; i++) {
    const start = i;
    let hash = HASH_SEED;
    for (; i < text.length && isAlnumCode(text.charCodeAt(i)); i++) hash = hashStep(hash, text.charCodeAt(i));
    if (i > start && mayStartTerm(glossary, hash)) scanWord(glossary, text, start, i, hash, scan);
  }
  return [...scan.found.values()];
}

/** True when `text[start, end)` equals the lowercase ASCII `word`, ignoring case. */
function equalsWord(text: string, start: number, end: number, word: string): boolean {
  if (end - start !== word.length) return false;
  for (let k = 0; k < word.length; k++) {
    if ((text.charCodeAt(start + k) | 32) !== word.charCodeAt(k)) return false;
  }
  return true;
}

/** End offset of `term` matched with its first word at `[start, end)` of `text`, or -1. Allocates nothing. */
function matchTermAt(term: CompiledTerm, text: string, start: number, end: number): number {
  const n = term.words.length;
  let wordStart = start;
  let wordEnd = end;
  for (let k = 0; k < n - 1; k++) {
    if (wordEnd >= text.length) return -1;
    const sep = text.charCodeAt(wordEnd);
    if (sep !== 45 && (sep !== 32 || term.seps[k] === '-')) return -1;
    if (!equalsWord(text, wordStart, wordEnd, term.words[k] as string)) return -1;
    wordStart = wordEnd + 1;
    wordEnd = wordStart;
    while (wordEnd < text.length && isAlnumCode(text.charCodeAt(wordEnd))) wordEnd++;
    if (wordEnd === wordStart) return -1;
  }
  let isLastWord = false;
  for (const form of term.lastForms) isLastWord ||= equalsWord(text, wordStart, wordEnd, form);
  if (!isLastWord) return -1;
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
