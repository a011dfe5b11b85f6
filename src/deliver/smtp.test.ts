// The stable Message-ID of a delivery (sending itself is tested against a real SMTP server in test/email.e2e.test.ts).

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildMessageId, type DeliveryKey } from './smtp.js';

const KEY: DeliveryKey = {
  profile: 'rl',
  listingDate: '2026-01-30',
  recipient: 'me@example.org',
  from: 'paperwire <digest@Example.ORG>',
};

describe('buildMessageId', () => {
  it('is the same for the same delivery, and names profile, date and the sender domain', () => {
    const id = buildMessageId(KEY);
    assert.equal(buildMessageId({ ...KEY }), id);
    assert.match(id, /^<paperwire\.rl\.2026-01-30\.[0-9a-f]{16}@example\.org>$/);
  });

  it('differs by profile, listing date and recipient, even for names that only look alike', () => {
    const ids = new Set(
      [
        KEY,
        { ...KEY, profile: 'r-l' },
        { ...KEY, profile: 'r l' },
        { ...KEY, listingDate: '2026-02-02' },
        { ...KEY, recipient: 'you@example.org' },
      ].map(buildMessageId),
    );
    assert.equal(ids.size, 5);
  });

  const cases: [string, Partial<DeliveryKey>, RegExp][] = [
    ['a bare sender address', { from: 'digest@lab.example.net' }, /@lab\.example\.net>$/],
    ['a sender with no usable domain', { from: 'paperwire' }, /@localhost>$/],
    [
      'a profile with spaces and angle brackets',
      { profile: 'my <rl> .. list' },
      /^<paperwire\.my--rl--\.-list\./,
    ],
  ];
  for (const [name, change, expected] of cases) {
    it(`keeps to RFC 5322's msg-id for ${name}`, () => {
      const id = buildMessageId({ ...KEY, ...change });
      assert.match(id, expected);
      assert.match(id, /^<[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~.]+@[a-z0-9.-]+>$/);
      assert.doesNotMatch(id, /\.\./);
    });
  }
});
