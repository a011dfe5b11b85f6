// End to end: `paperwire library` and `paperwire rate` through `main`, on a real SQLite home, with the arXiv API
// a loopback server that records every id_list lookup.

import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openSqliteStore } from '../src/store/sqlite/index.js';
import { atomForIds, idListOf } from './helpers/arxiv-atom.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain } from './helpers/run-cli.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'library');

let arxiv: LoopbackServer;

before(async () => {
  arxiv = await startLoopbackServer((request, response) => {
    response.writeHead(200, { 'content-type': 'application/atom+xml' });
    response.end(atomForIds(idListOf(request.url)));
  });
});

after(async () => {
  await arxiv.close();
});

/** A fresh home with the fixtures copied in, and `run` running paperwire there. */
function freshHome() {
  const home = mkdtempSync(join(tmpdir(), 'paperwire-library-'));
  for (const name of ['zotero.bib', 'jabref.bib', 'scholar.bib', 'mendeley.ris', 'zotero.json']) {
    copyFileSync(join(FIXTURES, name), join(home, name));
  }
  // The server starts in `before`, after the describe blocks have made their homes: its URL is read per run.
  const envOf = () => ({ PAPERWIRE_HOME: home, PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query` });
  return { home, run: (args: string[]) => runMain(args, { env: envOf(), cwd: home }) };
}

const lines = (text: string): string[] => text.split('\n').filter((line) => line !== '');

/** How many entries the library of `home` holds, read from its store. */
function libraryLength(home: string): number {
  const store = openSqliteStore(join(home, 'paperwire.sqlite'));
  try {
    return store.loadLibrary().length;
  } finally {
    store.close();
  }
}

describe('paperwire library', () => {
  const { home, run } = freshHome();

  it('adds exports, looking up the abstracts they lack, and says what it added', async () => {
    const asked = arxiv.requests.length;
    const result = await run(['library', 'add', 'zotero.bib', 'scholar.bib']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(lines(result.stdout), [
      'zotero.bib: 3 entries read (BibTeX)',
      'scholar.bib: 2 entries read (BibTeX)',
      '5 added, 0 already in the library',
    ]);
    assert.equal(arxiv.requests.length - asked, 1);
    assert.match(result.stderr, /looking up 2 abstracts on arXiv \(1 request\)/);
  });

  it('changes nothing when the same exports are added again', async () => {
    const asked = arxiv.requests.length;
    const result = await run(['library', 'add', 'zotero.bib', 'scholar.bib']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lines(result.stdout).at(-1), '0 added, 5 already in the library');
    assert.equal(arxiv.requests.length, asked);
  });

  it('imports the good entries of a file with bad ones, one problem line each', async () => {
    const result = await run(['library', 'add', 'jabref.bib']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lines(result.stdout).at(-1), '3 added, 0 already in the library');
    const problems = lines(result.stderr).filter((line) => line.startsWith('problem: '));
    assert.deepEqual(
      problems.map((line) => line.split(' ')[1]),
      ['jabref.bib:29:', 'jabref.bib:35:'],
    );
    assert.match(problems[0] ?? '', /entry "NoTitle2021" skipped, it has no title/);
  });

  it('lists the library as lines and as JSON', async () => {
    const text = await run(['library', 'list']);
    assert.equal(text.code, 0, text.stderr);
    assert.match(text.stdout, /^arxiv:1706\.03762 {2}Attention Is All You Need\n {4}zotero\.bib:4\n/m);
    assert.match(text.stdout, /^title:soft actor critic .* {2}\[no abstract\]$/m);
    assert.equal(lines(text.stdout).at(-1), '8 entries, 2 without an abstract');
    const json = await run(['library', 'list', '--json']);
    const entries = JSON.parse(json.stdout) as { key: string; abstract: string; addedAt: string }[];
    assert.equal(entries.length, 8);
    assert.equal(
      entries.find((entry) => entry.key === 'arxiv:2501.12948')?.abstract,
      'arXiv abstract of 2501.12948.',
    );
    assert.match(entries[0]?.addedAt ?? '', /^\d{4}-\d\d-\d\dT/);
  });

  it('removes an entry by arXiv id in any form, and refuses an unknown one with exit 2', async () => {
    const removed = await run(['library', 'remove', 'https://arxiv.org/abs/1706.03762v7']);
    assert.equal(removed.code, 0, removed.stderr);
    assert.equal(removed.stdout, 'removed 1706.03762 from the library\n');
    const again = await run(['library', 'remove', '1706.03762']);
    assert.equal(again.code, 2);
    assert.deepEqual(lines(again.stderr), [
      'paperwire: library remove: "1706.03762" is not in the library ' +
        '(give an arXiv id or a key as `paperwire library list` shows it)',
    ]);
    assert.equal(libraryLength(home), 7);
  });

  it('fails in one line, adding nothing, when a file cannot be read or has no known format', async () => {
    const missing = await run(['library', 'add', 'mendeley.ris', 'missing.bib']);
    assert.equal(missing.code, 1);
    assert.deepEqual(lines(missing.stderr), [
      'paperwire: missing.bib: cannot be read (ENOENT) (check the path: give an exported .bib, .ris or .json file)',
    ]);
    assert.equal(libraryLength(home), 7);
  });

  it('stops reading a file past 256 MB, in one line, adding nothing: /dev/zero used to fill the memory', async () => {
    const endless = await run(['library', 'add', '/dev/zero']);
    assert.equal(endless.code, 1);
    assert.deepEqual(lines(endless.stderr), [
      'paperwire: /dev/zero: is larger than 256 MB (export the library in parts (a collection at a time) and add each)',
    ]);
    assert.equal(libraryLength(home), 7);
  });

  it('reads an export that is not UTF-8 as Windows-1252, as old JabRef files are', async () => {
    const latin1 = Buffer.from(
      '@article{j, title = {R\xe9seaux de neurones}, author = {M\xfcller, J\xf6rg}}\n',
      'latin1',
    );
    writeFileSync(join(home, 'latin1.bib'), latin1);
    const result = await run(['library', 'add', 'latin1.bib']);
    assert.equal(result.code, 0, result.stderr);
    const json = await run(['library', 'list', '--json']);
    const entries = JSON.parse(json.stdout) as { title: string; authors: string[] }[];
    const entry = entries.find((candidate) => candidate.title === 'Réseaux de neurones');
    assert.deepEqual(entry?.authors, ['Jörg Müller']);
  });

  it('counts one entry read as "1 entry"', async () => {
    writeFileSync(join(home, 'one.bib'), '@article{one, title = {A Single Entry}, author = {Lee, Ana}}\n');
    const result = await run(['library', 'add', 'one.bib']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(lines(result.stdout)[0], 'one.bib: 1 entry read (BibTeX)');
  });

  it('exits 1 with one error line after the problem lines when no entry could be imported', async () => {
    writeFileSync(
      join(home, 'bad.bib'),
      '@article{a, author = {Lee, Ana}}\n@article{b, author = {Kim, Bo}}\n',
    );
    const result = await run(['library', 'add', 'bad.bib']);
    assert.equal(result.code, 1);
    assert.deepEqual(
      lines(result.stderr).map((line) => line.replace(/ skipped, .*/, '')),
      [
        'problem: bad.bib:1: entry "a"',
        'problem: bad.bib:2: entry "b"',
        'paperwire: bad.bib: no entry could be imported (2 problems above) ' +
          '(fix the entries the problem lines name, or export the library again)',
      ],
    );
  });

  it('says how to use it when the action or its operands are wrong (exit 2)', async () => {
    for (const args of [
      ['library'],
      ['library', 'import', 'x.bib'],
      ['library', 'add'],
      ['library', 'add', '--json', 'x.bib'],
    ]) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(lines(result.stderr).length, 1);
    }
  });
});

describe('paperwire rate', () => {
  const { run } = freshHome();

  before(async () => {
    const added = await run(['library', 'add', 'zotero.bib', 'scholar.bib']);
    assert.equal(added.code, 0, added.stderr);
  });

  it('rates papers the store knows, ids given as readers copy them', async () => {
    const up = await run(['rate', '2501.12948v1', 'https://arxiv.org/pdf/1707.06347', '--up']);
    assert.equal(up.code, 0, up.stderr);
    assert.equal(up.stdout, '2501.12948: up\n1707.06347: up\n');
    // 1706.03762 came with its abstract, so it was never looked up: being in the library is enough.
    const save = await run(['rate', 'arXiv:1706.03762', '--save']);
    assert.equal(save.code, 0, save.stderr);
  });

  it('refuses an unknown id in one line naming it and how to store it, and rates nothing', async () => {
    const result = await run(['rate', '1707.06347', '2601.99999', '--down']);
    assert.equal(result.code, 2);
    const [line, ...rest] = lines(result.stderr);
    assert.deepEqual(rest, []);
    assert.match(
      line ?? '',
      /^paperwire: rate: 2601\.99999 is not in the store or the library, so nothing was rated \(store it first: /,
    );
    assert.match(line ?? '', /paperwire fetch --date YYYY-MM-DD.*paperwire library add FILE/);
    const list = await run(['rate', '--list', '--json']);
    const ratings = JSON.parse(list.stdout) as { arxivId: string; kind: string }[];
    assert.equal(ratings.find((rating) => rating.arxivId === '1707.06347')?.kind, 'up');
  });

  it('names at most five unknown ids and counts the rest, once each, when thousands are pasted', async () => {
    const pasted = Array.from({ length: 3000 }, (_, at) => `2601.${String(10_000 + at)}`);
    const result = await run(['rate', ...pasted, pasted[0] ?? '', '--up']);
    assert.equal(result.code, 2);
    const [line, ...rest] = lines(result.stderr);
    assert.deepEqual(rest, []);
    assert.match(
      line ?? '',
      /^paperwire: rate: 2601\.10000, 2601\.10001, 2601\.10002, 2601\.10003, 2601\.10004 and 2,995 more are not in the store/,
    );
    assert.ok((line ?? '').length < 400, `${(line ?? '').length} characters`);
  });

  it('takes exactly one of --up, --down, --save, --clear (exit 2)', async () => {
    for (const args of [
      ['rate', '1707.06347'],
      ['rate', '1707.06347', '--up', '--down'],
      ['rate', '--up'],
      ['rate', 'not-an-id', '--up'],
    ]) {
      const result = await run(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(lines(result.stderr).length, 1);
    }
  });

  it('lists current ratings with their times, and forgets a cleared one', async () => {
    const cleared = await run(['rate', '2501.12948', '--clear']);
    assert.equal(cleared.stdout, '2501.12948: rating cleared\n');
    const list = await run(['rate', '--list']);
    assert.equal(list.code, 0, list.stderr);
    assert.deepEqual(
      lines(list.stdout).map((line) => line.split(/\s+/).slice(0, 2).join(' ')),
      ['1707.06347 up', '1706.03762 save'],
    );
    assert.match(
      list.stdout,
      /^1707\.06347 {2}up {4}\d{4}-\d\d-\d\dT[\d:.]+Z {2}arXiv title of 1707\.06347$/m,
    );
  });
});
