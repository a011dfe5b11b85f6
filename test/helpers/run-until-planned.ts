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

/**
 * The demo feed dated as the listing `run` is due to deliver now (the real clock, less the 30 min delay): `run`
 * waits for a feed that carries the day it delivers, so a feed still on 2026-01-30 would never be delivered.
 */
export const DUE_DEMO_FEED = readFileSync(
  join(import.meta.dirname, '..', '..', 'demo', 'arxiv-rss-cs.xml'),
  'utf8',
).replaceAll('Fri, 30 Jan 2026', rssDateOf(latestListingDate(new Date(Date.now() - 30 * 60_000))));

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
