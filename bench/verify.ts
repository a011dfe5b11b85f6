// Translation checks on the example digests: how many (English, Chinese) pairs each check flags, and how fast
// checking 2,000 papers (title + abstract) is against the 50 ms goal. Run: node --import tsx bench/verify.ts

import { performance } from 'node:perf_hooks';
import { loadGlossary } from '../src/enrich/glossary/glossary.js';
import { readExamplePairs, type ExamplePair } from '../test/helpers/example-pairs.js';
import { CHECK_NAMES, verifyTranslation, type CheckName } from '../src/enrich/verify.js';

const GOAL_MS = 50;
const PAPERS = 2000;

const glossary = loadGlossary('zh', ['rl', 'ml']);
const pairs = readExamplePairs();

const flaggedBy = new Map<CheckName, string[]>(CHECK_NAMES.map((check) => [check, []]));
let flagged = 0;
for (const pair of pairs) {
  const result = verifyTranslation({ ...pair, lang: 'zh', glossary });
  if (!result.ok) flagged++;
  for (const check of new Set(result.failures.map((failure) => failure.check)))
    flaggedBy.get(check)?.push(pair.id);
}
const titles = pairs.filter((pair) => pair.kind === 'title').length;
console.log(
  `example pairs: ${pairs.length} (${titles} titles, ${pairs.length - titles} abstracts); flagged: ${flagged}`,
);
for (const [check, ids] of flaggedBy)
  console.log(`  ${check.padEnd(9)} ${String(ids.length).padStart(3)}  ${ids.join(' ')}`);

// 2,000 synthetic papers: each takes one example title and one example abstract, cycling through both.
const titlePairs = pairs.filter((pair) => pair.kind === 'title');
const abstractPairs = pairs.filter((pair) => pair.kind === 'abstract');
// A JSON round trip gives each paper its own flat strings, as the store and the translator's HTTP responses
// do; slices of the example file would all be two-byte strings sharing one parent.
const papers = Array.from(
  { length: PAPERS },
  (_, k) =>
    JSON.parse(
      JSON.stringify({
        title: titlePairs[k % titlePairs.length] as ExamplePair,
        abstract: abstractPairs[k % abstractPairs.length] as ExamplePair,
      }),
    ) as { title: ExamplePair; abstract: ExamplePair },
);

function checkAll(): number {
  let failures = 0;
  for (const paper of papers) {
    failures += verifyTranslation({ ...paper.title, lang: 'zh', glossary }).failures.length;
    failures += verifyTranslation({ ...paper.abstract, lang: 'zh', glossary }).failures.length;
  }
  return failures;
}

checkAll(); // warm-up: let the JIT compile before measuring
const runs: number[] = [];
for (let run = 0; run < 5; run++) {
  const start = performance.now();
  checkAll();
  runs.push(performance.now() - start);
}
runs.sort((a, b) => a - b);
const median = runs[2] as number;
console.log(
  `checking ${PAPERS} papers (title + abstract): median ${median.toFixed(1)} ms of 5 runs ` +
    `(best ${(runs[0] as number).toFixed(1)} ms), ${((median / PAPERS) * 1000).toFixed(1)} µs per paper, ` +
    `${(median / GOAL_MS).toFixed(2)}× the ${GOAL_MS} ms goal`,
);
