// The long-running `paperwire run`: after each arXiv announcement (Sunday–Thursday 20:00 US Eastern) and a
// delay, builds and delivers every profile's digest, catching up on listing dates missed while it was down.
// A composition root: it builds the profile runner from the pipeline and the publish flow (publish.ts).

import { setTimeout as sleepTimer } from 'node:timers/promises';
import { ConfigError, ListingNotReadyError, NoAnnouncementError, formatError } from './errors.js';
import type { ChatTarget, Digest, IsoDate, Profile, RatingKind } from './model.js';
import { addDays, countOf } from './model.js';
import { buildDigest, type PipelineDeps } from './pipeline/digest.js';
import {
  chatTarget,
  emailTarget,
  fileTarget,
  missingSmtpError,
  pendingDeliveries,
  publishDigest,
  renamedSkipLine,
  type DeliveryTarget,
  type MailSettings,
  type PublishDeps,
  type PublishEvent,
} from './publish.js';
import { failedTranslationsOf, mendTranslations, type MendResult } from './pipeline/mend.js';
import { renderJson } from './render/text/json.js';
import { parseDigestJson } from './render/text/json-parse.js';
import { announcementFor, latestListingDate, listingDatesBetween, nextListingDate } from './select/window.js';
import type { Store } from './store/store.js';

/** The delivery target the scheduler records once every target of a profile's digest was delivered. */
export const RUN_TARGET = 'run';
/** A failed profile is tried again this long after the pass that failed (or at the next announcement). */
const DEFAULT_RETRY_MS = 60 * 60_000;
/** No single sleep is longer: a laptop that was suspended, or a clock that was changed, is noticed within it. */
const DEFAULT_MAX_SLEEP_MS = 60 * 60_000;
/** How far before the catch-up window to look for a profile's first run (one never run gets the latest only). */
const HISTORY_DAYS = 30;

const MS_PER_MINUTE = 60_000;

export interface SchedulerDeps {
  now: () => Date;
  /** Resolves after `ms`, or rejects (or resolves early) once `signal` aborts. `sleepFor` is the real one. */
  sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Builds and delivers one profile's digest of one listing date; throws when any delivery failed. */
  runProfile: (profile: string, listingDate: IsoDate, signal: AbortSignal) => Promise<void>;
  /**
   * Translates again what failed in one delivered digest (`createTranslationMender`); absent: nothing is mended.
   * Called for every delivered date of the catch-up window after each pass, so at least hourly (`maxSleepMs`).
   */
  mendProfile?: (profile: string, listingDate: IsoDate) => Promise<MendOutcome>;
  /** Where finished runs are recorded (target `run`), so nothing is ever sent twice. */
  store: Pick<Store, 'loadDelivery' | 'saveDelivery'>;
  profiles: readonly string[];
  /**
   * How long after 20:00 Eastern to start: arXiv's RSS feed and API can take a while to carry the new listing
   * (config.ts's `[schedule] delay_minutes`, 30 by default).
   */
  delayMs: number;
  /** One line per action. */
  log: (line: string) => void;
  /** How many calendar days back to catch up on missed listing dates; 0 catches up on none. */
  catchUpDays: number;
  retryMs?: number;
  maxSleepMs?: number;
}

/** One profile's digest of one listing date, due to be built and delivered. */
interface DueRun {
  profile: string;
  listingDate: IsoDate;
}

export interface Scheduler {
  /** Runs until `signal` aborts: what is due now, then sleeps until the next announcement plus the delay. */
  run(signal: AbortSignal): Promise<void>;
  /** The first listing date whose announcement plus the delay is after `now`, and that instant. */
  planNext(now: Date): { at: Date; listingDate: IsoDate };
  /** What is due at `now` and not yet recorded as delivered, oldest listing date first. */
  planDue(now: Date): DueRun[];
}

