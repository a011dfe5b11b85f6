// Checks a one-line TL;DR against the paper it summarises, in the other direction from a translation: a summary
// leaves most of the source out, so what is checked is that every name and number it has comes from the source.

import type { Lang } from '../../model.js';
import type { Glossary } from '../glossary/glossary.js';
import { checkLanguage } from './fit.js';
import { analyzeSource } from './source.js';
import { analyzeTranslation, scanTranslationNumber, type NumberFacts } from './translation.js';
import { listWords, type CheckFailure, type VerifyResult } from './types.js';

export interface TldrInput {
  /** What the summary was written from: the title, a blank line, the abstract. */
  source: string;
  tldr: string;
  lang: Lang;
  glossary: Glossary;
}

/** A TL;DR longer than this share of its source is no summary. */
const MAX_SHARE_OF_SOURCE = 0.6;

/**
 * Checks a TL;DR: one non-empty line, clearly shorter than its source, in `lang`, with no name (`acronyms`) or
 * number (`numbers`) the source does not have. Never throws.
 */
export function verifyTldr(input: TldrInput): VerifyResult {
  const failures: CheckFailure[] = [];
  const tldr = input.tldr.trim();
  if (tldr === '') {
    failures.push({ check: 'length', detail: 'The summary is empty; write one sentence.', missing: [] });
    return { ok: false, failures };
  }
  if (/[\r\n]/.test(tldr)) {
    failures.push({ check: 'length', detail: 'Write the summary on one line.', missing: [] });
  } else if (tldr.length > input.source.length * MAX_SHARE_OF_SOURCE) {
    failures.push({
      check: 'length',
      detail: 'The summary is too long; write one short sentence.',
      missing: [],
    });
  }
  const own = analyzeSource(tldr, null).facts;
  const invented = own.identifiers.filter((name) => !sourceHasName(input.source, name, input.glossary));
  if (invented.length > 0) {
    failures.push({
      check: 'acronyms',
      detail: `Use only names the paper has; ${listWords(invented)} is not in it.`,
      missing: [],
    });
  }
  const sourceKeys = analyzeTranslation(input.source, 'en').numberKeys;
  const numbers = inventedNumbers(tldr, input.lang, sourceKeys);
  if (numbers.length > 0) {
    failures.push({
      check: 'numbers',
      detail: `Use only numbers the paper has; ${listWords(numbers)} is not in it.`,
      missing: [],
    });
  }
  const target = analyzeTranslation(tldr, input.lang);
  checkLanguage(
    own,
    target,
    { source: input.source, translation: tldr, lang: input.lang, kind: 'title', glossary: input.glossary },
    failures,
  );
  return { ok: failures.length === 0, failures };
}

function sourceHasName(source: string, name: string, glossary: Glossary): boolean {
  if (source.includes(name)) return true;
  if (/[A-Z]s$/.test(name) && source.includes(name.slice(0, -1))) return true;
  // `RL` in a summary of a paper that writes "reinforcement learning".
  const entry = glossary.byTerm.get(name.toLowerCase());
  return (
    entry !== undefined && entry.term !== name && source.toLowerCase().includes(entry.term.toLowerCase())
  );
}

/** Numbers of `text` none of whose readings (native magnitudes, `%`, signs) the source has. */
function inventedNumbers(text: string, lang: Lang, sourceKeys: ReadonlySet<string>): string[] {
  const invented: string[] = [];
  // Each number is read whole from its first digit; the search for the next starts after it.
  const digit = /\d/g;
  for (let found = digit.exec(text); found !== null; found = digit.exec(text)) {
    const facts: NumberFacts = { numberKeys: new Set(), currencyKeys: new Set() };
    const start = found.index;
    const end = scanTranslationNumber(text, start, lang === 'fr' || lang === 'de' || lang === 'es', facts);
    const shown = text.slice(start, /[%％]/.test(text.charAt(end)) ? end + 1 : end);
    if (![...facts.numberKeys].some((key) => sourceKeys.has(key))) invented.push(shown);
    digit.lastIndex = end;
  }
  return [...new Set(invented)];
}
