// Benchmark of web search at archive scale (issue 12): a store of N papers whose text is recombined from the real
// papers of the fixtures (bench/rank-corpus.ts, seeded), cached in the temp folder between runs, then the real
// server on loopback answering a realistic mix of /search pages, one request in flight and 8 in flight. Prints p50
// and p99 and their ratios to the goals (p50 < 10 ms, p99 < 50 ms; 8 in flight at most 4× one in flight), on the
// main thread and on the search threads with each order of their queue, and each order replayed in virtual time.
// Run: npm run bench:search   (PAPERWIRE_BENCH_PAPERS=200000 for a quicker store; default 1,000,000;
// PAPERWIRE_BENCH_REQUESTS per run, default 1000; PAPERWIRE_BENCH_THREADS search threads, default serve's;
// PAPERWIRE_BENCH_STRETCHES the queue's orders, default `0,4`: oldest first, serve's, and deadlines ×4)

import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ListedPaper, Paper } from '../src/model.js';
import { startServer } from '../src/server/index.js';
import { SEARCH_CACHE_BYTES, SEARCH_MAP_BYTES } from '../src/server/search-pool.js';
import { DEADLINE_STRETCH, SearchSchedule } from '../src/server/search-schedule.js';
import { openSqliteStore, type SqliteStore } from '../src/store/sqlite/index.js';
import type { SearchOptions } from '../src/store/store.js';
import { parseDateBound } from '../src/select/date-range.js';
import { measureLoad, type LoadResult } from './load.js';
import { replaySchedule } from './replay.js';
import { loadCorpus } from './rank-corpus.js';
import { seeded } from '../test/helpers/seeded.js';

const GOAL_P50_MS = 10;
const GOAL_P99_MS = 50;
/** 8 in flight may be at most this many times slower than one in flight. */
const GOAL_CONCURRENT_RATIO = 4;
const PAPER_COUNT = Number(process.env['PAPERWIRE_BENCH_PAPERS'] ?? 1_000_000);
const REQUESTS = Number(process.env['PAPERWIRE_BENCH_REQUESTS'] ?? 1000);
const BATCH = 10_000;
/**
 * Bump when the generated store changes, so a cached store of the old shape is not measured. 3: the stores cached as
 * v2 were migrated by a draft of the search filters' migration, whose number may change when branches merge. 4: the
 * category tokens' migration rebuilds the full-text index of the store it opens; a v3 store stays as main reads it.
 */
const STORE_VERSION = 4;

const random = seeded(12);
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const corpus = loadCorpus().map(({ paper }) => paper);
const sentencesOf = (text: string): string[] =>
  text.split(/(?<=\.)\s+/).filter((sentence) => sentence !== '');
const SENTENCES = corpus.flatMap((paper) => sentencesOf(paper.abstract));
const TITLE_WORDS = corpus.map((paper) => paper.title.split(' '));
const AUTHORS = [...new Set(corpus.flatMap((paper) => paper.authors))];
const FIRST_YEAR = 1995;
const LAST_YEAR = 2026;

/**
 * Paper `index`: a title spliced from two real titles, an abstract of five sentences of real abstracts, real
 * authors and one real paper's categories; submitted between 1995 and 2026, more papers each year (arXiv grows).
 */
function generatePaper(index: number): Paper {
  const base = pick(corpus);
  const [head, tail] = [pick(TITLE_WORDS), pick(TITLE_WORDS)];
  const title = [
    ...head.slice(0, Math.ceil(head.length / 2)),
    ...tail.slice(Math.ceil(tail.length / 2)),
  ].join(' ');
  const abstract = Array.from({ length: 5 }, () => pick(SENTENCES)).join(' ');
  const year = Math.floor(FIRST_YEAR + (LAST_YEAR - FIRST_YEAR + 1) * Math.sqrt(random()));
  const submitted = new Date(
    Date.UTC(Math.min(year, LAST_YEAR), 0, 1) + Math.floor(random() * 365) * 86_400_000,
  );
  return {
    arxivId: arxivIdOf(index),
    version: 1 + Math.floor(random() * 2),
    title,
    abstract,
    authors: Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(AUTHORS)),
    categories: base.categories,
    primaryCategory: base.primaryCategory,
    publishedAt: submitted,
    updatedAt: submitted,
    comment: null,
    journalRef: null,
    doi: null,
  };
}

/** A real-looking new-style id, unique per index: 100,000 papers a month from 2010-01 on (`1003.04217`). */
function arxivIdOf(index: number): string {
  const month = Math.floor(index / 100_000);
  const yymm = `${10 + Math.floor(month / 12)}${String(1 + (month % 12)).padStart(2, '0')}`;
  return `${yymm}.${String(index % 100_000).padStart(5, '0')}`;
}

