// Tests of what "newest version wins" means for one paper, and of the translation source hash.

import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { sampleHfPaper, samplePaper } from '../contract.js';
import { columnsOf, mergePaper, paperOf, sameColumns, sourceHashOf } from './merge.js';

describe('mergePaper', () => {
  const stored = samplePaper('2601.00001', {
    version: 2,
    title: 'Stored',
    doi: '10.1/x',
    journalRef: 'ICML 2026',
    publishedAt: new Date('2026-01-01T00:00:00Z'),
    comment: 'v2 comment',
  });

  it('keeps the stored paper when an older version arrives', () => {
    assert.equal(mergePaper(stored, samplePaper('2601.00001', { version: 1, title: 'Old' })), stored);
  });

  it('takes a newer version whole, but keeps paper-level facts it does not state', () => {
    const newer = samplePaper('2601.00001', {
      version: 3,
      title: 'New',
      doi: null,
      journalRef: null,
      publishedAt: null,
      comment: null,
    });
    assert.deepEqual(mergePaper(stored, newer), {
      ...newer,
      doi: '10.1/x',
      journalRef: 'ICML 2026',
      publishedAt: stored.publishedAt,
    });
  });

  it('fills the same version from both copies, the incoming one first', () => {
    const same = samplePaper('2601.00001', {
      version: 2,
      title: 'Fixed',
      doi: null,
      comment: null,
      updatedAt: null,
      publishedAt: null,
    });
    assert.deepEqual(mergePaper(stored, same), {
      ...same,
      doi: '10.1/x',
      journalRef: 'ICML 2026',
      publishedAt: stored.publishedAt,
      comment: 'v2 comment',
      updatedAt: stored.updatedAt,
    });
  });
});

describe('paper columns', () => {
  it('round-trip a paper and compare equal to themselves', () => {
    const paper = samplePaper('hep-th/9901001', { authors: ['王小明'], updatedAt: null });
    assert.deepEqual(paperOf(columnsOf(paper)), paper);
    assert.ok(sameColumns(columnsOf(paper), columnsOf({ ...paper })));
    assert.ok(!sameColumns(columnsOf(paper), columnsOf({ ...paper, authors: ['Other'] })));
  });
});

describe('sourceHashOf', () => {
  const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

  it('is the sha256 of the whitespace-normalised text', () => {
    assert.equal(sourceHashOf('Deep  learning\n for\tall '), sha256('Deep learning for all'));
    assert.equal(sourceHashOf('Deep learning for all'), sha256('Deep learning for all'));
    assert.equal(sourceHashOf('强化学习'), sha256('强化学习'));
  });
});

describe('mergePaper across arXiv and Hugging Face', () => {
  const arxiv = samplePaper('2509.02544', { version: 2, title: 'UI-TARS-2 Technical Report', comment: null });
  const hf = sampleHfPaper('2509.02544', { comment: null });

  it('keeps the arXiv copy whole when a Hugging Face copy arrives', () => {
    assert.equal(mergePaper(arxiv, hf), arxiv);
  });

  it('takes the arXiv copy over a Hugging Face one, filling only what arXiv left null', () => {
    const fromRss = { ...arxiv, version: 1, publishedAt: null };
    assert.deepEqual(mergePaper(hf, fromRss), { ...fromRss, publishedAt: hf.publishedAt });
    assert.deepEqual(mergePaper(hf, arxiv), arxiv);
  });

  it('never lets empty categories replace stored ones', () => {
    const merged = mergePaper(arxiv, { ...hf, version: 5 });
    assert.deepEqual(merged.categories, arxiv.categories);
    assert.equal(merged.primaryCategory, arxiv.primaryCategory);
    assert.equal(merged.version, 2);
  });

  it('lets a newer Hugging Face copy update one it stored itself', () => {
    const renamed = { ...hf, title: 'Renamed on the Hub' };
    assert.deepEqual(mergePaper(hf, renamed), renamed);
  });
});
