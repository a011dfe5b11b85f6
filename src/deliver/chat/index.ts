// Chat delivery: sends a compact digest (render/text/chat.ts) to one chat target as one or more messages, each
// built by its service's module, sent through http.ts (the service's policy paces and retries), and recorded as
// sent, so a send cut between messages resumes with the first message not yet sent.

import { createHash } from 'node:crypto';
import { DeliveryError, registerSecret, registerUrlSecrets } from '../../errors.js';
import type { HttpClient } from '../../http.js';
import type { ChatDigest, ChatServiceName, ChatTarget } from '../../model.js';
import { dingtalk } from './dingtalk.js';
import { discord } from './discord.js';
import { feishu } from './feishu.js';
import { splitMessages, type ChatMessage, type ChatService } from './service.js';
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
  /** Whether the message of this key was sent before (by an earlier run cut short); it is then not sent again. */
  isMessageSent: (key: string) => boolean;
  /** Records the message of this key as sent, right after the service took it. */
  recordMessage: (key: string) => void;
}

/** How a chat send went: messages sent now, and messages skipped because an earlier run sent them. */
export interface ChatSendResult {
  sent: number;
  skipped: number;
}

/**
 * Sends `chat` to `target`, message by message, skipping those recorded as sent. Throws `DeliveryError` naming the
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
  const messages = splitMessages(chat, service);
  const result: ChatSendResult = { sent: 0, skipped: 0 };
  for (const message of messages) {
    const key = messageKey(message);
    if (deps.isMessageSent(key)) {
      result.skipped += 1;
      continue;
    }
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
        hint: `messages sent before it are recorded; the next run sends only the rest`,
      });
    }
    deps.recordMessage(key);
    result.sent += 1;
  }
  return result;
}

/**
 * A message's key among the recorded deliveries: its place and a hash of what it says, so a run that splits the
 * digest the same way skips exactly the messages already sent, and one that splits it otherwise sends the new ones.
 */
function messageKey(message: ChatMessage): string {
  const hash = createHash('sha256').update(JSON.stringify(message)).digest('hex').slice(0, 16);
  return `message ${message.part}/${message.parts} ${hash}`;
}
