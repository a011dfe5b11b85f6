// The digest pipeline: listing → select → unseen → Hugging Face facts → rank → translate → digest. The only
// file that knows the order of the stages; listing.ts, unseen.ts, hugging-face.ts and trending.ts hold the stages.

import { translatePapers, type TranslatePapersOptions } from '../enrich/translate.js';
import type { TokenUsage, TranslationCache, Translator } from '../enrich/translator.js';
import { redact } from '../errors.js';
import {
  countDistinctPapers,
  type Digest,
  type DigestEntry,
  type IsoDate,
  type Lang,
  type ListedPaper,
  type Profile,
  type UserGlossaryEntry,
} from '../model.js';
import { parseQuery, selectSections } from '../select/query.js';
import { announcementFor, noAnnouncementErrorFor } from '../select/window.js';
import type { Source } from '../sources/source.js';
import type { Store } from '../store/store.js';
import { loadHfFacts, type HfFeed } from './hugging-face.js';
import { announceTypesOf, loadListing } from './listing.js';
import { rankSections, type Embedder } from './relevance.js';
import { hideShownPapers } from './unseen.js';

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
  /** Told as translation advances, for a progress line; absent: nobody is told. */
  progress?: (event: PipelineProgress) => void;
  /** Embeddings mixed into relevance scores (`[relevance] embeddings_url`); null or absent: the local model alone. */
  embedder?: Embedder | null;
}

/** How far a long stage is: `done` of `total` distinct texts (titles, abstracts, summaries) translated. */
export interface PipelineProgress {
  stage: 'translate';
  done: number;
  total: number;
}

export interface DigestRequest {
  profile: Profile;
  /** The listing date; null means the latest announcement. */
  listingDate: IsoDate | null;
  now: Date;
  /** Fetch again even when the store has the listing. */
  refresh: boolean;
  /**
   * `run`'s rule: throw `ListingNotReadyError` rather than build a digest from a listing that is not whole yet
   * (RSS lag, a partial API answer, an empty newest listing). Absent: false, the digest says it is partial.
   */
  requireComplete?: boolean;
}

export interface DigestRun {
  digest: Digest;
  usage: TokenUsage;
  translationRequests: number;
  translationCacheHits: number;
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
      requireComplete: request.requireComplete ?? false,
      // run waits for a feed that cannot be read; a digest by hand reads the API instead.
      apiWhenFeedFails: request.requireComplete !== true,
    },
    deps,
  );
  const announcement = announcementFor(listing.listingDate);
  if (announcement === null) throw noAnnouncementErrorFor(listing.listingDate);

  const kept = new Set(announceTypesOf(profile));
  const candidates = listing.papers.filter((listed) => kept.has(listed.announceType));
  const unseen = hideShownPapers(
    selectSections(candidates, profile.keywords),
    profile,
    listing.listingDate,
    deps.store,
  );
  if (unseen.hiddenCount > 0)
    deps.log(`unseen: hiding ${unseen.hiddenCount} shown in earlier digests of the profile`);
  const selected = unseen.sections;
  const hf = await loadHfFacts(selected, listing.listingDate, request, deps);
  const upvotes = new Map([...hf.facts].map(([arxivId, facts]) => [arxivId, facts.upvotes]));
  const ranked = await rankSections(selected, profile, { upvotes }, deps);
  const { sections } = ranked;

  const distinct = new Map<string, ListedPaper>();
  for (const section of sections)
    for (const listed of section.entries) distinct.set(listed.paper.arxivId, listed);
  const translated = await translatePapers(
    [...distinct.values()].map((listed) => listed.paper),
    { ...translateOptionsOf(profile, profile.lang, deps), ...translateProgressOf(deps) },
  );

  const digestSections = sections.map((section) => ({
    keyword: section.keyword,
    entries: section.entries.map((listed): DigestEntry => {
      const { arxivId } = listed.paper;
      const entry: DigestEntry = {
        paper: listed.paper,
        announceType: listed.announceType,
        translation: translated.translations.get(arxivId) ?? { title: null, abstract: null },
        hf: hf.facts.get(arxivId) ?? null,
      };
      // A paper not scored has no `relevance` field at all.
      const relevance = ranked.scores.get(arxivId);
      if (relevance !== undefined) entry.relevance = relevance;
      return entry;
    }),
  }));
  const paperCount = countDistinctPapers(digestSections);
  const digest: Digest = {
    profile: profile.name,
    listingDate: listing.listingDate,
    announcedAt: announcement.announcedAt,
    generatedAt: request.now,
    lang: profile.lang,
    sections: digestSections,
    paperCount,
    // Notices and problems quote error text; they are stored, served and mailed, so secrets are taken out here.
    notices: [
      ...listing.notices,
      ...(unseen.notice === null ? [] : [unseen.notice]),
      ...ranked.notices,
      ...translated.notices,
    ].map(redact),
    problems: [...listing.problems, ...hf.problems, ...translated.problems].map((problem) => ({
      ...problem,
      where: redact(problem.where),
      what: redact(problem.what),
    })),
    // The listing stage stored its URL redacted already.
    audit: { ...listing.audit, matchedCount: paperCount },
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

/** The translate stage's options for a digest of `profile` in `lang`: the deps' providers, the profile's budgets. */
export function translateOptionsOf(
  profile: Pick<Profile, 'tldr' | 'maxTokens' | 'maxPapers'>,
  lang: Lang,
  deps: Pick<PipelineDeps, 'translator' | 'cache' | 'glossary' | 'concurrency'>,
): TranslatePapersOptions {
  return {
    translator: deps.translator,
    cache: deps.cache,
    lang,
    concurrency: deps.concurrency,
    userGlossary: deps.glossary?.[lang] ?? [],
    tldr: profile.tldr ?? false,
    maxTokens: profile.maxTokens ?? null,
    maxPapers: profile.maxPapers ?? null,
  };
}

/** translatePapers' `onEvent`, reporting each settled text to `deps.progress`; nothing without one. */
export function translateProgressOf(
  deps: Pick<PipelineDeps, 'progress'>,
): Pick<TranslatePapersOptions, 'onEvent'> {
  const { progress } = deps;
  if (progress === undefined) return {};
  return { onEvent: (event) => progress({ stage: 'translate', done: event.done, total: event.total }) };
}
