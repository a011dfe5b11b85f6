// The parts of an RSS 2.0 document the arXiv feed reader uses, read in one pass (xml-scan.ts): the channel's
// dates and each item's fields as text. Elements are known by their local name, whatever prefix the feed binds.

import { scanXmlDocument, type XmlDocumentPlace } from '../xml.js';
import { decodeXmlText, type XmlReader } from '../xml-scan.js';

/** One `<item>`: each field's text ('' when absent or given twice), its categories in order. */
export interface RssItem {
  /** False for an item with neither child elements nor attributes (`<item/>`, `<item>text</item>`). */
  hasContent: boolean;
  fields: Record<ItemField, string>;
  categories: string[];
}

export interface RssChannel {
  pubDate: string;
  lastBuildDate: string;
  items: RssItem[];
}

/** The document's root element (local name; `nothing` without one) and its one `<rss><channel>`, else null. */
export interface RssDocument {
  root: string;
  channel: RssChannel | null;
}

const ITEM_FIELDS = ['title', 'link', 'description', 'guid', 'announce_type', 'creator'] as const;
type ItemField = (typeof ITEM_FIELDS)[number];
type ChannelField = 'pubDate' | 'lastBuildDate';

/**
 * Reads `xml` as RSS. @throws FeedError naming `place.url` (and the line, see `scanXmlDocument`) when it is not
 * well-formed XML.
 */
export function scanRssDocument(xml: string, place: XmlDocumentPlace): RssDocument {
  const reader = new RssReader();
  scanXmlDocument(xml, reader, place);
  return reader.document();
}

/** Where the text being read goes: an item field, a category, a channel date; null: nowhere. */
type Target =
  { kind: 'item'; field: ItemField } | { kind: 'category' } | { kind: 'channel'; field: ChannelField } | null;

// Every target made once: a 2,000-item feed opens some 20,000 of them.
const ITEM_TARGETS: ReadonlyMap<string, Target> = new Map(
  ITEM_FIELDS.map((field) => [field, { kind: 'item', field }] as const),
);
const CATEGORY_TARGET: Target = { kind: 'category' };
const CHANNEL_TARGETS: ReadonlyMap<string, Target> = new Map(
  (['pubDate', 'lastBuildDate'] as const).map((field) => [field, { kind: 'channel', field }] as const),
);

// An item as rss.arxiv.org writes every one: `<item>`, then child elements holding only text (references allowed, as
// well-formed XML allows them), each with at most one double-quoted attribute, then `</item>`. Such an item is read
// by these sticky patterns, a child at a time, instead of tag by tag; any other shape is read tag by tag.
const TEXT = String.raw`[^<&]*(?:&(?:#[0-9]+|#x[0-9a-fA-F]+|\w{1,20});[^<&]*)*`;
const CHILD_AT = new RegExp(
  String.raw`\s*<([A-Za-z_:][\w:.-]*)(?:\s+[A-Za-z_:][\w:.-]*\s*=\s*"[^"<&]*")?\s*>(${TEXT})</\1>`,
  'y',
);
const ITEM_END_AT = /\s*<\/item>/y;

/** A child's text as the scan tells it: trimmed, decoded, nothing when blank. */
function textOf(raw: string | undefined): string {
  const text = (raw ?? '').trim();
  return text === '' ? '' : decodeXmlText(text);
}

/**
 * The `<item>` at `lt` when it has arXiv's shape (CHILD_AT): its fields as reading it tag by tag gives them, and the
 * offset after `</item>`. Null for any other shape (no child, CDATA, comments, nested elements, other attributes),
 * which the scan then reads tag by tag; a stray `&` is such a shape, so the scan still finds it.
 */
export function readItemWhole(xml: string, lt: number): { item: RssItem; end: number } | null {
  if (!xml.startsWith('<item>', lt)) return null;
  const fields = emptyFields();
  const categories: string[] = [];
  const seen = new Set<ItemField>();
  let repeated: Set<ItemField> | null = null;
  const start = lt + '<item>'.length;
  let position = start;
  CHILD_AT.lastIndex = start;
  for (let child = CHILD_AT.exec(xml); child !== null; child = CHILD_AT.exec(xml)) {
    position = CHILD_AT.lastIndex;
    const local = localNameOf(child[1] ?? '');
    const target = local === 'category' ? CATEGORY_TARGET : ITEM_TARGETS.get(local);
    if (target === undefined || target === null || target.kind === 'channel') continue;
    const text = textOf(child[2]);
    if (target.kind === 'category') categories.push(text);
    else if (seen.has(target.field)) (repeated ??= new Set()).add(target.field);
    else {
      seen.add(target.field);
      fields[target.field] = text;
    }
  }
  ITEM_END_AT.lastIndex = position;
  if (position === start || !ITEM_END_AT.test(xml)) return null;
  // A field given twice reads as '' (which of two is meant?), as the tag-by-tag reader has it.
  for (const field of repeated ?? []) fields[field] = '';
  return { item: { hasContent: true, fields, categories }, end: ITEM_END_AT.lastIndex };
}

