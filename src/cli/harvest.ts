// `paperwire harvest [--set SET] [--from D] [--until D]`: keeps the store's archive current from arXiv's OAI-PMH,
// page by page, each page saved with the harvest's position so that a killed harvest continues where it was.

import { UsageError } from '../errors.js';
import { countOf, isoDateOf, parseIsoDate, quoteInput, type IsoDate } from '../model.js';
import {
  ArxivOaiSource,
  parseSetName,
  type HarvestPosition,
  type HarvestRestart,
  type HarvestedPage,
} from '../sources/arxiv-oai/index.js';
import type { HarvestState, SaveResult } from '../store/store.js';
import { HARVEST_OPTIONS, parse } from './args.js';
import type { CliIo, CommandContext } from './io.js';
import { formatDuration } from './progress.js';
import { withLockedRuntime, type Runtime } from './runtime.js';

/** What the command line asks for; null: not given. */
interface HarvestArgs {
  set: string;
  from: IsoDate | null;
  until: IsoDate | null;
}

/** How this run starts: the state it updates page by page, and the stored position when it continues one. */
interface HarvestPlan {
  state: HarvestState;
  resumeAt: HarvestPosition | null;
}

export async function runHarvestCommand(args: string[], io: CliIo, context: CommandContext): Promise<number> {
  const { values } = parse(args, HARVEST_OPTIONS);
  if (values.help) {
    io.stdout(context.help);
    return 0;
  }
  const wanted: HarvestArgs = {
    set: values.set === undefined ? '' : parseSetName(values.set),
    from: parseDay('--from', values.from),
    until: parseDay('--until', values.until),
  };
  const today = isoDateOf(io.now());
  if (wanted.from !== null && wanted.from > today) {
    // arXiv has no record stamped after today: the answer would be an empty list, after a lock and a request.
    throw new UsageError(
      `--from ${wanted.from} is after today (${today} UTC), so there is nothing to harvest`,
      {
        hint: 'give a day that has passed, e.g. the last day you harvested, or leave --from out to go on from there',
      },
    );
  }
  if (wanted.from !== null && wanted.until !== null && wanted.until < wanted.from) {
    throw new UsageError(`--until ${wanted.until} is before --from ${wanted.from}`, {
      hint: 'give --until the same day as --from or a later one',
    });
  }
  const job = {
    name: 'harvest',
    doing: 'harvesting into',
    hint: 'wait for it to end, or stop it: a stopped harvest resumes where it stopped',
  } as const;
  return withLockedRuntime(values, io, job, async (runtime) => {
    const plan = planHarvest(runtime, wanted, io.now());
    const totals = await harvestPages(runtime, plan, io);
    io.stdout(`${summaryOf(plan.state, totals)}\n`);
    return 0;
  });
}

/**
 * Continues the set's unfinished harvest when the flags ask for the same range (or none); otherwise starts one.
 * Without --from, a new harvest starts where the last completed one of the set ended: its --until, else the day
 * it started. The first harvest of a set needs --from: a whole archive is hours of requests, never a default.
 */
function planHarvest(runtime: Runtime, wanted: HarvestArgs, now: Date): HarvestPlan {
  const { store, progress } = runtime;
  const stored = store.loadHarvestState(wanted.set);
  const setName = wanted.set === '' ? 'the whole archive' : `set ${wanted.set}`;
  if (stored !== null && stored.completedAt === null && stored.resumptionToken !== null) {
    const isSameRange =
      (wanted.from ?? stored.from) === stored.from && (wanted.until ?? stored.until) === stored.until;
    if (isSameRange) {
      progress.info(
        `continuing the harvest of ${setName}${rangeOf(stored)} after ${countOf(stored.pages, 'page')} and ` +
          countOf(stored.records, 'record'),
      );
      return {
        state: stored,
        resumeAt: {
          token: {
            value: stored.resumptionToken,
            cursor: stored.tokenCursor,
            completeListSize: null,
            expiresAt: stored.tokenExpiresAt,
          },
          lastDatestamp: stored.lastDatestamp,
        },
      };
    }
    progress.info(
      `the unfinished harvest of ${setName}${rangeOf(stored)} is left: starting the one asked for`,
    );
  }
  let from = wanted.from;
  if (from === null && stored !== null) {
    const completed = stored.completedAt === null ? null : (stored.until ?? isoDateOf(stored.startedAt));
    from = completed ?? stored.from;
    if (from !== null) progress.info(`harvesting ${setName} from ${from}, where its last harvest ended`);
  }
  if (from === null) {
    throw new UsageError(`no earlier harvest of ${setName} is stored, so the first one needs --from`, {
      hint: `e.g. --from ${isoDateOf(new Date(now.getTime() - 7 * 86_400_000))}; the whole archive: --from 2005-09-16, arXiv's earliest datestamp`,
    });
  }
  return {
    state: {
      set: wanted.set,
      from,
      until: wanted.until,
      resumptionToken: null,
      tokenExpiresAt: null,
      tokenCursor: null,
      lastDatestamp: null,
      records: 0,
      pages: 0,
      startedAt: now,
      completedAt: null,
    },
    resumeAt: null,
  };
}

