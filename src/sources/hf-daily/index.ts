// The Hugging Face source: Daily Papers listings (paged), paper search, single papers and upvotes, and the
// `Source` contract over the daily listing. Builds on fetch.ts (URLs and text) and parse.ts (papers).

import { ConfigError, HttpError } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import {
  isoDateOf,
  splitVersionedId,
  type HfPaper,
  type IsoDate,
  type ListedPaper,
  type Problem,
} from '../../model.js';
import type { Listing, ListingRequest, Source } from '../source.js';
import { buildDailyPapersUrl, buildPaperSearchUrl, buildPaperUrl, fetchHfText } from './fetch.js';
import { toPaper } from './model.js';
import { parseDailyPapers, parsePaper, parsePaperSearch } from './parse.js';

export interface HfDailySourceOptions {
  client: HttpClient;
  /** `https://huggingface.co/api` or a mirror (PAPERWIRE_HF_API_URL). */
  baseUrl: string;
  /** Entries asked for per Daily Papers page (`limit`); default 50, at most 100. */
  pageSize?: number;
  /** Pages read for one day at most; a guard against a server that never sends a short page. Default 20. */
  maxPages?: number;
  /** The clock, read only to name the listing date of an empty "latest" listing. */
  now?: () => Date;
}

/** Papers from Hugging Face with the entries (or pages) that could not be used. */
export interface HfPapers {
  papers: HfPaper[];
  problems: Problem[];
}

/** Rule of the Problem returned when Hugging Face has no listing for the asked date (HTTP 404). */
export const NO_LISTING_RULE = 'no-listing';

/**
 * Hugging Face Daily Papers, search and paper pages. As a `Source` (`name: 'hf'`) it lists one day's Daily
 * Papers as `new` papers, whatever categories are asked (Hugging Face has none).
 */
export class HfDailySource implements Source {
  readonly name = 'hf';
  private readonly client: HttpClient;
  private readonly baseUrl: string;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly now: () => Date;

  constructor(options: HfDailySourceOptions) {
    this.client = options.client;
    this.baseUrl = options.baseUrl;
    this.pageSize = checkWhole('pageSize', options.pageSize ?? 50, 1, 100);
    this.maxPages = checkWhole('maxPages', options.maxPages ?? 20, 1, 1000);
    this.now = options.now ?? (() => new Date());
  }

  /**
   * One day's Daily Papers (`date` null: the latest page the API serves, without paging). Pages with `p`
   * until a page holds fewer than `pageSize` entries; a page that brings no new paper (a server ignoring `p`)
   * or reaching `maxPages` stops it with an `incomplete-listing` problem. A 404 for the day gives no papers
   * and a `no-listing` problem.
   * @throws HttpError/TimeoutError from the client; FeedError for an answer that is not a listing.
   */
  async fetchDailyPapers(date: IsoDate | null): Promise<HfPapers> {
    const byId = new Map<string, HfPaper>();
    const problems: Problem[] = [];
    for (let page = 0; ; page++) {
      const url = buildDailyPapersUrl(this.baseUrl, { date, page, pageSize: this.pageSize });
      let text: string;
      try {
        text = await fetchHfText(this.client, url);
      } catch (error) {
        if (!isNotFound(error)) throw error;
        const what = `Hugging Face has no Daily Papers listing for ${date ?? 'the latest day'} (HTTP 404)`;
        problems.push({ where: url, what, rule: NO_LISTING_RULE });
        break;
      }
      const parsed = parseDailyPapers(text, { url });
      problems.push(...parsed.problems);
      const before = byId.size;
      // A paper that moved between pages while paging shows up twice; the first copy is kept.
      for (const paper of parsed.papers) if (!byId.has(paper.arxivId)) byId.set(paper.arxivId, paper);
      if (date === null || parsed.entryCount < this.pageSize) break;
      if (byId.size === before) {
        problems.push({
          where: url,
          what: `page ${page} repeated earlier papers; paging stopped`,
          rule: 'incomplete-listing',
        });
        break;
      }
      if (page + 1 >= this.maxPages) {
        const what = `listing ${date} is longer than ${this.maxPages} pages of ${this.pageSize}; the rest was not read`;
        problems.push({ where: url, what, rule: 'incomplete-listing' });
        break;
      }
    }
    return { papers: [...byId.values()], problems };
  }

