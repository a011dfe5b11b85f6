// Finding a glossary's terms in a text: every word (a run of ASCII letters and digits) looks up, in lowercase, the
// terms it may start (glossary.ts compiles them into `Glossary.termsByFirstWord`), and each term's pattern decides
// whether the words that follow complete it. verify/source.ts reads a source's terms through findGlossaryTerms.

import type { GlossaryEntry, Glossary, TermMatch } from './glossary.js';

const WORD = /[A-Za-z0-9]+/g;

/** The glossary terms in `text`, in order of first occurrence; longer terms win where they overlap. */
export function findGlossaryTerms(glossary: Glossary, text: string): TermMatch[] {
  const found = new Map<GlossaryEntry, TermMatch>();
  // Where the last matched term ends: a term starting before it lies inside that longer one.
  let coveredUntil = 0;
  for (const word of text.matchAll(WORD)) {
    const start = word.index;
    // Longest terms first, so that a one-word term inside a longer one at the same place is not required.
    for (const term of glossary.termsByFirstWord.get(word[0].toLowerCase()) ?? []) {
      term.pattern.lastIndex = start;
      const match = term.pattern.exec(text);
      if (match === null) continue;
      const isRequired = start >= coveredUntil;
      const earlier = found.get(term.entry);
      if (earlier) earlier.isRequired ||= isRequired;
      else
        found.set(term.entry, {
          entry: term.entry,
          firstAt: start,
          isRequired,
          englishForms: term.englishForms,
        });
      coveredUntil = Math.max(coveredUntil, start + match[0].length);
    }
  }
  return [...found.values()];
}
