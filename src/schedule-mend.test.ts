// Tests `run`'s mending of delivered digests whose translations failed, on an injected clock, a real store and a
// real chat-completions server on 127.0.0.1: the archive gets the translations, nothing is delivered again, a digest
// just built or saved again meanwhile is left alone.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startChatServer, type ChatServer } from '../test/helpers/chat-server.js';
import { sampleDigest, sampleEntry, translatablePaper } from '../test/helpers/samples.js';
import { OpenAiCompatibleTranslator } from './enrich/openai-compatible/index.js';
import { HttpClient } from './http.js';
import type { IsoDate, Profile } from './model.js';
import { renderJson } from './render/text/json.js';
import { parseDigestJson } from './render/text/json-parse.js';
import { createScheduler, createTranslationMender, RUN_TARGET } from './schedule.js';
import { openSqliteStore } from './store/sqlite/index.js';
import type { Store } from './store/store.js';
import { offlinePipeline, sampleProfile } from '../test/helpers/profile-runner.js';

const servers: ChatServer[] = [];
after(async () => Promise.all(servers.map((server) => server.close())));

const DATE = '2026-01-29' as IsoDate;
/** Thursday 2026-01-29 03:00Z: 2026-01-29's listing was announced and delivered; the next is 2026-01-30's. */
const NOW = new Date('2026-01-29T03:00:00Z');
const profile: Profile = sampleProfile({ lang: 'zh' });
const paper = translatablePaper('2601.00001', 'Policy gradients', 'An abstract on policy gradients.');

/** Saves the digest of `rl` for `date`, generated at `generatedAt`, with the paper's abstract failed, as delivered. */
function saveDelivered(store: Store, generatedAt: Date, date: IsoDate = DATE, failed = paper): void {
  const digest = sampleDigest(
    [
      {
        keyword: 'rl',
        entries: [sampleEntry(failed, { translation: { title: '策略梯度', abstract: null, flags: [] } })],
      },
    ],
    {
      profile: 'rl',
      listingDate: date,
      generatedAt,
      problems: [
        {
          where: `paper ${failed.arxivId}`,
          what: 'abstract translation failed: HTTP 503',
          rule: 'translation-failed',
        },
      ],
    },
  );
  store.saveDigest({ profile: 'rl', listingDate: date, generatedAt, json: renderJson(digest) });
  store.saveDelivery('rl', date, 'email:reader@example.org', generatedAt);
  store.saveDelivery('rl', date, RUN_TARGET, generatedAt);
}

/** One pass of the scheduler at NOW with the real mender over `store`; returns its log lines and profile runs. */
async function runOnePass(
  store: Store,
  isDown = false,
): Promise<{ lines: string[]; runs: string[]; server: ChatServer }> {
  const server = await startChatServer((request) =>
    isDown ? { status: 503, body: { error: 'down' } } : { content: `${request.user}（${'译'.repeat(40)}）` },
  );
  servers.push(server);
  const client = new HttpClient({ policies: { llm: { backoffMs: 10, retries: 0 } } });
  const translator = new OpenAiCompatibleTranslator({
    client,
    baseUrl: `${server.url}/v1`,
    apiKey: 'k',
    model: 'm',
  });
  const pipeline = offlinePipeline(store, translator);
  const lines: string[] = [];
  const runs: string[] = [];
  const controller = new AbortController();
  await createScheduler({
    now: () => NOW,
    sleep: () => {
      controller.abort();
      return Promise.reject(new DOMException('aborted', 'AbortError'));
    },
    runProfile: (name, listingDate) => {
      runs.push(`${name} ${listingDate}`);
      return Promise.resolve();
    },
    mendProfile: createTranslationMender({ pipeline, profiles: new Map([['rl', profile]]), now: () => NOW }),
    store,
    profiles: ['rl'],
    delayMs: 30 * 60_000,
    catchUpDays: 3,
    log: (line) => lines.push(line),
  }).run(controller.signal);
  return { lines, runs, server };
}

