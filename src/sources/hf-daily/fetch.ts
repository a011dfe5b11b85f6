// Builds Hugging Face papers API URLs and gets their text through the shared HTTP client (policy
// `huggingFace`: pacing, retries and Retry-After live in http.ts). Endpoints: docs/sources.md#hugging-face.

import type { HttpClient } from '../../http.js';
import type { IsoDate } from '../../model.js';

/** `https://huggingface.co/api` (or a mirror) without a trailing slash. */
function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/**
 * `GET {base}/daily_papers?date=YYYY-MM-DD&p=N&limit=L`: one page of a day's listing. `p` counts pages from 0.
 * Without a date the API lists the latest papers.
 */
export function buildDailyPapersUrl(
  baseUrl: string,
  options: { date: IsoDate | null; page: number; pageSize: number },
): string {
  const params = new URLSearchParams();
  if (options.date !== null) params.set('date', options.date);
  params.set('p', String(options.page));
  params.set('limit', String(options.pageSize));
  return `${trimBase(baseUrl)}/daily_papers?${params.toString()}`;
}

/** `GET {base}/papers/search?q=...&limit=N`: papers matching a full-text query, most relevant first. */
export function buildPaperSearchUrl(baseUrl: string, options: { query: string; limit: number }): string {
  const params = new URLSearchParams({ q: options.query, limit: String(options.limit) });
  return `${trimBase(baseUrl)}/papers/search?${params.toString()}`;
}

/** `GET {base}/papers/{arxivId}`: one paper page. */
export function buildPaperUrl(baseUrl: string, arxivId: string): string {
  const path = arxivId.split('/').map(encodeURIComponent).join('/');
  return `${trimBase(baseUrl)}/papers/${path}`;
}

/**
 * The body of a Hugging Face API answer, asking for JSON.
 * @throws HttpError (with `status`, e.g. 404) or TimeoutError from the client once its retries are spent.
 */
export async function fetchHfText(client: HttpClient, url: string): Promise<string> {
  const response = await client.getText(url, {
    policy: 'huggingFace',
    headers: { accept: 'application/json' },
  });
  return response.text;
}
