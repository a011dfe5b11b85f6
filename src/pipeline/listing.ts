// The listing stage: one listing date's papers in a profile's scope, from the store when it holds them whole, else
// from arXiv's RSS feed (the latest announcement) or the API (any past date), saved before they are returned.
// Partial listings are marked, said, and fetched again; a refresh never replaces a listing with less of it.

import {
  FeedError,
  HttpError,
  ListingNotReadyError,
  NoAnnouncementError,
  TimeoutError,
  formatError,
  redact,
} from '../errors.js';
import {
  ANNOUNCE_TYPES,
  countOf,
  type AnnounceType,
  type IsoDate,
  type ListedPaper,
  type ListingAudit,
  type Problem,
  type Profile,
} from '../model.js';
import {
  announcementFor,
  checkListingDate,
  latestListingDate,
  nextListingDate,
  submissionWindowFor,
} from '../select/window.js';
import type { Listing } from '../sources/source.js';
import type { ListingKey, StoredListing } from '../store/store.js';
import type { PipelineDeps } from './digest.js';

/** The listing of the profile's scope for one date, from the store or fetched and saved first. */
export interface ListingRun {
  listingDate: IsoDate;
  papers: ListedPaper[];
  problems: Problem[];
  /** For the reader: the listing is partial, or a refresh gave less than the store holds. */
  notices: string[];
  fetched: boolean;
  /** What the listing announced, from where, and whether it is whole. */
  audit: ListingAudit;
}

export interface LoadListingRequest {
  /** The listing date; null: the latest announcement. */
  listingDate: IsoDate | null;
  categories: string[];
  now: Date;
  /** Fetch again even when the store holds the listing whole. */
  refresh: boolean;
  /**
   * `run`'s rule: a listing that is not whole yet (the RSS feed still on an earlier date, a partial API answer, no
   * papers at all in the newest listing) throws `ListingNotReadyError` instead of being used.
   */
  requireComplete?: boolean;
  /**
   * A digest's rule: the latest listing is asked of the API when the RSS feed cannot be read at all (not XML, an
   * HTTP error, a timeout), with a notice saying so; without it (`fetch`, `run`) the feed's error is thrown.
   */
  apiWhenFeedFails?: boolean;
}

/**
 * run's rule for the listing date just before the latest, read from the API: when this share or more of its new
 * papers are in the latest listing the feed announced, arXiv made no announcement for it (a holiday the calendar
 * does not know yet) and its papers came out in the latest one.
 */
const SKIPPED_DAY_SHARE = 0.5;

/** The RSS feed and the API may differ by this share of a day's new and cross-listed papers before a warning. */
const COUNT_TOLERANCE = 0.01;

