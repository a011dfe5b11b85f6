// Checks one machine translation of a title or abstract against its source: names, numbers, LaTeX, links and
// field terms kept, plausible length, right language. Pure and fast; translate.ts retries with describeFailures().

import type { Lang } from '../model.js';
import { newTermScan, scanWord, type Glossary, type TermMatch, type TermScan } from './glossary/glossary.js';
import type { TextKind } from './translator.js';

export type CheckName = 'acronyms' | 'numbers' | 'latex' | 'urls' | 'glossary' | 'length' | 'language';
export const CHECK_NAMES: readonly CheckName[] = [
  'acronyms',
  'numbers',
  'latex',
  'urls',
  'glossary',
  'length',
  'language',
];

/** One thing wrong with a translation. */
export interface CheckFailure {
  check: CheckName;
  /** What is wrong and how to fix it, as one sentence for a reader and for the model. */
  detail: string;
  /** Source strings the translation must contain verbatim and does not; empty for other faults. */
  missing: readonly string[];
}

export interface VerifyResult {
  ok: boolean;
  failures: CheckFailure[];
}

export interface VerifyInput {
  source: string;
  translation: string;
  lang: Lang;
  kind: TextKind;
  glossary: Glossary;
}

/** Checks `translation` of `source` into `lang`. Never throws; an empty translation fails 'length'. */
export function verifyTranslation(input: VerifyInput): VerifyResult {
  const { facts: source, terms } = analyzeSource(input.source, input.glossary);
  const target = analyzeTranslation(input.translation, input.lang);
  const failures: CheckFailure[] = [];
  checkAcronyms(source, input, failures);
  checkNumbers(source, target, failures);
  checkLatex(source, target, input.translation, failures);
  checkUrls(source, input, failures);
  checkGlossary(terms, input.translation, failures);
  checkLength(source, target, input, failures);
  checkLanguage(source, target, input, failures);
  return { ok: failures.length === 0, failures };
}

/** One paragraph telling the model exactly what to fix on retry, e.g. "The translation dropped TIPS and 11.8%; ...". */
export function describeFailures(failures: readonly CheckFailure[]): string {
  const missing = [...new Set(failures.flatMap((failure) => failure.missing))];
  const sentences: string[] = [];
  if (missing.length > 0)
    sentences.push(`The translation dropped ${listWords(missing)}; keep them verbatim.`);
  for (const failure of failures) if (failure.missing.length === 0) sentences.push(failure.detail);
  return sentences.join(' ');
}

function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}

// ---------------------------------------------------------------------------------------------- source

export interface RequiredNumber {
  /** As the source writes it: `+7`, `11.8%`, `5.7K`. */
  display: string;
  /** Canonical key the translation must produce: sign, digits without grouping, magnitude applied, `%`. */
  key: string;
}

export interface MathSpan {
  text: string;
  /** The number key when the span is just a number (`$2048$`, `$93\%$`), else null. */
  numberKey: string | null;
}

export interface SourceFacts {
  identifiers: string[];
  numbers: RequiredNumber[];
  math: MathSpan[];
  commands: string[];
  urls: string[];
  /** ASCII letters of ordinary words: what the translator has to translate. */
  plainLetters: number;
  /** ASCII characters of identifiers and links, which a translation keeps as Latin script. */
  identifierLetters: number;
}

