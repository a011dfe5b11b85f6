// Field glossaries for translation: which renderings of a source term a researcher accepts and which are
// known to be wrong, compiled once per run for scan.ts to find in a text. Pure. The translator appends the
// glossaryInstructions() of a source's terms to its prompt and verify.ts checks the result against the same terms.

import type { GlossaryField, Lang, UserGlossaryEntry } from '../../model.js';
import { HASH_SEED, SLOT_MASK, hashWord, nextWordBit } from './scan.js';
import { JA_ML } from './ja-ml.js';
import { JA_RL } from './ja-rl.js';
import { ZH_ML } from './zh-ml.js';
import { ZH_RL } from './zh-rl.js';

export { findGlossaryTerms } from './scan.js';

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

/** A term ready for scan.ts: its words, separators and forms. */
export interface CompiledTerm {
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

/** A word that starts terms, keyed in `Glossary.slots` by its hash (scan.ts). */
export interface FirstWord {
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

const SHIPPED: Partial<Record<Lang, readonly GlossaryEntry[]>> = {
  zh: [...ZH_RL, ...ZH_ML],
  ja: [...JA_RL, ...JA_ML],
};

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

/**
 * The entries of `matches` (a source's glossary terms, in order of first occurrence) as lines to append to the
 * translation instructions: one `term → preferred (also: ...; not: ...)` line per term. Empty when none.
 */
export function glossaryInstructions(matches: readonly TermMatch[], maxEntries = 24): string {
  if (matches.length === 0) return '';
  const lines = matches.slice(0, maxEntries).map(({ entry }) => {
    const [preferred, ...others] = entry.translations;
    let line = `- ${entry.term} → ${preferred ?? entry.term}`;
    if (others.length > 0) line += ` (also: ${others.slice(0, 3).join(', ')})`;
    if (entry.forbidden && entry.forbidden.length > 0) line += ` (never: ${entry.forbidden.join(', ')})`;
    return line;
  });
  return `Use these renderings for field terms:\n${lines.join('\n')}`;
}
