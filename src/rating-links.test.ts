// Tests the home's rating key (made once, mode 0600, never printed) and the signatures of rating links.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { formatError, redact, StoreError } from './errors.js';
import { isValidRatingSignature, loadRatingKey, RATING_KEY_FILE, signRating } from './rating-links.js';

function withHome(test: (home: string) => void): void {
  const home = mkdtempSync(join(tmpdir(), 'paperwire-key-'));
  try {
    test(home);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('loadRatingKey', () => {
  it('makes the key on first use with mode 0600 and reads the same key after', () => {
    withHome((home) => {
      const first = loadRatingKey(join(home, 'nested'));
      const path = join(home, 'nested', RATING_KEY_FILE);
      assert.equal(statSync(path).mode & 0o777, 0o600);
      assert.equal(first.length, 32);
      assert.deepEqual(loadRatingKey(join(home, 'nested')), first);
    });
  });

  it('registers the key as a secret, so no log or error prints it', () => {
    withHome((home) => {
      const hex = loadRatingKey(home).toString('hex');
      assert.doesNotMatch(redact(`key ${hex}`), new RegExp(hex));
      assert.doesNotMatch(formatError(new Error(`bad ${hex}`)), new RegExp(hex));
    });
  });

  it('refuses a key file that is not 64 hex digits, naming the file and the fix', () => {
    withHome((home) => {
      writeFileSync(join(home, RATING_KEY_FILE), 'not a key\n');
      assert.throws(
        () => loadRatingKey(home),
        (error: unknown) =>
          error instanceof StoreError &&
          error.message === `${join(home, RATING_KEY_FILE)}: the rating key must be 64 hex digits` &&
          /delete the file/.test(error.hint ?? ''),
      );
    });
  });
});

describe('signRating', () => {
  const key = Buffer.alloc(32, 7);

  it('signs a paper, a rating and an issue time; the check accepts only those under that key', () => {
    const at = 1_800_000_000;
    const signature = signRating(key, '2601.10001', 'up', at);
    assert.match(signature, /^[\w-]{22}$/);
    assert.ok(isValidRatingSignature(key, '2601.10001', 'up', at, signature));
    assert.ok(!isValidRatingSignature(key, '2601.10001', 'down', at, signature));
    assert.ok(!isValidRatingSignature(key, '2601.10002', 'up', at, signature));
    assert.ok(!isValidRatingSignature(key, '2601.10001', 'up', at + 1, signature), 'another time');
    assert.ok(!isValidRatingSignature(key, '2601.10001', 'up', null, signature), 'the time left out');
    assert.ok(!isValidRatingSignature(Buffer.alloc(32, 8), '2601.10001', 'up', at, signature));
    assert.ok(!isValidRatingSignature(key, '2601.10001', 'up', at, ''));
    assert.ok(!isValidRatingSignature(key, '2601.10001', 'up', at, `${signature}x`));
  });

  it('still checks a link made before links carried their time, which no time can stand for', () => {
    const signature = signRating(key, '2601.10001', 'up', null);
    assert.ok(isValidRatingSignature(key, '2601.10001', 'up', null, signature));
    assert.ok(!isValidRatingSignature(key, '2601.10001', 'up', 0, signature));
  });
});
