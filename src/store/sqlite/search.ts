// Full-text search over papers (English, stemmed, bm25-ranked, title weighted) and over stored translations
// (trigram, so Chinese and Japanese match without word boundaries), with the date, category and author filters
// applied inside the same SQL, before the limit; and the counts of matches per month or year that trends chart.
// docs/store.md explains the choices.

import type { Database, Statement } from 'better-sqlite3';
import { UsageError } from '../../errors.js';
import { findAuthorFilterFault, findSearchQueryFault, type IsoDate } from '../../model.js';
import type { PeriodCount, SearchHit, SearchOptions, TrendOptions } from '../store.js';
import { parseSearchQuery } from '../../select/query-parse.js';
import {
  buildCategoryMatch,
  buildCategoryPatterns,
  compilePlainSearch,
  compileSearch,
  parseSearchTerms,
  type CompiledSearch,
  type TranslationQuery,
} from './fts-query.js';
import { paperOf, type PaperRow } from './merge.js';
import { rankingOf, type Ranking } from './ranking.js';

/**
 * bm25 column weights for papers_fts (title, abstract, authors, category_tokens): a word in the title counts five
 * times one in the abstract; a name among the authors as much as a word of the abstract, so a query word may match
 * an author too. A category's phrase counts nothing (its weighted frequency is 0, so it adds exactly 0 to the
 * score): a category found in the index ranks as the same category checked on paper_facets.
 */
const TITLE_WEIGHT = 5;
const ABSTRACT_WEIGHT = 1;
const AUTHORS_WEIGHT = 1;
const CATEGORY_WEIGHT = 0;
const WEIGHTS = [TITLE_WEIGHT, ABSTRACT_WEIGHT, AUTHORS_WEIGHT, CATEGORY_WEIGHT];

type ScoredRow = PaperRow & { score: number };

/**
 * The English search ranks (bm25) at most this many matches: the newest saved. A query matching more (a common word
 * over the whole archive) shows the best of its newest matches; fewer matches are all ranked. Ranking every match
 * of "learning" in 2.7 M papers takes seconds (docs/store.md, "Search at archive scale").
 */
const RANK_WINDOW = 2000;

/**
 * A date range holding fewer papers than this has its papers' rowids read from the day index (at most this many
 * entries), and the query's matches are read only between the lowest and the highest of them.
 */
const NARROW_RANGE_PAPERS = 20_000;

/**
 * A narrow date range as the English statement reads it: the lowest and the highest rowid of its papers (bigint:
 * see `paperStatement`) and its day bounds, for the list of its papers that each match is checked against.
 */
interface NarrowRange {
  low: bigint;
  high: bigint;
  from: string;
  until: string;
}

/** The parameters a narrow range adds to the English statement, after the MATCH. */
function narrowParamsOf(range: NarrowRange | null): (bigint | string)[] {
  return range === null ? [] : [range.low, range.high, range.from, range.until];
}

/**
 * The papers whose title or abstract is the source text of `hashColumn`'s translation. The indexes hold each hash's
 * first 16 characters (migration 14), so the key is compared for the index and the whole hash for the row.
 */
function papersOfSourceHash(hashColumn: string): string {
  const key = (column: string): string => `substr(${column}, 1, 16)`;
  return ['papers.title_hash', 'papers.abstract_hash']
    .map((column) => `(${key(column)} = ${key(hashColumn)} AND ${column} = ${hashColumn})`)
    .join(' OR ');
}

/**
 * Filters as SQL conditions on `paper_facets` (a few bytes per paper), their parameters, the author filter as a
 * full-text expression, and a key naming the statement's shape.
 */
interface PaperFilter {
  conditions: string[];
  params: string[];
  /**
   * `authors : "sergey levine" *`: the names' words in that order, case and accents folded, the last a prefix, found in
   * the index as any other term (a common query word's matches are never each checked); null without an author.
   */
  authorMatch: string | null;
  /**
   * The category filters as full-text phrases, each to be ANDed with the query (buildCategoryMatch): FTS5 walks the
   * category's papers beside the query's instead of each match being checked on paper_facets until enough pass. A
   * superset of what `conditions` keeps, which still decide; empty when no filter has a subject class.
   */
  categoryPhrases: CategoryPhrase[];
  shape: string;
  /** The day bounds as given, for choosing how a narrow date range is searched (`spanOfNarrowRange`). */
  from: IsoDate | null;
  until: IsoDate | null;
}

