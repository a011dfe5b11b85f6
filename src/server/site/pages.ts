// Every file of the static site, rendered one at a time by the web UI's own renderers with links to files
// (urls.ts staticLinks): home, each profile's dates and digests (every page, and the stored JSON), each listed
// paper's page, the feeds and their OPML, and the in-browser search. Reads the store; writes nothing.
import { addDays, type Digest, type DigestRef, type IsoDate, type Problem } from '../../model.js';
import { shownProfileOf } from '../../pipeline/unseen.js';
import { renderAtom, renderRss } from '../../render/html/feed.js';
import {
  countDigestPages,
  renderDigestListPage,
  renderDigestPage,
  renderHomePage,
  renderPaperPage,
  type ReadingMode,
} from '../../render/html/index.js';
import { renderOpml } from '../../render/html/opml.js';
import {
  renderSiteSearchIndex,
  renderSiteSearchPage,
  SITE_SEARCH_SCRIPT,
  type SiteSearchPaper,
} from '../../render/html/site-search.js';
import { SITE_FILES, siteRootFrom, staticLinks, type SiteLinks } from '../../render/html/urls.js';
import type { Store } from '../../store/store.js';
import type { DigestArchive } from '../archive.js';
import { FEED_DIGESTS, loadFeedDigests } from '../routes/feeds.js';
import { loadPaperView } from '../routes/paper-view.js';

/** One file of the site: its path from the site's root (as SITE_FILES names it) and its text. */
export interface SiteFile {
  path: string;
  text: string;
  /** `page`: an HTML page; `feed`: RSS, Atom or OPML; `data`: the search's script and index, a digest's JSON. */
  kind: 'page' | 'feed' | 'data';
}

export interface SiteSource {
  store: Store;
  archive: DigestArchive;
  /** The configured profiles, shown first and even before their first digest. */
  profiles: readonly string[];
  /** Where the site will be served (`--url`): feeds and OPML link there; null links them relative to their file. */
  siteUrl: string | null;
  /** Where the digests whose stored document cannot be read are reported: the site is written without them. */
  problems: Problem[];
}

/** The static search covers the digests of this many days up to the newest listing date… */
const SEARCH_DAYS = 30;
/** …and at most this many papers of them, newest first (the index is loaded whole by every search). */
const SEARCH_MAX_PAPERS = 2000;

/** There is no reader's choice to honour when the pages are written: the server's default, until the script runs. */
const MODE: ReadingMode = 'both';

/** The site's files, in an order that depends only on the store (the same store gives the same bytes). */
export function* renderSiteFiles(source: SiteSource): Generator<SiteFile> {
  const { archive } = source;
  const refs = archive.list();
  const profiles = archive.profiles(source.profiles, refs);
  yield* renderHome(source, profiles);
  for (const profile of profiles) yield* renderProfile(source, profile);
  yield* renderPaperPages(source);
  yield* renderFeeds(source, profiles);
  yield* renderSearch(source);
}

/** What a page at `path` needs: its links back to the root, in the frame every page renderer takes. */
function pageContext(path: string): { mode: ReadingMode; path: string; links: SiteLinks } {
  return { mode: MODE, path, links: staticLinks(siteRootFrom(path)) };
}

function* renderHome(source: SiteSource, profiles: readonly string[]): Generator<SiteFile> {
  const refs = source.archive.list();
  const blocks = profiles.map((profile) => {
    const own = refs.filter((ref) => ref.profile === profile);
    const newest = readableDigests(source, profile).next();
    return {
      profile,
      latest: newest.done === true ? null : newest.value.digest,
      digestCount: own.length,
    };
  });
  const path = SITE_FILES.home;
  yield { path, text: renderHomePage(blocks, pageContext(path)), kind: 'page' };
}

/**
 * Each digest of a profile (every page of it, and its stored JSON document), then its list of dates. A digest
 * whose document cannot be read is left out of both, so no link leads to it. Digests are read one ahead, to
 * link each to the next older readable one, so a long archive is never held whole.
 */
function* renderProfile(source: SiteSource, profile: string): Generator<SiteFile> {
  const { store } = source;
  const shown: DigestRef[] = [];
  let newer: IsoDate | null = null;
  const digests = readableDigests(source, profile);
  let current = digests.next();
  while (current.done !== true) {
    const { ref, digest, document } = current.value;
    const older = digests.next();
    const { listingDate } = ref;
    const seen = store.loadFirstShown(shownProfileOf(profile), listingDate);
    for (let page = 1; page <= countDigestPages(digest); page += 1) {
      const path = SITE_FILES.digestPage(profile, listingDate, page);
      const text = renderDigestPage(digest, {
        ...pageContext(path),
        previous: older.done === true ? null : older.value.ref.listingDate,
        next: newer,
        page,
        seen,
      });
      yield { path, text, kind: 'page' };
    }
    yield { path: SITE_FILES.digestJson(profile, listingDate), text: document, kind: 'data' };
    shown.push(ref);
    newer = listingDate;
    current = older;
  }
  const listPath = SITE_FILES.digestList(profile);
  yield { path: listPath, text: renderDigestListPage(profile, shown, pageContext(listPath)), kind: 'page' };
}

