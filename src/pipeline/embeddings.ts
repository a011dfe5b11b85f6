// Embeddings in the relevance stage: vectors of the liked papers and the day's papers from any OpenAI-compatible
// `/v1/embeddings` endpoint (enrich/embeddings), cached in the store by model and paper, mixed into the scores.

import { PaperwireError, isPaperwireError } from '../errors.js';
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

/**
 * Vectors by key: cached ones whose text is unchanged, the rest fetched BATCH at a time and cached. A cached vector
 * that is empty, holds a number out of range, or has another size than the model's answers now (the same name
 * serving another model) is fetched again. Throws a PaperwireError when the endpoint's own answers differ in size.
 */
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
  const missing: HashedText[] = [];
  const kept: HashedText[] = [];
  for (const item of unique) {
    const textHash = hashRelevanceText(item.text);
    const stored = cached.get(item.key);
    if (stored?.textHash === textHash && isUsableVector(stored.vector)) {
      vectors.set(item.key, stored.vector);
      kept.push({ ...item, textHash });
    } else missing.push({ ...item, textHash });
  }
  await embedAndCache(missing, vectors, store, embedder);
  // The size the model answers now; with nothing fetched, cached vectors of mixed sizes are all fetched again.
  const freshSize = missing.length > 0 ? vectors.get(missing[0]?.key ?? '')?.length : undefined;
  const keptSizes = new Set(kept.map((item) => vectors.get(item.key)?.length));
  const stale =
    freshSize !== undefined
      ? kept.filter((item) => vectors.get(item.key)?.length !== freshSize)
      : keptSizes.size > 1
        ? kept
        : [];
  await embedAndCache(stale, vectors, store, embedder);
  const sizes = new Set([...vectors.values()].map((vector) => vector.length));
  if (sizes.size > 1) {
    throw new PaperwireError(
      'E_HTTP',
      `${embedder.model} answered vectors of ${[...sizes].join(' and ')} dimensions`,
      {
        hint: 'check [relevance] embeddings_model names one model',
      },
    );
  }
  return vectors;
}

type HashedText = KeyedText & { textHash: string };

/** Fetches the vectors of `items`, BATCH at a time, into `vectors` and the store's cache. */
async function embedAndCache(
  items: readonly HashedText[],
  vectors: Map<string, Float32Array>,
  store: Store,
  embedder: Embedder,
): Promise<void> {
  for (let at = 0; at < items.length; at += BATCH) {
    const batch = items.slice(at, at + BATCH);
    const embedded = await embedder.embed(batch.map((item) => `${item.text.title}\n\n${item.text.abstract}`));
    const fresh: StoredEmbedding[] = batch.map((item, index) => ({
      key: item.key,
      textHash: item.textHash,
      vector: embedded[index] ?? new Float32Array(),
    }));
    store.saveEmbeddings(embedder.model, fresh);
    for (const entry of fresh) vectors.set(entry.key, entry.vector);
  }
}

/** A vector the cosine can use: not empty, every number finite (an endpoint once answered `1e400`, Infinity). */
function isUsableVector(vector: Float32Array): boolean {
  return vector.length > 0 && vector.every(Number.isFinite);
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