/** The scope key the store files a listing under: categories sorted and joined with `+`. */
function scopeOf(categories: readonly string[]): string {
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
 * Gets the listing for `listingDate` (null: the latest) in `categories`: from the store when it holds it whole,
 * otherwise from RSS (the latest announcement) or the API (any past date), saved before it is returned. A fetched
 * listing that holds less than the stored one of the same source (fewer papers, or partial where the stored one
 * is whole) never replaces it: the stored one is used and a notice says so.
 * @throws NoAnnouncementError before any request for a weekend, a holiday, a date not announced yet or before
 * arXiv, and with `requireComplete` for the date before the latest when most of its new papers came out in the
 * latest listing (a holiday the calendar does not know); ListingNotReadyError with `requireComplete` when the
 * listing is not whole yet.
 */
export async function loadListing(
  request: LoadListingRequest,
  deps: Pick<PipelineDeps, 'store' | 'rss' | 'api' | 'log'>,
): Promise<ListingRun> {
  const scope = scopeOf(request.categories);
  if (request.listingDate !== null) checkListingDate(request.listingDate, request.now);
  const latest = latestListingDate(request.now);
  const wanted = request.listingDate ?? latest;
  const everyType = [...ANNOUNCE_TYPES];
  const run = await loadWanted();
  // run's rule: the day before the latest, from the API, may be a day arXiv skipped (a holiday this calendar does
  // not know), whose papers the latest listing holds: delivered as its own day, they would be sent twice.
  if (
    request.requireComplete === true &&
    run.audit.source === deps.api.name &&
    wanted < latest &&
    nextListingDate(wanted) === latest
  ) {
    checkAnnounced(run, await latestFromFeed());
  }
  return run;

  /** The wanted listing: from the store when it holds it whole, else from the feed or the API, saved first. */
  async function loadWanted(): Promise<ListingRun> {
    if (!request.refresh) {
      // run's rule: an empty newest listing may be the feed before the announcement reached it.
      const isUsable = (stored: StoredListing): boolean =>
        stored.audit.isComplete !== false &&
        !(request.requireComplete === true && wanted === latest && stored.papers.length === 0);
      // run's rule for the latest listing: the feed is its authority. An API copy of it (a digest made by hand while
      // the feed lagged, when the API may not serve every paper yet) is not taken for the whole day.
      const sources =
        request.requireComplete === true && wanted === latest
          ? [deps.rss.name]
          : [deps.rss.name, deps.api.name];
      const usable = loadUsableListing({ listingDate: wanted, scope, sources }, isUsable, deps);
      if (usable) return finish(runOf(usable, false, []));
    }
    let feedNotice: string | null = null;
    if (wanted === latest) {
      const fromFeed = await readFeed();
      if (fromFeed.kind === 'feed') return fromFeed.run;
      feedNotice = fromFeed.notice;
    }
    deps.log(`fetching listing ${wanted} (${scope}) from the arXiv API`);
    const listing = await deps.api.fetchListing({
      listingDate: wanted,
      categories: request.categories,
      announceTypes: everyType,
      submittedWindow: submissionWindowFor(wanted),
    });
    const fromApi = finish(adopt(deps.api.name, listing));
    if (feedNotice !== null) fromApi.notices.push(feedNotice);
    return fromApi;
  }

  /**
   * The ids of the latest listing as the RSS feed announced it: from the store when it holds it whole, else read
   * from the feed and saved. Throws ListingNotReadyError while the feed still carries an earlier date (the day
   * before waits with it), and the feed's error when it cannot be read, as run does for the latest listing.
   */
  async function latestFromFeed(): Promise<Set<string> | null> {
    const stored = loadUsableListing(
      { listingDate: latest, scope, sources: [deps.rss.name] },
      (candidate) => candidate.audit.isComplete !== false && candidate.papers.length > 0,
      deps,
    );
    if (stored !== null) return new Set(stored.papers.map(({ paper }) => paper.arxivId));
    const listing = await fetchFeed();
    if (listing.listingDate < latest) {
      throw new ListingNotReadyError(
        wanted,
        `the arXiv RSS feed still carries listing ${listing.listingDate}: ${wanted} waits for ${latest}'s, ` +
          `which holds ${wanted}'s papers if arXiv made no announcement for it`,
      );
    }
    if (listing.listingDate !== latest) return null;
    return new Set(adopt(deps.rss.name, listing).papers.map(({ paper }) => paper.arxivId));
  }

  /** Throws NoAnnouncementError when most of `day`'s new papers are in the latest listing (`latestIds`). */
  function checkAnnounced(day: ListingRun, latestIds: Set<string> | null): void {
    if (latestIds === null) return;
    const fresh = day.papers.filter((entry) => entry.announceType === 'new');
    const inLatest = fresh.filter(({ paper }) => latestIds.has(paper.arxivId)).length;
    if (fresh.length === 0 || inLatest < SKIPPED_DAY_SHARE * fresh.length) return;
    throw new NoAnnouncementError(
      'holiday',
      `${wanted} had no announcement, it seems: ${inLatest} of the ${fresh.length} new papers the arXiv API ` +
        `gives it came out in listing ${latest} (an arXiv holiday this version does not know); nothing is sent for it`,
    );
  }

  /** The RSS feed's listing as it reads now: the latest announcement it carries, every announce type. */
  function fetchFeed(): Promise<Listing> {
    return deps.rss.fetchListing({
      listingDate: null,
      categories: request.categories,
      announceTypes: everyType,
      submittedWindow: null,
    });
  }

  /**
   * The latest listing from the RSS feed, or `api` when the API is to be asked instead: the feed carries another
   * date, or (`apiWhenFeedFails`, a digest by hand) it cannot be read at all, which `notice` says for the digest.
   * `run` waits for an unreadable feed instead (its error is thrown): the API lags the announcement too.
   */
  async function readFeed(): Promise<
    { kind: 'feed'; run: ListingRun } | { kind: 'api'; notice: string | null }
  > {
    let listing: Listing;
    try {
      listing = await fetchFeed();
    } catch (error) {
      const isSourceFailure =
        error instanceof FeedError || error instanceof HttpError || error instanceof TimeoutError;
      if (request.apiWhenFeedFails !== true || !isSourceFailure) throw error;
      const notice =
        `the arXiv RSS feed could not be read (${formatError(error).replace(/^paperwire: /, '')}): listing ` +
        `${wanted} is from the arXiv API, which can lag the announcement`;
      deps.log(notice);
      return { kind: 'api', notice };
    }
    // Asked for the latest, the feed's own date is it, unless that is no listing date (an empty weekend feed) or one
    // not announced yet by this clock: stored under a future date, it would be that day's listing when it comes.
    const isFeedsOwn =
      request.listingDate === null &&
      announcementFor(listing.listingDate) !== null &&
      listing.listingDate <= latest;
    if (listing.listingDate === wanted || isFeedsOwn) {
      if (listing.listingDate !== wanted) {
        deps.log(
          `the RSS feed carries listing ${listing.listingDate}, not the latest announced one (${wanted}): ` +
            `using the feed's; ask for --date ${wanted} to read it from the API`,
        );
      }
      return { kind: 'feed', run: finish(adopt(deps.rss.name, listing)) };
    }
    // A feed on an earlier date lags the announcement (run waits for it); one on a later date (a weekend's empty
    // feed) has moved past the listing, which only the API still serves.
    if (request.requireComplete === true && listing.listingDate < wanted) {
      throw new ListingNotReadyError(
        wanted,
        `the arXiv RSS feed still carries listing ${listing.listingDate} (${listing.url})`,
      );
    }
    deps.log(`the RSS feed carries ${listing.listingDate}, not ${wanted}: asking the API`);
    return { kind: 'api', notice: null };
  }

  /** Saves a fetched listing, unless the store holds more of it; returns what the digest uses. */
  function adopt(source: string, listing: Listing): ListingRun {
    const key: ListingKey = { listingDate: listing.listingDate, source, scope };
    const isComplete = listing.incompleteReason === null;
    // The URL is stored and shown in the digest's audit: never with a password or a token in it.
    const url = redact(listing.url);
    const stored = deps.store.loadListing(key);
    if (stored !== null && holdsLess(listing, stored)) {
      // The papers' metadata is still news (a newer version); the listing's membership is not replaced.
      deps.store.savePapers(listing.papers);
      const got = `${countOf(listing.papers.length, 'paper')}${isComplete ? '' : ` (partial: ${listing.incompleteReason})`}`;
      const notice =
        `fetching listing ${listing.listingDate} (${scope}) from ${source} again gave ${got}, less than the ` +
        `${stored.papers.length} stored: the stored listing is kept`;
      deps.log(notice);
      return runOf(stored, true, [notice], listing.problems);
    }
    const result = deps.store.savePapers(listing.papers, key, {
      url,
      isComplete,
      incompleteReason: listing.incompleteReason,
      announcedCount: listing.reportedCount,
    });
    // The incomplete-listing problem is about the whole listing, said by finish(); the rest are entries.
    const unusable = listing.problems.filter((problem) => problem.rule !== 'incomplete-listing').length;
    deps.log(
      `listing ${listing.listingDate} (${scope}) from ${source}: ${countOf(listing.papers.length, 'paper')} ` +
        `(${result.inserted} new, ${result.updated} updated, ${result.unchanged} unchanged)` +
        (unusable > 0 ? `, ${unusable} ${unusable === 1 ? 'entry' : 'entries'} unusable` : ''),
    );
    return {
      listingDate: listing.listingDate,
      papers: listing.papers,
      problems: listing.problems,
      notices: [],
      fetched: true,
      audit: {
        source,
        url,
        fetchedAt: request.now,
        isComplete,
        incompleteReason: listing.incompleteReason,
        announcedCount: listing.reportedCount,
        ...countByType(listing.papers),
      },
    };
  }

  /** Says a partial listing, refuses one `run` cannot use, and compares the count with the other source's. */
  function finish(run: ListingRun): ListingRun {
    const { audit } = run;
    const place = `listing ${run.listingDate} (${scope}) from ${audit.source}`;
    if (audit.isComplete === false) {
      const notice = `${place} is partial (${audit.incompleteReason ?? 'not every paper was read'}); it is fetched again next time`;
      deps.log(notice);
      run.notices.push(notice);
      if (request.requireComplete === true)
        throw new ListingNotReadyError(run.listingDate, audit.incompleteReason ?? 'it is partial');
    }
    if (request.requireComplete === true && run.listingDate === latest && run.papers.length === 0) {
      throw new ListingNotReadyError(run.listingDate, `${audit.source} lists no papers in ${scope} yet`);
    }
    const mismatch = compareWithOtherSource(run, scope, deps);
    if (mismatch !== null) {
      deps.log(`warning: ${mismatch.what}`);
      run.problems.push(mismatch);
    }
    return run;
  }
}

/**
 * The stored listing of the date and scope from the first of `sources` (RSS, then API) that `isUsable` accepts, said
 * on the log; the ones it refuses (partial) are said too, as about to be fetched again.
 */
function loadUsableListing(
  where: { listingDate: IsoDate; scope: string; sources: readonly string[] },
  isUsable: (stored: StoredListing) => boolean,
  deps: Pick<PipelineDeps, 'store' | 'log'>,
): StoredListing | null {
  const { listingDate, scope } = where;
  const stored = where.sources
    .map((source) => deps.store.loadListing({ listingDate, source, scope }))
    .filter((listing): listing is StoredListing => listing !== null);
  const usable = stored.find(isUsable);
  if (usable) {
    deps.log(`listing ${listingDate} (${scope}) from the store: ${countOf(usable.papers.length, 'paper')}`);
    return usable;
  }
  for (const refused of stored) {
    deps.log(
      `listing ${listingDate} (${scope}) in the store from ${refused.key.source} is not whole ` +
        `(${refused.audit.incompleteReason ?? countOf(refused.papers.length, 'paper')}): fetching it again`,
    );
  }
  return null;
}

/** True when `fetched` holds less than `stored`: partial where it was whole, or fewer papers. */
function holdsLess(fetched: Listing, stored: StoredListing): boolean {
  const isFetchedComplete = fetched.incompleteReason === null;
  const isStoredComplete = stored.audit.isComplete !== false;
  if (isStoredComplete && !isFetchedComplete) return true;
  if (isFetchedComplete && !isStoredComplete) return false;
  return fetched.papers.length < stored.papers.length;
}

function runOf(
  stored: StoredListing,
  fetched: boolean,
  notices: string[],
  problems: Problem[] = [],
): ListingRun {
  return {
    listingDate: stored.key.listingDate,
    papers: stored.papers,
    problems: [...problems],
    notices: [...notices],
    fetched,
    audit: stored.audit,
  };
}

/** The listing's papers counted by announce type (replacements of both kinds together). */
function countByType(
  papers: readonly ListedPaper[],
): Pick<ListingAudit, 'newCount' | 'crossCount' | 'replacedCount'> {
  const countOf = (...types: AnnounceType[]): number =>
    papers.filter((listed) => types.includes(listed.announceType)).length;
  return {
    newCount: countOf('new'),
    crossCount: countOf('cross'),
    replacedCount: countOf('replace', 'replace-cross'),
  };
}

/**
 * A `listing-count-mismatch` problem when the store holds this date and scope from the other arXiv source too,
 * both whole, and their new plus cross-listed papers differ by more than 1% (the API cannot see replacements).
 */
function compareWithOtherSource(
  run: ListingRun,
  scope: string,
  deps: Pick<PipelineDeps, 'store' | 'rss' | 'api'>,
): Problem | null {
  const otherSource = run.audit.source === deps.rss.name ? deps.api.name : deps.rss.name;
  if (run.audit.source !== deps.rss.name && run.audit.source !== deps.api.name) return null;
  const other = deps.store.loadListing({ listingDate: run.listingDate, source: otherSource, scope });
  if (other === null || other.audit.isComplete === false || run.audit.isComplete === false) return null;
  const mine = run.audit.newCount + run.audit.crossCount;
  const theirs = other.audit.newCount + other.audit.crossCount;
  if (Math.abs(mine - theirs) <= COUNT_TOLERANCE * Math.max(mine, theirs)) return null;
  const counts = [
    `${run.audit.source} has ${mine} new and cross-listed papers`,
    `${otherSource} has ${theirs}`,
  ].join(', ');
  return {
    where: `listing ${run.listingDate} (${scope})`,
    what: `the arXiv sources disagree by more than 1%: ${counts}`,
    rule: 'listing-count-mismatch',
  };
}
