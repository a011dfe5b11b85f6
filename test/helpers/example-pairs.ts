// The (English, translation) pairs of the example digests in test/fixtures/examples/, for the translation
// checks' tests and benchmark: 001 is a classic digest, 000 a bilingual reading list; and the demo's translations.

import { readFileSync } from 'node:fs';
import type { TextKind } from '../../src/enrich/translator.js';

export interface ExamplePair {
  /** `001#2A`: file, paper number, T(itle) or A(bstract); `000#3`: file and entry. */
  id: string;
  kind: TextKind;
  source: string;
  translation: string;
}

const EXAMPLES = new URL('../fixtures/examples/', import.meta.url);
const DEMO_TRANSLATIONS = new URL('../../demo/translations.json', import.meta.url);
// The demo's titles are at most 119 characters and its abstracts at least 855.
const LONGEST_DEMO_TITLE_CHARS = 300;

function linesOf(file: string): string[] {
  return readFileSync(new URL(file, EXAMPLES), 'utf8').split('\n');
}

/** 001: title, translated title, `- Authors` ...; `- Abstract`, abstract, `- 中文摘要`, translation. */
function readDigestPairs(): ExamplePair[] {
  const lines = linesOf('001_8360221fb45f1189.txt');
  const pairs: ExamplePair[] = [];
  let paper = 0;
  lines.forEach((line, i) => {
    if (line.startsWith('- Authors:')) {
      paper++;
      pairs.push({
        id: `001#${paper}T`,
        kind: 'title',
        source: lines[i - 2] ?? '',
        translation: lines[i - 1] ?? '',
      });
    } else if (line === '- Abstract' && lines[i + 2] === '- 中文摘要') {
      pairs.push({
        id: `001#${paper}A`,
        kind: 'abstract',
        source: lines[i + 1] ?? '',
        translation: lines[i + 3] ?? '',
      });
    }
  });
  return pairs;
}

/** 000: abstract line, translation line, arXiv link line, repeated. */
function readLinePairs(): ExamplePair[] {
  const lines = linesOf('000_b0ea4ebc9563be6a.txt');
  const pairs: ExamplePair[] = [];
  for (let i = 0; i + 1 < lines.length; i += 3) {
    pairs.push({
      id: `000#${i / 3 + 1}`,
      kind: 'abstract',
      source: lines[i] ?? '',
      translation: lines[i + 1] ?? '',
    });
  }
  return pairs;
}

/** Every pair of both examples: 33 titles and 33 abstracts of 001, then 20 abstracts of 000. */
export function readExamplePairs(): ExamplePair[] {
  return [...readDigestPairs(), ...readLinePairs()];
}

/** demo/translations.json: `{ zh: { source: translation } }`, 33 titles and 33 abstracts, as `demo#N`. */
export function readDemoPairs(): ExamplePair[] {
  const { zh } = JSON.parse(readFileSync(DEMO_TRANSLATIONS, 'utf8')) as { zh: Record<string, string> };
  return Object.entries(zh).map(([source, translation], k) => ({
    id: `demo#${k + 1}`,
    kind: source.length <= LONGEST_DEMO_TITLE_CHARS ? 'title' : 'abstract',
    source,
    translation,
  }));
}
