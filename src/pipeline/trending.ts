// The trending list: one Hugging Face Daily Papers day or a Hugging Face search, from the store or fetched,
// most upvoted first, translated like a digest.

import { translatePapers } from '../enrich/translate.js';
import { FeedError } from '../errors.js';
import { countOf, type IsoDate, type Lang, type Problem, type TrendingItem } from '../model.js';
import { rankByUpvotes, rankEntries } from '../rank/rank.js';
import { translateProgressOf, type PipelineDeps } from './digest.js';
import { COLD_START_NOTICE, scoreRelevance, type RelevanceDeps } from './relevance.js';
import { NO_LISTING_RULE, loadHfDay, saveHfPapers, type HfFeed, type HfSearch } from './hugging-face.js';

export interface TrendingRequest {
  /** The Daily Papers day (UTC); unused with a query. */
  date: IsoDate;
  /** Search Hugging Face's papers instead of listing a day; null: the day. */
  query: string | null;
  /** Most papers kept: the most upvoted. */
  limit: number;
  lang: Lang;
  now: Date;
  /** Fetch the day again even when the store has a complete copy. */
  refresh: boolean;
  /** `relevance`: the reader's relevance order (upvotes on a cold start, said once); absent: most upvoted first. */
  sort?: 'upvotes' | 'relevance';
}

export type TrendingDeps = Pick<
  PipelineDeps,
  'store' | 'translator' | 'cache' | 'concurrency' | 'log' | 'progress'
> &
  Pick<RelevanceDeps, 'embedder'> & {
    hf: HfFeed & HfSearch;
  };

type RankedItem = Omit<TrendingItem, 'translation'>;

export interface TrendingRun {
  /** Most upvoted first; equal upvotes keep Hugging Face's order. */
  items: TrendingItem[];
  problems: Problem[];
  notices: string[];
}

/**
 * The trending list: one Daily Papers day (from the store, else fetched and saved) or a Hugging Face search
 * (fetched and saved), read back from the store, most upvoted first, cut to `limit`, translated like a digest.
 * Throws `FeedError` when Hugging Face has no listing for the day, and whatever the fetch throws.
 */
export async function buildTrending(request: TrendingRequest, deps: TrendingDeps): Promise<TrendingRun> {
  const problems: Problem[] = [];
  let arxivIds: string[];
  if (request.query !== null) {
    const found = await deps.hf.searchPapers(request.query, request.limit);
    saveHfPapers(deps.store, found.papers, request.now, null);
    deps.log(`Hugging Face search "${request.query}": ${countOf(found.papers.length, 'paper')}`);
    arxivIds = found.papers.map((paper) => paper.arxivId);
    problems.push(...found.problems);
  } else {
    const day = await loadHfDay(request.date, request, deps);
    const missing = day.problems.find((problem) => problem.rule === NO_LISTING_RULE);
    if (!day.isListed && missing) {
      throw new FeedError(missing.where, missing.what, {
        hint: 'Hugging Face files papers by the UTC day they were added; try another --date',
      });
    }
    arxivIds = day.arxivIds;
    problems.push(...day.problems);
  }
  const facts = deps.store.loadHfInfo(arxivIds);
  const known = arxivIds.flatMap((arxivId) => {
    const paper = deps.store.loadPaper(arxivId);
    const hf = facts.get(arxivId);
    return paper && hf ? [{ paper, hf }] : [];
  });
  const byUpvotes = rankByUpvotes(known, (item) => item.hf.upvotes);
  const notices: string[] = [];
  let ordered: RankedItem[] = byUpvotes;
  if (request.sort === 'relevance') {
    const run = await scoreRelevance(
      byUpvotes.map((item) => item.paper),
      deps,
    );
    if (run.isColdStart) notices.push(COLD_START_NOTICE);
    notices.push(...run.notices);
    const scores = new Map([...run.scores].map(([arxivId, scored]) => [arxivId, scored.score]));
    ordered = rankEntries(byUpvotes, 'relevance', { relevance: scores }).map((item) => {
      const relevance = run.scores.get(item.paper.arxivId);
      return relevance === undefined ? item : { ...item, relevance };
    });
  }
  const ranked = ordered.slice(0, request.limit);
  const translated = await translatePapers(
    ranked.map((item) => item.paper),
    {
      translator: deps.translator,
      cache: deps.cache,
      lang: request.lang,
      concurrency: deps.concurrency,
      ...translateProgressOf(deps),
    },
  );
  return {
    items: ranked.map((item) => ({
      ...item,
      translation: translated.translations.get(item.paper.arxivId) ?? { title: null, abstract: null },
    })),
    problems: [...problems, ...translated.problems],
    notices: [...notices, ...translated.notices],
  };
}