/** The store at `folder`, built (and indexed) unless a complete one of this size and shape is cached there. */
function openBenchStore(folder: string): SqliteStore {
  const marker = join(folder, 'complete');
  mkdirSync(folder, { recursive: true });
  // The search threads' memory map and page cache (server/search-pool.ts), so the main-thread server reads as they do.
  const store = openSqliteStore(join(folder, 'paperwire.sqlite'), {
    mapBytes: SEARCH_MAP_BYTES,
    cacheBytes: SEARCH_CACHE_BYTES,
  });
  if (existsSync(marker)) {
    console.log(`using the cached store in ${folder}`);
    return store;
  }
  const started = performance.now();
  for (let start = 0; start < PAPER_COUNT; start += BATCH) {
    const batch: ListedPaper[] = [];
    for (let index = start; index < Math.min(PAPER_COUNT, start + BATCH); index += 1) {
      batch.push({ paper: generatePaper(index), announceType: 'new' });
    }
    store.savePapers(batch);
    if (start % 100_000 === 0) process.stderr.write(`saved ${start.toLocaleString('en-US')} papers\n`);
  }
  const saved = performance.now();
  store.indexSavedPapers();
  const seconds = (at: number) => ((at - started) / 1000).toFixed(0);
  console.log(
    `built ${PAPER_COUNT.toLocaleString('en-US')} papers: saved in ${seconds(saved)} s, indexed by ${seconds(performance.now())} s`,
  );
  writeFileSync(marker, new Date().toISOString());
  return store;
}

/** Topics with many thousands of matches. */
const COMMON_QUERIES = [
  'reinforcement learning',
  'language model',
  'neural network',
  'diffusion',
  '"policy gradient"',
  'graph',
  'quantum',
  'benchmark',
  'transformer attention',
  'optimization convergence',
];

/**
 * What researchers type: common topics (many thousands of matches), phrases, rare words from real titles, and
 * the same with a category, a date range or an author.
 */
function buildQueryMix(): string[] {
  const common = COMMON_QUERIES;
  const rare = Array.from({ length: 20 }, () => {
    const words = pick(TITLE_WORDS).filter((word) => /^[A-Za-z]{6,}$/.test(word));
    return words.length === 0 ? 'entropy' : pick(words);
  });
  const paths = [...common, ...rare].map((query) => `/search?q=${encodeURIComponent(query)}`);
  const filtered = common
    .slice(0, 5)
    .flatMap((query) => [
      `/search?q=${encodeURIComponent(query)}&category=cs.LG`,
      `/search?q=${encodeURIComponent(query)}&from=2023&until=2024`,
    ]);
  const byAuthor = Array.from({ length: 5 }, () => {
    const author = pick(AUTHORS).split(' ').at(-1) ?? 'Smith';
    return `/search?q=learning&author=${encodeURIComponent(author)}`;
  });
  return [...paths, ...filtered, ...byAuthor];
}

/** The kind of a search page's path: what the bench reports separately. */
function classOf(path: string): string {
  const params = new URL(path, 'http://bench').searchParams;
  if (params.has('author')) return 'author';
  if (params.has('from')) return 'date range';
  if (params.has('category')) return 'category';
  return COMMON_QUERIES.includes(params.get('q') ?? '') ? 'common words' : 'rare words';
}

const meanOf = (values: readonly number[]): number =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

/**
 * p50, mean and p99 of each kind of page, and the slowest paths: where the p99 comes from. The mean is what 8 in
 * flight on 2 threads wait for: each request waits behind about 3 others, whatever their kind, then runs.
 */
function describeSamples(samples: LoadResult['samples']): string {
  const quantile = (values: number[], q: number): number =>
    values[Math.min(values.length - 1, Math.floor(q * values.length))] ?? 0;
  const byClass = new Map<string, number[]>();
  for (const { path, ms } of samples) {
    const values = byClass.get(classOf(path)) ?? [];
    values.push(ms);
    byClass.set(classOf(path), values);
  }
  const lines = [...byClass].map(([name, values]) => {
    values.sort((a, b) => a - b);
    return `    ${name.padEnd(14)} ${String(values.length).padStart(4)} pages  p50 ${quantile(values, 0.5).toFixed(1).padStart(7)}  mean ${meanOf(values).toFixed(1).padStart(7)}  p99 ${quantile(values, 0.99).toFixed(1).padStart(7)} ms`;
  });
  const slowest = [...samples].sort((a, b) => b.ms - a.ms).slice(0, 5);
  lines.push(
    `    slowest: ${slowest.map(({ path, ms }) => `${ms.toFixed(0)} ms ${decodeURIComponent(path)}`).join('; ')}`,
  );
  return lines.join('\n');
}

/** A search page's hits: the web's page size and one more, which tells whether there are more (server/search.ts). */
const PAGE_HITS = 51;

