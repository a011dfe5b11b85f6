// Telegram Bot API sendMessage (core.telegram.org/bots/api#sendmessage): POST `{chat_id, text, parse_mode: "HTML"}`
// to `<api>/bot<token>/sendMessage`; `{"ok":true}` when sent, else `{"ok":false, error_code, description}` with
// that status, a 429 naming `parameters.retry_after` (seconds).

import type { ChatEntry } from '../../model.js';
import { headerOf, markOf, parseReply, textOf, type ChatMessage, type ChatService } from './service.js';

/** The HTML parse mode's escapes: `<`, `>`, `&` in text, and `"` in attributes (core.telegram.org/bots/api#html-style). */
function escapeTelegram(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

function entryLines(entry: ChatEntry): string[] {
  const lines = [
    `<b>${entry.rank}.</b> <a href="${escapeTelegram(entry.absUrl)}">${escapeTelegram(entry.title)}</a>${markOf(entry)}`,
  ];
  if (entry.translatedTitle !== null) lines.push(`      <i>${escapeTelegram(entry.translatedTitle)}</i>`);
  lines.push(`      <a href="${escapeTelegram(entry.pdfUrl)}">PDF</a> · arXiv:${entry.arxivId}`);
  return lines;
}

/** The message's `text`, using only tags the HTML parse mode allows (b, i, a). */
function buildTelegramText(message: ChatMessage): string {
  const blocks = [
    `<b>${escapeTelegram(headerOf(message))}</b>`,
    ...message.entries.map((e) => entryLines(e).join('\n')),
  ];
  return blocks.join('\n\n');
}

export const telegram: ChatService = {
  policy: 'chatTelegram',
  // "Text of the message to be sent, 1-4096 characters after entities parsing": the markup counted too, to be safe.
  maxSize: 4_096,
  measure: (message) => buildTelegramText(message).length,
  buildRequest: (message, target) => ({
    url: `${target.url}/bot${target.token ?? ''}/sendMessage`,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      chat_id: target.chatId,
      text: buildTelegramText(message),
      parse_mode: 'HTML',
      disable_web_page_preview: true,
    }),
  }),
  readReply: (status, text) => {
    const reply = parseReply(text);
    if (status === 429) {
      const parameters = reply?.['parameters'];
      const retryAfter =
        typeof parameters === 'object' && parameters !== null
          ? (parameters as Record<string, unknown>)['retry_after']
          : undefined;
      return {
        kind: 'retry',
        retryAfterMs: typeof retryAfter === 'number' ? retryAfter * 1000 : null,
        reason: text,
      };
    }
    if (status >= 200 && status < 300 && reply?.['ok'] === false) {
      return { kind: 'refused', reason: textOf(reply['description'] ?? text) };
    }
    return null;
  },
};
