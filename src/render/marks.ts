// The ⚠ mark after a translated line that failed a check twice (enrich/verify), shared by the text styles; the
// reasons themselves are in the JSON document and, footnote-like, in Markdown. Pure.
import type { DigestEntry, TranslatedField, TranslationFlag } from '../model.js';

export const FLAG_MARK = '⚠';

/** The flags of one translated field of an entry. */
export function flagsOf(entry: Pick<DigestEntry, 'translation'>, field: TranslatedField): TranslationFlag[] {
  return (entry.translation.flags ?? []).filter((flag) => flag.field === field);
}

/** `line` with ` ⚠` appended when `field` of the entry carries a flag. */
export function markedLine(
  line: string,
  entry: Pick<DigestEntry, 'translation'>,
  field: TranslatedField,
): string {
  return flagsOf(entry, field).length > 0 ? `${line} ${FLAG_MARK}` : line;
}