// URLs, arXiv's "this https URL" placeholder, math, LaTeX commands and `\%`, in one pass.
const SOURCE_SPANS =
  /(https?:\/\/[^\s<>"'()[\]{}]+)|this https? URL|(\$\$[^$]+\$\$|\$[^$\n]{1,300}\$|\\\(.+?\\\)|\\\[.+?\\\])|\\([A-Za-z]+)|\\%/g;
// Commands that only format their argument; the argument is translated, the command may go.
const FORMATTING = new Set(['emph', 'textbf', 'textit', 'texttt', 'textsc', 'textrm', 'underline', 'text']);
const TRAILING_PUNCT = /[.,;:!?]+$/;

/** What a translation of `text` must keep: names, numbers, math, LaTeX commands and links. */
export function extractProtected(text: string): SourceFacts {
  return analyzeSource(text, null).facts;
}

/** One pass over the source: the protected strings, and the glossary terms when a glossary is given. */
function analyzeSource(text: string, glossary: Glossary | null): { facts: SourceFacts; terms: TermMatch[] } {
  const facts: SourceFacts = {
    identifiers: [],
    numbers: [],
    math: [],
    commands: [],
    urls: [],
    plainLetters: 0,
    identifierLetters: 0,
  };
  // Most abstracts have no link, math or command: skip the replace pass for them.
  const hasSpans = text.includes('$') || text.includes('\\') || text.includes('http');
  const cleaned = !hasSpans
    ? text
    : text.replace(SOURCE_SPANS, (whole, url?: string, math?: string, command?: string) => {
        if (url) {
          facts.urls.push(url.replace(TRAILING_PUNCT, ''));
          facts.identifierLetters += url.length;
        } else if (math) facts.math.push({ text: math, numberKey: mathNumberKey(math) });
        else if (command) {
          if (!FORMATTING.has(command)) facts.commands.push(`\\${command}`);
        } else if (whole === '\\%') return '%';
        return ' ';
      });
  const scan = glossary && glossary.index.size > 0 ? newTermScan() : null;
  scanSourceTokens(cleaned, facts, glossary, scan);
  if (facts.identifiers.length > 1) facts.identifiers = [...new Set(facts.identifiers)];
  return { facts, terms: scan ? [...scan.found.values()] : [] };
}

const NUMERIC_MATH = /^\$+\s*([+\-−]?)\s*(\d+(?:\.\d+)?)\s*(\\%)?\s*\$+$/;

function mathNumberKey(math: string): string | null {
  const match = NUMERIC_MATH.exec(math);
  if (!match) return null;
  return `${match[1] === '' ? '' : '-'}${match[2] ?? ''}${match[3] ? '%' : ''}`;
}

// Character classes of ASCII, looked up instead of compared: this loop runs over every source character.
const DIGIT = 1;
const UPPER = 2;
const LOWER = 4;
const CHAR_CLASS = new Uint8Array(128);
for (let code = 48; code <= 57; code++) CHAR_CLASS[code] = DIGIT;
for (let code = 65; code <= 90; code++) CHAR_CLASS[code] = UPPER;
for (let code = 97; code <= 122; code++) CHAR_CLASS[code] = LOWER;

function classOf(code: number): number {
  return code < 128 ? (CHAR_CLASS[code] as number) : 0;
}
function isDigit(code: number): boolean {
  return classOf(code) === DIGIT;
}
function isUpper(code: number): boolean {
  return classOf(code) === UPPER;
}
function isLower(code: number): boolean {
  return classOf(code) === LOWER;
}
function isAlnum(code: number): boolean {
  return classOf(code) !== 0;
}

function isThreeDigits(text: string, at: number): boolean {
  return (
    isDigit(text.charCodeAt(at)) &&
    isDigit(text.charCodeAt(at + 1)) &&
    isDigit(text.charCodeAt(at + 2)) &&
    !isAlnum(text.charCodeAt(at + 3))
  );
}

/**
 * Walks the cleaned source once. A token is words (ASCII letters and digits) joined by `-._@`, `'25` or
 * `1,000`; plain tokens (capitals only at word starts, no digits) only add to the letter count, the rest are
 * classified as names or numbers. Every word is also offered to the glossary scan.
 */
function scanSourceTokens(
  text: string,
  facts: SourceFacts,
  glossary: Glossary | null,
  scan: TermScan | null,
): void {
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isAlnum(text.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    let isPlain = true;
    for (;;) {
      const wordStart = i;
      while (i < n) {
        const kind = classOf(text.charCodeAt(i));
        if (kind === 0) break;
        if (kind === DIGIT || (kind === UPPER && i !== wordStart)) isPlain = false;
        i++;
      }
      if (scan && glossary) scanWord(glossary, text, wordStart, i, scan);
      const joiner = text.charCodeAt(i);
      const next = text.charCodeAt(i + 1);
      if (!isAlnum(next)) break;
      if (joiner === 45) i++;
      else if (joiner === 46 || joiner === 95 || joiner === 64 || (joiner === 39 && isDigit(next))) {
        isPlain = false;
        i++;
      } else if (joiner === 44 && isDigit(text.charCodeAt(i - 1)) && isThreeDigits(text, i + 1)) i++;
      else break;
    }
    if (isPlain) facts.plainLetters += i - start;
    else classifyToken(text, start, i, facts);
  }
}

const NUMBER_PART = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([A-Za-z]*)$/;
const ROMAN = /^(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})$/;
const CAPITALISED_WORD = /^[A-Z]?[a-z]+$/;
const UNITS = new Set(['dB', 'dBm', 'kB', 'KiB', 'MiB', 'GiB', 'kW', 'MW', 'GW', 'kWh', 'MWh', 'mAh', 'pH']);
// Hyphenated affixes around a name that a translation renders in its own words (`GRPO-based` → 基于GRPO).
const AFFIXES = new Set(
  (
    'based style level like aware driven guided free wise specific centric tuned augmented enhanced ' +
    'conditioned only scale time step oriented powered assisted agnostic dependent independent ' +
    'compatible friendly efficient native sized grade type multi non pre post semi cross self anti sub'
  ).split(' '),
);

function classifyToken(text: string, start: number, end: number, facts: SourceFacts): void {
  const token = text.slice(start, end);
  if (isAllCapitals(text, start, end)) {
    // The common case, `RL`, `GRPO`, `LLMs`: a name unless it is a roman numeral.
    if (!ROMAN.test(token)) {
      facts.identifiers.push(token);
      facts.identifierLetters += token.length;
    }
    return;
  }
  const parts = token.split('-');
  const marked = parts.map(isMarkedPart);
  let isIdentifier = marked.some(Boolean);
  for (let k = 0; !isIdentifier && k + 1 < parts.length; k++) {
    // `Qwen-2.5`, `Llama-3`: a capitalised name and a version.
    isIdentifier = /^[A-Z][A-Za-z]*$/.test(parts[k] as string) && /^\d/.test(parts[k + 1] as string);
  }
  if (isIdentifier) {
    if (ROMAN.test(token) || isExpansionWord(token, text, end)) return;
    let first = 0;
    let last = parts.length - 1;
    while (first < last && !marked[first] && isAffix(parts[first] as string)) first++;
    while (last > first && !marked[last] && isAffix(parts[last] as string)) last--;
    const required = parts.slice(first, last + 1).join('-');
    facts.identifiers.push(required);
    facts.identifierLetters += required.length;
    return;
  }
  let offset = start;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k] as string;
    const match = NUMBER_PART.exec(part);
    if (match) addNumber(facts, text, match, offset, k === 0, k === parts.length - 1, offset + part.length);
    else facts.plainLetters += part.length;
    offset += part.length + 1;
  }
}

