// What each feed holds: a profile's newest papers from its digests, or a query's matches, one item per paper with
// its translation, and the feed's title and links; feed-document.ts writes them as RSS 2.0 or Atom 1.0. Pure: every
// date comes from the digests and papers.
import type { Digest, HfInfo, Lang, Paper, PaperTranslation } from '../../model.js';
import { distinctEntries } from '../common.js';
import {
  newestOf,
  renderAtomDocument,
  renderRssDocument,
  type FeedChannel,
  type FeedItem,
} from './feed-document.js';
import { paperPath, searchFeedPaths, searchPath, SERVER_LINKS, siteUrlOf, type SiteLinks } from './urls.js';

/** The most items (papers) a feed carries, newest first: feed readers fetch the whole document every time. */
export const FEED_MAX_ITEMS = 200;

export interface FeedOptions {
  profile: string;
  /** At most this many items (default `FEED_MAX_ITEMS`). */
  maxItems?: number;
  /**
   * Where the web UI is served, e.g. `http://127.0.0.1:8787`; links and the feed's own id use it. A static site's
   * feed gives '' and links that are already whole (relative to the feed's file, or absolute).
   */
  siteUrl: string;
  /** Where the links lead after `siteUrl`: the server's paths (the default) or a static site's files. */
  links?: SiteLinks;
  /** Feeds never read the clock: their dates are the digests'. */
  now?: never;
}

/**
 * Papers of the digests, newest listing date first, each paper once (from the newest digest that listed it),
 * so its GUID stays unique and stable across days; the first `maxItems` of them.
 */
function collectItems(
  digests: readonly Digest[],
  maxItems: number,
  pageUrlOf: (arxivId: string) => string,
): FeedItem[] {
  const byDate = [...digests].sort((a, b) => b.listingDate.localeCompare(a.listingDate));
  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const digest of byDate) {
    for (const entry of distinctEntries(digest)) {
      if (items.length >= maxItems) return items;
      if (seen.has(entry.paper.arxivId)) continue;
      seen.add(entry.paper.arxivId);
      const keywords = digest.sections
        .filter((section) => section.entries.some((e) => e.paper.arxivId === entry.paper.arxivId))
        .map((section) => section.keyword);
      items.push({
        paper: entry.paper,
        translation: entry.translation,
        lang: digest.lang,
        hf: entry.hf,
        datedAt: digest.announcedAt,
        keywords,
        pageUrl: pageUrlOf(entry.paper.arxivId),
      });
    }
  }
  return items;
}

/** A profile's channel and items, from its digests. */
function profileFeed(
  digests: readonly Digest[],
  options: FeedOptions,
): { channel: FeedChannel; items: FeedItem[]; updated: Date | null } {
  const links = options.links ?? SERVER_LINKS;
  const urlOf = (path: string): string => siteUrlOf(options.siteUrl, path);
  const feeds = links.feeds(options.profile);
  const channel: FeedChannel = {
    title: `paperwire: ${options.profile}`,
    description: `arXiv papers matching the ${options.profile} profile, with translations`,
    pageUrl: urlOf(links.digestList(options.profile)),
    self: { rss: urlOf(feeds.rss), atom: urlOf(feeds.atom) },
    atomId: urlOf(feeds.atom),
  };
  const items = collectItems(digests, options.maxItems ?? FEED_MAX_ITEMS, (arxivId) =>
    urlOf(links.paper(arxivId)),
  );
  return { channel, items, updated: newestOf(digests.map((digest) => digest.generatedAt)) };
}

/** The digests of one profile as an RSS 2.0 document. */
export function renderRss(digests: readonly Digest[], options: FeedOptions): string {
  const { channel, items, updated } = profileFeed(digests, options);
  return renderRssDocument(channel, items, updated);
}

/** The digests of one profile as an Atom 1.0 document. */
export function renderAtom(digests: readonly Digest[], options: FeedOptions): string {
  const { channel, items, updated } = profileFeed(digests, options);
  return renderAtomDocument(channel, items, updated);
}

/** One paper of a query's feed: the paper, the translation to show (`lang` `en`: none), its Hugging Face facts. */
export interface SearchFeedPaper {
  paper: Paper;
  translation: PaperTranslation;
  lang: Lang;
  hf?: HfInfo | null;
  /** When a digest announced it, for a paper that has no arXiv dates of its own (RSS listings give none). */
  listedAt?: Date | null;
}

export interface SearchFeedOptions {
  query: string;
  /**
   * Where the web UI is served: the feed links its search page, its paper pages and itself there. Null (a file
   * written by `paperwire feed` with no `[web] public_url`): it links arXiv's search and has no self link.
   */
  siteUrl: string | null;
  /** The language the reader chose (`?lang=`, `feed --lang`): the self links keep it. Absent: none chosen. */
  lang?: Lang;
}

/** arXiv's own search for the query: a query feed's page when no web UI is known. */
function arxivSearchUrl(query: string): string {
  return `https://arxiv.org/search/?${new URLSearchParams({ query, searchtype: 'all' }).toString()}`;
}

/** A query's channel and items, the papers in the order given (the caller's newest first). */
function searchFeed(
  papers: readonly SearchFeedPaper[],
  options: SearchFeedOptions,
): { channel: FeedChannel; items: FeedItem[]; updated: Date | null } {
  const site = options.siteUrl;
  const urlOf = (path: string): string | null => (site === null ? null : siteUrlOf(site, path));
  const self = searchFeedPaths(options.query, options.lang);
  const selfAtom = urlOf(self.atom);
  const channel: FeedChannel = {
    title: `paperwire: search "${options.query}"`,
    description: `arXiv papers matching "${options.query}", newest first, with translations`,
    pageUrl: urlOf(searchPath({ q: options.query })) ?? arxivSearchUrl(options.query),
    self: site === null ? null : { rss: siteUrlOf(site, self.rss), atom: siteUrlOf(site, self.atom) },
    atomId: selfAtom ?? arxivSearchUrl(options.query),
  };
  const items = papers.map((found): FeedItem => ({
    paper: found.paper,
    translation: found.translation,
    lang: found.lang,
    hf: found.hf ?? null,
    datedAt: found.paper.updatedAt ?? found.paper.publishedAt ?? found.listedAt ?? null,
    keywords: [],
    pageUrl: urlOf(paperPath(found.paper.arxivId)),
  }));
  return { channel, items, updated: newestOf(items.map((item) => item.datedAt)) };
}

/** A query's matches as an RSS 2.0 document. */
export function renderSearchRss(papers: readonly SearchFeedPaper[], options: SearchFeedOptions): string {
  const { channel, items, updated } = searchFeed(papers, options);
  return renderRssDocument(channel, items, updated);
}

/** A query's matches as an Atom 1.0 document. */
export function renderSearchAtom(papers: readonly SearchFeedPaper[], options: SearchFeedOptions): string {
  const { channel, items, updated } = searchFeed(papers, options);
  return renderAtomDocument(channel, items, updated);
}
