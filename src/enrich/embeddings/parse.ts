// Reads an OpenAI-compatible embeddings reply (`{ data: [{ index, embedding: number[] }] }`) into vectors in
// input order. Pure.

import { PaperwireError } from '../../errors.js';

/**
 * One vector per input, ordered by `index` (the API may answer out of order). Throws a PaperwireError (`E_HTTP`)
 * naming the URL when the reply is not that shape, holds another count of vectors than inputs, an empty vector,
 * vectors of different lengths, or a number a 32-bit float cannot hold (`1e400` parses as Infinity): such a vector
 * made every score NaN ("Relevance: NaN") and stayed cached.
 */
export function parseEmbeddings(reply: unknown, expected: number, url: string): Float32Array[] {
  const data = typeof reply === 'object' && reply !== null ? (reply as { data?: unknown }).data : undefined;
  if (!Array.isArray(data)) throw replyError(url, 'has no "data" list');
  const vectors = new Array<Float32Array | undefined>(expected).fill(undefined);
  data.forEach((item: unknown, position) => {
    const { index, embedding } = (item ?? {}) as { index?: unknown; embedding?: unknown };
    const at = typeof index === 'number' ? index : position;
    if (!Array.isArray(embedding) || !embedding.every((value) => typeof value === 'number')) {
      throw replyError(url, `data[${position}].embedding is not a list of numbers`);
    }
    if (!Number.isInteger(at) || at < 0 || at >= expected)
      throw replyError(url, `data[${position}].index is ${at}`);
    const vector = Float32Array.from(embedding);
    if (vector.length === 0) throw replyError(url, `data[${position}].embedding is empty`);
    if (!vector.every(Number.isFinite)) {
      throw replyError(url, `data[${position}].embedding holds a number out of range (Infinity or NaN)`);
    }
    const first = vectors.find((other) => other !== undefined);
    if (first !== undefined && first.length !== vector.length) {
      throw replyError(
        url,
        `data[${position}].embedding has ${vector.length} dimensions, another ${first.length}`,
      );
    }
    vectors[at] = vector;
  });
  const complete = vectors.filter((vector): vector is Float32Array => vector !== undefined);
  if (data.length !== expected || complete.length !== expected) {
    throw replyError(url, `holds ${data.length} vectors for ${expected} texts`);
  }
  return complete;
}

function replyError(url: string, what: string): PaperwireError {
  return new PaperwireError('E_HTTP', `embeddings reply from ${url} ${what}`, {
    hint: 'check [relevance] embeddings_url points at an OpenAI-compatible /v1 API',
  });
}
