// The home's job locks (run, import, harvest, deliver): one holder of each at a time, the refusal names the holder, a
// released lock is free again, and a waiter takes it once it is free or gives up at its deadline.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StoreError, formatError } from '../../errors.js';
import { DELIVER_JOB, lockHome, waitForHomeLock, type LockWaitOptions } from './lock.js';

describe('lockHome', () => {
  const home = mkdtempSync(join(tmpdir(), 'paperwire-lock-'));
  after(() => rmSync(home, { recursive: true, force: true }));

  it('refuses a second holder, naming the first one’s pid and the lock file', () => {
    const first = lockHome(home, 4242);
    try {
      assert.throws(
        () => lockHome(home, 4343),
        (error: unknown) =>
          error instanceof StoreError &&
          error.path === join(home, 'run.lock') &&
          /another paperwire run \(pid 4242\) is already delivering from this home/.test(error.message),
      );
    } finally {
      first.release();
    }
  });

  it('is free again once released, and forgets the pid', () => {
    const first = lockHome(home, 4242);
    first.release();
    first.release();
    assert.equal(existsSync(join(home, 'run.pid')), false);
    const second = lockHome(home, 4343);
    second.release();
  });
  it('keeps each job’s lock apart: a harvest holding its own leaves run free, and refuses a second harvest', () => {
    const harvest = { name: 'harvest', doing: 'harvesting into', hint: 'wait' } as const;
    const first = lockHome(home, 4242, harvest);
    try {
      lockHome(home, 4343).release();
      assert.throws(
        () => lockHome(home, 4343, harvest),
        (error: unknown) =>
          error instanceof StoreError &&
          error.path === join(home, 'harvest.lock') &&
          /another paperwire harvest \(pid 4242\) is already harvesting into this home/.test(error.message),
      );
    } finally {
      first.release();
    }
  });

  it('says in one line how to fix a lock file that is not a database', () => {
    const damaged = mkdtempSync(join(tmpdir(), 'paperwire-lock-'));
    try {
      writeFileSync(join(damaged, 'run.lock'), 'not a database: text someone wrote here\n'.repeat(40));
      assert.throws(
        () => lockHome(damaged, 4242),
        (error: unknown) =>
          error instanceof StoreError &&
          formatError(error) ===
            `paperwire: ${join(damaged, 'run.lock')}: cannot take the run lock: file is not a database ` +
              '(the lock file holds no data: remove it while no paperwire process runs from this home, then try again)',
      );
    } finally {
      rmSync(damaged, { recursive: true, force: true });
    }
  });

  describe('waitForHomeLock', () => {
    /** A waiter on a clock that each sleep moves by the poll interval; `onSleep` runs in each sleep. */
    function waiter(onSleep: (sleeps: number) => void) {
      const clock = { ms: 0, sleeps: 0, waits: [] as string[] };
      const options: LockWaitOptions = {
        timeoutMs: 1_000,
        pollMs: 250,
        now: () => clock.ms,
        sleep: (ms) => {
          clock.ms += ms;
          clock.sleeps += 1;
          onSleep(clock.sleeps);
          return Promise.resolve();
        },
        onWait: (holder) => clock.waits.push(holder),
      };
      return { clock, options };
    }

    it('takes a free lock at once, without waiting', async () => {
      const { clock, options } = waiter(() => assert.fail('no sleep'));
      const lock = await waitForHomeLock(home, DELIVER_JOB, options, 4242);
      lock.release();
      assert.deepEqual(clock.waits, []);
    });

    it('waits while another holds it, saying who once, and takes it when it is released', async () => {
      const first = lockHome(home, 4242, DELIVER_JOB);
      const { clock, options } = waiter((sleeps) => {
        if (sleeps === 2) first.release();
      });
      const second = await waitForHomeLock(home, DELIVER_JOB, options, 4343);
      try {
        assert.equal(clock.sleeps, 2);
        assert.deepEqual(clock.waits, ['pid 4242']);
        assert.throws(() => lockHome(home, 4444, DELIVER_JOB), /another paperwire process \(pid 4343\)/);
      } finally {
        second.release();
        first.release();
      }
    });

    it('gives up at its deadline with the refusal naming the holder and the lock file', async () => {
      const first = lockHome(home, 4242, DELIVER_JOB);
      const { clock, options } = waiter(() => undefined);
      try {
        await assert.rejects(
          waitForHomeLock(home, DELIVER_JOB, options, 4343),
          (error: unknown) =>
            error instanceof StoreError &&
            error.path === join(home, 'deliver.lock') &&
            /another paperwire process \(pid 4242\) is already delivering from this home/.test(error.message),
        );
        assert.equal(clock.ms, 1_000);
      } finally {
        first.release();
      }
    });
  });
});
