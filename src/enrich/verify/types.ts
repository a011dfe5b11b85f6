// The words of the translation checks: check names, a failure, a result, the input. Shared by verify/*.

import type { Lang } from '../../model.js';
import type { Glossary } from '../glossary/glossary.js';
import type { TextKind } from '../translator.js';

export type CheckName = 'acronyms' | 'numbers' | 'latex' | 'urls' | 'glossary' | 'length' | 'language';
export const CHECK_NAMES: readonly CheckName[] = [
  'acronyms',
  'numbers',
  'latex',
  'urls',
  'glossary',
  'length',
  'language',
];

/** One thing wrong with a translation. */
export interface CheckFailure {
  check: CheckName;
  /** What is wrong and how to fix it, as one sentence for a reader and for the model. */
  detail: string;
  /** Source strings the translation must contain verbatim and does not; empty for other faults. */
  missing: readonly string[];
}

export interface VerifyResult {
  ok: boolean;
  failures: CheckFailure[];
}

export interface VerifyInput {
  source: string;
  translation: string;
  lang: Lang;
  /** A TL;DR is checked by verifyTldr; here it is judged like a title. */
  kind: TextKind;
  glossary: Glossary;
}

/** `a`, `a and b`, `a, b and c`. */
export function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] as string}`;
}
