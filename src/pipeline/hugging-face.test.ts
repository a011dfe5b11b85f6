// The Hugging Face stage on a real SQLite store: a Daily Papers day whose facts could not be saved is not kept as the
// day's listing, so the next run fetches it again instead of showing "No papers" for good.

import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';

import type { IsoDate } from '../model.js';
import { parseDailyPapers } from '../sources/hf-daily/parse.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import { loadHfDay, type HfFeed } from './hugging-face.js';

const FIXTURE = new URL('../../test/fixtures/hf/daily-papers-2026-03-20-p0.json', import.meta.url);
const DAY = '2026-03-20' as IsoDate;
const NOW = new Date('2026-03-25T00:00:00Z');

describe('loadHfDay', () => {
  it('says "1 paper" for a day of one paper, from Hugging Face and from the store', async () => {
    const store = openSqliteStore(':memory:');
    const [one] = parseDailyPapers(readFileSync(FIXTURE, 'utf8'), { url: 'fixture' }).papers;
    assert.ok(one);
    const lines: string[] = [];
    const hf: HfFeed = { fetchDailyPapers: () => Promise.resolve({ papers: [one], problems: [] }) };
    const deps = { store, hf, log: (line: string) => lines.push(line) };
    await loadHfDay(DAY, { now: NOW, refresh: false }, deps);
    await loadHfDay(DAY, { now: NOW, refresh: false }, deps);
    assert.deepEqual(lines, [
      `Hugging Face ${DAY}: 1 paper (1 new, 0 updated, 0 unchanged)`,
      `Hugging Face ${DAY} from the store: 1 paper`,
    ]);
    store.close();
  });

  it('fetches a day again when saving its facts failed, instead of reading an empty day from the store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'paperwire-hf-day-'));
    const path = join(dir, 'paperwire.sqlite');
    const store = openSqliteStore(path);
    const { papers } = parseDailyPapers(readFileSync(FIXTURE, 'utf8'), { url: 'fixture' });
    let fetches = 0;
    const hf: HfFeed = {
      fetchDailyPapers: () => {
        fetches += 1;
        return Promise.resolve({ papers, problems: [] });
      },
    };
    const deps = { store, hf, log: () => undefined };
    // A real failure of the facts' save (as a full disk, or a count the column refuses), made by the database.
    const raw = new Database(path);
    raw.exec(
      "CREATE TRIGGER refuse_hf BEFORE INSERT ON hf_papers BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    try {
      await assert.rejects(loadHfDay(DAY, { now: NOW, refresh: false }, deps), /disk full/);
      raw.exec('DROP TRIGGER refuse_hf');
      const day = await loadHfDay(DAY, { now: NOW, refresh: false }, deps);
      assert.equal(fetches, 2, 'asked Hugging Face again');
      assert.equal(day.arxivIds.length, papers.length);
      assert.equal(store.loadHfInfo(day.arxivIds).size, papers.length, 'every paper has its facts');
    } finally {
      raw.close();
      store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
