// Full-text search over papers (English, stemmed, bm25-ranked, title weighted) and over stored translations
// (trigram, so Chinese and Japanese match without word boundaries). docs/store.md explains the choice.

import type { Database, Statement } from 'better-sqlite3';
import type { SearchHit } from '../store.js';
import { buildLikePattern, buildMatchExpression, isShortForTrigram, parseSearchTerms } from './fts-query.js';
import { paperOf, type PaperRow } from './merge.js';

/** bm25 column weights for papers_fts (title, abstract): a word in the title counts five times one in the abstract. */
const TITLE_WEIGHT = 5;
const ABSTRACT_WEIGHT = 1;

type ScoredRow = PaperRow & { score: number };

export class PaperSearch {
  private readonly matchPapers: Statement<[string, number], ScoredRow>;
  private readonly translationStatements = new Map<string, Statement<unknown[], ScoredRow>>();

  constructor(private readonly db: Database) {
    this.matchPapers = db.prepare(
      `SELECT papers.*, bm25(papers_fts, ${TITLE_WEIGHT}, ${ABSTRACT_WEIGHT}) AS score FROM papers_fts ` +
        'JOIN papers ON papers.id = papers_fts.rowid WHERE papers_fts MATCH ? ORDER BY score LIMIT ?',
    );
  }

  /**
   * Papers matching every term of `query`, best (lowest bm25) first. A paper found both by its own text and by a
   * translation keeps its better score. An empty query, or one with no words, finds nothing.
   */
  search(query: string, limit: number): SearchHit[] {
    const terms = parseSearchTerms(query);
    if (terms.length === 0 || limit <= 0) return [];
    const best = new Map<string, ScoredRow>();
    const keep = (row: ScoredRow): void => {
      const seen = best.get(row.arxiv_id);
      if (seen === undefined || row.score < seen.score) best.set(row.arxiv_id, row);
    };
    for (const row of this.matchPapers.all(buildMatchExpression(terms), limit)) keep(row);
    for (const row of this.searchTranslations(terms, limit)) keep(row);
    return [...best.values()]
      .sort((a, b) => a.score - b.score || b.arxiv_id.localeCompare(a.arxiv_id))
      .slice(0, limit)
      .map((row) => ({ paper: paperOf(row), score: row.score }));
  }

  /**
   * Terms of 3+ characters use the trigram index (bm25); shorter ones (`强化`, `RL`) filter with LIKE, which the
   * trigram table also answers. Only a query made of short terms alone scans every translation.
   */
  private searchTranslations(terms: readonly string[], limit: number): ScoredRow[] {
    const long = terms.filter((term) => !isShortForTrigram(term));
    const short = terms.filter(isShortForTrigram);
    const params: unknown[] = [];
    if (long.length > 0) params.push(buildMatchExpression(long));
    params.push(...short.map(buildLikePattern));
    // Several translations (title, abstract, languages) can point at one paper, so take more than `limit`.
    params.push(limit * 4 + 10, limit);
    return this.translationStatement(long.length > 0, short.length).all(...params);
  }

  private translationStatement(hasMatch: boolean, likeCount: number): Statement<unknown[], ScoredRow> {
    const cacheKey = `${hasMatch}:${likeCount}`;
    const cached = this.translationStatements.get(cacheKey);
    if (cached !== undefined) return cached;
    const conditions = [
      ...(hasMatch ? ['translations_fts MATCH ?'] : []),
      ...Array.from({ length: likeCount }, () => "translations_fts.text LIKE ? ESCAPE '\\'"),
    ];
    const statement = this.db.prepare<unknown[], ScoredRow>(
      'WITH hits AS (' +
        `SELECT translations.source_hash, ${hasMatch ? 'bm25(translations_fts)' : '0'} AS score ` +
        'FROM translations_fts JOIN translations ON translations.id = translations_fts.rowid ' +
        `WHERE ${conditions.join(' AND ')} ORDER BY score LIMIT ?) ` +
        'SELECT papers.*, min(hits.score) AS score FROM hits JOIN papers ' +
        'ON papers.title_hash = hits.source_hash OR papers.abstract_hash = hits.source_hash ' +
        'GROUP BY papers.id ORDER BY score LIMIT ?',
    );
    this.translationStatements.set(cacheKey, statement);
    return statement;
  }
}
