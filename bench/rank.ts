// Benchmark for the relevance model (issue 10): simulated readers, each with a hidden topic (a primary category),
// built from the real paper text in the repository; each learns from 4 liked papers (or 4 up and 12 down
// ratings) and ranks a held-out day. Prints nDCG@10 and P@10 for paperwire, listing order, random and the
// arxiv-sanity way (tf-idf cosine to the liked papers), then the two timing goals.
// Run: npm run bench:rank (not part of the tests; the figures go in the README).

import { trainRelevanceModel, type RelevanceExample } from '../src/relevance/model.js';
import { extractTerms, packTerms, type PackedTerms } from '../src/relevance/terms.js';
import { cosineOf, weighTerms, type DocumentFrequencies } from '../src/relevance/vector.js';
import { loadCorpus, type CorpusPaper } from './rank-corpus.js';
import { seeded } from '../test/helpers/seeded.js';
import { benchTiming } from './rank-timing.js';

const LIKED_COUNT = 4;
const DOWN_COUNT = 12;
const TRIALS_PER_TOPIC = 10;
const MIN_TOPIC_PAPERS = 8;
const CUTOFF = 10;

interface Featured extends CorpusPaper {
  terms: PackedTerms;
}

type Ranker = (trial: Trial) => Featured[];

interface Trial {
  topic: string;
  /** The reader's library (or papers rated up). */
  liked: Featured[];
  /** Papers rated down (the ratings variant only). */
  disliked: Featured[];
  /** The store's other papers, the negatives' sample. */
  others: Featured[];
  /** The held-out day in listing order. */
  day: Featured[];
  random: () => number;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    const [a, b] = [copy[index], copy[other]];
    if (a === undefined || b === undefined) continue;
    [copy[index], copy[other]] = [b, a];
  }
  return copy;
}

