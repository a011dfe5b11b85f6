// A fake arXiv OAI-PMH server on 127.0.0.1 for tests: serves an archive of synthetic arXivRaw records (or recorded
// pages) through ListRecords with either token style, and lets a test refuse tokens, answer 503 or hold a page.

import type { ServerResponse } from 'node:http';
import { startLoopbackServer, type LoopbackServer, type RecordedRequest } from './loopback-server.js';

/** One synthetic record. */
export interface FakeRecord {
  id: string;
  /** `YYYY-MM-DD`. */
  datestamp: string;
  /** Each version's submission time, oldest first. */
  versionDates: Date[];
  categories: string[];
  title?: string;
}

/** What the server answers instead of the list, for one request; undefined: answer the list. */
interface Interruption {
  status: number;
  headers?: Record<string, string>;
  body: string;
}

export interface FakeOaiOptions {
  records: FakeRecord[];
  pageSize: number;
  /** `new`: `…skip=N` tokens with `expirationDate`, `<resumptionToken/>` ends; `old`: `id|N` with cursor and size. */
  style: 'new' | 'old';
  /** Called before each request is answered (0-based count of ListRecords requests so far). */
  intercept?: (
    params: URLSearchParams,
    index: number,
  ) => Interruption | Promise<Interruption | undefined> | undefined;
}

export interface FakeOaiServer extends LoopbackServer {
  /** The base URL, as PAPERWIRE_ARXIV_OAI_URL. */
  oaiUrl: string;
  /** The query of every ListRecords request, in order. */
  queries(): URLSearchParams[];
}

const ENVELOPE_START =
  '<?xml version="1.0" encoding="UTF-8"?>\n<OAI-PMH xmlns="http://www.openarchives.org/OAI/2.0/" ' +
  'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ' +
  'xsi:schemaLocation="http://www.openarchives.org/OAI/2.0/ http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd">\n' +
  '<responseDate>2026-12-01T09:00:00Z</responseDate>\n<request>http://oaipmh.arxiv.org/oai</request>\n';

/** An OAI error answer as the new endpoint writes it. */
export function oaiErrorBody(code: string, message: string): string {
  return `${ENVELOPE_START}<error code='${code}'>${message}</error>\n</OAI-PMH>\n`;
}

/** `Tue, 03 Apr 2007 22:04:11 GMT` (the new endpoint pads the day). */
function rfc2822Of(instant: Date): string {
  return instant.toUTCString();
}

/** One `<record>` in arXivRaw. */
function arxivRawRecord(record: FakeRecord): string {
  const versions = record.versionDates
    .map(
      (date, index) =>
        `<version version="v${index + 1}"><date>${rfc2822Of(date)}</date><size>100kb</size></version>`,
    )
    .join('');
  const sets = record.categories
    .map((category) => `<setSpec>${category.replace('.', ':')}</setSpec>`)
    .join('');
  return (
    `<record><header><identifier>oai:arXiv.org:${record.id}</identifier><datestamp>${record.datestamp}</datestamp>` +
    `${sets}</header><metadata><arXivRaw xmlns="http://arxiv.org/OAI/arXivRaw/"><id>${record.id}</id>` +
    `<submitter>A. Submitter</submitter>${versions}<title>${record.title ?? `Paper ${record.id}`}</title>` +
    `<authors>Ada Lovelace, Alan Turing and Grace Hopper</authors><categories>${record.categories.join(' ')}</categories>` +
    `<abstract>  What paper ${record.id} is about.\n</abstract></arXivRaw></metadata></record>\n`
  );
}

/** A ListRecords page of `records` and the token element (or none when `token` is null). */
export function listRecordsBody(records: readonly FakeRecord[], token: string | null): string {
  return `${ENVELOPE_START}<ListRecords>\n${records.map(arxivRawRecord).join('')}${token ?? ''}</ListRecords>\n</OAI-PMH>\n`;
}

