// Tests the publish flow `digest` and `run` share, on the real SQLite store, real files and a real SMTP server on
// loopback: what is archived, what is written, what is recorded, what is skipped, and how a failure ends it.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { soleDeliverer } from '../test/helpers/profile-runner.js';
import { sampleDigest, sampleEntry, samplePaper } from '../test/helpers/samples.js';
import { startSmtpServer, type SmtpTestServer } from '../test/helpers/smtp-server.js';
import { StoreError } from './errors.js';
import type { IsoDate } from './model.js';
import {
  emailTarget,
  fileTarget,
  publishDigest,
  type MailSettings,
  type PublishEvent,
  type PublishRequest,
} from './publish.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/store.js';

const DATE = '2026-01-30' as IsoDate;
const SENT_AT = new Date('2026-01-30T02:00:00Z');
const digest = sampleDigest(
  [{ keyword: 'reinforcement learning', entries: [sampleEntry(samplePaper('2601.19928'))] }],
  { profile: 'rl', listingDate: DATE, lang: 'en' },
);

describe('publishDigest', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'paperwire-publish-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  let smtp: SmtpTestServer;
  before(async () => {
    smtp = await startSmtpServer({ users: { digest: 'correct-password' } });
  });
  after(() => smtp.close());

  function mailWith(password: string): MailSettings {
    const settings = {
      secure: false,
      startTls: 'never',
      user: 'digest',
      password,
      timeoutMs: 5_000,
    } as const;
    return { settings: { host: smtp.host, port: smtp.port, ...settings }, from: 'wire@example.org' };
  }

  async function publish(
    store: Store,
    request: Partial<PublishRequest>,
    mail: MailSettings | null = mailWith('correct-password'),
  ): Promise<PublishEvent[]> {
    const events: PublishEvent[] = [];
    await publishDigest(
      {
        digest,
        style: 'classic',
        lang: 'en',
        output: null,
        deliveries: [],
        resend: false,
        configuredProfiles: [],
        onFailure: 'stop',
        ...request,
      },
      {
        store,
        mail,
        webUrlOf: () => null,
        now: () => SENT_AT,
        onEvent: (event) => events.push(event),
        holdDeliveries: soleDeliverer,
      },
    );
    return events;
  }

  it('delivers only while holding the deliveries, reading what another process recorded while it waited', async () => {
    const store = openSqliteStore(':memory:');
    const before = smtp.messages.length;
    const holds: string[] = [];
    /** publish's deps with a holder that records its taking and release, after `onTake` (what happened meanwhile). */
    const holdingDeps = (
      mail: MailSettings | null,
      events: PublishEvent[],
      onTake = (): void => undefined,
    ) => ({
      store,
      mail,
      webUrlOf: () => null,
      now: () => SENT_AT,
      onEvent: (event: PublishEvent) => events.push(event),
      holdDeliveries: () => {
        onTake();
        holds.push('taken');
        return Promise.resolve(() => holds.push('released'));
      },
    });
    const request: PublishRequest = {
      digest,
      style: 'classic',
      lang: 'en',
      output: null,
      deliveries: [emailTarget('reader@example.org')],
      resend: false,
      configuredProfiles: [],
      onFailure: 'stop',
    };
    const events: PublishEvent[] = [];
    await publishDigest(
      request,
      holdingDeps(mailWith('correct-password'), events, () =>
        // Another process delivered this digest while this one waited for the lock.
        store.saveDelivery('rl', DATE, 'email:reader@example.org', new Date('2026-01-30T01:59:00Z')),
      ),
    );
    assert.deepEqual(holds, ['taken', 'released']);
    assert.deepEqual(
      events.map((event) => event.kind),
      ['skipped'],
    );
    assert.equal(smtp.messages.length, before, 'nothing sent twice');

    writeFileSync(join(scratch, 'a-lock-blocker'), '');
    const failing = fileTarget(join(scratch, 'a-lock-blocker', 'digest.txt'));
    holds.length = 0;
    await assert.rejects(publishDigest({ ...request, deliveries: [failing] }, holdingDeps(null, [])));
    assert.deepEqual(holds, ['taken', 'released'], 'released after a failed delivery');
    holds.length = 0;
    await publishDigest({ ...request, deliveries: [] }, holdingDeps(null, []));
    assert.deepEqual(holds, [], 'no lock without a delivery');
  });

  it('archives the document, writes the output unrecorded, and records each delivery', async () => {
    const store = openSqliteStore(':memory:');
    const out = join(scratch, 'out.txt');
    const delivered = join(scratch, 'delivered.txt');
    const before = smtp.messages.length;
    const events = await publish(store, {
      output: { kind: 'file', path: out },
      deliveries: [
        fileTarget(delivered),
        emailTarget('reader@example.org'),
        emailTarget('reader@example.org'),
      ],
    });
    assert.equal(store.loadDigest('rl', DATE)?.generatedAt.getTime(), digest.generatedAt.getTime());
    assert.equal(readFileSync(out, 'utf8'), readFileSync(delivered, 'utf8'));
    assert.equal(store.loadDelivery('rl', DATE, `file:${out}`), null, 'the output is not a delivery');
    assert.deepEqual(store.loadDelivery('rl', DATE, `file:${delivered}`), SENT_AT);
    assert.deepEqual(store.loadDelivery('rl', DATE, 'email:reader@example.org'), SENT_AT);
    assert.equal(smtp.messages.length, before + 1, 'one message per address');
    assert.deepEqual(
      events.map((event) => event.kind),
      ['written', 'delivered', 'delivered'],
    );
  });

  it('prints the digest before archiving it, so a store that cannot save it (a full disk) still shows it', async () => {
    const store = openSqliteStore(join(scratch, 'full.sqlite'));
    try {
      // SQLite's own size limit: the store cannot grow by a page, as on a full disk.
      const pages = Number(store.db.pragma('page_count', { simple: true }));
      store.db.pragma(`max_page_count = ${pages}`);
      const printed: string[] = [];
      // A day's digest needs new pages: more than the empty tables' own.
      const entries = Array.from({ length: 200 }, (_, index) =>
        sampleEntry(samplePaper(`2601.${String(20000 + index)}`)),
      );
      const day = sampleDigest([{ keyword: 'reinforcement learning', entries }], {
        profile: 'rl',
        listingDate: DATE,
        lang: 'en',
      });
      await assert.rejects(
        publish(store, {
          digest: day,
          output: { kind: 'stdout', write: (text) => printed.push(text) },
          deliveries: [emailTarget('reader@example.org')],
        }),
        (error: unknown) => error instanceof StoreError && /database or disk is full/.test(error.message),
      );
      assert.equal(printed.length, 1);
      assert.match(printed[0] ?? '', /2601\.20199/);
      assert.equal(store.loadDelivery('rl', DATE, 'email:reader@example.org'), null, 'nothing is delivered');
    } finally {
      store.close();
    }
  });

  it('skips what is recorded as delivered, unless resend', async () => {
    const store = openSqliteStore(':memory:');
    const path = join(scratch, 'skipped.txt');
    store.saveDelivery('rl', DATE, `file:${path}`, new Date('2026-01-30T01:00:00Z'));
    const skipped = await publish(store, { deliveries: [fileTarget(path)] });
    assert.deepEqual(skipped, [
      { kind: 'skipped', target: fileTarget(path), sentAt: new Date('2026-01-30T01:00:00Z') },
    ]);
    assert.equal(existsSync(path), false);
    await publish(store, { deliveries: [fileTarget(path)], resend: true });
    assert.equal(existsSync(path), true);
  });

  it('stops at the first failure with its own error, or tries every target and names the failed ones', async () => {
    const blocker = join(scratch, 'a-file');
    writeFileSync(blocker, '');
    const broken = fileTarget(join(blocker, 'digest.txt'));
    const good = fileTarget(join(scratch, 'after.txt'));

    const stopped = openSqliteStore(':memory:');
    await assert.rejects(publish(stopped, { deliveries: [broken, good] }), (error: Error) => {
      assert.doesNotMatch(error.message, /deliveries of/);
      return true;
    });
    assert.equal(stopped.loadDelivery('rl', DATE, good.name), null, 'nothing after the failure is tried');

    const tried = openSqliteStore(':memory:');
    const events: PublishEvent[] = [];
    await assert.rejects(
      publishDigest(
        {
          digest,
          style: 'classic',
          lang: 'en',
          output: null,
          deliveries: [broken, good],
          resend: false,
          configuredProfiles: [],
          onFailure: 'tryAll',
        },
        {
          store: tried,
          mail: null,
          webUrlOf: () => null,
          now: () => SENT_AT,
          onEvent: (event) => events.push(event),
          holdDeliveries: soleDeliverer,
        },
      ),
      (error: Error) => {
        assert.equal(error.message, `1 of 2 deliveries of rl 2026-01-30 failed (${broken.name})`);
        return true;
      },
    );
    assert.deepEqual(tried.loadDelivery('rl', DATE, good.name), SENT_AT);
    assert.deepEqual(
      events.map((event) => event.kind),
      ['failed', 'delivered'],
    );
  });

  it('refuses an e-mail delivery without an SMTP server, naming [smtp]', async () => {
    const store = openSqliteStore(':memory:');
    await assert.rejects(
      publish(store, { deliveries: [emailTarget('reader@example.org')] }, null),
      (error: Error) => {
        assert.match(error.message, /^\[smtp\]: profile rl has e-mail recipients but no SMTP server is set$/);
        return true;
      },
    );
  });
});
