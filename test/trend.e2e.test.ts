// End to end, through `main` in this process: `paperwire trend` counts a store whose counts are known, as a chart
// that fits 80 columns and as JSON; `paperwire search` narrows by category, dates (days, months, years) and author,
// and prints the stored translation in the reader's language under each hit.

import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ListedPaper, Paper } from '../src/model.js';
import { listed, samplePaper } from '../src/store/contract.js';
import { openSqliteStore, sourceHashOf } from '../src/store/sqlite/index.js';
import { runMain } from './helpers/run-cli.js';

/** Titles, how many papers of each were submitted in each year, and their category. */
const KNOWN: readonly { title: string; year: number; count: number; category: string }[] = [
  { title: 'Diffusion policy for grasping', year: 2021, count: 2, category: 'cs.RO' },
  { title: 'Diffusion policy at scale', year: 2023, count: 37, category: 'cs.LG' },
  { title: 'Diffusion policy in the wild', year: 2024, count: 80, category: 'cs.RO' },
  { title: 'World model for Atari', year: 2022, count: 12, category: 'cs.LG' },
  { title: 'World model for driving', year: 2024, count: 5, category: 'cs.CV' },
];

function knownPapers(): ListedPaper[] {
  let serial = 0;
  return KNOWN.flatMap(({ title, year, count, category }) =>
    Array.from({ length: count }, (_, index) => {
      serial += 1;
      const month = String(1 + (index % 12)).padStart(2, '0');
      return listed(
        samplePaper(`2601.${String(serial).padStart(5, '0')}`, {
          title,
          categories: [category],
          primaryCategory: category,
          publishedAt: new Date(`${year}-${month}-15T12:00:00Z`),
        }),
      );
    }),
  );
}

/** Three papers to search: dates in three years, two categories, known authors, one with a Chinese title. */
const SEARCHED: Paper[] = [
  samplePaper('2501.00001', {
    title: 'Entropy bonuses in offline RL',
    authors: ['Sergey Levine', 'Ada Lovelace'],
    categories: ['cs.LG'],
    primaryCategory: 'cs.LG',
    publishedAt: new Date('2025-01-20T10:00:00Z'),
  }),
  samplePaper('2402.00002', {
    title: 'Entropy of robot grasps',
    authors: ['Grace Hopper'],
    categories: ['cs.RO'],
    primaryCategory: 'cs.RO',
    publishedAt: new Date('2024-02-29T23:00:00Z'),
  }),
  samplePaper('2303.00003', {
    title: 'Entropy and language models',
    authors: ['Alan Turing'],
    categories: ['cs.CL'],
    primaryCategory: 'cs.CL',
    publishedAt: new Date('2023-03-01T00:00:00Z'),
  }),
];

