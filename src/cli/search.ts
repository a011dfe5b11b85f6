// `paperwire search`: full-text search over the papers in the store, narrowed by category, dates and author, as lines
// (each hit with its stored translation in the reader's language) or JSON.

import { UsageError } from '../errors.js';
import { oneOf } from '../config.js';
import { LANGS, normalizeSpace, stripControls, type Lang, type Relevance } from '../model.js';
import type { SearchHit, StoredTranslationTexts } from '../store/store.js';
import { findSearchFault } from '../select/query-parse.js';
import { SEARCH_OPTIONS, describeSearchFilters, parse, parseLimit, parseSearchFilterFlags } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { openLocalRuntime, type LocalRuntime } from './local-runtime.js';

/** Runs `paperwire search ARGS`. */
export async function runSearchCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values, positionals } = parse(args, SEARCH_OPTIONS, true);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const query = positionals.join(' ').trim();
  if (query === '')
    throw new UsageError('search needs a QUERY', { hint: 'e.g. paperwire search "GRPO entropy"' });
  const fault = findSearchFault(query);
  if (fault !== null) throw new UsageError(fault.message, { hint: fault.hint });
  const limit = parseLimit(values.limit, 20);
  const sort = oneOf(values.sort, SEARCH_SORTS, '--sort', 'sort') ?? 'best';
  const filters = parseSearchFilterFlags(values);
  const flagLang = oneOf(values.lang, LANGS, '--lang', 'lang');
  const runtime = openLocalRuntime(values, io, 'search');
  try {
    const lang = flagLang ?? readerLangOf(runtime);
    const found = runtime.store.searchPapers(query, { limit, ...filters });
    const hits: RankedHit[] = sort === 'relevance' ? await rankHitsByRelevance(found, runtime) : found;
    const translationOf = (hit: RankedHit): StoredTranslationTexts =>
      lang === 'en'
        ? { title: null, abstract: null }
        : runtime.store.loadPaperTranslation(hit.paper.arxivId, lang);
    if (values.json) {
      io.stdout(
        `${JSON.stringify(
          hits.map((hit) => ({
            ...hit.paper,
            score: hit.score,
            ...relevanceOf(hit),
            translation: lang === 'en' ? null : { lang, ...translationOf(hit) },
          })),
          null,
          2,
        )}\n`,
      );
    } else if (hits.length === 0) {
      io.stdout(`no paper in the store matches "${query}"${describeSearchFilters(filters)}\n`);
    } else {
      for (const hit of hits) {
        const translated = translationOf(hit).title;
        io.stdout(
          // A title stored by an older version may hold control characters: print it as text only.
          `${hit.paper.arxivId}  ${normalizeSpace(stripControls(hit.paper.title))}\n` +
            (translated === null ? '' : `    ${normalizeSpace(stripControls(translated))}\n`) +
            `    https://arxiv.org/abs/${hit.paper.arxivId}\n` +
            (hit.relevance === undefined ? '' : `    ${stripControls(formatRelevanceLine(hit.relevance))}\n`),
        );
      }
    }
    return 0;
  } finally {
    runtime.progress.finish();
    runtime.store.close();
  }
}

/** The reader's language: the default profile's (`lang` in paperwire.toml, `zh` unless set). */
function readerLangOf(runtime: LocalRuntime): Lang {
  return runtime.config.profiles.get(runtime.config.defaultProfile)?.lang ?? 'en';
}

/** ` (in cs.LG, from 2024-01-01)`: the filters that narrowed a search that found nothing, or ''. */
/** `search --sort`: `best` (full-text rank, the default) or `relevance` (the reader's model over the hits). */
const SEARCH_SORTS = ['best', 'relevance'] as const;

type RankedHit = SearchHit & { relevance?: Relevance };

/**
 * The hits in relevance order (pipeline/relevance.ts, loaded only for `--sort relevance`), each with its relevance;
 * on a cold start the full-text order is kept and the notice goes to stderr.
 */
async function rankHitsByRelevance(hits: SearchHit[], runtime: LocalRuntime): Promise<RankedHit[]> {
  const [{ scoreRelevance, COLD_START_NOTICE }, { rankEntries }] = await Promise.all([
    import('../pipeline/relevance.js'),
    import('../rank/rank.js'),
  ]);
  const run = await scoreRelevance(
    hits.map((hit) => hit.paper),
    { store: runtime.store },
  );
  if (run.isColdStart) runtime.progress.warn(`notice: ${COLD_START_NOTICE}`);
  const scores = new Map([...run.scores].map(([arxivId, scored]) => [arxivId, scored.score]));
  return rankEntries(hits, 'relevance', { relevance: scores }).map((hit) => {
    const relevance = run.scores.get(hit.paper.arxivId);
    return relevance === undefined ? hit : { ...hit, relevance };
  });
}

function relevanceOf(hit: RankedHit): { relevance?: Relevance } {
  return hit.relevance === undefined ? {} : { relevance: hit.relevance };
}

/** `relevance 0.82 · close to '…' in your library; words: …` */
function formatRelevanceLine(relevance: Relevance): string {
  const reasons = relevance.reasons.join('; ');
  return `relevance ${relevance.score.toFixed(2)}${reasons === '' ? '' : ` · ${reasons}`}`;
}
