// Tests the scheduler on an injected clock: when it wakes (announcement + delay, weekends and holidays
// skipped), catch-up without repeats, failures and retries, and a prompt stop. Sleeps are recorded, not slept.
// Then the profile runner against a real SMTP server: every target delivered once, failed ones retried alone.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createOfflineProfileRunner, sampleProfile } from '../test/helpers/profile-runner.js';
import { startSmtpServer, type SmtpTestServer } from '../test/helpers/smtp-server.js';
import { NoAnnouncementError } from './errors.js';
import type { IsoDate, SmtpSettings } from './model.js';
import { createScheduler, RUN_TARGET, type SchedulerDeps } from './schedule.js';
import { listed, samplePaper } from './store/contract.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/store.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const day = (text: string): IsoDate => text as IsoDate;

interface Harness {
  deps: SchedulerDeps;
  controller: AbortController;
  /** Every sleep the scheduler asked for, in ms. */
  sleeps: number[];
  /** Every (profile, listing date) run, in order. */
  runs: string[];
  lines: string[];
  clock: { now: Date };
}

/**
 * A scheduler's dependencies on a fake clock. Each sleep moves the clock by the time asked; after `sleepsBeforeStop`
 * sleeps the harness aborts, as SIGTERM would.
 */
function harness(
  start: string,
  options: {
    store?: Store;
    profiles?: string[];
    catchUpDays?: number;
    sleepsBeforeStop?: number;
    /** Whether the run fails (an SMTP error), or the error it fails with. */
    fail?: (profile: string, listingDate: IsoDate, attempt: number) => boolean | Error;
  } = {},
): Harness {
  const clock = { now: new Date(start) };
  const controller = new AbortController();
  const sleeps: number[] = [];
  const runs: string[] = [];
  const lines: string[] = [];
  const attempts = new Map<string, number>();
  const deps: SchedulerDeps = {
    now: () => clock.now,
    sleep: (ms, signal) => {
      sleeps.push(ms);
      if (sleeps.length >= (options.sleepsBeforeStop ?? 1)) controller.abort();
      if (signal.aborted) return Promise.reject(new DOMException('aborted', 'AbortError'));
      clock.now = new Date(clock.now.getTime() + ms);
      return Promise.resolve();
    },
    runProfile: (profile, listingDate) => {
      const key = `${profile} ${listingDate}`;
      const attempt = (attempts.get(key) ?? 0) + 1;
      attempts.set(key, attempt);
      runs.push(key);
      const failure = options.fail?.(profile, listingDate, attempt) ?? false;
      if (failure instanceof Error) return Promise.reject(failure);
      if (failure) return Promise.reject(new Error(`smtp down for ${key}`));
      return Promise.resolve();
    },
    store: options.store ?? openSqliteStore(':memory:'),
    profiles: options.profiles ?? ['rl'],
    delayMs: 30 * MINUTE,
    log: (line) => lines.push(line),
    catchUpDays: options.catchUpDays ?? 3,
    maxSleepMs: Number.POSITIVE_INFINITY,
  };
  return { deps, controller, sleeps, runs, lines, clock };
}

describe('createScheduler: planNext', () => {
  const scheduler = createScheduler(harness('2026-01-01T00:00:00Z').deps);

  it('runs Thursday evening after 20:00 Eastern plus the delay, for Friday’s listing', () => {
    // Thursday 2026-01-29 19:00 EST = 2026-01-30 00:00Z.
    assert.deepEqual(scheduler.planNext(new Date('2026-01-30T00:00:00Z')), {
      at: new Date('2026-01-30T01:30:00Z'),
      listingDate: day('2026-01-30'),
    });
  });

  it('waits from Friday evening until Sunday 20:00 plus the delay, for Monday’s listing', () => {
    // Friday 2026-01-30 21:00 EST.
    assert.deepEqual(scheduler.planNext(new Date('2026-01-31T02:00:00Z')), {
      at: new Date('2026-02-02T01:30:00Z'),
      listingDate: day('2026-02-02'),
    });
  });

  it('skips an arXiv holiday', () => {
    // Sunday 2026-01-18 21:00 EST; Monday 2026-01-19 (Martin Luther King Jr. Day) has no announcement.
    assert.deepEqual(scheduler.planNext(new Date('2026-01-19T02:00:00Z')), {
      at: new Date('2026-01-21T01:30:00Z'),
      listingDate: day('2026-01-21'),
    });
  });

  it('follows daylight saving time', () => {
    // Thursday 2026-07-09 19:00 EDT: 20:00 EDT is 00:00Z.
    assert.deepEqual(scheduler.planNext(new Date('2026-07-09T23:00:00Z')), {
      at: new Date('2026-07-10T00:30:00Z'),
      listingDate: day('2026-07-10'),
    });
  });

  it('plans the following listing once the delay has passed', () => {
    assert.equal(scheduler.planNext(new Date('2026-01-30T01:30:00Z')).listingDate, '2026-02-02');
    assert.equal(scheduler.planNext(new Date('2026-01-30T01:29:59Z')).listingDate, '2026-01-30');
  });
});

