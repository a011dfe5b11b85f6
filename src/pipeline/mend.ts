// The mend stage of `run`: a digest delivered while its translations failed (the LLM down, a timeout) is archived
// with those papers in English; a later pass translates what failed, so the archive, the web UI, the feeds and the
// site show them translated. What was delivered then (e-mail, chat, a file) stays as it was sent.

import { translatePapers } from '../enrich/translate.js';
import type { Digest, DigestEntry, Paper, PaperTranslation, Problem, Profile } from '../model.js';
import type { PipelineDeps } from './digest.js';

const FAILED_RULE = 'translation-failed';

/** What a mend did: the papers it translated now, those still failing, and the digest to save when any were. */
export interface MendResult {
  mended: number;
  failing: number;
  digest: Digest;
}

/** The papers of `digest` whose title, abstract or TL;DR failed to translate (its `translation-failed` problems). */
export function failedTranslationsOf(digest: Digest): Set<string> {
  const ids = new Set<string>();
  for (const problem of digest.problems) {
    if (problem.rule !== FAILED_RULE) continue;
    const arxivId = /^paper (\S+)$/.exec(problem.where)?.[1];
    if (arxivId !== undefined) ids.add(arxivId);
  }
  return ids;
}

/**
 * Translates again the papers of `digest` whose translation failed, through the cache (the fields that succeeded
 * then come from it, with no request) and the profile's budgets, and returns the digest with the new translations,
 * the problems of what still fails, a notice saying when they were added, and `generatedAt` set to `now` (so a
 * running `serve` reads it again). Null when nothing failed, or nothing can be translated (no translator).
 */
export async function mendTranslations(
  digest: Digest,
  profile: Pick<Profile, 'tldr' | 'maxTokens' | 'maxPapers'>,
  deps: Pick<PipelineDeps, 'translator' | 'cache' | 'glossary' | 'concurrency'>,
  now: Date,
): Promise<MendResult | null> {
  const failed = failedTranslationsOf(digest);
  if (failed.size === 0 || digest.lang === 'en' || deps.translator === null) return null;
  const papers = new Map<string, Paper>();
  for (const section of digest.sections)
    for (const entry of section.entries)
      if (failed.has(entry.paper.arxivId)) papers.set(entry.paper.arxivId, entry.paper);
  const run = await translatePapers([...papers.values()], {
    translator: deps.translator,
    cache: deps.cache,
    lang: digest.lang,
    concurrency: deps.concurrency,
    userGlossary: deps.glossary?.[digest.lang] ?? [],
    tldr: profile.tldr ?? false,
    maxTokens: profile.maxTokens ?? null,
    maxPapers: profile.maxPapers ?? null,
  });
  const stillFailing = new Set(run.problems.map((problem) => problem.where));
  const mended = [...papers.keys()].filter((arxivId) => !stillFailing.has(`paper ${arxivId}`)).length;
  const failing = papers.size - mended;
  if (mended === 0) return { mended, failing, digest };
  const mendEntry = (entry: DigestEntry): DigestEntry => {
    const fresh = run.translations.get(entry.paper.arxivId);
    return fresh === undefined
      ? entry
      : { ...entry, translation: mergedTranslation(entry.translation, fresh) };
  };
  const problems: Problem[] = [
    ...digest.problems.filter((problem) => problem.rule !== FAILED_RULE || !papers.has(idOf(problem))),
    ...run.problems,
  ];
  const notice =
    `${mended} ${mended === 1 ? 'paper' : 'papers'} translated at ${now.toISOString().slice(0, 16).replace('T', ' ')} ` +
    'UTC, after failing when this digest was delivered (what was sent then shows them in English)';
  return {
    mended,
    failing,
    digest: {
      ...digest,
      generatedAt: now,
      sections: digest.sections.map((section) => ({ ...section, entries: section.entries.map(mendEntry) })),
      problems,
      notices: [...digest.notices, ...run.notices, notice],
    },
  };
}

function idOf(problem: Problem): string {
  return problem.where.replace(/^paper /, '');
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
