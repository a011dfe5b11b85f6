// The translation checks' full output on every example pair, one JSON line per pair and language: the verdict,
// what the source must keep and its glossary terms. verdicts.golden.jsonl holds it; run this file to print it.

import { loadGlossary, findGlossaryTerms, type TermMatch } from '../../src/enrich/glossary/glossary.js';
import { checkTranslation, prepareSource } from '../../src/enrich/verify.js';
import type { Lang } from '../../src/model.js';
import { readDemoPairs, readExamplePairs } from './example-pairs.js';

/** Where the golden output lives, beside the example digests it is read from. */
export const VERDICTS_GOLDEN = new URL('../fixtures/examples/verdicts.golden.jsonl', import.meta.url);

// Both shipped glossaries read every source; the pairs are Chinese, so Japanese verdicts fail the language check.
const LANGS: readonly Lang[] = ['zh', 'ja'];

function termsOf(matches: readonly TermMatch[]): unknown[] {
  return matches.map((match) => [match.entry.term, match.firstAt, match.isRequired, match.englishForms]);
}

/** Every pair of the examples and the demo, checked in each language: one line each, ending with a newline. */
export function renderVerdicts(): string {
  const pairs = [...readExamplePairs(), ...readDemoPairs()];
  const lines: string[] = [];
  for (const lang of LANGS) {
    const glossary = loadGlossary(lang);
    for (const pair of pairs) {
      const source = prepareSource(pair.source, glossary);
      const verdict = checkTranslation(source, pair.translation, lang, pair.kind);
      lines.push(
        JSON.stringify({
          id: pair.id,
          lang,
          ok: verdict.ok,
          failures: verdict.failures,
          facts: source.facts,
          terms: termsOf(source.terms),
          found: termsOf(findGlossaryTerms(glossary, pair.source)),
        }),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1] ?? ''}`) process.stdout.write(renderVerdicts());
