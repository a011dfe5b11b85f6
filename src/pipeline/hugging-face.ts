// The Hugging Face stage: Daily Papers days into the store (one record per paper, arXiv's metadata winning),
// and their facts (upvotes, organisation, repository) for the papers of a digest.

import { formatError, isPaperwireError } from '../errors.js';
import {
  addDays,
  countOf,
  paperFromHuggingFace,
  type HfInfo,
  type HfPaper,
  type IsoDate,
  type ListedPaper,
  type Problem,
} from '../model.js';
import type { HfRecord, ListingKey, ListingProvenance, SaveResult, Store } from '../store/store.js';
import type { DigestRequest, PipelineDeps } from './digest.js';

/** Hugging Face Daily Papers (`HfDailySource` implements it). */
export interface HfFeed {
  /**
   * One day's listing: the papers put on Daily Papers that UTC day. A day Hugging Face has no listing for gives
   * no papers and a problem with rule `no-listing`. Throws when the answer is unusable.
   */
  fetchDailyPapers(date: IsoDate): Promise<{ papers: HfPaper[]; problems: Problem[] }>;
}

/** Hugging Face paper search (`HfDailySource` implements it). */
export interface HfSearch {
  searchPapers(query: string, limit: number): Promise<{ papers: HfPaper[]; problems: Problem[] }>;
}

/** The store files each Daily Papers day as a listing of this source and scope. */
const HF_LISTING = { source: 'hf', scope: 'daily' } as const;
/** Rule of the Problem a digest gets when Hugging Face cannot be read; the digest goes on without it. */
const HF_UNAVAILABLE_RULE = 'hf-unavailable';
/** Rule of the problem HfFeed gives for a day without a listing (sources/hf-daily NO_LISTING_RULE). */
export const NO_LISTING_RULE = 'no-listing';

function hfListingKey(day: IsoDate): ListingKey {
  return { listingDate: day, ...HF_LISTING };
}

function recordOfHf(hf: HfPaper): HfRecord {
  return {
    arxivId: hf.arxivId,
    upvotes: hf.upvotes,
    comments: hf.comments,
    organization: hf.organization ? (hf.organization.fullname ?? hf.organization.name) : null,
    githubRepo: hf.githubRepo,
    githubStars: hf.githubStars,
    aiKeywords: hf.aiKeywords,
    aiSummary: hf.aiSummary,
  };
}

/**
 * Saves what Hugging Face said at `seenAt`: the papers (arXiv's metadata wins; see mergePaper), their facts and
 * one upvote point each, and with `day` that Daily Papers day as a listing, in Hugging Face's order. The facts come
 * first: the listing marks the day as read, and a day stored without its facts showed "No papers" for good.
 */
export function saveHfPapers(
  store: Store,
  papers: readonly HfPaper[],
  seenAt: Date,
  day: IsoDate | null,
  provenance?: ListingProvenance,
): SaveResult {
  const listed = papers.map((hf): ListedPaper => ({ paper: paperFromHuggingFace(hf), announceType: 'new' }));
  const result = store.saveHfPapers(papers.map(recordOfHf), seenAt);
  if (day === null) store.savePapers(listed);
  else store.savePapers(listed, hfListingKey(day), provenance);
  return result;
}

/**
 * How a fetched Daily Papers day is saved: partial when paging stopped early (an `incomplete-listing` problem) or
 * when not one of its entries could be read (an answer that is all garbage is no listing of the day), so it is
 * fetched again rather than kept as the day for good; otherwise with no provenance (whole, as before).
 */
function provenanceOf(
  papers: readonly HfPaper[],
  problems: readonly Problem[],
): ListingProvenance | undefined {
  const stopped = problems.find((problem) => problem.rule === 'incomplete-listing');
  const unusable = problems.filter((problem) => problem.rule !== 'incomplete-listing');
  const isUnread = papers.length === 0 && unusable.length > 0;
  if (stopped === undefined && !isUnread) return undefined;
  return {
    url: stopped?.where ?? unusable[0]?.where ?? '',
    isComplete: false,
    incompleteReason: stopped?.what ?? `none of its ${unusable.length} entries could be read`,
    announcedCount: papers.length + unusable.length,
  };
}

/** One Daily Papers day as the store holds it after `loadHfDay`. */
export interface HfDay {
  day: IsoDate;
  /** In Hugging Face's order. */
  arxivIds: string[];
  problems: Problem[];
  /** False when Hugging Face has no listing for the day (HTTP 404); nothing is stored then. */
  isListed: boolean;
}

