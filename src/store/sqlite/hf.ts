// Hugging Face facts and the upvote time series: the write path of saveHfPapers and the reads that go with it.
// The papers themselves (title, abstract, authors) live in the papers table, where arXiv's metadata wins.

import type { Database, Statement, Transaction } from 'better-sqlite3';
import type { HfInfo, UpvotePoint } from '../../model.js';
import type { HfRecord, SaveResult } from '../store.js';
import { toStoreError } from './connection.js';

interface HfRow {
  arxiv_id: string;
  organization: string | null;
  github_repo: string | null;
  github_stars: number | null;
  comments: number | null;
  ai_keywords: string;
  ai_summary: string | null;
  first_seen_at: string;
  last_seen_at: string;
}

type HfFacts = Omit<HfRow, 'first_seen_at' | 'last_seen_at'>;

export class HfTable {
  private readonly selectFacts: Statement<[string], HfRow>;
  private readonly upsertFacts: Statement<Record<string, unknown>>;
  private readonly selectLatestUpvotes: Statement<[string], { upvotes: number }>;
  private readonly upsertUpvotes: Statement<[string, string, number]>;
  private readonly selectInfo: Statement<
    [string],
    HfRow & { upvotes: number | null; seen_at: string | null }
  >;
  private readonly selectSeries: Statement<[string], { seen_at: string; upvotes: number }>;
  private readonly saveBatch: Transaction<(papers: readonly HfRecord[], seenAt: Date) => SaveResult>;

  constructor(
    db: Database,
    private readonly path: string,
  ) {
    this.selectFacts = db.prepare('SELECT * FROM hf_papers WHERE arxiv_id = ?');
    this.upsertFacts = db.prepare(
      'INSERT INTO hf_papers (arxiv_id, organization, github_repo, github_stars, comments, ai_keywords, ' +
        'ai_summary, first_seen_at, last_seen_at) VALUES (@arxiv_id, @organization, @github_repo, @github_stars, ' +
        '@comments, @ai_keywords, @ai_summary, @first_seen_at, @last_seen_at) ' +
        'ON CONFLICT (arxiv_id) DO UPDATE SET organization = excluded.organization, ' +
        'github_repo = excluded.github_repo, github_stars = excluded.github_stars, comments = excluded.comments, ' +
        'ai_keywords = excluded.ai_keywords, ai_summary = excluded.ai_summary, ' +
        'first_seen_at = excluded.first_seen_at, last_seen_at = excluded.last_seen_at',
    );
    this.selectLatestUpvotes = db.prepare(
      'SELECT upvotes FROM hf_upvotes WHERE arxiv_id = ? ORDER BY seen_at DESC LIMIT 1',
    );
    this.upsertUpvotes = db.prepare(
      'INSERT INTO hf_upvotes (arxiv_id, seen_at, upvotes) VALUES (?, ?, ?) ' +
        'ON CONFLICT (arxiv_id, seen_at) DO UPDATE SET upvotes = excluded.upvotes',
    );
    // One statement for a whole digest's ids: json_each turns the JSON array into rows.
    this.selectInfo = db.prepare(
      'SELECT hf_papers.*, latest.upvotes, latest.seen_at FROM json_each(?) AS asked ' +
        'JOIN hf_papers ON hf_papers.arxiv_id = asked.value ' +
        'LEFT JOIN hf_upvotes AS latest ON latest.arxiv_id = hf_papers.arxiv_id AND latest.seen_at = ' +
        '(SELECT max(seen_at) FROM hf_upvotes WHERE hf_upvotes.arxiv_id = hf_papers.arxiv_id)',
    );
    this.selectSeries = db.prepare(
      'SELECT seen_at, upvotes FROM hf_upvotes WHERE arxiv_id = ? ORDER BY seen_at',
    );
    this.saveBatch = db.transaction((papers, seenAt) => this.writeBatch(papers, seenAt));
  }

  save(papers: readonly HfRecord[], seenAt: Date): SaveResult {
    // IMMEDIATE, as in papers.ts: a read-then-write batch must wait for another writer, not fail with SQLITE_BUSY.
    return this.saveBatch.immediate(papers, seenAt);
  }

