// Tests that renderDigest hands each style to its renderer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Digest } from '../../model.js';
import { STYLES } from '../../model.js';
import { UNDATED, sampleDigest, sampleEntry, samplePaper } from '../../../test/helpers/samples.js';
import { renderBilingual } from './bilingual.js';
import { renderClassic } from './classic.js';
import { renderDigest } from './index.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';

const DIGEST: Digest = sampleDigest([
  {
    keyword: 'rl',
    entries: [
      sampleEntry(
        samplePaper('2601.20071', {
          ...UNDATED,
          title: 'Distributional value gradients for stochastic environments',
          abstract: 'Gradient-regularized value learning methods improve sample efficiency.',
          authors: ['Baptiste Debes', 'Tinne Tuytelaars'],
          categories: ['cs.LG'],
        }),
        {
          translation: {
            title: '随机环境下的分布值梯度',
            abstract: '梯度正则化的价值学习方法提高了样本效率。',
          },
        },
      ),
    ],
  },
]);

describe('renderDigest', () => {
  it('renders each style with its renderer', () => {
    assert.equal(renderDigest(DIGEST, 'classic', { lang: 'zh' }), renderClassic(DIGEST, { lang: 'zh' }));
    assert.equal(renderDigest(DIGEST, 'markdown', { lang: 'ja' }), renderMarkdown(DIGEST, { lang: 'ja' }));
    assert.equal(renderDigest(DIGEST, 'bilingual', { lang: 'en' }), renderBilingual(DIGEST, { lang: 'en' }));
    assert.equal(renderDigest(DIGEST, 'json', { lang: 'zh' }), renderJson(DIGEST));
  });

  it('gives every style a distinct, newline-terminated text', () => {
    const texts = STYLES.map((style) => renderDigest(DIGEST, style, { lang: 'zh' }));
    assert.equal(new Set(texts).size, STYLES.length);
    for (const text of texts) assert.ok(text.endsWith('\n'));
  });
});
