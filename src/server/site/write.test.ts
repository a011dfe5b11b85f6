// Tests the static site's writer: the site is swapped in whole, and what a `site` killed mid-write left beside it
// (a whole copy in `.<name>.<pid>.<hex>.tmp`, or the `.old` site) is removed by the next one; a site killed between
// its two renames (the previous site moved aside, the new one not yet in place) gets the previous one back.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { SiteFile } from './pages.js';
import type { PaperwireError } from '../../errors.js';
import { swapInSite, writeSite } from './write.js';

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

  it('puts back the site a writer killed between its renames moved aside, even when this run fails', async () => {
    // What a SIGKILL after `rename(target, old)` and before `rename(temporary, target)` leaves: no `moved`, the
    // previous site whole in its `.old`, and the new one in its `.tmp`.
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const old = join(scratch, `.moved.${deadPid}.0badc0de.old`);
    mkdirSync(old);
    writeFileSync(join(old, '.paperwire-site'), 'Written by `paperwire site`.\n');
    writeFileSync(join(old, 'index.html'), '<p>the previous site</p>');
    mkdirSync(join(scratch, `.moved.${deadPid}.0badc0de.tmp`));
    function* unrenderable(): Generator<SiteFile> {
      yield { path: 'index.html', kind: 'page', text: '<p>half</p>' };
      throw new Error('a stored digest cannot be read');
    }
    await assert.rejects(writeSite(join(scratch, 'moved'), unrenderable()), /cannot be read/);
    assert.equal(readFileSync(join(scratch, 'moved', 'index.html'), 'utf8'), '<p>the previous site</p>');
    assert.deepEqual(
      readdirSync(scratch).filter((name) => name.startsWith('.moved.')),
      [],
      'nothing left beside the site',
    );
    await writeSite(join(scratch, 'moved'), [
      { path: 'index.html', kind: 'page', text: '<p>the new site</p>' },
    ]);
    assert.equal(readFileSync(join(scratch, 'moved', 'index.html'), 'utf8'), '<p>the new site</p>');
  });

  it('refuses a dangling symbolic link at the folder in one line before writing, not with a raw ENOTDIR', async () => {
    const link = join(scratch, 'dangling');
    symlinkSync(join(scratch, 'gone', 'site'), link);
    await assert.rejects(
      writeSite(link, [{ path: 'index.html', kind: 'page', text: '<p>x</p>' }]),
      (error: Error) => {
        assert.match(error.message, /dangling: it is a symbolic link to .*gone\/site, which does not exist$/);
        assert.match((error as PaperwireError).hint ?? '', /remove the link/);
        return true;
      },
    );
    assert.deepEqual(
      readdirSync(scratch).filter((name) => name.startsWith('.dangling.')),
      [],
      'nothing was written beside it',
    );
  });

  it('says another site run is writing there when two meet on one folder, never a raw ENOTEMPTY', async () => {
    // Two writers on one new folder both see no site there, and the second rename meets the first one's site. In
    // one process their steps interleave at every await, so most rounds meet.
    const pages = (text: string): SiteFile[] =>
      Array.from({ length: 20 }, (_, index) => ({ path: `p${index}.html`, kind: 'page', text }));
    for (let round = 0; round < 10; round++) {
      const target = join(scratch, `both-${round}`);
      const results = await Promise.allSettled([
        writeSite(target, pages('a')),
        writeSite(target, pages('b')),
      ]);
      for (const result of results) {
        if (result.status === 'fulfilled') continue;
        const error = result.reason as PaperwireError;
        assert.equal(
          error.message,
          `cannot write the site to ${target}: another paperwire site run is writing there`,
        );
        assert.match(error.hint ?? '', /^wait for it to finish/);
      }
      assert.match(readFileSync(join(target, 'p19.html'), 'utf8'), /^(a|b)$/, 'one whole site is there');
    }
    // The meeting itself, without the race: a site appeared where none was, or the one looked at was moved aside.
    const target = join(scratch, 'met');
    mkdirSync(join(target), { recursive: true });
    writeFileSync(join(target, 'index.html'), 'the other run');
    for (const [hasOld, at] of [
      [false, target],
      [true, join(scratch, 'moved-away')],
    ] as const) {
      const temporary = join(scratch, `.met.${String(hasOld)}.tmp`);
      mkdirSync(temporary);
      writeFileSync(join(temporary, 'index.html'), 'this run');
      assert.throws(
        () => swapInSite({ temporary, target: at, old: join(scratch, '.met.old') }, hasOld),
        /another paperwire site run is writing there/,
      );
    }
  });
});
