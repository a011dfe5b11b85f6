// The listing stage: one listing date's papers in a profile's scope, from the store when it has them, else
// from arXiv's RSS feed (the latest announcement) or the API (any past date), saved before they are returned.

import { NoAnnouncementError } from '../errors.js';
import {
  ANNOUNCE_TYPES,
  type AnnounceType,
  type IsoDate,
  type ListedPaper,
  type Problem,
  type Profile,
} from '../model.js';
import {
  announcementFor,
  explainNoAnnouncement,
  latestListingDate,
  submissionWindowFor,
} from '../select/window.js';
import type { ListingKey } from '../store/store.js';
import type { PipelineDeps } from './digest.js';

/** The listing of the profile's scope for one date, from the store or fetched and saved first. */
export interface ListingRun {
  listingDate: IsoDate;
  papers: ListedPaper[];
  problems: Problem[];
  fetched: boolean;
}

/** The scope key the store files a listing under: categories sorted and joined with `+`. */
export function scopeOf(categories: readonly string[]): string {
  return [...new Set(categories)].sort().join('+');
}

/** Which announce types a profile keeps. */
export function announceTypesOf(profile: Pick<Profile, 'includeCross' | 'includeReplaced'>): AnnounceType[] {
  return ANNOUNCE_TYPES.filter((type) => {
    if (type === 'new') return true;
    if (type === 'cross') return profile.includeCross;
    if (type === 'replace') return profile.includeReplaced;
    return profile.includeCross && profile.includeReplaced;
  });
}

/**
 * Gets the listing for `listingDate` (null: the latest) in `categories`: from the store when it has it,
 * otherwise from RSS (the latest announcement) or the API (any past date), saved before it is returned.
 * Throws `NoAnnouncementError` for weekends and holidays.
 */
export async function loadListing(
  request: { listingDate: IsoDate | null; categories: string[]; now: Date; refresh: boolean },
  deps: Pick<PipelineDeps, 'store' | 'rss' | 'api' | 'log'>,
): Promise<ListingRun> {
  const scope = scopeOf(request.categories);
  const latest = latestListingDate(request.now);
  const wanted = request.listingDate ?? latest;
  if (request.listingDate !== null && announcementFor(request.listingDate) === null) {
    throw new NoAnnouncementError(explainNoAnnouncement(request.listingDate));
  }
  if (!request.refresh) {
    for (const source of [deps.rss.name, deps.api.name]) {
      const stored = deps.store.loadListing({ listingDate: wanted, source, scope });
      if (stored) {
        deps.log(`listing ${wanted} (${scope}) from the store: ${stored.papers.length} papers`);
        return { listingDate: wanted, papers: stored.papers, problems: [], fetched: false };
      }
    }
  }
  const everyType = [...ANNOUNCE_TYPES];
  if (wanted === latest) {
    const listing = await deps.rss.fetchListing({
      listingDate: null,
      categories: request.categories,
      announceTypes: everyType,
      submittedWindow: null,
    });
    if (listing.listingDate === wanted || request.listingDate === null) {
      return save(listing.listingDate, deps.rss.name, listing.papers, listing.problems);
    }
    deps.log(`the RSS feed carries ${listing.listingDate}, not ${wanted}: asking the API`);
  }
  deps.log(`fetching listing ${wanted} (${scope}) from the arXiv API`);
  const listing = await deps.api.fetchListing({
    listingDate: wanted,
    categories: request.categories,
    announceTypes: everyType,
    submittedWindow: submissionWindowFor(wanted),
  });
  return save(wanted, deps.api.name, listing.papers, listing.problems);

  function save(
    listingDate: IsoDate,
    source: string,
    papers: ListedPaper[],
    problems: Problem[],
  ): ListingRun {
    const key: ListingKey = { listingDate, source, scope };
    const result = deps.store.savePapers(papers, key);
    deps.log(
      `listing ${listingDate} (${scope}) from ${source}: ${papers.length} papers ` +
        `(${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged)` +
        (problems.length > 0 ? `, ${problems.length} entries unusable` : ''),
    );
    return { listingDate, papers, problems, fetched: true };
  }
}
