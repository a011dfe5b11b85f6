// Tests for the translate stage's checks, summaries, budgets and fallback, against real loopback servers
// (chat completions and DeepL) on 127.0.0.1: what each server saw is what is asserted.

import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import {
  startChatServer,
  type ChatReplyFn,
  type ChatRequest,
  type ChatServer,
} from '../../test/helpers/chat-server.js';
import { startDeeplServer, type DeeplServer } from '../../test/helpers/deepl-server.js';
import { HttpClient } from '../http.js';
import { DeeplTranslator } from './deepl/index.js';
import { NOTES_SEPARATOR, OpenAiCompatibleTranslator } from './openai-compatible/index.js';
import { buildInstructions } from './prompt.js';
import { translatePapers } from './translate.js';
import type { TextKind } from './translator.js';
import { MemoryCache, translatablePaper } from '../../test/helpers/samples.js';

const closers: { close(): Promise<void> }[] = [];
after(async () => Promise.all(closers.map((server) => server.close())));

async function serve(reply: ChatReplyFn): Promise<ChatServer> {
  const server = await startChatServer(reply);
  closers.push(server);
  return server;
}

const paper = translatablePaper;

const client = () => new HttpClient({ policies: { llm: { backoffMs: 10, maxBackoffMs: 20, retries: 1 } } });

function openai(server: ChatServer): OpenAiCompatibleTranslator {
  return new OpenAiCompatibleTranslator({
    client: client(),
    baseUrl: `${server.url}/v1`,
    apiKey: 'sk-test',
    model: 'm',
  });
}

const TIPS_TITLE = 'TIPS: Policy Optimization with GRPO';
const TIPS_GOOD = 'TIPS：基于GRPO的策略优化';
const TIPS_NO_GRPO = 'TIPS：基于组相对的策略优化';
const ABSTRACT = 'We improve the policy by 11.8% on MuJoCo.';
const ABSTRACT_ZH = '我们在MuJoCo上将策略提升了11.8%。';

/** The notes of a chat request: what its one system message holds after the fixed instructions for `kind`. */
function notesOf(request: ChatRequest | undefined, kind: TextKind): string {
  const system = request?.system ?? '';
  const instructions = buildInstructions('zh', kind);
  assert.ok(system.startsWith(instructions), 'the fixed instructions come first');
  return system === instructions ? '' : system.slice(instructions.length + NOTES_SEPARATOR.length);
}

