// Tests the JSON digest document: its key order and fields, and that parseDigestJson reads it back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PaperwireError } from '../../errors.js';
import type { Digest, DigestEntry } from '../../model.js';
import {
  UNDATED,
  sampleAudit,
  sampleDigest,
  sampleEntry,
  samplePaper,
} from '../../../test/helpers/samples.js';
import { parseDigestJson } from './json-parse.js';
import { renderJson } from './json.js';

const RL: DigestEntry = sampleEntry(
  samplePaper('2601.19969', {
    version: 2,
    title: 'E2HiL: Entropy-Guided Sample Selection',
    abstract: 'Human-in-the-loop guidance has emerged as an effective approach.',
    authors: ['Haoyuan Deng', 'Yuanjiang Xue'],
    categories: ['cs.RO', 'cs.LG'],
    primaryCategory: 'cs.RO',
    publishedAt: new Date('2026-01-27T18:00:00Z'),
    updatedAt: new Date('2026-01-28T18:00:00Z'),
    comment: '8 pages',
    doi: '10.1000/xyz',
  }),
  {
    announceType: 'replace',
    translation: { title: 'E2HiL:熵引导样本选择', abstract: null },
    hf: {
      upvotes: 46,
      comments: 2,
      organization: 'ByteDance Seed',
      githubRepo: 'https://github.com/bytedance/UI-TARS',
      githubStars: 8123,
      aiKeywords: ['GUI agent'],
      seenAt: new Date('2026-01-30T02:00:00Z'),
    },
  },
);

const OLD: DigestEntry = sampleEntry(
  samplePaper('hep-th/9901001', {
    ...UNDATED,
    title: 'An old paper',
    abstract: 'Strings.',
    authors: ['E. Witten'],
    categories: ['hep-th'],
    primaryCategory: 'hep-th',
    journalRef: 'Nucl. Phys. B 1 (1999)',
  }),
  { announceType: 'cross' },
);

const DIGEST: Digest = sampleDigest(
  [
    { keyword: 'reinforcement learning', entries: [RL, OLD] },
    { keyword: 'diffusion policy', entries: [] },
    { keyword: 'robot', entries: [RL] },
  ],
  {
    profile: 'rl',
    notices: ['translation failed for 1 paper'],
    problems: [
      { where: 'paper 2601.19969', what: 'abstract translation failed', rule: 'translation-failed' },
    ],
  },
);

describe('renderJson', () => {
  const text = renderJson(DIGEST);
  const document = JSON.parse(text) as Record<string, unknown>;

  it('writes the schema, version and fields in a stable order, ending with a newline', () => {
    assert.deepEqual(Object.keys(document), [
      'schema',
      'version',
      'profile',
      'listingDate',
      'announcedAt',
      'generatedAt',
      'lang',
      'paperCount',
      'sections',
      'papers',
      'notices',
      'problems',
      'translationReport',
      'audit',
    ]);
    assert.equal(document.schema, 'paperwire.digest');
    assert.equal(document.version, 1);
    assert.equal(document.announcedAt, '2026-01-30T01:00:00.000Z');
    assert.ok(text.endsWith('}\n'));
    assert.ok(text.startsWith('{\n  "schema": "paperwire.digest",\n  "version": 1,\n'));
    assert.equal(renderJson(DIGEST), text);
  });

  it('lists section papers by id and holds each paper once', () => {
    assert.deepEqual(document.sections, [
      { keyword: 'reinforcement learning', papers: ['2601.19969', 'hep-th/9901001'] },
      { keyword: 'diffusion policy', papers: [] },
      { keyword: 'robot', papers: ['2601.19969'] },
    ]);
    const papers = document.papers as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(papers), ['2601.19969', 'hep-th/9901001']);
    assert.deepEqual(papers['2601.19969'], {
      arxivId: '2601.19969',
      version: 2,
      title: 'E2HiL: Entropy-Guided Sample Selection',
      abstract: 'Human-in-the-loop guidance has emerged as an effective approach.',
      authors: ['Haoyuan Deng', 'Yuanjiang Xue'],
      categories: ['cs.RO', 'cs.LG'],
      primaryCategory: 'cs.RO',
      announceType: 'replace',
      publishedAt: '2026-01-27T18:00:00.000Z',
      updatedAt: '2026-01-28T18:00:00.000Z',
      comment: '8 pages',
      journalRef: null,
      doi: '10.1000/xyz',
      links: { abs: 'https://arxiv.org/abs/2601.19969', pdf: 'https://arxiv.org/pdf/2601.19969' },
      translation: { title: 'E2HiL:熵引导样本选择', abstract: null, flags: [] },
      hf: {
        upvotes: 46,
        comments: 2,
        organization: 'ByteDance Seed',
        githubRepo: 'https://github.com/bytedance/UI-TARS',
        githubStars: 8123,
        aiKeywords: ['GUI agent'],
        seenAt: '2026-01-30T02:00:00.000Z',
      },
    });
    assert.equal(papers['hep-th/9901001']?.hf, null);
  });
});