/** The store's search that a /search path runs (server/search.ts's options), before the page is rendered. */
function storeSearchOf(path: string): { query: string; options: SearchOptions } {
  const params = new URL(path, 'http://bench').searchParams;
  const from = parseDateBound(params.get('from') ?? '', 'start');
  const until = parseDateBound(params.get('until') ?? '', 'end');
  const category = params.get('category');
  const author = params.get('author');
  return {
    query: params.get('q') ?? '',
    options: {
      limit: PAGE_HITS,
      ...(from !== null && { submittedFrom: from }),
      ...(until !== null && { submittedUntil: until }),
      ...(category !== null && { categories: [category] }),
      ...(author !== null && { author }),
    },
  };
}

/**
 * p50 and mean of each kind's store search alone (the SQL and its rows, on this thread, one at a time, each path
 * `rounds` times after one warm-up round): what a page costs before it is rendered and sent.
 */
function describeStoreSearches(paths: readonly string[], rounds: number): string {
  const byClass = new Map<string, number[]>();
  for (const { query, options } of paths.map(storeSearchOf)) store.searchPapers(query, options);
  for (let round = 0; round < rounds; round += 1) {
    for (const path of paths) {
      const { query, options } = storeSearchOf(path);
      const started = performance.now();
      store.searchPapers(query, options);
      const values = byClass.get(classOf(path)) ?? [];
      values.push(performance.now() - started);
      byClass.set(classOf(path), values);
    }
  }
  return [...byClass]
    .map(([name, values]) => {
      values.sort((a, b) => a - b);
      const p50 = values[Math.floor(values.length / 2)] ?? 0;
      return `    ${name.padEnd(14)} ${String(values.length).padStart(4)} searches p50 ${p50.toFixed(1).padStart(7)}  mean ${meanOf(values).toFixed(1).padStart(7)} ms`;
    })
    .join('\n');
}

/** The stretches the replay compares (bench/replay.ts): oldest first (serve's), and DEADLINE_STRETCH (4) among others. */
const REPLAY_STRETCHES = [0, 2, 4, 6, 8];

/**
 * The orders replayed in virtual time on these one-in-flight latencies as each path's cost (bench/replay.ts): what
 * each order does with 8 in flight on 2 threads, apart from the machine's load; ratios to the same one in flight.
 */
function printReplays(single: LoadResult): void {
  const lines = REPLAY_STRETCHES.map((stretch) => {
    const { p50, p99 } = replaySchedule(single.samples, stretch);
    const name = stretch === 0 ? 'oldest first' : `deadline ×${stretch}`;
    return `    ${name.padEnd(14)} p50 ${p50.toFixed(1).padStart(7)} (${(p50 / single.p50).toFixed(2)}×)  p99 ${p99.toFixed(1).padStart(7)} (${(p99 / single.p99).toFixed(2)}×)`;
  });
  console.log(`    replayed, 8 in flight on 2 threads in virtual time:\n${lines.join('\n')}`);
}

/** One run of the load generator over `paths` (a new connection per request: a kept-alive socket the server closes
 * as it idles would fail a request now and then), warmed up by one round of the paths. */
function loadOf(base: string, paths: readonly string[], concurrency: number): Promise<LoadResult> {
  return measureLoad({
    base,
    paths,
    concurrency,
    requests: REQUESTS,
    warmup: paths.length,
    keepAlive: false,
  });
}

const folder = join(tmpdir(), `paperwire-bench-search-${PAPER_COUNT}-v${STORE_VERSION}`);
const store = openBenchStore(folder);
const serverOptions = { store, profiles: [], host: '127.0.0.1', port: 0, token: null, log: () => {} };
/**
 * Search threads: `paperwire serve`'s count (one per core, at most 4) unless PAPERWIRE_BENCH_THREADS says otherwise,
 * to measure more threads than cores (docs/web.md, Search in workers: 8 in flight).
 */
const workerCount = Number(process.env['PAPERWIRE_BENCH_THREADS'] ?? Math.min(4, availableParallelism()));
/**
 * The deadline stretches the workers are measured with (server/search-schedule.ts): 0 is oldest first, serve's order;
 * PAPERWIRE_BENCH_STRETCHES (`0,3,6`) to compare others in the same minutes.
 */
const STRETCHES = (process.env['PAPERWIRE_BENCH_STRETCHES'] ?? `0,${DEADLINE_STRETCH}`)
  .split(',')
  .map(Number);
