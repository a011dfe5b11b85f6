// Pins the relevance model's fast scoring loop (scorer.ts: typed arrays, one id table) against a plain scorer built
// from the same pieces the way it was first written (weighTerms, cosineOf per liked paper, a Map of weights, every
// push sorted): on the 60 real papers of the demo day, both give the same scores and the same reasons.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import type { Relevance } from '../model.js';
import { parseArxivRss } from '../sources/arxiv-rss/parse.js';
import {
  pickReasonWords,
  shortenTitle,
  trainRelevanceModel,
  type ExampleKind,
  type RelevanceExample,
} from './model.js';
import { authorTermOf, extractTerms, isAuthorTerm, namesOf, packTerms } from './terms.js';
import { sigmoid, trainLogistic } from './train.js';
import { cosineOf, weighTerms, type DocumentFrequencies } from './vector.js';

const PAPERS = parseArxivRss(readFileSync('demo/arxiv-rss-cs.xml', 'utf8'), { url: 'demo' }).papers.map(
  (listed) => listed.paper,
);
const LIKED_KINDS: ReadonlySet<ExampleKind> = new Set(['library', 'up', 'save']);
const VERBS: Record<string, string> = { up: 'rated up', save: 'saved' };

/** Examples of every kind: four liked ways, two rated down, the rest a sample of "not this". */
function examplesOf(): RelevanceExample[] {
  const kinds: ExampleKind[] = ['library', 'library', 'up', 'save', 'down', 'down'];
  return PAPERS.slice(0, 30).map((paper, index) => ({
    key: paper.arxivId,
    kind: kinds[index] ?? 'sample',
    title: paper.title,
    authors: paper.authors,
    terms: packTerms(extractTerms(paper)),
  }));
}

function frequenciesOf(): DocumentFrequencies {
  const counts = new Map<number, number>();
  for (const paper of PAPERS) {
    for (const id of packTerms(extractTerms(paper)).ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return { documentCount: PAPERS.length, counts };
}

/** The scorer as first written: one vector, one cosine per liked paper and one sort of every push per paper. */
function plainScorer(
  examples: readonly RelevanceExample[],
  frequencies: DocumentFrequencies,
): (text: { terms: RelevanceExample['terms']; authors: readonly string[]; key: string }) => Relevance {
  const weighed = examples.map((example) => ({
    vector: weighTerms(example.terms, frequencies),
    isPositive: LIKED_KINDS.has(example.kind),
  }));
  const linear = trainLogistic(weighed);
  const weights = new Map(Array.from(linear.ids, (id, index) => [id, linear.weights[index] ?? 0]));
  const { bias } = linear;
  const liked = examples.filter((example) => LIKED_KINDS.has(example.kind));
  const likedVectors = weighed.filter((example) => example.isPositive).map((example) => example.vector);
  const names = new Map<number, string>();
  for (const example of liked) for (const [id, term] of namesOf(example.terms)) names.set(id, term);
  return (text) => {
    const vector = weighTerms(text.terms, frequencies);
    const cosines = likedVectors.map((other) => cosineOf(vector, other));
    const nearest = cosines.indexOf(Math.max(...cosines));
    let z = bias;
    const pushes: { id: number; push: number }[] = [];
    vector.ids.forEach((id, at) => {
      const push = (weights.get(id) ?? 0) * (vector.weights[at] ?? 0);
      z += push;
      if (push > 0) pushes.push({ id, push });
    });
    const reasons: string[] = [];
    const example = liked[nearest];
    if (example !== undefined && (cosines[nearest] ?? 0) >= 0.12) {
      const verb = VERBS[example.kind];
      if (example.key === text.key) {
        reasons.push(
          verb === undefined ? 'in your library' : `you ${verb === 'saved' ? 'saved this' : 'rated this up'}`,
        );
      } else {
        const where = verb === undefined ? 'in your library' : `you ${verb}`;
        reasons.push(`close to '${shortenTitle(example.title)}' ${where}`);
      }
    }
    const strongest = pushes.sort((a, b) => b.push - a.push).slice(0, 12);
    const words = pickReasonWords(
      strongest.flatMap(({ id, push }) => {
        const term = names.get(id);
        return term === undefined || isAuthorTerm(term) ? [] : [{ term, push }];
      }),
    );
    if (words.length > 0) reasons.push(`words: ${words.join(', ')}`);
    const author = authorReasonPlainly(text.authors, liked);
    if (author !== null) reasons.push(author);
    return { score: Math.round(Math.min(1, Math.max(0, sigmoid(z))) * 1000) / 1000, reasons };
  };
}

function authorReasonPlainly(names: readonly string[], liked: readonly RelevanceExample[]): string | null {
  let best: { name: string; kind: ExampleKind; count: number } | null = null;
  for (const name of names) {
    const term = authorTermOf(name);
    const byKind = new Map<ExampleKind, number>();
    for (const example of liked) {
      const count = example.authors.filter((author) => authorTermOf(author) === term).length;
      if (term !== null && count > 0) byKind.set(example.kind, (byKind.get(example.kind) ?? 0) + count);
    }
    for (const [kind, count] of byKind) {
      if (best === null || count > best.count) best = { name: name.trim(), kind, count };
    }
  }
  if (best === null) return null;
  const papers = best.count === 1 ? '1 paper' : `${best.count} papers`;
  if (best.kind === 'library') return `${papers} by ${best.name} in your library`;
  return best.kind === 'save'
    ? `you saved ${papers} by ${best.name}`
    : `you rated ${papers} by ${best.name} up`;
}

describe('the relevance model scoring a day', () => {
  it('gives every paper the score and reasons of the plain scorer, one by one and as a day', () => {
    const examples = examplesOf();
    const frequencies = frequenciesOf();
    const model = trainRelevanceModel(examples, frequencies);
    assert.ok(model);
    const texts = PAPERS.map((paper) => ({
      terms: packTerms(extractTerms(paper)),
      authors: paper.authors,
      key: paper.arxivId,
    }));
    const counts = new Map<number, number>();
    for (const text of texts)
      for (const id of text.terms.ids) counts.set(id, frequencies.counts.get(id) ?? 0);
    const runs = {
      ids: Int32Array.from(texts.flatMap((text) => [...text.terms.ids])),
      counts: Float32Array.from(texts.flatMap((text) => [...text.terms.counts])),
      starts: Int32Array.from([
        0,
        ...texts.map((_, index) =>
          texts.slice(0, index + 1).reduce((sum, text) => sum + text.terms.ids.length, 0),
        ),
      ]),
    };
    const papers = texts.map((text, run) => ({ run, authors: text.authors, key: text.key }));
    const day = model.scoreAll({ runs, papers }, { documentCount: frequencies.documentCount, counts });
    const plain = texts.map(plainScorer(examples, frequencies));
    assert.deepEqual(day, plain);
    assert.deepEqual(
      texts.map((text) => model.score(text)),
      plain,
    );
    // The day exercises every reason: liked themselves, close to each kind, words, authors.
    const said = plain.flatMap((scored) => scored.reasons.map((reason) => reason.split(' ')[0]));
    for (const start of ['in', 'you', 'close', 'words:']) assert.ok(said.includes(start), start);
  });
});
