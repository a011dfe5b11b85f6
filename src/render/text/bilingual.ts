// The bilingual reading list (`--style bilingual`), as example 000: for each distinct paper, its
// abstract, the translated abstract and the arXiv link, one line each, with no header. Pure.
import type { Digest, Lang } from '../../model.js';
import { absUrl } from '../../model.js';
import { distinctEntries, oneLine, shownTranslation } from '../common.js';
import { markedLine } from '../marks.js';

export interface BilingualOptions {
  /** The translation's language; `en` gives the abstract and the link only. */
  lang: Lang;
}

/** Renders each distinct paper once, in digest order. A null translation shows the English text. */
export function renderBilingual(digest: Digest, options: BilingualOptions): string {
  const lines: string[] = [];
  for (const entry of distinctEntries(digest)) {
    lines.push(oneLine(entry.paper.abstract));
    const translation = shownTranslation(entry, options.lang);
    if (translation) lines.push(markedLine(oneLine(translation.abstract), entry, 'abstract'));
    lines.push(absUrl(entry.paper.arxivId));
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
