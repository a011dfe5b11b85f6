// Small readers over fast-xml-parser's output, shared by the XML sources (arXiv RSS, arXiv API): an element
// may come as a string, a node with `#text`, or an array, depending on what the document holds.

export type XmlNode = Record<string, unknown>;

/** The text of an element, whatever shape the parser gave it; '' when there is none. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (isNode(value)) return textOf(value['#text']);
  return '';
}

/** An element that may repeat, as an array (absent: empty). */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
