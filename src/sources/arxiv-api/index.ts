// The arXiv API source: any past listing, rebuilt from the papers submitted in its window, and papers by id.
// Builds on fetch.ts (URLs and bytes) and parse.ts (papers); pages through results until they are exhausted.

import { ConfigError } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import { splitVersionedId, type IsoDate, type ListedPaper, type Paper, type Problem } from '../../model.js';
import type { Listing, ListingRequest, Source } from '../source.js';
import { buildIdListUrl, buildListingPageUrl, fetchArxivApiPage } from './fetch.js';
import type { ArxivAtomPage } from './parse.js';

export interface ArxivApiSourceOptions {
  client: HttpClient;
  /** `https://export.arxiv.org/api/query` or a mirror. */
  baseUrl: string;
  /** Results asked for per request; default 500 (arXiv allows up to 2000). */
  pageSize?: number;
}

/** arXiv's API serves at most 30,000 results per query; past that, pages come back empty. */
const MAX_RESULTS_PER_QUERY = 30_000;
/** `id_list` lookups are sent 100 ids at a time. */
const ID_BATCH_SIZE = 100;

/** Papers fetched by id, with the ids arXiv did not know. */
export interface PapersById {
  papers: Paper[];
  problems: Problem[];
}

/**
 * Listings rebuilt from the arXiv API: the papers submitted in the listing's window (`request.submittedWindow`),
 * `new` when their primary category is in scope and `cross` otherwise. Replacements are not in such a query,
 * so `replace` and `replace-cross` never appear.
 */
export class ArxivApiSource implements Source {
  readonly name = 'arxiv-api';
  private readonly client: HttpClient;
  private readonly baseUrl: string;
  private readonly pageSize: number;

  constructor(options: ArxivApiSourceOptions) {
    this.client = options.client;
    this.baseUrl = options.baseUrl;
    this.pageSize = options.pageSize ?? 500;
    if (!Number.isInteger(this.pageSize) || this.pageSize < 1 || this.pageSize > 2000) {
      throw new ConfigError('pageSize', `must be a whole number from 1 to 2000, not ${options.pageSize}`);
    }
  }

  /**
   * Pages through the query until `totalResults` is reached or a page comes back empty. A page that repeats
   * results already served (the API ignored `start`) ends the paging; whenever fewer results were read than
   * `totalResults`, the listing says why in `incompleteReason` and an `incomplete-listing` problem.
   * @throws ConfigError without categories, listing date or submission window; HttpError/TimeoutError from the
   * client; FeedError for an answer that is not Atom or is the API's error document.
   */
  async fetchListing(request: ListingRequest): Promise<Listing> {
    const { listingDate, submittedWindow, categories } = request;
    if (categories.length === 0) {
      throw new ConfigError('--category', 'at least one archive or category is needed (e.g. cs or cs.LG)');
    }
    if (listingDate === null || submittedWindow === null) {
      throw new ConfigError(
        '--date',
        'the arXiv API source needs a listing date and its submission window (the latest announcement comes from RSS)',
      );
    }
    const pages = await this.fetchAllPages(categories, submittedWindow, listingDate);
    const wanted = new Set(request.announceTypes);
    const listed: ListedPaper[] = pages.papers.map((paper) => ({
      paper,
      announceType: isInScope(paper.primaryCategory, categories) ? 'new' : 'cross',
    }));
    return {
      listingDate,
      papers: listed.filter((entry) => wanted.has(entry.announceType)),
      problems: pages.problems,
      url: pages.url,
      reportedCount: pages.totalResults,
      incompleteReason: pages.incompleteReason,
    };
  }

