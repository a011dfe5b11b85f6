// Pure: an OpenAI-compatible chat-completions reply (parsed JSON) → the translation and its token usage.
// Reply shape: { choices: [{ message: { content }, finish_reason }], usage: { prompt_tokens, completion_tokens } }.

import { TranslateError } from '../../errors.js';
import type { TokenUsage, TranslationResult } from '../translator.js';

/**
 * Reads `choices[0].message.content` (trimmed) and `usage` from a chat-completions reply.
 * Throws `TranslateError` naming the missing field and `url` when the reply has another shape, when the
 * content is empty, when the model refused, or when the reply was cut off at the token limit.
 */
export function parseChatReply(reply: unknown, { url }: { url: string }): TranslationResult {
  const from = `the reply from ${url}`;
  if (!isRecord(reply)) throw new TranslateError(`${from} is not a JSON object`);
  const error = reply['error'];
  if (error !== undefined && error !== null) {
    const message =
      isRecord(error) && typeof error['message'] === 'string' ? error['message'] : JSON.stringify(error);
    throw new TranslateError(`${from} is an error: ${oneLine(message)}`);
  }
  const choices = reply['choices'];
  if (!Array.isArray(choices)) throw new TranslateError(`${from} has no "choices" array`);
  const choice: unknown = choices[0];
  if (!isRecord(choice)) throw new TranslateError(`${from} has no choices[0]`);
  const message = choice['message'];
  if (!isRecord(message)) throw new TranslateError(`${from} has no choices[0].message`);

  const finishReason = typeof choice['finish_reason'] === 'string' ? choice['finish_reason'] : null;
  const content = contentText(message['content']);
  if (content === null) {
    const refusal = message['refusal'];
    if (typeof refusal === 'string' && refusal.trim() !== '') {
      throw new TranslateError(`${from} is a refusal: ${oneLine(refusal)}`);
    }
    const why = finishReason ? ` (finish_reason "${finishReason}")` : '';
    throw new TranslateError(`${from} has no choices[0].message.content${why}`);
  }
  if (finishReason === 'length') {
    throw new TranslateError(`${from} was cut off at the token limit (finish_reason "length")`, {
      hint: 'use a model with a larger output limit',
    });
  }
  if (/^\s*<think>/.test(content) && !content.includes('</think>')) {
    throw new TranslateError(`${from} holds only the model's reasoning (a <think> block never closed)`, {
      hint: 'give the model a larger output limit, or use one that does not think aloud',
    });
  }
  const text = withoutReasoning(content).trim();
  if (text === '') throw new TranslateError(`${from} has an empty choices[0].message.content`);
  return { text, usage: parseUsage(reply['usage']) };
}

/** `usage.prompt_tokens` and `usage.completion_tokens`; null when the reply carries neither. */
export function parseUsage(usage: unknown): TokenUsage | null {
  if (!isRecord(usage)) return null;
  const prompt = usage['prompt_tokens'];
  const completion = usage['completion_tokens'];
  const isCount = (value: unknown): value is number =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0;
  if (!isCount(prompt) && !isCount(completion)) return null;
  return {
    promptTokens: isCount(prompt) ? prompt : 0,
    completionTokens: isCount(completion) ? completion : 0,
  };
}

/** A string, or the text parts of a content-part array (some compatible servers answer that way). */
function contentText(content: unknown): string | null {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return null;
  const parts = content.filter(isRecord).filter((part) => typeof part['text'] === 'string');
  if (parts.length === 0) return null;
  return parts.map((part) => String(part['text'])).join('');
}

// Reasoning models served through compatible endpoints (e.g. DeepSeek-R1 on Ollama) put their thinking
// in a leading <think> block inside the content; it is never part of the translation.
function withoutReasoning(content: string): string {
  return content.replace(/^\s*<think>[\s\S]*?<\/think>/, '');
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 200);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