/** A category filter as a phrase of the MATCH: the codes it holds a paper of any of, and its FTS5 expression. */
interface CategoryPhrase {
  codes: string[];
  match: string;
}

/**
 * A ranked search ANDs a category's phrase only when the category's papers (d) of the store's (n) satisfy
 * d² < PHRASE_COST_RATIO × n. bm25 counts the phrase's papers, about 0.06 µs each, while checking the matches on
 * paper_facets costs about 0.75 µs for each of the RANK_WINDOW / (d / n) matches read until enough pass (measured at
 * 1 M and 2.7 M papers, docs/store.md): the phrase is cheaper while 0.06 d < 0.75 × 2,000 n / d. At 2.7 M papers,
 * up to about 260,000 papers (cs.LG, a tenth of the papers, is about even).
 */
const PHRASE_COST_RATIO = 25_000;

/**
 * A category's size is counted again once the store has grown by this share since: it only chooses the plan, which
 * returns the same hits either way.
 */
const CATEGORY_RECOUNT_GROWTH = 1.125;

/** How to mend an author filter that is too long. */
const AUTHOR_HINT = 'give one name, e.g. Sergey Levine';

/**
 * A paper's day (`YYYY-MM-DD`), what the date filters and trends compare: the UTC day of its first submission
 * (`published_at` is ISO-8601 UTC text, so its first 10 characters), else, for a paper only RSS has given (the feed
 * says no submission time), the first listing date that announced it. Null for a paper with neither. Kept in
 * `paper_facets.day` by migration 12's triggers, which compute this very expression.
 */
const PAPER_DAY_SQL = 'paper_facets.day';

/** A paper in one category or archive: its two LIKE patterns (buildCategoryPatterns) on the categories' JSON. */
const CATEGORY_MATCH =
  "paper_facets.categories LIKE ? ESCAPE '\\' OR paper_facets.categories LIKE ? ESCAPE '\\'";

/**
 * The date filters compare the paper's day (PAPER_DAY_SQL). A category matches as a LIKE on the `categories` JSON
 * array (docs/store.md says why not a table), and one with a subject class is also a phrase of the MATCH, which
 * narrows the matches the LIKE checks (migration 16); blank codes are ignored. An author matches as a phrase in the
 * full-text index's `authors` column (migration 13); a name with no letter or digit matches nothing.
 */
function paperFilterOf(
  options: Omit<SearchOptions, 'limit'>,
  queryCategories: CompiledSearch['categories'] = [],
): PaperFilter {
  const conditions: string[] = [];
  const params: string[] = [];
  if (options.submittedFrom !== undefined) {
    conditions.push(`${PAPER_DAY_SQL} >= ?`);
    params.push(options.submittedFrom);
  }
  if (options.submittedUntil !== undefined) {
    conditions.push(`${PAPER_DAY_SQL} <= ?`);
    params.push(options.submittedUntil);
  }
  const codes = (options.categories ?? []).map((code) => code.trim()).filter((code) => code !== '');
  const categoryPhrases: CategoryPhrase[] = [];
  if (codes.length > 0) {
    conditions.push(`(${codes.map(() => CATEGORY_MATCH).join(' OR ')})`);
    params.push(...codes.flatMap(buildCategoryPatterns));
    // One of the codes: a phrase only when each has one (an archive's papers are checked on paper_facets alone).
    const matches = codes.map(buildCategoryMatch);
    if (matches.every((match) => match !== null))
      categoryPhrases.push({ codes, match: matches.join(' OR ') });
  }
  // The query's own `cat:` terms: each one must hold (or, negated, must not), beside the --category choice.
  for (const { code, isNegated } of queryCategories) {
    conditions.push(`${isNegated ? 'NOT ' : ''}(${CATEGORY_MATCH})`);
    params.push(...buildCategoryPatterns(code));
    const match = isNegated ? null : buildCategoryMatch(code);
    if (match !== null) categoryPhrases.push({ codes: [code], match });
  }
  const author = options.author?.trim() ?? '';
  const authorFault = findAuthorFilterFault(author);
  if (authorFault !== null) throw new UsageError(authorFault, { hint: AUTHOR_HINT });
  const hasNameWord = /[\p{L}\p{N}]/u.test(author);
  if (author !== '' && !hasNameWord) conditions.push('0');
  const authorShape = hasNameWord ? 'name' : author === '' ? '' : 'nothing';
  const queryShape = queryCategories.map((category) => (category.isNegated ? '-' : '+')).join('');
  const shape = `${options.submittedFrom !== undefined}:${options.submittedUntil !== undefined}:${codes.length}:${authorShape}:${queryShape}`;
  return {
    conditions,
    params,
    shape,
    authorMatch: hasNameWord ? `authors : "${author.replaceAll('"', '""')}" *` : null,
    categoryPhrases,
    from: options.submittedFrom ?? null,
    until: options.submittedUntil ?? null,
  };
}

