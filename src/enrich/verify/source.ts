// What a translation must keep, read from the English source in one pass: names, numbers, math, LaTeX
// commands, links, and the glossary terms it contains.

import type { Glossary, TermMatch } from '../glossary/glossary.js';
import {
  HASH_SEED,
  endTermScan,
  hashStep,
  mayOffer,
  newTermScan,
  offerWord,
  type TermScan,
} from '../glossary/scan.js';
import { DIGIT, UPPER, classOf, isAlnum, isDigit, isLower, isSign, isThreeDigits, isUpper } from './chars.js';

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
  /** Whether the source has arXiv's `this https URL`, which stands where arXiv removed a link. */
  hasRemovedLink: boolean;
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
export const TRAILING_PUNCT = /[.,;:!?]+$/;

/** What a translation of `text` must keep: names, numbers, math, LaTeX commands and links. */
export function extractProtected(text: string): SourceFacts {
  return analyzeSource(text, null).facts;
}

/** One pass over the source: the protected strings, and the glossary terms when a glossary is given. */
export function analyzeSource(
  text: string,
  glossary: Glossary | null,
): { facts: SourceFacts; terms: TermMatch[] } {
  const facts: SourceFacts = {
    identifiers: [],
    numbers: [],
    math: [],
    commands: [],
    urls: [],
    hasRemovedLink: false,
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
        else if (whole.startsWith('this')) facts.hasRemovedLink = true;
        return ' ';
      });
  const scan = glossary && glossary.keys.length > 0 ? newTermScan(glossary) : null;
  scanSourceTokens(cleaned, facts, scan);
  return { facts, terms: scan ? endTermScan(scan, cleaned) : [] };
}

const NUMERIC_MATH = /^\$+\s*([+\-−]?)\s*(\d+(?:\.\d+)?)\s*(\\%)?\s*\$+$/;

function mathNumberKey(math: string): string | null {
  const match = NUMERIC_MATH.exec(math);
  if (!match) return null;
  return `${match[1] === '' ? '' : '-'}${match[2] ?? ''}${match[3] ? '%' : ''}`;
}

/**
 * Walks the cleaned source once. A token is words (ASCII letters and digits) joined by `-._@`, `'25` or
 * `1,000`; plain tokens (capitals only at word starts, no digits) only add to the letter count, the rest are
 * classified as names or numbers. Every word is hashed as it is read and offered to the glossary scan.
 */
function scanSourceTokens(text: string, facts: SourceFacts, scan: TermScan | null): void {
  const n = text.length;
  let i = 0;
  for (;;) {
    while (i < n && !isAlnum(text.charCodeAt(i))) i++;
    if (i >= n) return;
    const start = i;
    // Bits of the character classes seen, the first character of each word counting only as a digit.
    let marks = 0;
    for (;;) {
      const wordStart = i;
      let code = text.charCodeAt(i);
      marks |= classOf(code) & DIGIT;
      let hash = hashStep(HASH_SEED, code);
      while (++i < n) {
        code = text.charCodeAt(i);
        if (code >= 97 && code <= 122) {
          hash = hashStep(hash, code); // the common case: a lowercase letter adds nothing to `marks`
          continue;
        }
        const kind = classOf(code);
        if (kind === 0) break;
        marks |= kind;
        hash = hashStep(hash, code);
      }
      if (scan !== null && mayOffer(scan, hash)) offerWord(scan, text, wordStart, i, hash);
      // `code` is the character after the word, unless the text ended: a space ends the token.
      if (code === 32 || i + 1 >= n) break;
      const joinedAt = joinedWordAt(text, i);
      if (joinedAt < 0) break;
      if (joinedAt > 0) marks |= DIGIT; // any joiner but a hyphen makes the token a name or a number
      i++;
    }
    if ((marks & (DIGIT | UPPER)) === 0) facts.plainLetters += i - start;
    else classifyToken(text, start, i, facts);
  }
}

/**
 * After a word ending at `i` (`i + 1 < text.length`): -1 when the token ends there, 0 after a hyphen, 1 after
 * `._@`, `'25` or `1,000`.
 */
function joinedWordAt(text: string, i: number): number {
  const joiner = text.charCodeAt(i);
  const next = text.charCodeAt(i + 1);
  if (!isAlnum(next)) return -1;
  if (joiner === 45) return 0;
  if (joiner === 46 || joiner === 95 || joiner === 64 || (joiner === 39 && isDigit(next))) return 1;
  if (joiner === 44 && isDigit(text.charCodeAt(i - 1)) && isThreeDigits(text, i + 1)) return 1;
  return -1;
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
    if (!(isRomanLetters(text, start, end) && ROMAN.test(token))) addIdentifier(facts, token);
    return;
  }
  if (!token.includes('-')) {
    // One part: `Qwen3`, `11.8`, `5.7K`, `U.S.`.
    const number = token.includes('@') ? null : NUMBER_PART.exec(token);
    if (number !== null) addNumber(facts, text, number, start, true, true, end);
    else if (!isMarkedPart(token)) facts.plainLetters += token.length;
    else if (!(isRomanLetters(text, start, end) && ROMAN.test(token)) && !isExpansionWord(token, text, end))
      addIdentifier(facts, token);
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
    addIdentifier(facts, parts.slice(first, last + 1).join('-'));
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

/** Records a name once; its letters count at every occurrence. */
function addIdentifier(facts: SourceFacts, name: string): void {
  if (!facts.identifiers.includes(name)) facts.identifiers.push(name);
  facts.identifierLetters += name.length;
}

/** Only `I`, `V` and `X`: the letters a roman numeral that ROMAN accepts is made of. */
function isRomanLetters(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code !== 73 && code !== 86 && code !== 88) return false;
  }
  return true;
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

/** Powers of ten of a number's suffix (`5.7K`); a Map, since the suffix is any run of letters (`3toString`). */
export const MAGNITUDE: ReadonlyMap<string, number> = new Map([
  ['K', 3],
  ['k', 3],
  ['M', 6],
  ['B', 9],
  ['T', 12],
]);
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
  if (suffix !== '' && ORDINAL_OR_DIMENSION.test(suffix)) return;
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(end);
  const hasSign = isFirst && isSign(before) && !isAlnum(text.charCodeAt(at - 2));
  const isPercent = isLast && after === 37;
  // List markers `1)`, `(2)`, `3.` are numbering, not data.
  if (!hasSign && !isPercent && suffix === '' && fraction === undefined && whole.length === 1) {
    if (after === 41 || (after === 46 && text.charCodeAt(end + 1) === 32)) return;
  }
  const sign = hasSign ? (before === 43 ? '+' : before === 0xb1 ? '±' : '-') : '';
  const digits = scaled(
    whole.includes(',') ? whole.replace(/,/g, '') : whole,
    fraction,
    MAGNITUDE.get(suffix) ?? 0,
  );
  const pct = isPercent ? '%' : '';
  const display = hasSign ? String.fromCharCode(before) + literal : literal;
  facts.numbers.push({ display: display + pct, key: sign + digits + pct });
}

/** `whole.fraction × 10^shift` as a plain decimal string, without floating point: (5, 7, 3) → `5700`. */
export function scaled(whole: string, fraction: string | undefined, shift: number): string {
  if (shift === 0) return fraction === undefined ? whole : `${whole}.${fraction}`;
  const digits = (whole + (fraction ?? '')).padEnd(whole.length + shift, '0');
  const intPart = digits.slice(0, whole.length + shift).replace(/^0+(?=\d)/, '');
  const rest = digits.slice(whole.length + shift).replace(/0+$/, '');
  return rest ? `${intPart}.${rest}` : intPart;
}
