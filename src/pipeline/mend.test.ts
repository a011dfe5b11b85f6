// Tests for the mend stage against a real chat-completions server on 127.0.0.1: a delivered digest's failed
// translations are asked for again (and only those), merged into its entries, and its problems and notices follow.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startChatServer, type ChatServer } from '../../test/helpers/chat-server.js';
import { MemoryCache, sampleDigest, sampleEntry, translatablePaper } from '../../test/helpers/samples.js';
import { OpenAiCompatibleTranslator } from '../enrich/openai-compatible/index.js';
import { HttpClient } from '../http.js';
import type { Digest } from '../model.js';
import { failedTranslationsOf, mendTranslations } from './mend.js';

const servers: ChatServer[] = [];
after(async () => Promise.all(servers.map((server) => server.close())));

/** A stand-in translation that passes every check: the text kept whole, then enough Han to read as Chinese. */
const zh = (text: string): string => `${text}（${'译'.repeat(40)}）`;

/** A server that answers zh(text) while `state.isDown` is false, and 503 while it is true. */
async function llm(state: {
  isDown: boolean;
}): Promise<{ server: ChatServer; translator: OpenAiCompatibleTranslator }> {
  const server = await startChatServer((request) =>
    state.isDown ? { status: 503, body: { error: 'overloaded' } } : { content: zh(request.user) },
  );
  servers.push(server);
  const client = new HttpClient({ policies: { llm: { backoffMs: 10, retries: 0 } } });
  return {
    server,
    translator: new OpenAiCompatibleTranslator({
      client,
      baseUrl: `${server.url}/v1`,
      apiKey: 'k',
      model: 'm',
    }),
  };
}

const ABSTRACT = 'An abstract on policy gradients.';
const failedPaper = translatablePaper('2601.00001', 'Policy gradients', ABSTRACT);
const goodPaper = translatablePaper('2601.00002', 'World models', 'An abstract on world models.');

/** A Chinese digest delivered while the abstract of 2601.00001 failed; 2601.00002 was translated whole. */
function deliveredDigest(): Digest {
  return sampleDigest(
    [
      {
        keyword: 'policy',
        entries: [
          sampleEntry(failedPaper, { translation: { title: '旧标题', abstract: null, flags: [] } }),
          sampleEntry(goodPaper, { translation: { title: '世界模型', abstract: '摘要', flags: [] } }),
        ],
      },
    ],
    {
      notices: ['listing notice'],
      problems: [
        {
          where: 'paper 2601.00001',
          what: 'abstract translation failed: HTTP 503',
          rule: 'translation-failed',
        },
        { where: 'entry 3', what: 'missing title', rule: 'missing-field' },
      ],
    },
  );
}

const NOW = new Date('2026-01-30T03:00:00Z');

describe('mendTranslations', () => {
  it('asks again for the failed paper only, fills what failed, and keeps what was translated', async () => {
    const { server, translator } = await llm({ isDown: false });
    const result = await mendTranslations(
      deliveredDigest(),
      {},
      { translator, cache: new MemoryCache(), concurrency: 2 },
      NOW,
    );
    assert.ok(result !== null);
    assert.equal(result.mended, 1);
    assert.equal(result.failing, 0);
    // The failed paper's title and abstract were asked for (its title was not cached; a check may ask a text twice);
    // nothing of the other paper.
    assert.deepEqual([...new Set(server.requests.map((request) => request.user))].sort(), [
      ABSTRACT,
      'Policy gradients',
    ]);
    const [mended, untouched] = result.digest.sections[0]?.entries ?? [];
    assert.equal(mended?.translation.title, '旧标题');
    assert.equal(mended?.translation.abstract, zh(ABSTRACT));
    // The stand-in answer is too long for its short source: the new abstract's marks come with it, and only those.
    assert.ok((mended?.translation.flags ?? []).length > 0);
    assert.ok(mended?.translation.flags?.every((flag) => flag.field === 'abstract'));
    assert.deepEqual(untouched?.translation, { title: '世界模型', abstract: '摘要', flags: [] });
    assert.deepEqual(result.digest.problems, [
      { where: 'entry 3', what: 'missing title', rule: 'missing-field' },
    ]);
    assert.equal(result.digest.notices[0], 'listing notice');
    assert.match(
      result.digest.notices.at(-1) ?? '',
      /^1 paper translated at 2026-01-30 03:00 UTC, after failing when/,
    );
    assert.deepEqual(result.digest.generatedAt, NOW);
    assert.deepEqual(failedTranslationsOf(result.digest), new Set());
  });

  it('changes nothing while the provider still fails, and counts the paper as failing', async () => {
    const { translator } = await llm({ isDown: true });
    const digest = deliveredDigest();
    const result = await mendTranslations(
      digest,
      {},
      { translator, cache: new MemoryCache(), concurrency: 1 },
      NOW,
    );
    assert.deepEqual(result, { mended: 0, failing: 1, isTranslatorFailing: true, digest });
  });

  it('keeps the problem of a paper the budget left out, so that a later pass tries it again', async () => {
    const { translator } = await llm({ isDown: false });
    const second = translatablePaper('2601.00003', 'Offline RL', 'An abstract on offline learning.');
    const digest = deliveredDigest();
    digest.sections[0]?.entries.push(sampleEntry(second));
    const secondProblem = {
      where: 'paper 2601.00003',
      what: 'title translation failed: timeout',
      rule: 'translation-failed',
    };
    digest.problems.push(secondProblem);
    const result = await mendTranslations(
      digest,
      { maxPapers: 1 },
      { translator, cache: new MemoryCache(), concurrency: 1 },
      NOW,
    );
    assert.equal(result?.mended, 1);
    assert.equal(result.failing, 1);
    assert.deepEqual(failedTranslationsOf(result.digest), new Set(['2601.00003']));
    assert.ok(result.digest.problems.some((problem) => problem === secondProblem));
  });

  it('has nothing to do for a digest with no failed translation, an English one, or no translator', async () => {
    const { server, translator } = await llm({ isDown: false });
    const deps = { translator, cache: new MemoryCache(), concurrency: 1 };
    assert.equal(await mendTranslations({ ...deliveredDigest(), problems: [] }, {}, deps, NOW), null);
    assert.equal(await mendTranslations({ ...deliveredDigest(), lang: 'en' }, {}, deps, NOW), null);
    assert.equal(await mendTranslations(deliveredDigest(), {}, { ...deps, translator: null }, NOW), null);
    assert.equal(server.requests.length, 0);
  });
});
