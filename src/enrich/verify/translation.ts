// What a translation holds, read in one pass: its numbers (native forms included), money, mangled LaTeX
// commands, `$` signs and characters per script.

import type { Lang } from '../../model.js';
import { DIGIT, classOf, isAlnum, isDigit, isSign, isThreeDigits } from './chars.js';
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

/** One pass over the translation; the script counts are kept in locals, not in `facts`, while it runs. */
export function analyzeTranslation(text: string, lang: Lang): TranslationFacts {
  const numbers: NumberFacts = { numberKeys: new Set(), currencyKeys: new Set() };
  const mangled: string[] = [];
  const decimalComma = DECIMAL_COMMA_LANGS.has(lang);
  let han = 0;
  let kana = 0;
  let hangul = 0;
  let latin = 0;
  let dollarCount = 0;
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x3000) {
      if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) han++;
      else if (code <= 0x30ff && code >= 0x3040) kana++;
      else if (code >= 0xac00 && code <= 0xd7af) hangul++;
      i++;
      continue;
    }
    const kind = classOf(code);
    if (kind === DIGIT) {
      i = scanTranslationNumber(text, i, decimalComma, numbers);
      continue;
    }
    if (kind !== 0 || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)) latin++;
    else if (code >= 0x1100 && code <= 0x11ff) hangul++;
    else if (code === 36 && text.charCodeAt(i - 1) !== 92) dollarCount++;
    else if (code === 92 && text.charCodeAt(i + 1) > 127) mangled.push(mangledCommand(text, i));
    i++;
  }
  const { numberKeys, currencyKeys } = numbers;
  return { numberKeys, currencyKeys, mangled, dollarCount, han, kana, hangul, latin };
}

/** `\方法` out of `\方法相较`: the backslash and at most two non-ASCII characters after it. */
function mangledCommand(text: string, at: number): string {
  const end = text.charCodeAt(at + 2) > 127 ? at + 3 : at + 2;
  return text.slice(at, end);
}

/** Reads the number at `start`, records its keys, returns the offset after it. */
export function scanTranslationNumber(
  text: string,
  start: number,
  decimalComma: boolean,
  facts: NumberFacts,
): number {
  let i = start;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (isDigit(code)) i++;
    else if ((code === 44 || code === 46) && isDigit(next)) i++;
    else if (decimalComma && (code === 0xa0 || code === 0x202f || code === 32) && isThreeDigits(text, i + 1))
      i++;
    else break;
  }
  const raw = text.slice(start, i);
  const before = text.charCodeAt(start - 1);
  const sign =
    isSign(before) && !isAlnum(text.charCodeAt(start - 2))
      ? before === 0x2212
        ? '-'
        : String.fromCharCode(before)
      : '';
  let j = i;
  while (isSpace(text.charCodeAt(j))) j++;
  const after = text.charCodeAt(j);
  const pct = after === 37 || after === 0xff05 || (after === 92 && text.charCodeAt(j + 1) === 37) ? '%' : '';
  const unit = pct === '' ? text.charAt(i) : '';
  const shift =
    MAGNITUDE.has(unit) && !isAlnum(text.charCodeAt(i + 1))
      ? MAGNITUDE.get(unit)
      : NATIVE_MAGNITUDE.get(unit);
  const isMoney =
    mayBeMoney(text, i + (shift ? 1 : 0)) && CURRENCY.test(text.slice(i + (shift ? 1 : 0), i + 12));
  for (const value of numberReadings(raw, decimalComma)) {
    const digits = shift ? shifted(value, shift) : value;
    addKeys(facts.numberKeys, digits, sign, pct);
    if (isMoney) facts.currencyKeys.add(digits);
  }
  return i;
}

/** A space that may sit between a number and its `%`: ASCII, no-break or narrow no-break. */
function isSpace(code: number): boolean {
  return code === 32 || code === 0xa0 || code === 0x202f;
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

// The first characters of CURRENCY's words: a number followed by none of them (maybe after a space) is no amount.
const CURRENCY_STARTS = new Set([...'美ドdD달U'].map((char) => char.charCodeAt(0)));

function mayBeMoney(text: string, at: number): boolean {
  return (
    (at < text.length && CURRENCY_STARTS.has(text.charCodeAt(at))) ||
    (at + 1 < text.length && CURRENCY_STARTS.has(text.charCodeAt(at + 1)))
  );
}

function isAllDigits(raw: string): boolean {
  for (let k = 0; k < raw.length; k++) if (!isDigit(raw.charCodeAt(k))) return false;
  return true;
}

/** The plain decimal values `raw` can mean: `1,000` → 1000; in fr/de/es `42,1` → 42.1 and `1.000` → 1000. */
function numberReadings(raw: string, decimalComma: boolean): string[] {
  if (isAllDigits(raw)) return [raw]; // the common case; the rules below read it the same way
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
