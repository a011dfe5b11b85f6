// What a translation must keep, read from the English source: names, numbers, math, LaTeX commands, links, and
// the glossary terms it contains.

import type { Glossary, TermMatch } from '../glossary/glossary.js';
// From scan.ts itself: glossary.ts holds the shipped glossaries, which a digest that translates nothing never loads.
import { findGlossaryTerms } from '../glossary/scan.js';

interface RequiredNumber {
  /** As the source writes it: `+7`, `11.8%`, `5.7K`. */
  display: string;
  /** Canonical key the translation must produce: sign, digits without grouping, magnitude applied, `%`. */
  key: string;
}

interface MathSpan {
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

/** The source's protected strings, and its glossary terms (outside links, math and commands) when a glossary is given. */
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
  const cleaned = text.replace(SOURCE_SPANS, (whole, url?: string, math?: string, command?: string) => {
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
  readSourceTokens(cleaned, facts);
  return { facts, terms: glossary ? findGlossaryTerms(glossary, cleaned) : [] };
}

const NUMERIC_MATH = /^\$+\s*([+\-−]?)\s*(\d+(?:\.\d+)?)\s*(\\%)?\s*\$+$/;

function mathNumberKey(math: string): string | null {
  const match = NUMERIC_MATH.exec(math);
  if (!match) return null;
  return `${match[1] === '' ? '' : '-'}${match[2] ?? ''}${match[3] ? '%' : ''}`;
}

/**
 * A token: words of ASCII letters and digits joined by a hyphen, by `.`, `_` or `@`, by an apostrophe before a
 * digit (`'25`), or by a thousands comma (`1,000`).
 */
const TOKEN =
  /[A-Za-z0-9]+(?:(?:[-._@]|'(?=\d)|(?<=\d),(?=\d{3}(?![A-Za-z0-9])))(?=[A-Za-z0-9])[A-Za-z0-9]+)*/g;
/** A token of ordinary words: hyphens only, no digit, a capital only at a word's start. */
const PLAIN_TOKEN = /^[A-Za-z][a-z]*(?:-[A-Za-z][a-z]*)*$/;

/** Reads the cleaned source's tokens: plain ones only add to the letter count, the rest are names or numbers. */
function readSourceTokens(text: string, facts: SourceFacts): void {
  for (const { 0: token, index: start } of text.matchAll(TOKEN)) {
    if (PLAIN_TOKEN.test(token)) facts.plainLetters += token.length;
    else classifyToken(text, start, start + token.length, facts);
  }
}

const NUMBER_PART = /^(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?([A-Za-z]*)$/;
const ROMAN = /^(?=[IVX]{2})X{0,3}(?:IX|IV|V?I{0,3})$/;
const CAPITALISED_WORD = /^[A-Z]?[a-z]+$/;
/** Two or more capitals, then capitals or a plural `s`: `RL`, `GRPO`, `LLMs`. */
const ALL_CAPITALS = /^[A-Z]{2,}s?$/;
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
  if (ALL_CAPITALS.test(token)) {
    // The common case, `RL`, `GRPO`, `LLMs`: a name unless it is a roman numeral.
    if (!ROMAN.test(token)) addIdentifier(facts, token);
    return;
  }
  if (!token.includes('-')) {
    // One part: `Qwen3`, `11.8`, `5.7K`, `U.S.`.
    const number = token.includes('@') ? null : NUMBER_PART.exec(token);
    if (number !== null) addNumber(facts, text, number, start, true, true, end);
    else if (!isMarkedPart(token)) facts.plainLetters += token.length;
    else if (!ROMAN.test(token) && !isExpansionWord(token, text, end)) addIdentifier(facts, token);
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

function isAffix(part: string): boolean {
  return /^[a-z]+$/.test(part) || AFFIXES.has(part.toLowerCase());
}

/** A part that makes its token a name: `GRPO`, `cVAE`, `Qwen3`, `v6`, `pass@k`. */
function isMarkedPart(part: string): boolean {
  if (part.includes('@')) return true;
  if (NUMBER_PART.test(part) || CAPITALISED_WORD.test(part)) return false;
  if (/\d/.test(part) && /[A-Za-z]/.test(part)) return true;
  if (/^(?:[A-Z]\.)+[A-Z]?$/.test(part) || UNITS.has(part)) return false; // U.S., dB
  const capitals = part.replace(/[^A-Z]/g, '').length;
  return capitals >= 2 || (capitals === 1 && !/^[A-Z]/.test(part));
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
/** The signs a number may carry: `+`, `-`, `−` (U+2212) and `±`. */
const SIGNS = new Set(['+', '-', '−', '±']);

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
  // charAt gives '' before the start and past the end.
  const before = text.charAt(at - 1);
  const after = text.charAt(end);
  const hasSign = isFirst && SIGNS.has(before) && !/[A-Za-z0-9]/.test(text.charAt(at - 2));
  const isPercent = isLast && after === '%';
  // List markers `1)`, `(2)`, `3.` are numbering, not data.
  if (!hasSign && !isPercent && suffix === '' && fraction === undefined && whole.length === 1) {
    if (after === ')' || (after === '.' && text.charAt(end + 1) === ' ')) return;
  }
  const sign = hasSign ? (before === '+' || before === '±' ? before : '-') : '';
  const digits = scaled(
    whole.includes(',') ? whole.replace(/,/g, '') : whole,
    fraction,
    MAGNITUDE.get(suffix) ?? 0,
  );
  const pct = isPercent ? '%' : '';
  const display = hasSign ? before + literal : literal;
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
