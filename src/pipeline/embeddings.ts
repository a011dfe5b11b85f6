// Embeddings in the relevance stage: vectors of the liked papers and the day's papers from any OpenAI-compatible
// `/v1/embeddings` endpoint (enrich/embeddings), cached in the store by model and paper, mixed into the scores.

import { isPaperwireError } from '../errors.js';
import type { Relevance } from '../model.js';
import { hashRelevanceText, type RelevanceText } from '../relevance/terms.js';
import type { Store, StoredEmbedding } from '../store/store.js';

/** Turns texts into vectors. The composition roots build one (enrich/embeddings); tests use a loopback fake. */
export interface Embedder {
  /** The model's name: the cache key, so vectors of two models never mix. */
  model: string;
  /** One vector per text, in order. Throws a PaperwireError when the endpoint fails. */
  embed(texts: readonly string[]): Promise<Float32Array[]>;
}

/** Texts per request. */
const BATCH = 64;

export interface KeyedText {
  key: string;
  text: RelevanceText;
}

/**
 * Mixes embeddings into `scores` (in place): each day paper's cosine to its nearest liked paper, standardised over
 * the day and squashed by a sigmoid to 0..1, averaged with the local score. Returns notices: an endpoint that fails
 * leaves the local scores as they were and says so in one notice.
 */
export async function scoreWithEmbeddings(
  scores: Map<string, Relevance>,
  input: { liked: readonly KeyedText[]; candidates: readonly KeyedText[]; store: Store; embedder: Embedder },
): Promise<string[]> {
  let vectors: Map<string, Float32Array>;
  try {
    vectors = await loadVectors([...input.liked, ...input.candidates], input.store, input.embedder);
  } catch (error) {
    if (!isPaperwireError(error)) throw error;
    return [
      `relevance: embeddings from ${input.embedder.model} failed (${error.message}); the local model ranked alone`,
    ];
  }
  const liked = input.liked.flatMap((item) => vectors.get(item.key) ?? []);
  if (liked.length === 0) return [];
  const nearest = input.candidates.map((item) => {
    const vector = vectors.get(item.key);
    return vector === undefined ? null : Math.max(...liked.map((other) => cosineOf(vector, other)));
  });
  const known = nearest.filter((value): value is number => value !== null);
  const mean = known.reduce((sum, value) => sum + value, 0) / Math.max(1, known.length);
  const spread =
    Math.sqrt(known.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, known.length)) || 1;
  input.candidates.forEach((item, index) => {
    const closeness = nearest[index];
    const local = scores.get(item.key);
    if (closeness === null || closeness === undefined || local === undefined) return;
    const embedded = 1 / (1 + Math.exp(-(closeness - mean) / spread));
    scores.set(item.key, { ...local, score: Math.round(((local.score + embedded) / 2) * 1000) / 1000 });
  });
  return [];
}

/** Vectors by key: cached ones whose text is unchanged, the rest fetched BATCH at a time and cached. */
async function loadVectors(
  texts: readonly KeyedText[],
  store: Store,
  embedder: Embedder,
): Promise<Map<string, Float32Array>> {
  const unique = [...new Map(texts.map((item) => [item.key, item])).values()];
  const cached = store.loadEmbeddings(
    embedder.model,
    unique.map((item) => item.key),
  );
  const vectors = new Map<string, Float32Array>();
  const missing: (KeyedText & { textHash: string })[] = [];
  for (const item of unique) {
    const textHash = hashRelevanceText(item.text);
    const stored = cached.get(item.key);
    if (stored?.textHash === textHash) vectors.set(item.key, stored.vector);
    else missing.push({ ...item, textHash });
  }
  for (let at = 0; at < missing.length; at += BATCH) {
    const batch = missing.slice(at, at + BATCH);
    const embedded = await embedder.embed(batch.map((item) => `${item.text.title}\n\n${item.text.abstract}`));
    const fresh: StoredEmbedding[] = batch.map((item, index) => ({
      key: item.key,
      textHash: item.textHash,
      vector: embedded[index] ?? new Float32Array(),
    }));
    store.saveEmbeddings(embedder.model, fresh);
    for (const entry of fresh) vectors.set(entry.key, entry.vector);
  }
  return vectors;
}

function cosineOf(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let aa = 0;
  let bb = 0;
  a.forEach((x, index) => {
    const y = b[index] ?? 0;
    dot += x * y;
    aa += x * x;
    bb += y * y;
  });
  return aa === 0 || bb === 0 ? 0 : dot / Math.sqrt(aa * bb);
}
