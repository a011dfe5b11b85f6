// `paperwire run` as the scheduler tests start it: the demo feed dated as the listing `run` is due to deliver now,
// and the built CLI run until it has planned its next wake-up, then stopped. test/run.e2e.test.ts and
// test/chat.e2e.test.ts share it.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { latestListingDate } from '../../src/select/window.js';
import { BIN } from './run-cli.js';

/** `Fri, 30 Jan 2026` for 2026-01-30, as a feed's `pubDate` writes it (the weekday is not read). */
function rssDateOf(listingDate: string): string {
  const date = new Date(`${listingDate}T12:00:00Z`);
  const month = date.toLocaleString('en-US', { month: 'short', timeZone: 'UTC' });
  return `Fri, ${date.getUTCDate()} ${month} ${date.getUTCFullYear()}`;
}

const DEMO_FEED = readFileSync(join(import.meta.dirname, '..', '..', 'demo', 'arxiv-rss-cs.xml'), 'utf8');

/**
 * The demo feed dated as the latest listing announced at the moment it is asked for (the real clock): `run` waits for
 * a feed that carries the day it delivers, so a feed still on 2026-01-30 would never be delivered. Made for each
 * request (serveFiles takes it as a function), so a test that crosses an announcement (20:00 US Eastern) is served
 * the new day, as arXiv would. The configs these tests write set `[schedule] delay_minutes = 0`
 * (`RUN_NOW_SCHEDULE`): with the default delay, `run` would deliver the day before the latest for half an hour after
 * each announcement, from the API, and wait for the feed to carry the latest before it does (a holiday check).
 */
export function dueDemoFeed(): string {
  return DEMO_FEED.replaceAll('Fri, 30 Jan 2026', rssDateOf(latestListingDate(new Date())));
}

/** The `[schedule]` table of the configs `runUntilPlanned` runs with: the latest listing is due as it is announced. */
export const RUN_NOW_SCHEDULE = '[schedule]\ndelay_minutes = 0\n';

/**
 * Starts the built `paperwire run` in `home` with `env` (and PATH), waits until it has planned its next wake-up
 * (holding the home's lock, asleep), calls `whilePlanned` if given, then stops it with `signal` (SIGTERM: once, as
 * a second one would end the process at once). A run that never plans is killed after 30 s.
 */
export function runUntilPlanned(
  home: string,
  env: NodeJS.ProcessEnv,
  options: { signal?: NodeJS.Signals; whilePlanned?: (pid: number) => Promise<void> } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'run'], {
      cwd: home,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let stderr = '';
    let isStopping = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      if (!isStopping && /^next: listing /m.test(stderr)) {
        isStopping = true;
        const whilePlanned = options.whilePlanned ?? (() => Promise.resolve());
        whilePlanned(child.pid ?? 0)
          .catch(reject)
          .finally(() => child.kill(options.signal ?? 'SIGTERM'));
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr });
    });
  });
}