/**
 * The full-text expression for the English index: the query's, the category phrases given, and the author when the
 * filter names one.
 */
function matchOf(search: CompiledSearch, filter: PaperFilter, phrases: readonly CategoryPhrase[]): string {
  const filters = [
    ...phrases.map((phrase) => phrase.match),
    ...(filter.authorMatch === null ? [] : [filter.authorMatch]),
  ];
  return filters.length === 0
    ? search.english
    : [search.english, ...filters].map((part) => `(${part})`).join(' AND ');
}

/**
 * A search as the indexes run it: plain words and "phrases" all found (any column, or a translation), or a query in
 * the keyword query language; null for a query with no word. Throws UsageError for one that cannot be searched.
 */
function compiledOf(query: string): CompiledSearch | null {
  const tree = parseSearchQuery(query);
  if (tree !== null) return compileSearch(tree);
  const terms = parseSearchTerms(query);
  return terms.length === 0 ? null : compilePlainSearch(terms);
}

/** Translation statements kept at most, one per shape of query and filters (queries in the language vary most). */
const TRANSLATION_STATEMENTS = 100;

type RangeRow = { low: number | null; high: number | null };

/** Whether a category phrase was cheaper than the paper_facets checks when last counted, and the store's size then. */
interface CategorySize {
  isCheap: boolean;
  storePapers: number;
}

/** Category sizes kept at most (arXiv has about 150 categories; a reader may type any code). */
const CATEGORY_SIZES = 1000;

/** How a PaperSearch chooses its plans; tests narrow the phrase's bound to try both plans on a small store. */
export interface PaperSearchOptions {
  /** PHRASE_COST_RATIO unless given. */
  phraseCostRatio?: number;
  /**
   * The ranking extension to load (ranking.ts; null: none, SQLite's bm25()); RANKING_EXTENSION_PATH unless given.
   * Decided once per connection.
   */
  rankingExtensionPath?: string | null;
}

export class PaperSearch {
  private readonly paperStatements = new Map<string, Statement<unknown[], ScoredRow>>();
  private readonly translationStatements = new Map<string, Statement<unknown[], ScoredRow>>();
  private readonly countStatements = new Map<string, Statement<unknown[], PeriodCount>>();
  private countDays: Statement<[string, string, number], number> | undefined;
  private rangeIds: Statement<[string, string], RangeRow> | undefined;
  private storeSize: Statement<[], number> | undefined;
  private countCategory: Statement<[string, number], number> | undefined;
  /** Each category phrase's size, by its expression: plan statistics, counted at the first search that needs them. */
  private readonly categorySizes = new Map<string, CategorySize>();
  private readonly phraseCostRatio: number;
  /** bm25 with kept phrase counts when the extension loaded, else SQLite's own (ranking.ts). */
  readonly ranking: Ranking;

  constructor(
    private readonly db: Database,
    options: PaperSearchOptions = {},
  ) {
    this.phraseCostRatio = options.phraseCostRatio ?? PHRASE_COST_RATIO;
    this.ranking = rankingOf(db, options.rankingExtensionPath);
  }

