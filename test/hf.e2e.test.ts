// End to end: Hugging Face through the CLI's `main` in this process, against loopback servers serving the
// recorded Daily Papers, search and arXiv RSS documents: `trending` (order, fields, --json, --limit, bad days),
// `fetch --source hf`, and digests that show upvotes and sort by them, arXiv and Hugging Face merged per paper.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startChatServer, type ChatServer } from './helpers/chat-server.js';
import { startLoopbackServer, type LoopbackServer } from './helpers/loopback-server.js';
import { runMain } from './helpers/run-cli.js';

const ROOT = join(import.meta.dirname, '..');
const HF = join(ROOT, 'test', 'fixtures', 'hf');
const DEMO_FEED = readFileSync(join(ROOT, 'demo', 'arxiv-rss-cs.xml'), 'utf8');

type Entry = {
  paper: { id?: string; title: string; upvotes?: number; authors?: unknown[]; organization?: unknown };
  organization?: unknown;
};
const readEntries = (name: string): Entry[] => JSON.parse(readFileSync(join(HF, name), 'utf8')) as Entry[];
/** The recorded day, both pages as one answer (paging itself is tested beside the source). */
const DAY = [
  ...readEntries('daily-papers-2026-03-20-p0.json'),
  ...readEntries('daily-papers-2026-03-20-p1.json'),
];
const SEARCH = readFileSync(join(HF, 'papers-search-stable-rl.json'), 'utf8');

/**
 * Hugging Face's view of the arXiv demo day (listing 2026-01-30): recorded entries given the ids of papers in the
 * demo feed, with Hugging Face's own (different) titles, so the merge can be seen.
 */
function entryAs(index: number, arxivId: string, upvotes: number): Entry {
  const entry = structuredClone(DAY[index]) as Entry;
  entry.paper = { ...entry.paper, id: arxivId, upvotes, title: `Hub title of ${arxivId}` };
  return entry;
}
const DEMO_HF_DAYS: Record<string, Entry[]> = {
  // Entry 6 is UI-TARS-2 (ByteDance Seed, a GitHub repo with 8123 stars); entry 2 is Qwen's.
  '2026-01-30': [entryAs(6, '2601.20116', 46), entryAs(2, '2601.20071', 12), entryAs(5, '2603.13017', 99)],
  '2026-01-29': [entryAs(0, '2601.20103', 3)],
};

let hf: LoopbackServer;
let chat: ChatServer;
/** How many more times 2026-03-24 answers entries none of which can be read, before the recorded day. */
let garbledAnswersLeft = 1;
const GARBLED_DAY = JSON.stringify([{ paper: null }, 7, { paper: { title: 5 } }]);
/** Upvote and comment counts past any integer a store holds: whole numbers to JavaScript (1e308). */
const HUGE_COUNTS_DAY = [entryAs(0, '2601.20103', 1e308), entryAs(1, '2601.20116', 7)].map((entry) => ({
  ...entry,
  numComments: 2 ** 64,
}));

/** What the Hugging Face stand-in answers a JSON request: search, the Daily Papers days used here, else 404. */
function answerHf(url: URL): [status: number, body: string] {
  if (url.pathname === '/api/papers/search') return [200, SEARCH];
  if (url.pathname !== '/api/daily_papers') return [404, '{"error":"Not Found"}'];
  const date = url.searchParams.get('date') ?? '';
  const page = url.searchParams.get('p');
  if (date === '2026-03-20') return [200, page === '0' ? JSON.stringify(DAY) : '[]'];
  if (date === '2026-03-21') return [200, readFileSync(join(HF, 'daily-papers-empty.json'), 'utf8')];
  if (date === '2026-03-23') return [200, '{"papers": []}'];
  if (date === '2026-03-24' && page === '0' && garbledAnswersLeft > 0) {
    garbledAnswersLeft -= 1;
    return [200, GARBLED_DAY];
  }
  if (date === '2026-03-24') return [200, page === '0' ? JSON.stringify(DAY) : '[]'];
  if (date === '2026-03-25') return [200, page === '0' ? JSON.stringify(HUGE_COUNTS_DAY) : '[]'];
  const demo = DEMO_HF_DAYS[date];
  if (demo) return [200, page === '0' ? JSON.stringify(demo) : '[]'];
  return [404, readFileSync(join(HF, 'error-not-found.json'), 'utf8')];
}

