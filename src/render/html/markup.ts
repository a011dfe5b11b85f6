// HTML as values, through hono's `html` template: every interpolated text is escaped (`& < > " '`) unless it is
// already HTML (a nested template, or what `raw` marks: MathML, highlighting, the inline assets). Pure.
import { html as honoHtml, raw } from 'hono/html';

/** Markup that is already safe: made by `html`, or marked by `raw`. A `String` object, not a primitive. */
export type Html = ReturnType<typeof raw>;

/**
 * What a template may interpolate: text (escaped), numbers, markup (kept), and arrays of them (joined with
 * nothing). Booleans, null and undefined are left out on purpose: hono drops them silently, where a template
 * literal would print them.
 */
export type HtmlValue = string | number | Html | readonly HtmlValue[];

/** hono's `html`, synchronous: it returns a promise only when a promise is interpolated, and HtmlValue has none. */
export function html(strings: TemplateStringsArray, ...values: readonly HtmlValue[]): Html {
  return honoHtml(strings, ...values) as Html;
}

/** HTML made elsewhere and trusted as it is; only for markup a renderer built, never for text from a feed. */
export { raw };

/** Markup as the primitive string a page renderer returns. */
export function toHtmlString(markup: Html): string {
  return markup.toString();
}

/**
 * Pieces one after another as one piece of markup; text among them is escaped. (`+` would turn markup back into a
 * plain string, which the next template would escape again.)
 */
export function joinHtml(...parts: readonly HtmlValue[]): Html {
  return html`${parts}`;
}
