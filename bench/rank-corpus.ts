// The real paper text bench/rank.ts builds its simulated readers from: every paper with a title, an abstract and
// a primary category in the repository's fixtures, examples and the shared recorded responses, once each.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Paper } from '../src/model.js';
import { parseArxivAtom } from '../src/sources/arxiv-api/parse.js';
import { parseArxivRss } from '../src/sources/arxiv-rss/parse.js';

const ROOT = join(import.meta.dirname, '..');
const SHARED = join(ROOT, '..', 'shared');

/** A paper and its hidden topic: its primary category. */
export interface CorpusPaper {
  paper: Paper;
  topic: string;
}

/** Every usable paper, in file order (the "listing order" of a simulated day), deduplicated by arXiv id. */
export function loadCorpus(): CorpusPaper[] {
  const papers = [
    ...readSnapshot(join(SHARED, 'fixtures/real/arxiv-snapshot/sample.jsonl')),
    ...parseArxivRss(readFileSync(join(ROOT, 'demo/arxiv-rss-cs.xml'), 'utf8'), { url: 'demo' }).papers.map(
      (listed) => listed.paper,
    ),
    ...parseArxivRss(readFileSync(join(ROOT, 'test/fixtures/arxiv-rss/cs-LG-2026-01-30.xml'), 'utf8'), {
      url: 'fixture',
    }).papers.map((listed) => listed.paper),
    ...['query-2025-11-new-format.xml', 'query-math-ca-new-format.xml'].flatMap(
      (name) =>
        parseArxivAtom(readFileSync(join(SHARED, 'fixtures/real/arxiv-api', name), 'utf8'), { url: name })
          .papers,
    ),
    ...readExampleDigest(join(ROOT, 'test/fixtures/examples/001_8360221fb45f1189.txt')),
    ...['listrecords-arxiv-cs-complete-2016.xml', 'listrecords-arxiv-resumed-2013.xml'].flatMap((name) =>
      readOaiArxiv(join(SHARED, 'fixtures/real/arxiv-oai', name)),
    ),
  ];
  const seen = new Map<string, CorpusPaper>();
  for (const paper of papers) {
    if (paper.primaryCategory === '' || paper.abstract.trim() === '' || seen.has(paper.arxivId)) continue;
    seen.set(paper.arxivId, { paper, topic: paper.primaryCategory });
  }
  return [...seen.values()];
}

function readSnapshot(path: string): Paper[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const record = JSON.parse(line) as {
        id: string;
        title: string;
        abstract: string;
        authors: string;
        categories: string;
      };
      const categories = record.categories.split(' ');
      return paperOf(
        record.id,
        record.title,
        record.abstract,
        record.authors.split(/,\s*|\s+and\s+/),
        categories,
      );
    });
}

/** OAI-PMH `arXiv` records: one <arXiv> element per paper (enough of it for text; not a parser to reuse). */
function readOaiArxiv(path: string): Paper[] {
  const xml = readFileSync(path, 'utf8');
  return [...xml.matchAll(/<arXiv [^>]*>([\s\S]*?)<\/arXiv>/g)].flatMap((match) => {
    const body = match[1] ?? '';
    const field = (name: string) => new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1] ?? '';
    const authors = [...body.matchAll(/<keyname>(.*?)<\/keyname>(?:<forenames>(.*?)<\/forenames>)?/g)].map(
      (author) => `${author[2] ?? ''} ${author[1] ?? ''}`,
    );
    const id = field('id');
    return id === ''
      ? []
      : [paperOf(id, field('title'), field('abstract'), authors, field('categories').split(' '))];
  });
}

/** A digest as example 001 prints it: title, "- Authors:", "- Subjects:" with (category), link, "- Abstract". */
function readExampleDigest(path: string): Paper[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const papers: Paper[] = [];
  lines.forEach((line, index) => {
    if (!line.startsWith('- Authors: ')) return;
    const title = lines[index - 2] ?? '';
    const subjects = lines[index + 2] ?? '';
    const id = /abs\/(\S+)/.exec(lines[index + 3] ?? '')?.[1];
    const abstractAt = lines.indexOf('- Abstract', index);
    const categories = [...subjects.matchAll(/\(([a-z-]+(?:\.[A-Za-z-]+)?)\)/g)].map(
      (match) => match[1] ?? '',
    );
    if (id === undefined || abstractAt < 0) return;
    papers.push(paperOf(id, title, lines[abstractAt + 1] ?? '', line.slice(11).split(', '), categories));
  });
  return papers;
}

function paperOf(
  arxivId: string,
  title: string,
  abstract: string,
  authors: string[],
  categories: string[],
): Paper {
  return {
    arxivId,
    version: 1,
    title: title.replace(/\s+/g, ' ').trim(),
    abstract: abstract.replace(/\s+/g, ' ').trim(),
    authors: authors.map((author) => author.trim()).filter((author) => author !== ''),
    categories,
    primaryCategory: categories[0] ?? '',
    publishedAt: null,
    updatedAt: null,
    comment: null,
    journalRef: null,
    doi: null,
  };
}