  /**
   * Papers matching every term of `query` and the filters of `options`, best (lowest bm25) first. A paper found
   * both by its own text and by a translation keeps its better score. An empty query, or one with no words, finds
   * nothing. Throws UsageError for a query beyond SEARCH_QUERY_LIMITS.
   */
  search(query: string, options: SearchOptions): SearchHit[] {
    const { limit } = options;
    // Thousands of terms make FTS5 refuse the query ("Expression tree is too large"), and each count of short
    // terms would prepare and cache one more statement.
    const fault = findSearchQueryFault(query);
    if (fault !== null) throw new UsageError(fault, { hint: 'search for the few words that matter most' });
    const search = compiledOf(query);
    if (search === null || limit <= 0) return [];
    const filter = paperFilterOf(options, search.categories);
    const best = new Map<string, ScoredRow>();
    const keep = (row: ScoredRow): void => {
      const seen = best.get(row.arxiv_id);
      if (seen === undefined || row.score < seen.score) best.set(row.arxiv_id, row);
    };
    const span = this.spanOfNarrowRange(filter);
    const match = matchOf(search, filter, this.rankedPhrasesOf(filter));
    const papers = this.paperStatement(filter, span !== null).all(
      ...this.ranking.paramsOf(match),
      match,
      ...narrowParamsOf(span),
      ...filter.params,
      Math.max(RANK_WINDOW, limit),
      limit,
    );
    for (const row of papers) keep(row);
    if (search.translation !== null) {
      for (const row of this.searchTranslations(search.translation, filter, limit)) keep(row);
    }
    return [...best.values()]
      .sort((a, b) => a.score - b.score || b.arxiv_id.localeCompare(a.arxiv_id))
      .slice(0, limit)
      .map((row) => ({ paper: paperOf(row), score: row.score }));
  }

