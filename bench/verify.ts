// Translation checks on the example digests: how many (English, Chinese) pairs each check flags, and how long
// checking 2,000 papers (title + abstract) takes. Run: node --import tsx bench/verify.ts
//
// Issue 5's 50 ms goal is retired (issue 13): a real digest checks only its matched papers. The time is printed
// as a ratio to a plain read of the same texts (every character once), measured in the same run and alternated
// with the checks, so it can be compared across machines of different speeds. It is also split in two, as the
// translate stage spends it: reading each source once before it is sent (for the prompt's glossary lines and the
// checks), and checking the answer against that reading.

import { performance } from 'node:perf_hooks';
import { loadGlossary } from '../src/enrich/glossary/glossary.js';
import { readExamplePairs, type ExamplePair } from '../test/helpers/example-pairs.js';
import {
  CHECK_NAMES,
  checkTranslation,
  prepareSource,
  verifyTranslation,
  type CheckName,
  type PreparedSource,
} from '../src/enrich/verify.js';

const PAPERS = 2000;
const RUNS = 15;

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

/** Checks every paper's title and abstract, building each input as translate.ts does (one object literal). */
function checkAll(): number {
  let failures = 0;
  for (const { title, abstract } of papers) {
    failures += verifyTranslation({
      source: title.source,
      translation: title.translation,
      lang: 'zh',
      kind: 'title',
      glossary,
    }).failures.length;
    failures += verifyTranslation({
      source: abstract.source,
      translation: abstract.translation,
      lang: 'zh',
      kind: 'abstract',
      glossary,
    }).failures.length;
  }
  return failures;
}

/** The sources read once each, as the translate stage does before sending them. */
function prepareAll(): PreparedSource[] {
  const prepared: PreparedSource[] = [];
  for (const { title, abstract } of papers)
    prepared.push(prepareSource(title.source, glossary), prepareSource(abstract.source, glossary));
  return prepared;
}

const prepared = prepareAll();

/** The translations checked against their prepared sources, as the translate stage checks an answer. */
function checkPrepared(): number {
  let failures = 0;
  for (let k = 0; k < papers.length; k++) {
    const { title, abstract } = papers[k] as { title: ExamplePair; abstract: ExamplePair };
    const titleSource = prepared[2 * k] as PreparedSource;
    const abstractSource = prepared[2 * k + 1] as PreparedSource;
    failures += checkTranslation(titleSource, title.translation, 'zh', 'title').failures.length;
    failures += checkTranslation(abstractSource, abstract.translation, 'zh', 'abstract').failures.length;
  }
  return failures;
}

/** The floor: every character of the same sources and translations read once. */
function readAll(): number {
  let sum = 0;
  for (const { title, abstract } of papers) {
    for (const text of [title.source, title.translation, abstract.source, abstract.translation])
      for (let i = 0; i < text.length; i++) sum += text.charCodeAt(i);
  }
  return sum;
}

// Let the JIT compile every part before measuring.
const parts = { read: readAll, check: checkAll, prepare: prepareAll, checkPrepared };
for (let warm = 0; warm < 3; warm++) for (const part of Object.values(parts)) part();
const runs = {
  read: [] as number[],
  check: [] as number[],
  prepare: [] as number[],
  checkPrepared: [] as number[],
};
for (let run = 0; run < RUNS; run++) {
  for (const [name, part] of Object.entries(parts)) {
    const start = performance.now();
    part();
    runs[name as keyof typeof parts].push(performance.now() - start);
  }
}
const { check: checkRuns, read: readRuns } = runs;
const median = (runs: number[]) => [...runs].sort((a, b) => a - b)[runs.length >> 1] as number;
const best = (runs: number[]) => Math.min(...runs);
const checkMs = median(checkRuns);
const readMs = median(readRuns);
console.log(
  `checking ${PAPERS} papers (title + abstract): median ${checkMs.toFixed(1)} ms of ${RUNS} runs ` +
    `(best ${best(checkRuns).toFixed(1)} ms), ${((checkMs / PAPERS) * 1000).toFixed(1)} µs per paper`,
);
console.log(
  `a plain read of the same texts: median ${readMs.toFixed(1)} ms (best ${best(readRuns).toFixed(1)} ms); ` +
    `checking costs ${(checkMs / readMs).toFixed(1)}× reading`,
);
console.log(
  `of which, as the translate stage spends it: reading the sources ${median(runs.prepare).toFixed(1)} ms ` +
    `(before sending them), checking the answers against them ${median(runs.checkPrepared).toFixed(1)} ms`,
);
