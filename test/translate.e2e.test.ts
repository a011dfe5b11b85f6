// End to end, through `main` in this process: the CLI's translation checks, languages, summaries and budgets,
// against a loopback arXiv feed and a chat-completions server on 127.0.0.1 (what the server saw is asserted).

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');
const RECORDED = (
  JSON.parse(readFileSync(join(ROOT, 'demo', 'translations.json'), 'utf8')) as { zh: Record<string, string> }
).zh;
const TLDR = '本文提出一种新方法，并在实验中取得更好的结果。';

let arxiv: LoopbackServer;
let chat: ChatServer;

before(async () => {
  arxiv = await startLoopbackServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    response.end(FEED);
  });
  chat = await startChatServer((request) => {
    const usage = { promptTokens: 100, completionTokens: 20 };
    if (/one-sentence summaries/.test(request.system)) return { content: TLDR, usage };
    if (/into Japanese/.test(request.system)) return { content: `日本語訳：${request.user}`, usage };
    return { content: RECORDED[request.user] ?? `译文:${request.user}`, usage };
  });
});

after(async () => {
  await arxiv.close();
  await chat.close();
});

function envFor(home: string): NodeJS.ProcessEnv {
  return {
    PAPERWIRE_HOME: home,
    PAPERWIRE_ARXIV_RSS_URL: `${arxiv.url}/rss`,
    PAPERWIRE_ARXIV_API_URL: `${arxiv.url}/api/query`,
    PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1`,
    PAPERWIRE_LLM_MODEL: 'test-model',
    PAPERWIRE_HTTP_BACKOFF_MS: '20',
    PAPERWIRE_HTTP_RETRIES: '1',
  };
}

const DIGEST = ['digest', '--keyword', 'reinforcement learning'];

describe('translation checks through the CLI', () => {
  it('translates into Japanese, marks what fails twice in classic and JSON, and a rerun asks nothing', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-ja-'));
    const before = chat.requests.length;
    const out = join(home, 'digest.json');
    const json = await runMain([...DIGEST, '--lang', 'ja', '--style', 'json', '--out', out], {
      cwd: home,
      env: envFor(home),
    });
    assert.equal(json.code, 0, json.stderr);
    const sent = chat.requests.slice(before);
    assert.ok(sent.length > 0);
    assert.ok(
      sent.every((request) =>
        request.system.startsWith('You translate academic text from English into Japanese.'),
      ),
    );
    // The Japanese glossary's lines reach the prompt of the texts that hold its terms.
    assert.ok(
      sent.some((request) => request.system.includes('- reinforcement learning → 強化学習 (never: 補強学習')),
    );
    // The stand-in answer keeps the English: the language check fails it twice, so every text is marked.
    const document = JSON.parse(readFileSync(out, 'utf8')) as {
      lang: string;
      papers: Record<
        string,
        { translation: { title: string; flags: { field: string; check: string; detail: string }[] } }
      >;
      translationReport: { checked: number; marked: number; requests: number; promptTokens: number };
    };
    assert.equal(document.lang, 'ja');
    const [first] = Object.values(document.papers);
    assert.match(first?.translation.title ?? '', /^日本語訳：/);
    assert.ok(
      first?.translation.flags.some((flag) => flag.check === 'language' && /Japanese/.test(flag.detail)),
    );
    assert.equal(document.translationReport.requests, sent.length);
    assert.equal(document.translationReport.promptTokens, 100 * sent.length);
    assert.match(json.stderr, /checks: \d+ checked \(0 passed, 0 on retry, \d+ marked ⚠\)/);

    const rerunFrom = chat.requests.length;
    const classic = await runMain([...DIGEST, '--lang', 'ja'], { cwd: home, env: envFor(home) });
    assert.equal(classic.code, 0, classic.stderr);
    assert.equal(chat.requests.length, rerunFrom, 'the rerun came from the cache');
    assert.match(classic.stdout, /^本日の関連論文は \d+ 件です$/m);
    assert.match(classic.stdout, /^日本語訳：.* ⚠$/m);
    assert.match(classic.stdout, /^- 日本語要約$/m);
  });

  it('writes a TL;DR per paper with --tldr and stops at --max-papers, saying how many were left', async () => {
    const home = mkdtempSync(join(tmpdir(), 'paperwire-tldr-'));
    const before = chat.requests.length;
    const result = await runMain([...DIGEST, '--lang', 'zh', '--tldr', '--max-papers', '2'], {
      cwd: home,
      env: envFor(home),
    });
    assert.equal(result.code, 0, result.stderr);
    const sent = chat.requests.slice(before);
    const summaries = sent.filter((request) => /one-sentence summaries/.test(request.system));
    assert.equal(summaries.length, 2, 'two papers, one summary each');
    const papersAsked = new Set(summaries.map((request) => request.user.split('\n\n')[0]));
    for (const request of sent) {
      const title = request.user.split('\n\n')[0] ?? '';
      const isAbstractOf = summaries.some((summary) => summary.user.endsWith(`\n\n${request.user}`));
      assert.ok(
        papersAsked.has(title) || isAbstractOf,
        `a request for a third paper: ${request.user.slice(0, 60)}`,
      );
    }
    assert.equal(result.stdout.match(new RegExp(`^- TL;DR: ${TLDR}$`, 'gm'))?.length, 2);
    const papers = Number(/今天共有 (\d+) 篇相关文章/.exec(result.stdout)?.[1]);
    assert.equal(
      result.stderr.match(/notice: translation budget reached/g)?.length,
      1,
      'one notice for the budget',
    );
    assert.match(
      result.stderr,
      new RegExp(`translation budget reached \\(max-papers 2\\): ${papers - 2} papers left untranslated`),
    );
  });

  it('keeps --max-tokens as a hard cap: the usage the server reports never passes it', async () => {
    // Each reply reports 400 prompt and 100 completion tokens, the most the request's max_tokens allows.
    const costly = await startChatServer((request) => ({
      content: RECORDED[request.user] ?? `译文:${request.user}`,
      usage: {
        promptTokens: 400,
        completionTokens: Math.min(100, (request.body as { max_tokens?: number }).max_tokens ?? 100),
      },
    }));
    try {
      const home = mkdtempSync(join(tmpdir(), 'paperwire-tokens-'));
      const result = await runMain([...DIGEST, '--lang', 'zh', '--max-tokens', '1500'], {
        cwd: home,
        env: { ...envFor(home), PAPERWIRE_LLM_BASE_URL: `${costly.url}/v1` },
      });
      assert.equal(result.code, 0, result.stderr);
      const [, prompt, completion] = /, (\d+) \+ (\d+) tokens/.exec(result.stderr) ?? [];
      const total = Number(prompt) + Number(completion);
      assert.ok(costly.requests.length > 0, 'the budget allows some texts');
      assert.ok(total <= 1500, `the run used ${total} tokens of a 1500 budget`);
      assert.equal(total, 500 * costly.requests.length);
      assert.match(result.stderr, /notice: translation budget reached \(max-tokens 1500\)/);
    } finally {
      await costly.close();
    }
  });
});