/** Two or more capitals, then capitals or a plural `s`: `RL`, `GRPO`, `LLMs`. */
function isAllCapitals(text: string, start: number, end: number): boolean {
  if (end - start < 2) return false;
  for (let i = start; i < end; i++) {
    const kind = classOf(text.charCodeAt(i));
    if (kind !== UPPER && !(i === end - 1 && i > start + 1 && text.charCodeAt(i) === 115)) return false;
  }
  return true;
}

function isAffix(part: string): boolean {
  return /^[a-z]+$/.test(part) || AFFIXES.has(part.toLowerCase());
}

/** A part that makes its token a name: `GRPO`, `cVAE`, `Qwen3`, `v6`, `pass@k`. */
function isMarkedPart(part: string): boolean {
  if (part.includes('@')) return true;
  if (NUMBER_PART.test(part) || CAPITALISED_WORD.test(part)) return false;
  let uppers = 0;
  let hasDigit = false;
  let hasLetter = false;
  for (let i = 0; i < part.length; i++) {
    const code = part.charCodeAt(i);
    if (isUpper(code)) uppers++;
    if (isDigit(code)) hasDigit = true;
    else if (isUpper(code) || isLower(code)) hasLetter = true;
  }
  if (hasDigit && hasLetter) return true;
  if (/^(?:[A-Z]\.)+[A-Z]?$/.test(part) || UNITS.has(part)) return false; // U.S., dB
  return uppers >= 2 || (uppers === 1 && !isUpper(part.charCodeAt(0)));
}

/** `sEquence` in "Variational sEquence-level ... (VESPO)": a capital only there to spell the acronym. */
function isExpansionWord(token: string, text: string, end: number): boolean {
  return (
    /^[a-z]+[A-Z][a-z]+(?:-[a-z]+)*$/.test(token) &&
    /\([A-Z][A-Za-z0-9-]*[A-Z]\)/.test(text.slice(end, end + 100))
  );
}

