// Tests the static site's writer: the site is swapped in whole, and what a `site` killed mid-write left beside it
// (a whole copy in `.<name>.<pid>.<hex>.tmp`, or the `.old` site) is removed by the next one.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { writeSite } from './write.js';

const scratch = mkdtempSync(join(tmpdir(), 'paperwire-site-write-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('writeSite', () => {
  it("removes the copies a site killed mid-write left, and keeps a running writer's", async () => {
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const leftovers = [`.site.${deadPid}.0badc0de.tmp`, `.site.${deadPid}.0badc0de.old`];
    const running = `.site.${process.pid}.0badc0de.tmp`;
    for (const name of [...leftovers, running]) {
      mkdirSync(join(scratch, name));
      writeFileSync(join(scratch, name, 'index.html'), '<p>half a site');
    }
    const counts = await writeSite(join(scratch, 'site'), [
      { path: 'index.html', kind: 'page', text: '<p>the site</p>' },
    ]);
    assert.deepEqual(counts, { page: 1, feed: 0, data: 0 });
    assert.equal(readFileSync(join(scratch, 'site', 'index.html'), 'utf8'), '<p>the site</p>');
    assert.deepEqual(readdirSync(scratch).sort(), [running, 'site'].sort());
  });
});