  /**
   * SQLite's plan for the papers part of `search(query, options)`, one line per step (`SCAN …`, `SEARCH …`), for the
   * tests that pin which tables a search reads, and for tuning. Empty for a query with no words.
   */
  explain(query: string, options: SearchOptions): string[] {
    const search = compiledOf(query);
    if (search === null) return [];
    const filter = paperFilterOf(options, search.categories);
    const span = this.spanOfNarrowRange(filter);
    const statement = this.paperStatement(filter, span !== null);
    const match = matchOf(search, filter, this.rankedPhrasesOf(filter));
    const plan = this.db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${statement.source}`)
      .all(
        ...this.ranking.paramsOf(match),
        match,
        ...narrowParamsOf(span),
        ...filter.params,
        RANK_WINDOW,
        options.limit,
      );
    return plan.map((step) => step.detail);
  }

  /**
   * How many papers match every term of `query` (English index: titles, abstracts and authors) and the filters, per period
   * of their day (PAPER_DAY_SQL): `YYYY` or `YYYY-MM`, ascending, periods without a paper left out. Counted in SQL;
   * no paper is loaded. A query with no words counts nothing. Throws UsageError as `search` does.
   */
  countByPeriod(query: string, options: TrendOptions): PeriodCount[] {
    const fault = findSearchQueryFault(query);
    if (fault !== null) throw new UsageError(fault, { hint: 'count the few words that matter most' });
    const search = compiledOf(query);
    if (search === null) return [];
    const filter = paperFilterOf(options, search.categories);
    const cacheKey = `${options.by}:${filter.shape}`;
    let statement = this.countStatements.get(cacheKey);
    if (statement === undefined) {
      const length = options.by === 'year' ? 4 : 7;
      statement = this.db.prepare<unknown[], PeriodCount>(
        `SELECT substr(day, 1, ${length}) AS period, count(*) AS count FROM (SELECT ${PAPER_DAY_SQL} AS day ` +
          `FROM papers_fts JOIN paper_facets ON paper_facets.id = papers_fts.rowid ` +
          `WHERE ${['papers_fts MATCH ?', ...filter.conditions].join(' AND ')}) ` +
          'WHERE day IS NOT NULL GROUP BY period ORDER BY period',
      );
      this.countStatements.set(cacheKey, statement);
    }
    // No bm25 here, so nothing counts a phrase's papers: every category phrase only narrows the walk.
    return statement.all(matchOf(search, filter, filter.categoryPhrases), ...filter.params);
  }

  /**
   * The category phrases a ranked search ANDs to its MATCH: every one when the ranking keeps phrase counts (a
   * category's count is then taken once, not per search), else the cheap ones.
   */
  private rankedPhrasesOf(filter: PaperFilter): CategoryPhrase[] {
    return this.ranking.hasKeptCounts ? filter.categoryPhrases : this.cheapPhrasesOf(filter);
  }

  /**
   * The category phrases a ranked search ANDs to its MATCH without kept counts: those of categories small enough
   * that bm25's count of their papers costs less than checking the matches on paper_facets (PHRASE_COST_RATIO). A
   * category is counted through its phrase, at most to that bound, and counted again once the store has grown by
   * CATEGORY_RECOUNT_GROWTH.
   */
  private cheapPhrasesOf(filter: PaperFilter): CategoryPhrase[] {
    if (filter.categoryPhrases.length === 0) return [];
    this.storeSize ??= this.db.prepare<[], number>('SELECT coalesce(max(id), 0) FROM paper_facets').pluck();
    const storePapers = this.storeSize.get() ?? 0;
    const bound = Math.ceil(Math.sqrt(this.phraseCostRatio * storePapers));
    return filter.categoryPhrases.filter((phrase) => {
      let size = this.categorySizes.get(phrase.match);
      if (size === undefined || storePapers > size.storePapers * CATEGORY_RECOUNT_GROWTH) {
        this.countCategory ??= this.db
          .prepare<[string, number], number>(
            'SELECT count(*) FROM (SELECT 1 FROM papers_fts WHERE papers_fts MATCH ? LIMIT ?)',
          )
          .pluck();
        size = { isCheap: (this.countCategory.get(phrase.match, bound) ?? 0) < bound, storePapers };
        if (this.categorySizes.size >= CATEGORY_SIZES) this.categorySizes.clear();
        this.categorySizes.set(phrase.match, size);
      }
      return size.isCheap;
    });
  }

  /**
   * A date range holding fewer than NARROW_RANGE_PAPERS (a day, a week, a month), read from the day index; null for
   * a wider range or none.
   */
  private spanOfNarrowRange(filter: PaperFilter): NarrowRange | null {
    if (filter.from === null && filter.until === null) return null;
    const [from, until] = [filter.from ?? '', filter.until ?? '9999-12-31'];
    // Counted first, reading at most NARROW_RANGE_PAPERS entries of the index (about 1 ms at 2.7 M papers).
    this.countDays ??= this.db
      .prepare<[string, string, number], number>(
        'SELECT count(*) FROM (SELECT 1 FROM paper_facets WHERE day >= ? AND day <= ? LIMIT ?)',
      )
      .pluck();
    if ((this.countDays.get(from, until, NARROW_RANGE_PAPERS) ?? 0) >= NARROW_RANGE_PAPERS) return null;
    this.rangeIds ??= this.db.prepare<[string, string], RangeRow>(
      'SELECT min(id) AS low, max(id) AS high FROM paper_facets WHERE day >= ? AND day <= ?',
    );
    const { low, high } = this.rangeIds.get(from, until) ?? { low: null, high: null };
    // No paper in the range: an empty span, which nothing matches.
    return low === null || high === null
      ? { low: 1n, high: 0n, from, until }
      : { low: BigInt(low), high: BigInt(high), from, until };
  }

  private paperStatement(filter: PaperFilter, isSpanned: boolean): Statement<unknown[], ScoredRow> {
    const cacheKey = `${filter.shape}:${isSpanned}`;
    const cached = this.paperStatements.get(cacheKey);
    if (cached !== undefined) return cached;
    // FTS5 hands its matches over newest rowid first and stops after the window, so bm25 is computed for at most
    // RANK_WINDOW rows; only the best `limit` of them read their papers row. The filters read each match's few bytes
    // in paper_facets. papers_fts stays the outer loop (CROSS JOIN): looked up once per paper of a narrow range, FTS5
    // would start bm25 again for each, counting every phrase over the whole index each time (seconds at 2.7 M
    // papers). A narrow range bounds the rowids instead, bound as bigint: FTS5 ignores a REAL bound.
    const joins =
      filter.conditions.length === 0 ? '' : 'CROSS JOIN paper_facets ON paper_facets.id = papers_fts.rowid ';
    const conditions = [
      'papers_fts MATCH ?',
      // `+` keeps the list from FTS5, which would be asked once per rowid: SQLite builds it once, from the day index,
      // and checks each match against it before reading its paper_facets row.
      ...(isSpanned
        ? [
            'papers_fts.rowid BETWEEN ? AND ?',
            '+papers_fts.rowid IN (SELECT id FROM paper_facets WHERE day >= ? AND day <= ?)',
          ]
        : []),
      ...filter.conditions,
    ];
    const statement = this.db.prepare<unknown[], ScoredRow>(
      `WITH matched AS (SELECT papers_fts.rowid AS id, ${this.ranking.scoreOf(WEIGHTS)} AS score ` +
        `FROM papers_fts ${joins}WHERE ${conditions.join(' AND ')} ` +
        'ORDER BY papers_fts.rowid DESC LIMIT ?), best AS (SELECT id, score FROM matched ORDER BY score LIMIT ?) ' +
        'SELECT papers.*, best.score FROM best JOIN papers ON papers.id = best.id ORDER BY best.score',
    );
    this.paperStatements.set(cacheKey, statement);
    return statement;
  }

  /**
   * Words of 3+ characters use the trigram index (bm25); shorter ones (`强化`, `RL`) and a query's operators are
   * LIKE conditions on each hit's text, which the trigram table also answers. Only a query with no long word to find
   * scans every translation.
   */
  private searchTranslations(query: TranslationQuery, filter: PaperFilter, limit: number): ScoredRow[] {
    const params: unknown[] = [];
    if (query.match !== null) params.push(query.match);
    params.push(...query.params, ...filter.params);
    if (filter.authorMatch !== null) params.push(filter.authorMatch);
    // Several translations (title, abstract, languages) can point at one paper, so take more than `limit`.
    params.push(limit * 4 + 10, limit);
    return this.translationStatement(query, filter).all(...params);
  }

  private translationStatement(
    query: TranslationQuery,
    filter: PaperFilter,
  ): Statement<unknown[], ScoredRow> {
    const cacheKey = `${query.match !== null}:${query.condition}:${filter.shape}`;
    const cached = this.translationStatements.get(cacheKey);
    if (cached !== undefined) return cached;
    const hasMatch = query.match !== null;
    const conditions = [
      ...(hasMatch ? ['translations_fts MATCH ?'] : []),
      ...(query.condition === '' ? [] : [query.condition]),
      ...filter.conditions,
      ...(filter.authorMatch === null
        ? []
        : ['papers.id IN (SELECT rowid FROM papers_fts WHERE papers_fts MATCH ?)']),
    ];
    const isFiltered = filter.conditions.length > 0 || filter.authorMatch !== null;
    const score = hasMatch ? 'bm25(translations_fts)' : '0';
    const matches = 'FROM translations_fts JOIN translations ON translations.id = translations_fts.rowid ';
    const toPaper = papersOfSourceHash('translations.source_hash');
    // Unfiltered, the window of best translation hits is taken first and only it is joined to papers (cheaper for
    // a common term). Filtered, the filters apply to each hit's paper inside `hits`, before the window, so a
    // paper that passes them is never crowded out by better hits that do not.
    const hits = !isFiltered
      ? `SELECT translations.source_hash, ${score} AS score ${matches}` +
        `WHERE ${conditions.join(' AND ')} ORDER BY score LIMIT ?`
      : `SELECT papers.id AS paper_id, ${score} AS score ${matches}JOIN papers ON ${toPaper} ` +
        'JOIN paper_facets ON paper_facets.id = papers.id ' +
        `WHERE ${conditions.join(' AND ')} ORDER BY score LIMIT ?`;
    const join = isFiltered ? 'papers.id = hits.paper_id' : papersOfSourceHash('hits.source_hash');
    const statement = this.db.prepare<unknown[], ScoredRow>(
      `WITH hits AS (${hits}) SELECT papers.*, min(hits.score) AS score FROM hits JOIN papers ON ${join} ` +
        'GROUP BY papers.id ORDER BY score LIMIT ?',
    );
    if (this.translationStatements.size >= TRANSLATION_STATEMENTS) {
      const oldest = this.translationStatements.keys().next().value;
      if (oldest !== undefined) this.translationStatements.delete(oldest);
    }
    this.translationStatements.set(cacheKey, statement);
    return statement;
  }
}