const MAGNITUDE: Record<string, number> = { K: 3, k: 3, M: 6, B: 9, T: 12 };
const ORDINAL_OR_DIMENSION = /^(?:st|nd|rd|th|D)$/;

function addNumber(
  facts: SourceFacts,
  text: string,
  match: RegExpExecArray,
  at: number,
  isFirst: boolean,
  isLast: boolean,
  end: number,
): void {
  const [literal, whole = '', fraction, suffix = ''] = match;
  if (ORDINAL_OR_DIMENSION.test(suffix)) return;
  const before = text.charAt(at - 1);
  const after = text.charAt(end);
  const hasSign = isFirst && /[+\-−±]/.test(before) && !isAlnum(text.charCodeAt(at - 2));
  const isPercent = isLast && after === '%';
  // List markers `1)`, `(2)`, `3.` are numbering, not data.
  if (!hasSign && !isPercent && suffix === '' && fraction === undefined && whole.length === 1) {
    if (after === ')' || (after === '.' && text.charAt(end + 1) === ' ')) return;
  }
  const sign = hasSign ? (before === '+' ? '+' : before === '±' ? '±' : '-') : '';
  const digits = scaled(whole.replace(/,/g, ''), fraction, MAGNITUDE[suffix] ?? 0);
  const pct = isPercent ? '%' : '';
  facts.numbers.push({ display: `${hasSign ? before : ''}${literal}${pct}`, key: `${sign}${digits}${pct}` });
}

/** `whole.fraction × 10^shift` as a plain decimal string, without floating point: (5, 7, 3) → `5700`. */
function scaled(whole: string, fraction: string | undefined, shift: number): string {
  if (shift === 0) return fraction === undefined ? whole : `${whole}.${fraction}`;
  const digits = (whole + (fraction ?? '')).padEnd(whole.length + shift, '0');
  const intPart = digits.slice(0, whole.length + shift).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(whole.length + shift).replace(/0+$/, '');
  return rest ? `${intPart}.${rest}` : intPart;
}

// ------------------------------------------------------------------------------------------ translation

interface TranslationFacts {
  /** Keys of every number in the translation, with and without sign and `%`. */
  numberKeys: Set<string>;
  /** Keys of numbers written as money (`2048美元`): a `$...$` read as dollars. */
  currencyKeys: Set<string>;
  /** `\` followed by a non-ASCII letter: a LaTeX command that was translated (`\方法`). */
  mangled: string[];
  dollarCount: number;
  han: number;
  kana: number;
  hangul: number;
  latin: number;
}

const CURRENCY = /^\s?(?:美元|美金|ドル|달러|dollars?\b|dólares|Dollar|USD)/;
const NATIVE_MAGNITUDE: Record<string, number> = { 千: 3, 万: 4, 萬: 4, 亿: 8, 億: 8, 천: 3, 만: 4, 억: 8 };
const DECIMAL_COMMA_LANGS: ReadonlySet<Lang> = new Set(['fr', 'de', 'es']);

function analyzeTranslation(text: string, lang: Lang): TranslationFacts {
  const facts: TranslationFacts = {
    numberKeys: new Set(),
    currencyKeys: new Set(),
    mangled: [],
    dollarCount: 0,
    han: 0,
    kana: 0,
    hangul: 0,
    latin: 0,
  };
  const decimalComma = DECIMAL_COMMA_LANGS.has(lang);
  let i = 0;
  while (i < text.length) {
    const code = text.charCodeAt(i);
    if (code >= 0x3000) {
      if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) facts.han++;
      else if (code <= 0x30ff && code >= 0x3040) facts.kana++;
      else if (code >= 0xac00 && code <= 0xd7af) facts.hangul++;
      i++;
      continue;
    }
    const kind = classOf(code);
    if (kind === DIGIT) {
      i = scanTranslationNumber(text, i, decimalComma, facts);
      continue;
    }
    if (kind !== 0 || (code >= 0xc0 && code <= 0x24f && code !== 0xd7 && code !== 0xf7)) facts.latin++;
    else if (code >= 0x1100 && code <= 0x11ff) facts.hangul++;
    else if (code === 36 && text.charCodeAt(i - 1) !== 92) facts.dollarCount++;
    else if (code === 92 && text.charCodeAt(i + 1) > 127) facts.mangled.push(mangledCommand(text, i));
    i++;
  }
  return facts;
}

