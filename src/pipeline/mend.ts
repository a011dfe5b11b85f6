// The mend stage of `run`: a digest delivered while its translations failed (the LLM down, a timeout) is archived
// with those papers in English; a later pass translates what failed, so the archive, the web UI, the feeds and the
// site show them translated. What was delivered then (e-mail, chat, a file) stays as it was sent.

import { translatePapers } from '../enrich/translate.js';
import {
  TRANSLATION_FAILED,
  failedTranslationOf,
  type Digest,
  type DigestEntry,
  type PaperTranslation,
  type Problem,
  type Profile,
  type TranslatedField,
} from '../model.js';
import { translateOptionsOf, type PipelineDeps } from './digest.js';

/** What a mend did: the papers it translated now, those still failing, and the digest to save when any were. */
export interface MendResult {
  mended: number;
  failing: number;
  /**
   * The translator was asked and answered nothing usable (down, timing out, refusing): the other digests would pay
   * the same failures. False when it answered something, or nothing was sent (a text too long to send, a budget):
   * such a digest says nothing about the next.
   */
  isTranslatorFailing: boolean;
  digest: Digest;
}

/** The papers of `digest` whose title, abstract or TL;DR failed to translate (its `translation-failed` problems). */
export function failedTranslationsOf(digest: Digest): Set<string> {
  return new Set(failedFieldsOf(digest.problems).map(({ arxivId }) => arxivId));
}

/** Each `translation-failed` problem's paper and field, with the problem. */
function failedFieldsOf(
  problems: readonly Problem[],
): { arxivId: string; field: TranslatedField; problem: Problem }[] {
  return problems.flatMap((problem) => {
    const failure = failedTranslationOf(problem);
    return failure === null ? [] : [{ ...failure, problem }];
  });
}

/**
 * Translates again the papers of `digest` whose translation failed, through the cache (the fields that succeeded
 * then come from it, with no request) and the profile's budgets, and returns the digest with the new translations,
 * a problem for each field still missing (the new one, else the old: a paper a budget left out is tried again
 * later), a notice saying when they were added, and `generatedAt` set to `now` (so a running `serve` reads it
 * again). Null when nothing failed, or nothing can be translated (an English digest, no translator).
 */
export async function mendTranslations(
  digest: Digest,
  profile: Pick<Profile, 'tldr' | 'maxTokens' | 'maxPapers'>,
  deps: Pick<PipelineDeps, 'translator' | 'cache' | 'glossary' | 'concurrency'>,
  now: Date,
): Promise<MendResult | null> {
  const failed = failedFieldsOf(digest.problems);
  if (failed.length === 0 || digest.lang === 'en' || deps.translator === null) return null;
  const ids = new Set(failed.map(({ arxivId }) => arxivId));
  const entries = new Map<string, DigestEntry>();
  for (const section of digest.sections)
    for (const entry of section.entries)
      if (ids.has(entry.paper.arxivId)) entries.set(entry.paper.arxivId, entry);
  const run = await translatePapers(
    [...entries.values()].map((entry) => entry.paper),
    translateOptionsOf(profile, digest.lang, deps),
  );
  const merged = new Map<string, PaperTranslation>();
  for (const [arxivId, entry] of entries) {
    const fresh = run.translations.get(arxivId);
    merged.set(
      arxivId,
      fresh === undefined ? entry.translation : mergedTranslation(entry.translation, fresh),
    );
  }
  // A field still missing keeps a problem: the new run's, else the one it had.
  const missing = new Map<string, Problem>();
  const isMissing = (arxivId: string, field: TranslatedField): boolean =>
    merged.get(arxivId)?.[field] == null;
  for (const { arxivId, field, problem } of [...failed, ...failedFieldsOf(run.problems)])
    if (isMissing(arxivId, field)) missing.set(`${arxivId} ${field}`, problem);
  const failingIds = new Set([...missing.keys()].map((key) => key.split(' ')[0]));
  const mended = [...entries.keys()].filter((arxivId) => !failingIds.has(arxivId)).length;
  const failing = entries.size - mended;
  const isTranslatorFailing = run.requests > 0 && run.report.checked === 0;
  if (mended === 0) return { mended, failing, isTranslatorFailing, digest };
  const mendEntry = (entry: DigestEntry): DigestEntry => {
    const translation = merged.get(entry.paper.arxivId);
    return translation === undefined ? entry : { ...entry, translation };
  };
  const notice =
    `${mended} ${mended === 1 ? 'paper' : 'papers'} translated at ${now.toISOString().slice(0, 16).replace('T', ' ')} ` +
    'UTC, after failing when this digest was delivered (what was sent then shows them in English)';
  return {
    mended,
    failing,
    isTranslatorFailing,
    digest: {
      ...digest,
      generatedAt: now,
      sections: digest.sections.map((section) => ({ ...section, entries: section.entries.map(mendEntry) })),
      problems: [
        ...digest.problems.filter((problem) => problem.rule !== TRANSLATION_FAILED),
        ...missing.values(),
      ],
      notices: [...digest.notices, ...run.notices, notice],
    },
  };
}

/**
 * The fields the digest had, each replaced by the new run's where it had none; the new run's flags for the fields
 * it filled (a field that had a translation keeps its own flags).
 */
function mergedTranslation(old: PaperTranslation, fresh: PaperTranslation): PaperTranslation {
  const merged: PaperTranslation = {
    title: old.title ?? fresh.title,
    abstract: old.abstract ?? fresh.abstract,
  };
  if (old.tldr !== undefined || fresh.tldr !== undefined) merged.tldr = old.tldr ?? fresh.tldr ?? null;
  const filled = new Set(
    (['title', 'abstract', 'tldr'] as const).filter((field) => old[field] == null && fresh[field] != null),
  );
  const flags = [...(old.flags ?? []), ...(fresh.flags ?? []).filter((flag) => filled.has(flag.field))];
  if (flags.length > 0 || old.flags !== undefined) merged.flags = flags;
  return merged;
}
