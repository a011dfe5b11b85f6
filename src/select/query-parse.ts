// The parser of the keyword query language: text → tokens → `Query` tree, or a `UsageError` naming the query
// and the 1-based column of the mistake (docs/query-language.md). query.ts compiles the tree and re-exports this.

import { UsageError } from '../errors.js';
import { findSearchQueryFault } from '../model.js';
import { foldText } from './fold.js';

/** Where a term looks: title or abstract (`null`), or one field. */
type QueryField = 'ti' | 'abs' | 'au' | 'cat';

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

/** A bare word runs to whitespace, a quote, or a `)` it did not open itself (so `SE(3)` stays one word). */
function bareWordEnd(query: string, start: number): number {
  let depth = 0;
  let end = start;
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
  return end;
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
    const end = bareWordEnd(query, i);
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

/** How a term's text is kept: folded for the digest's matcher, as written (spaces collapsed) for the full-text indexes. */
type Fold = (text: string) => string;

function makeTerm(
  query: string,
  raw: string,
  field: QueryField | null,
  column: number,
  fold: Fold = foldText,
): Query {
  const isPrefix = raw.endsWith('*');
  const text = fold(isPrefix ? raw.slice(0, -1) : raw);
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
    private readonly fold: Fold = foldText,
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
        const term = makeTerm(this.query, token.text, null, token.column, this.fold);
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

/** A term's text as written, its runs of whitespace one space: the full-text indexes fold case and accents. */
function collapseSpaces(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Words that make a search a query in the language: an operator, or a word opening a group, a negation or a field. */
const OPERATOR_WORD = /^(?:AND|OR|NOT)$/;
const SYNTAX_WORD = /^-?\(|^-[^\s)]|^-?(?:ti|abs|au|cat):/i;
/** A word or phrase ending in `*`: a prefix, which only the language's terms read (`polic*`, `"diffusion polic*"`). */
const PREFIX_WORD = /\*"?$/;

/**
 * Reads a search (`paperwire search`, `trend`, `feed`, the web's search): null when the text is plain words and
 * "phrases" (the search finds papers with every one of them); otherwise the query language's tree, its terms as
 * written, checked to be one a full-text index can answer (see `checkSearchable`). Throws `UsageError` naming the
 * query, as `parseQuery` does.
 */
export function parseSearchQuery(text: string): Query | null {
  // Plain words keep the search's leniency (a stray quote is dropped); only a query using the language is parsed.
  const usesLanguage = text
    .split(/\s+/)
    .some((word) => OPERATOR_WORD.test(word) || SYNTAX_WORD.test(word) || PREFIX_WORD.test(word));
  if (!usesLanguage) return null;
  const tokens = tokenize(text);
  const isPlainWord = (token: Token): boolean =>
    token.kind === 'word' && !token.isNegated && !token.text.endsWith('*');
  if (tokens.every(isPlainWord)) return null;
  const tree = new Parser(text, tokens, collapseSpaces).parse();
  checkSearchable(text, tree);
  return tree;
}

/** The operands of a query's top-level AND (the query itself when it is not an AND). */
export function conjunctsOf(tree: Query): Query[] {
  return tree.kind === 'and' ? tree.operands : [tree];
}

/** True when a node is a `cat:` term or a negated one. */
export function isCategoryConjunct(node: Query): boolean {
  const inner = node.kind === 'not' ? node.operand : node;
  return inner.kind === 'term' && inner.field === 'cat';
}

/**
 * A full-text index finds papers by what they contain: it can leave papers out (`NOT`) only from what a word found,
 * and `cat:` is not text but a filter on the whole search. So: every AND needs a term to find beside its negations,
 * NOT stands only inside an AND, `cat:` only beside the words at the top level, and every term needs a letter or digit.
 */
function checkSearchable(query: string, tree: Query): void {
  const refuse = (what: string): never => {
    throw new UsageError(`query ${JSON.stringify(query)}: ${what}`);
  };
  const check = (node: Query, isConjunct: boolean): void => {
    switch (node.kind) {
      case 'term':
        if (node.field === 'cat') {
          refuse(
            'cat: narrows the whole search: put it beside the words (robot cat:cs.RO), not inside OR or ( ); ' +
              'for any of several categories use --category once each',
          );
        }
        if (!/[\p{L}\p{N}]/u.test(node.text)) {
          refuse(`"${node.text}" has no letter or digit to search for`);
        }
        return;
      case 'not':
        if (!isConjunct)
          refuse('NOT leaves papers out of what the words beside it find (robot -survey), not inside OR');
        check(node.operand, false);
        return;
      case 'or':
        for (const operand of node.operands) check(operand, false);
        return;
      case 'and':
        checkConjunction(node.operands, false);
        return;
    }
  };
  const checkConjunction = (operands: readonly Query[], isTop: boolean): void => {
    const finds = operands.some(
      (operand) => operand.kind !== 'not' && !(isTop && isCategoryConjunct(operand)),
    );
    if (!finds)
      refuse(
        'a search needs a word to find; NOT and cat: only narrow what it finds (robot -survey cat:cs.RO)',
      );
    for (const operand of operands) {
      if (isTop && isCategoryConjunct(operand)) continue;
      check(operand, true);
    }
  };
  checkConjunction(conjunctsOf(tree), true);
}

/**
 * Why `query` cannot be searched, as one line and a hint, or null: beyond SEARCH_QUERY_LIMITS, or a query in the
 * language that does not parse or that no full-text index can answer. What the CLI and the web check before searching.
 */
export function findSearchFault(query: string): { message: string; hint: string } | null {
  const tooLong = findSearchQueryFault(query);
  if (tooLong !== null) return { message: tooLong, hint: 'search for the few words that matter most' };
  try {
    parseSearchQuery(query);
    return null;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return { message: error.message, hint: 'the query language is in docs/query-language.md' };
  }
}

/**
 * The terms a search finds papers by, as written, longest first, for marking in its hits: none under a NOT, no
 * `cat:`, no operator; null for plain words and "phrases" (all of them are found). Throws as `parseSearchQuery`.
 */
export function foundTermsOf(query: string): string[] | null {
  const tree = parseSearchQuery(query);
  if (tree === null) return null;
  const found = new Set<string>();
  const collect = (node: Query): void => {
    if (node.kind === 'term') {
      if (node.field !== 'cat') found.add(node.text);
    } else if (node.kind !== 'not') {
      node.operands.forEach(collect);
    }
  };
  collect(tree);
  return [...found].sort((a, b) => b.length - a.length);
}
