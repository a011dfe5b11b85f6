// Builds arXiv OAI-PMH ListRecords URLs and gets their bytes through the shared HTTP client (policy `arxivOai`:
// 3 s between requests, 503 Retry-After honoured). Protocol: https://www.openarchives.org/OAI/openarchivesprotocol.html

import type { HttpClient } from '../../http.js';
import type { IsoDate } from '../../model.js';

/** What a first ListRecords request selects; null leaves the argument out. */
export interface ListRecordsQuery {
  /** An OAI set spec (`cs`, `cs:cs:LG`, `physics:hep-th`). */
  set: string | null;
  /** Datestamps from this day on, inclusive. */
  from: IsoDate | null;
  /** Datestamps up to this day, inclusive. */
  until: IsoDate | null;
}

/** The first request of a list, in `arXivRaw` (every version with its date). */
export function buildListRecordsUrl(baseUrl: string, query: ListRecordsQuery): string {
  const params = new URLSearchParams({ verb: 'ListRecords', metadataPrefix: 'arXivRaw' });
  if (query.from !== null) params.set('from', query.from);
  if (query.until !== null) params.set('until', query.until);
  if (query.set !== null) params.set('set', query.set);
  return `${baseUrl}?${params.toString()}`;
}

/**
 * The next page: `resumptionToken` is exclusive (OAI-PMH §3.5), and is sent URL-encoded as received, so the new
 * endpoint's already-quoted token (`verb%3DListRecords%26…`) arrives as it was written.
 */
export function buildResumeUrl(baseUrl: string, token: string): string {
  const params = new URLSearchParams({ verb: 'ListRecords', resumptionToken: token });
  return `${baseUrl}?${params.toString()}`;
}

/** GETs one page under the `arxivOai` policy. Throws `HttpError`/`TimeoutError` as the client does. */
export async function fetchOaiPage(client: HttpClient, url: string): Promise<string> {
  const response = await client.getText(url, {
    policy: 'arxivOai',
    headers: { accept: 'text/xml, application/xml' },
  });
  return response.text;
}