before(async () => {
  hf = await startLoopbackServer((request, response) => {
    const url = new URL(`http://x${request.url}`);
    if (url.pathname === '/rss/cs') {
      response.writeHead(200, { 'content-type': 'application/rss+xml' });
      response.end(DEMO_FEED);
      return;
    }
    const [status, body] = answerHf(url);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(body);
  });
  chat = await startChatServer((request) => ({ content: `中文 ${request.user}` }));
});

after(async () => {
  await hf.close();
  await chat.close();
});

function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'paperwire-hf-e2e-'));
}

function envFor(home: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    PAPERWIRE_HOME: home,
    PAPERWIRE_ARXIV_RSS_URL: `${hf.url}/rss`,
    PAPERWIRE_ARXIV_API_URL: `${hf.url}/arxiv-api`,
    PAPERWIRE_HF_API_URL: `${hf.url}/api`,
    PAPERWIRE_LLM_BASE_URL: `${chat.url}/v1`,
    PAPERWIRE_LLM_API_KEY: 'sk-hf-e2e-0123456789',
    PAPERWIRE_LLM_MODEL: 'test-model',
    PAPERWIRE_HTTP_BACKOFF_MS: '20',
    PAPERWIRE_HTTP_RETRIES: '1',
    ...extra,
  };
}

const dailyRequests = (date: string): number =>
  hf.requests.filter((request) => request.url.startsWith(`/api/daily_papers?date=${date}`)).length;

/** The recorded day's usable papers, most upvoted first, equal upvotes in listing order. */
const EXPECTED_ORDER = DAY.filter((entry) => entry.paper.id !== undefined)
  .map((entry, index) => ({ id: entry.paper.id ?? '', upvotes: entry.paper.upvotes ?? 0, index }))
  .sort((a, b) => b.upvotes - a.upvotes || a.index - b.index)
  .map((entry) => entry.id);

interface TrendingJson {
  rank: number;
  arxivId: string;
  title: string;
  translatedTitle: string | null;
  shortAbstract: string;
  organization: string | null;
  authorCount: number;
  byline: string | null;
  date: string | null;
  upvotes: number;
  url: string;
}

