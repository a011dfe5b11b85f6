// Keyword selection on a big day: 20 keyword queries against 2,000 papers, timed against the plainest way to do
// it (lower-case substring search of each phrase in title + abstract), alternated in one run. Run:
// node --import tsx bench/select.ts. It prints medians and their ratio; it asserts nothing (tests never time).

import { performance } from 'node:perf_hooks';
import { readFileSync } from 'node:fs';
import { parseArxivRss } from '../src/sources/arxiv-rss/parse.js';
import type { ListedPaper } from '../src/model.js';
import { selectSections } from '../src/select/query.js';
import { TWENTY_KEYWORDS } from '../test/helpers/samples.js';

const PAPERS = 2000;
const RUNS = 15;
const KEYWORDS = TWENTY_KEYWORDS;
// The plain way has no query language: each keyword's words, as one lower-case phrase.
const PHRASES = KEYWORDS.map((keyword) =>
  keyword
    .replace(/\b(?:AND|OR|NOT)\b|[a-z]+:|[()"*]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase(),
);

const recorded = parseArxivRss(readFileSync('demo/arxiv-rss-cs.xml', 'utf8'), { url: 'demo' }).papers;
const day: ListedPaper[] = Array.from({ length: PAPERS }, (_, index) => {
  const listed = recorded[index % recorded.length] as ListedPaper;
  return { ...listed, paper: { ...listed.paper, arxivId: `2601.${String(index).padStart(5, '0')}` } };
});

function plainWay(): number {
  let matches = 0;
  for (const phrase of PHRASES)
    for (const { paper } of day)
      if (`${paper.title} ${paper.abstract}`.toLowerCase().includes(phrase)) matches += 1;
  return matches;
}

function paperwireWay(): number {
  return selectSections(day, KEYWORDS).reduce((sum, section) => sum + section.entries.length, 0);
}

const median = (values: number[]): number =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const plainMs: number[] = [];
const ourMs: number[] = [];
let counts = [0, 0];
plainWay();
paperwireWay();
for (let run = 0; run < RUNS; run++) {
  let started = performance.now();
  const plain = plainWay();
  plainMs.push(performance.now() - started);
  started = performance.now();
  const ours = paperwireWay();
  ourMs.push(performance.now() - started);
  counts = [plain, ours];
}
console.log(
  `${KEYWORDS.length} keywords × ${PAPERS} papers (the demo day's ${recorded.length} papers repeated)`,
);
console.log(
  `plain substring search: ${median(plainMs).toFixed(1)} ms (median of ${RUNS}), ${counts[0]} matches`,
);
console.log(`paperwire selectSections: ${median(ourMs).toFixed(1)} ms, ${counts[1]} matches`);
console.log(`ratio paperwire / plain: ${(median(ourMs) / median(plainMs)).toFixed(2)}×`);