function frequenciesOf(papers: readonly Featured[]): DocumentFrequencies {
  const counts = new Map<number, number>();
  for (const paper of papers) for (const id of paper.terms.ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return { documentCount: papers.length, counts };
}

function buildTrials(corpus: readonly Featured[], withRatings: boolean): Trial[] {
  const topics = new Map<string, Featured[]>();
  for (const paper of corpus) topics.set(paper.topic, [...(topics.get(paper.topic) ?? []), paper]);
  const trials: Trial[] = [];
  let seed = 1;
  for (const [topic, papers] of topics) {
    if (papers.length < MIN_TOPIC_PAPERS) continue;
    for (let run = 0; run < TRIALS_PER_TOPIC; run += 1) {
      const random = seeded((seed += 1));
      const liked = shuffled(papers, random).slice(0, LIKED_COUNT);
      const likedIds = new Set(liked.map((paper) => paper.paper.arxivId));
      const rest = shuffled(
        corpus.filter((paper) => !likedIds.has(paper.paper.arxivId)),
        random,
      );
      const half = Math.floor(rest.length / 2);
      const dayIds = new Set(rest.slice(0, half).map((paper) => paper.paper.arxivId));
      const others = rest.slice(half);
      const disliked = withRatings
        ? others.filter((paper) => paper.topic !== topic).slice(0, DOWN_COUNT)
        : [];
      const day = corpus.filter((paper) => dayIds.has(paper.paper.arxivId));
      if (!day.some((paper) => paper.topic === topic)) continue;
      trials.push({ topic, liked, disliked, others, day, random });
    }
  }
  return trials;
}

/** nDCG@10 and P@10 of a ranking with binary relevance (the paper is in the reader's topic). */
function measure(
  ranked: readonly Featured[],
  topic: string,
  day: readonly Featured[],
): { ndcg: number; precision: number } {
  const gains = ranked.slice(0, CUTOFF).map((paper) => (paper.topic === topic ? 1 : 0));
  const dcg = gains.reduce<number>((sum, gain, index) => sum + gain / Math.log2(index + 2), 0);
  const relevant = Math.min(CUTOFF, day.filter((paper) => paper.topic === topic).length);
  let ideal = 0;
  for (let index = 0; index < relevant; index += 1) ideal += 1 / Math.log2(index + 2);
  const hits = gains.reduce<number>((sum, gain) => sum + gain, 0);
  return { ndcg: ideal === 0 ? 0 : dcg / ideal, precision: hits / CUTOFF };
}

function byScore(day: readonly Featured[], scoreOf: (paper: Featured) => number): Featured[] {
  const scored = day.map((paper, index) => ({ paper, index, score: scoreOf(paper) }));
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((item) => item.paper);
}

function rankersOf(frequencies: DocumentFrequencies): Record<string, Ranker> {
  return {
    paperwire: (trial) => {
      const examples: RelevanceExample[] = [
        ...trial.liked.map((paper) => exampleOf(paper, trial.disliked.length > 0 ? 'up' : 'library')),
        ...trial.disliked.map((paper) => exampleOf(paper, 'down')),
        ...trial.others.slice(0, 300).map((paper) => exampleOf(paper, 'sample')),
      ];
      const model = trainRelevanceModel(examples, frequencies);
      if (model === null) throw new Error('no liked papers');
      return byScore(
        trial.day,
        (paper) => model.score({ terms: paper.terms, authors: paper.paper.authors }).score,
      );
    },
    'tf-idf cosine (arxiv-sanity way)': (trial) => {
      const liked = trial.liked.map((paper) => weighTerms(paper.terms, frequencies));
      return byScore(trial.day, (paper) => {
        const vector = weighTerms(paper.terms, frequencies);
        return liked.reduce((sum, other) => sum + cosineOf(vector, other), 0);
      });
    },
    // A bound, not a ranker: the same learner told the topic of every other paper of the store (not 4 liked ones),
    // so what tf-idf text separates at best in this simulation (docs/relevance.md, Measures).
    'bound: every store paper labelled': (trial) => {
      const examples: RelevanceExample[] = [
        ...trial.liked.map((paper) => exampleOf(paper, 'library')),
        ...trial.others.map((paper) => exampleOf(paper, paper.topic === trial.topic ? 'library' : 'sample')),
      ];
      const model = trainRelevanceModel(examples, frequencies);
      if (model === null) throw new Error('no liked papers');
      return byScore(
        trial.day,
        (paper) => model.score({ terms: paper.terms, authors: paper.paper.authors }).score,
      );
    },
    'listing order': (trial) => [...trial.day],
    random: (trial) => shuffled(trial.day, trial.random),
  };
}

function exampleOf(paper: Featured, kind: RelevanceExample['kind']): RelevanceExample {
  return {
    key: paper.paper.arxivId,
    kind,
    title: paper.paper.title,
    authors: paper.paper.authors,
    terms: paper.terms,
  };
}

function report(
  label: string,
  trials: readonly Trial[],
  rankers: Record<string, Ranker>,
): Map<string, number> {
  console.log(
    `\n${label}: ${trials.length} simulated readers over ${new Set(trials.map((t) => t.topic)).size} topics`,
  );
  const ndcgs = new Map<string, number>();
  for (const [name, rank] of Object.entries(rankers)) {
    let ndcg = 0;
    let precision = 0;
    for (const trial of trials) {
      const scores = measure(rank(trial), trial.topic, trial.day);
      ndcg += scores.ndcg;
      precision += scores.precision;
    }
    ndcgs.set(name, ndcg / trials.length);
    console.log(
      `  ${name.padEnd(34)} nDCG@10 ${(ndcg / trials.length).toFixed(3)}   P@10 ${(precision / trials.length).toFixed(3)}`,
    );
  }
  return ndcgs;
}

const corpus: Featured[] = loadCorpus().map((paper) => ({
  ...paper,
  terms: packTerms(extractTerms(paper.paper)),
}));
console.log(`corpus: ${corpus.length} real papers from test/fixtures, demo/ and ../shared/fixtures/real/`);
const rankers = rankersOf(frequenciesOf(corpus));
const library = report(`library of ${LIKED_COUNT} liked papers`, buildTrials(corpus, false), rankers);
report(`ratings: ${LIKED_COUNT} up, ${DOWN_COUNT} down`, buildTrials(corpus, true), rankers);
// A broader reader: the hidden topic is the archive (cond-mat, cs, hep-ph), not the category.
const broad = corpus.map((paper) => ({ ...paper, topic: paper.topic.split('.')[0] ?? paper.topic }));
report(`broad topics (archives), library of ${LIKED_COUNT}`, buildTrials(broad, false), rankers);
const ours = library.get('paperwire') ?? 0;
const tfidf = library.get('tf-idf cosine (arxiv-sanity way)') ?? 0;
const bound = library.get('bound: every store paper labelled') ?? 0;
console.log(
  `\ngoal nDCG@10 ≥ 0.75 with ${LIKED_COUNT} liked papers: ${ours.toFixed(3)} (${(ours / 0.75).toFixed(2)}× the goal), ` +
    `${(ours / tfidf).toFixed(2)}× the tf-idf way`,
);
// The bound is this learner told every other paper's topic: it bounds this learner on these features, not another
// method, so the methods tried beyond it are measured in docs/relevance.md ("What was tried"), not assumed.
console.log(
  bound < 0.75
    ? `  the goal is above the bound (${bound.toFixed(3)}): with every paper of the store labelled, this learner ` +
        `reaches no further in this corpus, whose topics are small cross-listed categories; ` +
        `4 liked papers reach ${((ours / bound) * 100).toFixed(0)}% of it (other methods: docs/relevance.md)`
    : `  the bound (${bound.toFixed(3)}) is above the goal: 4 liked papers reach ${((ours / bound) * 100).toFixed(0)}% of it`,
);
await benchTiming();
