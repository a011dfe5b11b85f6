// The keyword query language of the select stage: parses a profile's keyword into a query, compiles it into a
// matcher over papers prepared once, and sorts a listing into one section per keyword. See docs/query-language.md.

import { UsageError } from '../errors.js';
import type { ListedPaper, Paper } from '../model.js';

/** Where a term looks: title or abstract (`null`), or one field. */
export type QueryField = 'ti' | 'abs' | 'au' | 'cat';

/** The parsed form of a query. Terms hold their text already folded (see `foldText`). */
export type Query =
  | {
      kind: 'term';
      field: QueryField | null;
      /** Folded text: lower case, accents and runs of whitespace removed. */
      text: string;
      /** True when the term ended in `*`: the end of the term needs no word boundary. */
      isPrefix: boolean;
    }
  | { kind: 'and'; operands: Query[] }
  | { kind: 'or'; operands: Query[] }
  | { kind: 'not'; operand: Query };

/** A paper with its text folded once, so that many queries can run against it cheaply. */
export interface PreparedPaper {
  paper: Paper;
  title: string;
  abstract: string;
  /** Title and abstract joined by a line break, which folded text never contains: no phrase spans the two. */
  text: string;
  /** Each author's name, folded. */
  authors: string[];
  /** Categories in lower case. */
  categories: string[];
}

/** True when a prepared paper matches a compiled query. */
export type PaperMatcher = (paper: PreparedPaper) => boolean;

/** One digest section before enrichment: the keyword as written and its matching papers in listing order. */
export interface SelectedSection {
  keyword: string;
  entries: ListedPaper[];
}

const FIELDS: ReadonlySet<string> = new Set<QueryField>(['ti', 'abs', 'au', 'cat']);
// Field names people bring from arXiv search or other tools; refused with a pointer rather than searched as text.
const MISTAKEN_FIELDS = new Set([
  'title',
  'abstract',
  'author',
  'authors',
  'category',
  'all',
  'co',
  'jr',
  'rn',
  'id',
]);
const WORD_CHAR = /[\p{L}\p{N}_]/u;
const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\t-~]/;
const UNUSUAL_SPACE = /^\s|\s$|\s\s|[^\S ]/;

/**
 * Folds text for matching: compatibility-decomposes it (ligatures, full-width forms), drops accents, lower-cases
 * it and collapses whitespace and line breaks to one space. Query terms and paper text both go through it.
 */
export function foldText(text: string): string {
  // Most titles and abstracts are ASCII: they need no Unicode normalisation, which is the costly step.
  const decomposed = NON_ASCII.test(text) ? text.normalize('NFKD').replace(MARKS, '') : text;
  const lower = decomposed.toLowerCase();
  // Replacing every single space is slow; most text only needs its edges checked.
  return UNUSUAL_SPACE.test(lower) ? lower.replace(/\s+/g, ' ').trim() : lower;
}

