// What every chat service module provides (one per service in this folder), and the split of a compact digest
// into messages within a service's size limit: between papers, never inside one. Pure.

import type { ChatDigest, ChatEntry, ChatTarget } from '../../model.js';
import type { PolicyName, ReplyVerdict } from '../../http.js';

/** One message of a digest: the header, some of its papers, and its place among the messages. */
export interface ChatMessage {
  profile: string;
  listingDate: string;
  /** Distinct papers in the whole digest. */
  paperCount: number;
  header: string;
  entries: ChatEntry[];
  /** 1-based; `parts` is 1 when the digest fits one message. */
  part: number;
  parts: number;
}

/** One request as the service takes it. */
interface ChatRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** One chat service: how it counts a message, builds its request (payload and signature), and reads its answer. */
export interface ChatService {
  /** The http.ts policy: its pace between messages, retries and timeout. */
  policy: PolicyName;
  /** The most one message may hold, as `measure` counts it (characters or UTF-8 bytes, per the service). */
  maxSize: number;
  measure: (message: ChatMessage) => number;
  /** The request for one message, signed with `target.secret` at `now` where the service signs. */
  buildRequest: (message: ChatMessage, target: ChatTarget, now: Date) => ChatRequest;
  /** What the answer's body says (a refusal or rate limit under HTTP 200); null when the status decides. */
  readReply: (status: number, text: string) => ReplyVerdict | null;
}

/** `rl · 2026-01-30 · 12 papers (2/3)`: the header line, with the part when there are several. */
export function headerOf(message: ChatMessage): string {
  return message.parts > 1 ? `${message.header} (${message.part}/${message.parts})` : message.header;
}

/** The title mark of an entry whose translation failed or was marked by a check. */
export function markOf(entry: ChatEntry): string {
  return entry.isMarked ? ' ⚠' : '';
}

/** UTF-8 bytes of `text`, for services whose limits count bytes. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/**
 * The digest's messages: papers in order, as many per message as fit `service.maxSize` (the header is counted
 * with room for the widest part number). A paper too long for a message alone is the one exception: its titles
 * are shortened at a word boundary, with "…", until it fits.
 */
export function splitMessages(chat: ChatDigest, service: ChatService): ChatMessage[] {
  const { profile, listingDate, paperCount, header } = chat;
  const fits = (entries: ChatEntry[]): boolean =>
    service.measure({ profile, listingDate, paperCount, header, entries, part: 99, parts: 99 }) <=
    service.maxSize;
  const groups: ChatEntry[][] = [];
  let current: ChatEntry[] = [];
  for (const entry of chat.entries) {
    const fitted = fits([entry]) ? entry : shortenEntry(entry, fits);
    if (current.length === 0 || fits([...current, fitted])) {
      current.push(fitted);
      continue;
    }
    groups.push(current);
    current = [fitted];
  }
  groups.push(current);
  return groups.map((entries, index) => ({
    profile,
    listingDate,
    paperCount,
    header,
    entries,
    part: index + 1,
    parts: groups.length,
  }));
}

/** The entry with both titles cut shorter, a tenth at a time, until it fits a message alone. */
function shortenEntry(entry: ChatEntry, fits: (entries: ChatEntry[]) => boolean): ChatEntry {
  let maxChars = Math.max(entry.title.length, entry.translatedTitle?.length ?? 0);
  let shortened = entry;
  while (maxChars > 1 && !fits([shortened])) {
    maxChars = Math.floor(maxChars * 0.9);
    shortened = {
      ...entry,
      title: shortenAtWord(entry.title, maxChars),
      translatedTitle: entry.translatedTitle === null ? null : shortenAtWord(entry.translatedTitle, maxChars),
    };
  }
  return shortened;
}

/**
 * `text` cut to at most `maxChars` characters, at the last space when there is one in its second half, plus "…".
 * Never inside a surrogate pair: half of one (a math letter, an emoji) is no UTF-8 a service accepts.
 */
function shortenAtWord(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const end = Math.max(0, maxChars - 1);
  const code = text.charCodeAt(end - 1);
  const cut = text.slice(0, code >= 0xd800 && code <= 0xdbff ? end - 1 : end);
  const space = cut.lastIndexOf(' ');
  return `${(space > maxChars / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The JSON body of an answer, or null when it is not JSON (the status then decides). */
export function parseReply(text: string): Record<string, unknown> | null {
  try {
    const value = JSON.parse(text) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : null;
  } catch (error) {
    if (error instanceof SyntaxError) return null;
    throw error;
  }
}

/** A reply field as text: a string as it is, anything else as JSON ('' when absent). */
export function textOf(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** DingTalk's and WeCom's answers: `{"errcode": 0, "errmsg": "ok"}`, another code refused or (busy) retried. */
export function errcodeVerdict(text: string, busyCodes: ReadonlySet<number>): ReplyVerdict | null {
  const reply = parseReply(text);
  const code = reply?.['errcode'];
  if (typeof code !== 'number' || code === 0) return null;
  const reason = `errcode ${code}: ${textOf(reply?.['errmsg'])}`;
  if (busyCodes.has(code)) return { kind: 'retry', retryAfterMs: null, reason };
  return { kind: 'refused', reason };
}

/**
 * A title (or its translation) for DingTalk's and WeCom's markdown: its square brackets become full-width ones, so
 * it never ends a link early nor makes a link of its own (`[看这里](https://…)` in a model's answer); their markdown
 * subset documents no backslash escapes.
 */
export function linkText(text: string): string {
  return text.replaceAll('[', '［').replaceAll(']', '］');
}
