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

/**
 * `foldText` of a text its source cleaned (model.ts `hasCleanText`), the same result with less work: an ASCII one
 * has its whitespace normalised already, so lower-casing it is the whole fold and the whitespace scan is skipped.
 * Other text is folded in full, as decomposing can make spaces (`¨` is a space and a combining mark).
 */
export function foldCleanText(text: string): string {
  return NON_ASCII.test(text) ? foldText(text) : text.toLowerCase();
}
