// Tests for the trending renderer, checked against the Hugging Face papers page in example 003.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import type { HfInfo, HfPaper, IsoDate, Paper, TrendingItem } from '../../model.js';
import { rankByUpvotes } from '../../rank/rank.js';
import { toPaper } from '../../sources/hf-daily/model.js';
import { parsePaperSearch } from '../../sources/hf-daily/parse.js';
import {
  bylineOf,
  formatShownDate,
  renderTrending,
  shortAbstract,
  type TrendingJsonPaper,
} from './trending.js';

/** Example 003 was captured on Apr 16 (2026: its March papers show no year). */
const PAGE_DATE = '2026-04-16' as IsoDate;
const NO_TRANSLATION = { title: null, abstract: null };

const searched = parsePaperSearch(readFileSync('test/fixtures/hf/papers-search-stable-rl.json', 'utf8'), {
  url: 'fixture',
}).papers;
/** The search results in Hugging Face's order, and ranked as the pipeline ranks them (most upvoted first). */
/** A search result as the pipeline hands it over: the stored paper and the facts the store keeps of it. */
function itemOf(hf: HfPaper): TrendingItem {
  return {
    paper: toPaper(hf),
    hf: {
      upvotes: hf.upvotes,
      comments: hf.comments,
      organization: hf.organization ? (hf.organization.fullname ?? hf.organization.name) : null,
      githubRepo: hf.githubRepo,
      githubStars: hf.githubStars,
      aiKeywords: hf.aiKeywords,
      seenAt: new Date('2026-04-16T12:00:00Z'),
    },
    translation: NO_TRANSLATION,
  };
}
const listed: TrendingItem[] = searched.map(itemOf);
const entries = rankByUpvotes(listed, (entry) => entry.hf.upvotes);

/** What example 003 shows under each title: who (organisation full name or `N authors`), date and upvotes. */
function exampleCards(): Map<string, { byline: string; date: string; upvotes: number }> {
  const lines = readFileSync('test/fixtures/examples/003_8f589df405485011.txt', 'utf8').split('\n');
  const cards = new Map<string, { byline: string; date: string; upvotes: number }>();
  lines.forEach((line, index) => {
    if (line !== '·') return;
    let at = index - 2;
    while (lines[at] === '') at--; // the abstract
    at--;
    while (lines[at] === '') at--; // the title
    const who = (lines[index - 1] ?? '').trim();
    // `  • 46 authors`, or the organisation as `handle Full Name`.
    const byline = who.startsWith('• ') ? who.slice(2) : who.slice(who.indexOf(' ') + 1);
    const match = /^([A-Z][a-z]{2} \d{1,2}(?:, \d{4})?)(?: (\d+))?$/.exec(lines[index + 1] ?? '');
    assert.ok(match, `no date under ${lines[at]}`);
    cards.set(lines[at] ?? '', { byline, date: match[1] ?? '', upvotes: Number(match[2] ?? 0) });
  });
  return cards;
}

function item(overrides: { paper?: Partial<Paper>; hf?: Partial<HfInfo> }): TrendingItem {
  return {
    paper: {
      arxivId: '2601.00001',
      version: 1,
      title: 'A paper',
      abstract: 'Short abstract.',
      authors: ['Ann', 'Bo'],
      categories: [],
      primaryCategory: '',
      publishedAt: new Date('2025-06-17T02:05:20Z'),
      updatedAt: null,
      comment: null,
      journalRef: null,
      doi: null,
      ...overrides.paper,
    },
    hf: {
      upvotes: 0,
      comments: null,
      organization: null,
      githubRepo: null,
      githubStars: null,
      aiKeywords: [],
      seenAt: new Date('2026-04-16T12:00:00Z'),
      ...overrides.hf,
    },
    translation: NO_TRANSLATION,
  };
}

