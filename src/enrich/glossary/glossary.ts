// Field glossaries for translation: which renderings of a source term a researcher accepts and which are
// known to be wrong, compiled once per run for scan.ts to find in a text. Pure. The translator appends the
// glossaryInstructions() of a source's terms to its prompt and verify.ts checks the result against the same terms.

import type { GlossaryField, Lang, UserGlossaryEntry } from '../../model.js';
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

/** A term ready for scan.ts: its entry, the pattern that finds it, and its English forms. */
interface CompiledTerm {
  entry: GlossaryEntry;
  /**
   * Sticky and case-insensitive: set `lastIndex` to where the first word starts. It matches the term's words, each
   * whole, apart by a space or a hyphen (a hyphen where the term has one), the last one singular or plural.
   */
  pattern: RegExp;
  /** Lowercased forms of the English term that count as "kept verbatim" in a translation. */
  englishForms: string[];
}

/** A compiled glossary for one language: build with loadGlossary(); read-only afterwards. */
export interface Glossary {
  readonly lang: Lang;
  readonly entries: readonly GlossaryEntry[];
  /**
   * The terms a lowercased word may start, longest first: multi-word terms under their first word, one-word terms
   * under their singular and plural.
   */
  readonly termsByFirstWord: ReadonlyMap<string, readonly CompiledTerm[]>;
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

function compileGlossary(lang: Lang, entries: GlossaryEntry[]): Glossary {
  const termsByFirstWord = new Map<string, { term: CompiledTerm; wordCount: number }[]>();
  const byTerm = new Map<string, GlossaryEntry>();
  for (const entry of entries) {
    const compiled = compileTerm(entry);
    if (!compiled) continue;
    const { term, firstWords, wordCount } = compiled;
    for (const form of term.englishForms) byTerm.set(form, entry);
    for (const word of firstWords) {
      const list = termsByFirstWord.get(word) ?? [];
      list.push({ term, wordCount });
      termsByFirstWord.set(word, list);
    }
  }
  const longestFirst = [...termsByFirstWord].map(([word, terms]) => {
    const sorted = terms.sort((a, b) => b.wordCount - a.wordCount).map(({ term }) => term);
    return [word, sorted] as const;
  });
  return { lang, entries, termsByFirstWord: new Map(longestFirst), byTerm };
}

const WORD = /[A-Za-z0-9]+/g;
// After a term's last word: the word ends there, and no dotted name goes on (`policy` in `policy.json`).
const TERM_END = '(?![A-Za-z0-9])(?!\\.[A-Za-z0-9])';

function pluralForms(word: string): string[] {
  const forms = [word];
  if (/[^aeiou]y$/.test(word)) forms.push(`${word.slice(0, -1)}ies`);
  else if (/(s|x|z|ch|sh)$/.test(word)) forms.push(`${word}es`);
  else forms.push(`${word}s`);
  return forms;
}

/** The term's pattern, the words it is found under, and its number of words; null for a term with no word. */
function compileTerm(
  entry: GlossaryEntry,
): { term: CompiledTerm; firstWords: string[]; wordCount: number } | null {
  const lower = entry.term.toLowerCase();
  const words: string[] = [];
  // What must come before each word but the first: a hyphen where the term has one, else a space or a hyphen.
  const separators: string[] = [];
  let last = -1;
  for (const match of lower.matchAll(WORD)) {
    if (last >= 0) separators.push(lower.slice(last, match.index).includes('-') ? '-' : '[ -]');
    words.push(match[0]);
    last = match.index + match[0].length;
  }
  const lastWord = words.pop();
  if (lastWord === undefined) return null;
  const lastForms = pluralForms(lastWord);
  // The words are ASCII letters and digits: nothing in them needs escaping.
  const leading = words.map((word, k) => word + (separators[k] as string)).join('');
  const pattern = new RegExp(`${leading}(?:${lastForms.join('|')})${TERM_END}`, 'iy');
  const stem = lower.slice(0, lower.length - lastWord.length);
  const englishForms = lastForms.map((form) => stem + form);
  return {
    term: { entry, pattern, englishForms },
    firstWords: words.length === 0 ? lastForms : [words[0] as string],
    wordCount: words.length + 1,
  };
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
