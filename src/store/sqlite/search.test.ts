// The SQLite search's own cases beyond the store contract: the filters read each paper's day and categories from
// paper_facets (migration 12), filled with the full-text index and kept by triggers equal to the day the filters
// define, and a narrow date range bounds the full-text walk to its papers (and finds what the plain plan finds).
// A translation finds its paper through the indexes on the hashes' first 16 characters (migration 14).

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { IsoDate, Paper } from '../../model.js';
import { listed, samplePaper } from '../contract.js';
import type { ListingKey, SearchOptions } from '../store.js';
import { MIGRATIONS, openSqliteStore, sourceHashOf, type SqliteStore } from './index.js';
import { migrate } from './schema/migrations.js';
import { PaperSearch } from './search.js';

const day = (text: string): IsoDate => text as IsoDate;
const rss = (listingDate: string): ListingKey => ({
  listingDate: day(listingDate),
  source: 'arxiv-rss',
  scope: 'cs',
});
const fromFeed = (arxivId: string, overrides: Partial<Paper> = {}): Paper =>
  samplePaper(arxivId, { publishedAt: null, updatedAt: null, ...overrides });

/** The day as the filters defined it before paper_facets: the submission day, else the first listing date. */
const DAY_FROM_ROWS =
  'SELECT papers.id, coalesce(substr(papers.published_at, 1, 10), (SELECT min(listings.listing_date) FROM ' +
  'listing_papers JOIN listings ON listings.id = listing_papers.listing_id WHERE listing_papers.arxiv_id = ' +
  'papers.arxiv_id)) AS day, papers.categories FROM papers ORDER BY papers.id';

function facetsOf(store: SqliteStore): unknown[] {
  return store.db.prepare('SELECT id, day, categories FROM paper_facets ORDER BY id').all();
}

describe('SqliteStore search filters: paper_facets', () => {
  it("keeps each paper's day and categories as the filters define them, through RSS, the API and listings saved again", () => {
    const store = openSqliteStore(':memory:');
    after(() => store.close());
    store.savePapers([listed(samplePaper('2601.00001', { publishedAt: new Date('2025-12-30T23:00:00Z') }))]);
    // Listed by RSS on the 20th first, then the 6th's listing arrives: the first listing date is the 6th.
    store.savePapers([listed(fromFeed('2601.00002')), listed(fromFeed('2601.00003'))], rss('2026-01-20'));
    assert.deepEqual(
      facetsOf(store),
      [],
      'new papers get their row with the full-text index, not in the save',
    );
    store.indexSavedPapers();
    assert.deepEqual(facetsOf(store), store.db.prepare(DAY_FROM_ROWS).all());
    store.savePapers([listed(fromFeed('2601.00002'))], rss('2026-01-06'));
    assert.deepEqual(facetsOf(store), store.db.prepare(DAY_FROM_ROWS).all());
    assert.equal(store.db.prepare('SELECT day FROM paper_facets WHERE id = 2').pluck().get(), '2026-01-06');
    // The API then says when 2601.00003 was submitted, and moves it to another category.
    store.savePapers([
      listed(
        samplePaper('2601.00003', { publishedAt: new Date('2026-01-02T10:00:00Z'), categories: ['math.OC'] }),
      ),
    ]);
    // The 6th's listing is saved again without 2601.00002: the 20th is the first listing left.
    store.savePapers([listed(fromFeed('2601.00004'))], rss('2026-01-06'));
    store.indexSavedPapers();
    assert.deepEqual(facetsOf(store), store.db.prepare(DAY_FROM_ROWS).all());
    assert.deepEqual(
      store.db.prepare('SELECT id, day, categories FROM paper_facets WHERE id IN (2, 3) ORDER BY id').all(),
      [
        { id: 2, day: '2026-01-20', categories: '["cs.LG","cs.AI"]' },
        { id: 3, day: '2026-01-02', categories: '["math.OC"]' },
      ],
    );
    const found = (from: string, until: string, categories?: string[]): string[] =>
      store
        .searchPapers('study', {
          limit: 10,
          submittedFrom: day(from),
          submittedUntil: day(until),
          ...(categories !== undefined && { categories }),
        })
        .map((hit) => hit.paper.arxivId)
        .sort();
    assert.deepEqual(found('2026-01-01', '2026-01-31'), ['2601.00002', '2601.00003', '2601.00004']);
    assert.deepEqual(found('2026-01-01', '2026-01-31', ['math']), ['2601.00003']);
  });

  it('fills paper_facets for the papers of a file made before it', () => {
    const raw = new Database(':memory:');
    const before = MIGRATIONS.findIndex((migration) => migration.sql.includes('CREATE TABLE paper_facets'));
    assert.ok(before > 0);
    migrate(raw, ':memory:', MIGRATIONS.slice(0, before));
    raw.exec(
      "INSERT INTO papers (id, arxiv_id, version, title, abstract, authors, categories, primary_category, published_at, title_hash, abstract_hash, first_seen_at, last_changed_at) VALUES (7, '2601.00001', 1, 't', 'a', '[]', '[\"cs.LG\"]', 'cs.LG', '2024-03-05T23:59:00Z', 'h', 'h', 'x', 'x'), (8, '2601.00002', 1, 't', 'a', '[]', '[\"cs.RO\"]', 'cs.RO', NULL, 'h', 'h', 'x', 'x'), (9, '2601.00003', 1, 't', 'a', '[]', '[]', 'cs.AI', NULL, 'h', 'h', 'x', 'x');" +
        "INSERT INTO listings (id, listing_date, source, scope, fetched_at) VALUES (1, '2026-01-06', 'arxiv-rss', 'cs', 'x');" +
        "INSERT INTO listing_papers (listing_id, arxiv_id, announce_type, position) VALUES (1, '2601.00002', 'new', 0);",
    );
    migrate(raw, ':memory:');
    assert.deepEqual(raw.prepare('SELECT id, day, categories FROM paper_facets ORDER BY id').all(), [
      { id: 7, day: '2024-03-05', categories: '["cs.LG"]' },
      { id: 8, day: '2026-01-06', categories: '["cs.RO"]' },
      { id: 9, day: null, categories: '[]' },
    ]);
    raw.close();
  });
});