/** The scheduler. Nothing runs until `run` is called. */
export function createScheduler(deps: SchedulerDeps): Scheduler {
  const retryMs = deps.retryMs ?? DEFAULT_RETRY_MS;
  const maxSleepMs = deps.maxSleepMs ?? DEFAULT_MAX_SLEEP_MS;
  const isDelivered = (profile: string, listingDate: IsoDate): boolean =>
    deps.store.loadDelivery(profile, listingDate, RUN_TARGET) !== null;

  function planNext(now: Date): { at: Date; listingDate: IsoDate } {
    const listingDate = nextListingDate(latestListingDate(new Date(now.getTime() - deps.delayMs)));
    // nextListingDate only returns dates that have an announcement.
    const announcedAt = announcementFor(listingDate)?.announcedAt ?? now;
    return { at: new Date(announcedAt.getTime() + deps.delayMs), listingDate };
  }

  function planDue(now: Date): DueRun[] {
    const latestDue = latestListingDate(new Date(now.getTime() - deps.delayMs));
    const windowStart = addDays(latestDue, -Math.max(0, deps.catchUpDays));
    const window = listingDatesBetween(windowStart, latestDue);
    const span = listingDatesBetween(addDays(windowStart, -HISTORY_DAYS), latestDue);
    const due: DueRun[] = [];
    for (const profile of deps.profiles) {
      const delivered = new Set(span.filter((date) => isDelivered(profile, date)));
      const first = span.find((date) => delivered.has(date));
      // Missed = not delivered since the profile's first run. A profile never run starts with the latest listing
      // rather than a flood of old ones.
      const dates = first === undefined ? [latestDue] : window.filter((date) => date > first);
      for (const listingDate of dates) if (!delivered.has(listingDate)) due.push({ profile, listingDate });
    }
    return due.sort((a, b) => (a.listingDate < b.listingDate ? -1 : a.listingDate > b.listingDate ? 1 : 0));
  }

  /**
   * The listing dates of each profile older than the catch-up window that were never delivered (down longer than the
   * window, or failing until they left it): no pass tries them again, so they are said once per process.
   */
  const toldLeftBehind = new Set<string>();
  function logLeftBehind(now: Date): void {
    const latestDue = latestListingDate(new Date(now.getTime() - deps.delayMs));
    const windowStart = addDays(latestDue, -Math.max(0, deps.catchUpDays));
    const span = listingDatesBetween(addDays(windowStart, -HISTORY_DAYS), latestDue);
    for (const profile of deps.profiles) {
      const delivered = span.filter((date) => isDelivered(profile, date));
      const first = delivered[0];
      if (first === undefined) continue;
      const missed = span.filter(
        (date) =>
          date > first &&
          date < windowStart &&
          !delivered.includes(date) &&
          !toldLeftBehind.has(`${profile} ${date}`),
      );
      if (missed.length === 0) continue;
      for (const date of missed) toldLeftBehind.add(`${profile} ${date}`);
      const shown =
        missed.length > 5 ? `${missed.slice(0, 2).join(', ')}, … ${missed.at(-1)}` : missed.join(', ');
      deps.log(
        `${profile}: ${missed.length} listing ${missed.length === 1 ? 'date' : 'dates'} older than the catch-up window ` +
          `(${deps.catchUpDays} days) not delivered and not tried again: ${shown}; ` +
          `\`paperwire digest --date D --profile ${profile}\` delivers one by hand ([schedule] catch_up_days widens it)`,
      );
    }
  }

  /** Mends the translations of the digests delivered in the catch-up window, one line for each that changed. */
  async function mendDelivered(signal: AbortSignal): Promise<void> {
    const mend = deps.mendProfile;
    if (mend === undefined) return;
    const latestDue = latestListingDate(new Date(deps.now().getTime() - deps.delayMs));
    const window = listingDatesBetween(addDays(latestDue, -Math.max(0, deps.catchUpDays)), latestDue);
    for (const profile of deps.profiles) {
      for (const listingDate of window) {
        if (signal.aborted) return;
        if (!isDelivered(profile, listingDate)) continue;
        try {
          const outcome = await mend(profile, listingDate);
          if (outcome === null) continue;
          // Nothing of it translated. When the translator still fails (asked, it answered nothing usable), the other
          // digests would each pay those failures (timeouts, at worst) before the next announcement: not this pass.
          // A text that is never sent (too long) or a budget says nothing about the next digest: go on to it.
          if (outcome.mended === 0) {
            if (outcome.isTranslatorFailing) return;
            continue;
          }
          const still = outcome.failing > 0 ? `; ${outcome.failing} still failing, tried again later` : '';
          deps.log(
            `${profile} ${listingDate}: translated ${outcome.mended} ${outcome.mended === 1 ? 'paper' : 'papers'} ` +
              `that failed at delivery; the archive shows them, what was sent stays as sent${still}`,
          );
        } catch (error) {
          deps.log(
            `${profile} ${listingDate}: translations not mended: ${formatError(error).replace(/^paperwire: /, '')}`,
          );
        }
      }
    }
  }

  /** Runs what is due; returns how many runs failed. */
  async function runDue(signal: AbortSignal): Promise<number> {
    const due = planDue(deps.now());
    logLeftBehind(deps.now());
    const latest = due.at(-1)?.listingDate;
    const missed = new Set(due.filter((run) => run.listingDate !== latest).map((run) => run.listingDate));
    if (missed.size > 0) deps.log(`catching up on missed listing dates: ${[...missed].join(', ')}`);
    let failures = 0;
    for (const { profile, listingDate } of due) {
      if (signal.aborted) break;
      try {
        await deps.runProfile(profile, listingDate, signal);
        deps.store.saveDelivery(profile, listingDate, RUN_TARGET, deps.now());
        deps.log(`${profile} ${listingDate}: delivered`);
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the signal may abort during the await above; TypeScript's narrowing cannot see that
        if (signal.aborted) break;
        const reason = formatError(error).replace(/^paperwire: /, '');
        if (error instanceof NoAnnouncementError) {
          // arXiv made no announcement for it after all (listing.ts: a holiday the calendar does not know): there is
          // nothing to deliver for it, now or later, so it is recorded as done.
          deps.store.saveDelivery(profile, listingDate, RUN_TARGET, deps.now());
          deps.log(`${profile} ${listingDate}: nothing to deliver: ${reason}`);
          continue;
        }
        failures += 1;
        if (error instanceof ListingNotReadyError) {
          // arXiv's feed or API lags the announcement: nothing was delivered or recorded; the retry comes soon.
          const retryAt = new Date(deps.now().getTime() + retryMs).toISOString();
          deps.log(`${profile} ${listingDate}: not ready, retrying at ${retryAt}: ${reason}`);
        } else {
          deps.log(`${profile} ${listingDate}: failed, will retry: ${reason}`);
        }
      }
    }
    return failures;
  }

  async function run(signal: AbortSignal): Promise<void> {
    deps.log(
      `scheduler started: ${deps.profiles.length === 0 ? 'no profiles' : `profiles ${deps.profiles.join(', ')}`}; ` +
        `${Math.round(deps.delayMs / MS_PER_MINUTE)} min after each announcement; ` +
        `catching up ${deps.catchUpDays} days`,
    );
    let planned = '';
    while (!signal.aborted) {
      const failures = await runDue(signal);
      await mendDelivered(signal);
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the signal may abort during the await above; TypeScript's narrowing cannot see that
      if (signal.aborted) break;
      const now = deps.now();
      const next = planNext(now);
      let waitMs = next.at.getTime() - now.getTime();
      if (failures > 0 && retryMs < waitMs) {
        waitMs = retryMs;
        deps.log(`retrying ${failures} failed at ${new Date(now.getTime() + retryMs).toISOString()}`);
        planned = '';
      } else if (planned !== next.listingDate) {
        deps.log(`next: listing ${next.listingDate} at ${next.at.toISOString()}`);
        planned = next.listingDate;
      }
      try {
        await deps.sleep(Math.max(0, Math.min(waitMs, maxSleepMs)), signal);
      } catch (error) {
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- the signal may abort during the await above; TypeScript's narrowing cannot see that
        if (signal.aborted) break;
        throw error;
      }
    }
    deps.log('scheduler stopped');
  }

  return { run, planNext, planDue };
}

