// Library import end to end below the CLI: real parsers, the real SQLite store, and the arXiv API source against a
// loopback server that records every id_list request.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { atomForIds, idListOf } from '../../test/helpers/arxiv-atom.js';
import { startLoopbackServer, type LoopbackServer } from '../../test/helpers/loopback-server.js';
import { LibraryFileError } from '../errors.js';
import { HttpClient } from '../http.js';
import { ArxivApiSource } from '../sources/arxiv-api/index.js';
import { listed, samplePaper } from '../store/contract.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { Store } from '../store/store.js';
import { importLibrary, type LibraryFile } from './library.js';

const FIXTURES = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'library');
const fixture = (name: string): LibraryFile => ({ name, text: readFileSync(join(FIXTURES, name), 'utf8') });
const NOW = new Date('2026-02-01T08:00:00Z');

const askedIds = (server: LoopbackServer): string[][] =>
  server.requests.map((request) => idListOf(request.url));

interface Setup {
  server: LoopbackServer;
  store: Store;
  waits: number[];
  run: (files: LibraryFile[]) => ReturnType<typeof importLibrary>;
}

/** A store, an API server answering with `status` (an Atom page when 200), and `run` importing through them. */
async function withImport(
  options: { status?: number; unknown?: string[] },
  body: (setup: Setup) => Promise<void>,
): Promise<void> {
  const unknown = new Set(options.unknown ?? []);
  const server = await startLoopbackServer((request, response) => {
    const ids = idListOf(request.url);
    response.writeHead(options.status ?? 200, { 'content-type': 'application/atom+xml' });
    response.end(options.status === undefined ? atomForIds(ids, unknown) : 'unavailable');
  });
  const store = openSqliteStore(':memory:');
  // A virtual clock only the client's waits move: the spacing asserted is what the client scheduled.
  const waits: number[] = [];
  let nowMs = 1_000_000;
  const client = new HttpClient({
    policies: { arxivApi: { minIntervalMs: 3_000, retries: 0 } },
    now: () => nowMs,
    sleep: (ms) => {
      waits.push(ms);
      nowMs += ms;
      return Promise.resolve();
    },
  });
  const lookup = new ArxivApiSource({ client, baseUrl: `${server.url}/api/query` });
  try {
    await body({
      server,
      store,
      waits,
      run: (files) => importLibrary(files, NOW, { store, lookup, log: () => {} }),
    });
  } finally {
    store.close();
    await server.close();
  }
}

