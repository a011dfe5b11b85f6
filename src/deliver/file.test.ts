// Tests file delivery: folders are created, an existing digest is replaced whole, no temporary file is left, and a
// path that cannot take a digest (a folder, a device, /proc) is refused before anything is written.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PaperwireError } from '../errors.js';
import { checkDigestPath, writeDigestFile } from './file.js';

const scratch = mkdtempSync(join(tmpdir(), 'paperwire-file-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

describe('writeDigestFile', () => {
  it('creates missing folders and writes UTF-8 text', async () => {
    const path = join(scratch, 'archive', '2026', '2026-01-30.md');
    await writeDigestFile(path, '# 强化学习 digest\n');
    assert.equal(readFileSync(path, 'utf8'), '# 强化学习 digest\n');
  });

  it('replaces an existing file and leaves no temporary file behind', async () => {
    const folder = join(scratch, 'replace');
    const path = join(folder, 'digest.txt');
    await writeDigestFile(path, 'old and longer text\n');
    await writeDigestFile(path, 'new\n');
    assert.equal(readFileSync(path, 'utf8'), 'new\n');
    assert.deepEqual(readdirSync(folder), ['digest.txt']);
  });

  it("removes what a writer killed mid-write left, never a running writer's file", async () => {
    const folder = join(scratch, 'killed');
    mkdirSync(folder);
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const stale = `.digest (1).md.${deadPid}.0badc0de.tmp`;
    const running = `.digest (1).md.${process.pid}.0badc0de.tmp`;
    const another = `.other.md.${deadPid}.0badc0de.tmp`;
    for (const name of [stale, running, another]) writeFileSync(join(folder, name), 'half a dig');
    await writeDigestFile(join(folder, 'digest (1).md'), 'whole\n');
    assert.deepEqual(readdirSync(folder).sort(), [running, another, 'digest (1).md'].sort());
  });

  it('names the path when it cannot write', async () => {
    const blocker = join(scratch, 'not-a-folder');
    writeFileSync(blocker, 'a file where a folder should be');
    const path = join(blocker, 'digest.txt');
    await assert.rejects(writeDigestFile(path, 'x'), (error: unknown) => {
      assert.ok(error instanceof PaperwireError);
      assert.equal(error.code, 'E_DELIVER');
      assert.match(error.message, new RegExp(`cannot write the digest to ${path.replaceAll('/', '\\/')}`));
      return true;
    });
  });
});

describe('checkDigestPath', () => {
  it('accepts a new file in folders still to be made, and an existing file', async () => {
    assert.equal(await checkDigestPath(join(scratch, 'new', 'deeper', '2026-01-30.md')), null);
    const existing = join(scratch, 'existing.md');
    writeFileSync(existing, 'x');
    assert.equal(await checkDigestPath(existing), null);
  });

  it('refuses a folder, a device and a path under a file, saying why', async () => {
    assert.match((await checkDigestPath(scratch)) ?? '', /is a folder; name a file in it/);
    assert.match((await checkDigestPath('/dev/null')) ?? '', /\/dev\/null is not a regular file/);
    const blocker = join(scratch, 'blocker');
    writeFileSync(blocker, 'x');
    assert.match((await checkDigestPath(join(blocker, 'a', 'b.md'))) ?? '', /blocker is a file/);
  });

  it("refuses paperwire's own files by name and any file holding binary data, whatever its name", async () => {
    for (const name of [
      'paperwire.sqlite',
      'paperwire.sqlite-wal',
      'old.db',
      'run.lock',
      'run.pid',
      'x.toml',
    ]) {
      assert.match(
        (await checkDigestPath(join(scratch, 'own', name))) ?? '',
        /is named as a store, lock or config/,
      );
    }
    const store = join(scratch, 'store-copy.md');
    writeFileSync(store, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(100)]));
    assert.match((await checkDigestPath(store)) ?? '', /store-copy\.md holds binary data/);
    await assert.rejects(writeDigestFile(store, 'x'), /holds binary data/);
    assert.ok(readFileSync(store).subarray(0, 15).equals(Buffer.from('SQLite format 3')), 'left as it was');
    const digest = join(scratch, 'yesterday.md');
    writeFileSync(
      digest,
      '# 强化学习 digest: text, even with a NUL past the first 4 KiB\n'.padEnd(5000, 'x') + '\0',
    );
    assert.equal(await checkDigestPath(digest), null);
  });

  it('refuses /proc and /sys, where mkdir never returns and no file can be made', async (context) => {
    if (process.platform !== 'linux') {
      context.skip('/proc and /sys are Linux file systems');
      return;
    }
    assert.match(
      (await checkDigestPath('/proc/paperwire/2026-01-30.md')) ?? '',
      /\/proc is on proc, a special/,
    );
    assert.match((await checkDigestPath('/sys/paperwire.md')) ?? '', /\/sys is on sysfs, a special/);
    await assert.rejects(writeDigestFile('/proc/paperwire/digest.md', 'x'), /\/proc is on proc/);
  });
});