/** The real sleep: a timer that rejects with an AbortError when `signal` aborts. */
export function sleepFor(ms: number, signal: AbortSignal): Promise<void> {
  return sleepTimer(ms, undefined, { signal });
}

export interface ProfileRunnerDeps {
  pipeline: PipelineDeps;
  profiles: ReadonlyMap<string, Profile>;
  /** The e-mail recipients of a profile (its `email` key); empty for none. */
  recipientsOf: (profile: Profile) => readonly string[];
  /** The chat targets of a profile (its `notify` list, resolved); absent: none. */
  chatTargetsOf?: (profile: Profile) => readonly ChatTarget[];
  /** Sends chat messages (http.ts's client); needed when a profile has chat targets. */
  chatClient?: PublishDeps['chatClient'];
  /** The SMTP server and sender; null when `[smtp]` is not configured. */
  mail: MailSettings | null;
  /** Where the web UI shows a digest, linked from the e-mail; null for no link. */
  webUrlOf: (profile: string, listingDate: IsoDate) => string | null;
  /** The signed rating link of a paper and rating (render/html/email.ts); absent or null: the e-mail has none. */
  rateUrl?: ((arxivId: string, kind: RatingKind) => string) | null;
  /** Turns a profile's `out` (with `{date}` already replaced) into an absolute path. */
  resolvePath: (path: string) => string;
  now: () => Date;
  log: (line: string) => void;
  /** publish.ts's `holdDeliveries`: the home's `deliver` lock, shared with every `digest` on the home. */
  holdDeliveries: PublishDeps['holdDeliveries'];
}