describe('translatePapers checks', () => {
  it('retries a translation that dropped an acronym, naming it, and accepts the second answer', async () => {
    const server = await serve((request) => {
      if (request.user === ABSTRACT)
        return { content: ABSTRACT_ZH, usage: { promptTokens: 5, completionTokens: 1 } };
      const isRetry = server.requests.filter((seen) => seen.user === TIPS_TITLE).length > 1;
      return {
        content: isRetry ? TIPS_GOOD : TIPS_NO_GRPO,
        usage: { promptTokens: 10, completionTokens: 2 },
      };
    });
    const run = await translatePapers([paper('2601.00001', TIPS_TITLE, ABSTRACT)], {
      translator: openai(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 1,
    });
    const titleRequests = server.requests.filter((request) => request.user === TIPS_TITLE);
    assert.equal(titleRequests.length, 2);
    const [first, retry] = titleRequests;
    // One system message per request: the fixed instructions byte for byte, then the notes; the text is last.
    for (const request of server.requests) {
      const messages = (request.body as { messages: { role: string }[] }).messages;
      assert.deepEqual(
        messages.map((message) => message.role),
        ['system', 'user'],
      );
    }
    assert.match(
      notesOf(
        server.requests.find((request) => request.user === ABSTRACT),
        'abstract',
      ),
      /- policy → 策略/,
    );
    assert.match(notesOf(first, 'title'), /^Use these renderings for field terms:\n/);
    assert.match(notesOf(first, 'title'), /policy optimization → 策略优化/);
    assert.doesNotMatch(notesOf(first, 'title'), /GRPO/);
    assert.match(
      notesOf(retry, 'title'),
      /failed a check\. The translation dropped GRPO; keep them verbatim\./,
    );
    assert.deepEqual(run.translations.get('2601.00001'), {
      title: TIPS_GOOD,
      abstract: ABSTRACT_ZH,
      flags: [],
    });
    assert.equal(run.report.passedOnRetry, 1);
    assert.equal(run.report.passed, 1);
    assert.deepEqual(run.report.byCheck['acronyms'], { passed: 1, passedOnRetry: 1, marked: 0 });
    // Usage is summed over every request, the retry included.
    assert.deepEqual(run.usage, { promptTokens: 25, completionTokens: 5 });
    assert.equal(run.requests, 3);
  });

  it('asks for the glossary terms of the text, not those inside its links or math', async () => {
    const abstract = 'We shape the reward with $\\pi_{policy}$; code: https://github.com/x/policy-zoo.';
    const translated = '我们用$\\pi_{policy}$塑造奖励；代码：https://github.com/x/policy-zoo。';
    const server = await serve((request) => ({ content: request.user === abstract ? translated : '奖励' }));
    const run = await translatePapers([paper('2601.00009', 'Rewards', abstract)], {
      translator: openai(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 1,
    });
    const notes = notesOf(
      server.requests.find((request) => request.user === abstract),
      'abstract',
    );
    assert.match(notes, /- reward → 奖励/);
    assert.doesNotMatch(notes, /policy/, 'policy is only in the math and the link');
    // Checked against the same reading: no policy rendering is asked for, so the answer passes first time.
    assert.equal(server.requests.filter((request) => request.user === abstract).length, 1);
    assert.deepEqual(run.translations.get('2601.00009')?.flags, []);
  });

  it('keeps a translation that fails twice, marked with the reason, and a rerun neither asks nor loses the mark', async () => {
    const server = await serve((request) => ({
      content: request.user === ABSTRACT ? ABSTRACT_ZH : TIPS_NO_GRPO,
    }));
    const cache = new MemoryCache();
    const options = { translator: openai(server), cache, lang: 'zh' as const, concurrency: 2 };
    const run = await translatePapers([paper('2601.00002', TIPS_TITLE, ABSTRACT)], options);
    assert.equal(server.requests.filter((request) => request.user === TIPS_TITLE).length, 2);
    const translation = run.translations.get('2601.00002');
    assert.equal(translation?.title, TIPS_NO_GRPO);
    assert.deepEqual(translation.flags, [
      { field: 'title', check: 'acronyms', detail: 'Keep the names GRPO verbatim.' },
    ]);
    assert.equal(run.report.marked, 1);
    assert.deepEqual(run.report.byCheck['acronyms'], { passed: 1, passedOnRetry: 0, marked: 1 });
    assert.deepEqual(run.problems, [], 'a marked translation is shown, not a problem');

    const before = server.requests.length;
    const rerun = await translatePapers([paper('2601.00002', TIPS_TITLE, ABSTRACT)], options);
    assert.equal(server.requests.length, before, 'the rerun sent nothing');
    assert.deepEqual(rerun.translations.get('2601.00002'), translation);
    assert.equal(rerun.report.fromCache, 2);
    assert.equal(rerun.report.cachedMarked, 1);
  });

  it('writes a TL;DR from title and abstract, checks it has no invented number, and caches it', async () => {
    const server = await serve((request) => {
      if (request.system.startsWith(buildInstructions('zh', 'tldr'))) {
        const isRetry = server.requests.filter((seen) => seen.user === request.user).length > 1;
        return { content: isRetry ? 'TIPS将策略提升了11.8%。' : 'TIPS将策略提升了12.5%。' };
      }
      return { content: request.user === ABSTRACT ? ABSTRACT_ZH : TIPS_GOOD };
    });
    const cache = new MemoryCache();
    const options = { translator: openai(server), cache, lang: 'zh' as const, concurrency: 1, tldr: true };
    const run = await translatePapers([paper('2601.00003', TIPS_TITLE, ABSTRACT)], options);
    const tldrRequests = server.requests.filter((request) => request.user === `${TIPS_TITLE}\n\n${ABSTRACT}`);
    assert.equal(tldrRequests.length, 2);
    assert.match(notesOf(tldrRequests[1], 'tldr'), /Use only numbers the paper has; 12\.5% is not in it\./);
    assert.equal(run.translations.get('2601.00003')?.tldr, 'TIPS将策略提升了11.8%。');
    assert.deepEqual(run.translations.get('2601.00003')?.flags, []);

    const before = server.requests.length;
    const rerun = await translatePapers([paper('2601.00003', TIPS_TITLE, ABSTRACT)], options);
    assert.equal(server.requests.length - before, 0, 'the TL;DR came from the cache');
    assert.equal(rerun.translations.get('2601.00003')?.tldr, 'TIPS将策略提升了11.8%。');
  });
});

describe('translatePapers budgets', () => {
  const papers = Array.from({ length: 5 }, (_, index) =>
    paper(`2601.3000${index}`, `MuJoCo title ${index}`, `We study MuJoCo in setting ${index}.`),
  );
  const answer: ChatReplyFn = (request) => ({
    content: `${request.user}（${'译'.repeat(40)}）`,
    usage: { promptTokens: 40, completionTokens: 10 },
  });

  it('stops at --max-papers: the server sees exactly those papers, one notice counts the rest', async () => {
    const server = await serve(answer);
    const run = await translatePapers(papers, {
      translator: openai(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 3,
      maxPapers: 2,
    });
    const asked = new Set(server.requests.map((request) => /\d(?=\.?$)/.exec(request.user)?.[0]));
    assert.equal(server.requests.length, 4, 'two papers, title and abstract each');
    assert.deepEqual([...asked].sort(), ['0', '1']);
    assert.deepEqual(run.notices, [
      'translation budget reached (max-papers 2): 3 papers left untranslated, shown in English',
    ]);
    assert.equal(run.translations.get('2601.30004')?.title, null);
    assert.equal(run.report.skippedByBudget, 3);
  });

  it('never passes --max-tokens: each request is estimated before it is sent and capped with max_tokens', async () => {
    // Usage as a tokeniser would report it: about 4 bytes of prompt a token, 3 bytes of answer a token, and no
    // more completion than max_tokens allows.
    const server = await serve((request) => {
      const content = `${request.user}（${'译'.repeat(40)}）`;
      const maxTokens = (request.body as { max_tokens?: number }).max_tokens ?? Infinity;
      return {
        content,
        usage: {
          promptTokens: Math.ceil(Buffer.byteLength(request.system + request.user) / 4),
          completionTokens: Math.min(maxTokens, Math.ceil(Buffer.byteLength(content) / 3)),
        },
      };
    });
    const run = await translatePapers(papers, {
      translator: openai(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 3,
      maxTokens: 1500,
    });
    const total = run.usage.promptTokens + run.usage.completionTokens;
    assert.ok(total <= 1500, `the run used ${total} tokens of a 1500 budget`);
    assert.ok(server.requests.length > 0, 'the budget allows a few texts');
    for (const request of server.requests) {
      assert.equal(typeof (request.body as { max_tokens?: unknown }).max_tokens, 'number');
    }
    assert.equal(run.notices.length, 1);
    assert.match(
      run.notices[0] ?? '',
      /^translation budget reached \(max-tokens 1500\): \d papers left untranslated/,
    );
    assert.ok(run.report.skippedByBudget > 0);
  });

  it('sends no max_tokens when no token budget is set', async () => {
    const server = await serve(answer);
    await translatePapers(papers.slice(0, 1), {
      translator: openai(server),
      cache: new MemoryCache(),
      lang: 'zh',
      concurrency: 1,
    });
    assert.equal((server.requests[0]?.body as { max_tokens?: unknown }).max_tokens, undefined);
  });
});

describe('translatePapers fallback', () => {
  it('asks DeepL when the OpenAI-compatible endpoint keeps answering 503, and caches under DeepL', async () => {
    const chat = await serve(() => ({ status: 503, body: { error: { message: 'overloaded' } } }));
    const deepl: DeeplServer = await startDeeplServer((request) => ({
      text: request.text === ABSTRACT ? ABSTRACT_ZH : TIPS_GOOD,
    }));
    closers.push(deepl);
    const cache = new MemoryCache();
    const run = await translatePapers([paper('2601.00004', TIPS_TITLE, ABSTRACT)], {
      translator: [
        openai(chat),
        new DeeplTranslator({ client: client(), baseUrl: deepl.url, apiKey: 'k:fx' }),
      ],
      cache,
      lang: 'zh',
      concurrency: 1,
    });
    assert.equal(chat.requests.length, 4, 'two attempts (one http retry) for each of two texts');
    assert.deepEqual(
      deepl.requests.map((request) => request.text),
      [TIPS_TITLE, ABSTRACT],
    );
    assert.deepEqual(run.translations.get('2601.00004'), {
      title: TIPS_GOOD,
      abstract: ABSTRACT_ZH,
      flags: [],
    });
    assert.deepEqual(run.problems, []);
    assert.ok([...cache.entries.keys()].every((key) => key.endsWith(' zh deepl:default')));
  });
});
