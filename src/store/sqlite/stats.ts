// What `paperwire stats` reads: counts of papers (by year and by archive), listings, translations and
// digests, and the database's size on disk, its write-ahead log included.

import { statSync } from 'node:fs';
import type { Database, Statement } from 'better-sqlite3';
import type { StoreStats } from '../store.js';

/** `cs.LG` → `cs`, `hep-th` → `hep-th`, `cond-mat.stat-mech` → `cond-mat`: the archive before the first dot. */
const ARCHIVE_OF =
  "CASE WHEN instr(primary_category, '.') > 0 THEN substr(primary_category, 1, instr(primary_category, '.') - 1) " +
  'ELSE primary_category END';

export class StatsQueries {
  private readonly countEach: Statement<
    [],
    { papers: number; listings: number; translations: number; digests: number }
  >;
  private readonly byYear: Statement<[], { year: string | null; papers: number }>;
  private readonly undatedByListingYear: Statement<[], { year: string | null; papers: number }>;
  private readonly byArchive: Statement<[], { archive: string; papers: number }>;
  private readonly pageBytes: Statement<[], { bytes: number }>;

  constructor(
    db: Database,
    private readonly path: string,
  ) {
    this.countEach = db.prepare(
      'SELECT (SELECT count(*) FROM papers) AS papers, (SELECT count(*) FROM listings) AS listings, ' +
        '(SELECT count(*) FROM translations) AS translations, ' +
        '(SELECT count(*) FROM digests) AS digests',
    );
    // Both read only the papers_stats index (the import migration), never the rows with their abstracts: the year
    // is its first column's expression, and archives are summed from its categories (an expression over a column
    // in the GROUP BY would read each row). A store opened read-only may lack it (an interrupted import left it
    // pending, and only a writer builds it): its counts then read the rows, slower and still right.
    const hasIndex =
      db.prepare("SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = 'papers_stats'").get() !==
      undefined;
    const papers = hasIndex ? 'papers INDEXED BY papers_stats' : 'papers';
    this.byYear = db.prepare(
      `SELECT substr(published_at, 1, 4) AS year, count(*) AS papers FROM ${papers} GROUP BY 1 ORDER BY 1`,
    );
    // A paper only RSS gave has no submission time: it is dated by the first listing that announced it, as trends
    // and the search's date filters date it (search.ts, PAPER_DAY_SQL). Few papers, found through the same index.
    this.undatedByListingYear = db.prepare(
      'SELECT (SELECT substr(min(listings.listing_date), 1, 4) FROM listing_papers JOIN listings ' +
        'ON listings.id = listing_papers.listing_id WHERE listing_papers.arxiv_id = papers.arxiv_id) AS year, ' +
        `count(*) AS papers FROM ${papers} WHERE substr(published_at, 1, 4) IS NULL GROUP BY 1`,
    );
    this.byArchive = db.prepare(
      `SELECT ${ARCHIVE_OF} AS archive, sum(papers) AS papers FROM (SELECT primary_category, count(*) AS papers ` +
        `FROM ${papers} GROUP BY primary_category) GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    this.pageBytes = db.prepare(
      'SELECT page_count * page_size AS bytes FROM pragma_page_count(), pragma_page_size()',
    );
  }

  load(): StoreStats {
    const counts = this.countEach.get();
    if (counts === undefined) throw new Error('count(*) gave no row');
    return {
      ...counts,
      papersByYear: this.loadPapersByYear(),
      papersByArchive: this.byArchive.all(),
      sizeBytes: this.loadSizeBytes(),
    };
  }

  /** Dated papers by the year of their first version, the others by their first listing's, or null; by year. */
  private loadPapersByYear(): StoreStats['papersByYear'] {
    const counts = new Map<number | null, number>();
    const add = (row: { year: string | null; papers: number }): void => {
      const year = row.year === null ? null : Number(row.year);
      counts.set(year, (counts.get(year) ?? 0) + row.papers);
    };
    for (const row of this.byYear.all()) if (row.year !== null) add(row);
    for (const row of this.undatedByListingYear.all()) add(row);
    return [...counts]
      .map(([year, papers]) => ({ year, papers }))
      .sort((a, b) => (a.year ?? -1) - (b.year ?? -1));
  }

  /** The file and its write-ahead log; an in-memory database counts its pages. */
  private loadSizeBytes(): number {
    if (this.path === ':memory:' || this.path === '') return this.pageBytes.get()?.bytes ?? 0;
    return sizeOf(this.path) + sizeOf(`${this.path}-wal`);
  }
}

/** The bytes of a file; 0 when it does not exist (no write-ahead log yet). */
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
