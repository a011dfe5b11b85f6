// Tests for the token budget's arithmetic: estimates err high, reservations fit what is left, settling counts
// what was reported (or the reservation when nothing was).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TokenBudget, allowedOutputTokens, estimatePromptTokens } from './budget.js';
import { buildInstructions } from './prompt.js';

describe('TokenBudget', () => {
  it('estimates a prompt above the usual 4 bytes a token, instructions and notes included', () => {
    const text = 'Policy gradients with entropy regularisation.';
    const bytes = Buffer.byteLength(`${buildInstructions('zh', 'title')}\nnote\n${text}`);
    assert.ok(estimatePromptTokens(text, 'title', 'zh', ['note']) >= bytes / 3);
  });

  it('refuses a reservation that could pass what is left beside the requests in flight', () => {
    const usage = { promptTokens: 0, completionTokens: 0 };
    const one = estimatePromptTokens('x', 'title', 'zh', []) + allowedOutputTokens('x', 'title');
    const budget = new TokenBudget(2 * one + 20, usage);
    const first = budget.reserve('x', 'title', 'zh', []);
    const second = budget.reserve('x', 'title', 'zh', []);
    assert.ok(first !== null && second !== null);
    assert.equal(budget.reserve('x', 'title', 'zh', []), null, 'two in flight fill the budget');
    usage.promptTokens += 10;
    budget.settle(first, true, { promptTokens: 10, completionTokens: 0 });
    assert.equal(budget.spent, 10);
    assert.notEqual(budget.reserve('x', 'title', 'zh', []), null, 'the first one cost less than reserved');
  });

  it('counts the whole reservation for an answer that reported no usage, and nothing for a failed request', () => {
    const budget = new TokenBudget(100_000, { promptTokens: 0, completionTokens: 0 });
    const failed = budget.reserve('x', 'abstract', 'zh', []);
    assert.ok(failed !== null);
    budget.settle(failed, false, null);
    assert.equal(budget.spent, 0);
    const unreported = budget.reserve('x', 'abstract', 'zh', []);
    assert.ok(unreported !== null);
    budget.settle(unreported, true, null);
    assert.equal(budget.spent, unreported.promptTokens + unreported.maxOutputTokens);
  });
});
