// DingTalk custom robot (open.dingtalk.com/document/robots/custom-robot-access): POST a `markdown` message to the
// webhook URL (`…/robot/send?access_token=…`), with `timestamp` and `sign` added to its query when the robot signs;
// it answers HTTP 200 with `{"errcode": 0}` when sent, or another code (310000: bad signature; 130101: too fast).

import { createHmac } from 'node:crypto';
import type { ChatEntry } from '../../model.js';
import {
  byteLength,
  errcodeVerdict,
  headerOf,
  linkText,
  markOf,
  type ChatMessage,
  type ChatService,
} from './service.js';

/** "send too fast, exceed 20 times per minute": the robot is throttled, not refused. */
const BUSY_CODES = new Set([130101]);

function entryLines(entry: ChatEntry): string[] {
  // Two spaces end a line inside a paragraph in DingTalk's markdown.
  const lines = [`${entry.rank}. [${linkText(entry.title)}](${entry.absUrl})${markOf(entry)}  `];
  // The translation is a model's answer: its brackets, like a title's, never make a link of their own.
  if (entry.translatedTitle !== null) lines.push(`${linkText(entry.translatedTitle)}  `);
  lines.push(`[PDF](${entry.pdfUrl}) · arXiv:${entry.arxivId}`);
  return lines;
}

/** The message's markdown `text`. */
function buildDingtalkText(message: ChatMessage): string {
  return [`#### ${headerOf(message)}`, ...message.entries.map((e) => entryLines(e).join('\n'))].join('\n\n');
}

/**
 * The signature: base64 of HMAC-SHA256 keyed with the secret over `timestamp + "\n" + secret`, `timestamp` in
 * milliseconds, then URL-encoded as a query value (DingTalk's "加签": within an hour of DingTalk's clock).
 */
function signDingtalk(timestampMs: number, secret: string): string {
  return encodeURIComponent(
    createHmac('sha256', secret).update(`${timestampMs}\n${secret}`).digest('base64'),
  );
}

export const dingtalk: ChatService = {
  policy: 'chatDingtalk',
  // The robot refuses a message over 20,000 bytes ("消息内容…超过20000字节").
  maxSize: 20_000,
  measure: (message) => byteLength(buildDingtalkText(message)),
  buildRequest: (message, target, now) => {
    const timestampMs = now.getTime();
    const url =
      target.secret === null
        ? target.url
        : `${target.url}${target.url.includes('?') ? '&' : '?'}timestamp=${timestampMs}&sign=${signDingtalk(timestampMs, target.secret)}`;
    return {
      url,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        msgtype: 'markdown',
        markdown: { title: headerOf(message), text: buildDingtalkText(message) },
      }),
    };
  },
  readReply: (_status, text) => errcodeVerdict(text, BUSY_CODES),
};