describe('importLibrary', () => {
  it('asks arXiv only for entries with an id and no abstract, in one id_list request', async () => {
    await withImport({}, async ({ server, store, run }) => {
      const result = await run([fixture('zotero.bib'), fixture('scholar.bib'), fixture('zotero.json')]);
      assert.deepEqual(askedIds(server), [['1707.06347', '2501.12948', '2303.04137']]);
      assert.deepEqual([result.added, result.updated, result.unchanged], [8, 0, 0]);
      const byKey = new Map(store.loadLibrary().map((entry) => [entry.key, entry]));
      assert.equal(byKey.get('arxiv:1707.06347')?.abstract, 'arXiv abstract of 1707.06347.');
      assert.equal(byKey.get('arxiv:1707.06347')?.title, 'Proximal Policy Optimization Algorithms');
      assert.match(byKey.get('arxiv:1706.03762')?.abstract ?? '', /^The dominant sequence transduction/);
      assert.equal(byKey.get('arxiv:1706.03762')?.source, 'zotero.bib:4');
      assert.deepEqual(byKey.get('arxiv:1706.03762')?.addedAt, NOW);
      assert.ok(
        byKey.has(
          'title:soft actor critic off policy maximum entropy deep reinforcement learning with a stochastic actor/haarnoja',
        ),
      );
      // The papers looked up are in the store, so they can be rated and ranked.
      assert.equal(store.loadPaper('2501.12948')?.abstract, 'arXiv abstract of 2501.12948.');
    });
  });

  it('needs no network when every entry carries its abstract', async () => {
    await withImport({}, async ({ server, store, run }) => {
      const text = '@article{a, title={With abstract}, eprint={2501.00001}, abstract={Here it is.}}';
      const result = await run([{ name: 'one.bib', text }]);
      assert.equal(server.requests.length, 0);
      assert.equal(result.added, 1);
      assert.equal(store.loadLibrary()[0]?.abstract, 'Here it is.');
    });
  });

  it('takes an abstract the store already has instead of asking arXiv', async () => {
    await withImport({}, async ({ server, store, run }) => {
      store.savePapers([listed(samplePaper('1707.06347', { abstract: 'Stored abstract.' }))]);
      await run([fixture('zotero.bib')]);
      assert.equal(server.requests.length, 0);
      assert.equal(
        store.loadLibrary().find((entry) => entry.arxivId === '1707.06347')?.abstract,
        'Stored abstract.',
      );
    });
  });

  it('sends 100 ids per request, spaced as the arXiv API asks', async () => {
    await withImport({}, async ({ server, waits, run }) => {
      const text = Array.from(
        { length: 150 },
        (_, n) =>
          `@misc{p${n}, title={Paper ${n}}, eprint={2501.${String(10000 + n)}}, archivePrefix={arXiv}}`,
      ).join('\n');
      const result = await run([{ name: 'many.bib', text }]);
      assert.deepEqual(
        askedIds(server).map((ids) => ids.length),
        [100, 50],
      );
      assert.deepEqual([result.lookedUp, result.requests, result.added], [150, 2, 150]);
      assert.ok(
        waits.some((ms) => ms >= 2_900),
        `the second request waited ${waits.join(', ')} ms`,
      );
    });
  });

  it('keeps entries without an abstract, with one problem each, when the lookup fails', async () => {
    await withImport({ status: 503 }, async ({ server, store, run }) => {
      const result = await run([fixture('scholar.bib')]);
      assert.equal(server.requests.length, 1);
      assert.equal(result.added, 2);
      assert.deepEqual(
        result.problems.map((problem) => [problem.where, problem.rule]),
        [['scholar.bib:1', 'lookup-failed']],
      );
      assert.match(
        result.problems[0]?.what ?? '',
        /^arXiv 2501\.12948 kept without an abstract, the lookup failed: /,
      );
      assert.equal(store.loadLibrary().find((entry) => entry.arxivId === '2501.12948')?.abstract, '');
    });
  });

  it('names the entry whose id arXiv does not know', async () => {
    await withImport({ unknown: ['2501.12948'] }, async ({ run }) => {
      const result = await run([fixture('scholar.bib')]);
      assert.deepEqual(result.problems, [
        {
          where: 'scholar.bib:1',
          what: 'arXiv 2501.12948 kept without an abstract, arXiv has no such paper',
          rule: 'not-found',
        },
      ]);
    });
  });

  it('changes nothing and asks nothing when the same files are imported again', async () => {
    await withImport({}, async ({ server, store, run }) => {
      const files = [fixture('zotero.bib'), fixture('jabref.bib'), fixture('mendeley.ris')];
      const first = await run(files);
      const before = store.loadLibrary();
      const again = await run(files);
      assert.equal(server.requests.length, 1);
      assert.deepEqual([again.added, again.updated, again.unchanged], [0, 0, first.added]);
      assert.deepEqual(store.loadLibrary(), before);
    });
  });

  it('saves nothing when one of the files is unusable as a whole', async () => {
    await withImport({}, async ({ server, store, run }) => {
      await assert.rejects(
        run([fixture('zotero.bib'), { name: 'notes.txt', text: 'just some notes' }]),
        LibraryFileError,
      );
      assert.equal(server.requests.length, 0);
      assert.deepEqual(store.loadLibrary(), []);
    });
  });

  it('keeps two papers of the same title apart when their first authors differ', async () => {
    await withImport({}, async ({ store, run }) => {
      const zotero = '@article{a, title={Introduction}, author={Lee, Ana}, abstract={On graphs.}}';
      const mendeley = 'TY  - JOUR\nTI  - Introduction\nAU  - Kim, Bo\nAB  - On galaxies.\nER  - \n';
      const result = await run([
        { name: 'zotero.bib', text: zotero },
        { name: 'mendeley.ris', text: mendeley },
      ]);
      assert.equal(result.added, 2);
      assert.deepEqual(
        store.loadLibrary().map((entry) => [entry.key, entry.abstract]),
        [
          ['title:introduction/kim', 'On galaxies.'],
          ['title:introduction/lee', 'On graphs.'],
        ],
      );
    });
  });

  it('takes over an entry kept by its title alone, as keys were before, for the same first author only', async () => {
    await withImport({}, async ({ store, run }) => {
      const older = { source: 'old.bib:1', addedAt: new Date('2025-01-01T00:00:00Z') };
      store.saveLibraryEntries([
        {
          ...older,
          key: 'title:introduction',
          arxivId: null,
          title: 'Introduction',
          abstract: 'On graphs.',
          authors: ['Ana Lee'],
        },
        {
          ...older,
          key: 'title:notes',
          arxivId: null,
          title: 'Notes',
          abstract: 'On stars.',
          authors: ['Cy Moss'],
        },
      ]);
      const result = await run([
        {
          name: 'new.bib',
          text: '@article{a, title={Introduction}, author={Lee, A.}}\n@article{b, title={Notes}, author={Kim, Bo}}',
        },
      ]);
      assert.deepEqual([result.added, result.updated], [1, 1]);
      assert.deepEqual(
        store.loadLibrary().map((entry) => [entry.key, entry.abstract, entry.addedAt.getUTCFullYear()]),
        [
          ['title:introduction/lee', 'On graphs.', 2025],
          ['title:notes', 'On stars.', 2025],
          ['title:notes/kim', '', 2026],
        ],
      );
    });
  });
});