/** What this run did, for the summary line. */
interface RunTotals extends SaveResult {
  pages: number;
  deleted: number;
  problems: number;
  /** The list's latest restart in this run (its token lost); null when it was not restarted. */
  restart: HarvestRestart | null;
}

/** Harvests page by page; each page's papers and the new position are saved in one transaction. */
async function harvestPages(runtime: Runtime, plan: HarvestPlan, io: CliIo): Promise<RunTotals> {
  const { store, progress, client, config } = runtime;
  const source = new ArxivOaiSource({ client, baseUrl: config.endpoints.arxivOai, now: io.now });
  const totals: RunTotals = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    pages: 0,
    deleted: 0,
    problems: 0,
    restart: null,
  };
  const startedAtMs = io.now().getTime();
  const { state } = plan;
  const onPage = (page: HarvestedPage): void => {
    state.pages += 1;
    state.records += page.records.length;
    state.resumptionToken = page.next?.value ?? null;
    state.tokenExpiresAt = page.next?.expiresAt ?? null;
    state.tokenCursor = page.next?.cursor ?? null;
    state.lastDatestamp = page.lastDatestamp;
    state.completedAt = page.next === null ? io.now() : null;
    const saved = store.saveHarvestPage(
      page.records.map(({ paper, versions }) => ({ paper, versions })),
      state,
    );
    totals.inserted += saved.inserted;
    totals.updated += saved.updated;
    totals.unchanged += saved.unchanged;
    totals.pages += 1;
    totals.deleted += page.deletedIds.length;
    totals.problems += page.problems.length;
    totals.restart = page.restart;
    for (const problem of page.problems) progress.warn(`problem: ${problem.where}: ${problem.what}`);
    progress.show(
      statusOf(totals, io.now().getTime() - startedAtMs, page.next?.completeListSize ?? null, state),
    );
  };
  await source.harvest(
    { set: state.set === '' ? null : state.set, from: state.from, until: state.until },
    plan.resumeAt,
    { onPage, onNotice: (line) => progress.warn(line) },
  );
  return totals;
}

/** `harvested 5000 records, 2 pages, 410 records/s` (and the time left when the old endpoint counts the list). */
function statusOf(
  totals: RunTotals,
  elapsedMs: number,
  listSize: number | null,
  state: HarvestState,
): string {
  const records = totals.inserted + totals.updated + totals.unchanged;
  const perSecond = elapsedMs > 0 ? Math.round((records * 1000) / elapsedMs) : 0;
  const left =
    listSize !== null && perSecond > 0 && listSize > state.records
      ? `, about ${formatDuration(((listSize - state.records) / perSecond) * 1000)} left`
      : '';
  return `harvested ${countOf(records, 'record')}, ${countOf(totals.pages, 'page')}, ${perSecond} records/s${left}`;
}

function summaryOf(state: HarvestState, totals: RunTotals): string {
  const name = state.set === '' ? 'all' : state.set;
  const records = totals.inserted + totals.updated + totals.unchanged;
  const end = state.completedAt === null ? 'unfinished' : 'complete';
  return (
    `harvest ${name}${rangeOf(state)}: ${countOf(records, 'record')} in ${countOf(totals.pages, 'page')} ` +
    `(${totals.inserted} new, ${totals.updated} updated, ${totals.unchanged} unchanged), ` +
    `${totals.deleted} deleted, ${totals.problems} problems; ${end}${restartNoteOf(totals.restart, state)}`
  );
}

/**
 * What the counts mean after a restart: records and pages are counted as received, so the restarted list's records
 * harvested before it (that day's, or all from the request's `from`) count twice, here and in the harvest's totals
 * (the `harvests` row): the row does not hold what telling them apart would need (how many records of the latest
 * datestamp were counted).
 */
function restartNoteOf(restart: HarvestRestart | null, state: HarvestState): string {
  if (restart === null) return '';
  const why =
    restart.reason === 'expired' ? 'its resumption token had expired' : 'arXiv refused its resumption token';
  const where = restart.from === null ? 'the start' : `datestamp ${restart.from}`;
  const again =
    restart.from === null || restart.from === state.from
      ? 'every record harvested before it'
      : "that day's records harvested before it";
  return (
    `; the list restarted from ${where} (${why}): ${again} came again and counted again, in these counts ` +
    `and the harvest's totals (${countOf(state.records, 'record')} in ${countOf(state.pages, 'page')})`
  );
}

function rangeOf(state: Pick<HarvestState, 'from' | 'until'>): string {
  return ` from ${state.from ?? 'the start'}${state.until === null ? '' : ` until ${state.until}`}`;
}

/** `--from`/`--until YYYY-MM-DD`, or null when not given. */
function parseDay(flag: string, value: string | undefined): IsoDate | null {
  if (value === undefined) return null;
  const date = parseIsoDate(value);
  if (date === null) {
    throw new UsageError(`${flag} ${quoteInput(value)} is not a real date`, {
      hint: 'write it as YYYY-MM-DD, e.g. 2026-11-30',
    });
  }
  return date;
}