  /**
   * Papers by id (versioned or not), 100 per request. Ids arXiv does not know become `not-found` problems.
   * @throws HttpError/TimeoutError from the client; FeedError for an error document (e.g. a malformed id).
   */
  async fetchArxivIds(ids: readonly string[]): Promise<PapersById> {
    const papers: Paper[] = [];
    const problems: Problem[] = [];
    const asked = [...new Set(ids.map((id) => id.trim()).filter((id) => id !== ''))];
    for (let offset = 0; offset < asked.length; offset += ID_BATCH_SIZE) {
      const batch = asked.slice(offset, offset + ID_BATCH_SIZE);
      const url = buildIdListUrl(this.baseUrl, batch);
      const { parseArxivAtom, EMPTY_ENTRY_RULE } = await loadParser();
      const page = parseArxivAtom(await fetchArxivApiPage(this.client, url), { url });
      papers.push(...page.papers);
      // An unknown id comes back as an empty entry (old format) or not at all (new): report it by id instead.
      problems.push(...page.problems.filter((problem) => problem.rule !== EMPTY_ENTRY_RULE));
      const found = new Set(page.papers.map((paper) => paper.arxivId));
      for (const id of batch) {
        const { arxivId } = splitVersionedId(id);
        if (!found.has(arxivId)) {
          problems.push({ where: url, what: `arXiv has no paper ${id}`, rule: 'not-found' });
        }
      }
    }
    return { papers, problems };
  }

  private async fetchAllPages(
    categories: readonly string[],
    submittedWindow: { from: Date; until: Date },
    listingDate: IsoDate,
  ): Promise<ListingPages> {
    const byId = new Map<string, Paper>();
    const problems: Problem[] = [];
    let start = 0;
    let totalResults: number;
    let unusable = 0;
    let lastUrl: string;
    let repeatedAt: number | null = null;
    for (;;) {
      const maxResults = Math.min(this.pageSize, MAX_RESULTS_PER_QUERY - start);
      lastUrl = buildListingPageUrl(this.baseUrl, { categories, submittedWindow, start, maxResults });
      const { parseArxivAtom } = await loadParser();
      const page = parseArxivAtom(await fetchArxivApiPage(this.client, lastUrl), { url: lastUrl });
      totalResults = page.totalResults;
      if (start > 0 && isRepeatedPage(page, start, byId)) {
        repeatedAt = start;
        break;
      }
      // A paper moved between pages while paging shows up twice; the later copy is as good as the first.
      for (const paper of page.papers) byId.set(paper.arxivId, paper);
      problems.push(...page.problems);
      unusable += page.problems.length;
      // The API sometimes answers fewer entries than asked for: advance by what came, stop on an empty page.
      start += page.entryCount;
      if (page.entryCount === 0 || start >= totalResults || start >= MAX_RESULTS_PER_QUERY) break;
    }
    const served = byId.size + unusable;
    let incompleteReason: string | null = null;
    if (repeatedAt !== null) {
      incompleteReason =
        `arXiv answered the page from result ${repeatedAt} with results it had already served (it ignores ` +
        `"start"), so only ${served} of its ${totalResults} results were read`;
    } else if (served < totalResults) {
      incompleteReason = `arXiv reported ${totalResults} results but served ${served}`;
    }
    if (incompleteReason !== null) {
      problems.push({
        where: lastUrl,
        what: `listing ${listingDate} is incomplete: ${incompleteReason}`,
        rule: 'incomplete-listing',
      });
    }
    return { papers: [...byId.values()], problems, url: lastUrl, totalResults, incompleteReason };
  }
}

/** What paging through one listing query gave. */
interface ListingPages extends PapersById {
  url: string;
  totalResults: number;
  incompleteReason: string | null;
}

/**
 * True when a page after the first is not the one asked for: it says it starts elsewhere, or every paper on it was
 * already served (an API or mirror that ignores `start` serves the first page again and again).
 */
function isRepeatedPage(page: ArxivAtomPage, start: number, seen: ReadonlyMap<string, Paper>): boolean {
  if (page.entryCount === 0) return false;
  if (page.startIndex !== null && page.startIndex !== start) return true;
  return page.papers.length > 0 && page.papers.every((paper) => seen.has(paper.arxivId));
}

/** True when `category` is one of `scope`, or belongs to an archive in it (`cs.LG` in `cs`). */
function isInScope(category: string, scope: readonly string[]): boolean {
  return scope.some(
    (entry) => category === entry || (!entry.includes('.') && category.startsWith(`${entry}.`)),
  );
}

/**
 * parse.ts, loaded when the first page is read: it brings fast-xml-parser, which a digest of today's announcement
 * (RSS) never needs.
 */
function loadParser() {
  return import('./parse.js');
}
