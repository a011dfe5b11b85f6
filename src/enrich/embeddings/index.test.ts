// Tests for the embeddings client against a loopback OpenAI-compatible fake: what it sends, vectors in input
// order whatever the reply's order, and a clear error for a reply of the wrong shape.

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { HttpClient } from '../../http.js';
import {
  fakeEmbeddingOf,
  startEmbeddingsServer,
  type EmbeddingsServer,
} from '../../../test/helpers/embeddings-server.js';
import { startLoopbackServer } from '../../../test/helpers/loopback-server.js';
import { OpenAiEmbedder } from './index.js';
import { embeddingsUrl } from './fetch.js';

const client = () => new HttpClient({ policies: { llm: { retries: 0, backoffMs: 1 } } });

describe('OpenAiEmbedder', () => {
  let server: EmbeddingsServer;
  before(async () => {
    server = await startEmbeddingsServer();
  });
  after(() => server.close());

  it('posts the model and texts with the key as Bearer, and returns vectors in input order', async () => {
    const embedder = new OpenAiEmbedder({
      client: client(),
      baseUrl: server.url,
      model: 'nomic',
      apiKey: 'sk-test',
    });
    const texts = ['a legged robot', 'language tokens'];
    const vectors = await embedder.embed(texts);
    assert.deepEqual(
      vectors.map((vector) => [...vector]),
      texts.map((text) => [...Float32Array.from(fakeEmbeddingOf(text))]),
    );
    const request = server.requests[0];
    assert.ok(request);
    assert.equal(request.model, 'nomic');
    assert.deepEqual(request.input, texts);
    assert.equal(request.headers.authorization, 'Bearer sk-test');
  });

  it('throws naming the URL when the reply holds fewer vectors than texts', async () => {
    const short = await startLoopbackServer((_, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: [{ index: 0, embedding: [1, 2] }] }));
    });
    const embedder = new OpenAiEmbedder({ client: client(), baseUrl: short.url, model: 'm', apiKey: null });
    await assert.rejects(
      embedder.embed(['one', 'two']),
      /embeddings reply from http:\/\/127\.0\.0\.1:\d+\/embeddings holds 1 vectors for 2 texts/,
    );
    await short.close();
  });
});

describe('embeddingsUrl', () => {
  it('appends /embeddings once', () => {
    assert.equal(embeddingsUrl('http://localhost:11434/v1/'), 'http://localhost:11434/v1/embeddings');
    assert.equal(embeddingsUrl('http://h/v1/embeddings'), 'http://h/v1/embeddings');
  });
});