/** Starts the server; records are served sorted by (datestamp, id), as the new endpoint sorts them. */
export async function startFakeOaiServer(options: FakeOaiOptions): Promise<FakeOaiServer> {
  let listRequests = 0;
  const sorted = [...options.records].sort(
    (a, b) => a.datestamp.localeCompare(b.datestamp) || a.id.localeCompare(b.id),
  );
  const server = await startLoopbackServer(async (request: RecordedRequest, response: ServerResponse) => {
    const params = new URL(request.url, 'http://127.0.0.1').searchParams;
    const index = listRequests++;
    const interruption = await options.intercept?.(params, index);
    if (interruption !== undefined) {
      response.writeHead(interruption.status, { 'content-type': 'text/xml', ...interruption.headers });
      response.end(interruption.body);
      return;
    }
    response.writeHead(200, { 'content-type': 'text/xml' });
    response.end(answer(params, sorted, options));
  });
  return {
    ...server,
    oaiUrl: `${server.url}/oai`,
    queries: () => server.requests.map((request) => new URL(request.url, 'http://127.0.0.1').searchParams),
  };
}

/** The page a request asks for, from the start of its selection or from its token. */
function answer(params: URLSearchParams, records: readonly FakeRecord[], options: FakeOaiOptions): string {
  const token = params.get('resumptionToken');
  let query = params;
  let skip = 0;
  if (token !== null) {
    const decoded = options.style === 'new' ? decodeNewToken(token) : decodeOldToken(token);
    if (decoded === null)
      return oaiErrorBody(
        'badResumptionToken',
        'The value of the resumptionToken argument is invalid or expired.',
      );
    ({ query, skip } = decoded);
  }
  const from = query.get('from') ?? '0000-00-00';
  const until = query.get('until') ?? '9999-99-99';
  const selected = records.filter((record) => record.datestamp >= from && record.datestamp <= until);
  if (selected.length === 0) {
    return oaiErrorBody(
      'noRecordsMatch',
      'The combination of the values of the from, until, set and metadataPrefix arguments results in an empty list.',
    );
  }
  const page = selected.slice(skip, skip + options.pageSize);
  const isLast = skip + options.pageSize >= selected.length;
  const next = isLast ? null : skip + options.pageSize;
  return listRecordsBody(
    page,
    tokenElement(query, next, skip, selected.length, token !== null, options.style),
  );
}

/** The token after a page: `next` is the position of the next page's first record, null after the last page. */
function tokenElement(
  query: URLSearchParams,
  next: number | null,
  cursor: number,
  size: number,
  isResumed: boolean,
  style: 'new' | 'old',
): string | null {
  if (style === 'old') {
    // OAI-PMH §3.5: the last page of a list carries an empty token with the list's size.
    const value = next === null ? '' : `${encodeOldQuery(query)}|${next + 1}`;
    return `<resumptionToken cursor="${cursor}" completeListSize="${size}">${value}</resumptionToken>\n`;
  }
  if (next === null) return isResumed ? '<resumptionToken/>\n' : null;
  const params = new URLSearchParams(query);
  params.delete('resumptionToken');
  params.set('skip', String(next));
  // arXiv's tokens expire at the next midnight UTC (oaipmh processors/resume.py).
  const midnight = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  return `<resumptionToken expirationDate='${midnight}T00:00:00Z'>${encodeURIComponent(params.toString())}</resumptionToken>\n`;
}

function decodeNewToken(token: string): { query: URLSearchParams; skip: number } | null {
  const params = new URLSearchParams(decodeURIComponent(token));
  const skip = params.get('skip');
  if (skip === null || !/^\d+$/.test(skip)) return null;
  params.delete('skip');
  return { query: params, skip: Number(skip) };
}

/** The old endpoint's token named a stored result set; this fake writes the query in its place. */
function encodeOldQuery(query: URLSearchParams): string {
  return Buffer.from(query.toString()).toString('hex');
}

function decodeOldToken(token: string): { query: URLSearchParams; skip: number } | null {
  const match = /^([0-9a-f]+)\|(\d+)$/.exec(token);
  if (match === null) return null;
  return {
    query: new URLSearchParams(Buffer.from(match[1] ?? '', 'hex').toString()),
    skip: Number(match[2]) - 1,
  };
}
