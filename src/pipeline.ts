// The digest pipeline: listing date → listing (store, else RSS or API) → select → rank → translate → digest.
// The only file that knows the order of the stages; it receives every stage through its interface.

import { NoAnnouncementError } from './errors.js';
import type { TranslationCache, Translator, TokenUsage } from './enrich/translator.js';
import { translatePapers } from './enrich/translate.js';
import {
  ANNOUNCE_TYPES,
  countDistinctPapers,
  type AnnounceType,
  type Digest,
  type IsoDate,
  type ListedPaper,
  type Problem,
  type Profile,
} from './model.js';
import { rankEntries } from './rank/rank.js';
import { parseQuery, selectSections } from './select/query.js';
import {
  announcementFor,
  explainNoAnnouncement,
  latestListingDate,
  submissionWindowFor,
} from './select/window.js';
import type { Source } from './sources/source.js';
import type { ListingKey, Store } from './store/store.js';

export interface PipelineDeps {
  store: Store;
  /** Today's announcement. */
  rss: Source;
  /** Any past listing date. */
  api: Source;
  translator: Translator | null;
  cache: TranslationCache;
  concurrency: number;
  /** One line per action, for the terminal's stderr. */
  log: (line: string) => void;
}

export interface DigestRequest {
  profile: Profile;
  /** The listing date; null means the latest announcement. */
  listingDate: IsoDate | null;
  now: Date;
  /** Fetch again even when the store has the listing. */
  refresh: boolean;
}

export interface DigestRun {
  digest: Digest;
  usage: TokenUsage;
  translationRequests: number;
  translationCacheHits: number;
}

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

/** Builds one profile's digest for one listing date and saves it in the store. */
export async function buildDigest(request: DigestRequest, deps: PipelineDeps): Promise<DigestRun> {
  const { profile } = request;
  // A mistyped query fails before anything is fetched.
  for (const keyword of profile.keywords) parseQuery(keyword);
  const listing = await loadListing(
    {
      listingDate: request.listingDate,
      categories: profile.categories,
      now: request.now,
      refresh: request.refresh,
    },
    deps,
  );
  const announcement = announcementFor(listing.listingDate);
  if (announcement === null) throw new NoAnnouncementError(explainNoAnnouncement(listing.listingDate));

  const kept = new Set(announceTypesOf(profile));
  const candidates = listing.papers.filter((listed) => kept.has(listed.announceType));
  const sections = selectSections(candidates, profile.keywords).map((section) => ({
    keyword: section.keyword,
    entries: rankEntries(section.entries, profile.sort),
  }));

  const distinct = new Map<string, ListedPaper>();
  for (const section of sections)
    for (const listed of section.entries) distinct.set(listed.paper.arxivId, listed);
  const translated = await translatePapers(
    [...distinct.values()].map((listed) => listed.paper),
    { translator: deps.translator, cache: deps.cache, lang: profile.lang, concurrency: deps.concurrency },
  );

  const digestSections = sections.map((section) => ({
    keyword: section.keyword,
    entries: section.entries.map((listed) => ({
      paper: listed.paper,
      announceType: listed.announceType,
      translation: translated.translations.get(listed.paper.arxivId) ?? { title: null, abstract: null },
    })),
  }));
  const digest: Digest = {
    profile: profile.name,
    listingDate: listing.listingDate,
    announcedAt: announcement.announcedAt,
    generatedAt: request.now,
    lang: profile.lang,
    sections: digestSections,
    paperCount: countDistinctPapers(digestSections),
    notices: translated.notices,
    problems: [...listing.problems, ...translated.problems],
  };
  return {
    digest,
    usage: translated.usage,
    translationRequests: translated.requests,
    translationCacheHits: translated.cacheHits,
  };
}