/** The main thread, then the workers with each order, so that they are measured in the same minutes. */
const servers = [
  { name: 'main thread', server: await startServer(serverOptions) },
  ...(await Promise.all(
    STRETCHES.map(async (deadlineStretch) => ({
      name: `${workerCount} workers, ${deadlineStretch === 0 ? 'oldest first' : `deadline ×${deadlineStretch}`}`,
      server: await startServer({
        ...serverOptions,
        searchWorkers: {
          dbPath: join(folder, 'paperwire.sqlite'),
          size: workerCount,
          // Stretch 0 is serve's own order, oldest first.
          ...(deadlineStretch === 0 ? {} : { newOrder: <T>() => new SearchSchedule<T>(deadlineStretch) }),
        },
      }),
    })),
  )),
];
try {
  const paths = buildQueryMix();
  console.log(
    `${PAPER_COUNT.toLocaleString('en-US')} papers, ${paths.length} search pages in turn, ${REQUESTS} requests a run; ` +
      `load average ${loadavg()
        .map((value) => value.toFixed(1))
        .join(' ')} on this machine (${availableParallelism()} cores)`,
  );
  // "More like this" on a paper page ranks the papers sharing its words over the whole archive (SHARING_WINDOW).
  const paperPaths = Array.from({ length: 20 }, (_, at) => {
    const index = Math.floor(((at + 0.5) * PAPER_COUNT) / 20);
    return `/papers/${arxivIdOf(index)}`;
  });
  const paperPages = await loadOf(servers[0]?.server.url ?? '', paperPaths, 1);
  console.log(
    `paper pages with "More like this", one in flight: p50 ${paperPages.p50.toFixed(2)} ms, p99 ${paperPages.p99.toFixed(2)} ms`,
  );
  // One day of common queries, 20 requests: a narrow date range (docs/store.md, Filters), apart from the mix so its
  // figures stay comparable with earlier runs. The bench's days are random against rowids: the worst case for the range's bounds.
  const dayPaths = COMMON_QUERIES.slice(0, 5).map(
    (query) => `/search?q=${encodeURIComponent(query)}&from=2024-05-05&until=2024-05-05`,
  );
  /** Prints p50 and p99 of `paths` asked one at a time on the main-thread server, four times each after a warmup. */
  const printOneInFlight = async (label: string, pagePaths: string[]): Promise<void> => {
    const result = await measureLoad({
      base: servers[0]?.server.url ?? '',
      paths: pagePaths,
      concurrency: 1,
      requests: pagePaths.length * 4,
      warmup: pagePaths.length,
      keepAlive: false,
    });
    console.log(`${label}, one in flight: p50 ${result.p50.toFixed(2)} ms, p99 ${result.p99.toFixed(2)} ms`);
  };
  await printOneInFlight("search pages of one day's range", dayPaths);
  // A rare category (q-bio.NC: 0.3% of the fixtures' papers) over common words, apart from the mix too: every match
  // of the word was checked on paper_facets before the category was a phrase of the MATCH (docs/store.md).
  await printOneInFlight(
    'search pages of a rare category',
    COMMON_QUERIES.slice(0, 5).map((query) => `/search?q=${encodeURIComponent(query)}&category=q-bio.NC`),
  );
  const row = (name: string, result: LoadResult, p50Goal: number, p99Goal: number) =>
    `${name.padEnd(40)} ${result.p50.toFixed(2).padStart(8)} ${meanOf(result.samples.map(({ ms }) => ms))
      .toFixed(2)
      .padStart(8)} ${result.p99.toFixed(2).padStart(8)} ${result.rps.toFixed(0).padStart(7)}` +
    `   ${(result.p50 / p50Goal).toFixed(2).padStart(8)} ${(result.p99 / p99Goal).toFixed(2).padStart(8)}`;
  console.log(
    `the store's search alone (no page), one at a time, by kind:\n${describeStoreSearches(paths, 3)}`,
  );
  console.log(
    'search pages                             p50 ms  mean ms   p99 ms   req/s   p50/goal p99/goal',
  );
  for (const { name, server } of servers) {
    const single = await loadOf(server.url, paths, 1);
    const concurrent = await loadOf(server.url, paths, 8);
    console.log(row(`${name}, 1 in flight`, single, GOAL_P50_MS, GOAL_P99_MS));
    console.log(describeSamples(single.samples));
    console.log(
      row(
        `${name}, 8 in flight`,
        concurrent,
        single.p50 * GOAL_CONCURRENT_RATIO,
        single.p99 * GOAL_CONCURRENT_RATIO,
      ),
    );
    console.log(describeSamples(concurrent.samples));
    if (name !== 'main thread') printReplays(single);
  }
  console.log(
    `goals: one in flight p50 ${GOAL_P50_MS} ms, p99 ${GOAL_P99_MS} ms; 8 in flight at most ` +
      `${GOAL_CONCURRENT_RATIO}× one in flight's (its ratios are to that; below 1 meets the goal)`,
  );
} finally {
  for (const { server } of servers) await server.close();
  store.close();
}
