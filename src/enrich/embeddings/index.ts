// Embeddings from any OpenAI-compatible `/v1/embeddings` endpoint (Ollama, vLLM, OpenAI): the Embedder the
// relevance stage mixes in. Built by the composition roots from `[relevance]`.

import type { HttpClient } from '../../http.js';
import { embeddingsUrl, fetchEmbeddings } from './fetch.js';
import { parseEmbeddings } from './parse.js';

export interface OpenAiEmbedderOptions {
  client: HttpClient;
  baseUrl: string;
  model: string;
  apiKey: string | null;
}

/** The Embedder contract (pipeline/embeddings.ts): `model` and `embed(texts)`, one vector per text, in order. */
export class OpenAiEmbedder {
  readonly model: string;
  private readonly url: string;

  constructor(private readonly options: OpenAiEmbedderOptions) {
    this.model = options.model;
    this.url = embeddingsUrl(options.baseUrl);
  }

  async embed(texts: readonly string[]): Promise<Float32Array[]> {
    if (texts.length === 0) return [];
    const reply = await fetchEmbeddings(this.options.client, {
      url: this.url,
      apiKey: this.options.apiKey,
      model: this.model,
      input: texts,
    });
    return parseEmbeddings(reply, texts.length, this.url);
  }
}
