// The arXiv OAI-PMH source: harvests ListRecords in arXivRaw page by page, following resumption tokens of both
// styles, handing each page to its caller before asking for the next. Builds on fetch.ts (bytes) and parse.ts.

import { createHash } from 'node:crypto';
import { FeedError, OaiError } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import type { IsoDate } from '../../model.js';
import { buildListRecordsUrl, buildResumeUrl, fetchOaiPage, type ListRecordsQuery } from './fetch.js';
import { parseOaiListRecords, type OaiPage, type ResumptionToken } from './parse.js';

export { parseSetName } from './sets.js';

export interface ArxivOaiSourceOptions {
  client: HttpClient;
  /** `https://oaipmh.arxiv.org/oai` or a mirror. */
  baseUrl: string;
  /** The clock a stored token's expiry is compared with. */
  now: () => Date;
}

/** Where an interrupted harvest stands: the token to send next, and the latest datestamp harvested. */
export interface HarvestPosition {
  token: ResumptionToken;
  lastDatestamp: IsoDate | null;
}

/**
 * A restart of the list once its resumption token was lost (`expired`: the stored one was past its expiry, not sent;
 * `refused`: arXiv answered badResumptionToken): from `from` (a datestamp, or the request's own `from`; null: the
 * start of the list). The restarted list holds again the records of that day (all of them, from the request's own
 * `from`) harvested before it.
 */
export interface HarvestRestart {
  from: IsoDate | null;
  reason: 'expired' | 'refused';
}

/** One page harvested, as handed to the caller: save it, and the position to continue from, together. */
export interface HarvestedPage extends Pick<OaiPage, 'records' | 'deletedIds' | 'problems'> {
  url: string;
  /** The token for the next page; null when this page ends the list. */
  next: ResumptionToken | null;
  /** The latest datestamp of this harvest so far (this page included); null before any record. */
  lastDatestamp: IsoDate | null;
  /** The latest restart of the list in this call, before this page; null when it was not restarted. */
  restart: HarvestRestart | null;
}

export interface HarvestCallbacks {
  /** Called once per page, in order; the next page is asked for when it resolves. */
  onPage: (page: HarvestedPage) => void | Promise<void>;
  /** A line for the user: a token expired and the harvest restarts from a datestamp. */
  onNotice: (line: string) => void;
}

/**
 * The arXiv OAI-PMH source. `noRecordsMatch` is an empty list; an expired or refused token restarts the list from
 * the last datestamp harvested (the new endpoint sorts by datestamp) or, for the old endpoint's unsorted lists, from
 * the request's own `from`; any other OAI error is an `OaiError`.
 */
export class ArxivOaiSource {
  readonly name = 'arxiv-oai';
  private readonly client: HttpClient;
  private readonly baseUrl: string;
  private readonly now: () => Date;

  constructor(options: ArxivOaiSourceOptions) {
    this.client = options.client;
    this.baseUrl = options.baseUrl;
    this.now = options.now;
  }

  /**
   * Harvests `query` from its start, or from `resumeAt` (a stored token and the datestamp reached), calling
   * `onPage` for each page. Resolves when the list ends.
   * @throws OaiError for an OAI error other than `noRecordsMatch` (an unknown set names the set and the fix);
   * FeedError for an answer that is not OAI-PMH; HttpError/TimeoutError from the client.
   */
  async harvest(
    query: ListRecordsQuery,
    resumeAt: HarvestPosition | null,
    callbacks: HarvestCallbacks,
  ): Promise<void> {
    let token = resumeAt?.token ?? null;
    let lastDatestamp = resumeAt?.lastDatestamp ?? null;
    let first: ListRecordsQuery = query;
    // The `from` of the last restart: restarting from it again would make no progress (a server refusing every
    // token, on a day holding more than a page), so a refusal then ends the harvest.
    let restartedFrom: IsoDate | null | undefined;
    let restart: HarvestRestart | null = null;
    // The tokens sent in this list: a server that hands one back again would make the list go round for ever.
    const sent = new Set<string>();
    // The pages of this list that named a next one, by their records: a server that sends a page again under a new
    // token goes round for ever as well (the tokens never repeat), and so does one sending empty pages.
    const pagesSeen = new Set<string>();
    if (token?.expiresAt != null && this.now() >= token.expiresAt) {
      first = restartQuery(query, token, lastDatestamp);
      restartedFrom = first.from;
      restart = { from: first.from, reason: 'expired' };
      callbacks.onNotice(
        `${restartReason(token, first)}: the stored resumption token expired at ${token.expiresAt.toISOString()}`,
      );
      token = null;
    }
    for (;;) {
      if (token !== null) sent.add(token.value);
      const url =
        token === null ? buildListRecordsUrl(this.baseUrl, first) : buildResumeUrl(this.baseUrl, token.value);
      const page = parseOaiListRecords(await fetchOaiPage(this.client, url), { url });
      const error = page.errors[0];
      if (error !== undefined) {
        const again = token === null ? null : restartQuery(query, token, lastDatestamp);
        if (
          error.code === 'badResumptionToken' &&
          token !== null &&
          again !== null &&
          again.from !== restartedFrom
        ) {
          first = again;
          restartedFrom = again.from;
          restart = { from: again.from, reason: 'refused' };
          callbacks.onNotice(
            `${restartReason(token, first)}: arXiv refused the resumption token (${error.message})`,
          );
          token = null;
          // A new list: its tokens, and its first pages, may be those of the refused one again.
          sent.clear();
          pagesSeen.clear();
          continue;
        }
        if (error.code === 'noRecordsMatch' && !isUnknownSet(error.message)) {
          await callbacks.onPage({
            url,
            records: [],
            deletedIds: [],
            problems: [],
            next: null,
            lastDatestamp,
            restart,
          });
          return;
        }
        throw oaiErrorOf(url, error.code, error.message, query);
      }
      if (page.resumptionToken !== null) {
        const key = pageKeyOf(page);
        if (pagesSeen.has(key)) throw repeatedPageError(url, page);
        pagesSeen.add(key);
      }
      if (page.lastDatestamp !== null && (lastDatestamp === null || page.lastDatestamp > lastDatestamp)) {
        lastDatestamp = page.lastDatestamp;
      }
      const { records, deletedIds, problems } = page;
      await callbacks.onPage({
        url,
        records,
        deletedIds,
        problems,
        next: page.resumptionToken,
        lastDatestamp,
        restart,
      });
      if (page.resumptionToken === null) return;
      if (sent.has(page.resumptionToken.value)) {
        throw new FeedError(
          url,
          `arXiv's OAI-PMH sent the resumption token "${shortened(page.resumptionToken.value, TOKEN_SHOWN_CHARS)}" again, so the list would never end`,
          {
            hint: 'what was harvested is kept; try again later, or start a new list with another --from',
          },
        );
      }
      token = page.resumptionToken;
    }
  }
}