/** Folds a paper's searchable text once; pass the result to any number of matchers. */
export function preparePaper(paper: Paper): PreparedPaper {
  const title = foldText(paper.title);
  const abstract = foldText(paper.abstract);
  return {
    paper,
    title,
    abstract,
    text: `${title}\n${abstract}`,
    authors: paper.authors.map(foldText),
    categories: paper.categories.map((category) => category.toLowerCase()),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Tokens

type Token =
  | {
      kind: 'word';
      text: string;
      column: number;
      field: QueryField | null;
      isNegated: boolean;
      isQuoted: boolean;
    }
  | { kind: 'field'; field: QueryField; column: number; isNegated: boolean }
  | { kind: 'lparen'; column: number; isNegated: boolean }
  | { kind: 'rparen'; column: number }
  | { kind: 'and' | 'or' | 'not'; column: number };

function fail(query: string, what: string, column: number): never {
  throw new UsageError(`query ${JSON.stringify(query)}: ${what} at column ${column}`);
}

/** Splits a query into tokens; columns are 1-based. */
function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const char = query[i] ?? '';
    if (/\s/.test(char)) {
      i += 1;
      continue;
    }
    const start = i;
    if (char === ')') {
      tokens.push({ kind: 'rparen', column: start + 1 });
      i += 1;
      continue;
    }
    // A `-` opening a token (and followed by something) negates it: `-robot`, `-"real world"`, `-(a OR b)`.
    let isNegated = false;
    if (char === '-' && i + 1 < query.length && !/[\s)]/.test(query[i + 1] ?? '')) {
      isNegated = true;
      i += 1;
    }
    if (query[i] === '(') {
      tokens.push({ kind: 'lparen', column: start + 1, isNegated });
      i += 1;
      continue;
    }
    // A field prefix: `ti:`, `au:` ...; its value is the next token and must follow without a space.
    const fieldMatch = /^([A-Za-z]+):/.exec(query.slice(i));
    if (fieldMatch) {
      const name = (fieldMatch[1] ?? '').toLowerCase();
      if (FIELDS.has(name)) {
        const next = query[i + fieldMatch[0].length];
        if (next === undefined || /[\s)]/.test(next)) {
          fail(query, `missing value after "${fieldMatch[0]}"`, i + fieldMatch[0].length + 1);
        }
        tokens.push({ kind: 'field', field: name as QueryField, column: start + 1, isNegated });
        i += fieldMatch[0].length;
        continue;
      }
      if (MISTAKEN_FIELDS.has(name) && !/^\s?$/.test(query[i + fieldMatch[0].length] ?? '')) {
        fail(query, `unknown field "${fieldMatch[0]}" (fields are ti:, abs:, au:, cat:)`, i + 1);
      }
    }
    if (query[i] === '"') {
      const close = query.indexOf('"', i + 1);
      if (close < 0) fail(query, 'missing closing quote', query.length + 1);
      const text = query.slice(i + 1, close);
      if (text.trim() === '') fail(query, 'empty phrase ""', i + 1);
      tokens.push({ kind: 'word', text, column: start + 1, field: null, isNegated, isQuoted: true });
      i = close + 1;
      continue;
    }
    // A bare word runs to whitespace, a quote, or a `)` it did not open itself (so `SE(3)` stays one word).
    let depth = 0;
    let end = i;
    while (end < query.length) {
      const c = query[end] ?? '';
      if (/\s/.test(c) || c === '"') break;
      if (c === '(') depth += 1;
      if (c === ')') {
        if (depth === 0) break;
        depth -= 1;
      }
      end += 1;
    }
    const text = query.slice(i, end);
    i = end;
    if (!isNegated && (text === 'AND' || text === 'OR' || text === 'NOT')) {
      tokens.push({ kind: text === 'AND' ? 'and' : text === 'OR' ? 'or' : 'not', column: start + 1 });
    } else {
      tokens.push({ kind: 'word', text, column: start + 1, field: null, isNegated, isQuoted: false });
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------------------------
// Parser: or := and (OR and)* ; and := unary (AND? unary)* ; unary := NOT unary | primary ;
// primary := word | "phrase" | field primary | ( or ), any of them with a leading `-`.

function makeTerm(query: string, raw: string, field: QueryField | null, column: number): Query {
  const isPrefix = raw.endsWith('*');
  const text = foldText(isPrefix ? raw.slice(0, -1) : raw);
  if (text === '') fail(query, `"${raw}" has nothing to match`, column);
  return { kind: 'term', field, text, isPrefix };
}

function withField(node: Query, field: QueryField): Query {
  switch (node.kind) {
    case 'term':
      return { ...node, field };
    case 'not':
      return { kind: 'not', operand: withField(node.operand, field) };
    default:
      return { kind: node.kind, operands: node.operands.map((operand) => withField(operand, field)) };
  }
}

class Parser {
  private position = 0;
  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
  ) {}

  parse(): Query {
    if (this.tokens.length === 0) fail(this.query, 'empty query', 1);
    const node = this.parseOr();
    const extra = this.tokens[this.position];
    if (extra) fail(this.query, extra.kind === 'rparen' ? 'unexpected ")"' : 'unexpected text', extra.column);
    return node;
  }

  private peek(): Token | undefined {
    return this.tokens[this.position];
  }

  private endColumn(): number {
    return this.query.trimEnd().length + 1;
  }

  private parseOr(): Query {
    const operands = [this.parseAnd()];
    while (this.peek()?.kind === 'or') {
      this.position += 1;
      operands.push(this.parseAnd());
    }
    return operands.length === 1 ? (operands[0] as Query) : { kind: 'or', operands };
  }

  private parseAnd(): Query {
    const operands = [this.parseUnary()];
    for (;;) {
      const next = this.peek();
      if (next === undefined || next.kind === 'or' || next.kind === 'rparen') break;
      if (next.kind === 'and') this.position += 1;
      operands.push(this.parseUnary());
    }
    return operands.length === 1 ? (operands[0] as Query) : { kind: 'and', operands };
  }

  private parseUnary(): Query {
    const token = this.peek();
    if (token?.kind === 'not') {
      this.position += 1;
      return { kind: 'not', operand: this.parseUnary() };
    }
    return this.parsePrimary();
  }

  private parsePrimary(): Query {
    const token = this.peek();
    if (token === undefined) {
      const previous = this.tokens[this.position - 1];
      const after =
        previous?.kind === 'lparen' ? '"("' : previous ? previous.kind.toUpperCase() : 'the start';
      fail(this.query, `missing term after ${after}`, this.endColumn());
    }
    this.position += 1;
    switch (token.kind) {
      case 'word': {
        const term = makeTerm(this.query, token.text, null, token.column);
        return token.isNegated ? { kind: 'not', operand: term } : term;
      }
      case 'field': {
        const value = this.parsePrimary();
        const node = withField(value, token.field);
        return token.isNegated ? { kind: 'not', operand: node } : node;
      }
      case 'lparen': {
        if (this.peek()?.kind === 'rparen') fail(this.query, 'empty parentheses', token.column);
        const inner = this.parseOr();
        if (this.peek()?.kind !== 'rparen') fail(this.query, 'missing ")"', this.endColumn());
        this.position += 1;
        return token.isNegated ? { kind: 'not', operand: inner } : inner;
      }
      case 'rparen':
        return fail(this.query, 'unexpected ")"', token.column);
      default:
        return fail(this.query, `unexpected ${token.kind.toUpperCase()}`, token.column);
    }
  }
}