describe('SqliteStore search filters: how a filtered search reads', () => {
  // 1,500 papers over 1,500 days, every one matching "policy": every date range here is narrow (NARROW_RANGE_PAPERS).
  const store = openSqliteStore(':memory:');
  const first = Date.UTC(2022, 0, 1);
  store.savePapers(
    Array.from({ length: 1500 }, (_, index) =>
      listed(
        samplePaper(`2601.${String(index).padStart(5, '0')}`, {
          title: `Policy number ${index}`,
          publishedAt: new Date(first + index * 86_400_000),
          categories: index % 10 === 0 ? ['cs.RO'] : ['cs.LG'],
        }),
      ),
    ),
  );
  const search = new PaperSearch(store.db);
  after(() => store.close());

  it('reads the day and categories of each match from paper_facets, and no papers row but for the hits', () => {
    store.indexSavedPapers();
    const plan = search.explain('policy', {
      limit: 50,
      submittedFrom: day('2022-01-01'),
      submittedUntil: day('2025-12-31'),
      categories: ['cs.RO'],
    });
    const matched = plan.slice(0, plan.indexOf('SCAN matched')).join(' | ');
    assert.match(matched, /SCAN papers_fts VIRTUAL TABLE/);
    assert.match(matched, /SEARCH paper_facets USING INTEGER PRIMARY KEY/);
    assert.doesNotMatch(matched, /SEARCH papers USING/, 'the filters never read a match’s whole row');
  });

  it('searches a narrow date range with the full-text index as the outer loop, bounded by the range’s rowids', () => {
    const narrow = { limit: 50, submittedFrom: day('2022-03-01'), submittedUntil: day('2022-03-03') };
    const steps = search.explain('policy', narrow);
    const fullText = steps.findIndex((step) => step.includes('papers_fts'));
    // Looked up once per paper of the range, FTS5 would start bm25 again for each: a whole-index count of every
    // phrase per paper (4.4 s for one day at 2.7 M papers).
    assert.match(steps[fullText] ?? '', /^SCAN papers_fts VIRTUAL TABLE INDEX \d+:M\d*></, steps.join(' | '));
    assert.ok(
      steps.slice(0, fullText).every((step) => !step.includes('paper_facets')),
      `paper_facets is read inside the full-text loop: ${steps.join(' | ')}`,
    );
    assert.deepEqual(
      store
        .searchPapers('policy', narrow)
        .map((hit) => hit.paper.arxivId)
        .sort(),
      ['2601.00059', '2601.00060', '2601.00061'],
    );
    const wide = { limit: 2000, submittedFrom: day('2022-01-01'), submittedUntil: day('2026-12-31') };
    assert.equal(store.searchPapers('policy', wide).length, 1500);
  });
});

