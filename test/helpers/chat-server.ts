// A real OpenAI-compatible chat-completions server on 127.0.0.1 for tests: a reply function decides each answer,
// and the server records every request (parsed) and the most requests it ever had in flight at once.

import type { ServerResponse } from 'node:http';
import { startLoopbackServer, type RecordedRequest } from './loopback-server.js';

/** One chat-completions request as the server understood it. */
export interface ChatRequest {
  /** The first system message's content ('' when there is none). */
  system: string;
  /** The last user message's content ('' when there is none). */
  user: string;
  /** The body's `model` ('' when absent). */
  model: string;
  /** The whole parsed JSON body. */
  body: unknown;
  /** 0-based order of arrival. */
  index: number;
  /** Path and query, as sent. */
  path: string;
  headers: RecordedRequest['headers'];
  receivedAtMs: number;
}

/** Usage in either spelling; the server always answers with the wire spelling (`prompt_tokens`). */
type ChatUsage =
  { promptTokens: number; completionTokens: number } | { prompt_tokens: number; completion_tokens: number };

/**
 * How to answer one request:
 * - `{ content, usage? }`: a 200 chat completion whose `choices[0].message.content` is `content` (null allowed);
 * - `{ status, body?, headers? }`: that status with `body` as JSON (a string body is sent as is);
 * - `'hang'`: never answer (the request stays in flight until the client gives up or the server closes).
 */
type ChatReply =
  | { content: string | null; usage?: ChatUsage; finishReason?: string }
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | 'hang';

export interface ChatServer {
  /** `http://127.0.0.1:PORT`, no trailing slash; the server answers `POST <any prefix>/chat/completions`. */
  url: string;
  /** Every chat-completions request, in order of arrival. */
  requests: ChatRequest[];
  /** Every HTTP request as recorded by the loopback server (including ones to other paths). */
  raw: RecordedRequest[];
  /** Requests answered or hung right now, and the most there ever were at once. */
  inFlight(): number;
  maxInFlight(): number;
  close(): Promise<void>;
}

export type ChatReplyFn = (request: ChatRequest) => ChatReply | Promise<ChatReply>;

/** Starts a chat-completions server whose answers come from `reply`. */
export async function startChatServer(reply: ChatReplyFn): Promise<ChatServer> {
  const requests: ChatRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;

  const server = await startLoopbackServer(async (recorded, response) => {
    const path = recorded.url.split('?')[0] ?? '/';
    if (recorded.method !== 'POST' || !path.endsWith('/chat/completions')) {
      send(response, 404, { error: { message: `no route for ${recorded.method} ${path}` } });
      return;
    }
    let body: unknown;
    try {
      body = JSON.parse(recorded.body) as unknown;
    } catch {
      send(response, 400, { error: { message: 'the request body is not JSON' } });
      return;
    }
    const request = toChatRequest(body, recorded, requests.length);
    requests.push(request);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    response.on('close', () => inFlight--);
    const answer = await reply(request);
    if (answer === 'hang') return;
    if ('status' in answer) {
      send(response, answer.status, answer.body ?? {}, answer.headers);
      return;
    }
    send(response, 200, completionBody(answer, request.model));
  });

  return {
    url: server.url,
    requests,
    raw: server.requests,
    inFlight: () => inFlight,
    maxInFlight: () => maxInFlight,
    close: () => server.close(),
  };
}

function toChatRequest(body: unknown, recorded: RecordedRequest, index: number): ChatRequest {
  const object = isRecord(body) ? body : {};
  const messages = Array.isArray(object['messages']) ? object['messages'].filter(isRecord) : [];
  const contentOf = (role: string, pick: 'first' | 'last'): string => {
    const found = messages.filter((message) => message['role'] === role);
    const message = pick === 'first' ? found[0] : found.at(-1);
    return typeof message?.['content'] === 'string' ? message['content'] : '';
  };
  return {
    system: contentOf('system', 'first'),
    user: contentOf('user', 'last'),
    model: typeof object['model'] === 'string' ? object['model'] : '',
    body,
    index,
    path: recorded.url,
    headers: recorded.headers,
    receivedAtMs: recorded.receivedAtMs,
  };
}

function completionBody(
  answer: { content: string | null; usage?: ChatUsage; finishReason?: string },
  model: string,
) {
  const body: Record<string, unknown> = {
    id: 'chatcmpl-test',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: answer.content },
        finish_reason: answer.finishReason ?? 'stop',
      },
    ],
  };
  if (answer.usage) {
    const usage = answer.usage;
    const prompt = 'promptTokens' in usage ? usage.promptTokens : usage.prompt_tokens;
    const completion = 'completionTokens' in usage ? usage.completionTokens : usage.completion_tokens;
    body['usage'] = {
      prompt_tokens: prompt,
      completion_tokens: completion,
      total_tokens: prompt + completion,
    };
  }
  return body;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