  /**
   * Papers matching `query` in Hugging Face's paper search, most relevant first, at most `limit`.
   * @throws ConfigError for an empty query or a limit that is not a whole number ≥ 1; HttpError/TimeoutError;
   * FeedError for an answer that is not a result list.
   */
  async searchPapers(query: string, limit: number): Promise<HfPapers> {
    const trimmed = query.trim();
    if (trimmed === '') throw new ConfigError('--query', 'the search query is empty');
    checkWhole('--limit', limit, 1, 1000);
    const url = buildPaperSearchUrl(this.baseUrl, { query: trimmed, limit });
    const parsed = parsePaperSearch(await fetchHfText(this.client, url), { url });
    return { papers: parsed.papers.slice(0, limit), problems: parsed.problems };
  }

  /**
   * One paper's page (versioned ids are asked without their version); null when Hugging Face has no page
   * for it (HTTP 404).
   * @throws HttpError/TimeoutError; FeedError for an answer that is not a paper.
   */
  async fetchPaper(arxivId: string): Promise<HfPaper | null> {
    const url = buildPaperUrl(this.baseUrl, splitVersionedId(arxivId).arxivId);
    let text: string;
    try {
      text = await fetchHfText(this.client, url);
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
    return parsePaper(text, { url });
  }

  /**
   * The pages of many papers (for their upvotes), at most `concurrency` requests in flight. Keyed by arXiv
   * id without version; ids Hugging Face has no page for are absent from the map. When a request fails, no
   * new one starts and the first error is thrown once those in flight have settled.
   * @throws ConfigError for a concurrency that is not a whole number ≥ 1; the first request's error.
   */
  async fetchUpvotes(arxivIds: string[], concurrency: number): Promise<Map<string, HfPaper>> {
    checkWhole('concurrency', concurrency, 1, 64);
    const queue = [...new Set(arxivIds.map((id) => splitVersionedId(id).arxivId).filter((id) => id !== ''))];
    const found = new Map<string, HfPaper>();
    let failed = false;
    const worker = async (): Promise<void> => {
      for (let id = queue.shift(); id !== undefined && !failed; id = queue.shift()) {
        try {
          const paper = await this.fetchPaper(id);
          if (paper) found.set(id, paper);
        } catch (error) {
          failed = true;
          throw error;
        }
      }
    };
    const workers = Array.from({ length: Math.min(concurrency, queue.length) }, () => worker());
    const settled = await Promise.allSettled(workers);
    const rejection = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (rejection) throw rejection.reason;
    // Keep the order the ids were asked in, whatever order the answers came in.
    const ordered = new Map<string, HfPaper>();
    for (const id of new Set(arxivIds.map((asked) => splitVersionedId(asked).arxivId))) {
      const paper = found.get(id);
      if (paper) ordered.set(id, paper);
    }
    return ordered;
  }

  /**
   * The day's Daily Papers as `new` papers (categories ignored; none when `new` is not asked for). With no
   * listing date, the latest listing, dated by its papers' `submittedOnDailyAt` (or today when it is empty).
   */
  async fetchListing(request: ListingRequest): Promise<Listing> {
    const { papers, problems } = await this.fetchDailyPapers(request.listingDate);
    const listingDate = request.listingDate ?? latestDay(papers) ?? isoDateOf(this.now());
    const listed: ListedPaper[] = request.announceTypes.includes('new')
      ? papers.map((hf) => ({ paper: toPaper(hf), announceType: 'new' }))
      : [];
    // Daily Papers has no count to check against: the day is whole unless paging stopped early.
    const url = buildDailyPapersUrl(this.baseUrl, {
      date: request.listingDate,
      page: 0,
      pageSize: this.pageSize,
    });
    const incomplete = problems.find((problem) => problem.rule === 'incomplete-listing');
    return {
      listingDate,
      papers: listed,
      problems,
      url,
      reportedCount: papers.length,
      incompleteReason: incomplete?.what ?? null,
    };
  }
}

/** The latest UTC day any of the papers was put on Daily Papers. */
function latestDay(papers: readonly HfPaper[]): IsoDate | null {
  const days = papers.flatMap((paper) =>
    paper.submittedOnDailyAt ? [isoDateOf(paper.submittedOnDailyAt)] : [],
  );
  return days.length === 0 ? null : days.reduce((latest, day) => (day > latest ? day : latest));
}

function isNotFound(error: unknown): boolean {
  return error instanceof HttpError && error.status === 404;
}

function checkWhole(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(name, `must be a whole number from ${min} to ${max}, not ${value}`);
  }
  return value;
}
