// Checks one machine translation of a title or abstract against its source: names, numbers, LaTeX, links and
// field terms kept, plausible length, right language. Pure and fast; translate.ts retries with describeFailures().
// The pieces live in verify/: source.ts and translation.ts read each side once, kept.ts and fit.ts check.

import {
  normalizeSpace,
  type Lang,
  type Paper,
  type PaperTranslation,
  type TranslatedField,
  type TranslationFlag,
} from '../model.js';
import type { Glossary, TermMatch } from './glossary/glossary.js';
import { checkAcronyms, checkGlossary, checkLatex, checkNumbers, checkUrls } from './verify/kept.js';
import { checkLanguage, checkLength } from './verify/fit.js';
import { analyzeSource, type SourceFacts } from './verify/source.js';
import { analyzeTranslation } from './verify/translation.js';
import type { TextKind } from './translator.js';
import { listWords, type CheckFailure, type VerifyInput, type VerifyResult } from './verify/types.js';

export {
  CHECK_NAMES,
  type CheckFailure,
  type CheckName,
  type VerifyInput,
  type VerifyResult,
} from './verify/types.js';
export { extractProtected } from './verify/source.js';
export { verifyTldr } from './verify/tldr.js';

/**
 * A source text read once for checking its translations: what they must keep and the glossary terms it holds
 * (also the prompt's glossary lines). The translate stage prepares a text before asking for it, then checks
 * the answer and the retry's against the same reading.
 */
export interface PreparedSource {
  text: string;
  glossary: Glossary;
  facts: SourceFacts;
  /** The glossary terms, in order of first occurrence, outside links, math and LaTeX commands. */
  terms: TermMatch[];
}

export function prepareSource(text: string, glossary: Glossary): PreparedSource {
  const { facts, terms } = analyzeSource(text, glossary);
  return { text, glossary, facts, terms };
}

/** Checks `translation` of `source` into `lang`. Never throws; an empty translation fails 'length'. */
export function verifyTranslation(input: VerifyInput): VerifyResult {
  return checkTranslation(
    prepareSource(input.source, input.glossary),
    input.translation,
    input.lang,
    input.kind,
  );
}

/** Checks `translation` of a prepared source into `lang`, as verifyTranslation does. */
export function checkTranslation(
  source: PreparedSource,
  translation: string,
  lang: Lang,
  kind: TextKind,
): VerifyResult {
  const input: VerifyInput = { source: source.text, translation, lang, kind, glossary: source.glossary };
  const { facts } = source;
  const target = analyzeTranslation(translation, lang);
  const failures: CheckFailure[] = [];
  checkAcronyms(facts, input, failures);
  checkNumbers(facts, target, failures);
  checkLatex(facts, target, translation, failures);
  checkUrls(facts, input, failures);
  checkGlossary(source.terms, translation, failures);
  checkLength(facts, target, input, failures);
  checkLanguage(facts, target, input, failures);
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
  translation: Pick<PaperTranslation, 'title' | 'abstract'>,
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
