// The I/O of the OpenAI-compatible translator: one chat-completions POST through the shared HTTP client.
// Retries, backoff, Retry-After and timeouts are the `llm` policy's business in http.ts, never this file's.

import type { HttpClient } from '../../http.js';

export interface ChatMessage {
  role: 'system' | 'user';
  content: string;
}

export interface ChatCompletionRequest {
  model: string;
  messages: ChatMessage[];
  temperature: number;
  /** The most completion tokens (OpenAI chat-completions `max_tokens`); absent: the model's own limit. */
  max_tokens?: number;
}

/** `baseUrl` + `/chat/completions`, with or without a trailing slash or `/v1`, keeping any query string. */
export function chatCompletionsUrl(baseUrl: string): string {
  const url = new URL(baseUrl.trim());
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/chat/completions') ? path : `${path}/chat/completions`;
  return url.toString();
}

/**
 * POSTs one chat-completions request and returns the parsed JSON reply, whatever its shape.
 * Throws `HttpError` or `TimeoutError` (from http.ts) once the `llm` policy's retries are spent.
 */
export async function fetchChatCompletion(
  client: HttpClient,
  request: { url: string; apiKey: string | null; body: ChatCompletionRequest; signal?: AbortSignal },
): Promise<unknown> {
  const headers: Record<string, string> = {};
  if (request.apiKey) headers['authorization'] = `Bearer ${request.apiKey}`;
  return client.postJson(request.url, request.body, {
    policy: 'llm',
    headers,
    ...(request.signal ? { signal: request.signal } : {}),
  });
}