/**
 * The request a list restarts with when its token is gone: the new endpoint returns records sorted by datestamp,
 * so from the latest datestamp harvested (that day's records come again and are saved unchanged); the old
 * endpoint's lists (tokens with a `cursor`) were not sorted, so from the request's own `from`. A refusal that would
 * restart from where the last restart began ends the harvest with the error.
 */
function restartQuery(
  query: ListRecordsQuery,
  token: ResumptionToken,
  lastDatestamp: IsoDate | null,
): ListRecordsQuery {
  const isSorted = token.cursor === null;
  return isSorted && lastDatestamp !== null ? { ...query, from: lastDatestamp } : query;
}

function restartReason(token: ResumptionToken, restart: ListRecordsQuery): string {
  const from = restart.from === null ? 'the start of the list' : `datestamp ${restart.from}`;
  const why = token.cursor === null ? '' : ' (the old endpoint does not sort by datestamp)';
  return `restarting the harvest from ${from}${why}`;
}

/** The old endpoint answers an unknown set with noRecordsMatch: "Set argument doesn't match any sets". */
function isUnknownSet(message: string): boolean {
  return /doesn't match any sets|not a valid set|unknown set/i.test(message);
}

function oaiErrorOf(url: string, code: string, message: string, query: ListRecordsQuery): OaiError {
  // The new endpoint's badArgument text names no argument; paperwire sends only a set that can be wrong.
  const isSetFault = query.set !== null && (code === 'badArgument' || isUnknownSet(message));
  if (isSetFault) {
    return new OaiError(url, code, `arXiv's OAI-PMH has no set "${query.set ?? ''}": ${message}`, {
      hint: 'use an archive or category (--set cs, --set cs.LG, --set hep-th) or a set spec such as cs:cs:LG',
    });
  }
  return new OaiError(url, code, `arXiv's OAI-PMH answered ${code}: ${message}`, {
    hint: 'check PAPERWIRE_ARXIV_OAI_URL and the --set, --from and --until values',
  });
}

/** What tells one page from another: its records' and deleted records' ids and its problems, in order (a digest). */
function pageKeyOf(page: OaiPage): string {
  const hash = createHash('sha256');
  for (const record of page.records) hash.update(`${record.paper.arxivId}\n`);
  hash.update('deleted\n');
  for (const id of page.deletedIds) hash.update(`${id}\n`);
  // Records that could not be read leave only their problem: a page of them is not the next one of the same kind.
  hash.update('problems\n');
  for (const problem of page.problems) hash.update(`${problem.what}\n`);
  return hash.digest('base64');
}

/** A page that came before in this list, under a new token: the list would never end. Nothing of it is saved. */
function repeatedPageError(url: string, page: OaiPage): FeedError {
  const ids = [...page.records.map((record) => record.paper.arxivId), ...page.deletedIds];
  const what =
    ids.length === 0
      ? 'another page with no record'
      : `the same page again (${ids.length} record${ids.length === 1 ? '' : 's'}, ${ids[0] ?? ''} first)`;
  return new FeedError(
    url,
    `arXiv's OAI-PMH sent ${what} with a new resumption token, so the list would never end`,
    {
      hint: 'what was harvested is kept; try again later, or start a new list with another --from',
    },
  );
}

/** A token as an error names it: a server's token can be of any length. */
function shortened(text: string, maxChars: number): string {
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}

const TOKEN_SHOWN_CHARS = 80;