describe('SqliteStore search filters: a narrow date range finds what the plain plan finds', () => {
  // Days against rowids in order (a harvest), shuffled (the bench's store, an RSS store), and papers in other
  // categories on the same days; the narrow plan must return the very hits, scores and order of filtering every match.
  const store = openSqliteStore(':memory:');
  const first = Date.UTC(2024, 0, 1);
  const dayOf = (index: number, isShuffled: boolean): number =>
    isShuffled ? (index * 7919) % 60 : Math.floor(index / 10);
  store.savePapers(
    Array.from({ length: 1200 }, (_, index) => {
      const isShuffled = index >= 600;
      const words = ['policy', 'policy gradient', 'policy policy value', 'value'][index % 4] ?? 'policy';
      return listed(
        samplePaper(`2601.${String(index).padStart(5, '0')}`, {
          title: `${words} study ${index}`,
          abstract: index % 3 === 0 ? 'A policy for robots.' : 'Graphs and more graphs.',
          publishedAt: new Date(first + dayOf(index, isShuffled) * 86_400_000),
          categories: index % 5 === 0 ? ['cs.RO'] : ['cs.LG'],
        }),
      );
    }),
  );
  after(() => store.close());
  const isoDay = (offset: number): IsoDate =>
    new Date(first + offset * 86_400_000).toISOString().slice(0, 10) as IsoDate;

  // Day offsets; null leaves that bound out. Days 70–80 hold no paper.
  for (const [from, until] of [
    [0, 0],
    [3, 5],
    [0, 59],
    [70, 80],
    [null, 2],
    [57, null],
  ] as const) {
    for (const query of ['policy', 'policy -gradient', '"policy gradient"']) {
      it(`"${query}" from day ${from ?? 'any'} to ${until ?? 'any'}`, () => {
        const range = {
          ...(from !== null && { submittedFrom: isoDay(from) }),
          ...(until !== null && { submittedUntil: isoDay(until) }),
        };
        const every = store
          .searchPapers(query, { limit: 2000 })
          .filter(({ paper }) => {
            const submitted = paper.publishedAt?.toISOString().slice(0, 10) ?? '';
            return submitted >= (range.submittedFrom ?? '') && submitted <= (range.submittedUntil ?? '9999');
          })
          .map(({ paper, score }) => [paper.arxivId, score]);
        const narrow = store
          .searchPapers(query, { limit: 2000, ...range })
          .map(({ paper, score }) => [paper.arxivId, score]);
        assert.deepEqual(narrow, every);
        const withCategory = store
          .searchPapers(query, { limit: 2000, ...range, categories: ['cs.RO'] })
          .map(({ paper }) => paper.arxivId);
        assert.deepEqual(
          withCategory,
          narrow.map(([arxivId]) => arxivId).filter((arxivId) => Number(String(arxivId).slice(5)) % 5 === 0),
        );
      });
    }
  }
});

