// A DeepL-shaped server on 127.0.0.1 for tests: POST <any prefix>/v2/translate with a JSON body, answered by a
// reply function with `{ translations: [{ detected_source_language, text }] }` or an error status.

import { startLoopbackServer, type RecordedRequest } from './loopback-server.js';

/** One translate request as the server understood it. */
export interface DeeplServerRequest {
  /** `text[0]` of the body. */
  text: string;
  targetLang: string;
  /** The whole parsed JSON body. */
  body: Record<string, unknown>;
  path: string;
  headers: RecordedRequest['headers'];
  index: number;
}

/** `{ text }` (null: a translation without text), or a status with a JSON body. */
export type DeeplReply = { text: string | null } | { status: number; body?: unknown };

export interface DeeplServer {
  url: string;
  requests: DeeplServerRequest[];
  close(): Promise<void>;
}

export async function startDeeplServer(
  reply: (request: DeeplServerRequest) => DeeplReply,
): Promise<DeeplServer> {
  const requests: DeeplServerRequest[] = [];
  const server = await startLoopbackServer((recorded, response) => {
    const path = recorded.url.split('?')[0] ?? '/';
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    if (recorded.method !== 'POST' || !path.endsWith('/v2/translate')) {
      send(404, { message: `no route for ${recorded.method} ${path}` });
      return;
    }
    const body = JSON.parse(recorded.body) as Record<string, unknown>;
    const texts = Array.isArray(body['text']) ? (body['text'] as unknown[]) : [];
    const request: DeeplServerRequest = {
      text: typeof texts[0] === 'string' ? texts[0] : '',
      targetLang: typeof body['target_lang'] === 'string' ? body['target_lang'] : '',
      body,
      path: recorded.url,
      headers: recorded.headers,
      index: requests.length,
    };
    requests.push(request);
    const answer = reply(request);
    if ('status' in answer) {
      send(answer.status, answer.body ?? { message: 'error' });
      return;
    }
    send(200, {
      translations: [
        answer.text === null
          ? { detected_source_language: 'EN' }
          : { detected_source_language: 'EN', text: answer.text },
      ],
    });
  });
  return { url: server.url, requests, close: () => server.close() };
}
