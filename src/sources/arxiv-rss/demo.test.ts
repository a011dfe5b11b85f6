// The offline demo's data: demo/arxiv-rss-cs.xml parses cleanly as the 2026-01-30 cs listing, and every paper of
// the example digest in it has a recorded Chinese title and abstract in demo/translations.json.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';

import { parseArxivRss } from './parse.js';

const DEMO = new URL('../../../demo/', import.meta.url);
const EXAMPLE = new URL('../../../test/fixtures/examples/001_8360221fb45f1189.txt', import.meta.url);

const listing = parseArxivRss(readFileSync(new URL('arxiv-rss-cs.xml', DEMO), 'utf8'), {
  url: 'demo/arxiv-rss-cs.xml',
});
const translations = JSON.parse(readFileSync(new URL('translations.json', DEMO), 'utf8')) as {
  zh: Record<string, string>;
};
/** The arXiv ids of the papers in the example digest. */
const exampleIds = [
  ...readFileSync(EXAMPLE, 'utf8').matchAll(/^- Arxiv link: https:\/\/arxiv\.org\/abs\/(\S+)$/gm),
].map((match) => match[1] ?? '');

describe('demo/arxiv-rss-cs.xml', () => {
  it('is the listing of 2026-01-30 with no unusable items', () => {
    assert.equal(listing.listingDate, '2026-01-30');
    assert.deepEqual(listing.problems, []);
  });

  it('holds every paper of the example digest, announced as new', () => {
    assert.equal(exampleIds.length, 33);
    const byId = new Map(listing.papers.map((listed) => [listed.paper.arxivId, listed]));
    for (const id of exampleIds) assert.equal(byId.get(id)?.announceType, 'new', id);
  });

  it('has other papers, cross-lists and replacements besides', () => {
    const types = new Set(listing.papers.map((listed) => listed.announceType));
    assert.deepEqual([...types].sort(), ['cross', 'new', 'replace', 'replace-cross']);
    assert.ok(listing.papers.length >= exampleIds.length + 20);
  });

  it('mentions reinforcement learning or diffusion policy only in the example papers', () => {
    const examples = new Set(exampleIds);
    for (const { paper } of listing.papers) {
      if (examples.has(paper.arxivId)) continue;
      assert.doesNotMatch(
        `${paper.title} ${paper.abstract}`,
        /reinforcement learning|diffusion polic/i,
        paper.arxivId,
      );
    }
  });
});

describe('demo/translations.json', () => {
  it('has a Chinese title and abstract for every example paper, keyed by the parsed text', () => {
    const examples = new Set(exampleIds);
    const papers = listing.papers.filter((listed) => examples.has(listed.paper.arxivId));
    assert.equal(papers.length, exampleIds.length);
    for (const { paper } of papers) {
      assert.ok(translations.zh[paper.title], `title of ${paper.arxivId}`);
      assert.ok(translations.zh[paper.abstract], `abstract of ${paper.arxivId}`);
    }
  });
});
