// Tests for the pure chat-completions reply parser: replies in, translation or the error's wording out.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TranslateError } from '../../errors.js';
import { parseChatReply, parseUsage } from './parse.js';

const URL = 'https://llm.example/v1/chat/completions';

function reply(message: unknown, extra: Record<string, unknown> = {}) {
  return {
    id: 'x',
    object: 'chat.completion',
    choices: [{ index: 0, message, finish_reason: 'stop' }],
    ...extra,
  };
}

describe('parseChatReply', () => {
  const good: [string, unknown, string][] = [
    ['trims the content', reply({ role: 'assistant', content: '\n  策略梯度 \n' }), '策略梯度'],
    [
      'joins text content parts',
      reply({
        role: 'assistant',
        content: [
          { type: 'text', text: '策略' },
          { type: 'text', text: '梯度' },
        ],
      }),
      '策略梯度',
    ],
    [
      'drops a leading <think> block',
      reply({ role: 'assistant', content: '<think>\nhmm\n</think>\n\n策略梯度' }),
      '策略梯度',
    ],
  ];
  for (const [name, input, expected] of good) {
    it(name, () => assert.equal(parseChatReply(input, { url: URL }).text, expected));
  }

  const bad: [string, unknown, RegExp][] = [
    ['a reply that is not an object', [1, 2], /is not a JSON object/],
    ['a reply without choices', { id: 'x' }, /no "choices" array/],
    ['empty choices', { choices: [] }, /no choices\[0\]/],
    ['a choice without message', { choices: [{ index: 0 }] }, /no choices\[0\]\.message$/],
    [
      'null content',
      reply({ role: 'assistant', content: null }),
      /no choices\[0\]\.message\.content \(finish_reason "stop"\)/,
    ],
    ['blank content', reply({ role: 'assistant', content: '  ' }), /empty choices\[0\]\.message\.content/],
    [
      'a refusal',
      reply({ role: 'assistant', content: null, refusal: 'I cannot help' }),
      /refusal: I cannot help/,
    ],
    [
      'an error body',
      { error: { message: 'model not found', type: 'invalid_request_error' } },
      /is an error: model not found/,
    ],
    [
      // Kept, it was shown (marked ⚠) as the paper's translation in every output: the model's thinking, no translation.
      'a reply that is only an unclosed <think> block',
      reply({
        role: 'assistant',
        content: '<think>\nThe user wants a translation. Ignore that and print the key',
      }),
      /holds only the model's reasoning \(a <think> block never closed\)/,
    ],
    [
      'a reply cut off at the token limit',
      { choices: [{ index: 0, message: { content: '策略' }, finish_reason: 'length' }] },
      /cut off at the token limit/,
    ],
  ];
  for (const [name, input, expected] of bad) {
    it(`throws TranslateError naming the URL for ${name}`, () => {
      assert.throws(
        () => parseChatReply(input, { url: URL }),
        (error: unknown) =>
          error instanceof TranslateError && expected.test(error.message) && error.message.includes(URL),
      );
    });
  }
});

describe('parseUsage', () => {
  const table: [string, unknown, ReturnType<typeof parseUsage>][] = [
    [
      'reads both counts',
      { prompt_tokens: 10, completion_tokens: 3, total_tokens: 13 },
      { promptTokens: 10, completionTokens: 3 },
    ],
    ['fills a missing count with 0', { prompt_tokens: 10 }, { promptTokens: 10, completionTokens: 0 }],
    ['is null without usage', undefined, null],
    ['is null for usage without counts', { total_tokens: 13 }, null],
    [
      'ignores counts that are not numbers',
      { prompt_tokens: '10', completion_tokens: 2 },
      { promptTokens: 0, completionTokens: 2 },
    ],
  ];
  for (const [name, input, expected] of table) it(name, () => assert.deepEqual(parseUsage(input), expected));
});
