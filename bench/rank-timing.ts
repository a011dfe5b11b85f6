// bench/rank.ts's timing goals on a 100,000-paper store made from the corpus's real sentences: retraining after
// one rating (< 100 ms) and ranking a 2,000-paper day (< 50 ms), each the median of several runs, as wall time (the
// goal) and as this process's CPU time (what the wall time would be on an idle machine; both are printed). Also,
// without a goal: the whole relevance stage as `digest --sort relevance` runs it (training included), and "more like
// this" for one paper (`paperwire similar`, the paper page).

import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { libraryKeyOf, type Paper, type Profile } from '../src/model.js';
import { cacheTerms, rankSections, scoreWithModel, trainFromStore } from '../src/pipeline/relevance.js';
import { findSimilarPapers } from '../src/pipeline/similar.js';
import { rankEntries } from '../src/rank/rank.js';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { loadCorpus } from './rank-corpus.js';
import { seeded } from '../test/helpers/seeded.js';

const STORE_PAPERS = Number(process.env['BENCH_STORE_PAPERS'] ?? 100_000);
const DAY_PAPERS = 2000;
const RUNS = 7;
const SIMILAR_PAPERS = 21;
const PROFILE: Profile = {
  name: 'bench',
  keywords: ['bench'],
  categories: ['cs'],
  lang: 'en',
  style: 'classic',
  sort: 'relevance',
  includeCross: false,
  includeReplaced: false,
  out: null,
  email: [],
};
const BATCH = 5000;

/** Papers of real sentences: each title and abstract sentence from a corpus paper chosen at random. */
function synthesize(count: number, offset: number, random: () => number): Paper[] {
  const corpus = loadCorpus().map((item) => item.paper);
  const sentences = corpus.flatMap((paper) => paper.abstract.split(/(?<=\.)\s+/));
  const pick = <T>(items: readonly T[]): T => {
    const item = items[Math.floor(random() * items.length)];
    if (item === undefined) throw new Error('nothing to pick from');
    return item;
  };
  return Array.from({ length: count }, (_, index) => {
    const base = pick(corpus);
    const id = offset + index;
    return {
      ...base,
      arxivId: `${String(2000 + Math.floor(id / 99_999)).padStart(4, '0')}.${String(id % 99_999).padStart(5, '0')}`,
      title: `${pick(corpus).title.split(':')[0]}: ${pick(sentences).slice(0, 60)}`,
      abstract: Array.from({ length: 6 }, () => pick(sentences)).join(' '),
      authors: [pick(corpus).authors[0] ?? 'A. Author', pick(corpus).authors.at(-1) ?? 'B. Author'],
    };
  });
}

/** This process's CPU time so far (user and system), in milliseconds. */
function cpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** Wall and CPU times of repeated runs of one step, printed as medians. */
class Timings {
  private readonly wallMs: number[] = [];
  private readonly cpuMs: number[] = [];

  time<T>(step: () => T): T {
    const before = performance.now();
    const beforeCpu = cpuMs();
    const result = step();
    this.wallMs.push(performance.now() - before);
    this.cpuMs.push(cpuMs() - beforeCpu);
    return result;
  }

  async timeAsync<T>(step: () => Promise<T>): Promise<T> {
    const before = performance.now();
    const beforeCpu = cpuMs();
    const result = await step();
    this.wallMs.push(performance.now() - before);
    this.cpuMs.push(cpuMs() - beforeCpu);
    return result;
  }

  print(label: string, goalMs: number | null): void {
    const wallMs = median(this.wallMs);
    const goal =
      goalMs === null ? 'no goal' : `goal < ${goalMs} ms: ${(wallMs / goalMs).toFixed(2)}× the goal`;
    console.log(
      `  ${label.padEnd(30)} ${wallMs.toFixed(1).padStart(6)} ms   (${goal}; CPU ${median(this.cpuMs).toFixed(1)} ms)`,
    );
  }
}

export async function benchTiming(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'paperwire-bench-rank-'));
  const store = openSqliteStore(join(dir, 'paperwire.sqlite'));
  try {
    const random = seeded(42);
    const started = performance.now();
    for (let at = 0; at < STORE_PAPERS; at += BATCH) {
      const papers = synthesize(BATCH, at, random);
      store.savePapers(papers.map((paper) => ({ paper, announceType: 'new' as const })));
      cacheTerms(
        store,
        papers.map((paper) => ({ key: paper.arxivId, text: paper })),
      );
    }
    const day = synthesize(DAY_PAPERS, STORE_PAPERS, random);
    store.savePapers(day.map((paper) => ({ paper, announceType: 'new' as const })));
    const liked = synthesize(20, STORE_PAPERS + DAY_PAPERS, random);
    store.saveLibraryEntries(
      liked.map((paper, index) => ({
        key: libraryKeyOf(null, paper.title),
        arxivId: null,
        title: paper.title,
        abstract: paper.abstract,
        authors: paper.authors,
        source: `bench.bib:${index + 1}`,
        addedAt: new Date('2026-01-01T00:00:00Z'),
      })),
    );
    // The first training caches the day's terms and the library's; the runs below are the steady state.
    trainFromStore(
      store,
      day.map((paper) => ({ key: paper.arxivId, text: paper })),
    );
    console.log(
      `\ntiming on a ${STORE_PAPERS.toLocaleString('en')}-paper store (built in ${((performance.now() - started) / 1000).toFixed(0)} s), median of ${RUNS}:`,
    );
    const retrain = new Timings();
    const rank = new Timings();
    for (let run = 0; run < RUNS; run += 1) {
      store.setRating(
        day[run]?.arxivId ?? '',
        run % 2 === 0 ? 'up' : 'down',
        new Date(Date.UTC(2026, 0, 2, run)),
      );
      const trained = retrain.time(() => trainFromStore(store));
      if (trained === null) throw new Error('no model');
      // Ranking: the day's terms and frequencies from the store, every paper scored with its reasons, then ordered.
      const ranked = rank.time(() => {
        const scores = scoreWithModel(store, trained, day);
        const relevance = new Map([...scores].map(([arxivId, scored]) => [arxivId, scored.score]));
        return rankEntries(
          day.map((paper) => ({ paper })),
          'relevance',
          { relevance },
        );
      });
      if (ranked.length !== DAY_PAPERS) throw new Error('not every paper ranked');
    }
    retrain.print('retraining after one rating', 100);
    rank.print(`ranking a ${DAY_PAPERS.toLocaleString('en')}-paper day`, 50);
    const stage = new Timings();
    const sections = [{ keyword: 'bench', entries: day.map((paper) => ({ paper })) }];
    for (let run = 0; run < RUNS; run += 1) {
      await stage.timeAsync(() => rankSections(sections, PROFILE, { upvotes: new Map() }, { store }));
    }
    stage.print('the stage as digest runs it', null);
    const similar = new Timings();
    for (let run = 0; run < SIMILAR_PAPERS; run += 1) {
      const paper = day[Math.floor((run * DAY_PAPERS) / SIMILAR_PAPERS)];
      if (paper === undefined) continue;
      similar.time(() => findSimilarPapers(store, paper, { limit: 5, save: false }));
    }
    similar.print('more like this, one paper', null);
    console.log(
      `  load average over the last minute: ${loadavg()[0]?.toFixed(1) ?? '?'} on ${cpus().length} CPUs`,
    );
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