describe('SqliteStore search filters: a category found in the full-text index finds what the plain plan finds', () => {
  // Categories as arXiv writes them and a few it does not (case, a class under a class, an archive with a hyphen),
  // on papers whose words vary; the category's phrase in the MATCH must return the very hits, scores and order of
  // checking every match's categories.
  const store = openSqliteStore(':memory:');
  const CATEGORY_SETS = [
    ['cs.LG'],
    ['cs.RO', 'cs.LG'],
    ['q-bio.NC'],
    ['CS.lg'],
    ['cs.LG.x'],
    ['math-ph'],
    ['math.OC', 'stat.ML'],
    ['cond-mat.stat-mech'],
    ['cs.RO'],
  ];
  store.savePapers(
    Array.from({ length: 900 }, (_, index) => {
      const words = ['policy', 'policy gradient', 'policy policy value', 'value'][index % 4] ?? 'policy';
      return listed(
        samplePaper(`2601.${String(index).padStart(5, '0')}`, {
          title: `${words} study ${index}`,
          abstract: index % 2 === 0 ? 'A policy for robots.' : 'Graphs and more graphs.',
          categories: CATEGORY_SETS[(index * 7) % CATEGORY_SETS.length] ?? [],
        }),
      );
    }),
  );
  store.indexSavedPapers();
  // Indexed papers whose categories change, and nothing else: the index must forget the old tokens, learn the new.
  const sameText = { abstract: 'A policy for robots.', version: 2 };
  store.savePapers([
    listed(samplePaper('2601.00000', { ...sameText, title: 'policy study 0', categories: ['q-bio.NC'] })),
    listed(
      samplePaper('2601.00002', { ...sameText, title: 'policy policy value study 2', categories: ['cs.RO'] }),
    ),
  ]);
  after(() => store.close());

  /** What the filter keeps, written out: an element equal to a code, or under it, ASCII case ignored. */
  const isIn = (categories: readonly string[], codes: readonly string[]): boolean =>
    categories.some((category) =>
      codes.some((code) => {
        const [element, wanted] = [category.toLowerCase(), code.toLowerCase()];
        return element === wanted || element.startsWith(`${wanted}.`);
      }),
    );
  const hitsOf = (
    query: string,
    options: Omit<SearchOptions, 'limit'> = {},
    search: Pick<PaperSearch, 'search'> = { search: (...args) => store.searchPapers(...args) },
  ): [string, number][] =>
    search
      .search(query, { limit: 2000, ...options })
      .map(({ paper, score }): [string, number] => [paper.arxivId, score]);
  // About 100 papers per category set: with this ratio, a category of fewer than 150 papers (q-bio.NC) is a phrase of
  // the MATCH, a larger one (cs.LG, four sets) checked on paper_facets alone; with 0, every one is checked there.
  // SQLite's bm25() chooses so; the store's search, with kept counts (ranking.ts), makes every one a phrase.
  const mixed = new PaperSearch(store.db, { phraseCostRatio: 25, rankingExtensionPath: null });
  const facetsOnly = new PaperSearch(store.db, { phraseCostRatio: 0, rankingExtensionPath: null });
  const categoriesOf = new Map(
    store
      .searchPapers('study', { limit: 2000 })
      .map(({ paper }): [string, readonly string[]] => [paper.arxivId, paper.categories]),
  );

  for (const codes of [
    ['cs.LG'],
    ['q-bio.NC'],
    ['cs.RO', 'math.OC'],
    ['cond-mat.stat-mech'],
    ['cs'],
    ['math'],
  ]) {
    for (const query of ['policy', 'policy -gradient', '"policy gradient"', 'graphs']) {
      it(`"${query}" in ${codes.join(' or ')}`, () => {
        const every = hitsOf(query).filter(([arxivId]) => isIn(categoriesOf.get(arxivId) ?? [], codes));
        assert.ok(every.length > 0);
        assert.deepEqual(hitsOf(query, { categories: codes }), every);
        assert.deepEqual(hitsOf(query, { categories: codes }, mixed), every, 'small categories as phrases');
        assert.deepEqual(hitsOf(query, { categories: codes }, facetsOnly), every, 'paper_facets alone');
      });
    }
  }

  it("looks for a query's prefixes in the title, abstract and authors only, never in the category tokens", () => {
    // Each of these is a prefix of some paper's category token (csqqlg9, qzzbioqqnc9, mathqqoc9,
    // condzzmatqqstatzzmech9), and of no word of any paper's text: as prefixes of words, they find nothing.
    for (const query of [
      'cs*',
      'csqq*',
      'qzz*',
      'math*',
      'cond*',
      '"csqq*"',
      'ti:cs* OR abs:math*',
      'cs* OR zzz',
    ]) {
      assert.deepEqual(hitsOf(query), [], query);
      assert.deepEqual(hitsOf(query, { categories: ['q-bio.NC'] }, mixed), [], `${query} in q-bio.NC`);
      assert.deepEqual(store.countPapersByPeriod(query, { by: 'year', categories: ['cs.LG'] }), [], query);
    }
  });

  it('reads a NUL or an escape in a query as a space, as the web may send them (?q=policy%00)', () => {
    const expected = hitsOf('policy');
    assert.ok(expected.length > 0, 'the store has papers with the word');
    assert.deepEqual(hitsOf('policy\0'), expected);
    assert.deepEqual(hitsOf('\0policy\u001b[31m'), hitsOf('policy [31m'));
    assert.deepEqual(hitsOf('"policy\0" OR zzz'), hitsOf('"policy" OR zzz'));
  });

  it('finds the same with `cat:` in the query, and with `-cat:`', () => {
    const inLearning = hitsOf('policy').filter(([arxivId]) =>
      isIn(categoriesOf.get(arxivId) ?? [], ['cs.LG']),
    );
    assert.deepEqual(hitsOf('policy cat:cs.LG'), inLearning);
    const notRobots = hitsOf('policy').filter(
      ([arxivId]) => !isIn(categoriesOf.get(arxivId) ?? [], ['cs.RO']),
    );
    assert.deepEqual(hitsOf('policy -cat:cs.RO'), notRobots);
  });

  it("follows a paper's categories when a new version changes them", () => {
    const ids = (codes: string[]): string[] =>
      hitsOf('policy', { categories: codes }).map(([arxivId]) => arxivId);
    assert.ok(ids(['q-bio.NC']).includes('2601.00000'));
    assert.ok(!ids(['cs.LG']).includes('2601.00000'));
    assert.ok(ids(['cs.RO']).includes('2601.00002'));
    assert.ok(!ids(['cs.LG']).includes('2601.00002'));
  });

  it("asks the full-text index, not only each match's paper_facets row, for a category with a subject class", () => {
    // paper_facets made to disagree with the index on one paper: the index's answer (not cs.LG) decides.
    const facets = store.db.prepare('UPDATE paper_facets SET categories = ? WHERE id = ?');
    const [row] = store.db
      .prepare<[], { id: number }>("SELECT id FROM papers WHERE arxiv_id = '2601.00005'")
      .all();
    assert.ok(row !== undefined);
    assert.equal(categoriesOf.get('2601.00005')?.includes('cs.LG'), false);
    facets.run('["cs.LG"]', row.id);
    try {
      assert.ok(!hitsOf('policy', { categories: ['cs.LG'] }).some(([arxivId]) => arxivId === '2601.00005'));
      assert.ok(hitsOf('policy', { categories: ['cs'] }).some(([arxivId]) => arxivId === '2601.00005'));
      // A category too large for its phrase to pay (here every one) is checked on paper_facets alone.
      const found = hitsOf('policy', { categories: ['cs.LG'] }, facetsOnly);
      assert.ok(found.some(([arxivId]) => arxivId === '2601.00005'));
      const mixedIds = (codes: string[]): string[] =>
        hitsOf('policy', { categories: codes }, mixed).map(([arxivId]) => arxivId);
      assert.ok(mixedIds(['cs.LG']).includes('2601.00005'), 'cs.LG is large here: paper_facets decides');
      facets.run('["q-bio.NC"]', row.id);
      assert.ok(!mixedIds(['q-bio.NC']).includes('2601.00005'), 'q-bio.NC is small: the index decides');
    } finally {
      facets.run(JSON.stringify(categoriesOf.get('2601.00005')), row.id);
    }
  });

  it('indexes the categories of the papers of a file made before the category tokens', () => {
    const raw = new Database(':memory:');
    const before = MIGRATIONS.findIndex((migration) => migration.sql.includes('category_tokens'));
    assert.ok(before > 0);
    migrate(raw, ':memory:', MIGRATIONS.slice(0, before));
    raw.exec(
      "INSERT INTO papers (id, arxiv_id, version, title, abstract, authors, categories, primary_category, published_at, title_hash, abstract_hash, first_seen_at, last_changed_at) VALUES (7, '2601.00001', 1, 'policy', 'a', '[]', '[\"cs.LG\"]', 'cs.LG', '2024-03-05T23:59:00Z', 'h', 'h', 'x', 'x'), (8, '2601.00002', 1, 'policy', 'a', '[]', '[\"cs.RO\"]', 'cs.RO', NULL, 'h', 'h', 'x', 'x');" +
        'INSERT INTO papers_fts (rowid, title, abstract, authors) SELECT id, title, abstract, authors FROM papers;' +
        'INSERT INTO paper_facets (id, day, categories) SELECT id, substr(published_at, 1, 10), categories FROM papers;' +
        "UPDATE fts_progress SET indexed_through = 8 WHERE name = 'papers_fts';",
    );
    migrate(raw, ':memory:');
    assert.deepEqual(
      raw
        .prepare("SELECT rowid FROM papers_fts WHERE papers_fts MATCH 'category_tokens : csqqlg9'")
        .pluck()
        .all(),
      [7],
    );
    assert.deepEqual(new PaperSearch(raw).search('policy', { limit: 5, categories: ['cs.RO'] }).length, 1);
    raw.close();
  });
});

