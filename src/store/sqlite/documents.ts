// Translations and digests: documents the pipeline produced, stored whole and looked up by their keys.

import type { Database, Statement } from 'better-sqlite3';
import type { DigestRef, IsoDate } from '../../model.js';
import type { StoredDigest, StoredTranslationTexts, TranslationKey } from '../store.js';

export class DocumentTables {
  private readonly selectTranslation: Statement<[string, string, string], { text: string }>;
  private readonly upsertTranslation: Statement<[string, string, string, string, string]>;
  private readonly selectPaperTranslation: Statement<[string, string, string], StoredTranslationTexts>;
  private readonly selectDigest: Statement<[string, string], { generated_at: string; json: string }>;
  private readonly upsertDigest: Statement<[string, string, string, string]>;
  private readonly updateDigest: Statement<[string, string, string, string, string]>;
  private readonly selectDigestList: Statement<
    [],
    { profile: string; listing_date: string; generated_at: string }
  >;
  private readonly selectDelivery: Statement<[string, string, string], { sent_at: string }>;
  private readonly insertDelivery: Statement<[string, string, string, string]>;
  private readonly selectDeliveriesTo: Statement<[string, string], { profile: string; sent_at: string }>;

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    this.selectTranslation = db.prepare(
      'SELECT text FROM translations WHERE source_hash = ? AND lang = ? AND model = ?',
    );
    // Same text again writes nothing, so the full-text index is not churned by a rerun.
    this.upsertTranslation = db.prepare(
      'INSERT INTO translations (source_hash, lang, model, text, created_at) VALUES (?, ?, ?, ?, ?) ' +
        'ON CONFLICT (source_hash, lang, model) DO UPDATE SET text = excluded.text, created_at = excluded.created_at ' +
        'WHERE text IS NOT excluded.text',
    );
    // Each side through the (source_hash, lang, model) index; the newest model's text wins.
    const newest = (column: string) =>
      `(SELECT text FROM translations WHERE source_hash = papers.${column} AND lang = ? ` +
      'ORDER BY created_at DESC, id DESC LIMIT 1)';
    this.selectPaperTranslation = db.prepare(
      `SELECT ${newest('title_hash')} AS title, ${newest('abstract_hash')} AS abstract FROM papers WHERE arxiv_id = ?`,
    );
    this.selectDigest = db.prepare(
      'SELECT generated_at, json FROM digests WHERE profile = ? AND listing_date = ?',
    );
    this.upsertDigest = db.prepare(
      'INSERT INTO digests (profile, listing_date, generated_at, json) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (profile, listing_date) DO UPDATE SET generated_at = excluded.generated_at, json = excluded.json',
    );
    // One statement, so the check and the write are one step against another process's save.
    this.updateDigest = db.prepare(
      'UPDATE digests SET generated_at = ?, json = ? WHERE profile = ? AND listing_date = ? AND generated_at = ?',
    );
    this.selectDigestList = db.prepare(
      'SELECT profile, listing_date, generated_at FROM digests ORDER BY listing_date DESC, profile',
    );
    this.selectDelivery = db.prepare(
      'SELECT sent_at FROM deliveries WHERE profile = ? AND listing_date = ? AND target = ?',
    );
    // Read only for a target not recorded under the profile at hand (a rename): a scan of a small table.
    this.selectDeliveriesTo = db.prepare(
      'SELECT profile, sent_at FROM deliveries WHERE listing_date = ? AND target = ? ORDER BY sent_at, profile',
    );
    // The first delivery is the one that counts: a second record of it changes nothing.
    this.insertDelivery = db.prepare(
      'INSERT INTO deliveries (profile, listing_date, target, sent_at) VALUES (?, ?, ?, ?) ' +
        'ON CONFLICT (profile, listing_date, target) DO NOTHING',
    );
  }

  loadTranslation(key: TranslationKey): string | null {
    return this.selectTranslation.get(key.sourceHash, key.lang, key.model)?.text ?? null;
  }

  saveTranslation(key: TranslationKey, text: string): void {
    this.upsertTranslation.run(key.sourceHash, key.lang, key.model, text, this.now().toISOString());
  }

  loadPaperTranslation(arxivId: string, lang: string): StoredTranslationTexts {
    return this.selectPaperTranslation.get(lang, lang, arxivId) ?? { title: null, abstract: null };
  }

  saveDigest(digest: StoredDigest): void {
    this.upsertDigest.run(digest.profile, digest.listingDate, digest.generatedAt.toISOString(), digest.json);
  }

  replaceDigest(digest: StoredDigest, replacing: Date): boolean {
    const { changes } = this.updateDigest.run(
      digest.generatedAt.toISOString(),
      digest.json,
      digest.profile,
      digest.listingDate,
      replacing.toISOString(),
    );
    return changes === 1;
  }

  loadDigest(profile: string, listingDate: IsoDate): StoredDigest | null {
    const row = this.selectDigest.get(profile, listingDate);
    if (row === undefined) return null;
    return { profile, listingDate, generatedAt: new Date(row.generated_at), json: row.json };
  }

  listDigests(): DigestRef[] {
    return this.selectDigestList.all().map((row) => ({
      profile: row.profile,
      listingDate: row.listing_date as IsoDate,
      generatedAt: new Date(row.generated_at),
    }));
  }

  loadDelivery(profile: string, listingDate: IsoDate, target: string): Date | null {
    const row = this.selectDelivery.get(profile, listingDate, target);
    return row === undefined ? null : new Date(row.sent_at);
  }

  loadDeliveriesTo(listingDate: IsoDate, target: string): { profile: string; sentAt: Date }[] {
    return this.selectDeliveriesTo
      .all(listingDate, target)
      .map((row) => ({ profile: row.profile, sentAt: new Date(row.sent_at) }));
  }

  saveDelivery(profile: string, listingDate: IsoDate, target: string, sentAt: Date): void {
    this.insertDelivery.run(profile, listingDate, target, sentAt.toISOString());
  }
}
