// Checks one machine translation of a title or abstract against its source: names, numbers, LaTeX, links and
// field terms kept, plausible length, right language. Pure and fast; translate.ts retries with describeFailures().
// The pieces live in verify/: source.ts and translation.ts read each side once, kept.ts and fit.ts check.

import {
  normalizeSpace,
  type Lang,
  type Paper,
  type TranslatedField,
  type TranslationFlag,
} from '../model.js';
import type { Glossary } from './glossary/glossary.js';
import { checkAcronyms, checkGlossary, checkLatex, checkNumbers, checkUrls } from './verify/kept.js';
import { checkLanguage, checkLength } from './verify/fit.js';
import { analyzeSource } from './verify/source.js';
import { analyzeTranslation } from './verify/translation.js';
import { listWords, type CheckFailure, type VerifyInput, type VerifyResult } from './verify/types.js';

export {
  CHECK_NAMES,
  type CheckFailure,
  type CheckName,
  type VerifyInput,
  type VerifyResult,
} from './verify/types.js';
export { extractProtected, type MathSpan, type RequiredNumber, type SourceFacts } from './verify/source.js';
export { verifyTldr, type TldrInput } from './verify/tldr.js';

/** Checks `translation` of `source` into `lang`. Never throws; an empty translation fails 'length'. */
export function verifyTranslation(input: VerifyInput): VerifyResult {
  const { facts: source, terms } = analyzeSource(input.source, input.glossary);
  const target = analyzeTranslation(input.translation, input.lang);
  const failures: CheckFailure[] = [];
  checkAcronyms(source, input, failures);
  checkNumbers(source, target, failures);
  checkLatex(source, target, input.translation, failures);
  checkUrls(source, input, failures);
  checkGlossary(terms, input.translation, failures);
  checkLength(source, target, input, failures);
  checkLanguage(source, target, input, failures);
  return { ok: failures.length === 0, failures };
}

/** One paragraph telling the model exactly what to fix on retry, e.g. "The translation dropped TIPS and 11.8%; ...". */
export function describeFailures(failures: readonly CheckFailure[]): string {
  const missing = [...new Set(failures.flatMap((failure) => failure.missing))];
  const sentences: string[] = [];
  if (missing.length > 0)
    sentences.push(`The translation dropped ${listWords(missing)}; keep them verbatim.`);
  for (const failure of failures) if (failure.missing.length === 0) sentences.push(failure.detail);
  return sentences.join(' ');
}

/** A field's remaining failures as the flags a digest shows (`PaperTranslation.flags`). */
export function flagsOf(field: TranslatedField, failures: readonly CheckFailure[]): TranslationFlag[] {
  return failures.map(({ check, detail }) => ({ field, check, detail }));
}

/**
 * Checks a title and abstract translated earlier (a null one is skipped) against the paper's text, whitespace-
 * normalised as the translate stage sends it; the failures as flags.
 */
export function checkPaperTranslation(
  paper: Pick<Paper, 'title' | 'abstract'>,
  translation: { title: string | null; abstract: string | null },
  lang: Lang,
  glossary: Glossary,
): TranslationFlag[] {
  return (['title', 'abstract'] as const).flatMap((field) => {
    const text = translation[field];
    if (text === null) return [];
    const source = normalizeSpace(paper[field]);
    return flagsOf(
      field,
      verifyTranslation({ source, translation: text, lang, kind: field, glossary }).failures,
    );
  });
}