describe('paperwire trending', () => {
  it('lists the day most upvoted first with title, short abstract, byline, date, upvotes and link', async () => {
    const home = freshHome();
    const result = await runMain(['trending', '--date', '2026-03-20'], { cwd: home, env: envFor(home) });
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.split('\n');
    assert.equal(lines[0], 'Hugging Face Daily Papers · Mar 20, 2026 · 16 papers');
    const ids = [...result.stdout.matchAll(/^ {3}https:\/\/arxiv\.org\/abs\/(\S+)$/gm)].map((m) => m[1]);
    assert.deepEqual(ids, EXPECTED_ORDER);
    assert.deepEqual(EXPECTED_ORDER.slice(0, 3), ['2512.12967', '2512.01374', '2509.02544']);
    // UI-TARS-2: its organisation's full name; the paper block is title, abstract, byline line, link.
    const start = lines.indexOf(
      '3. UI-TARS-2 Technical Report: Advancing GUI Agent with Multi-Turn Reinforcement Learning',
    );
    assert.ok(start > 0, result.stdout);
    assert.match(lines[start + 1] ?? '', /^ {3}The development of autonomous agents .{100,}…$/);
    assert.ok((lines[start + 1] ?? '').length < 320);
    assert.equal(lines[start + 2], '   ByteDance Seed · Sep 2, 2025 · ▲ 4');
    assert.equal(lines[start + 3], '   https://arxiv.org/abs/2509.02544');
    // Without an organisation the author count shows; without either, only the date and upvotes.
    assert.match(
      result.stdout,
      /^ {3}13 authors · [A-Z][a-z]{2} \d{1,2}, 2025 · ▲ 2\n {3}https:\/\/arxiv\.org\/abs\/2505\.24298$/m,
    );
    assert.match(
      result.stdout,
      /^ {3}[A-Z][a-z]{2} \d{1,2}, 2025 · ▲ 0\n {3}https:\/\/arxiv\.org\/abs\/2505\.18086$/m,
    );
    // The entry without paper.id is named once, the others kept.
    assert.match(
      result.stderr,
      /problem: .*daily_papers\?date=2026-03-20.* entry 5: entry 5 has no paper\.id/,
    );
    assert.match(result.stderr, /^Hugging Face 2026-03-20: 16 papers \(.*\), 1 entry unusable$/m);
  });

  it('prints the same as JSON, cut to --limit, and reads a stored day without asking again', async () => {
    const home = freshHome();
    const env = envFor(home);
    assert.equal(
      (await runMain(['fetch', '--source', 'hf', '--date', '2026-03-20'], { cwd: home, env })).code,
      0,
    );
    const before = dailyRequests('2026-03-20');
    const result = await runMain(['trending', '--date', '2026-03-20', '--json', '--limit', '3'], {
      cwd: home,
      env,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(dailyRequests('2026-03-20'), before, 'the day comes from the store');
    assert.match(result.stderr, /Hugging Face 2026-03-20 from the store: 16 papers/);
    const papers = JSON.parse(result.stdout) as TrendingJson[];
    assert.deepEqual(
      papers.map((paper) => [paper.rank, paper.arxivId, paper.upvotes]),
      [
        [1, '2512.12967', 5],
        [2, '2512.01374', 4],
        [3, '2509.02544', 4],
      ],
    );
    const [first] = papers;
    assert.equal(first?.organization, 'TongyiLab');
    assert.equal(first.byline, 'TongyiLab');
    assert.equal(first.authorCount, 11);
    assert.equal(first.date, 'Dec 14, 2025');
    assert.equal(first.url, 'https://arxiv.org/abs/2512.12967');
    assert.equal(first.translatedTitle, null);
    assert.ok(first.shortAbstract.endsWith('…') && first.shortAbstract.length < 310);
  });

  it('adds the translated title and abstract with --lang zh', async () => {
    const home = freshHome();
    const args = ['trending', '--date', '2026-03-20', '--limit', '2', '--lang', 'zh', '--json'];
    const result = await runMain(args, { cwd: home, env: envFor(home) });
    assert.equal(result.code, 0, result.stderr);
    const papers = JSON.parse(result.stdout) as (TrendingJson & { translatedAbstract: string | null })[];
    assert.equal(papers.length, 2);
    for (const paper of papers) {
      assert.match(paper.translatedTitle ?? '', /^中文 /);
      assert.match(paper.translatedAbstract ?? '', /^中文 /);
    }
  });

  it('searches Hugging Face with --query and ranks the results by upvotes', async () => {
    const home = freshHome();
    const args = ['trending', '--query', 'stable reinforcement learning', '--limit', '5', '--json'];
    const result = await runMain(args, { cwd: home, env: envFor(home) });
    assert.equal(result.code, 0, result.stderr);
    const search = hf.requests.filter((request) => request.url.startsWith('/api/papers/search')).at(-1);
    assert.equal(
      new URL(`http://x${search?.url ?? ''}`).searchParams.get('q'),
      'stable reinforcement learning',
    );
    const papers = JSON.parse(result.stdout) as TrendingJson[];
    assert.deepEqual(
      papers.map((paper) => [paper.arxivId, paper.upvotes]),
      [
        ['2603.16589', 7],
        ['2512.12967', 5],
        ['2512.01374', 4],
        ['2506.14731', 2],
        ['2505.18086', 0],
      ],
    );
    // What was found is stored: local search finds it.
    const local = await runMain(['search', 'Ring-lite', '--json'], { cwd: home, env: envFor(home) });
    assert.deepEqual(
      (JSON.parse(local.stdout) as { arxivId: string }[]).map((hit) => hit.arxivId),
      ['2506.14731'],
    );
  });

  it('says an empty day has no papers, and exits 0', async () => {
    const home = freshHome();
    const result = await runMain(['trending', '--date', '2026-03-21'], { cwd: home, env: envFor(home) });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'Hugging Face Daily Papers · Mar 21, 2026 · 0 papers\n\nNo papers.\n');
    const json = await runMain(['trending', '--date', '2026-03-21', '--json'], {
      cwd: home,
      env: envFor(home),
    });
    assert.equal(json.stdout, '[]\n');
  });

  it('exits 1 with one line for a day Hugging Face has no listing for (404)', async () => {
    const home = freshHome();
    const result = await runMain(['trending', '--date', '2026-03-22'], { cwd: home, env: envFor(home) });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /Hugging Face has no Daily Papers listing for 2026-03-22 \(HTTP 404\).*try another --date/,
    );
  });

  it('exits 1 naming the field of a malformed answer, and loses nothing stored', async () => {
    const home = freshHome();
    const env = envFor(home);
    assert.equal((await runMain(['trending', '--date', '2026-03-20'], { cwd: home, env })).code, 0);
    const result = await runMain(['trending', '--date', '2026-03-23'], { cwd: home, env });
    assert.equal(result.code, 1);
    assert.equal(result.stdout, '');
    assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    assert.match(
      result.stderr,
      /expected a JSON array of Daily Papers entries, got an object \(keys: papers\)/,
    );
    const again = await runMain(['trending', '--date', '2026-03-20', '--json'], { cwd: home, env });
    assert.equal((JSON.parse(again.stdout) as unknown[]).length, 16);
    assert.match(again.stderr, /from the store/);
  });
});

