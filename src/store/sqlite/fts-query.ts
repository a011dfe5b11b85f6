// Turns what a reader typed into safe FTS5 queries: every term is quoted, so FTS5 operators and stray quotes in
// user input are plain text, never syntax; a query in the keyword query language (docs/query-language.md) becomes
// FTS5's AND, OR, NOT and column filters over quoted terms. Pure functions; search.ts runs what they build.

import { conjunctsOf, isCategoryConjunct, type Query } from '../../select/query-parse.js';

/** FTS5's trigram tokenizer indexes 3-character sequences; shorter terms cannot use the index. */
const TRIGRAM_LENGTH = 3;

/**
 * Splits a query into terms: `"quoted phrases"` stay whole, everything else splits on whitespace, stray
 * double quotes are dropped, and terms without a letter or digit (`-`, `*`, `(`) are ignored.
 */
export function parseSearchTerms(query: string): string[] {
  const terms: string[] = [];
  for (const match of query.matchAll(/"([^"]*)"|([^\s"]+)/g)) {
    const term = (match[1] ?? match[2] ?? '').replace(/\s+/g, ' ').trim();
    if (/[\p{L}\p{N}]/u.test(term)) terms.push(term);
  }
  return terms;
}

/**
 * An FTS5 string literal: double quotes around, inner double quotes doubled (FTS5 query syntax, §3.1). A NUL is a
 * space: FTS5 reads the expression as a C string, so a NUL (`?q=a%00b`) ended it inside the quotes and failed.
 */
export function quoteFtsString(term: string): string {
  return `"${term.replaceAll('"', '""').replaceAll('\0', ' ')}"`;
}

/** All terms must match (implicit AND); each is a quoted phrase, so `AND`, `NEAR(`, `title:` and `*` are text. */
export function buildMatchExpression(terms: readonly string[]): string {
  return terms.map(quoteFtsString).join(' ');
}

/** True when a term is too short for the trigram index (counted in characters, not UTF-16 units). */
export function isShortForTrigram(term: string): boolean {
  // eslint-disable-next-line @typescript-eslint/no-misused-spread -- FTS5's trigram tokenizer counts code points too
  return [...term].length < TRIGRAM_LENGTH;
}