describe('renderTrending (text)', () => {
  const text = renderTrending(entries, { lang: 'en', date: PAGE_DATE, style: 'text' });
  const blocks = text.trimEnd().split('\n\n').slice(1);

  it('lists the papers in the order given, numbered from 1', () => {
    const reversed = renderTrending([...entries].reverse(), { lang: 'en', date: PAGE_DATE, style: 'text' });
    const ids = [...reversed.matchAll(/arxiv\.org\/abs\/(\S+)/g)].map((match) => match[1]);
    assert.deepEqual(ids, entries.map((entry) => entry.paper.arxivId).reverse());
    assert.match(reversed, /\n\n1\. /);
  });

  it('shows the ranked search most upvoted first, keeping the listing order between equals', () => {
    assert.deepEqual(
      blocks.map((block) => /arxiv\.org\/abs\/(\S+)/.exec(block)?.[1]),
      [
        '2603.16589', // Astrolabe ▲ 7
        '2512.12967', // QwenLong-L1.5 ▲ 5
        '2512.01374', // ▲ 4, before UI-TARS-2 as in the listing
        '2509.02544',
        '2506.14731', // ▲ 2 × 5, in listing order
        '2603.13017',
        '2509.24107',
        '2509.02479',
        '2505.24298',
        '2506.21594', // ▲ 1
        '2505.18086', // ▲ 0 × 2
        '2603.04125',
      ],
    );
  });

  it('shows the organisation or author count, date and upvotes as example 003 does', () => {
    const cards = exampleCards();
    for (const block of blocks) {
      const [titleLine = '', , metaLine = '', url = ''] = block.split('\n');
      const title = titleLine.replace(/^\d+\. /, '');
      const card = cards.get(title);
      assert.ok(card, `example 003 has no ${title}`);
      assert.equal(metaLine.trim(), `${card.byline} · ${card.date} · ▲ ${card.upvotes}`, title);
      assert.match(url.trim(), /^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}$/);
    }
  });

  it('shortens each abstract to about 300 characters at a word boundary', () => {
    for (const block of blocks) {
      const shown = (block.split('\n')[1] ?? '').trim();
      assert.ok(shown.endsWith('…'), shown);
      assert.ok(shown.length <= 301 && shown.length > 200, `${shown.length}`);
      const hf = searched.find((candidate) => block.includes(candidate.arxivId));
      const kept = shown.slice(0, -1);
      assert.ok(hf?.abstract.startsWith(kept));
      assert.equal(hf?.abstract[kept.length], ' ', 'cut at a word boundary');
    }
  });

  it('heads the list with the day and the count', () => {
    assert.equal(text.split('\n')[0], 'Hugging Face Daily Papers · Apr 16, 2026 · 12 papers');
    assert.equal(
      renderTrending(entries.slice(0, 1), { lang: 'en', date: null, style: 'text' }).split('\n')[0],
      'Hugging Face papers · 1 paper',
    );
  });

  it('renders two papers line for line, with translations for a non-English reader', () => {
    // Ranked: the more upvoted first.
    const two: TrendingItem[] = [
      item({
        paper: { arxivId: '2601.00002', title: 'Second', publishedAt: new Date('2026-03-17T17:59:40Z') },
        hf: { upvotes: 3, organization: 'Qwen' },
      }),
      {
        ...item({ paper: { title: 'First', authors: ['Ann'] }, hf: { upvotes: 1 } }),
        translation: { title: '第一', abstract: '短摘要。' },
      },
    ];
    assert.equal(
      renderTrending(two, { lang: 'zh', date: PAGE_DATE, style: 'text' }),
      [
        'Hugging Face Daily Papers · Apr 16, 2026 · 2 papers',
        '',
        '1. Second',
        '   Short abstract.',
        '   Qwen · Mar 17 · ▲ 3',
        '   https://arxiv.org/abs/2601.00002',
        '',
        '2. First',
        '   第一',
        '   Short abstract.',
        '   短摘要。',
        '   1 author · Jun 17, 2025 · ▲ 1',
        '   https://arxiv.org/abs/2601.00001',
        '',
      ].join('\n'),
    );
    assert.doesNotMatch(renderTrending(two, { lang: 'en', date: PAGE_DATE, style: 'text' }), /第一|短摘要/);
  });

  it('says so when there are no papers', () => {
    assert.equal(
      renderTrending([], { lang: 'en', date: PAGE_DATE, style: 'text' }),
      'Hugging Face Daily Papers · Apr 16, 2026 · 0 papers\n\nNo papers.\n',
    );
  });
});

describe('renderTrending (json)', () => {
  it('writes the documented array, most upvoted first', () => {
    const document = JSON.parse(
      renderTrending(entries, { lang: 'en', date: PAGE_DATE, style: 'json' }),
    ) as TrendingJsonPaper[];
    assert.equal(document.length, 12);
    assert.deepEqual(
      document.map((item) => item.rank),
      Array.from({ length: 12 }, (_, index) => index + 1),
    );
    const first = document[0];
    assert.ok(first);
    assert.deepEqual(
      { ...first, abstract: first.abstract.slice(0, 30), shortAbstract: first.shortAbstract.slice(-1) },
      {
        rank: 1,
        arxivId: '2603.16589',
        title:
          'Astrolabe: Steering Forward-Process Reinforcement Learning for Distilled Autoregressive Video Models',
        translatedTitle: null,
        abstract: 'Distilled autoregressive (AR) ',
        shortAbstract: '…',
        translatedAbstract: null,
        organization: null,
        authorCount: 9,
        byline: '9 authors',
        publishedAt: '2026-03-17T17:59:40.000Z',
        date: 'Mar 17',
        upvotes: 7,
        url: 'https://arxiv.org/abs/2603.16589',
      },
    );
    assert.equal(document[1]?.organization, 'TongyiLab');
  });
});

describe('shortAbstract', () => {
  const cases: { name: string; text: string; max: number; expected: string }[] = [
    { name: 'keeps a text that fits', text: 'one two three', max: 13, expected: 'one two three' },
    { name: 'cuts at the last space', text: 'one two three four', max: 12, expected: 'one two…' },
    {
      name: 'drops a trailing comma at the cut',
      text: 'alpha beta, gamma delta',
      max: 16,
      expected: 'alpha beta…',
    },
    {
      name: 'cuts text without spaces where it stands',
      text: '强化学习方法的稳定性研究',
      max: 5,
      expected: '强化学习方…',
    },
    { name: 'does not split a surrogate pair', text: '𝔸𝔹ℂ𝔻', max: 2, expected: '𝔸𝔹…' },
  ];
  for (const { name, text, max, expected } of cases) {
    it(name, () => assert.equal(shortAbstract(text, max), expected));
  }
});

describe('bylineOf and formatShownDate', () => {
  it('names the organisation, else counts the authors', () => {
    assert.equal(bylineOf(item({ hf: { organization: 'Nex AGI' } })), 'Nex AGI');
    assert.equal(bylineOf(item({ paper: { authors: ['Ann'] } })), '1 author');
    assert.equal(bylineOf(item({ paper: { authors: [] } })), null);
  });

  it('writes dates as the papers page does, without the year of the day shown', () => {
    const instant = new Date('2025-12-01T12:48:10Z');
    assert.equal(formatShownDate(instant, null), 'Dec 1, 2025');
    assert.equal(formatShownDate(instant, '2025-12-14' as IsoDate), 'Dec 1');
    assert.equal(formatShownDate(instant, PAGE_DATE), 'Dec 1, 2025');
  });
});
