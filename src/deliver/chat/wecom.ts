// WeCom group robot (developer.work.weixin.qq.com/document/path/91770): POST a `markdown` message (content at most
// 4,096 UTF-8 bytes) to the webhook URL (`…/webhook/send?key=…`); it answers HTTP 200 with `{"errcode": 0}` when
// sent, or another code (93000: bad key; 45009: over 20 messages a minute).

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

/** "api freq out of limit": more than 20 messages a minute. */
const BUSY_CODES = new Set([45009]);

function entryLines(entry: ChatEntry): string[] {
  const lines = [`${entry.rank}. [${linkText(entry.title)}](${entry.absUrl})${markOf(entry)}`];
  // The translation is a model's answer: its brackets, like a title's, never make a link of their own.
  if (entry.translatedTitle !== null) lines.push(`> ${linkText(entry.translatedTitle)}`);
  lines.push(`[PDF](${entry.pdfUrl}) · arXiv:${entry.arxivId}`);
  return lines;
}

/** The message's markdown `content`. */
function buildWecomContent(message: ChatMessage): string {
  return [`**${headerOf(message)}**`, ...message.entries.map((e) => entryLines(e).join('\n'))].join('\n\n');
}

export const wecom: ChatService = {
  policy: 'chatWecom',
  // "markdown内容，最长不超过4096个字节，必须是utf8编码".
  maxSize: 4_096,
  measure: (message) => byteLength(buildWecomContent(message)),
  buildRequest: (message, target) => ({
    url: target.url,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ msgtype: 'markdown', markdown: { content: buildWecomContent(message) } }),
  }),
  readReply: (_status, text) => errcodeVerdict(text, BUSY_CODES),
};
