// Tests for the Hugging Face parsers: recorded-shape documents (test/fixtures/hf/) and input → expected tables.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { FeedError } from '../../errors.js';
import type { HfPaper } from '../../model.js';
import { toPaper } from './model.js';
import { parseDailyPapers, parsePaper, parsePaperSearch } from './parse.js';

const FIXTURES = 'test/fixtures/hf';
const read = (name: string): string => readFileSync(`${FIXTURES}/${name}`, 'utf8');
const URL_DAY = 'https://huggingface.co/api/daily_papers?date=2026-03-20&p=0&limit=14';
const URL_SEARCH = 'https://huggingface.co/api/papers/search?q=stable+reinforcement+learning&limit=12';

function byId(papers: HfPaper[], arxivId: string): HfPaper {
  const paper = papers.find((candidate) => candidate.arxivId === arxivId);
  assert.ok(paper, `no paper ${arxivId}`);
  return paper;
}

/** A one-entry listing around a `paper` object. */
function listing(paper: Record<string, unknown>, entry: Record<string, unknown> = {}): string {
  return JSON.stringify([{ paper, ...entry }]);
}

describe('parseDailyPapers', () => {
  const page = parseDailyPapers(read('daily-papers-2026-03-20-p0.json'), { url: URL_DAY });

  it('keeps every usable entry of a recorded day, in listing order', () => {
    assert.equal(page.entryCount, 14);
    assert.deepEqual(
      page.papers.map((paper) => paper.arxivId),
      [
        '2506.14731',
        '2512.12967',
        '2512.01374',
        '2505.18086',
        '2603.13017',
        '2509.02544',
        '2603.04125',
        '2506.21594',
        '2509.24107',
        '2509.02479',
        '2505.24298',
        '2510.01586',
        '2509.23863',
      ],
    );
  });

  it('records the entry without paper.id as a problem naming the entry and the field', () => {
    assert.deepEqual(page.problems, [
      { where: `${URL_DAY} entry 5`, what: 'entry 5 has no paper.id', rule: 'missing-field' },
    ]);
  });

  it('reads the fields of an entry without organisation (golden)', () => {
    const ringLite = byId(page.papers, '2506.14731');
    assert.equal(
      ringLite.title,
      'Ring-lite: Scalable Reasoning via C3PO-Stabilized Reinforcement Learning for LLMs',
    );
    assert.ok(
      ringLite.abstract.startsWith('We present Ring-lite, a Mixture-of-Experts (MoE)-based large language'),
    );
    assert.ok(ringLite.abstract.endsWith('We will release the model, dataset, and code.'));
    assert.doesNotMatch(ringLite.abstract, /\n/);
    assert.equal(ringLite.authors.length, 46);
    assert.equal(ringLite.organization, null);
    assert.equal(ringLite.upvotes, 2);
    assert.equal(ringLite.comments, 0);
    assert.equal(ringLite.publishedAt?.toISOString(), '2025-06-17T02:05:20.000Z');
    assert.equal(ringLite.submittedOnDailyAt?.toISOString(), '2026-03-20T00:10:00.000Z');
    assert.equal(ringLite.githubRepo, null);
    assert.equal(ringLite.githubStars, null);
    assert.deepEqual(ringLite.aiKeywords, []);
    assert.equal(ringLite.aiSummary, null);
  });

  it('reads the organisation handle and full name', () => {
    assert.deepEqual(byId(page.papers, '2512.12967').organization, {
      name: 'AlibabaTongyiLab',
      fullname: 'TongyiLab',
    });
    assert.deepEqual(byId(page.papers, '2509.24107').organization, {
      name: 'FractalAIResearch',
      fullname: 'Fractal AI Research',
    });
  });

  it('keeps an entry without authors, with no authors', () => {
    const paper = byId(page.papers, '2505.18086');
    assert.deepEqual(paper.authors, []);
    assert.equal(paper.title, 'Stable Reinforcement Learning for Efficient Reasoning');
  });

  it('reads an entry carrying fields it does not know, ignoring them', () => {
    const uiTars = byId(page.papers, '2509.02544');
    assert.equal(uiTars.githubRepo, 'https://github.com/bytedance/UI-TARS');
    assert.equal(uiTars.githubStars, 8123);
    assert.deepEqual(uiTars.aiKeywords, [
      'GUI agent',
      'multi-turn reinforcement learning',
      'data flywheel',
      'hybrid environment',
    ]);
    assert.match(uiTars.aiSummary ?? '', /^UI-TARS-2 trains a native GUI agent/);
    assert.deepEqual(Object.keys(uiTars).sort(), Object.keys(byId(page.papers, '2506.14731')).sort());
  });

  it('reads the real author names where the fixture has them', () => {
    assert.deepEqual(byId(page.papers, '2509.02479').authors, [
      'Zhenghai Xue',
      'Longtao Zheng',
      'Qian Liu',
      'Yingru Li',
      'Xiaosen Zheng',
      'Zejun Ma',
      'Bo An',
    ]);
  });

  it('reads a second page and an empty day', () => {
    const second = parseDailyPapers(read('daily-papers-2026-03-20-p1.json'), { url: URL_DAY });
    assert.deepEqual(
      second.papers.map((paper) => [paper.arxivId, paper.organization?.fullname ?? null, paper.upvotes]),
      [
        ['2510.18855', 'inclusionAI', 3],
        ['2510.18927', 'Nex AGI', 3],
        ['2204.01464', null, 0],
      ],
    );
    const empty = parseDailyPapers(read('daily-papers-empty.json'), { url: URL_DAY });
    assert.deepEqual(empty, { papers: [], problems: [], entryCount: 0 });
  });

  const entryCases: {
    name: string;
    json: string;
    papers?: Partial<Record<keyof HfPaper, unknown>>[];
    problem?: { what: string; rule: string };
  }[] = [
    {
      name: 'an entry that is not an object',
      json: '[42]',
      problem: { what: 'entry 1 is a number, not an object', rule: 'missing-field' },
    },
    {
      name: 'a paper without a title anywhere',
      json: listing({ id: '2505.24298', title: '  ' }),
      problem: { what: 'entry 1 has no paper.title (2505.24298)', rule: 'missing-field' },
    },
    {
      name: 'a paper without id or title',
      json: listing({ summary: 'x' }),
      problem: { what: 'entry 1 has no paper.id or paper.title', rule: 'missing-field' },
    },
    {
      name: 'an id that is not an arXiv id',
      json: listing({ id: 'my-paper', title: 'T' }),
      problem: { what: 'entry 1 has paper.id "my-paper", which is not an arXiv id', rule: 'bad-id' },
    },
    {
      name: 'the title repeated on the entry when the paper lacks it',
      json: listing({ id: '2505.24298' }, { title: 'From the entry' }),
      papers: [{ arxivId: '2505.24298', title: 'From the entry' }],
    },
    {
      name: 'a versioned id, kept without its version',
      json: listing({ id: '2505.24298v2', title: 'T' }),
      papers: [{ arxivId: '2505.24298' }],
    },
    {
      name: 'a flat paper object instead of an entry',
      json: JSON.stringify([{ id: '2505.24298', title: 'Flat', upvotes: 9 }]),
      papers: [{ arxivId: '2505.24298', title: 'Flat', upvotes: 9, comments: null }],
    },
    {
      name: 'line breaks and runs of spaces in title and abstract',
      json: listing({ id: '2505.24298', title: 'A\n  wrapped   title', summary: 'one\ntwo  three' }),
      papers: [{ title: 'A wrapped title', abstract: 'one two three' }],
    },
    {
      name: 'fields of the wrong type, read as absent',
      json: listing(
        { id: '2505.24298', title: 'T', upvotes: '12', authors: 'Ann', publishedAt: 'soon', githubStars: -1 },
        { numComments: 1.5 },
      ),
      papers: [{ upvotes: 0, authors: [], publishedAt: null, githubStars: null, comments: null }],
    },
    {
      name: 'the organisation on the entry when the paper has none, with only a handle',
      json: listing({ id: '2505.24298', title: 'T' }, { organization: { name: 'inclusionAI' } }),
      papers: [{ organization: { name: 'inclusionAI', fullname: null } }],
    },
    {
      name: 'authors given as plain strings, and nameless authors left out',
      json: listing({ id: '2505.24298', title: 'T', authors: ['Ann', { name: 'Bo' }, { hidden: true }] }),
      papers: [{ authors: ['Ann', 'Bo'] }],
    },
    {
      name: 'a paper never put on Daily Papers',
      json: listing({ id: '2505.24298', title: 'T', submittedOnDailyAt: null }),
      papers: [{ submittedOnDailyAt: null, abstract: '' }],
    },
  ];

  for (const { name, json, papers, problem } of entryCases) {
    it(`reads ${name}`, () => {
      const parsed = parseDailyPapers(json, { url: 'u' });
      if (problem) {
        assert.deepEqual(parsed.papers, []);
        assert.deepEqual(parsed.problems, [{ where: 'u entry 1', ...problem }]);
        return;
      }
      assert.deepEqual(parsed.problems, []);
      assert.equal(parsed.papers.length, papers?.length);
      papers?.forEach((expected, index) => {
        const actual = parsed.papers[index] as unknown as Record<string, unknown>;
        for (const [key, value] of Object.entries(expected)) assert.deepEqual(actual[key], value, key);
      });
    });
  }

  const documentCases: { name: string; json: string; message: RegExp }[] = [
    {
      name: 'text that is not JSON',
      json: '<!doctype html><html>',
      message: /not JSON \(it starts "<!doctype html>/,
    },
    {
      name: 'the error document',
      json: '{"error": "Invalid date"}',
      message: /answered an error: Invalid date/,
    },
    {
      name: 'an object',
      json: '{"papers": []}',
      message: /expected a JSON array of Daily Papers entries, got an object \(keys: papers\)/,
    },
    { name: 'null', json: 'null', message: /got null/ },
    { name: 'a string', json: '"hello"', message: /got a string/ },
  ];

  for (const { name, json, message } of documentCases) {
    it(`throws a FeedError naming the URL for ${name}`, () => {
      assert.throws(
        () => parseDailyPapers(json, { url: URL_DAY }),
        (error: unknown) => {
          assert.ok(error instanceof FeedError);
          assert.equal(error.url, URL_DAY);
          assert.match(error.message, message);
          assert.ok(error.message.includes(URL_DAY));
          return true;
        },
      );
    });
  }
});

describe('parsePaperSearch', () => {
  const result = parsePaperSearch(read('papers-search-stable-rl.json'), { url: URL_SEARCH });

  it('keeps the results in relevance order', () => {
    assert.equal(result.papers.length, 12);
    assert.deepEqual(result.problems, []);
    assert.deepEqual(
      result.papers.slice(0, 4).map((paper) => paper.title),
      [
        'Ring-lite: Scalable Reasoning via C3PO-Stabilized Reinforcement Learning for LLMs',
        'QwenLong-L1.5: Post-Training Recipe for Long-Context Reasoning and Memory Management',
        'Stabilizing Reinforcement Learning with LLMs: Formulation and Practices',
        'Stable Reinforcement Learning for Efficient Reasoning',
      ],
    );
  });

  it('reads papers that were never on Daily Papers, and their comment counts', () => {
    const qwenLong = byId(result.papers, '2512.12967');
    assert.equal(qwenLong.submittedOnDailyAt, null);
    assert.equal(qwenLong.comments, 1);
    assert.equal(byId(result.papers, '2505.18086').authors.length, 3);
  });

  it('throws a FeedError when the answer is not a result list', () => {
    assert.throws(
      () => parsePaperSearch('{}', { url: URL_SEARCH }),
      /expected a JSON array of paper search results/,
    );
  });
});

describe('parsePaper', () => {
  const url = 'https://huggingface.co/api/papers/2505.24298';

  it('reads a recorded paper page (golden)', () => {
    const paper = parsePaper(read('paper-2505.24298.json'), { url });
    assert.deepEqual(
      { ...paper, abstract: paper.abstract.slice(0, 60), authors: paper.authors.slice(0, 3) },
      {
        arxivId: '2505.24298',
        title: 'AReaL: A Large-Scale Asynchronous Reinforcement Learning System for Language Reasoning',
        abstract: 'Reinforcement learning (RL) has become a trending paradigm f',
        authors: ['Wei Fu', 'Jiaxuan Gao', 'Xujie Shen'],
        publishedAt: new Date('2025-05-30T07:18:25.000Z'),
        submittedOnDailyAt: new Date('2026-03-20T01:15:00.000Z'),
        upvotes: 2,
        comments: null,
        organization: null,
        githubRepo: 'https://github.com/inclusionAI/AReaL',
        githubStars: 2750,
        aiKeywords: [
          'asynchronous reinforcement learning',
          'rollout workers',
          'data staleness',
          'PPO',
          'GPU utilization',
        ],
        aiSummary:
          'AReaL decouples rollout generation from training to speed up reinforcement learning of reasoning models.',
      },
    );
    assert.equal(paper.authors.length, 13);
  });

  const cases: { name: string; json: string; message: RegExp }[] = [
    {
      name: 'the error document',
      json: read('error-not-found.json'),
      message: /answered an error: Paper not found/,
    },
    { name: 'an array', json: '[]', message: /expected a JSON object describing one paper, got an array/ },
    { name: 'a paper without id', json: '{"title": "T"}', message: /the paper document has no id/ },
    { name: 'a paper without title', json: '{"id": "2505.24298"}', message: /has no title \(2505\.24298\)/ },
    { name: 'text that is not JSON', json: 'Not Found', message: /not JSON/ },
  ];

  for (const { name, json, message } of cases) {
    it(`throws a FeedError for ${name}`, () => {
      assert.throws(
        () => parsePaper(json, { url }),
        (error: unknown) =>
          error instanceof FeedError && message.test(error.message) && error.message.includes(url),
      );
    });
  }
});

describe('toPaper', () => {
  it('carries what Hugging Face knows and leaves the rest empty', () => {
    const hf = parsePaper(read('paper-2505.24298.json'), { url: 'u' });
    const paper = toPaper(hf);
    assert.deepEqual(paper, {
      arxivId: '2505.24298',
      version: 1,
      title: hf.title,
      abstract: hf.abstract,
      authors: hf.authors,
      categories: [],
      primaryCategory: '',
      publishedAt: hf.publishedAt,
      updatedAt: null,
      comment: null,
      journalRef: null,
      doi: null,
    });
    assert.notEqual(paper.authors, hf.authors);
  });
});

describe('Hugging Face parsers: terminal control characters', () => {
  const hostile: [string, string][] = [
    ['a raw ESC sequence', '\u001b[2J'],
    ['an OSC title', '\u001b]0;pwned\u0007'],
    ['an OSC hyperlink', '\u001b]8;;https://evil.example\u001b\\\u001b]8;;\u001b\\'],
    ['C1 CSI, DEL and NUL', '\u009b2J\u007f\u0000'],
  ];
  for (const [what, sequence] of hostile) {
    it(`removes ${what} from title, abstract, authors, organisation and summary`, () => {
      const json = listing({
        id: '2601.00001',
        title: `Safe${sequence} Title`,
        summary: `An${sequence} abstract.`,
        authors: [{ name: `A. One${sequence}` }],
        organization: { name: `Org${sequence}`, fullname: `Full${sequence} Org` },
        ai_summary: `Short${sequence}.`,
        ai_keywords: [`rl${sequence}`],
      });
      const [paper] = parseDailyPapers(json, { url: URL_DAY }).papers;
      assert.equal(paper?.title, 'Safe Title');
      assert.equal(paper.abstract, 'An abstract.');
      assert.deepEqual(paper.authors, ['A. One']);
      assert.deepEqual(paper.organization, { name: 'Org', fullname: 'Full Org' });
      assert.equal(paper.aiSummary, 'Short.');
      assert.deepEqual(paper.aiKeywords, ['rl']);
    });
  }

  it('removes control characters from the start of a body it cannot read', () => {
    assert.throws(
      () => parseDailyPapers('\u001b]0;pwned\u0007<html>', { url: URL_DAY }),
      (error: unknown) => error instanceof FeedError && !/\p{Cc}/u.test(error.message),
    );
  });
});
