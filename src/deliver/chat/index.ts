// Chat delivery: sends a compact digest (render/text/chat.ts) to one chat target as one or more messages, each
// built by its service's module, sent through http.ts (the service's policy paces and retries); each paper is
// recorded as sent with its message, so a send cut between messages resumes with the papers not yet sent.

import { DeliveryError, registerSecret, registerUrlSecrets } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import type { ChatDigest, ChatEntry, ChatServiceName, ChatTarget } from '../../model.js';
import { dingtalk } from './dingtalk.js';
import { discord } from './discord.js';
import { feishu } from './feishu.js';
import { splitMessages, type ChatService } from './service.js';
import { slack } from './slack.js';
import { telegram } from './telegram.js';
import { webhook } from './webhook.js';
import { wecom } from './wecom.js';

const SERVICES: Record<ChatServiceName, ChatService> = {
  slack,
  discord,
  telegram,
  feishu,
  dingtalk,
  wecom,
  webhook,
};

/** What a chat send needs: the HTTP client, the clock signatures are dated by, and the record of sent messages. */
export interface ChatSendDeps {
  client: Pick<HttpClient, 'request'>;
  now: () => Date;
  /** Whether the paper (or header) of this key was sent before (by an earlier run cut short); not sent again. */
  isMessageSent: (key: string) => boolean;
  /** Records a paper (or the header of an empty digest) as sent, right after the service took its message. */
  recordMessage: (key: string) => void;
}

/** How a chat send went: messages sent now, and papers left out because an earlier run sent them. */
export interface ChatSendResult {
  sent: number;
  skipped: number;
}

/**
 * Sends `chat` to `target`, message by message, leaving out the papers recorded as sent: a rerun after a cut send
 * never sends a paper twice, even when its message would now read otherwise (a translation cached since). Throws `DeliveryError` naming the
 * target and the message (never the webhook URL's token), its cause the HTTP error, once the policy's retries are
 * spent; the messages before it stay recorded.
 */
export async function sendChatDigest(
  chat: ChatDigest,
  target: ChatTarget,
  deps: ChatSendDeps,
): Promise<ChatSendResult> {
  // The config registered them already; a target built elsewhere is covered too.
  registerUrlSecrets(target.url);
  registerSecret(target.secret);
  registerSecret(target.token);
  const service = SERVICES[target.service];
  const unsent = chat.entries.filter((entry) => !deps.isMessageSent(paperKey(entry)));
  const result: ChatSendResult = { sent: 0, skipped: chat.entries.length - unsent.length };
  const isDone = chat.entries.length === 0 ? deps.isMessageSent(EMPTY_KEY) : unsent.length === 0;
  if (isDone) return result;
  const messages = splitMessages({ ...chat, entries: unsent }, service);
  for (const message of messages) {
    const request = service.buildRequest(message, target, deps.now());
    try {
      await deps.client.request({
        url: request.url,
        method: 'POST',
        headers: request.headers,
        body: request.body,
        policy: service.policy,
        readReply: service.readReply,
      });
    } catch (cause) {
      const what = messages.length > 1 ? `message ${message.part} of ${message.parts}` : 'the message';
      const reason = cause instanceof Error ? cause.message : String(cause);
      throw new DeliveryError(`chat:${target.name}`, `${what} was not sent (${target.service}): ${reason}`, {
        cause,
        hint: `papers sent before it are recorded; the next run sends only the rest`,
      });
    }
    const keys = message.entries.length === 0 ? [EMPTY_KEY] : message.entries.map(paperKey);
    for (const key of keys) deps.recordMessage(key);
    result.sent += 1;
  }
  return result;
}

/** The record of an empty digest's one message (its header). */
const EMPTY_KEY = 'header';

/** The record of a paper sent to a target: the paper, not its message, so a message that reads otherwise later is
 * not sent again for it. */
function paperKey(entry: ChatEntry): string {
  return `paper ${entry.arxivId}`;
}
