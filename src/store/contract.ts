// The behaviours every Store must have, as one suite each implementation's test runs on a fresh store:
// newest version wins, versions remembered, idempotent saves, listing order, translations, digests, search, and
// (contract-library.ts) the reader's library, ratings and shown papers, (contract-relevance.ts) the relevance
// cache, and (contract-trend.ts) trends and the papers' dates.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { normalizeSpace, type AnnounceType, type IsoDate, type ListedPaper, type Paper } from '../model.js';
import { StoreError, UsageError } from '../errors.js';
import type { HfRecord, ListingKey, SearchOptions, Store } from './store.js';
import { runHarvestContract } from './contract-harvest.js';
import { runImportContract } from './contract-import.js';
import { runLibraryContract } from './contract-library.js';
import { runRelevanceContract } from './contract-relevance.js';
import { runTrendContract } from './contract-trend.js';

export interface StoreContractOptions {
  /** Behaviours this implementation does not have, by test name, each with the reason. */
  skip?: Record<string, string>;
}

/** A complete paper for tests; override what the test is about. */
export function samplePaper(arxivId: string, overrides: Partial<Paper> = {}): Paper {
  return {
    arxivId,
    version: 1,
    title: `A study of paper ${arxivId}`,
    abstract: `The abstract of paper ${arxivId}, about nothing in particular.`,
    authors: ['Ada Lovelace', 'Alan Turing'],
    categories: ['cs.LG', 'cs.AI'],
    primaryCategory: 'cs.LG',
    publishedAt: new Date('2026-01-05T18:00:00Z'),
    updatedAt: new Date('2026-01-05T18:00:00Z'),
    comment: '12 pages',
    journalRef: null,
    doi: null,
    ...overrides,
  };
}

export function listed(paper: Paper, announceType: AnnounceType = 'new'): ListedPaper {
  return { paper, announceType };
}

/** A Hugging Face record for tests; override what the test is about. */
export function sampleHfRecord(arxivId: string, overrides: Partial<HfRecord> = {}): HfRecord {
  return {
    arxivId,
    upvotes: 12,
    comments: 3,
    organization: 'ByteDance Seed',
    githubRepo: 'https://github.com/bytedance/UI-TARS',
    githubStars: 8123,
    aiKeywords: ['GUI agent', 'reinforcement learning'],
    aiSummary: 'An agent that uses computers.',
    ...overrides,
  };
}

/** A paper as Hugging Face knows it (sources/hf-daily toPaper): no categories, version 1, no arXiv extras. */
export function sampleHfPaper(arxivId: string, overrides: Partial<Paper> = {}): Paper {
  return samplePaper(arxivId, {
    title: `Hugging Face title of ${arxivId}`,
    abstract: `Hugging Face abstract of ${arxivId}.`,
    authors: ['Author 1', 'Author 2', 'Author 3'],
    categories: [],
    primaryCategory: '',
    updatedAt: null,
    comment: null,
    ...overrides,
  });
}

const day = (text: string): IsoDate => text as IsoDate;
const rssCs = (listingDate: string): ListingKey => ({
  listingDate: day(listingDate),
  source: 'arxiv-rss',
  scope: 'cs',
});