describe('paperwire trending: counts past what the store holds', () => {
  it('reads an upvote count of 1e308 as unknown instead of failing to save the whole day', async () => {
    const home = freshHome();
    const result = await runMain(['trending', '--date', '2026-03-25', '--json'], {
      cwd: home,
      env: envFor(home),
    });
    assert.equal(result.code, 0, result.stderr);
    const items = JSON.parse(result.stdout) as TrendingJson[];
    assert.deepEqual(
      items.map((item) => [item.arxivId, item.upvotes]),
      [
        ['2601.20116', 7],
        ['2601.20103', 0],
      ],
    );
  });
});

describe('paperwire trending: a day read badly', () => {
  it('fetches again a past day whose answer held no readable entry, instead of keeping it empty for good', async () => {
    const home = freshHome();
    const env = envFor(home);
    const garbled = await runMain(['trending', '--date', '2026-03-24', '--json'], { cwd: home, env });
    assert.equal(garbled.code, 0, garbled.stderr);
    assert.equal(garbled.stdout, '[]\n');
    assert.match(garbled.stderr, /entry 2 is a number, not an object/);

    const before = dailyRequests('2026-03-24');
    const again = await runMain(['trending', '--date', '2026-03-24', '--json'], { cwd: home, env });
    assert.equal(again.code, 0, again.stderr);
    assert.ok(dailyRequests('2026-03-24') > before, 'Hugging Face is asked again');
    assert.equal((JSON.parse(again.stdout) as unknown[]).length, 16);

    const stored = await runMain(['trending', '--date', '2026-03-24', '--json'], { cwd: home, env });
    assert.match(stored.stderr, /Hugging Face 2026-03-24 from the store: 16 papers/);
  });
});