  loadInfo(arxivIds: readonly string[]): Map<string, HfInfo> {
    const found = new Map<string, HfInfo>();
    if (arxivIds.length === 0) return found;
    for (const row of this.selectInfo.all(JSON.stringify([...new Set(arxivIds)]))) {
      found.set(row.arxiv_id, {
        upvotes: row.upvotes ?? 0,
        comments: row.comments,
        organization: row.organization,
        githubRepo: row.github_repo,
        githubStars: row.github_stars,
        aiKeywords: JSON.parse(row.ai_keywords) as string[],
        seenAt: new Date(row.seen_at ?? row.last_seen_at),
      });
    }
    return found;
  }

  loadSeries(arxivId: string): UpvotePoint[] {
    return this.selectSeries
      .all(arxivId)
      .map((row) => ({ seenAt: new Date(row.seen_at), upvotes: row.upvotes }));
  }

  private writeBatch(papers: readonly HfRecord[], seenAt: Date): SaveResult {
    const at = seenAt.toISOString();
    const result: SaveResult = { inserted: 0, updated: 0, unchanged: 0 };
    for (const [index, record] of papers.entries()) {
      try {
        result[this.writeRecord(record, at)] += 1;
      } catch (error) {
        const place = `Hugging Face paper ${record.arxivId || '(no id)'} (entry ${index + 1} of ${papers.length})`;
        throw toStoreError(this.path, `cannot save ${place}; nothing of this batch was saved`, error);
      }
    }
    return result;
  }

  private writeRecord(record: HfRecord, at: string): keyof SaveResult {
    if (record.arxivId === '') throw new Error('the arXiv id is empty');
    if (!Number.isInteger(record.upvotes) || record.upvotes < 0) {
      throw new Error(`upvotes must be a whole number ≥ 0, not ${record.upvotes}`);
    }
    const stored = this.selectFacts.get(record.arxivId);
    const previousUpvotes = stored ? this.selectLatestUpvotes.get(record.arxivId)?.upvotes : undefined;
    const facts = stored ? mergeFacts(stored, record, at) : factsOf(record);
    const row = {
      ...facts,
      first_seen_at: stored && stored.first_seen_at < at ? stored.first_seen_at : at,
      last_seen_at: stored && stored.last_seen_at > at ? stored.last_seen_at : at,
    };
    this.upsertFacts.run(row);
    this.upsertUpvotes.run(record.arxivId, at, record.upvotes);
    if (!stored) return 'inserted';
    const isSame =
      previousUpvotes === record.upvotes &&
      (Object.keys(facts) as (keyof HfFacts)[]).every((key) => facts[key] === stored[key]);
    return isSame ? 'unchanged' : 'updated';
  }
}

function factsOf(record: HfRecord): HfFacts {
  return {
    arxiv_id: record.arxivId,
    organization: record.organization,
    github_repo: record.githubRepo,
    github_stars: record.githubStars,
    comments: record.comments,
    ai_keywords: JSON.stringify(record.aiKeywords),
    ai_summary: record.aiSummary,
  };
}

/** A newer record's facts win where it says them; an older one (seen before the stored facts) changes none. */
function mergeFacts(stored: HfRow, record: HfRecord, at: string): HfFacts {
  const kept: HfFacts = {
    arxiv_id: stored.arxiv_id,
    organization: stored.organization,
    github_repo: stored.github_repo,
    github_stars: stored.github_stars,
    comments: stored.comments,
    ai_keywords: stored.ai_keywords,
    ai_summary: stored.ai_summary,
  };
  if (at < stored.last_seen_at) return kept;
  const incoming = factsOf(record);
  return {
    arxiv_id: stored.arxiv_id,
    organization: incoming.organization ?? kept.organization,
    github_repo: incoming.github_repo ?? kept.github_repo,
    github_stars: incoming.github_stars ?? kept.github_stars,
    comments: incoming.comments ?? kept.comments,
    ai_keywords: record.aiKeywords.length > 0 ? incoming.ai_keywords : kept.ai_keywords,
    ai_summary: incoming.ai_summary ?? kept.ai_summary,
  };
}
