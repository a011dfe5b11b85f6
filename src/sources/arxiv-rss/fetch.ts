// Gets the bytes of one rss.arxiv.org feed through the shared HTTP client; nothing else.

import type { HttpClient } from '../../http.js';

/**
 * The feed URL for archives or categories: `${baseUrl}/cs+stat.ML`.
 * rss.arxiv.org joins several categories with `+` (https://info.arxiv.org/help/rss.html).
 */
export function buildArxivRssUrl(baseUrl: string, categories: readonly string[]): string {
  return `${baseUrl.replace(/\/+$/, '')}/${categories.map((category) => encodeURIComponent(category)).join('+')}`;
}

/** GETs the feed under the `arxivRss` policy. Throws `HttpError`/`TimeoutError` as the client does. */
export async function fetchArxivRss(client: HttpClient, url: string): Promise<string> {
  const response = await client.getText(url, {
    policy: 'arxivRss',
    headers: { accept: 'application/rss+xml, application/xml;q=0.9, */*;q=0.1' },
  });
  return response.text;
}