describe('Hugging Face in digests', () => {
  const DIGEST = ['digest', '--keyword', 'reinforcement learning', '--lang', 'en'];

  it('shows upvotes, organisation and repository of papers on both, and sorts by upvotes', async () => {
    const home = freshHome();
    const env = envFor(home);
    const result = await runMain([...DIGEST, '--sort', 'upvotes'], { cwd: home, env });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(dailyRequests('2026-01-30') > 0 && dailyRequests('2026-01-29') > 0, true);
    const lines = result.stdout.split('\n');
    assert.equal(lines[2], 'Keyword: reinforcement learning');
    // Most upvoted first; papers Hugging Face does not list keep listing order after them.
    assert.match(lines[3] ?? '', /^In-Context Reinforcement Learning/);
    const pdf = lines.indexOf('- Pdf link: https://arxiv.org/pdf/2601.20116');
    assert.equal(
      lines[pdf + 1],
      '- Hugging Face: ▲ 46 · ByteDance Seed · github.com/bytedance/UI-TARS ★ 8.1k',
    );
    const second = lines.indexOf('- Pdf link: https://arxiv.org/pdf/2601.20071');
    assert.equal(lines[second + 1], '- Hugging Face: ▲ 12 · Qwen');
    assert.ok(pdf < second);
    // arXiv's metadata wins: no Hub title in the digest.
    assert.doesNotMatch(result.stdout, /Hub title of/);

    const json = await runMain([...DIGEST, '--sort', 'upvotes', '--style', 'json'], { cwd: home, env });
    const document = JSON.parse(json.stdout) as {
      sections: { papers: string[] }[];
      papers: Record<string, { title: string; hf: { upvotes: number; organization: string | null } | null }>;
    };
    assert.deepEqual(document.sections[0]?.papers.slice(0, 3), ['2601.20116', '2601.20071', '2601.20103']);
    assert.equal(document.papers['2601.20116']?.hf?.upvotes, 46);
    assert.equal(document.papers['2601.19928']?.hf, null);
    assert.equal(
      document.papers['2603.13017'],
      undefined,
      'a paper only on Hugging Face is not in the listing',
    );
  });

  it('merges papers present in both sources into one record, arXiv first or Hugging Face first', async () => {
    const home = freshHome();
    const env = envFor(home);
    // Hugging Face first: the Hub's titles are stored until arXiv's listing arrives.
    const early = await runMain(['fetch', '--source', 'hf', '--date', '2026-01-30'], { cwd: home, env });
    assert.equal(early.code, 0, early.stderr);
    const hub = await runMain(['search', 'Hub title', '--json'], { cwd: home, env });
    assert.equal((JSON.parse(hub.stdout) as unknown[]).length, 3);
    // arXiv's listing replaces them; a plain digest asks Hugging Face nothing but shows what the store holds.
    const before = dailyRequests('2026-01-30');
    const digest = await runMain(DIGEST, { cwd: home, env });
    assert.equal(digest.code, 0, digest.stderr);
    assert.equal(dailyRequests('2026-01-30'), before);
    assert.match(digest.stdout, /^- Hugging Face: ▲ 46 · ByteDance Seed/m);
    assert.doesNotMatch(digest.stdout, /Hub title of/);
    // And Hugging Face again after arXiv: still one record each, arXiv's metadata kept.
    assert.equal((await runMain(['fetch', '--source', 'all'], { cwd: home, env })).code, 0);
    const trending = await runMain(['trending', '--date', '2026-01-30', '--json'], { cwd: home, env });
    const papers = JSON.parse(trending.stdout) as TrendingJson[];
    assert.deepEqual(
      papers.map((paper) => [paper.arxivId, paper.upvotes]),
      [
        ['2603.13017', 99],
        ['2601.20116', 46],
        ['2601.20071', 12],
      ],
    );
    assert.match(papers[1]?.title ?? '', /^In-Context Reinforcement Learning/);
    assert.equal(papers[0]?.title, 'Hub title of 2603.13017');
    const search = await runMain(['search', 'Hub title', '--json'], { cwd: home, env });
    assert.deepEqual(
      (JSON.parse(search.stdout) as { arxivId: string }[]).map((hit) => hit.arxivId),
      ['2603.13017'],
    );
  });

  it('keeps the digest whole when Hugging Face cannot be reached', async () => {
    const home = freshHome();
    const env = envFor(home, { PAPERWIRE_HF_API_URL: 'http://127.0.0.1:9/api' });
    const result = await runMain([...DIGEST, '--sort', 'upvotes', '--style', 'json'], { cwd: home, env });
    assert.equal(result.code, 0, result.stderr);
    const document = JSON.parse(result.stdout) as {
      paperCount: number;
      problems: { rule: string; what: string }[];
    };
    assert.equal(document.paperCount > 10, true);
    const unavailable = document.problems.filter((problem) => problem.rule === 'hf-unavailable');
    assert.equal(unavailable.length, 1);
    assert.match(unavailable[0]?.what ?? '', /cannot reach http:\/\/127\.0\.0\.1:9\/api/);
  });
});
