// The I/O of the embeddings client: one OpenAI-compatible `/embeddings` POST through the shared HTTP client (the
// `llm` policy's timeouts, retries and Retry-After).

import type { HttpClient } from '../../http.js';

/** `baseUrl` + `/embeddings`, with or without a trailing slash, keeping any query string. */
export function embeddingsUrl(baseUrl: string): string {
  const url = new URL(baseUrl.trim());
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/embeddings') ? path : `${path}/embeddings`;
  return url.toString();
}

/** POSTs `{ model, input }` and returns the parsed JSON reply, whatever its shape. Throws what http.ts throws. */
export async function fetchEmbeddings(
  client: HttpClient,
  request: { url: string; apiKey: string | null; model: string; input: readonly string[] },
): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (request.apiKey) headers['authorization'] = `Bearer ${request.apiKey}`;
  return client.postJson(
    request.url,
    { model: request.model, input: request.input },
    { policy: 'llm', headers },
  );
}