describe('paperwire trend and search filters', () => {
  let home = '';
  const run = (args: string[]) => runMain(args, { cwd: home, env: { PAPERWIRE_HOME: home } });
  const searchIds = async (args: string[]): Promise<string[]> => {
    const result = await run(['search', 'entropy', '--json', ...args]);
    assert.equal(result.code, 0, result.stderr);
    return (JSON.parse(result.stdout) as { arxivId: string }[]).map((hit) => hit.arxivId).sort();
  };

  before(() => {
    home = mkdtempSync(join(tmpdir(), 'paperwire-trend-'));
    const store = openSqliteStore(join(home, 'paperwire.sqlite'));
    store.savePapers([...knownPapers(), ...SEARCHED.map((paper) => listed(paper))]);
    const first = SEARCHED[0];
    assert.ok(first !== undefined);
    store.saveTranslation(
      { sourceHash: sourceHashOf(first.title), lang: 'zh', model: 'test:model' },
      '离线强化学习中的熵奖励',
    );
    store.close();
  });
  after(() => rmSync(home, { recursive: true, force: true }));

  it('charts the known counts per year side by side, with 0 for an empty year, within 80 columns', async () => {
    const result = await run(['trend', '"diffusion policy"', '"world model"']);
    assert.equal(result.code, 0, result.stderr);
    const lines = result.stdout.trimEnd().split('\n');
    assert.equal(lines[0], 'papers per year (first submission or, RSS-only, first listing; UTC)');
    assert.match(lines[1] ?? '', /^ +"diffusion policy" +"world model"$/);
    const counts = lines.slice(2).map((line) => {
      const [label, ...numbers] = line
        .replace(/[█▏▎▍▌▋▊▉]/g, ' ')
        .trim()
        .split(/ +/);
      return [label, ...numbers.map(Number)];
    });
    assert.deepEqual(counts, [
      ['2021', 2, 0],
      ['2022', 0, 12],
      ['2023', 37, 0],
      ['2024', 80, 5],
      ['total', 119, 17],
    ]);
    for (const line of lines) assert.ok(Array.from(line).length <= 80, `${line.length}: ${line}`);
    assert.ok(!result.stdout.includes('\u001b'), 'no colour or escape when not a terminal');
    const biggest = lines.find((line) => line.startsWith('2024')) ?? '';
    const smallest = lines.find((line) => line.startsWith('2021')) ?? '';
    assert.ok(biggest.split('█').length > smallest.split('█').length, 'bars grow with the count');
  });

  it('prints the trend as JSON, by month, within a category and from a month', async () => {
    const result = await run([
      'trend',
      'diffusion',
      '--by',
      'month',
      '--category',
      'cs.RO',
      '--from',
      '2024-07',
      '--json',
    ]);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), {
      by: 'month',
      filters: { categories: ['cs.RO'], from: '2024-07-01', until: null, author: null },
      periods: ['2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12'],
      series: [{ query: 'diffusion', total: 38, counts: [7, 7, 6, 6, 6, 6] }],
    });
  });

  it('refuses a bad unit, date, category or an empty query with one line and exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['trend', 'x', '--by', 'week'], /"by" must be one of year, month/],
      [['trend', 'x', '--from', '2024-13'], /--from "2024-13" is not a date/],
      [['trend', 'x', '--category', 'cs.LLG'], /unknown arXiv category "cs.LLG"/],
      [['trend'], /trend needs a QUERY/],
      [['trend', '"*"'], /the query ""\*"" has no word to count/],
      [['trend', 'x', '--author', ' '], /--author is empty/],
      [['search', 'x', '--author', ''], /--author is empty/],
      [
        ['search', 'x', '--author', 'a '.repeat(150)],
        /the author filter is 299 characters long; at most 200/,
      ],
      [['trend', 'x', '--author', 'a '.repeat(150)], /the author filter is 299 characters long; at most 200/],
      [
        ['search', 'x', '--from', '2025', '--until', '2024'],
        /--until 2024-12-31 is before --from 2025-01-01/,
      ],
    ];
    for (const [args, message] of cases) {
      const result = await run(args);
      assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
      assert.match(result.stderr, message);
      assert.equal(result.stderr.trim().split('\n').length, 1, result.stderr);
    }
  });

  it('says that trends count English text when a Chinese query counts nothing', async () => {
    const result = await run(['trend', '扩散策略', '"world model"']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(
      result.stderr,
      '"扩散策略" counts nothing: trends count English titles, abstracts and authors; write the query in English ' +
        '(`paperwire search` also finds translations)\n',
    );
    assert.match(result.stdout, /^total +0 +17$/m);
  });

  it('names the filters when nothing matches within them', async () => {
    const result = await run(['trend', 'policy', '--from', '2030', '--category', 'cs.RO']);
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stdout, 'no paper in the store matches "policy" (in cs.RO, from 2030-01-01)\n');
  });

  it('narrows a search by category, by dates written as days, months or years, and by author', async () => {
    assert.deepEqual(await searchIds([]), ['2303.00003', '2402.00002', '2501.00001']);
    assert.deepEqual(await searchIds(['--category', 'cs.RO', '--category', 'cs.CL']), [
      '2303.00003',
      '2402.00002',
    ]);
    assert.deepEqual(await searchIds(['--from', '2024']), ['2402.00002', '2501.00001']);
    assert.deepEqual(await searchIds(['--until', '2024-02']), ['2303.00003', '2402.00002']);
    assert.deepEqual(await searchIds(['--from', '2024', '--until', '2024']), ['2402.00002']);
    assert.deepEqual(await searchIds(['--from', '2024-03-01', '--until', '2025-01-19']), []);
    assert.deepEqual(await searchIds(['--author', 'levine']), ['2501.00001']);
    assert.deepEqual(await searchIds(['--author', 'Hopper', '--category', 'cs.LG']), []);
  });

  it('prints the stored translation in the reader’s language under each hit, and none with --lang en', async () => {
    const zh = await run(['search', 'entropy', '--author', 'levine']);
    assert.equal(zh.code, 0, zh.stderr);
    assert.equal(
      zh.stdout,
      '2501.00001  Entropy bonuses in offline RL\n    离线强化学习中的熵奖励\n    https://arxiv.org/abs/2501.00001\n',
    );
    const en = await run(['search', 'entropy', '--author', 'levine', '--lang', 'en']);
    assert.equal(
      en.stdout,
      '2501.00001  Entropy bonuses in offline RL\n    https://arxiv.org/abs/2501.00001\n',
    );
    const json = await run(['search', 'entropy', '--author', 'levine', '--json']);
    const [hit] = JSON.parse(json.stdout) as { translation: unknown }[];
    assert.deepEqual(hit?.translation, { lang: 'zh', title: '离线强化学习中的熵奖励', abstract: null });
    const none = await run(['search', 'entropy', '--author', 'nobody', '--from', '2024']);
    assert.equal(
      none.stdout,
      'no paper in the store matches "entropy" (from 2024-01-01, by an author named "nobody")\n',
    );
  });
});
