// Slack incoming webhook (api.slack.com/messaging/webhooks): POST `{"text": …}` in mrkdwn to the webhook URL;
// Slack answers `ok`, or 400/403/404/410 with a word (`invalid_payload`, `no_service`), 429 with Retry-After.

import type { ChatEntry } from '../../model.js';
import { headerOf, markOf, type ChatMessage, type ChatService } from './service.js';

/** mrkdwn's three control characters (api.slack.com/reference/surfaces/formatting#escaping). */
function escapeSlack(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

function entryLines(entry: ChatEntry): string[] {
  const lines = [`*${entry.rank}.* <${entry.absUrl}|${escapeSlack(entry.title)}>${markOf(entry)}`];
  if (entry.translatedTitle !== null) lines.push(`      ${escapeSlack(entry.translatedTitle)}`);
  lines.push(`      <${entry.pdfUrl}|PDF> · arXiv:${entry.arxivId}`);
  return lines;
}

/** The message's mrkdwn text: the header in bold, then each paper. */
function buildSlackText(message: ChatMessage): string {
  const blocks = [
    `*${escapeSlack(headerOf(message))}*`,
    ...message.entries.map((e) => entryLines(e).join('\n')),
  ];
  return blocks.join('\n\n');
}

export const slack: ChatService = {
  policy: 'chatSlack',
  // Slack truncates a message's text past 40,000 characters and asks for at most 4,000
  // (api.slack.com/methods/chat.postMessage, "Truncating content").
  maxSize: 4_000,
  measure: (message) => buildSlackText(message).length,
  buildRequest: (message, target) => ({
    url: target.url,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: buildSlackText(message) }),
  }),
  readReply: () => null,
};