/**
 * One Daily Papers day: from the store when its copy was fetched after the day ended (UTC), since papers are
 * added to a day until it ends, and is whole (not cut short, not all unreadable); otherwise fetched and saved
 * first. When the fetch fails and the store has an earlier copy, that copy is used and the failure logged, unless
 * `refresh` asked for a new one. Throws the fetch's error otherwise.
 */
export async function loadHfDay(
  day: IsoDate,
  options: { now: Date; refresh: boolean },
  deps: { store: Store; hf: HfFeed; log: (line: string) => void },
): Promise<HfDay> {
  const stored = deps.store.loadListing(hfListingKey(day));
  const fromStore = (): HfDay => ({
    day,
    arxivIds: stored?.papers.map((listed) => listed.paper.arxivId) ?? [],
    problems: [],
    isListed: true,
  });
  const dayEnd = new Date(`${addDays(day, 1)}T00:00:00Z`);
  if (stored && !options.refresh && stored.fetchedAt >= dayEnd && stored.audit.isComplete !== false) {
    deps.log(`Hugging Face ${day} from the store: ${countOf(stored.papers.length, 'paper')}`);
    return fromStore();
  }
  let fetched: { papers: HfPaper[]; problems: Problem[] };
  try {
    fetched = await deps.hf.fetchDailyPapers(day);
  } catch (error) {
    // --refresh asks for Hugging Face's answer: an older copy would pass a failure off as success (exit 0).
    if (!stored || options.refresh || !isPaperwireError(error)) throw error;
    deps.log(
      `Hugging Face ${day} not fetched (${formatError(error).replace(/^paperwire: /, '')}); ` +
        `using the copy stored ${stored.fetchedAt.toISOString()}`,
    );
    return fromStore();
  }
  const { papers, problems } = fetched;
  if (problems.some((problem) => problem.rule === NO_LISTING_RULE)) {
    return { day, arxivIds: [], problems, isListed: false };
  }
  const result = saveHfPapers(deps.store, papers, options.now, day, provenanceOf(papers, problems));
  deps.log(
    `Hugging Face ${day}: ${countOf(papers.length, 'paper')} (${result.inserted} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged)` +
      (problems.length > 0
        ? `, ${problems.length} ${problems.length === 1 ? 'entry' : 'entries'} unusable`
        : ''),
  );
  return { day, arxivIds: papers.map((paper) => paper.arxivId), problems, isListed: true };
}

/**
 * The Hugging Face facts of the selected papers, from the store. When the profile sorts by upvotes, the Daily
 * Papers of the listing date and the day before are read first (Hugging Face files a paper under the UTC day it
 * was added, the announcement's day or the next); a failure to read them becomes one `hf-unavailable` problem.
 */
export async function loadHfFacts(
  sections: readonly { entries: readonly ListedPaper[] }[],
  listingDate: IsoDate,
  request: Pick<DigestRequest, 'profile' | 'now' | 'refresh'>,
  deps: Pick<PipelineDeps, 'store' | 'hf' | 'log'>,
): Promise<{ facts: Map<string, HfInfo>; problems: Problem[] }> {
  const problems: Problem[] = [];
  if (deps.hf && request.profile.sort === 'upvotes') {
    for (const day of [addDays(listingDate, -1), listingDate]) {
      try {
        const loaded = await loadHfDay(
          day,
          { now: request.now, refresh: request.refresh },
          { store: deps.store, hf: deps.hf, log: deps.log },
        );
        // A day without a listing is no fault of the digest's: said on the terminal, not in the digest.
        for (const problem of loaded.problems) {
          if (problem.rule === NO_LISTING_RULE) deps.log(problem.what);
          else problems.push(problem);
        }
      } catch (error) {
        // Only Hugging Face's failures are forgiven; a store failure or a bug stops the digest.
        if (!isPaperwireError(error) || error.code === 'E_STORE') throw error;
        const what = `not read, so upvotes may be missing or old: ${formatError(error).replace(/^paperwire: /, '')}`;
        problems.push({ where: `Hugging Face Daily Papers ${day}`, what, rule: HF_UNAVAILABLE_RULE });
        break;
      }
    }
  }
  const ids = new Set<string>();
  for (const section of sections) for (const listed of section.entries) ids.add(listed.paper.arxivId);
  return { facts: deps.store.loadHfInfo([...ids]), problems };
}
