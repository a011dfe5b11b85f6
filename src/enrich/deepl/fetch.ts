// The I/O of the DeepL translator: one POST {base}/v2/translate through the shared HTTP client. Retries, backoff,
// Retry-After (DeepL answers 429 when too many requests are sent) and timeouts are the `llm` policy's business.

import type { HttpClient } from '../../http.js';

/** DeepL's JSON request body (https://developers.deepl.com/docs/api-reference/translate). */
export interface DeeplRequest {
  text: string[];
  source_lang: 'EN';
  target_lang: string;
}

/** `baseUrl` + `/v2/translate`, with or without a trailing slash or `/v2`, keeping any query string. */
export function deeplTranslateUrl(baseUrl: string): string {
  const url = new URL(baseUrl.trim());
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v2(?:\/translate)?$/, '');
  url.pathname = `${path}/v2/translate`;
  return url.toString();
}

/**
 * POSTs one translate request with `Authorization: DeepL-Auth-Key <key>` and returns the parsed JSON reply.
 * Throws `HttpError` or `TimeoutError` (from http.ts) once the `llm` policy's retries are spent.
 */
export async function fetchDeeplTranslation(
  client: HttpClient,
  request: { url: string; apiKey: string; body: DeeplRequest; signal?: AbortSignal },
): Promise<unknown> {
  return client.postJson(request.url, request.body, {
    policy: 'llm',
    headers: { authorization: `DeepL-Auth-Key ${request.apiKey}` },
    ...(request.signal ? { signal: request.signal } : {}),
  });
}