/** Runs the store contract; `make` returns a new, empty store for every test, which the suite closes. */
export function runStoreContract(make: () => Store, options: StoreContractOptions = {}): void {
  const skip = options.skip ?? {};
  const test = (name: string, body: (store: Store) => void): void => {
    const reason = skip[name];
    it(name, reason === undefined ? {} : { skip: reason }, () => {
      const store = make();
      try {
        body(store);
      } finally {
        store.close();
      }
    });
  };

  describe('Store contract: papers', () => {
    test('loads back every field of a saved paper', (store) => {
      const paper = samplePaper('2601.00001', {
        journalRef: 'NeurIPS 2025',
        doi: '10.1000/xyz',
        publishedAt: new Date('2026-01-01T10:00:00.123Z'),
        updatedAt: null,
        comment: null,
      });
      assert.deepEqual(store.savePapers([listed(paper)]), { inserted: 1, updated: 0, unchanged: 0 });
      assert.deepEqual(store.loadPaper('2601.00001'), paper);
    });

    test('returns null and no versions for a paper never saved', (store) => {
      assert.equal(store.loadPaper('2601.99999'), null);
      assert.deepEqual(store.loadVersions('2601.99999'), []);
    });

    test('keeps the newest version when a paper is replaced', (store) => {
      store.savePapers([listed(samplePaper('2601.00002', { title: 'First title' }))]);
      const v2 = samplePaper('2601.00002', { version: 2, title: 'Second title', authors: ['Grace Hopper'] });
      assert.deepEqual(store.savePapers([listed(v2, 'replace')]), { inserted: 0, updated: 1, unchanged: 0 });
      assert.deepEqual(store.loadPaper('2601.00002'), v2);
    });

    test('keeps newer metadata when an older version arrives later', (store) => {
      const v3 = samplePaper('2601.00003', { version: 3, title: 'Third title' });
      store.savePapers([listed(v3)]);
      const result = store.savePapers([
        listed(samplePaper('2601.00003', { version: 2, title: 'Second title' })),
      ]);
      assert.deepEqual(result, { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(store.loadPaper('2601.00003'), v3);
      assert.deepEqual(store.loadVersions('2601.00003'), [2, 3]);
    });

    test('remembers every version seen, ascending and once each', (store) => {
      for (const version of [2, 1, 4, 2, 4])
        store.savePapers([listed(samplePaper('2601.00004', { version }))]);
      assert.deepEqual(store.loadVersions('2601.00004'), [1, 2, 4]);
      assert.equal(store.loadPaper('2601.00004')?.version, 4);
    });

    test('keeps a known value when the same version arrives without it', (store) => {
      const rich = samplePaper('2601.00005', {
        doi: '10.1/abc',
        publishedAt: new Date('2026-01-01T00:00:00Z'),
      });
      store.savePapers([listed(rich)]);
      const poor = samplePaper('2601.00005', { doi: null, publishedAt: null });
      assert.deepEqual(store.savePapers([listed(poor)]), { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(store.loadPaper('2601.00005'), rich);
    });

    test('reports unchanged and stores nothing twice when the same papers are saved again', (store) => {
      const papers = ['2601.00010', '2601.00011', 'hep-th/9901001'].map((id) => listed(samplePaper(id)));
      assert.deepEqual(store.savePapers(papers, rssCs('2026-01-06')), {
        inserted: 3,
        updated: 0,
        unchanged: 0,
      });
      assert.deepEqual(store.savePapers(papers, rssCs('2026-01-06')), {
        inserted: 0,
        updated: 0,
        unchanged: 3,
      });
      assert.equal(store.loadListing(rssCs('2026-01-06'))?.papers.length, 3);
      assert.deepEqual(store.loadVersions('2601.00010'), [1]);
    });

    test('counts a changed abstract of the same version as updated', (store) => {
      store.savePapers([listed(samplePaper('2601.00012'))]);
      const fixed = samplePaper('2601.00012', { abstract: 'A corrected abstract.' });
      assert.deepEqual(store.savePapers([listed(fixed)]), { inserted: 0, updated: 1, unchanged: 0 });
      assert.equal(store.loadPaper('2601.00012')?.abstract, 'A corrected abstract.');
    });

    test('round-trips unicode text exactly', (store) => {
      const paper = samplePaper('2601.00013', {
        title: 'Schrödinger–Bridge 策略优化 with $\\mathcal{O}(n^2)$ cost 🚀',
        abstract: 'Zürich, naïve café; 强化学习 (RL) と 拡散モデル; emoji 👩‍🔬; quotes "x" \'y\'; tab\tend',
        authors: ['Jürgen Schmidhuber', '王小明', "Seán O'Brien"],
      });
      store.savePapers([listed(paper)]);
      assert.deepEqual(store.loadPaper('2601.00013'), paper);
    });

    test('rejects a batch with an invalid paper and keeps the store as it was', (store) => {
      store.savePapers([listed(samplePaper('2601.00020', { title: 'Before' }))]);
      const batch = Array.from({ length: 100 }, (_, index) =>
        listed(samplePaper(`2601.${String(30 + index).padStart(5, '0')}`, { version: index === 49 ? 0 : 1 })),
      );
      batch.push(listed(samplePaper('2601.00020', { version: 2, title: 'After' })));
      assert.throws(() => store.savePapers(batch, rssCs('2026-01-07')), StoreError);
      assert.equal(store.loadPaper('2601.00030'), null);
      assert.equal(store.loadPaper('2601.00020')?.title, 'Before');
      assert.equal(store.loadListing(rssCs('2026-01-07')), null);
    });
  });

  describe('Store contract: listings', () => {
    test('loads a listing in saved order with announce types', (store) => {
      const papers = [
        listed(samplePaper('2601.00103'), 'new'),
        listed(samplePaper('2601.00101'), 'cross'),
        listed(samplePaper('2601.00102', { version: 3 }), 'replace'),
        listed(samplePaper('2512.00001', { version: 2 }), 'replace-cross'),
      ];
      store.savePapers(papers, rssCs('2026-01-08'));
      const loaded = store.loadListing(rssCs('2026-01-08'));
      assert.ok(loaded);
      assert.deepEqual(loaded.key, rssCs('2026-01-08'));
      assert.ok(loaded.fetchedAt instanceof Date && !Number.isNaN(loaded.fetchedAt.getTime()));
      assert.deepEqual(loaded.papers, papers);
    });

    test('keeps a paper listed twice in one listing once, at its first place and type', (store) => {
      const first = listed(samplePaper('2601.00111'), 'new');
      const other = listed(samplePaper('2601.00112'), 'cross');
      store.savePapers([first, other, listed(samplePaper('2601.00111'), 'replace')], rssCs('2026-01-08'));
      assert.deepEqual(store.loadListing(rssCs('2026-01-08'))?.papers, [first, other]);
    });

    test('replaces the membership of a listing saved again', (store) => {
      store.savePapers(
        ['2601.00201', '2601.00202'].map((id) => listed(samplePaper(id))),
        rssCs('2026-01-09'),
      );
      const again = [listed(samplePaper('2601.00203')), listed(samplePaper('2601.00201'), 'cross')];
      store.savePapers(again, rssCs('2026-01-09'));
      assert.deepEqual(store.loadListing(rssCs('2026-01-09'))?.papers, again);
      assert.ok(store.loadPaper('2601.00202'), 'a paper dropped from a listing is still a known paper');
    });

    test('keeps listings of different dates, sources and scopes apart', (store) => {
      store.savePapers([listed(samplePaper('2601.00301'))], rssCs('2026-01-12'));
      store.savePapers([listed(samplePaper('2601.00302'))], {
        ...rssCs('2026-01-12'),
        scope: 'cs.LG+stat.ML',
      });
      store.savePapers([listed(samplePaper('2601.00303'))], { ...rssCs('2026-01-12'), source: 'arxiv-api' });
      store.savePapers([listed(samplePaper('2601.00304'))], rssCs('2026-01-13'));
      const ids = (key: ListingKey): string[] | undefined =>
        store.loadListing(key)?.papers.map((entry) => entry.paper.arxivId);
      assert.deepEqual(ids(rssCs('2026-01-12')), ['2601.00301']);
      assert.deepEqual(ids({ ...rssCs('2026-01-12'), scope: 'cs.LG+stat.ML' }), ['2601.00302']);
      assert.deepEqual(ids({ ...rssCs('2026-01-12'), source: 'arxiv-api' }), ['2601.00303']);
      assert.equal(store.loadListing(rssCs('2026-01-14')), null);
    });

    test('records an empty listing as fetched', (store) => {
      store.savePapers([], rssCs('2026-01-15'));
      assert.deepEqual(store.loadListing(rssCs('2026-01-15'))?.papers, []);
    });

    test('records where a listing was read, whether it is whole, and its counts by announce type', (store) => {
      const papers = [
        listed(samplePaper('2601.00501')),
        listed(samplePaper('2601.00502'), 'cross'),
        listed(samplePaper('2601.00503'), 'replace'),
        listed(samplePaper('2601.00504'), 'replace-cross'),
      ];
      const url = 'https://export.arxiv.org/api/query?start=0';
      const partial = { url, isComplete: false, incompleteReason: 'served 4 of 9', announcedCount: 9 };
      store.savePapers(papers, rssCs('2026-01-16'), partial);
      const audit = store.loadListing(rssCs('2026-01-16'))?.audit;
      assert.deepEqual(
        { ...audit, fetchedAt: undefined },
        {
          source: 'arxiv-rss',
          url,
          fetchedAt: undefined,
          isComplete: false,
          incompleteReason: 'served 4 of 9',
          announcedCount: 9,
          newCount: 1,
          crossCount: 1,
          replacedCount: 2,
        },
      );
      store.savePapers(papers, rssCs('2026-01-16'), { ...partial, isComplete: true, incompleteReason: null });
      assert.equal(
        store.loadListing(rssCs('2026-01-16'))?.audit.isComplete,
        true,
        'saving again replaces it',
      );
      store.savePapers(papers.slice(0, 1), rssCs('2026-01-19'));
      const unknown = store.loadListing(rssCs('2026-01-19'))?.audit;
      assert.deepEqual([unknown?.isComplete, unknown?.url, unknown?.announcedCount], [null, null, 1]);
    });

    test('gives the newest listing date of a source and scope', (store) => {
      assert.equal(store.loadLatestListingDate('arxiv-rss', 'cs'), null);
      for (const date of ['2026-01-13', '2026-02-02', '2026-01-20']) store.savePapers([], rssCs(date));
      store.savePapers([], { ...rssCs('2026-03-01'), scope: 'math' });
      assert.equal(store.loadLatestListingDate('arxiv-rss', 'cs'), '2026-02-02');
      assert.equal(store.loadLatestListingDate('arxiv-api', 'cs'), null);
    });
  });

  describe('Store contract: translations and digests', () => {
    const key = { sourceHash: 'a'.repeat(64), lang: 'zh', model: 'openai-compatible:gpt-4o-mini' };

    test('loads a saved translation by hash, language and model', (store) => {
      assert.equal(store.loadTranslation(key), null);
      store.saveTranslation(key, '基于群体相对策略优化的推理');
      assert.equal(store.loadTranslation(key), '基于群体相对策略优化的推理');
      assert.equal(store.loadTranslation({ ...key, lang: 'ja' }), null);
      assert.equal(store.loadTranslation({ ...key, model: 'other:model' }), null);
      assert.equal(store.loadTranslation({ ...key, sourceHash: 'b'.repeat(64) }), null);
    });

    test("finds a stored paper's newest title and abstract translations by language, any model", (store) => {
      const paper = samplePaper('2601.00077', { title: 'Policy  gradients\nrevisited' });
      const hashOf = (text: string) =>
        createHash('sha256').update(normalizeSpace(text), 'utf8').digest('hex');
      assert.deepEqual(store.loadPaperTranslation(paper.arxivId, 'zh'), { title: null, abstract: null });
      store.savePapers([listed(paper)]);
      assert.deepEqual(store.loadPaperTranslation(paper.arxivId, 'zh'), { title: null, abstract: null });
      const titleKey = { sourceHash: hashOf(paper.title), lang: 'zh', model: 'one:model' };
      store.saveTranslation(titleKey, '策略梯度再探');
      store.saveTranslation({ ...titleKey, lang: 'ja' }, '方策勾配再訪');
      store.saveTranslation({ sourceHash: hashOf(paper.abstract), lang: 'zh', model: 'one:model' }, '摘要一');
      assert.deepEqual(store.loadPaperTranslation(paper.arxivId, 'zh'), {
        title: '策略梯度再探',
        abstract: '摘要一',
      });
      assert.deepEqual(store.loadPaperTranslation(paper.arxivId, 'ja'), {
        title: '方策勾配再訪',
        abstract: null,
      });
      assert.deepEqual(store.loadPaperTranslation(paper.arxivId, 'ko'), { title: null, abstract: null });
      // Another model's later translation of the same text is the newer one.
      store.saveTranslation({ ...titleKey, model: 'other:model' }, '重新审视策略梯度');
      assert.equal(store.loadPaperTranslation(paper.arxivId, 'zh').title, '重新审视策略梯度');
      // A new version with another title: the old title's translation no longer belongs to it.
      store.savePapers([listed({ ...paper, version: 2, title: 'Policy gradients, revisited again' })]);
      assert.equal(store.loadPaperTranslation(paper.arxivId, 'zh').title, null);
    });

    test('replaces a translation saved again under the same key', (store) => {
      store.saveTranslation(key, '旧译文');
      store.saveTranslation(key, '新译文');
      assert.equal(store.loadTranslation(key), '新译文');
    });

    test('saves, loads and replaces a digest', (store) => {
      const digest = {
        profile: 'rl',
        listingDate: day('2026-01-08'),
        generatedAt: new Date('2026-01-08T01:02:03.456Z'),
        json: JSON.stringify({ sections: [{ keyword: '强化学习', entries: [] }] }),
      };
      assert.equal(store.loadDigest('rl', day('2026-01-08')), null);
      store.saveDigest(digest);
      assert.deepEqual(store.loadDigest('rl', day('2026-01-08')), digest);
      const later = { ...digest, generatedAt: new Date('2026-01-08T05:00:00Z'), json: '{"sections":[]}' };
      store.saveDigest(later);
      assert.deepEqual(store.loadDigest('rl', day('2026-01-08')), later);
      assert.equal(store.loadDigest('other', day('2026-01-08')), null);
    });

    test('replaces a digest only while it is the one read, by its generation time', (store) => {
      const read = {
        profile: 'rl',
        listingDate: day('2026-01-08'),
        generatedAt: new Date(1000),
        json: '{"a":1}',
      };
      const mended = { ...read, generatedAt: new Date(2000), json: '{"a":2}' };
      assert.equal(store.replaceDigest(mended, read.generatedAt), false, 'none saved');
      assert.equal(store.loadDigest('rl', day('2026-01-08')), null);
      store.saveDigest(read);
      assert.equal(store.replaceDigest(mended, read.generatedAt), true);
      assert.deepEqual(store.loadDigest('rl', day('2026-01-08')), mended);
      // Another save came between the read and the replace: it stays.
      const again = { ...read, generatedAt: new Date(3000), json: '{"a":3}' };
      assert.equal(store.replaceDigest(again, read.generatedAt), false);
      assert.deepEqual(store.loadDigest('rl', day('2026-01-08')), mended);
    });

    test('records what a digest showed with its save, in one transaction: both or neither', (store) => {
      const digest = { profile: 'rl', listingDate: day('2026-01-08'), generatedAt: new Date(0), json: '{}' };
      store.saveDigest(digest, { profile: 'rl', arxivIds: ['2601.00001', '2601.00002'] });
      assert.deepEqual([...store.loadShown('rl', day('2026-01-09'))].sort(), ['2601.00001', '2601.00002']);
      // A record the store refuses (an empty id) undoes the digest's save with it.
      const refused = { ...digest, listingDate: day('2026-01-12') };
      assert.throws(() => store.saveDigest(refused, { profile: 'rl', arxivIds: ['2601.00003', ''] }));
      assert.equal(store.loadDigest('rl', day('2026-01-12')), null);
      assert.deepEqual([...store.loadShown('rl', day('2026-01-13'))].sort(), ['2601.00001', '2601.00002']);
    });

    test('lists saved digests, newest listing date first, then by profile', (store) => {
      assert.deepEqual(store.listDigests(), []);
      const at = new Date('2026-01-09T01:00:00Z');
      const saved = [
        ['rl', '2026-01-08'],
        ['cv', '2026-01-09'],
        ['rl', '2026-01-09'],
      ] as const;
      for (const [profile, date] of saved) {
        store.saveDigest({ profile, listingDate: day(date), generatedAt: at, json: '{}' });
      }
      assert.deepEqual(store.listDigests(), [
        { profile: 'cv', listingDate: day('2026-01-09'), generatedAt: at },
        { profile: 'rl', listingDate: day('2026-01-09'), generatedAt: at },
        { profile: 'rl', listingDate: day('2026-01-08'), generatedAt: at },
      ]);
    });
  });

  describe('Store contract: deliveries', () => {
    test('records a delivery and loads when it was sent', (store) => {
      const sentAt = new Date('2026-01-30T01:30:00.123Z');
      assert.equal(store.loadDelivery('rl', day('2026-01-30'), 'email:a@example.org'), null);
      store.saveDelivery('rl', day('2026-01-30'), 'email:a@example.org', sentAt);
      assert.deepEqual(store.loadDelivery('rl', day('2026-01-30'), 'email:a@example.org'), sentAt);
      assert.equal(store.loadDelivery('rl', day('2026-01-30'), 'email:b@example.org'), null);
      assert.equal(store.loadDelivery('rl', day('2026-01-29'), 'email:a@example.org'), null);
      assert.equal(store.loadDelivery('cv', day('2026-01-30'), 'email:a@example.org'), null);
    });

    test('keeps the first time when a delivery is recorded again', (store) => {
      const first = new Date('2026-01-30T01:30:00Z');
      store.saveDelivery('rl', day('2026-01-30'), 'run', first);
      store.saveDelivery('rl', day('2026-01-30'), 'run', new Date('2026-01-30T02:00:00Z'));
      assert.deepEqual(store.loadDelivery('rl', day('2026-01-30'), 'run'), first);
    });

    test("loads every profile's delivery of a date to one target, oldest first", (store) => {
      const target = 'email:a@example.org';
      store.saveDelivery('robots', day('2026-01-30'), target, new Date('2026-01-31T02:00:00Z'));
      store.saveDelivery('rl', day('2026-01-30'), target, new Date('2026-01-30T01:30:00Z'));
      store.saveDelivery('rl', day('2026-01-29'), target, new Date('2026-01-29T01:30:00Z'));
      store.saveDelivery('cv', day('2026-01-30'), 'email:b@example.org', new Date('2026-01-30T01:30:00Z'));
      assert.deepEqual(store.loadDeliveriesTo(day('2026-01-30'), target), [
        { profile: 'rl', sentAt: new Date('2026-01-30T01:30:00Z') },
        { profile: 'robots', sentAt: new Date('2026-01-31T02:00:00Z') },
      ]);
      assert.deepEqual(store.loadDeliveriesTo(day('2026-01-28'), target), []);
    });
  });

  describe('Store contract: Hugging Face', () => {
    const at = (text: string): Date => new Date(text);

    test('loads the facts of saved Hugging Face papers with their newest upvotes', (store) => {
      const record = sampleHfRecord('2509.02544');
      assert.deepEqual(
        store.saveHfPapers([record, sampleHfRecord('2601.00002')], at('2026-03-20T08:00:00Z')),
        {
          inserted: 2,
          updated: 0,
          unchanged: 0,
        },
      );
      store.saveHfPapers([{ ...record, upvotes: 30 }], at('2026-03-21T08:00:00Z'));
      const info = store.loadHfInfo(['2509.02544', '2601.99999']);
      assert.deepEqual([...info.keys()], ['2509.02544']);
      assert.deepEqual(info.get('2509.02544'), {
        upvotes: 30,
        comments: 3,
        organization: 'ByteDance Seed',
        githubRepo: 'https://github.com/bytedance/UI-TARS',
        githubStars: 8123,
        aiKeywords: ['GUI agent', 'reinforcement learning'],
        seenAt: at('2026-03-21T08:00:00Z'),
      });
      assert.deepEqual(store.loadHfInfo([]), new Map());
    });

    test('keeps upvotes as a time series, oldest first, one point per time', (store) => {
      for (const [when, upvotes] of [
        ['2026-03-21T08:00:00Z', 20],
        ['2026-03-20T08:00:00Z', 5],
        ['2026-03-22T08:00:00Z', 46],
        ['2026-03-22T08:00:00Z', 47],
      ] as const) {
        store.saveHfPapers([sampleHfRecord('2509.02544', { upvotes })], at(when));
      }
      assert.deepEqual(store.loadUpvoteSeries('2509.02544'), [
        { seenAt: at('2026-03-20T08:00:00Z'), upvotes: 5 },
        { seenAt: at('2026-03-21T08:00:00Z'), upvotes: 20 },
        { seenAt: at('2026-03-22T08:00:00Z'), upvotes: 47 },
      ]);
      assert.equal(store.loadHfInfo(['2509.02544']).get('2509.02544')?.upvotes, 47);
      assert.deepEqual(store.loadUpvoteSeries('2601.99999'), []);
    });

    test('keeps known facts when a later record does not say them, and counts what changed', (store) => {
      store.saveHfPapers([sampleHfRecord('2509.02544')], at('2026-03-20T08:00:00Z'));
      const silent = sampleHfRecord('2509.02544', {
        comments: null,
        organization: null,
        githubRepo: null,
        githubStars: null,
        aiKeywords: [],
        aiSummary: null,
      });
      assert.deepEqual(store.saveHfPapers([silent], at('2026-03-21T08:00:00Z')), {
        inserted: 0,
        updated: 0,
        unchanged: 1,
      });
      const info = store.loadHfInfo(['2509.02544']).get('2509.02544');
      assert.equal(info?.organization, 'ByteDance Seed');
      assert.equal(info.comments, 3);
      assert.deepEqual(info.aiKeywords, ['GUI agent', 'reinforcement learning']);
      const starred = sampleHfRecord('2509.02544', { githubStars: 9000 });
      assert.deepEqual(store.saveHfPapers([starred], at('2026-03-22T08:00:00Z')).updated, 1);
      // An observation older than the stored facts adds a point but changes no fact.
      store.saveHfPapers([sampleHfRecord('2509.02544', { githubStars: 1 })], at('2026-03-19T08:00:00Z'));
      assert.equal(store.loadHfInfo(['2509.02544']).get('2509.02544')?.githubStars, 9000);
    });

    test('rejects a batch with an invalid Hugging Face record and keeps the store as it was', (store) => {
      store.saveHfPapers([sampleHfRecord('2509.02544', { upvotes: 4 })], at('2026-03-20T08:00:00Z'));
      const batch = [
        sampleHfRecord('2509.02544', { upvotes: 9 }),
        sampleHfRecord('2601.00001', { upvotes: -1 }),
      ];
      assert.throws(() => store.saveHfPapers(batch, at('2026-03-21T08:00:00Z')), StoreError);
      assert.throws(() => store.saveHfPapers([sampleHfRecord('')], at('2026-03-21T08:00:00Z')), StoreError);
      assert.equal(store.loadUpvoteSeries('2509.02544').length, 1);
      assert.equal(store.loadHfInfo(['2601.00001']).size, 0);
    });

    test('stores a paper seen only on Hugging Face, so search finds it, with no version seen', (store) => {
      const hf = sampleHfPaper('2603.13017', { title: 'Modulated hazard-aware policy optimization' });
      assert.deepEqual(store.savePapers([listed(hf)]), { inserted: 1, updated: 0, unchanged: 0 });
      assert.deepEqual(store.loadPaper('2603.13017'), hf);
      assert.deepEqual(store.loadVersions('2603.13017'), []);
      assert.equal(store.searchPapers('hazard-aware', { limit: 5 })[0]?.paper.arxivId, '2603.13017');
    });

    test('lets a later arXiv copy replace what Hugging Face said, whatever its version', (store) => {
      const hfPublishedAt = new Date('2026-03-13T17:00:00Z');
      const hf = sampleHfPaper('2603.13017', {
        title: 'Preprint title on the Hub',
        publishedAt: hfPublishedAt,
      });
      store.savePapers([listed(hf)]);
      const arxiv = samplePaper('2603.13017', {
        version: 2,
        title: 'Modulated hazard-aware policy optimization',
        publishedAt: null,
      });
      assert.deepEqual(store.savePapers([listed(arxiv)]), { inserted: 0, updated: 1, unchanged: 0 });
      // arXiv's RSS has no submission time: Hugging Face's stays in the null.
      assert.deepEqual(store.loadPaper('2603.13017'), { ...arxiv, publishedAt: hfPublishedAt });
      assert.deepEqual(store.loadVersions('2603.13017'), [2]);
      assert.deepEqual(store.searchPapers('"on the Hub"', { limit: 5 }), []);
      assert.equal(store.searchPapers('hazard-aware', { limit: 5 })[0]?.paper.title, arxiv.title);
    });

    test('never lets a Hugging Face copy overwrite arXiv metadata', (store) => {
      const arxiv = samplePaper('2509.02544', { version: 3, title: 'UI-TARS-2 Technical Report' });
      store.savePapers([listed(arxiv)]);
      const hf = sampleHfPaper('2509.02544', { title: 'UI-TARS-2 (Hub title)', authors: ['Someone'] });
      assert.deepEqual(store.savePapers([listed(hf)]), { inserted: 0, updated: 0, unchanged: 1 });
      assert.deepEqual(store.loadPaper('2509.02544'), arxiv);
      assert.deepEqual(store.loadVersions('2509.02544'), [3]);
    });
  });

  describe('Store contract: search', () => {
    const corpus = (): ListedPaper[] => [
      listed(
        samplePaper('2601.00401', {
          title: 'Diffusion models for image synthesis',
          abstract: 'We train diffusion models on images and mention policy once.',
        }),
      ),
      listed(
        samplePaper('2601.00402', {
          title: 'Group relative policy optimization for reasoning',
          abstract: 'GRPO trains policies with group baselines and an entropy bonus.',
        }),
      ),
      listed(
        samplePaper('2601.00403', { title: 'Graph neural networks', abstract: 'Message passing on graphs.' }),
      ),
    ];

    test('finds the paper whose title matches first', (store) => {
      store.savePapers(corpus());
      const hits = store.searchPapers('policy optimization', { limit: 10 });
      assert.equal(hits[0]?.paper.arxivId, '2601.00402');
      assert.equal(store.searchPapers('diffusion', { limit: 10 })[0]?.paper.arxivId, '2601.00401');
      assert.equal(store.searchPapers('GRPO', { limit: 10 })[0]?.paper.arxivId, '2601.00402');
    });

    test('orders hits best first and respects the limit', (store) => {
      store.savePapers(corpus());
      const hits = store.searchPapers('policy', { limit: 10 });
      assert.deepEqual(
        hits.map((hit) => hit.paper.arxivId),
        ['2601.00402', '2601.00401'],
      );
      assert.ok(hits[0] !== undefined && hits[1] !== undefined && hits[0].score <= hits[1].score);
      assert.equal(store.searchPapers('policy', { limit: 1 }).length, 1);
    });

    test("treats FTS5's own syntax as text, and refuses a query-language mistake naming it", (store) => {
      store.savePapers(corpus());
      for (const query of ['GRPO "entropy', '"', 'title:graph', 'NEAR(a b)', 'policy^', '{title}:x']) {
        assert.doesNotThrow(() => store.searchPapers(query, { limit: 5 }), `query ${query}`);
      }
      assert.equal(store.searchPapers('GRPO "entropy', { limit: 5 })[0]?.paper.arxivId, '2601.00402');
      for (const [query, fault] of [
        ['AND OR NOT', 'unexpected AND at column 1'],
        ['(policy', 'missing ")" at column 8'],
        ['-x^', 'a search needs a word to find'],
        ['policy OR -GRPO', 'NOT leaves papers out of what the words beside it find'],
        ['policy OR cat:cs.LG', 'cat: narrows the whole search'],
        ['policy -"&&"', '"&&" has no letter or digit'],
        ['*', '"*" has nothing to match'],
      ] as const) {
        assert.throws(
          () => store.searchPapers(query, { limit: 5 }),
          (error: unknown) =>
            error instanceof UsageError &&
            error.message.startsWith(`query ${JSON.stringify(query)}: ${fault}`),
          query,
        );
      }
    });

    test('refuses a query beyond the search limits, naming the limit', (store) => {
      store.savePapers(corpus());
      const words = (count: number): string => Array.from({ length: count }, () => 'policy').join(' ');
      assert.throws(
        () => store.searchPapers(words(3000), { limit: 5 }),
        (error: unknown) =>
          error instanceof UsageError &&
          error.message === 'the search query has 3000 words; at most 64 are allowed',
      );
      assert.equal(store.searchPapers(words(64), { limit: 5 }).length, 2);
    });

    test('finds nothing for an empty query or an unknown word', (store) => {
      store.savePapers(corpus());
      assert.deepEqual(store.searchPapers('', { limit: 5 }), []);
      assert.deepEqual(store.searchPapers('   ', { limit: 5 }), []);
      assert.deepEqual(store.searchPapers('zebrafish', { limit: 5 }), []);
    });

    test('shows the newest metadata of a paper after it is replaced', (store) => {
      store.savePapers(corpus());
      store.savePapers([listed(samplePaper('2601.00403', { version: 2, title: 'Graph transformers' }))]);
      assert.equal(store.searchPapers('transformers', { limit: 5 })[0]?.paper.version, 2);
      assert.deepEqual(store.searchPapers('"neural networks"', { limit: 5 }), []);
    });
  });

  describe('Store contract: search filters', () => {
    const paper = (arxivId: string, title: string, categories: string[], publishedAt: string | null): Paper =>
      samplePaper(arxivId, {
        title,
        abstract: `An abstract about ${title.toLowerCase()}.`,
        categories,
        primaryCategory: categories[0] ?? '',
        publishedAt: publishedAt === null ? null : new Date(publishedAt),
      });
    const corpus = (): ListedPaper[] => [
      listed(
        paper(
          '2601.00501',
          'Reinforcement learning for robot grasping',
          ['cs.RO', 'cs.LG'],
          '2025-06-10T23:30:00Z',
        ),
      ),
      listed(
        paper('2601.00502', 'Reinforcement learning for language models', ['cs.CL'], '2026-01-05T00:10:00Z'),
      ),
      listed(
        paper(
          '2601.00503',
          'Reinforcement learning for portfolio control',
          ['math.OC', 'q-fin.PM'],
          '2026-01-20T12:00:00Z',
        ),
      ),
      listed(paper('2601.00504', 'Reinforcement learning: a survey', ['stat.ML'], null)),
    ];
    /** Chinese titles, saved as translations the way the translator would (keyed by the title's hash). */
    const chineseTitles: Record<string, string> = {
      '2601.00501': '用于机器人抓取的强化学习',
      '2601.00502': '用于语言模型的强化学习',
      '2601.00503': '用于投资组合控制的强化学习',
      '2601.00504': '强化学习综述',
    };
    const saveCorpus = (store: Store): void => {
      const papers = corpus();
      store.savePapers(papers);
      for (const { paper: saved } of papers) {
        const sourceHash = createHash('sha256').update(normalizeSpace(saved.title), 'utf8').digest('hex');
        store.saveTranslation(
          { sourceHash, lang: 'zh', model: 'test:model' },
          chineseTitles[saved.arxivId] ?? '',
        );
      }
    };
    const ids = (store: Store, query: string, options: Omit<SearchOptions, 'limit'>): string[] =>
      store
        .searchPapers(query, { limit: 10, ...options })
        .map((hit) => hit.paper.arxivId)
        .sort();

    test('filters search by submission dates, both ends included, in UTC days', (store) => {
      saveCorpus(store);
      const english = 'reinforcement learning';
      assert.deepEqual(ids(store, english, {}), ['2601.00501', '2601.00502', '2601.00503', '2601.00504']);
      assert.deepEqual(ids(store, english, { submittedFrom: day('2026-01-05') }), [
        '2601.00502',
        '2601.00503',
      ]);
      assert.deepEqual(ids(store, english, { submittedUntil: day('2026-01-05') }), [
        '2601.00501',
        '2601.00502',
      ]);
      assert.deepEqual(ids(store, english, { submittedUntil: day('2025-06-10') }), ['2601.00501']);
      assert.deepEqual(ids(store, english, { submittedUntil: day('2025-06-09') }), []);
      assert.deepEqual(
        ids(store, english, { submittedFrom: day('2026-01-05'), submittedUntil: day('2026-01-05') }),
        ['2601.00502'],
      );
    });

    test('filters search by archive or category, any of several, ignoring case', (store) => {
      saveCorpus(store);
      const english = 'reinforcement learning';
      assert.deepEqual(ids(store, english, { categories: ['cs'] }), ['2601.00501', '2601.00502']);
      assert.deepEqual(ids(store, english, { categories: ['cs.RO'] }), ['2601.00501']);
      assert.deepEqual(ids(store, english, { categories: ['CS.ro'] }), ['2601.00501']);
      assert.deepEqual(
        ids(store, english, { categories: ['cs.LG'] }),
        ['2601.00501'],
        'not only the primary',
      );
      assert.deepEqual(ids(store, english, { categories: ['math', 'cs.CL'] }), ['2601.00502', '2601.00503']);
      assert.deepEqual(ids(store, english, { categories: ['q-fin'] }), ['2601.00503']);
      assert.deepEqual(ids(store, english, { categories: ['c'] }), [], 'an archive is a whole name');
      assert.deepEqual(ids(store, english, { categories: ['cs.R'] }), [], 'a category is a whole name');
      assert.deepEqual(ids(store, english, { categories: ['%', '_', '"cs.RO"', 'cs.RO","cs.LG'] }), []);
      assert.deepEqual(ids(store, english, { categories: [] }).length, 4, '[] filters nothing');
    });

    test('combines date and category filters with English and Chinese queries', (store) => {
      saveCorpus(store);
      const from2026 = { submittedFrom: day('2026-01-01') };
      assert.deepEqual(ids(store, 'reinforcement learning', { ...from2026, categories: ['cs'] }), [
        '2601.00502',
      ]);
      assert.deepEqual(ids(store, '"robot grasping"', { ...from2026 }), []);
      assert.deepEqual(ids(store, '强化学习', {}), ['2601.00501', '2601.00502', '2601.00503', '2601.00504']);
      assert.deepEqual(ids(store, '强化学习', { categories: ['cs'] }), ['2601.00501', '2601.00502']);
      assert.deepEqual(ids(store, '强化学习', { ...from2026, categories: ['math.OC'] }), ['2601.00503']);
      assert.deepEqual(ids(store, '强化学习', { submittedUntil: day('2025-12-31') }), ['2601.00501']);
      assert.deepEqual(ids(store, '强化', { categories: ['cs'], submittedUntil: day('2025-12-31') }), [
        '2601.00501',
      ]);
      assert.deepEqual(ids(store, '控制 强化学习', { categories: ['cs'] }), [], 'every term must match');
      assert.deepEqual(ids(store, '综述', { submittedFrom: day('2020-01-01') }), [], 'no submission time');
    });

    test('reads the keyword query language: OR, NOT, -, ( ), *, ti:, abs:, au:, cat: and -cat:', (store) => {
      saveCorpus(store);
      const all = ['2601.00501', '2601.00502', '2601.00503', '2601.00504'];
      assert.deepEqual(ids(store, 'reinforcement -robot', {}), ['2601.00502', '2601.00503', '2601.00504']);
      assert.deepEqual(ids(store, 'reinforcement NOT (robot OR survey)', {}), ['2601.00502', '2601.00503']);
      assert.deepEqual(ids(store, 'robot OR portfolio', {}), ['2601.00501', '2601.00503']);
      assert.deepEqual(ids(store, '(robot OR portfolio) -grasping', {}), ['2601.00503']);
      assert.deepEqual(ids(store, 'grasp* OR surv*', {}), ['2601.00501', '2601.00504']);
      assert.deepEqual(ids(store, 'grasp*', {}), ['2601.00501'], 'a prefix alone');
      assert.deepEqual(ids(store, '"surv*"', {}), ['2601.00504'], 'a quoted prefix alone');
      assert.deepEqual(ids(store, 'abs:abstract', {}), all);
      assert.deepEqual(ids(store, 'ti:abstract', {}), [], 'the word is in every abstract, in no title');
      assert.deepEqual(ids(store, 'reinforcement au:lovelace', {}), all);
      assert.deepEqual(ids(store, 'reinforcement -au:turing', {}), []);
      assert.deepEqual(ids(store, 'reinforcement cat:cs', {}), ['2601.00501', '2601.00502']);
      assert.deepEqual(ids(store, 'reinforcement -cat:cs', {}), ['2601.00503', '2601.00504']);
      assert.deepEqual(ids(store, 'reinforcement CAT:cs.ro', {}), ['2601.00501'], 'case does not matter');
      assert.deepEqual(ids(store, 'reinforcement -cat:cs.RO', { categories: ['cs'] }), ['2601.00502']);
      assert.deepEqual(ids(store, 'learning AND reinforcement', {}), all, 'AND is an operator, not a word');
      // Translations: the same operators over each translated text; short words by LIKE.
      assert.deepEqual(ids(store, '强化学习 -机器人', {}), ['2601.00502', '2601.00503', '2601.00504']);
      assert.deepEqual(ids(store, '机器人 OR 语言模型', {}), ['2601.00501', '2601.00502']);
      assert.deepEqual(ids(store, '强化 NOT 综述', {}), ['2601.00501', '2601.00502', '2601.00503']);
      assert.deepEqual(ids(store, '强化学习 -cat:cs', {}), ['2601.00503', '2601.00504']);
      assert.deepEqual(ids(store, 'ti:强化学习', {}), [], 'a field searches the English text only');
    });

    test("filters search by the words of an author's name, the last a prefix, case and accents folded", (store) => {
      saveCorpus(store);
      const levine = samplePaper('2601.00505', {
        title: 'Reinforcement learning by Levine',
        authors: ['Sergey Levine', 'Chelsea "C." Finn', 'Jörg Müller'],
      });
      store.savePapers([listed(levine)]);
      const english = 'reinforcement learning';
      assert.deepEqual(ids(store, english, { author: 'levine' }), ['2601.00505']);
      assert.deepEqual(ids(store, english, { author: 'Sergey Levine' }), ['2601.00505']);
      assert.deepEqual(ids(store, english, { author: 'Levi' }), ['2601.00505'], 'the start of a name');
      assert.deepEqual(ids(store, english, { author: 'evine' }), [], 'not the middle of one');
      assert.deepEqual(ids(store, english, { author: 'Levine Sergey' }), [], 'the words in their order');
      assert.deepEqual(ids(store, english, { author: 'Muller' }), ['2601.00505'], 'accents folded');
      assert.deepEqual(ids(store, english, { author: 'Finn', categories: ['cs.LG'] }), ['2601.00505']);
      assert.deepEqual(ids(store, english, { author: '"C."' }), ['2601.00505'], 'a quote in a name');
      assert.deepEqual(ids(store, english, { author: 'levine" OR "nobody' }), [], 'quotes stay in the name');
      assert.deepEqual(ids(store, english, { author: '%' }), [], 'no word: nothing');
      assert.equal(ids(store, english, { author: ' ' }).length, 5, 'blank filters nothing');
      assert.throws(
        () => ids(store, english, { author: 'a '.repeat(150) }),
        /the author filter is 299 characters long; at most 200 are allowed/,
      );
      // A paper found by its translation passes the same filter.
      const titleHash = createHash('sha256').update(normalizeSpace(levine.title), 'utf8').digest('hex');
      store.saveTranslation({ sourceHash: titleHash, lang: 'zh', model: 'one:model' }, 'Levine 的强化学习');
      assert.deepEqual(ids(store, '的强化学习', { author: 'Levine' }), ['2601.00505']);
      assert.deepEqual(ids(store, '的强化学习', { author: 'Hinton' }), []);
    });

    test('applies the filters before the limit', (store) => {
      const strong = Array.from({ length: 30 }, (_, i) =>
        listed(
          paper(
            `2601.006${String(i).padStart(2, '0')}`,
            'Entropy entropy entropy',
            ['cs.LG'],
            '2026-01-02T00:00:00Z',
          ),
        ),
      );
      const weak = samplePaper('2601.00699', {
        title: 'Portfolio control',
        abstract: 'A long abstract that mentions entropy once among many other words about portfolios.',
        categories: ['math.OC'],
        primaryCategory: 'math.OC',
        publishedAt: new Date('2025-03-01T00:00:00Z'),
      });
      store.savePapers([...strong, listed(weak)]);
      assert.equal(store.searchPapers('entropy', { limit: 10 }).length, 10);
      assert.ok(
        !store.searchPapers('entropy', { limit: 10 }).some((hit) => hit.paper.arxivId === '2601.00699'),
      );
      const first = (options: Omit<SearchOptions, 'limit'>): string[] =>
        store.searchPapers('entropy', { limit: 1, ...options }).map((hit) => hit.paper.arxivId);
      assert.deepEqual(first({ categories: ['math'] }), ['2601.00699']);
      assert.deepEqual(first({ submittedUntil: day('2025-12-31') }), ['2601.00699']);
    });
  });

  runLibraryContract(test);
  runRelevanceContract(test, (arxivId) => samplePaper(arxivId));
  runHarvestContract(test, (arxivId) => samplePaper(arxivId));
  runImportContract(test, samplePaper);
  runTrendContract(test, samplePaper);
}
