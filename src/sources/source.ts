// The source interface: where papers come from. Each implementation lives in its own folder beside this file
// (arxiv-rss/, arxiv-api/, hf-daily/) and passes the shared suite in contract.ts.

import type { AnnounceType, IsoDate, ListedPaper, Problem } from '../model.js';

/** What to list: one listing date (or the latest announcement) in some categories or archives. */
export interface ListingRequest {
  /** The listing date; null asks for the latest announcement the source has. */
  listingDate: IsoDate | null;
  /** Archives (`cs`) or categories (`cs.LG`); at least one. */
  categories: readonly string[];
  /** Which announce types to keep; others are left out (not a problem). */
  announceTypes: AnnounceType[];
  /**
   * When the papers of this listing were submitted (arXiv's cut-offs, from select/window.ts); sources that
   * query by submission time (the API) need it, feeds that list one announcement (RSS) ignore it.
   */
  submittedWindow: { from: Date; until: Date } | null;
}

/** The papers of one listing, with the entries that could not be used, and whether the source gave all of it. */
export interface Listing {
  /** The listing date the source reports (RSS: the channel date; API: the date asked for). */
  listingDate: IsoDate;
  papers: ListedPaper[];
  problems: Problem[];
  /** Where it was read: the feed's URL, or the API's last page. */
  url: string;
  /**
   * How many entries the source says the whole listing holds, usable or not, of every announce type: the RSS
   * feed's items, the API's `opensearch:totalResults`.
   */
  reportedCount: number;
  /**
   * Null when the source gave the whole listing (every page fetched, the reported count reached); otherwise why
   * it is partial, in one sentence (`arXiv reported 50 results but served 3`).
   */
  incompleteReason: string | null;
}

/** A place papers come from. Implementations throw `FeedError`/`HttpError` when the whole listing is unusable. */
export interface Source {
  /** Short stable name, as `--source` and the store know it: `arxiv-rss`, `arxiv-api`, `hf`. */
  readonly name: string;
  fetchListing(request: ListingRequest): Promise<Listing>;
}
