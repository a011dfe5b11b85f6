// The generic JSON webhook: POSTs the compact digest as one JSON document (docs/chat.md, "The webhook's JSON"),
// with `X-Paperwire-Signature: sha256=<hex HMAC-SHA256 of the body>` when a secret is set. Any 2xx is taken.

import { createHmac } from 'node:crypto';
import type { ChatMessage, ChatService } from './service.js';

/** The document's `type`; its `version` changes when a field changes meaning or goes. */
const DOCUMENT_TYPE = 'paperwire.chat-digest';
const DOCUMENT_VERSION = 1;

/** The JSON document of one message. */
function buildWebhookDocument(message: ChatMessage): unknown {
  return {
    type: DOCUMENT_TYPE,
    version: DOCUMENT_VERSION,
    profile: message.profile,
    listingDate: message.listingDate,
    paperCount: message.paperCount,
    header: message.header,
    part: message.part,
    parts: message.parts,
    papers: message.entries.map((entry) => ({
      rank: entry.rank,
      arxivId: entry.arxivId,
      title: entry.title,
      translatedTitle: entry.translatedTitle,
      isMarked: entry.isMarked,
      absUrl: entry.absUrl,
      pdfUrl: entry.pdfUrl,
    })),
  };
}

/** `sha256=` and the lowercase hex HMAC-SHA256 of the body, keyed with the secret. */
function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export const webhook: ChatService = {
  policy: 'chatWebhook',
  // One document holds every paper shown: a receiver of JSON has no message size to respect.
  maxSize: Number.POSITIVE_INFINITY,
  measure: () => 0,
  buildRequest: (message, target) => {
    const body = JSON.stringify(buildWebhookDocument(message));
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (target.secret !== null) headers['x-paperwire-signature'] = signWebhook(body, target.secret);
    return { url: target.url, headers, body };
  },
  readReply: () => null,
};