describe('createScheduler: run', () => {
  it('sleeps until the next announcement plus the delay, then runs every profile once', async () => {
    const store = openSqliteStore(':memory:');
    store.saveDelivery('rl', day('2026-01-29'), RUN_TARGET, new Date('2026-01-29T01:31:00Z'));
    store.saveDelivery('cv', day('2026-01-29'), RUN_TARGET, new Date('2026-01-29T01:31:00Z'));
    const h = harness('2026-01-30T00:00:00Z', { store, profiles: ['rl', 'cv'], sleepsBeforeStop: 2 });
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.sleeps, [90 * MINUTE, 3 * 24 * HOUR]);
    assert.deepEqual(h.runs, ['rl 2026-01-30', 'cv 2026-01-30']);
    assert.ok(store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET));
    assert.ok(store.loadDelivery('cv', day('2026-01-30'), RUN_TARGET));
    assert.deepEqual(h.lines.slice(1), [
      'next: listing 2026-01-30 at 2026-01-30T01:30:00.000Z',
      'rl 2026-01-30: delivered',
      'cv 2026-01-30: delivered',
      'next: listing 2026-02-02 at 2026-02-02T01:30:00.000Z',
      'scheduler stopped',
    ]);
  });

  it('catches up once on listing dates missed while it was down, oldest first', async () => {
    const store = openSqliteStore(':memory:');
    store.saveDelivery('rl', day('2026-01-27'), RUN_TARGET, new Date('2026-01-27T01:31:00Z'));
    // Down from Tuesday morning until Wednesday 22:00 EST: the 28th and 29th were missed.
    const h = harness('2026-01-29T03:00:00Z', { store, sleepsBeforeStop: 2 });
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.runs, ['rl 2026-01-28', 'rl 2026-01-29', 'rl 2026-01-30']);
    assert.ok(h.lines.includes('catching up on missed listing dates: 2026-01-28'));
    assert.deepEqual(h.sleeps[0], 22.5 * HOUR);
  });

  it('sends nothing again after a restart', async () => {
    const store = openSqliteStore(':memory:');
    store.saveDelivery('rl', day('2026-01-28'), RUN_TARGET, new Date('2026-01-28T01:31:00Z'));
    const first = harness('2026-01-29T03:00:00Z', { store });
    await createScheduler(first.deps).run(first.controller.signal);
    assert.deepEqual(first.runs, ['rl 2026-01-29']);
    const again = harness('2026-01-29T03:05:00Z', { store });
    await createScheduler(again.deps).run(again.controller.signal);
    assert.deepEqual(again.runs, []);
    assert.deepEqual(again.sleeps, [22.5 * HOUR - 5 * MINUTE]);
  });

  it('starts a profile it never ran with the latest listing only', async () => {
    const h = harness('2026-01-29T03:00:00Z', { catchUpDays: 7 });
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.runs, ['rl 2026-01-29']);
  });

  it('catches up on nothing older than catchUpDays', async () => {
    const store = openSqliteStore(':memory:');
    store.saveDelivery('rl', day('2026-01-21'), RUN_TARGET, new Date('2026-01-21T01:31:00Z'));
    const h = harness('2026-01-29T03:00:00Z', { store, catchUpDays: 2 });
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.runs, ['rl 2026-01-27', 'rl 2026-01-28', 'rl 2026-01-29']);
  });

  it('says once which missed listing dates are older than the catch-up window and will not be delivered', async () => {
    const store = openSqliteStore(':memory:');
    store.saveDelivery('rl', day('2026-01-21'), RUN_TARGET, new Date('2026-01-21T01:31:00Z'));
    // Down a week: the 22nd, 23rd and 26th fall before the two-day window; nothing said they were never sent.
    const h = harness('2026-01-29T03:00:00Z', { store, catchUpDays: 2, sleepsBeforeStop: 3 });
    await createScheduler(h.deps).run(h.controller.signal);
    const told = h.lines.filter((line) => line.includes('older than the catch-up window'));
    assert.deepEqual(told, [
      'rl: 3 listing dates older than the catch-up window (2 days) not delivered and not tried again: ' +
        '2026-01-22, 2026-01-23, 2026-01-26; `paperwire digest --date D --profile rl` delivers one by hand ' +
        '([schedule] catch_up_days widens it)',
    ]);
  });

  it('logs a failing profile, goes on with the others, and retries it an hour later', async () => {
    const store = openSqliteStore(':memory:');
    const h = harness('2026-01-30T01:30:00Z', {
      store,
      profiles: ['rl', 'cv'],
      sleepsBeforeStop: 2,
      fail: (profile, _date, attempt) => profile === 'rl' && attempt === 1,
    });
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.runs, ['rl 2026-01-30', 'cv 2026-01-30', 'rl 2026-01-30']);
    assert.deepEqual(h.sleeps, [HOUR, 3 * 24 * HOUR - HOUR]);
    assert.ok(
      h.lines.includes('rl 2026-01-30: failed, will retry: unexpected error: smtp down for rl 2026-01-30'),
    );
    assert.ok(h.lines.includes('retrying 1 failed at 2026-01-30T02:30:00.000Z'));
    assert.ok(store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET));
  });

  it('records nothing for a profile that keeps failing', async () => {
    const store = openSqliteStore(':memory:');
    const h = harness('2026-01-30T01:30:00Z', { store, sleepsBeforeStop: 3, fail: () => true });
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.runs, ['rl 2026-01-30', 'rl 2026-01-30', 'rl 2026-01-30']);
    assert.equal(store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET), null);
  });

  it('records a day the listing found unannounced (an unknown holiday) as done, says so, and never retries it', async () => {
    const store = openSqliteStore(':memory:');
    const h = harness('2026-01-30T01:30:00Z', {
      store,
      sleepsBeforeStop: 2,
      fail: (_profile, listingDate) =>
        listingDate === '2026-01-30' &&
        new NoAnnouncementError('holiday', '2026-01-30 had no announcement, it seems'),
    });
    await createScheduler(h.deps).run(h.controller.signal);
    // No retry an hour later: the next run is Monday's listing, three days on.
    assert.deepEqual(h.runs, ['rl 2026-01-30', 'rl 2026-02-02']);
    assert.equal(h.sleeps[0], 3 * 24 * HOUR);
    assert.ok(
      h.lines.includes('rl 2026-01-30: nothing to deliver: 2026-01-30 had no announcement, it seems'),
    );
    assert.ok(store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET));
  });

  it('never sleeps longer than maxSleepMs, and logs the plan only when it changes', async () => {
    const store = openSqliteStore(':memory:');
    store.saveDelivery('rl', day('2026-01-30'), RUN_TARGET, new Date('2026-01-30T01:31:00Z'));
    const h = harness('2026-01-31T02:00:00Z', { store, sleepsBeforeStop: 4 });
    h.deps.maxSleepMs = HOUR;
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.sleeps, [HOUR, HOUR, HOUR, HOUR]);
    assert.equal(h.lines.filter((line) => line.startsWith('next:')).length, 1);
    assert.deepEqual(h.runs, []);
  });

  it('stops promptly when aborted while asleep', async () => {
    const h = harness('2026-01-30T00:00:00Z');
    h.deps.sleep = (_ms, signal) =>
      new Promise<void>((_resolve, reject) => {
        signal.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError')), {
          once: true,
        });
      });
    const running = createScheduler(h.deps).run(h.controller.signal);
    await new Promise((resolve) => setImmediate(resolve));
    h.controller.abort();
    await running;
    assert.equal(h.lines.at(-1), 'scheduler stopped');
  });

  it('starts no further profile once aborted during a run', async () => {
    const h = harness('2026-01-30T01:30:00Z', { profiles: ['rl', 'cv'] });
    const runProfile = h.deps.runProfile;
    h.deps.runProfile = async (profile, listingDate, signal) => {
      await runProfile(profile, listingDate, signal);
      h.controller.abort();
    };
    await createScheduler(h.deps).run(h.controller.signal);
    assert.deepEqual(h.runs, ['rl 2026-01-30']);
    assert.deepEqual(h.sleeps, []);
    assert.ok(h.deps.store.loadDelivery('rl', day('2026-01-30'), RUN_TARGET), 'the finished run is recorded');
  });
});

