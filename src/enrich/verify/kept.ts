// The checks that something of the source is kept: names, numbers, LaTeX, links, glossary renderings.

import type { Glossary, TermMatch } from '../glossary/glossary.js';
import { isLower, isUpper } from './chars.js';
import { TRAILING_PUNCT, type SourceFacts } from './source.js';
import { mayOccur, type TranslationFacts } from './translation.js';
import { listWords, type CheckFailure, type VerifyInput } from './types.js';

export function checkAcronyms(source: SourceFacts, input: VerifyInput, failures: CheckFailure[]): void {
  const missing = source.identifiers.filter((name) => !hasName(input.translation, name, input.glossary));
  if (missing.length === 0) return;
  failures.push({ check: 'acronyms', detail: `Keep the names ${listWords(missing)} verbatim.`, missing });
}

function hasName(translation: string, name: string, glossary: Glossary): boolean {
  if (translation.includes(name)) return true;
  // `LLMs` may be written `LLM`: Chinese, Japanese and Korean have no plural.
  if (/[A-Z]s$/.test(name) && translation.includes(name.slice(0, -1))) return true;
  // `RL` may be written 强化学习 where the glossary says so.
  const entry = glossary.byTerm.get(name.toLowerCase());
  return entry !== undefined && entry.translations.some((rendering) => translation.includes(rendering));
}

export function checkNumbers(source: SourceFacts, target: TranslationFacts, failures: CheckFailure[]): void {
  const missing = [
    ...new Set(source.numbers.filter((number) => !target.numberKeys.has(number.key)).map((n) => n.display)),
  ];
  if (missing.length === 0) return;
  failures.push({
    check: 'numbers',
    detail: `Keep the numbers ${listWords(missing)} with their signs and units.`,
    missing,
  });
}

export function checkLatex(
  source: SourceFacts,
  target: TranslationFacts,
  translation: string,
  failures: CheckFailure[],
) {
  const missing: string[] = [];
  let compactTranslation: string | null = null;
  for (const span of source.math) {
    if (translation.includes(span.text)) continue;
    if (span.numberKey !== null && target.numberKeys.has(span.numberKey)) {
      if (target.currencyKeys.has(span.numberKey.replace(/^[-+]|%$/g, ''))) {
        failures.push({
          check: 'latex',
          detail: `${span.text} is math, not money: write ${span.text} (or the bare number), never an amount of dollars.`,
          missing: [],
        });
      }
      continue;
    }
    compactTranslation ??= translation.replace(/\s+/g, '');
    if (!compactTranslation.includes(span.text.replace(/\s+/g, ''))) missing.push(span.text);
  }
  for (const command of new Set(source.commands)) {
    if (!hasCommand(translation, command)) missing.push(command);
  }
  if (missing.length > 0) {
    failures.push({ check: 'latex', detail: `Copy the LaTeX ${listWords(missing)} unchanged.`, missing });
  }
  if (target.mangled.length > 0) {
    const mangled = [...new Set(target.mangled)];
    failures.push({
      check: 'latex',
      detail: `LaTeX commands were translated (${mangled.join(', ')}); copy every \\command exactly as in the source.`,
      missing: [],
    });
  } else if (source.math.length > 0 && target.dollarCount % 2 === 1) {
    failures.push({
      check: 'latex',
      detail: 'The $ signs around math are unbalanced; copy each $...$ span exactly.',
      missing: [],
    });
  }
}

function hasCommand(translation: string, command: string): boolean {
  let at = translation.indexOf(command);
  while (at >= 0) {
    const next = translation.charCodeAt(at + command.length);
    if (!isUpper(next) && !isLower(next)) return true;
    at = translation.indexOf(command, at + 1);
  }
  return false;
}

const TRANSLATION_URL = /https?:\/\/[^\s<>"'()[\]{}，。、；）]+|www\.[^\s<>"'()[\]{}，。、；）]+/g;

export function checkUrls(source: SourceFacts, input: VerifyInput, failures: CheckFailure[]): void {
  const missing = source.urls.filter((url) => !input.translation.includes(url));
  if (missing.length > 0) {
    failures.push({ check: 'urls', detail: `Keep the links ${listWords(missing)} exactly.`, missing });
  }
  if (!input.translation.includes('http') && !input.translation.includes('www.')) return;
  const invented = [...input.translation.matchAll(TRANSLATION_URL)]
    .map((match) => match[0].replace(TRAILING_PUNCT, ''))
    .filter((url) => !input.source.includes(url));
  if (invented.length > 0) {
    failures.push({
      check: 'urls',
      detail: `Do not add links the source does not have (${invented.join(', ')}).`,
      missing: [],
    });
  }
}

export function checkGlossary(
  matches: readonly TermMatch[],
  translation: string,
  target: TranslationFacts,
  failures: CheckFailure[],
): void {
  const reported = new Set<string>();
  let lower: string | null = null;
  for (const match of matches) {
    const { entry } = match;
    let isMissing = false;
    if (match.isRequired && !entry.translations.some((rendering) => occurs(target, translation, rendering))) {
      lower ??= translation.toLowerCase();
      const keptEnglish = match.englishForms.some((form) => (lower as string).includes(form));
      isMissing = !keptEnglish;
    }
    const wrong = entry.forbidden
      ? wrongRenderings(match, matches, entry.forbidden, translation, target, reported)
      : [];
    if (!isMissing && wrong.length === 0) continue;
    const [preferred = entry.term, ...others] = entry.translations;
    const alternatives = isMissing && others.length > 0 ? ` (or ${others.slice(0, 3).join(', ')})` : '';
    const not = wrong.length > 0 ? `, not ${wrong.join(' or ')}` : '';
    failures.push({
      check: 'glossary',
      detail: `Translate "${entry.term}" as ${preferred}${alternatives}${not}.`,
      missing: [],
    });
  }
}

/**
 * The forbidden renderings of `match` that `translation` uses. A wrong rendering counts once (`policy
 * optimization` and `policy` both forbid 政策), and not at all where another term of the source accepts it
 * (`transport policy` → 交通政策). Records what it returns in `reported`.
 */
function wrongRenderings(
  match: TermMatch,
  matches: readonly TermMatch[],
  forbidden: readonly string[],
  translation: string,
  target: TranslationFacts,
  reported: Set<string>,
): string[] {
  const wrong: string[] = [];
  for (const rendering of forbidden) {
    if (reported.has(rendering) || !occurs(target, translation, rendering)) continue;
    const accepted = matches.some(
      (other) => other !== match && other.entry.translations.some((t) => t.includes(rendering)),
    );
    if (!accepted) wrong.push(rendering);
  }
  for (const rendering of wrong) reported.add(rendering);
  return wrong;
}

/** `translation.includes(rendering)`, skipping the search when a character of `rendering` is absent. */
function occurs(target: TranslationFacts, translation: string, rendering: string): boolean {
  return mayOccur(target, rendering) && translation.includes(rendering);
}
