// Discord webhook (discord.com/developers/docs/resources/webhook#execute-webhook): POST `{"content": …}` (at most
// 2,000 characters) to the webhook URL; 204 when taken, 429 with `retry_after` (seconds) in the body.

import type { ChatEntry } from '../../model.js';
import { headerOf, markOf, parseReply, type ChatMessage, type ChatService } from './service.js';

/** Backslash before Discord's markdown characters, so a title's `*` or `_` stays a character. */
function escapeDiscord(text: string): string {
  return text.replace(/([\\*_~`|>#[\]<@])/g, '\\$1');
}

function entryLines(entry: ChatEntry): string[] {
  // `<url>` inside a masked link keeps Discord from embedding a preview of every paper.
  const lines = [`**${entry.rank}.** [${escapeDiscord(entry.title)}](<${entry.absUrl}>)${markOf(entry)}`];
  if (entry.translatedTitle !== null) lines.push(`      ${escapeDiscord(entry.translatedTitle)}`);
  lines.push(`      [PDF](<${entry.pdfUrl}>) · arXiv:${entry.arxivId}`);
  return lines;
}

/** The message's markdown `content`. */
function buildDiscordContent(message: ChatMessage): string {
  const blocks = [
    `**${escapeDiscord(headerOf(message))}**`,
    ...message.entries.map((e) => entryLines(e).join('\n')),
  ];
  return blocks.join('\n\n');
}

export const discord: ChatService = {
  policy: 'chatDiscord',
  // "content: the message contents (up to 2000 characters)".
  maxSize: 2_000,
  measure: (message) => buildDiscordContent(message).length,
  buildRequest: (message, target) => ({
    url: target.url,
    headers: { 'content-type': 'application/json' },
    // No @everyone or role pings, whatever a title says.
    body: JSON.stringify({ content: buildDiscordContent(message), allowed_mentions: { parse: [] } }),
  }),
  readReply: (status, text) => {
    if (status !== 429) return null;
    const retryAfter = parseReply(text)?.['retry_after'];
    const retryAfterMs = typeof retryAfter === 'number' ? Math.ceil(retryAfter * 1000) : null;
    return { kind: 'retry', retryAfterMs, reason: text };
  },
};