/**
 * The scheduler's `runProfile`: builds the digest (from the store's listing or fetched), then publishes it
 * (publish.ts: saved to the archive, delivered to every target not yet recorded in the store, `file:PATH`,
 * `email:ADDRESS` (one message per address) and `chat:NAME` (its messages recorded one by one), each recorded right after it succeeded). Every target is tried; throws
 * one error naming the failed ones, so a retry sends only what is missing. A listing that is not whole yet throws
 * `ListingNotReadyError` before anything is archived or delivered.
 */
export function createProfileRunner(
  deps: ProfileRunnerDeps,
): (profileName: string, listingDate: IsoDate) => Promise<void> {
  const { store } = deps.pipeline;
  return async (profileName, listingDate) => {
    const profile = deps.profiles.get(profileName);
    if (profile === undefined)
      throw new ConfigError(`profile ${profileName}`, 'no such profile in the config file');
    const targets = targetsOf(profile, listingDate, deps);
    const pending = pendingDeliveries(store, { profile: profile.name, listingDate }, targets);
    if (targets.length > 0 && pending.length === 0) return;
    if (pending.some((target) => target.kind === 'email') && deps.mail === null) {
      throw missingSmtpError(profile.name);
    }
    // A listing not whole yet (RSS lag, a partial API answer) throws ListingNotReadyError: nothing is delivered.
    const { digest } = await buildDigest(
      { profile, listingDate, now: deps.now(), refresh: false, requireComplete: true },
      deps.pipeline,
    );
    const say = (line: string): void => deps.log(`${profile.name} ${listingDate}: ${line}`);
    await publishDigest(
      {
        digest,
        style: profile.style,
        lang: profile.lang,
        sort: profile.sort,
        output: null,
        deliveries: pending,
        resend: false,
        configuredProfiles: [...deps.profiles.keys()],
        onFailure: 'tryAll',
      },
      {
        store,
        mail: deps.mail,
        webUrlOf: deps.webUrlOf,
        rateUrl: deps.rateUrl ?? null,
        chatClient: deps.chatClient ?? null,
        now: deps.now,
        holdDeliveries: deps.holdDeliveries,
        onEvent: (event) => {
          if (event.kind === 'delivered')
            say(`sent to ${event.target.name} (${sentCountOf(event, digest.paperCount)})`);
          if (event.kind === 'skipped' && event.renamedFrom !== undefined) say(renamedSkipLine(event));
          if (event.kind === 'failed') {
            say(`${event.target.name} failed: ${formatError(event.error).replace(/^paperwire: /, '')}`);
          }
        },
      },
    );
    if (targets.length === 0) say('no delivery target; saved to the archive');
  };
}

