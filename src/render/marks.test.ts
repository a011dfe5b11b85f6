// Tests for the ⚠ marks and the TL;DR line across the text styles and JSON: the mark follows exactly the
// translated line that failed, the reason reaches Markdown and JSON, and nothing else moves.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Digest, DigestEntry } from '../model.js';
import { UNDATED, sampleDigest, sampleEntry, samplePaper } from '../../test/helpers/samples.js';
import { renderBilingual } from './text/bilingual.js';
import { renderClassic } from './text/classic.js';
import { parseDigestJson } from './text/json-parse.js';
import { renderJson } from './text/json.js';
import { renderMarkdown } from './text/markdown.js';

const ENTRY: DigestEntry = sampleEntry(
  samplePaper('2601.00001', {
    ...UNDATED,
    title: 'TIPS: Policy Optimization with GRPO',
    abstract: 'We improve the policy by 11.8%.',
    authors: ['A. Author'],
    categories: ['cs.LG'],
  }),
  {
    translation: {
      title: 'TIPS：基于组相对的策略优化',
      abstract: '我们将策略提升了11.8%。',
      tldr: 'TIPS提升策略11.8%。',
      flags: [{ field: 'title', check: 'acronyms', detail: 'Keep the names GRPO verbatim.' }],
    },
  },
);

const DIGEST: Digest = sampleDigest([{ keyword: 'policy', entries: [ENTRY] }], {
  profile: 'rl',
  generatedAt: new Date('2026-01-30T08:00:00Z'),
});

describe('marks and TL;DR', () => {
  it('classic: ⚠ after the failed translated title only, TL;DR after the title block', () => {
    const lines = renderClassic(DIGEST, { lang: 'zh' }).split('\n');
    const start = lines.indexOf(ENTRY.paper.title);
    assert.deepEqual(lines.slice(start + 1, start + 4), [
      'TIPS：基于组相对的策略优化 ⚠',
      '- TL;DR: TIPS提升策略11.8%。',
      '- Authors: A. Author',
    ]);
    assert.equal(lines[start + 10], '我们将策略提升了11.8%。');
  });

  it('classic: no TL;DR line and no mark when there is none', () => {
    const plain: DigestEntry = { ...ENTRY, translation: { title: '标题', abstract: '摘要' } };
    const text = renderClassic(
      { ...DIGEST, sections: [{ keyword: 'policy', entries: [plain] }] },
      { lang: 'zh' },
    );
    assert.doesNotMatch(text, /TL;DR|⚠/);
  });

  it('bilingual: ⚠ after a failed translated abstract', () => {
    const flagged: DigestEntry = {
      ...ENTRY,
      translation: {
        ...ENTRY.translation,
        flags: [{ field: 'abstract', check: 'numbers', detail: 'Keep 11.8%.' }],
      },
    };
    const lines = renderBilingual(
      { ...DIGEST, sections: [{ keyword: 'p', entries: [flagged] }] },
      { lang: 'zh' },
    ).split('\n');
    assert.deepEqual(lines.slice(0, 2), [ENTRY.paper.abstract, '我们将策略提升了11.8%。 ⚠']);
  });

  it('markdown: ⚠ on the title and the reason in a small line', () => {
    const text = renderMarkdown(DIGEST, { lang: 'zh' });
    assert.match(text, /^TIPS：基于组相对的策略优化 ⚠$/m);
    assert.match(text, /^\*\*TL;DR:\*\* TIPS提升策略11\.8%。$/m);
    assert.match(text, /^<sub>⚠ title, acronyms: Keep the names GRPO verbatim\.<\/sub>$/m);
  });

  it('json: the flags with their reasons and the TL;DR, read back unchanged', () => {
    const text = renderJson(DIGEST);
    const document = JSON.parse(text) as { papers: Record<string, { translation: unknown }> };
    assert.deepEqual(document.papers['2601.00001']?.translation, ENTRY.translation);
    assert.deepEqual(parseDigestJson(text).sections[0]?.entries[0]?.translation, ENTRY.translation);
  });
});