/** True when the text uses none of the query syntax: no operators, quotes, fields, groups or `-` negation. */
function isPlainKeyword(tokens: Token[]): boolean {
  return tokens.every((token) => token.kind === 'word' && !token.isQuoted && !token.isNegated);
}

/**
 * Parses a keyword or query. A plain keyword (no operators, quotes, fields, parentheses or `-`) is one phrase
 * searched in title or abstract; otherwise the query language applies (docs/query-language.md).
 * Throws `UsageError` naming the query and the 1-based column: `query "a AND (b": missing ")" at column 9`.
 */
export function parseQuery(text: string): Query {
  const tokens = tokenize(text);
  if (tokens.length > 0 && isPlainKeyword(tokens)) {
    return makeTerm(text, text.trim(), null, text.length - text.trimStart().length + 1);
  }
  return new Parser(text, tokens).parse();
}

// ---------------------------------------------------------------------------------------------------------------
// Matching

function isWordChar(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 0x80) {
    return (
      (code >= 0x61 && code <= 0x7a) ||
      (code >= 0x30 && code <= 0x39) ||
      code === 0x5f ||
      (code >= 0x41 && code <= 0x5a)
    );
  }
  return WORD_CHAR.test(char);
}

/** Finds `needle` in `haystack` with word boundaries where the needle starts/ends with a word character. */
function makeFinder(needle: string, isPrefix: boolean): (haystack: string) => boolean {
  const needsStart = isWordChar(needle[0]);
  const needsEnd = !isPrefix && isWordChar(needle[needle.length - 1]);
  return (haystack) => {
    let from = haystack.indexOf(needle);
    while (from >= 0) {
      const isStartOk = !needsStart || !isWordChar(haystack[from - 1]);
      const isEndOk = !needsEnd || !isWordChar(haystack[from + needle.length]);
      if (isStartOk && isEndOk) return true;
      from = haystack.indexOf(needle, from + 1);
    }
    return false;
  };
}

function compileCategory(text: string, isPrefix: boolean): PaperMatcher {
  // `cat:cs` and `cat:cs.*` mean the archive: cs itself or any cs.XX; `cat:cs.lg` means the one category.
  const base = text.replace(/\.$/, '');
  const isArchive = isPrefix || !base.includes('.');
  return (paper) =>
    paper.categories.some((category) => category === base || (isArchive && category.startsWith(`${base}.`)));
}

function compileNode(node: Query): PaperMatcher {
  switch (node.kind) {
    case 'and': {
      const operands = node.operands.map(compileNode);
      return (paper) => operands.every((operand) => operand(paper));
    }
    case 'or': {
      const operands = node.operands.map(compileNode);
      return (paper) => operands.some((operand) => operand(paper));
    }
    case 'not': {
      const operand = compileNode(node.operand);
      return (paper) => !operand(paper);
    }
    case 'term': {
      if (node.field === 'cat') return compileCategory(node.text, node.isPrefix);
      const find = makeFinder(node.text, node.isPrefix);
      switch (node.field) {
        case 'ti':
          return (paper) => find(paper.title);
        case 'abs':
          return (paper) => find(paper.abstract);
        case 'au':
          return (paper) => paper.authors.some(find);
        default:
          return (paper) => find(paper.text);
      }
    }
  }
}

/** Compiles a parsed query into a matcher. */
export function compileParsedQuery(query: Query): PaperMatcher {
  return compileNode(query);
}

/** Parses and compiles a keyword or query; throws `UsageError` as `parseQuery` does. */
export function compileQuery(text: string): PaperMatcher {
  return compileNode(parseQuery(text));
}

/**
 * Sorts a listing into one section per keyword, in keyword order, each keeping listing order. A paper matching
 * several keywords appears in each of their sections (the digest counts it once). Every keyword is compiled
 * before any paper is matched, so a bad keyword throws `UsageError` at once.
 */
export function selectSections(
  papers: readonly ListedPaper[],
  keywords: readonly string[],
): SelectedSection[] {
  const matchers = keywords.map((keyword) => ({ keyword, matches: compileQuery(keyword) }));
  const prepared = papers.map((listed) => ({ listed, prepared: preparePaper(listed.paper) }));
  return matchers.map(({ keyword, matches }) => ({
    keyword,
    entries: prepared.filter((item) => matches(item.prepared)).map((item) => item.listed),
  }));
}
