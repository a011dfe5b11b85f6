// Harvests: the write path of saveHarvestPage (papers, version dates and the harvest's state in one transaction)
// and the reads that go with it. The papers themselves go through PaperTable, as savePapers saves them.

import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { IsoDate, ListedPaper, PaperVersionDate } from '../../model.js';
import type { ArchivedPaper, HarvestState, SaveResult } from '../store.js';
import { toStoreError } from './connection.js';
import { UPSERT_VERSION_DATE_SQL } from './papers.js';

interface HarvestRow {
  set_spec: string;
  from_date: string | null;
  until_date: string | null;
  resumption_token: string | null;
  token_expires_at: string | null;
  token_cursor: number | null;
  last_datestamp: string | null;
  records: number;
  pages: number;
  started_at: string;
  updated_at: string;
  completed_at: string | null;
}

/** Saves papers as savePapers does (PaperTable.save), inside the caller's transaction. */
type SavePapers = (papers: readonly ListedPaper[]) => SaveResult;

export class HarvestTables {
  private readonly upsertVersion: Statement<[string, number, string, string | null]>;
  private readonly upsertState: Statement<HarvestRow>;
  private readonly selectState: Statement<[string], HarvestRow>;
  private readonly selectVersions: Statement<[string], { version: number; submitted_at: string | null }>;
  private readonly saveBatch: Transaction<
    (papers: readonly ArchivedPaper[], state: HarvestState, savePapers: SavePapers) => SaveResult
  >;

  constructor(
    db: Database,
    private readonly path: string,
    private readonly now: () => Date,
  ) {
    this.upsertVersion = db.prepare(UPSERT_VERSION_DATE_SQL);
    const columns = [
      'set_spec',
      'from_date',
      'until_date',
      'resumption_token',
      'token_expires_at',
      'token_cursor',
      'last_datestamp',
      'records',
      'pages',
      'started_at',
      'updated_at',
      'completed_at',
    ];
    this.upsertState = db.prepare(
      `INSERT OR REPLACE INTO harvests (${columns.join(', ')}) VALUES (${columns.map((name) => `@${name}`).join(', ')})`,
    );
    this.selectState = db.prepare('SELECT * FROM harvests WHERE set_spec = ?');
    this.selectVersions = db.prepare(
      'SELECT version, submitted_at FROM paper_versions WHERE arxiv_id = ? ORDER BY version',
    );
    this.saveBatch = db.transaction((papers, state, savePapers) => this.writePage(papers, state, savePapers));
  }

  /** One page in one IMMEDIATE transaction (as savePapers: it reads before it writes). */
  savePage(papers: readonly ArchivedPaper[], state: HarvestState, savePapers: SavePapers): SaveResult {
    return this.saveBatch.immediate(papers, state, savePapers);
  }

  loadState(set: string): HarvestState | null {
    const row = this.selectState.get(set);
    return row === undefined ? null : stateOf(row);
  }

  loadVersionDates(arxivId: string): PaperVersionDate[] {
    return this.selectVersions.all(arxivId).map((row) => ({
      version: row.version,
      submittedAt: row.submitted_at === null ? null : new Date(row.submitted_at),
    }));
  }

  private writePage(
    papers: readonly ArchivedPaper[],
    state: HarvestState,
    savePapers: SavePapers,
  ): SaveResult {
    // No listing: the announce type is not stored, so any one will do.
    const result = savePapers(papers.map(({ paper }) => ({ paper, announceType: 'new' })));
    const now = this.now().toISOString();
    for (const { paper, versions } of papers) {
      for (const { version, submittedAt } of versions) {
        try {
          this.upsertVersion.run(paper.arxivId, version, now, submittedAt?.toISOString() ?? null);
        } catch (error) {
          throw toStoreError(
            this.path,
            `cannot save ${paper.arxivId}v${version}; nothing of this page was saved`,
            error,
          );
        }
      }
    }
    this.upsertState.run(rowOf(state, now));
    return result;
  }
}

function rowOf(state: HarvestState, now: string): HarvestRow {
  return {
    set_spec: state.set,
    from_date: state.from,
    until_date: state.until,
    resumption_token: state.resumptionToken,
    token_expires_at: state.tokenExpiresAt?.toISOString() ?? null,
    token_cursor: state.tokenCursor,
    last_datestamp: state.lastDatestamp,
    records: state.records,
    pages: state.pages,
    started_at: state.startedAt.toISOString(),
    updated_at: now,
    completed_at: state.completedAt?.toISOString() ?? null,
  };
}

function stateOf(row: HarvestRow): HarvestState {
  const dateOf = (text: string | null): Date | null => (text === null ? null : new Date(text));
  return {
    set: row.set_spec,
    from: row.from_date as IsoDate | null,
    until: row.until_date as IsoDate | null,
    resumptionToken: row.resumption_token,
    tokenExpiresAt: dateOf(row.token_expires_at),
    tokenCursor: row.token_cursor,
    lastDatestamp: row.last_datestamp as IsoDate | null,
    records: row.records,
    pages: row.pages,
    startedAt: new Date(row.started_at),
    completedAt: dateOf(row.completed_at),
  };
}