const AUDIT = sampleAudit();

function auditJson(): Record<string, unknown> {
  return (JSON.parse(renderJson({ ...DIGEST, audit: AUDIT })) as { audit: Record<string, unknown> }).audit;
}

describe('parseDigestJson', () => {
  it('reads back what renderJson wrote', () => {
    assert.deepEqual(parseDigestJson(renderJson(DIGEST)), DIGEST);
  });

  it('reads a paper written before the hf field existed as not on Hugging Face', () => {
    const document = JSON.parse(renderJson(DIGEST)) as { papers: Record<string, Record<string, unknown>> };
    for (const paper of Object.values(document.papers)) delete paper['hf'];
    const read = parseDigestJson(JSON.stringify(document));
    assert.equal(read.sections[0]?.entries[0]?.hf, null);
  });

  it('names the path of a wrong hf field', () => {
    rejects((d) => {
      const paper = (d.papers as Record<string, { hf: Record<string, unknown> }>)['2601.19969'];
      assert.ok(paper);
      paper.hf.upvotes = -3;
    }, /\$\.papers\["2601\.19969"\]\.hf\.upvotes: must be a whole number/);
  });

  it('writes the listing audit and reads it back; a document without one reads as none', () => {
    const audited: Digest = { ...DIGEST, audit: AUDIT };
    const document = JSON.parse(renderJson(audited)) as Record<string, unknown>;
    assert.deepEqual(document['audit'], {
      source: 'arxiv-api',
      url: 'https://export.arxiv.org/api/query?start=0',
      fetchedAt: '2026-01-30T02:00:00.000Z',
      isComplete: false,
      incompleteReason: 'arXiv reported 50 results but served 3',
      announcedCount: 50,
      newCount: 2,
      crossCount: 1,
      replacedCount: 0,
      matchedCount: 2,
    });
    assert.deepEqual(parseDigestJson(renderJson(audited)), audited);
    assert.equal((JSON.parse(renderJson(DIGEST)) as Record<string, unknown>)['audit'], null);
    delete document['audit'];
    assert.equal(parseDigestJson(JSON.stringify(document)).audit, undefined);
    rejects(
      (d) => (d.audit = { ...auditJson(), isComplete: 'yes' }),
      /\$\.audit\.isComplete: must be true or false/,
    );
  });

  it('writes the relevance of each scored paper and reads it back; an unscored paper has no relevance key', () => {
    const relevance = { score: 0.82, reasons: ["close to 'GPO' in your library", 'words: locomotion'] };
    const scoredRl: DigestEntry = { ...RL, relevance };
    const scored: Digest = {
      ...DIGEST,
      sections: [{ keyword: 'reinforcement learning', entries: [scoredRl, OLD] }],
    };
    const document = JSON.parse(renderJson(scored)) as { papers: Record<string, Record<string, unknown>> };
    assert.deepEqual(document.papers['2601.19969']?.['relevance'], relevance);
    assert.equal(Object.hasOwn(document.papers['hep-th/9901001'] ?? {}, 'relevance'), false);
    assert.deepEqual(parseDigestJson(renderJson(scored)), scored);
    rejects((d) => {
      const paper = (d.papers as Record<string, Record<string, unknown>>)['2601.19969'];
      assert.ok(paper);
      paper['relevance'] = { score: 1.5, reasons: [] };
    }, /\$\.papers\["2601\.19969"\]\.relevance\.score: must be a number from 0 to 1/);
  });

  it('round-trips an empty digest', () => {
    const empty: Digest = { ...DIGEST, sections: [], paperCount: 0, notices: [], problems: [], lang: 'en' };
    assert.deepEqual(parseDigestJson(renderJson(empty)), empty);
  });

  function rejects(edit: (document: Record<string, unknown>) => void, message: RegExp): void {
    const document = JSON.parse(renderJson(DIGEST)) as Record<string, unknown>;
    edit(document);
    assert.throws(
      () => parseDigestJson(JSON.stringify(document)),
      (error: unknown) =>
        error instanceof PaperwireError && error.code === 'E_STORE' && message.test(error.message),
    );
  }

  it('refuses another schema or version', () => {
    rejects((d) => (d.schema = 'something.else'), /\$\.schema: must be "paperwire\.digest"/);
    rejects((d) => (d.version = 2), /\$\.version: must be 1, got 2/);
    rejects((d) => delete d.version, /\$\.version: is missing/);
  });

  it('names the path of a wrong field', () => {
    rejects((d) => (d.lang = 'xx'), /\$\.lang: must be one of en, zh/);
    rejects((d) => (d.listingDate = '2026-02-30'), /\$\.listingDate: must be a YYYY-MM-DD date/);
    rejects((d) => (d.announcedAt = 'yesterday'), /\$\.announcedAt: must be an ISO 8601 time/);
    rejects((d) => (d.paperCount = -1), /\$\.paperCount: must be a whole number/);
    rejects((d) => {
      const paper = (d.papers as Record<string, Record<string, unknown>>)['2601.19969'];
      assert.ok(paper);
      paper.authors = 'x';
    }, /\$\.papers\["2601\.19969"\]\.authors: must be an array/);
    rejects((d) => {
      const [section] = d.sections as { papers: string[] }[];
      assert.ok(section);
      section.papers = ['9999.99999'];
    }, /\$\.sections\[0\]\.papers\[0\]: names a paper missing/);
  });

  it('keeps a check named __proto__ as an entry of the translation report', () => {
    const counts = { passed: 1, passedOnRetry: 0, marked: 0 };
    const report = {
      checked: 1,
      passed: 1,
      passedOnRetry: 0,
      marked: 0,
      fromCache: 0,
      cachedMarked: 0,
      byCheck: { numbers: counts },
      requests: 1,
      promptTokens: 10,
      completionTokens: 5,
      skippedByBudget: 0,
    };
    const json = renderJson({ ...DIGEST, translationReport: report }).replace('"numbers"', '"__proto__"');
    const byCheck = parseDigestJson(json).translationReport?.byCheck ?? {};
    assert.deepEqual(Object.keys(byCheck), ['__proto__']);
    assert.deepEqual(Object.getOwnPropertyDescriptor(byCheck, '__proto__')?.value, counts);
    assert.equal(Object.getPrototypeOf(byCheck), Object.prototype);
  });

  it('writes and reads a paper whose id is a name of Object.prototype', () => {
    const odd = sampleEntry(samplePaper('__proto__', { ...UNDATED, title: 'Odd' }));
    const digest = sampleDigest([{ keyword: 'odd', entries: [odd, RL] }]);
    assert.deepEqual(Object.keys((JSON.parse(renderJson(digest)) as { papers: object }).papers), [
      '__proto__',
      '2601.19969',
    ]);
    assert.deepEqual(parseDigestJson(renderJson(digest)), digest);
  });

  it('refuses text that is not JSON', () => {
    assert.throws(() => parseDigestJson('{'), /digest document is not JSON/);
  });
});
