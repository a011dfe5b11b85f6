// Tests `run`'s profile runner sending a profile's chat target (a loopback Discord fake, the real SQLite store):
// a run cut between two messages records the first one's papers, the rerun sends only the rest, and a run after
// success nothing.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startChatFake, type ChatFake } from '../test/helpers/chat-fakes.js';
import { createOfflineProfileRunner, sampleProfile } from '../test/helpers/profile-runner.js';
import { DEFAULT_POLICIES, HttpClient } from './http.js';
import type { ChatTarget, IsoDate } from './model.js';
import { listed, samplePaper } from './store/contract.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/store.js';

const DATE = '2026-01-30' as IsoDate;
const NOW = new Date('2026-01-30T01:30:00Z');
const TOKEN = 'discord-webhook-token-5a4b3c2d1e';

describe('createProfileRunner with a chat target', () => {
  const fakes: ChatFake[] = [];
  after(() => Promise.all(fakes.map((fake) => fake.close())));

  const profile = sampleProfile({ notify: ['team'] });

  /** A listing of 20 papers with long titles: more than one Discord message (2,000 characters) holds. */
  function storeWithListing(): Store {
    const store = openSqliteStore(':memory:');
    const papers = Array.from({ length: 20 }, (_, index) =>
      samplePaper(`2601.${String(19900 + index).padStart(5, '0')}`, {
        title: `Reinforcement learning study ${index}: ${'offline policy improvement from logged data '.repeat(3)}`,
      }),
    );
    store.savePapers(
      papers.map((paper) => listed(paper)),
      { listingDate: DATE, source: 'arxiv-rss', scope: 'cs.LG' },
    );
    return store;
  }

  function runnerFor(store: Store, target: ChatTarget, lines: string[]) {
    // No retry: a dropped connection fails the message at once, as a crash would end the run there.
    const policies = Object.fromEntries(Object.keys(DEFAULT_POLICIES).map((name) => [name, { retries: 0 }]));
    const client = new HttpClient({ policies, sleep: () => Promise.resolve() });
    return createOfflineProfileRunner(store, profile, {
      recipientsOf: () => [],
      chatTargetsOf: () => [target],
      chatClient: client,
      mail: null,
      webUrlOf: () => null,
      now: () => NOW,
      log: (line) => lines.push(line),
    });
  }

  it('sends only the papers a cut run did not, each once, and nothing once all were sent', async () => {
    let dropping = true;
    const fake = await startChatFake('discord', {
      token: TOKEN,
      fault: (index) => (dropping && index === 1 ? 'drop' : null),
    });
    fakes.push(fake);
    const target: ChatTarget = {
      name: 'team',
      service: 'discord',
      url: fake.url,
      secret: null,
      token: null,
      chatId: null,
      top: 20,
    };
    const store = storeWithListing();
    const lines: string[] = [];

    await assert.rejects(
      runnerFor(store, target, lines)('rl', DATE),
      /1 of 1 deliveries of rl 2026-01-30 failed \(chat:team\)/,
    );
    const takenFirst = fake.accepted.length;
    assert.equal(takenFirst, 1, 'the first message reached the channel');
    assert.equal(store.loadDelivery('rl', DATE, 'chat:team'), null, 'the target is not done');
    assert.ok(lines.some((line) => /chat:team failed: chat:team: message 2 of \d+ was not sent/.test(line)));
    assert.ok(
      lines.every((line) => !line.includes(TOKEN)),
      'the webhook token is never logged',
    );

    dropping = false;
    await runnerFor(store, target, lines)('rl', DATE);
    const messages = fake.accepted.map((body) => body['content'] as string);
    assert.ok(messages.length >= 3, `the digest took several messages (${messages.length})`);
    const sentIds = messages.flatMap((content) =>
      [...content.matchAll(/\/abs\/(2601\.\d{5})/g)].map((m) => m[1]),
    );
    assert.equal(sentIds.length, 20, 'each of the 20 papers reached the channel');
    assert.equal(new Set(sentIds).size, 20, 'no paper twice');
    assert.ok(store.loadDelivery('rl', DATE, 'chat:team'), 'the target is recorded');
    const firstPapers = [...(messages[0] ?? '').matchAll(/\/abs\//g)].length;
    assert.match(
      lines.at(-1) ?? '',
      new RegExp(
        `sent to chat:team \\(${messages.length - 1} messages, ${firstPapers} papers sent before\\)`,
      ),
    );

    const requests = fake.requests.length;
    await runnerFor(store, target, lines)('rl', DATE);
    assert.equal(fake.requests.length, requests, 'a run after success sends nothing');
  });
});
