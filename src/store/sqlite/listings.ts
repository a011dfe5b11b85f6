// Reads of saved listings: one listing in its saved order, and the newest listing date of a source and scope.

import type { Database, Statement } from 'better-sqlite3';
import type { AnnounceType, IsoDate } from '../../model.js';
import type { ListingKey, StoredListing } from '../store.js';
import { paperOf, type PaperRow } from './merge.js';

/** One row of `listings` (docs/store.md). */
interface ListingRow {
  id: number;
  fetched_at: string;
  url: string | null;
  is_complete: number | null;
  incomplete_reason: string | null;
  announced_count: number;
  new_count: number;
  cross_count: number;
  replaced_count: number;
}

export class ListingTable {
  private readonly selectListing: Statement<[string, string, string], ListingRow>;
  private readonly selectMembers: Statement<[number], PaperRow & { announce_type: AnnounceType }>;
  private readonly selectLatest: Statement<[string, string], { listing_date: string | null }>;

  constructor(db: Database) {
    this.selectListing = db.prepare(
      'SELECT * FROM listings WHERE source = ? AND scope = ? AND listing_date = ?',
    );
    this.selectMembers = db.prepare(
      'SELECT papers.*, listing_papers.announce_type FROM listing_papers ' +
        'JOIN papers ON papers.arxiv_id = listing_papers.arxiv_id ' +
        'WHERE listing_papers.listing_id = ? ORDER BY listing_papers.position',
    );
    this.selectLatest = db.prepare(
      'SELECT max(listing_date) AS listing_date FROM listings WHERE source = ? AND scope = ?',
    );
  }

  load(key: ListingKey): StoredListing | null {
    const listing = this.selectListing.get(key.source, key.scope, key.listingDate);
    if (listing === undefined) return null;
    const fetchedAt = new Date(listing.fetched_at);
    return {
      key: { listingDate: key.listingDate, source: key.source, scope: key.scope },
      fetchedAt,
      audit: {
        source: key.source,
        url: listing.url,
        fetchedAt,
        isComplete: listing.is_complete === null ? null : listing.is_complete === 1,
        incompleteReason: listing.incomplete_reason,
        announcedCount: listing.announced_count,
        newCount: listing.new_count,
        crossCount: listing.cross_count,
        replacedCount: listing.replaced_count,
      },
      papers: this.selectMembers.all(listing.id).map((row) => ({
        paper: paperOf(row),
        announceType: row.announce_type,
      })),
    };
  }

  loadLatestDate(source: string, scope: string): IsoDate | null {
    const row = this.selectLatest.get(source, scope);
    return (row?.listing_date ?? null) as IsoDate | null;
  }
}
