// What a translation holds: its numbers (native forms included), money, mangled LaTeX commands, `$` signs and
// characters per script.

import type { Lang } from '../../model.js';
import { MAGNITUDE, scaled } from './source.js';

/** The numbers of a translation: what scanTranslationNumber() records. */
export interface NumberFacts {
  /** Keys of every number in the translation, with and without sign and `%`. */
  numberKeys: Set<string>;
  /** Keys of numbers written as money (`2048美元`): a `$...$` read as dollars. */
  currencyKeys: Set<string>;
}

export interface TranslationFacts extends NumberFacts {
  /** `\` followed by a non-ASCII letter: a LaTeX command that was translated (`\方法`). */
  mangled: string[];
  dollarCount: number;
  han: number;
  kana: number;
  hangul: number;
  latin: number;
}

const CURRENCY = /^\s?(?:美元|美金|ドル|달러|dollars?\b|dólares|Dollar|USD)/;
const NATIVE_MAGNITUDE: ReadonlyMap<string, number> = new Map([
  ['千', 3],
  ['万', 4],
  ['萬', 4],
  ['亿', 8],
  ['億', 8],
  ['천', 3],
  ['만', 4],
  ['억', 8],
]);
const DECIMAL_COMMA_LANGS: ReadonlySet<Lang> = new Set(['fr', 'de', 'es']);

const HAN = /[\u3400-\u4dbf\u4e00-\u9fff]+/g;
const KANA = /[\u3040-\u30ff]+/g;
const HANGUL = /[\u1100-\u11ff\uac00-\ud7af]+/g;
/** ASCII letters, and the letters of Latin-1 and Latin Extended-A and -B (U+00C0–U+024F but × and ÷). */
const LATIN = /[A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f]+/g;
/** A `$` that is not `\$`. */
const DOLLAR = /(?<!\\)\$/g;
/** `\方法` out of `\方法相较`: a LaTeX command translated, the backslash and at most two non-ASCII characters. */
const MANGLED_COMMAND = /\\[\u0080-\uffff]{1,2}/g;
const DIGIT = /\d/g;

/** Reads the translation's numbers, money, mangled commands, `$` signs and characters per script. */
export function analyzeTranslation(text: string, lang: Lang): TranslationFacts {
  const numbers: NumberFacts = { numberKeys: new Set(), currencyKeys: new Set() };
  const decimalComma = DECIMAL_COMMA_LANGS.has(lang);
  // Each number is read whole from its first digit; the search for the next starts after it.
  DIGIT.lastIndex = 0;
  for (let digit = DIGIT.exec(text); digit !== null; digit = DIGIT.exec(text)) {
    DIGIT.lastIndex = scanTranslationNumber(text, digit.index, decimalComma, numbers);
  }
  // The fields one by one: spreading `numbers` here made the whole reading twice as slow.
  return {
    numberKeys: numbers.numberKeys,
    currencyKeys: numbers.currencyKeys,
    mangled: text.match(MANGLED_COMMAND) ?? [],
    dollarCount: countOf(text, DOLLAR),
    han: countOf(text, HAN),
    kana: countOf(text, KANA),
    hangul: countOf(text, HANGUL),
    latin: countOf(text, LATIN),
  };
}

/** How many characters of `text` the runs `pattern` (global) matches hold. */
function countOf(text: string, pattern: RegExp): number {
  let count = 0;
  pattern.lastIndex = 0;
  for (let run = pattern.exec(text); run !== null; run = pattern.exec(text)) count += run[0].length;
  return count;
}

/** A number's characters from its first digit: digits, and `,` or `.` before a digit. */
const NUMBER = /\d(?:\d|[,.](?=\d))*/y;
/** In fr, de and es also a space before three digits that end a word: `200 000`, `1 000 000`. */
const SPACED_NUMBER = /\d(?:\d|[,.](?=\d)|[ \u00a0\u202f](?=\d{3}(?![A-Za-z0-9])))*/y;
/** `%` after a number, maybe after spaces: ASCII, full-width or LaTeX's `\%`. */
const PERCENT_AFTER = /[ \u00a0\u202f]*(?:[%％]|\\%)/y;
/** The signs a number may carry: `+`, `-`, `−` (U+2212, read as `-`) and `±`. */
const SIGNS = new Set(['+', '-', '−', '±']);

/** Reads the number at `start`, records its keys, returns the offset after it. */
export function scanTranslationNumber(
  text: string,
  start: number,
  decimalComma: boolean,
  facts: NumberFacts,
): number {
  const number = decimalComma ? SPACED_NUMBER : NUMBER;
  number.lastIndex = start;
  const raw = number.exec(text)?.[0] ?? '';
  const i = start + raw.length;
  // charAt gives '' before the start and past the end.
  const before = text.charAt(start - 1);
  const hasSign = SIGNS.has(before) && !/[A-Za-z0-9]/.test(text.charAt(start - 2));
  const sign = !hasSign ? '' : before === '−' ? '-' : before;
  PERCENT_AFTER.lastIndex = i;
  const pct = PERCENT_AFTER.test(text) ? '%' : '';
  const unit = pct === '' ? text.charAt(i) : '';
  const shift =
    MAGNITUDE.has(unit) && !/[A-Za-z0-9]/.test(text.charAt(i + 1))
      ? MAGNITUDE.get(unit)
      : NATIVE_MAGNITUDE.get(unit);
  const isMoney = CURRENCY.test(text.slice(i + (shift ? 1 : 0), i + 12));
  for (const value of numberReadings(raw, decimalComma)) {
    const digits = shift ? shifted(value, shift) : value;
    addKeys(facts.numberKeys, digits, sign, pct);
    if (isMoney) facts.currencyKeys.add(digits);
  }
  return i;
}

/** `value × 10^shift` for a plain decimal `value`: `5.7`, 3 → `5700`. */
function shifted(value: string, shift: number): string {
  const dot = value.indexOf('.');
  return dot < 0 ? scaled(value, undefined, shift) : scaled(value.slice(0, dot), value.slice(dot + 1), shift);
}

/** Adds `digits` with and without `sign` and `pct`. */
function addKeys(keys: Set<string>, digits: string, sign: string, pct: string): void {
  keys.add(digits);
  if (pct !== '') keys.add(digits + pct);
  if (sign === '') return;
  keys.add(sign + digits);
  if (pct !== '') keys.add(sign + digits + pct);
}

/** The plain decimal values `raw` can mean: `1,000` → 1000; in fr/de/es `42,1` → 42.1 and `1.000` → 1000. */
function numberReadings(raw: string, decimalComma: boolean): string[] {
  const compact = raw.replace(/[\s\u00a0\u202f]/g, '');
  const readings: string[] = [];
  if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(compact)) readings.push(compact.replace(/,/g, ''));
  if (decimalComma) {
    if (/^\d{1,3}(?:\.\d{3})+(?:,\d+)?$/.test(compact))
      readings.push(compact.replace(/\./g, '').replace(',', '.'));
    if (/^\d+,\d+$/.test(compact)) readings.push(compact.replace(',', '.'));
  }
  if (/^\d+(?:\.\d+)?$/.test(compact)) readings.push(compact);
  if (readings.length === 0) for (const piece of compact.split(/[,]/)) if (piece) readings.push(piece);
  return readings;
}
