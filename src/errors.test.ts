// Tests for the one redactor and the --debug stack formatter: every credential shape paperwire may print.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HttpError, UsageError, formatError, formatStack, redact, registerSecret } from './errors.js';

describe('redact', () => {
  const cases: [string, string][] = [
    ['https://h.example/cb?access_token=abc123&x=1', 'https://h.example/cb?access_token=***&x=1'],
    ['https://h.example/a?token=abc123', 'https://h.example/a?token=***'],
    ['https://h.example/a?x=1&key=abc123', 'https://h.example/a?x=1&key=***'],
    ['https://blob.example/f?sv=1&sig=abc%2F123', 'https://blob.example/f?sv=1&sig=***'],
    ['https://h.example/cb?code=abc123&state=s', 'https://h.example/cb?code=***&state=s'],
    ['https://h.example/a?api_key=abc123', 'https://h.example/a?api_key=***'],
    ['https://h.example/a?auth_key=abc123', 'https://h.example/a?auth_key=***'],
    ['https://h.example/a?signature=abc123', 'https://h.example/a?signature=***'],
    ['https://h.example/a?password=abc123', 'https://h.example/a?password=***'],
    ['https://h.example/a?secret=abc123', 'https://h.example/a?secret=***'],
    ['https://h.example/a?client_secret=abc123', 'https://h.example/a?client_secret=***'],
    ['GET http://user:pa55@127.0.0.1:8080/v1 failed', 'GET http://***@127.0.0.1:8080/v1 failed'],
    ['see https://ghp_token123@github.com/x', 'see https://***@github.com/x'],
    ['smtp://digest:pw@mail.example.org:587', 'smtp://***@mail.example.org:587'],
    ['Authorization: Bearer sk-abc.def', 'Authorization: Bearer ***'],
    ['https://arxiv.org/abs/2601.00001?context=cs', 'https://arxiv.org/abs/2601.00001?context=cs'],
    ['write to reader@example.org', 'write to reader@example.org'],
  ];
  for (const [text, expected] of cases) {
    it(`redacts ${JSON.stringify(text)}`, () => assert.equal(redact(text), expected));
  }

  it('redacts a registered secret also in its percent-encoded spelling', () => {
    registerSecret('p@ss/word-7');
    assert.equal(redact('p@ss/word-7 and p%40ss%2Fword-7'), '*** and ***');
  });
});

describe('formatError', () => {
  it('cuts a message quoting a huge input in its middle, keeping its start, its end and the whole hint', () => {
    const error = new UsageError(`"${'1'.repeat(100_000)}" is not an arXiv id`, {
      hint: 'give an id like 2501.01234',
    });
    const line = formatError(error);
    assert.ok(line.length < 600, `${line.length} characters`);
    assert.match(line, /^paperwire: "1{100,} … 1+" is not an arXiv id \(give an id like 2501\.01234\)$/);
  });

  it('leaves a message of ordinary length whole', () => {
    const message = `"${'a'.repeat(300)}" is not a keyword`;
    assert.equal(formatError(new UsageError(message, { hint: 'h' })), `paperwire: ${message} (h)`);
  });

  it('redacts before it cuts, so no piece of a secret at the cut shows', () => {
    const secret = 'cut-secret-0123456789abcdef';
    registerSecret(secret);
    const line = formatError(new UsageError(`${'x'.repeat(310)}${secret}${'y'.repeat(1000)}`));
    assert.doesNotMatch(line, /cut-sec|cdef/);
  });
});

describe('formatStack', () => {
  it('redacts the stack and every cause, which may echo a password back', () => {
    registerSecret('echoed-pass-99');
    const cause = new Error('535 5.7.8 authentication failed for password echoed-pass-99');
    const error = new HttpError('http://u:pw1@h.example/x?token=t0k', 535, 'login refused', { cause });
    const stack = formatStack(error);
    assert.match(stack, /^HttpError: login refused\n {4}at /);
    assert.match(stack, /caused by: Error: 535 5\.7\.8 authentication failed for password \*\*\*/);
    assert.doesNotMatch(stack, /echoed-pass-99/);
    assert.doesNotMatch(formatError(cause), /echoed-pass-99/);
  });

  it('shows a cause that is not an Error as its fields, not as [object Object]', () => {
    const error = new HttpError('http://h.example/x', 535, 'login refused', { cause: { responseCode: 535 } });
    assert.match(formatStack(error), /\ncaused by: \{ responseCode: 535 \}$/);
  });
});