describe('createProfileRunner', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'paperwire-run-'));
  after(() => rmSync(scratch, { recursive: true, force: true }));
  let smtp: SmtpTestServer;
  before(async () => {
    smtp = await startSmtpServer({ users: { digest: 'correct-password' } });
  });
  after(() => smtp.close());

  const profile = sampleProfile({
    lang: 'zh',
    style: 'markdown',
    out: join(scratch, 'archive', '{date}.md'),
  });

  function runnerFor(store: Store, password: string, lines: string[], server: SmtpTestServer = smtp) {
    const settings: SmtpSettings = {
      host: server.host,
      port: server.port,
      secure: false,
      startTls: 'never',
      user: 'digest',
      password,
      timeoutMs: 5_000,
    };
    return createOfflineProfileRunner(store, profile, {
      recipientsOf: () => ['a@example.org', 'b@example.org'],
      mail: { settings, from: 'paperwire <wire@example.org>' },
      webUrlOf: (name, listingDate) => `http://127.0.0.1:8787/digest/${name}/${listingDate}`,
      now: () => new Date('2026-01-30T01:30:00Z'),
      log: (line) => lines.push(line),
    });
  }

  function storeWithListing(): Store {
    const store = openSqliteStore(':memory:');
    const paper = samplePaper('2601.19928', { title: 'Offline reinforcement learning at scale' });
    store.savePapers([listed(paper)], {
      listingDate: day('2026-01-30'),
      source: 'arxiv-rss',
      scope: 'cs.LG',
    });
    return store;
  }

  it('writes the file and sends one e-mail per address, each recorded once', async () => {
    const store = storeWithListing();
    const lines: string[] = [];
    const before = smtp.messages.length;
    await runnerFor(store, 'correct-password', lines)('rl', day('2026-01-30'));
    const path = join(scratch, 'archive', '2026-01-30.md');
    assert.match(readFileSync(path, 'utf8'), /Offline reinforcement learning at scale/);
    const sent = smtp.messages.slice(before);
    assert.deepEqual(
      sent.map((message) => message.envelopeTo),
      [['a@example.org'], ['b@example.org']],
    );
    assert.match(sent[0]?.raw.toString('utf8') ?? '', /^Subject: .*=\?UTF-8\?/m);
    for (const target of [`file:${path}`, 'email:a@example.org', 'email:b@example.org']) {
      assert.ok(store.loadDelivery('rl', day('2026-01-30'), target), target);
    }
    assert.ok(store.loadDigest('rl', day('2026-01-30')), 'the digest is archived');
    assert.deepEqual(
      store.loadShown('rl', day('2026-01-31')),
      new Set(['2601.19928']),
      'what it showed is recorded',
    );
    assert.equal(lines.length, 3);

    await runnerFor(store, 'correct-password', lines)('rl', day('2026-01-30'));
    assert.equal(smtp.messages.length, before + 2, 'nothing is sent twice');
  });

  it('tries every target, names the failed ones, and later sends only those', async () => {
    const store = storeWithListing();
    const lines: string[] = [];
    const before = smtp.messages.length;
    await assert.rejects(
      runnerFor(store, 'wrong-password', lines)('rl', day('2026-01-30')),
      /2 of 3 deliveries of rl 2026-01-30 failed \(email:a@example.org, email:b@example.org\)/,
    );
    assert.equal(smtp.messages.length, before);
    assert.ok(lines.every((line) => !line.includes('wrong-password')));
    const path = join(scratch, 'archive', '2026-01-30.md');
    rmSync(path);
    await runnerFor(store, 'correct-password', lines)('rl', day('2026-01-30'));
    assert.equal(smtp.messages.length, before + 2);
    assert.equal(existsSync(path), false, 'the file delivered before is not written again');
  });

  it('sends a retry after a lost acknowledgement with the same Message-ID, one per recipient', async () => {
    const flaky = await startSmtpServer({ users: { digest: 'correct-password' }, dropsAfterData: 1 });
    try {
      const store = storeWithListing();
      const lines: string[] = [];
      await assert.rejects(
        runnerFor(store, 'correct-password', lines, flaky)('rl', day('2026-01-30')),
        /1 of 3 deliveries of rl 2026-01-30 failed \(email:a@example.org\)/,
      );
      assert.equal(store.loadDelivery('rl', day('2026-01-30'), 'email:a@example.org'), null);
      await runnerFor(store, 'correct-password', lines, flaky)('rl', day('2026-01-30'));
      const idsOf = (address: string) =>
        flaky.messages
          .filter((message) => message.envelopeTo.includes(address))
          .map((message) => /^Message-ID: (.*)$/im.exec(message.raw.toString('utf8'))?.[1]?.trim());
      const [first, retry] = idsOf('a@example.org');
      assert.equal(idsOf('a@example.org').length, 2, 'the lost 250 made a second copy');
      assert.equal(retry, first, 'both copies are one message to the receiver');
      assert.match(first ?? '', /^<paperwire\.rl\.2026-01-30\.[0-9a-f]{16}@example\.org>$/);
      const [other] = idsOf('b@example.org');
      assert.notEqual(other, first, 'each recipient has a message of its own');
    } finally {
      await flaky.close();
    }
  });
});
