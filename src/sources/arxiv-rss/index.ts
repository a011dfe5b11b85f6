// The arXiv RSS source: today's announcement for some archives or categories, from rss.arxiv.org.
// Builds on fetch.ts (bytes) and parse.ts (papers); the only place that applies the listing request.

import { ConfigError, FeedError } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import type { Listing, ListingRequest, Source } from '../source.js';
import { buildArxivRssUrl, fetchArxivRss } from './fetch.js';
import { parseArxivRss } from './parse.js';

export interface ArxivRssSourceOptions {
  client: HttpClient;
  /** `https://rss.arxiv.org/rss` or a mirror; categories are appended as `/cs+stat.ML`. */
  baseUrl: string;
}

/**
 * The latest arXiv announcement, as rss.arxiv.org publishes it. RSS carries only that one announcement, so a
 * request for another listing date is a `FeedError` pointing at the API source.
 */
export class ArxivRssSource implements Source {
  readonly name = 'arxiv-rss';
  private readonly client: HttpClient;
  private readonly baseUrl: string;

  constructor(options: ArxivRssSourceOptions) {
    this.client = options.client;
    this.baseUrl = options.baseUrl;
  }

  /**
   * Fetches and parses the feed, then keeps the papers whose announce type was asked for.
   * @throws ConfigError with no categories; HttpError/TimeoutError from the client; FeedError for a feed that is
   * not RSS, has no date, or announces another listing date than the one asked for.
   */
  async fetchListing(request: ListingRequest): Promise<Listing> {
    if (request.categories.length === 0) {
      throw new ConfigError('--category', 'at least one archive or category is needed (e.g. cs or cs.LG)');
    }
    const url = buildArxivRssUrl(this.baseUrl, request.categories);
    const parsed = parseArxivRss(await fetchArxivRss(this.client, url), { url });
    if (parsed.listingDate === null) {
      throw new FeedError(
        url,
        'the arXiv RSS feed has no pubDate or lastBuildDate, so its listing date is unknown',
      );
    }
    if (request.listingDate !== null && request.listingDate !== parsed.listingDate) {
      throw new FeedError(
        url,
        `arXiv RSS only carries the latest announcement (listing date ${parsed.listingDate}), not ${request.listingDate}`,
        { hint: 'past listing dates come from the arXiv API source (arxiv-api)' },
      );
    }
    const wanted = new Set(request.announceTypes);
    return {
      listingDate: parsed.listingDate,
      papers: parsed.papers.filter((listed) => wanted.has(listed.announceType)),
      problems: parsed.problems,
      url,
      // A feed is one document: its items are the whole announcement, usable or not.
      reportedCount: parsed.papers.length + parsed.problems.length,
      incompleteReason: null,
    };
  }
}
