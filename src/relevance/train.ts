// The learner behind the relevance model: L2-regularised logistic regression on sparse tf-idf vectors, by
// full-batch gradient descent from zero (deterministic: the same examples always give the same weights). Pure.

import type { TermVector } from './vector.js';

export interface TrainingExample {
  vector: TermVector;
  isPositive: boolean;
}

/**
 * A linear scorer: P(liked) = sigmoid(bias + Σ weights[i] × vector[ids[i]]) (scorer.ts scores with it); term ids not
 * in `ids` weigh 0. `ids` holds every id of the examples, each once, in the order they were first met.
 */
export interface LinearModel {
  ids: Int32Array;
  weights: Float64Array;
  bias: number;
}

export interface TrainOptions {
  /**
   * Gradient steps. 30 at a rate of 12 ranked as well as 150 at 4 in bench/rank.ts (nDCG@10 0.490 against 0.486)
   * at a fifth of the time, which is most of what one new rating costs.
   */
  steps?: number;
  learningRate?: number;
  /** L2 penalty: keeps weights small when a handful of positives are separable from everything. */
  l2?: number;
}

/**
 * Logistic regression on `examples`, each class weighed to half the loss (4 liked papers against 300 others would
 * otherwise learn "nothing is liked"). Why not a linear SVM, as arxiv-sanity-lite uses: its margins are not
 * probabilities, and a score a reader can threshold (`--min-score 0.6`) needs one; the weights explain the same way.
 */
export function trainLogistic(examples: readonly TrainingExample[], options: TrainOptions = {}): LinearModel {
  const steps = options.steps ?? 30;
  const learningRate = options.learningRate ?? 12;
  const l2 = options.l2 ?? 1e-4;
  const vocabulary = new Map<number, number>();
  const rows = examples.map((example) => {
    const { ids } = example.vector;
    const indexes = new Int32Array(ids.length);
    for (let at = 0; at < ids.length; at += 1) {
      const id = ids[at] ?? 0;
      let index = vocabulary.get(id);
      if (index === undefined) {
        index = vocabulary.size;
        vocabulary.set(id, index);
      }
      indexes[at] = index;
    }
    return { indexes, values: example.vector.weights, label: example.isPositive ? 1 : 0 };
  });
  const positives = rows.filter((row) => row.label === 1).length;
  const negatives = rows.length - positives;
  const classWeight = [negatives > 0 ? 0.5 / negatives : 0, positives > 0 ? 0.5 / positives : 0] as const;
  const weights = new Float64Array(vocabulary.size);
  const gradient = new Float64Array(vocabulary.size);
  let bias = 0;
  for (let step = 0; step < steps; step += 1) {
    gradient.fill(0);
    let biasGradient = 0;
    for (const row of rows) {
      let z = bias;
      for (let at = 0; at < row.indexes.length; at += 1) {
        z += (weights[row.indexes[at] ?? 0] ?? 0) * (row.values[at] ?? 0);
      }
      const error = (sigmoid(z) - row.label) * classWeight[row.label as 0 | 1];
      biasGradient += error;
      for (let at = 0; at < row.indexes.length; at += 1) {
        const index = row.indexes[at] ?? 0;
        gradient[index] = (gradient[index] ?? 0) + error * (row.values[at] ?? 0);
      }
    }
    // A loop, not weights.forEach: this runs 30 times over every term of the examples.
    for (let index = 0; index < weights.length; index += 1) {
      const weight = weights[index] ?? 0;
      weights[index] = weight - learningRate * ((gradient[index] ?? 0) + l2 * weight);
    }
    bias -= learningRate * biasGradient;
  }
  return { ids: Int32Array.from(vocabulary.keys()), weights, bias };
}

/** The logistic function: a linear model's sum as P(liked), 0..1. */
export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}
