// Text folding for the keyword query language: query terms and paper text both go through `foldText`, so that
// case, accents, ligatures and runs of whitespace never decide a match.

const MARKS = /\p{M}+/gu;
const NON_ASCII = /[^\t-~]/;
const UNUSUAL_SPACE = /^\s|\s$|\s\s|[^\S ]/;

/**
 * Folds text for matching: compatibility-decomposes it (ligatures, full-width forms), drops accents, lower-cases
 * it and collapses whitespace and line breaks to one space. Query terms and paper text both go through it.
 */
export function foldText(text: string): string {
  // Most titles and abstracts are ASCII: they need no Unicode normalisation, which is the costly step.
  const decomposed = NON_ASCII.test(text) ? text.normalize('NFKD').replace(MARKS, '') : text;
  const lower = decomposed.toLowerCase();
  // Replacing every single space is slow; most text only needs its edges checked.
  return UNUSUAL_SPACE.test(lower) ? lower.replace(/\s+/g, ' ').trim() : lower;
}
