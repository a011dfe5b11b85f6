// How the shipped glossaries (zh-rl.ts, ja-ml.ts, ...) write an entry: one call per term.

import type { GlossaryField } from '../../model.js';
import type { GlossaryEntry } from './glossary.js';

/** The entry maker of one field: `(term, accepted renderings with the preferred first, known wrong ones)`. */
export function entriesOf(
  field: GlossaryField,
): (term: string, translations: string[], forbidden?: string[]) => GlossaryEntry {
  return (term, translations, forbidden) =>
    forbidden ? { term, translations, forbidden, field } : { term, translations, field };
}
