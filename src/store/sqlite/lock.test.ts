// The home's job locks (run, import, harvest): one holder of each at a time, the refusal names the holder, and a released lock is free again.

import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { StoreError } from '../../errors.js';
import { lockHome } from './lock.js';

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
});