class RssReader implements XmlReader {
  private root = 'nothing';
  private readonly path: string[] = [];
  private channelCount = 0;
  private channelHasContent = false;
  private readonly channelFields: Record<ChannelField, string[]> = { pubDate: [], lastBuildDate: [] };
  private readonly items: RssItem[] = [];
  /** The fields the item being read has given so far. */
  private readonly seenFields = new Set<ItemField>();
  /** The fields each item gave more than once, by item index; such a field reads as ''. */
  private readonly repeatedFields = new Map<number, Set<ItemField>>();
  private target: Target = null;
  private targetDepth = 0;
  private collected = '';

  open(name: string, hasAttributes: boolean): boolean {
    const local = localNameOf(name);
    const depth = this.path.length + 1;
    const path = this.path;
    const isInRss = path[0] === 'rss';
    const isInChannel = isInRss && path[1] === 'channel';
    if (depth === 1) this.root = local;
    else if (depth === 2 && isInRss && local === 'channel') {
      this.channelCount += 1;
      if (hasAttributes) this.channelHasContent = true;
    } else if (depth === 3 && isInChannel) {
      this.channelHasContent = true;
      if (local === 'item') {
        this.items.push({ hasContent: hasAttributes, fields: emptyFields(), categories: [] });
        this.seenFields.clear();
      } else {
        const target = CHANNEL_TARGETS.get(local);
        if (target !== undefined) this.startTarget(target, depth);
      }
    } else if (depth === 4 && isInChannel && path[2] === 'item') {
      const item = this.items.at(-1);
      if (item !== undefined) item.hasContent = true;
      const target = local === 'category' ? CATEGORY_TARGET : ITEM_TARGETS.get(local);
      if (target !== undefined) this.startTarget(target, depth);
    }
    path.push(local);
    return this.target !== null && this.targetDepth === depth;
  }

  text(text: string): void {
    if (this.target !== null && this.path.length === this.targetDepth) this.collected += text;
  }

  close(): void {
    if (this.target !== null && this.path.length === this.targetDepth) this.endTarget(this.target);
    this.path.pop();
  }

  /** An `<item>` of the channel in the shape `readItemWhole` reads, read whole; -1 for any other element or shape. */
  readWhole(xml: string, lt: number): number {
    const path = this.path;
    if (path.length !== 2 || path[0] !== 'rss' || path[1] !== 'channel') return -1;
    const read = readItemWhole(xml, lt);
    if (read === null) return -1;
    this.channelHasContent = true;
    this.items.push(read.item);
    return read.end;
  }

  document(): RssDocument {
    if (this.root !== 'rss' || this.channelCount !== 1 || !this.channelHasContent)
      return { root: this.root, channel: null };
    const items = this.items;
    for (const [index, fields] of this.repeatedFields) {
      const item = items[index];
      if (item !== undefined) for (const field of fields) item.fields[field] = '';
    }
    return {
      root: this.root,
      channel: {
        pubDate: onlyOf(this.channelFields.pubDate),
        lastBuildDate: onlyOf(this.channelFields.lastBuildDate),
        items,
      },
    };
  }

  private startTarget(target: Target, depth: number): void {
    this.target = target;
    this.targetDepth = depth;
    this.collected = '';
  }

  private endTarget(target: NonNullable<Target>): void {
    const text = this.collected;
    this.target = null;
    this.collected = '';
    if (target.kind === 'channel') {
      this.channelFields[target.field].push(text);
      return;
    }
    const index = this.items.length - 1;
    const item = this.items[index];
    if (item === undefined) return;
    if (target.kind === 'category') item.categories.push(text);
    else if (!this.seenFields.has(target.field)) {
      this.seenFields.add(target.field);
      item.fields[target.field] = text;
    } else {
      const repeated = this.repeatedFields.get(index) ?? new Set<ItemField>();
      repeated.add(target.field);
      this.repeatedFields.set(index, repeated);
    }
  }
}

/** `dc:creator` → `creator`; a name with no prefix, or more than one colon, stays as it is. */
function localNameOf(name: string): string {
  const colon = name.indexOf(':');
  if (colon === -1 || name.indexOf(':', colon + 1) !== -1) return name;
  return name.slice(colon + 1);
}

/** A field's text when the element was given once; '' when absent or repeated (which of two is meant?). */
function onlyOf(texts: string[] | undefined): string {
  return texts !== undefined && texts.length === 1 ? (texts[0] ?? '') : '';
}

function emptyFields(): Record<ItemField, string> {
  return { title: '', link: '', description: '', guid: '', announce_type: '', creator: '' };
}
