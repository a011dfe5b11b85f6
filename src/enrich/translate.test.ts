// Tests for the translate stage against a real chat-completions server on 127.0.0.1: cache, concurrency bound,
// deduplication, one paper's failure, answers out of proportion, and the notices for no endpoint, a rejected key
// and a provider that keeps failing.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { startChatServer, type ChatReplyFn, type ChatServer } from '../../test/helpers/chat-server.js';
import { HttpClient } from '../http.js';
import type { Paper } from '../model.js';
import { OpenAiCompatibleTranslator } from './openai-compatible/index.js';
import { NO_TRANSLATOR_NOTICE, hashSourceText, translatePapers, type TranslateEvent } from './translate.js';
import { MemoryCache, translatablePaper } from '../../test/helpers/samples.js';

const servers: ChatServer[] = [];
after(async () => Promise.all(servers.map((server) => server.close())));

async function serve(reply: ChatReplyFn): Promise<ChatServer> {
  const server = await startChatServer(reply);
  servers.push(server);
  return server;
}

function paper(arxivId: string, title = `Title of ${arxivId}`, abstract = `Abstract of ${arxivId}.`): Paper {
  return translatablePaper(arxivId, title, abstract);
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A stand-in translation that passes every check: the text kept whole, then enough Han to read as Chinese. */
function zh(text: string): string {
  return `${text}（${'译'.repeat(40)}）`;
}

/** Answers zh(<text>) after `delayMs`, with usage 10/2 per request. */
function echo(delayMs = 0): ChatReplyFn {
  return async (request) => {
    if (delayMs > 0) await delay(delayMs);
    return { content: zh(request.user), usage: { promptTokens: 10, completionTokens: 2 } };
  };
}

function translatorFor(server: ChatServer) {
  const client = new HttpClient({ policies: { llm: { backoffMs: 10, retries: 1 } } });
  return new OpenAiCompatibleTranslator({
    client,
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-test-key-1234',
    model: 'm',
  });
}

describe('translatePapers', () => {
  it('translates titles and abstracts, whitespace-normalised, and sums usage', async () => {
    const server = await serve(echo());
    const papers = [paper('2601.00001', '  Policy\n  gradients ', 'Line one\n\tline two.')];
    const run = await translatePapers(papers, {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 2,
    });
    assert.deepEqual(run.translations.get('2601.00001'), {
      title: zh('Policy gradients'),
      abstract: zh('Line one line two.'),
      flags: [],
    });
    assert.deepEqual(server.requests.map((request) => request.user).sort(), [
      'Line one line two.',
      'Policy gradients',
    ]);
    assert.deepEqual(run.usage, { promptTokens: 20, completionTokens: 4 });
    assert.equal(run.requests, 2);
    assert.deepEqual(run.problems, []);
    assert.deepEqual(run.notices, []);
  });

  it('never has more than `concurrency` requests in flight', async () => {
    const server = await serve(echo(40));
    const papers = Array.from({ length: 8 }, (_, index) => paper(`2601.1000${index}`));
    const run = await translatePapers(papers, {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 3,
    });
    assert.equal(server.requests.length, 16);
    assert.equal(server.maxInFlight(), 3);
    assert.equal(run.translations.get('2601.10007')?.abstract, zh('Abstract of 2601.10007.'));
  });

  it('sends no request at all on a rerun: the cache has every text', async () => {
    const server = await serve(echo());
    const cache = new MemoryCache();
    const papers = [paper('2601.00001'), paper('2601.00002')];
    const options = { translator: translatorFor(server), cache, lang: 'zh' as const, concurrency: 2 };
    const first = await translatePapers(papers, options);
    assert.equal(server.requests.length, 4);
    assert.equal(
      cache.get(hashSourceText('Title of 2601.00001'), 'zh', 'openai-compatible:m'),
      zh('Title of 2601.00001'),
    );

    const second = await translatePapers(papers, options);
    assert.equal(server.requests.length, 4, 'the rerun sent nothing');
    assert.equal(second.requests, 0);
    assert.equal(second.cacheHits, 4);
    assert.deepEqual([...second.translations], [...first.translations]);
  });

  it('sends a text shared by several papers once and fills every paper', async () => {
    const server = await serve(echo());
    const papers = [paper('2601.00001', 'Same title', 'A.'), paper('2601.00002', 'Same  title', 'B.')];
    const run = await translatePapers(papers, {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 4,
    });
    assert.equal(server.requests.filter((request) => request.user === 'Same title').length, 1);
    assert.equal(run.translations.get('2601.00002')?.title, zh('Same title'));
    assert.equal(run.requests, 3);
  });

  it('keeps going when one paper fails: one Problem, that field null, the others translated', async () => {
    const server = await serve((request) =>
      request.user === 'Bad title' ? { status: 200, body: { choices: [] } } : { content: zh(request.user) },
    );
    const events: TranslateEvent[] = [];
    const papers = [paper('2601.00001'), paper('2601.19928', 'Bad title'), paper('2601.00003')];
    const run = await translatePapers(papers, {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 2,
      onEvent: (event) => events.push(event),
    });
    assert.equal(run.problems.length, 1);
    const [problem] = run.problems;
    assert.equal(problem?.where, 'paper 2601.19928');
    assert.equal(problem.rule, 'translation-failed');
    assert.match(problem.what, /^title translation failed: .*no choices\[0\]/);
    assert.doesNotMatch(problem.what, /\n/);
    assert.deepEqual(run.translations.get('2601.19928'), {
      title: null,
      abstract: zh('Abstract of 2601.19928.'),
      flags: [],
    });
    assert.equal(run.translations.get('2601.00003')?.title, zh('Title of 2601.00003'));
    assert.equal(events.filter((event) => event.type === 'failed').length, 1);
    assert.equal(events.at(-1)?.done, 6);
    assert.equal(events.at(-1)?.total, 6);
  });

  it('stops sending after the endpoint rejects the key, and says so once', async () => {
    const server = await serve(() => ({
      status: 401,
      body: { error: { message: 'Incorrect API key provided: sk-test-key-1234' } },
    }));
    const papers = Array.from({ length: 5 }, (_, index) => paper(`2601.2000${index}`));
    const run = await translatePapers(papers, {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 1,
    });
    assert.equal(server.requests.length, 1);
    assert.equal(run.problems.filter((problem) => problem.rule === 'translation-failed').length, 10);
    assert.deepEqual(
      run.problems
        .filter((problem) => problem.rule === 'translation-stopped')
        .map((problem) => problem.where),
      ['openai-compatible:m'],
    );
    assert.equal(run.notices.length, 1);
    assert.match(run.notices[0] ?? '', /translation stopped: .*HTTP 401/);
    for (const text of [...run.notices, ...run.problems.map((problem) => problem.what)]) {
      assert.ok(!text.includes('sk-test-key-1234'), `the key leaked: ${text}`);
    }
  });

  it('stops asking a provider that answers 429 "quota exhausted" to everything, and says so once', async () => {
    const server = await serve(() => ({
      status: 429,
      headers: { 'retry-after': '0' },
      body: { error: { message: 'You exceeded your current quota', type: 'insufficient_quota' } },
    }));
    const papers = Array.from({ length: 33 }, (_, index) => paper(`2601.4${String(index).padStart(4, '0')}`));
    const cache = new MemoryCache();
    const run = await translatePapers(papers, {
      translator: translatorFor(server),
      cache,
      lang: 'zh',
      concurrency: 4,
    });
    // One text per worker at most was in flight when the provider stopped, each asked once: a spent quota is
    // not retried (the client allows one retry).
    assert.ok(server.requests.length <= 4, `${server.requests.length} requests`);
    assert.equal(run.notices.length, 1);
    assert.match(run.notices[0] ?? '', /^translation stopped: .*HTTP 429.*showing English/);
    assert.equal(run.problems.filter((problem) => problem.rule === 'translation-stopped').length, 1);
    assert.equal(run.problems.filter((problem) => problem.rule === 'translation-failed').length, 66);
    assert.equal(cache.entries.size, 0, 'nothing is cached, so the next run asks again');
    assert.equal(run.translations.get('2601.40032')?.title, null);
  });

  it('stops a provider after three texts in a row fail with the same status, and says so once', async () => {
    const server = await serve(() => ({ status: 503, body: { error: { message: 'overloaded' } } }));
    const papers = Array.from({ length: 10 }, (_, index) => paper(`2601.5000${index}`));
    const run = await translatePapers(papers, {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 1,
    });
    assert.equal(server.requests.length, 3 * 2, 'three texts, each tried twice, then nothing more');
    assert.deepEqual(run.notices.length, 1);
    assert.match(run.notices[0] ?? '', /translation stopped: .*HTTP 503.*\(3 texts in a row\)/);
    assert.equal(run.problems.filter((problem) => problem.rule === 'translation-failed').length, 20);
  });

  it('refuses an answer many times longer than its source: a Problem, the English kept, nothing cached', async () => {
    const server = await serve((request) => ({
      content: request.user.startsWith('Title') ? '译'.repeat(20_000) : zh(request.user),
    }));
    const cache = new MemoryCache();
    const run = await translatePapers([paper('2601.60001')], {
      translator: translatorFor(server),
      cache,
      lang: 'zh',
      concurrency: 1,
    });
    assert.equal(run.translations.get('2601.60001')?.title, null);
    assert.equal(run.translations.get('2601.60001')?.abstract, zh('Abstract of 2601.60001.'));
    const [problem] = run.problems;
    assert.equal(problem?.rule, 'translation-failed');
    assert.match(
      problem.what,
      /title translation failed: the answer from .* has 20000 characters for a 19-character title/,
    );
    assert.equal(cache.entries.size, 1, 'only the abstract was cached');
  });

  it('refuses an answer, fresh or cached, that holds the API key: a Problem, the English kept, nothing cached', async () => {
    const server = await serve((request) => ({
      content: request.user.startsWith('Title') ? `${zh(request.user)} sk-test-key-1234` : zh(request.user),
    }));
    const cache = new MemoryCache();
    const options = { translator: translatorFor(server), cache, lang: 'zh' as const, concurrency: 1 };
    const run = await translatePapers([paper('2601.60003')], options);
    assert.equal(run.translations.get('2601.60003')?.title, null);
    assert.equal(run.translations.get('2601.60003')?.abstract, zh('Abstract of 2601.60003.'));
    assert.equal(run.problems[0]?.rule, 'translation-failed');
    assert.match(
      run.problems[0].what,
      /title translation failed: the answer from .* holds a configured secret \(an API key, token or password\) that the title does not; not kept/,
    );
    assert.doesNotMatch(run.problems[0].what, /sk-test-key-1234/);
    assert.equal(cache.entries.size, 1, 'only the abstract was cached');

    const title = 'Title of 2601.60004';
    cache.set(hashSourceText(title), 'zh', 'openai-compatible:m', `${zh(title)} sk-test-key-1234`);
    const again = await translatePapers([paper('2601.60004')], {
      ...options,
      translator: translatorFor(await serve(echo())),
    });
    assert.equal(again.translations.get('2601.60004')?.title, zh(title), 'the cached answer is asked again');
  });

  it('never sends a text far longer than any arXiv abstract: a Problem, the English kept', async () => {
    const server = await serve(echo());
    const garbled = 'Garbled feed text. '.repeat(20_000);
    const run = await translatePapers([paper('2601.60005', 'A title', garbled)], {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 1,
    });
    assert.deepEqual(
      server.requests.map((request) => request.user),
      ['A title'],
    );
    assert.equal(run.translations.get('2601.60005')?.abstract, null);
    assert.equal(run.problems[0]?.rule, 'translation-failed');
    assert.equal(
      run.problems[0].what,
      "abstract translation failed: not sent: 379999 characters, more than 9600 (five times arXiv's abstract limit)",
    );
  });

  it('asks again for a text whose cached answer is out of all proportion to it', async () => {
    const server = await serve(echo());
    const cache = new MemoryCache();
    const title = 'Title of 2601.60002';
    cache.set(hashSourceText(title), 'zh', 'openai-compatible:m', '译'.repeat(20_000));
    const run = await translatePapers([paper('2601.60002')], {
      translator: translatorFor(server),
      cache,
      lang: 'zh',
      concurrency: 1,
    });
    assert.equal(run.translations.get('2601.60002')?.title, zh(title));
    assert.deepEqual(
      server.requests.map((request) => request.user),
      [title, 'Abstract of 2601.60002.'],
    );
  });

  it('shows an answer and a cached one without escape sequences or bidi controls', async () => {
    const server = await serve((request) => ({ content: `\u202e${zh(request.user)}\u001b[2J\u2066` }));
    const cache = new MemoryCache();
    const title = 'Title of 2601.60003';
    // Cached by an older version, which kept what the model sent.
    cache.set(hashSourceText(title), 'zh', 'openai-compatible:m', `${zh(title)}\u001b]0;pwned\u0007\u202e`);
    const run = await translatePapers([paper('2601.60003')], {
      translator: translatorFor(server),
      cache,
      lang: 'zh',
      concurrency: 1,
    });
    assert.deepEqual(run.translations.get('2601.60003'), {
      title: zh(title),
      abstract: zh('Abstract of 2601.60003.'),
      flags: [],
    });
    assert.deepEqual(
      server.requests.map((request) => request.user),
      ['Abstract of 2601.60003.'],
    );
  });

  it('translates nothing without a translator, and says once how to configure one', async () => {
    const run = await translatePapers([paper('2601.00001'), paper('2601.00002')], {
      translator: null,
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 2,
    });
    assert.deepEqual(run.notices, [NO_TRANSLATOR_NOTICE]);
    assert.match(NO_TRANSLATOR_NOTICE, /PAPERWIRE_LLM_BASE_URL/);
    assert.deepEqual(run.translations.get('2601.00002'), { title: null, abstract: null, flags: [] });
    assert.deepEqual(run.problems, []);
  });

  it('translates nothing and says nothing for English', async () => {
    const server = await serve(echo());
    const run = await translatePapers([paper('2601.00001')], {
      translator: translatorFor(server),
      cache: new MemoryCache(),
      lang: 'en',
      concurrency: 2,
    });
    assert.equal(server.requests.length, 0);
    assert.deepEqual(run.notices, []);
    assert.deepEqual(run.translations.get('2601.00001'), { title: null, abstract: null, flags: [] });
  });
});
