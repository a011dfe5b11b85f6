// Tests the pieces renderers share that no renderer test covers on its own: the Hugging Face line and counts.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatCount, formatHfFacts } from './common.js';

describe('formatCount', () => {
  it('shows counts as GitHub shows stars', () => {
    const cases: [number, string][] = [
      [0, '0'],
      [999, '999'],
      [1000, '1k'],
      [1234, '1.2k'],
      [8123, '8.1k'],
      [12_345, '12k'],
      [999_999, '999k'],
      [3_456_789, '3.4M'],
    ];
    for (const [count, shown] of cases) assert.equal(formatCount(count), shown, String(count));
  });
});

describe('formatHfFacts', () => {
  const hf = {
    upvotes: 46,
    comments: 2,
    organization: 'ByteDance Seed',
    githubRepo: 'https://www.github.com/bytedance/UI-TARS/',
    githubStars: 8123,
    aiKeywords: [],
    seenAt: new Date('2026-01-30T00:00:00Z'),
  };

  it('joins upvotes, organisation and repository with its stars', () => {
    assert.equal(formatHfFacts(hf), '▲ 46 · ByteDance Seed · github.com/bytedance/UI-TARS ★ 8.1k');
  });

  it('leaves out what is unknown', () => {
    assert.equal(
      formatHfFacts({ ...hf, organization: null, githubStars: null }),
      '▲ 46 · github.com/bytedance/UI-TARS',
    );
    assert.equal(formatHfFacts({ ...hf, githubRepo: null, githubStars: null }), '▲ 46 · ByteDance Seed');
  });
});
