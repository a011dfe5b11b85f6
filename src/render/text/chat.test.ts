// Tests the compact digest chat messages carry: the top N in the profile's sort, both titles, ⚠ marks, the header.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import { renderChatDigest } from './chat.js';

const first = sampleEntry(samplePaper('2601.00001', { title: 'First  paper' }), {
  translation: { title: '第一篇', abstract: null },
});
const flagged = sampleEntry(samplePaper('2601.00002', { title: 'Second paper' }), {
  translation: {
    title: '第二篇',
    abstract: null,
    flags: [{ field: 'title', check: 'acronyms', detail: 'Keep PPO verbatim.' }],
  },
  hf: {
    upvotes: 40,
    comments: null,
    organization: null,
    githubRepo: null,
    githubStars: null,
    aiKeywords: [],
    seenAt: new Date('2026-01-30T00:00:00Z'),
  },
  relevance: { score: 0.9, reasons: [] },
});
const failed = sampleEntry(samplePaper('2601.00003', { title: 'Third paper' }), {
  relevance: { score: 0.5, reasons: [] },
});
const digest = sampleDigest(
  [
    { keyword: 'reinforcement learning', entries: [first, flagged] },
    { keyword: 'diffusion policy', entries: [failed, first] },
  ],
  {
    profile: 'rl',
    problems: [
      { where: 'paper 2601.00003', what: 'title translation failed: HTTP 500', rule: 'translation-failed' },
    ],
  },
);

describe('renderChatDigest', () => {
  it('lists each paper once with both titles, its links, and ⚠ where the title failed or was marked', () => {
    const chat = renderChatDigest(digest, { top: 10, sort: 'listing' });
    assert.equal(chat.header, 'rl · 2026-01-30 · 3 papers');
    assert.deepEqual(
      chat.entries.map((entry) => [entry.rank, entry.title, entry.translatedTitle, entry.isMarked]),
      [
        [1, 'First paper', '第一篇', false],
        [2, 'Second paper', '第二篇', true],
        [3, 'Third paper', null, true],
      ],
    );
    const [top] = chat.entries;
    assert.deepEqual(
      [top?.absUrl, top?.pdfUrl],
      ['https://arxiv.org/abs/2601.00001', 'https://arxiv.org/pdf/2601.00001'],
    );
  });

  it('keeps the top N by relevance or upvotes across sections, and says how many of how many', () => {
    const byRelevance = renderChatDigest(digest, { top: 2, sort: 'relevance' });
    assert.deepEqual(
      byRelevance.entries.map((entry) => entry.arxivId),
      ['2601.00002', '2601.00003'],
    );
    assert.equal(byRelevance.header, 'rl · 2026-01-30 · top 2 of 3 papers');
    const byUpvotes = renderChatDigest(digest, { top: 1, sort: 'upvotes' });
    assert.deepEqual(
      byUpvotes.entries.map((entry) => entry.arxivId),
      ['2601.00002'],
    );
  });

  it('shows no second title for an English digest', () => {
    const chat = renderChatDigest({ ...digest, lang: 'en' }, { top: 10, sort: 'listing' });
    assert.ok(chat.entries.every((entry) => entry.translatedTitle === null));
  });
});