/** `\方法` out of `\方法相较`: the backslash and at most two non-ASCII characters after it. */
function mangledCommand(text: string, at: number): string {
  const end = text.charCodeAt(at + 2) > 127 ? at + 3 : at + 2;
  return text.slice(at, end);
}

/** Reads the number at `start`, records its keys, returns the offset after it. */
function scanTranslationNumber(
  text: string,
  start: number,
  decimalComma: boolean,
  facts: TranslationFacts,
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
  const before = text.charAt(start - 1);
  const sign =
    /[+\-−±]/.test(before) && !isAlnum(text.charCodeAt(start - 2)) ? (before === '−' ? '-' : before) : '';
  let j = i;
  while (text.charAt(j) === ' ' || text.charAt(j) === '\u00a0' || text.charAt(j) === '\u202f') j++;
  let pct = '';
  if (text.charAt(j) === '%' || text.charAt(j) === '％') pct = '%';
  else if (text.startsWith('\\%', j)) pct = '%';
  const unit = pct === '' ? text.charAt(i) : '';
  const shift =
    MAGNITUDE[unit] !== undefined && !isAlnum(text.charCodeAt(i + 1))
      ? MAGNITUDE[unit]
      : NATIVE_MAGNITUDE[unit];
  const isMoney = CURRENCY.test(text.slice(i + (shift ? 1 : 0), i + 12));
  for (const value of numberReadings(raw, decimalComma)) {
    const [whole = '', fraction] = value.split('.');
    const digits = shift ? scaled(whole, fraction, shift) : value;
    for (const key of [digits, digits + pct, sign + digits, sign + digits + pct]) facts.numberKeys.add(key);
    if (isMoney) facts.currencyKeys.add(digits);
  }
  return i;
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

// ---------------------------------------------------------------------------------------------- checks

function checkAcronyms(source: SourceFacts, input: VerifyInput, failures: CheckFailure[]): void {
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

function checkNumbers(source: SourceFacts, target: TranslationFacts, failures: CheckFailure[]): void {
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

function checkLatex(
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

function checkUrls(source: SourceFacts, input: VerifyInput, failures: CheckFailure[]): void {
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

function checkGlossary(matches: readonly TermMatch[], translation: string, failures: CheckFailure[]): void {
  const reported = new Set<string>();
  let lower: string | null = null;
  for (const match of matches) {
    const { entry } = match;
    let isMissing = false;
    if (match.isRequired && !entry.translations.some((rendering) => translation.includes(rendering))) {
      lower ??= translation.toLowerCase();
      const keptEnglish = match.englishForms.some((form) => (lower as string).includes(form));
      isMissing = !keptEnglish;
    }
    // A wrong rendering counts once (`policy optimization` and `policy` both forbid 政策), and not at all
    // where another term of the source accepts it (`transport policy` → 交通政策).
    const wrong = (entry.forbidden ?? []).filter(
      (rendering) =>
        !reported.has(rendering) &&
        translation.includes(rendering) &&
        !matches.some(
          (other) => other !== match && other.entry.translations.some((t) => t.includes(rendering)),
        ),
    );
    for (const rendering of wrong) reported.add(rendering);
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

/** Plausible [min, max] of target-script characters per source letter, for titles and abstracts. */
const LENGTH_BANDS: Partial<Record<Lang, { title: [number, number]; abstract: [number, number] }>> = {
  // zh measured on the 86 example pairs: faithful abstracts 0.26-0.38, padded ones 0.43-0.44, titles 0.21-0.35.
  zh: { title: [0.1, 0.8], abstract: [0.18, 0.42] },
  // ja, ko, fr, de, es: estimates, not yet measured on real translations.
  ja: { title: [0.12, 1.2], abstract: [0.22, 0.7] },
  ko: { title: [0.1, 0.9], abstract: [0.18, 0.5] },
  fr: { title: [0.5, 2.5], abstract: [0.8, 1.7] },
  de: { title: [0.5, 2.5], abstract: [0.8, 1.7] },
  es: { title: [0.5, 2.5], abstract: [0.8, 1.7] },
};
const MIN_LETTERS_FOR_LENGTH = 20;
const SHORT_TEXT_LETTERS = 200;

function targetChars(target: TranslationFacts, source: SourceFacts, lang: Lang): number {
  if (lang === 'zh') return target.han;
  if (lang === 'ja') return target.han + target.kana;
  if (lang === 'ko') return target.hangul;
  return Math.max(0, target.latin - source.identifierLetters);
}

function checkLength(
  source: SourceFacts,
  target: TranslationFacts,
  input: VerifyInput,
  failures: CheckFailure[],
) {
  if (input.translation.trim() === '') {
    failures.push({
      check: 'length',
      detail: 'The translation is empty; translate the whole text.',
      missing: [],
    });
    return;
  }
  // A short text's ratio is noisy: judge it with the generous title band whatever its kind.
  const kind = source.plainLetters < SHORT_TEXT_LETTERS ? 'title' : input.kind;
  const band = LENGTH_BANDS[input.lang]?.[kind];
  if (!band || source.plainLetters < MIN_LETTERS_FOR_LENGTH) return;
  const ratio = targetChars(target, source, input.lang) / source.plainLetters;
  const [min, max] = band;
  if (ratio < min) {
    failures.push({
      check: 'length',
      detail: `The translation is too short for its source (ratio ${ratio.toFixed(2)}, expected at least ${min}); translate the whole text, leaving nothing out.`,
      missing: [],
    });
  } else if (ratio > max) {
    failures.push({
      check: 'length',
      detail: `The translation is too long for its source (ratio ${ratio.toFixed(2)}, expected at most ${max}); translate only what the source says, with no notes or additions.`,
      missing: [],
    });
  }
}

const LANG_NAMES: Record<Lang, string> = {
  en: 'English',
  zh: 'Simplified Chinese',
  ja: 'Japanese',
  ko: 'Korean',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
};
const MIN_SCRIPT_SHARE = 0.5;
const WORDS = /[a-zà-ÿ]+/g;
const ENGLISH_WORDS = new Set(
  'the and of to is are we with for that this from by on our which these show'.split(' '),
);
const FUNCTION_WORDS: Partial<Record<Lang, ReadonlySet<string>>> = {
  fr: new Set(
    'le la les des du de et une un pour dans avec est sont que qui sur nous par ces au aux'.split(' '),
  ),
  de: new Set(
    'der die das und ist mit für von den dem ein eine wir zu auf sind im des sich nicht'.split(' '),
  ),
  es: new Set('el la los las de del y en con para una un que es por se su nuestro al este esta'.split(' ')),
};

function checkLanguage(
  source: SourceFacts,
  target: TranslationFacts,
  input: VerifyInput,
  failures: CheckFailure[],
) {
  if (input.lang === 'en') return;
  const name = LANG_NAMES[input.lang];
  if (source.plainLetters >= 8 && input.translation.trim() === input.source.trim()) {
    failures.push({
      check: 'language',
      detail: `The translation repeats the source; write it in ${name}.`,
      missing: [],
    });
    return;
  }
  const problem = scriptProblem(source, target, input);
  if (problem) failures.push({ check: 'language', detail: `${problem}; write it in ${name}.`, missing: [] });
}

function scriptProblem(source: SourceFacts, target: TranslationFacts, input: VerifyInput): string | null {
  const latin = Math.max(0, target.latin - source.identifierLetters);
  const share = (own: number) => (own + latin === 0 ? 1 : own / (own + latin));
  switch (input.lang) {
    case 'zh':
      return target.han + latin >= 8 && share(target.han) < MIN_SCRIPT_SHARE
        ? 'The translation is mostly not Chinese'
        : null;
    case 'ja': {
      const own = target.han + target.kana;
      if (own + latin >= 8 && share(own) < MIN_SCRIPT_SHARE) return 'The translation is mostly not Japanese';
      return own >= 30 && target.kana < own * 0.05
        ? 'The translation has no kana: it reads as Chinese'
        : null;
    }
    case 'ko':
      return target.hangul + latin >= 8 && share(target.hangul) < MIN_SCRIPT_SHARE
        ? 'The translation is mostly not Korean'
        : null;
    default:
      return latinLanguageProblem(input.translation, input.lang);
  }
}

function latinLanguageProblem(translation: string, lang: Lang): string | null {
  const own = FUNCTION_WORDS[lang];
  if (!own) return null;
  let english = 0;
  let native = 0;
  for (const match of translation.toLowerCase().matchAll(WORDS)) {
    if (own.has(match[0])) native++;
    else if (ENGLISH_WORDS.has(match[0])) english++;
  }
  return english >= 3 && english > native ? 'The translation is mostly English' : null;
}
