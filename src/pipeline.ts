// The digest pipeline: listing date → listing (store, else RSS or API) → select → Hugging Face facts → rank →
// translate → digest; and the trending list. The only file that knows the order of the stages.

import { FeedError, NoAnnouncementError, formatError, isPaperwireError } from './errors.js';
import type { TranslationCache, Translator, TokenUsage } from './enrich/translator.js';
import { translatePapers } from './enrich/translate.js';
import { GLOSSARY_FIELDS, loadGlossary, type UserGlossaryEntry } from './enrich/glossary/glossary.js';
import {
  ANNOUNCE_TYPES,
  addDays,
  countDistinctPapers,
  type AnnounceType,
  type Digest,
  type HfInfo,
  type IsoDate,
  type Lang,
  type ListedPaper,
  type Paper,
  type PaperTranslation,
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
import type { HfRecord, ListingKey, SaveResult, Store } from './store/store.js';

export interface PipelineDeps {
  store: Store;
  /** Today's announcement. */
  rss: Source;
  /** Any past listing date. */
  api: Source;
  /** The provider, or providers in fallback order; null: nothing is translated. */
  translator: Translator | readonly Translator[] | null;
  cache: TranslationCache;
  /** The user's glossary entries per language, from the config; they replace shipped entries of the same term. */
  glossary?: Partial<Record<Lang, readonly UserGlossaryEntry[]>>;
  concurrency: number;
  /** One line per action, for the terminal's stderr. */
  log: (line: string) => void;
  /**
   * Hugging Face Daily Papers, read when the profile sorts by upvotes; null or absent: never asked. Either way the
   * digest shows the Hugging Face facts the store holds.
   */
  hf?: HfFeed | null;
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
  const selected = selectSections(candidates, profile.keywords);
  const hf = await loadHfFacts(selected, listing.listingDate, request, deps);
  const upvotes = new Map([...hf.facts].map(([arxivId, facts]) => [arxivId, facts.upvotes]));
  const sections = selected.map((section) => ({
    keyword: section.keyword,
    entries: rankEntries(section.entries, profile.sort, { upvotes }),
  }));

  const distinct = new Map<string, ListedPaper>();
  for (const section of sections)
    for (const listed of section.entries) distinct.set(listed.paper.arxivId, listed);
  const translated = await translatePapers(
    [...distinct.values()].map((listed) => listed.paper),
    {
      translator: deps.translator,
      cache: deps.cache,
      lang: profile.lang,
      concurrency: deps.concurrency,
      glossary: loadGlossary(profile.lang, GLOSSARY_FIELDS, deps.glossary?.[profile.lang] ?? []),
      tldr: profile.tldr ?? false,
      maxTokens: profile.maxTokens ?? null,
      maxPapers: profile.maxPapers ?? null,
    },
  );

  const digestSections = sections.map((section) => ({
    keyword: section.keyword,
    entries: section.entries.map((listed) => ({
      paper: listed.paper,
      announceType: listed.announceType,
      translation: translated.translations.get(listed.paper.arxivId) ?? { title: null, abstract: null },
      hf: hf.facts.get(listed.paper.arxivId) ?? null,
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
    problems: [...listing.problems, ...hf.problems, ...translated.problems],
  };
  const { report } = translated;
  if (report.requests + report.fromCache + report.skippedByBudget > 0) digest.translationReport = report;
  return {
    digest,
    usage: translated.usage,
    translationRequests: translated.requests,
    translationCacheHits: translated.cacheHits,
  };
}

// Hugging Face: Daily Papers days into the store, their facts onto digest entries, and the trending list.

/**
 * A Hugging Face paper as the pipeline reads it. `HfPaper` (sources/hf-daily/model.ts) has this shape; it is
 * restated here because the pipeline sees sources through interfaces only.
 */
export interface HfFeedPaper {
  arxivId: string;
  title: string;
  abstract: string;
  authors: string[];
  publishedAt: Date | null;
  upvotes: number;
  comments: number | null;
  organization: { name: string; fullname: string | null } | null;
  githubRepo: string | null;
  githubStars: number | null;
  aiKeywords: string[];
  aiSummary: string | null;
}

/** Hugging Face Daily Papers (`HfDailySource` implements it). */
export interface HfFeed {
  /**
   * One day's listing: the papers put on Daily Papers that UTC day. A day Hugging Face has no listing for gives
   * no papers and a problem with rule `no-listing`. Throws when the answer is unusable.
   */
  fetchDailyPapers(date: IsoDate): Promise<{ papers: HfFeedPaper[]; problems: Problem[] }>;
}

/** Hugging Face paper search (`HfDailySource` implements it). */
export interface HfSearch {
  searchPapers(query: string, limit: number): Promise<{ papers: HfFeedPaper[]; problems: Problem[] }>;
}

/** The store files each Daily Papers day as a listing of this source and scope. */
export const HF_LISTING = { source: 'hf', scope: 'daily' } as const;
/** Rule of the Problem a digest gets when Hugging Face cannot be read; the digest goes on without it. */
export const HF_UNAVAILABLE_RULE = 'hf-unavailable';
/** Rule of the problem HfFeed gives for a day without a listing (sources/hf-daily NO_LISTING_RULE). */
const NO_LISTING_RULE = 'no-listing';

export function hfListingKey(day: IsoDate): ListingKey {
  return { listingDate: day, ...HF_LISTING };
}

/** As sources/hf-daily's toPaper: Hugging Face knows no categories or versions, so the store lets arXiv win. */
function paperOfHf(hf: HfFeedPaper): Paper {
  return {
    arxivId: hf.arxivId,
    version: 1,
    title: hf.title,
    abstract: hf.abstract,
    authors: [...hf.authors],
    categories: [],
    primaryCategory: '',
    publishedAt: hf.publishedAt,
    updatedAt: null,
    comment: null,
    journalRef: null,
    doi: null,
  };
}

function recordOfHf(hf: HfFeedPaper): HfRecord {
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
 * one upvote point each, and with `day` that Daily Papers day as a listing, in Hugging Face's order.
 */
export function saveHfPapers(
  store: Store,
  papers: readonly HfFeedPaper[],
  seenAt: Date,
  day: IsoDate | null,
): SaveResult {
  const listed = papers.map((hf): ListedPaper => ({ paper: paperOfHf(hf), announceType: 'new' }));
  store.savePapers(listed, day === null ? undefined : hfListingKey(day));
  return store.saveHfPapers(papers.map(recordOfHf), seenAt);
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
 * added to a day until it ends; otherwise fetched and saved first. When the fetch fails and the store has an
 * earlier copy, that copy is used and the failure logged. Throws the fetch's error otherwise.
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
  if (stored && !options.refresh && stored.fetchedAt >= dayEnd) {
    deps.log(`Hugging Face ${day} from the store: ${stored.papers.length} papers`);
    return fromStore();
  }
  let fetched: { papers: HfFeedPaper[]; problems: Problem[] };
  try {
    fetched = await deps.hf.fetchDailyPapers(day);
  } catch (error) {
    if (!stored || !isPaperwireError(error)) throw error;
    deps.log(`${formatError(error)}; using the copy of ${day} stored ${stored.fetchedAt.toISOString()}`);
    return fromStore();
  }
  const { papers, problems } = fetched;
  if (problems.some((problem) => problem.rule === NO_LISTING_RULE)) {
    return { day, arxivIds: [], problems, isListed: false };
  }
  const result = saveHfPapers(deps.store, papers, options.now, day);
  deps.log(
    `Hugging Face ${day}: ${papers.length} papers (${result.inserted} new, ${result.updated} updated, ` +
      `${result.unchanged} unchanged)` +
      (problems.length > 0 ? `, ${problems.length} entries unusable` : ''),
  );
  return { day, arxivIds: papers.map((paper) => paper.arxivId), problems, isListed: true };
}

/**
 * The Hugging Face facts of the selected papers, from the store. When the profile sorts by upvotes, the Daily
 * Papers of the listing date and the day before are read first (Hugging Face files a paper under the UTC day it
 * was added, the announcement's day or the next); a failure to read them becomes one `hf-unavailable` problem.
 */
async function loadHfFacts(
  sections: readonly { entries: readonly ListedPaper[] }[],
  listingDate: IsoDate,
  request: DigestRequest,
  deps: PipelineDeps,
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
}

export type TrendingDeps = Pick<PipelineDeps, 'store' | 'translator' | 'cache' | 'concurrency' | 'log'> & {
  hf: HfFeed & HfSearch;
};

/** One paper of the trending list: its record (arXiv's metadata when arXiv has it) and Hugging Face's facts. */
export interface TrendingItem {
  paper: Paper;
  hf: HfInfo;
  translation: PaperTranslation;
}

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
    deps.log(`Hugging Face search "${request.query}": ${found.papers.length} papers`);
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
  const ranked = arxivIds
    .flatMap((arxivId) => {
      const paper = deps.store.loadPaper(arxivId);
      const hf = facts.get(arxivId);
      return paper && hf ? [{ paper, hf }] : [];
    })
    .sort((a, b) => b.hf.upvotes - a.hf.upvotes)
    .slice(0, request.limit);
  const translated = await translatePapers(
    ranked.map((item) => item.paper),
    { translator: deps.translator, cache: deps.cache, lang: request.lang, concurrency: deps.concurrency },
  );
  return {
    items: ranked.map((item) => ({
      ...item,
      translation: translated.translations.get(item.paper.arxivId) ?? { title: null, abstract: null },
    })),
    problems: [...problems, ...translated.problems],
    notices: translated.notices,
  };
}
