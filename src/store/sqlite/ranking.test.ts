// The English index's ranking: paperwire_bm25() from the native extension (dist/, `npm run build`) ranks score for
// score as SQLite's bm25() while its kept phrase counts are exact, takes each count once until the table changes,
// and a missing or broken extension leaves SQLite's bm25() with the same results.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import type { IsoDate } from '../../model.js';
import { listed, samplePaper } from '../contract.js';
import type { SearchOptions } from '../store.js';
import { openSqliteStore } from './index.js';
import { namePhrases, RANKING_EXTENSION_PATH, rankingOf } from './ranking.js';
import { PaperSearch } from './search.js';

const names = (match: string): string[] => namePhrases(match).split('\x1f');

describe('namePhrases', () => {
  it('names each phrase in the order written, with the column filters over it and its prefix mark', () => {
    assert.deepEqual(names('"reinforcement" "learning"'), ['"reinforcement"', '"learning"']);
    assert.deepEqual(names('{title} : "grasp" * AND "robot"'), ['{title}:"grasp"*', '"robot"']);
    assert.deepEqual(names('(("robot") NOT ("survey" OR "review"))'), ['"robot"', '"survey"', '"review"']);
    assert.deepEqual(
      names(
        '("policy") AND (category_tokens : ("csqqlg9" OR "csqqlgqq" *)) AND (authors : "sergey ""s"" levine" *)',
      ),
      [
        '"policy"',
        'category_tokens:"csqqlg9"',
        'category_tokens:"csqqlgqq"*',
        'authors:"sergey ""s"" levine"*',
      ],
    );
    // A filter over a group is over each of its phrases: the same phrase as the filter over it alone.
    assert.deepEqual(
      names('{title abstract} : ("a" OR "b")'),
      names('{title abstract} : "a" {title abstract} : "b"'),
    );
    assert.deepEqual(names('{title} : ({abstract} : "a")'), ['{title}:{abstract}:"a"']);
  });

  it("counts FTS5's barewords as phrases, and neither its operators nor NEAR's distance", () => {
    assert.deepEqual(names('robot AND and OR "x" NOT NEAR("a" b, 10)'), ['robot', 'and', '"x"', '"a"', 'b']);
  });
});

describe('the kept-count ranking (native/paperwire-fts5.c)', () => {
  const folder = mkdtempSync(join(tmpdir(), 'paperwire-ranking-'));
  const path = join(folder, 'paperwire.sqlite');
  const store = openSqliteStore(path);
  const CATEGORIES = [['cs.LG'], ['cs.RO', 'cs.LG'], ['q-bio.NC'], ['math.OC'], ['cs.AI']];
  const AUTHORS = [['Sergey Levine'], ['Chelsea Finn', 'Pieter Abbeel'], ['Ada Lovelace']];
  const paperOf = (index: number) =>
    listed(
      samplePaper(`2601.${String(index).padStart(5, '0')}`, {
        title: `${['policy', 'policy gradient', 'value policy policy', 'graphs'][index % 4] ?? ''} study ${index}`,
        abstract: ['A policy for robots.', 'Graphs, and more graphs of policies.', 'Value.'][index % 3] ?? '',
        authors: AUTHORS[index % AUTHORS.length] ?? [],
        categories: CATEGORIES[(index * 7) % CATEGORIES.length] ?? [],
        publishedAt: new Date(Date.UTC(2020, 0, 1) + index * 3 * 86_400_000),
      }),
    );
  store.savePapers(Array.from({ length: 600 }, (_, index) => paperOf(index)));
  store.indexSavedPapers();
  const kept = new PaperSearch(store.db);
  const builtIn = new PaperSearch(store.db, { rankingExtensionPath: null });
  const walks = (): number =>
    store.db.prepare<[], number>('SELECT paperwire_fts5_walks()').pluck().get() ?? 0;
  after(() => {
    store.close();
    rmSync(folder, { recursive: true, force: true });
  });

  const hitsOf = (search: PaperSearch, query: string, options: Omit<SearchOptions, 'limit'> = {}) =>
    search.search(query, { limit: 1000, ...options }).map(({ paper, score }) => [paper.arxivId, score]);
  const SEARCHES: [string, Omit<SearchOptions, 'limit'>][] = [
    ['policy', {}],
    ['policy gradient', {}],
    ['"policy gradient"', {}],
    ['polic*', {}],
    ['ti:policy abs:graphs', {}],
    ['policy OR graphs', {}],
    ['policy -gradient', {}],
    ['graphs cat:cs.LG', {}],
    ['policy', { categories: ['q-bio.NC'] }],
    ['policy', { categories: ['cs'] }],
    ['policy', { categories: ['cs.RO', 'math.OC'] }],
    ['study', { author: 'Sergey Levine' }],
    ['policy', { submittedFrom: '2021-01-01' as IsoDate, submittedUntil: '2021-01-31' as IsoDate }],
    ['policy', { submittedFrom: '2021-01-01' as IsoDate }],
  ];

  it('loads from the build into the store’s connection', () => {
    assert.ok(
      kept.ranking.hasKeptCounts,
      `no ranking extension at ${RANKING_EXTENSION_PATH}: run npm run build`,
    );
    assert.equal(builtIn.ranking.hasKeptCounts, false);
  });

  it("ranks score for score as SQLite's bm25() while the counts are exact", () => {
    for (const [query, options] of SEARCHES) {
      const expected = hitsOf(builtIn, query, options);
      assert.ok(expected.length > 0, `${query} finds papers`);
      assert.deepEqual(hitsOf(kept, query, options), expected, `${query} ${JSON.stringify(options)}`);
    }
    // Every phrase of each of them was named as FTS5 numbers them: the second time, no count is taken again.
    const before = walks();
    for (const [query, options] of SEARCHES) hitsOf(kept, query, options);
    assert.equal(walks(), before);
  });

  it('takes each phrase’s count once, whatever the query it is in, and again once the table has changed', () => {
    hitsOf(kept, 'policy value');
    const before = walks();
    assert.deepEqual(hitsOf(kept, 'policy value'), hitsOf(builtIn, 'policy value'));
    assert.deepEqual(hitsOf(kept, 'value policy'), hitsOf(builtIn, 'value policy'));
    assert.equal(walks(), before, 'both counts kept');
    // One more paper with both words: the counts change, and the next search takes them again.
    store.savePapers([paperOf(602)]);
    store.indexSavedPapers();
    assert.deepEqual(hitsOf(kept, 'policy value'), hitsOf(builtIn, 'policy value'));
    assert.equal(walks(), before + 2);
    // The same text in a phrase of its own, or with a column filter, is another count.
    hitsOf(kept, '"value policy"');
    hitsOf(kept, 'ti:value');
    assert.equal(walks(), before + 4);
  });

  it("leaves SQLite's bm25() when the extension is missing or is no extension, with the same hits", () => {
    const other = new Database(path, { readonly: true });
    const broken = new Database(path, { readonly: true });
    after(() => {
      other.close();
      broken.close();
    });
    const missing = new PaperSearch(other, { rankingExtensionPath: join(folder, 'no-such-extension') });
    assert.equal(missing.ranking.hasKeptCounts, false);
    assert.equal(rankingOf(broken, path).hasKeptCounts, false, 'a database file is no extension');
    for (const [query, options] of SEARCHES) {
      assert.deepEqual(hitsOf(missing, query, options), hitsOf(kept, query, options), query);
    }
  });
});
