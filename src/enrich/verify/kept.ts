// The checks that something of the source is kept: names, numbers, LaTeX, links, glossary renderings.

import type { Glossary, TermMatch } from '../glossary/glossary.js';
import { TRAILING_PUNCT, type SourceFacts } from './source.js';
import type { TranslationFacts } from './translation.js';
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
    // `\alpha` is not kept by `\alphabet`.
    if (!/[A-Za-z]/.test(translation.charAt(at + command.length))) return true;
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
  if (source.hasRemovedLink) checkLinkPlaceholder(input, failures);
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

// arXiv writes a link it removed as "this https URL"; asked to translate that, a model may leave a note where the
// link was (`[请在此处插入实际的URL]`, "insert the actual URL here"): a bracketed span in the target script.
// (A Markdown link's text, `[此链接](https://…)`, is left to the invented-link check.)
const BRACKETED_NOTE = /\[[^\]\n]*[^\u0020-\u007e\s][^\]\n]*\](?!\()|【[^】\n]*】/g;

/** For a source with arXiv's `this https URL`: the bracketed notes of the translation the source lacks. */
function checkLinkPlaceholder(input: VerifyInput, failures: CheckFailure[]): void {
  const { translation } = input;
  if (!translation.includes('[') && !translation.includes('【')) return;
  const notes = [...translation.matchAll(BRACKETED_NOTE)]
    .map((match) => match[0])
    .filter((note) => !input.source.includes(note));
  if (notes.length === 0) return;
  failures.push({
    check: 'urls',
    detail: `Do not put a note where the link was (${notes.join(', ')}); translate "this https URL" as it stands.`,
    missing: [],
  });
}

export function checkGlossary(
  matches: readonly TermMatch[],
  translation: string,
  failures: CheckFailure[],
): void {
  let reported: string[] | null = null;
  for (const match of matches) {
    const { entry } = match;
    const isMissing =
      match.isRequired &&
      !includesAny(translation, entry.translations) &&
      !match.englishForms.some((form) => includesIgnoringCase(translation, form));
    let wrong: string[] | null = null;
    for (const rendering of entry.forbidden ?? []) {
      if (
        !translation.includes(rendering) ||
        reported?.includes(rendering) ||
        isAccepted(rendering, match, matches)
      )
        continue;
      (wrong ??= []).push(rendering);
      (reported ??= []).push(rendering);
    }
    if (!isMissing && wrong === null) continue;
    const [preferred = entry.term, ...others] = entry.translations;
    const alternatives = isMissing && others.length > 0 ? ` (or ${others.slice(0, 3).join(', ')})` : '';
    const not = wrong !== null ? `, not ${wrong.join(' or ')}` : '';
    failures.push({
      check: 'glossary',
      detail: `Translate "${entry.term}" as ${preferred}${alternatives}${not}.`,
      missing: [],
    });
  }
}

function includesAny(text: string, renderings: readonly string[]): boolean {
  for (const rendering of renderings) if (text.includes(rendering)) return true;
  return false;
}

/**
 * A forbidden rendering of `match` that another term of the source accepts is no fault there: `transport
 * policy` → 交通政策 holds 政策, which `policy` forbids. A wrong rendering is reported once, under the first term
 * that forbids it (`policy optimization` and `policy` both forbid 政策).
 */
function isAccepted(rendering: string, match: TermMatch, matches: readonly TermMatch[]): boolean {
  for (const other of matches) {
    if (other === match) continue;
    for (const accepted of other.entry.translations) if (accepted.includes(rendering)) return true;
  }
  return false;
}

/** `text.toLowerCase().includes(lower)` for a lowercase ASCII `lower`, without copying `text`. */
function includesIgnoringCase(text: string, lower: string): boolean {
  const first = lower.charAt(0);
  const upper = first.toUpperCase();
  return occursFrom(text, lower, first) || (upper !== first && occursFrom(text, lower, upper));
}

/** Whether `lower` occurs, ignoring case, at some occurrence of `first` (its first letter in one case). */
function occursFrom(text: string, lower: string, first: string): boolean {
  for (let at = text.indexOf(first); at >= 0; at = text.indexOf(first, at + 1)) {
    let k = 1;
    while (k < lower.length && sameIgnoringCase(text.charCodeAt(at + k), lower.charCodeAt(k))) k++;
    if (k === lower.length) return true;
  }
  return false;
}

function sameIgnoringCase(code: number, lower: number): boolean {
  return code === lower || (code >= 65 && code <= 90 && code + 32 === lower);
}