/** A LIKE pattern that finds `term` anywhere, with `%`, `_` and `\` escaped (use with `ESCAPE '\'`). */
export function buildLikePattern(term: string): string {
  return `%${term.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Two LIKE patterns (use with `ESCAPE '\'`) that find `code` in a JSON array of categories such as
 * `["cs.LG","stat.ML"]`: the whole element (`"cs.LG"`), and an element in that archive (`"cs.` finds `cs.LG`).
 * The code is written as JSON writes it, so quotes in it cannot end an element early; LIKE ignores ASCII case.
 */
export function buildCategoryPatterns(code: string): [string, string] {
  const quoted = JSON.stringify(code).replace(/[\\%_]/g, (char) => `\\${char}`);
  return [`%${quoted}%`, `%${quoted.slice(0, -1)}.%`];
}

/** A category code with a subject class (`cs.LG`, `cond-mat.stat-mech`): letters, with `.` and `-` between them. */
const SUBJECT_CLASS_CODE = /^[A-Za-z]+(?:-[A-Za-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)+$/;

/**
 * The papers_fts phrases that hold every paper in category `code` (or in a class under it, as the second LIKE
 * pattern of buildCategoryPatterns finds): its token in `category_tokens` (migration 16's encoding, `cs.LG` is
 * `csqqlg9`) or a token that starts as the code followed by a dot. Null for a code without a subject class (`cs`,
 * `math`: the whole archive's tokens would be a long prefix walk, and bm25 would count them all) or with other
 * characters. These phrases may find more than the LIKE patterns (case folded beyond ASCII, two codes written
 * alike), so the caller keeps the LIKE conditions on paper_facets too.
 */
export function buildCategoryMatch(code: string): string | null {
  if (!SUBJECT_CLASS_CODE.test(code)) return null;
  const token = code.toLowerCase().replaceAll('.', 'qq').replaceAll('-', 'zz');
  return `category_tokens : (${quoteFtsString(`${token}9`)} OR ${quoteFtsString(`${token}qq`)} *)`;
}

/** A search in the query language (`parseSearchQuery`'s tree), for the English index and the translations. */
export interface CompiledSearch {
  /** The FTS5 expression for papers_fts: bare terms in any column, `ti:`, `abs:` and `au:` in theirs. */
  english: string;
  /** The top-level `cat:` terms: categories every hit has (or, negated, has not). */
  categories: { code: string; isNegated: boolean }[];
  /**
   * The same query over one translation's text (the trigram table): a MATCH of its top-level words long enough for
   * the index (null when none), and the whole query as LIKE conditions. Null when the query names a field: a
   * translation has no authors, and is searched as title and abstract alike.
   */
  translation: TranslationQuery | null;
}

/** A search over translations_fts: an indexed MATCH to narrow the rows, then SQL conditions on each row's text. */
export interface TranslationQuery {
  match: string | null;
  /** SQL over `translations_fts.text` with `?` for each of `params`; '' when the MATCH says everything. */
  condition: string;
  params: string[];
}

/** papers_fts's column of each field; a bare term searches every column. */
const FTS_COLUMNS = { ti: '{title} : ', abs: '{abstract} : ', au: '{authors} : ', cat: '' } as const;

/** The columns of a paper's text in papers_fts, as a column filter: all but the category tokens. */
const TEXT_COLUMNS = '{title abstract authors} : ';

const LIKE_TEXT = "translations_fts.text LIKE ? ESCAPE '\\'";

/** The FTS5 expression of a checked search tree (`parseSearchQuery`); `cat:` conjuncts are left to the caller. */
function englishOf(node: Query): string {
  switch (node.kind) {
    case 'term': {
      // A prefix with no field keeps to the text columns: papers_fts also holds each paper's categories as tokens
      // (migration 16), which `quant*`, `cond*` or `hep*` would find in every paper of quant-ph, cond-mat or
      // hep-th. A whole word is left unfiltered (a filter costs each match a look at its columns): no word of a
      // paper's text is spelled like a token (`csqqlg9`).
      const column = node.field === null ? (node.isPrefix ? TEXT_COLUMNS : '') : FTS_COLUMNS[node.field];
      return `${column}${quoteFtsString(node.text)}${node.isPrefix ? ' *' : ''}`;
    }
    case 'or':
      return `(${node.operands.map(englishOf).join(' OR ')})`;
    case 'not':
      // parseSearchQuery lets NOT stand only inside an AND, which writes it as FTS5's binary NOT.
      throw new Error('NOT outside an AND reached the full-text compiler');
    case 'and': {
      const found = node.operands.filter((operand) => operand.kind !== 'not').map(englishOf);
      const left = node.operands.flatMap((operand) =>
        operand.kind === 'not' ? [englishOf(operand.operand)] : [],
      );
      const finds = `(${found.join(' AND ')})`;
      return left.length === 0 ? finds : `(${finds} NOT (${left.join(' OR ')}))`;
    }
  }
}

/** The LIKE conditions of a tree with no field, over one translation's text. */
function likeOf(node: Query, params: string[]): string {
  switch (node.kind) {
    case 'term':
      params.push(buildLikePattern(node.text));
      return LIKE_TEXT;
    case 'not':
      return `NOT ${likeOf(node.operand, params)}`;
    case 'and':
    case 'or':
      return `(${node.operands.map((operand) => likeOf(operand, params)).join(` ${node.kind.toUpperCase()} `)})`;
  }
}

function namesField(node: Query): boolean {
  switch (node.kind) {
    case 'term':
      return node.field !== null;
    case 'not':
      return namesField(node.operand);
    default:
      return node.operands.some(namesField);
  }
}

/** A search of plain words and "phrases": every one in any column; translations: the long ones by the index. */
export function compilePlainSearch(terms: readonly string[]): CompiledSearch {
  const long = terms.filter((term) => !isShortForTrigram(term));
  const short = terms.filter(isShortForTrigram);
  return {
    english: buildMatchExpression(terms),
    categories: [],
    translation: {
      match: long.length === 0 ? null : buildMatchExpression(long),
      condition: short.map(() => LIKE_TEXT).join(' AND '),
      params: short.map(buildLikePattern),
    },
  };
}

/** Compiles a checked search tree (`parseSearchQuery`) for the English index and the translations. */
export function compileSearch(tree: Query): CompiledSearch {
  const conjuncts = conjunctsOf(tree);
  const categories = conjuncts.filter(isCategoryConjunct).map((node) => {
    const term = node.kind === 'not' ? node.operand : node;
    return { code: term.kind === 'term' ? term.text : '', isNegated: node.kind === 'not' };
  });
  const rest = conjuncts.filter((node) => !isCategoryConjunct(node));
  const textTree: Query =
    rest.length === 1 && rest[0] !== undefined ? rest[0] : { kind: 'and', operands: rest };
  const english =
    textTree.kind === 'and' ? englishOf(textTree) : englishOf({ kind: 'and', operands: [textTree] });
  if (namesField(textTree)) return { english, categories, translation: null };
  const params: string[] = [];
  const condition = likeOf(textTree, params);
  const long = conjunctsOf(textTree).flatMap((node) =>
    node.kind === 'term' && !isShortForTrigram(node.text) ? [node.text] : [],
  );
  return {
    english,
    categories,
    translation: { match: long.length === 0 ? null : buildMatchExpression(long), condition, params },
  };
}
