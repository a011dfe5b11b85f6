// A real OpenAI-compatible embeddings server on 127.0.0.1 for tests: each text becomes a vector of counts of a
// few topic words (so "close" means "shares topic words"), answered in reverse order with their indexes; every
// request is recorded. `fail` makes it answer 500.

import { startLoopbackServer, type RecordedRequest } from './loopback-server.js';

/** The vector's dimensions: how often each of these stems occurs in the text. */
const EMBEDDING_WORDS = ['robot', 'locomot', 'legged', 'language', 'token', 'galax', 'dark matter'];

export interface EmbeddingsServer {
  /** `http://127.0.0.1:PORT/v1`. */
  url: string;
  /** Every request, parsed: the model asked for, the texts and the headers. */
  requests: { model: string; input: string[]; headers: RecordedRequest['headers'] }[];
  close(): Promise<void>;
}

/** The fake's vector of a text: counts of EMBEDDING_WORDS (lower-cased), plus 0.1 so no vector is all zero. */
export function fakeEmbeddingOf(text: string): number[] {
  const lower = text.toLowerCase();
  return EMBEDDING_WORDS.map((word) => lower.split(word).length - 1 + 0.1);
}

export interface EmbeddingsServerOptions {
  fail?: boolean;
  /** A text's embedding as raw JSON (`[1e400, 1]`, which JSON.stringify cannot write); fakeEmbeddingOf by default. */
  embeddingJsonOf?: (text: string) => string;
}

export async function startEmbeddingsServer(
  options: EmbeddingsServerOptions = {},
): Promise<EmbeddingsServer> {
  const requests: EmbeddingsServer['requests'] = [];
  const server = await startLoopbackServer((recorded, response) => {
    const body = JSON.parse(recorded.body) as { model: string; input: string[] };
    requests.push({ model: body.model, input: body.input, headers: recorded.headers });
    if (options.fail || !recorded.url.endsWith('/v1/embeddings')) {
      response.writeHead(options.fail ? 500 : 404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: { message: 'no embeddings here' } }));
      return;
    }
    const embeddingJsonOf = options.embeddingJsonOf ?? ((text) => JSON.stringify(fakeEmbeddingOf(text)));
    const data = body.input.map(
      (text, index) => `{"object":"embedding","index":${index},"embedding":${embeddingJsonOf(text)}}`,
    );
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(
      `{"object":"list","model":${JSON.stringify(body.model)},"data":[${data.reverse().join(',')}]}`,
    );
  });
  return { url: `${server.url}/v1`, requests, close: () => server.close() };
}