/**
 * What mending one delivered digest did; null when nothing was tried (nothing failed in it, it was built moments ago,
 * or it was replaced meanwhile).
 */
export type MendOutcome = Omit<MendResult, 'digest'> | null;

/**
 * A digest built this recently is not mended yet: it met the same provider moments ago. The scheduler's next pass
 * (within `maxSleepMs`) tries it.
 */
const MEND_AFTER_MS = 15 * MS_PER_MINUTE;

/**
 * The scheduler's `mendProfile`: reads the archived digest of a profile and listing date and, when translations
 * failed in it (pipeline/mend.ts), translates them again and saves it back, unless another save replaced it
 * meanwhile. Nothing is delivered again.
 */
export function createTranslationMender(
  deps: Pick<ProfileRunnerDeps, 'pipeline' | 'profiles' | 'now'>,
): (profileName: string, listingDate: IsoDate) => Promise<MendOutcome> {
  const { store } = deps.pipeline;
  // The digests whose stored document does not read (by profile, date and save time): each is said once, then left
  // alone until it is saved again, rather than said on every pass of a `run` that runs for weeks.
  const unreadable = new Set<string>();
  return async (profileName, listingDate) => {
    const profile = deps.profiles.get(profileName);
    const stored = store.loadDigest(profileName, listingDate);
    if (profile === undefined || stored === null) return null;
    const key = `${profileName} ${listingDate} ${stored.generatedAt.toISOString()}`;
    if (unreadable.has(key)) return null;
    let digest: Digest;
    try {
      digest = parseDigestJson(stored.json);
    } catch (error) {
      unreadable.add(key);
      throw error;
    }
    const failed = failedTranslationsOf(digest);
    if (failed.size === 0) return null;
    const now = deps.now();
    if (now.getTime() - stored.generatedAt.getTime() < MEND_AFTER_MS) return null;
    const result = await mendTranslations(digest, profile, deps.pipeline, now);
    if (result === null) return null;
    if (result.mended > 0) {
      const json = renderJson(result.digest);
      const replaced = store.replaceDigest({ ...stored, generatedAt: now, json }, stored.generatedAt);
      if (!replaced) return null;
    }
    return {
      mended: result.mended,
      failing: result.failing,
      isTranslatorFailing: result.isTranslatorFailing,
    };
  };
}

function targetsOf(profile: Profile, listingDate: IsoDate, deps: ProfileRunnerDeps): DeliveryTarget[] {
  const targets: DeliveryTarget[] = [];
  if (profile.out !== null)
    targets.push(fileTarget(deps.resolvePath(profile.out.replaceAll('{date}', listingDate))));
  for (const address of deps.recipientsOf(profile)) targets.push(emailTarget(address));
  for (const chat of deps.chatTargetsOf?.(profile) ?? []) targets.push(chatTarget(chat));
  return targets;
}

/** `12 papers`; for a chat target `2 messages, 3 papers sent before`. */
function sentCountOf(event: PublishEvent & { kind: 'delivered' }, paperCount: number): string {
  if (event.messages === undefined) return countOf(paperCount, 'paper');
  const { sent, skipped } = event.messages;
  return `${sent} message${sent === 1 ? '' : 's'}${skipped > 0 ? `, ${skipped} paper${skipped === 1 ? '' : 's'} sent before` : ''}`;
}