describe('run: mending the translations of delivered digests', () => {
  it('translates what failed into the archive, delivering nothing again', async () => {
    const store = openSqliteStore(':memory:');
    const deliveredAt = new Date('2026-01-29T01:31:00Z');
    saveDelivered(store, deliveredAt);
    const { lines, runs, server } = await runOnePass(store);
    assert.deepEqual(runs, []);
    assert.ok(server.requests.length > 0);
    const stored = store.loadDigest('rl', DATE);
    assert.deepEqual(stored?.generatedAt, NOW);
    const entry = parseDigestJson(stored?.json ?? '').sections[0]?.entries[0];
    assert.equal(entry?.translation.title, '策略梯度');
    assert.match(entry?.translation.abstract ?? '', /^An abstract on policy gradients\.（译+）$/);
    assert.deepEqual(parseDigestJson(stored?.json ?? '').problems, []);
    assert.deepEqual(store.loadDelivery('rl', DATE, 'email:reader@example.org'), deliveredAt);
    assert.ok(
      lines.includes(
        'rl 2026-01-29: translated 1 paper that failed at delivery; the archive shows them, what was sent stays as sent',
      ),
    );
  });

  it('leaves a digest built minutes ago for a later pass', async () => {
    const store = openSqliteStore(':memory:');
    saveDelivered(store, new Date(NOW.getTime() - 5 * 60_000));
    const before = store.loadDigest('rl', DATE);
    const { server } = await runOnePass(store);
    assert.equal(server.requests.length, 0);
    assert.deepEqual(store.loadDigest('rl', DATE), before);
  });

  it('goes on past a digest whose failed text can never be sent, and mends the next', async () => {
    const store = openSqliteStore(':memory:');
    const deliveredAt = new Date('2026-01-27T01:31:00Z');
    // An abstract too long to send: it fails again with no request, every pass; it must not hold up the others.
    const tooLong = translatablePaper(
      '2601.00002',
      'Policy gradients',
      `${'A pasted full text. '.repeat(1_000)}`,
    );
    saveDelivered(store, deliveredAt, '2026-01-27' as IsoDate, tooLong);
    saveDelivered(store, deliveredAt);
    const { lines } = await runOnePass(store);
    const mended = parseDigestJson(store.loadDigest('rl', DATE)?.json ?? '').sections[0]?.entries[0];
    assert.match(
      mended?.translation.abstract ?? '',
      /^An abstract on policy gradients\.（译+）$/,
      lines.join('\n'),
    );
    assert.deepEqual(store.loadDigest('rl', '2026-01-27' as IsoDate)?.generatedAt, deliveredAt);
  });

  it('stops the pass at the first digest the provider still fails, so the others cost it nothing', async () => {
    const store = openSqliteStore(':memory:');
    const deliveredAt = new Date('2026-01-27T01:31:00Z');
    saveDelivered(store, deliveredAt, '2026-01-27' as IsoDate);
    saveDelivered(store, deliveredAt, '2026-01-28' as IsoDate);
    saveDelivered(store, deliveredAt);
    const before = store.loadDigest('rl', DATE);
    const { server } = await runOnePass(store, true);
    // One digest's texts were asked (the paper's title and abstract), not three digests'.
    assert.ok(server.requests.length > 0);
    assert.ok(server.requests.length <= 2, `${server.requests.length} requests`);
    assert.deepEqual(store.loadDigest('rl', DATE), before);
  });

  it('says once that a stored document does not read, not on every pass, and tries it again once saved again', async () => {
    const store = openSqliteStore(':memory:');
    const savedAt = new Date('2026-01-29T01:31:00Z');
    store.saveDigest({ profile: 'rl', listingDate: DATE, generatedAt: savedAt, json: '{"profile": "rl", ' });
    const pipeline = offlinePipeline(store);
    const mend = createTranslationMender({ pipeline, profiles: new Map([['rl', profile]]), now: () => NOW });
    await assert.rejects(mend('rl', DATE));
    assert.equal(await mend('rl', DATE), null);
    assert.equal(await mend('rl', DATE), null);
    // Saved again (by hand, or a rebuild), it is a new document: read, and said again if still broken.
    store.saveDigest({ profile: 'rl', listingDate: DATE, generatedAt: NOW, json: '{"profile": "rl", ' });
    await assert.rejects(mend('rl', DATE));
  });
});