/** A profile's saved digests that can be read, newest first, each with its stored document's text. */
function* readableDigests(
  source: SiteSource,
  profile: string,
): Generator<{ ref: DigestRef; digest: Digest; document: string }> {
  for (const ref of source.archive.listProfile(profile)) {
    const digest = source.archive.loadReadable(profile, ref.listingDate, source.problems);
    const document = digest === null ? null : source.archive.loadDocument(profile, ref.listingDate);
    if (digest !== null && document !== null) yield { ref, digest, document: document.json };
  }
}

/** The page of every paper a saved digest lists, with the original and the stored translation. */
function* renderPaperPages(source: SiteSource): Generator<SiteFile> {
  for (const arxivId of source.archive.paperIndex().papers.keys()) {
    const path = SITE_FILES.paper(arxivId);
    // No "more like this": the similar papers are the store's, and most have no page in the site.
    const view = loadPaperView(source, arxivId, { withSimilar: false });
    yield { path, text: renderPaperPage(view, pageContext(path)), kind: 'page' };
  }
}

/** Each profile's RSS and Atom feeds and the OPML of them: absolute with `--url`, else relative to their file. */
function* renderFeeds(source: SiteSource, profiles: readonly string[]): Generator<SiteFile> {
  const feedLinks = (path: string): SiteLinks =>
    staticLinks(source.siteUrl === null ? siteRootFrom(path) : `${source.siteUrl.replace(/\/+$/, '')}/`);
  for (const profile of profiles) {
    const refs = source.archive.listProfile(profile).slice(0, FEED_DIGESTS);
    const digests = loadFeedDigests(source.archive, profile, refs, source.problems);
    const files = SITE_FILES.feeds(profile);
    const options = { profile, siteUrl: '', links: feedLinks(files.rss) };
    yield { path: files.rss, text: renderRss(digests, options), kind: 'feed' };
    yield { path: files.atom, text: renderAtom(digests, options), kind: 'feed' };
  }
  const opml = renderOpml(profiles, { siteUrl: '', links: feedLinks(SITE_FILES.opml) });
  yield { path: SITE_FILES.opml, text: opml, kind: 'feed' };
}

/** The search page, its script, and the index of the papers of the last SEARCH_DAYS days of digests. */
function* renderSearch(source: SiteSource): Generator<SiteFile> {
  const papers = selectSearchPapers(source);
  const dates = papers.map((paper) => paper.listingDate).sort();
  const path = SITE_FILES.search;
  const summary = { paperCount: papers.length, from: dates[0] ?? null, until: dates.at(-1) ?? null };
  const page = renderSiteSearchPage(summary, { ...pageContext(path), base: siteRootFrom(path) });
  yield { path, text: page, kind: 'page' };
  yield { path: SITE_FILES.searchScript, text: SITE_SEARCH_SCRIPT, kind: 'data' };
  const index = renderSiteSearchIndex(papers, staticLinks(siteRootFrom(SITE_FILES.searchIndex)));
  yield { path: SITE_FILES.searchIndex, text: index, kind: 'data' };
}

/** Papers of the digests listed within SEARCH_DAYS of the newest listing date, newest first, each once. */
function selectSearchPapers(source: SiteSource): SiteSearchPaper[] {
  const refs = source.archive.list();
  const newest = refs[0]?.listingDate;
  if (newest === undefined) return [];
  const oldest: IsoDate = addDays(newest, -(SEARCH_DAYS - 1));
  const found = new Map<string, SiteSearchPaper>();
  for (const ref of refs) {
    if (ref.listingDate < oldest || found.size >= SEARCH_MAX_PAPERS) break;
    const digest = source.archive.loadReadable(ref.profile, ref.listingDate, source.problems);
    for (const section of digest?.sections ?? []) {
      for (const { paper } of section.entries) {
        if (found.has(paper.arxivId) || found.size >= SEARCH_MAX_PAPERS) continue;
        found.set(paper.arxivId, {
          paper,
          ...source.archive.translationOf(paper),
          listingDate: ref.listingDate,
        });
      }
    }
  }
  return [...found.values()];
}