describe('SqliteStore search by translation: the hash-key indexes (migration 14)', () => {
  it("finds a translation's paper through the 16-character keys, and not a paper whose hash only shares the key", () => {
    const store = openSqliteStore(':memory:');
    after(() => store.close());
    store.savePapers([
      listed(samplePaper('2601.00011', { title: 'Schrödinger bridges for policy learning' })),
      listed(samplePaper('2601.00012', { title: 'An unrelated title' })),
    ]);
    const hash = sourceHashOf('Schrödinger bridges for policy learning');
    // The other paper's title hash shares the first 16 characters and differs after them.
    const twin = `${hash.slice(0, 16)}${'0'.repeat(48)}`;
    assert.notEqual(twin, hash);
    store.db.prepare("UPDATE papers SET title_hash = ? WHERE arxiv_id = '2601.00012'").run(twin);
    store.saveTranslation({ sourceHash: hash, lang: 'zh', model: 'test:model' }, '薛定谔桥用于策略学习');
    assert.deepEqual(
      store.searchPapers('薛定谔桥', { limit: 5 }).map((hit) => hit.paper.arxivId),
      ['2601.00011'],
    );
    const indexes = store.db
      .prepare<[], { name: string }>("SELECT name FROM pragma_index_list('papers') ORDER BY name")
      .all()
      .map((row) => row.name);
    assert.ok(indexes.includes('papers_title_hash_key') && indexes.includes('papers_abstract_hash_key'));
    assert.ok(!indexes.includes('papers_title_hash'), indexes.join(', '));
  });
});

describe("openSqliteStore: the search threads' page cache", () => {
  it("keeps as many bytes of pages as cacheBytes asks, and SQLite's default without it", () => {
    const searching = openSqliteStore(':memory:', { cacheBytes: 128 * 2 ** 20 });
    const plain = openSqliteStore(':memory:');
    after(() => {
      searching.close();
      plain.close();
    });
    // A negative cache_size is in KiB.
    assert.equal(searching.db.pragma('cache_size', { simple: true }), -131_072);
    // better-sqlite3 builds SQLite with a 16 MB default.
    assert.equal(plain.db.pragma('cache_size', { simple: true }), -16_000);
  });
});
