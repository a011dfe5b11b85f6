// Picks the renderer for a digest style: classic text, Markdown, the bilingual list or JSON. Pure.
import type { Digest, Lang, Style } from '../../model.js';
import { renderBilingual } from './bilingual.js';
import { renderClassic } from './classic.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

/** Renders a digest in one style. `lang` picks the labels and translations; JSON carries `digest.lang`. */
export function renderDigest(digest: Digest, style: Style, options: { lang: Lang }): string {
  switch (style) {
    case 'classic':
      return renderClassic(digest, options);
    case 'markdown':
      return renderMarkdown(digest, options);
    case 'bilingual':
      return renderBilingual(digest, options);
    case 'json':
      return renderJson(digest);
  }
}
