// Feishu/Lark custom bot (open.feishu.cn/document/client-docs/bot-v3/add-custom-bot): POST a `post` (rich text)
// message to the webhook URL, signed when the bot has a secret; it answers HTTP 200 with `{"code": 0}` when sent,
// or another code (19021: bad signature; 9499 and 11232: too many requests).

import { createHmac } from 'node:crypto';
import type { ChatEntry } from '../../model.js';
import { byteLength, headerOf, parseReply, textOf, type ChatMessage, type ChatService } from './service.js';

/** Rate-limit codes of a custom bot: asked to slow down, not refused. */
const BUSY_CODES = new Set([9499, 11232]);

type PostElement = { tag: 'text'; text: string } | { tag: 'a'; text: string; href: string };

function entryRows(entry: ChatEntry): PostElement[][] {
  const rows: PostElement[][] = [
    [
      { tag: 'text', text: `${entry.rank}. ` },
      { tag: 'a', text: entry.title, href: entry.absUrl },
      ...(entry.isMarked ? [{ tag: 'text', text: ' ⚠' } as const] : []),
    ],
  ];
  if (entry.translatedTitle !== null) rows.push([{ tag: 'text', text: `      ${entry.translatedTitle}` }]);
  rows.push([
    { tag: 'text', text: '      ' },
    { tag: 'a', text: 'PDF', href: entry.pdfUrl },
    { tag: 'text', text: ` · arXiv:${entry.arxivId}` },
  ]);
  return rows;
}

/** The message's `content`: a post whose title is the header and whose rows are the papers. */
function buildFeishuContent(message: ChatMessage): unknown {
  const rows = message.entries.flatMap((entry, index) => [...(index > 0 ? [[]] : []), ...entryRows(entry)]);
  return { post: { zh_cn: { title: headerOf(message), content: rows } } };
}

/**
 * The signature: base64 of HMAC-SHA256 keyed with `timestamp + "\n" + secret` over empty data, `timestamp` in
 * seconds (Feishu's "签名校验": it must be within an hour of Feishu's clock).
 */
function signFeishu(timestampSeconds: number, secret: string): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

export const feishu: ChatService = {
  policy: 'chatFeishu',
  // "请求体大小不能超过 20 KB" (a request body of at most 20 KB); the signature's fields are left room.
  maxSize: 19_800,
  measure: (message) =>
    byteLength(JSON.stringify({ msg_type: 'post', content: buildFeishuContent(message) })),
  buildRequest: (message, target, now) => {
    const timestampSeconds = Math.floor(now.getTime() / 1000);
    const signature =
      target.secret === null
        ? {}
        : { timestamp: String(timestampSeconds), sign: signFeishu(timestampSeconds, target.secret) };
    return {
      url: target.url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...signature, msg_type: 'post', content: buildFeishuContent(message) }),
    };
  },
  readReply: (_status, text) => {
    const reply = parseReply(text);
    // Older bots answer `StatusCode`/`StatusMessage`, newer ones `code`/`msg`.
    const code = reply?.['code'] ?? reply?.['StatusCode'];
    if (typeof code !== 'number' || code === 0) return null;
    const reason = `code ${code}: ${textOf(reply?.['msg'] ?? reply?.['StatusMessage'])}`;
    if (BUSY_CODES.has(code)) return { kind: 'retry', retryAfterMs: null, reason };
    return { kind: 'refused', reason };
  },
};
