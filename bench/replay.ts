// The search pool's order replayed in virtual time (bench/search.ts): 8 clients on 2 threads, each request costing
// what its path cost one in flight, ordered by the real SearchSchedule. What the order alone does, whatever else runs
// on the machine (the bench's own 8-in-flight runs measure it with the machine's load in them).
import { SearchSchedule } from '../src/server/search-schedule.js';
import { seeded } from '../test/helpers/seeded.js';

/** A request waiting in the replay: its client and what it will cost. */
interface Replayed {
  arrivedMs: number;
  costMs: number;
}

/**
 * p50 and p99 latency (ms) of `requests` requests, `inFlight` clients each asking the paths in turn (as
 * bench/load.ts does) of `threads` threads ordered with `stretch` (0: oldest first); each request costs one of its
 * path's `samples`, drawn with a fixed seed.
 */
export function replaySchedule(
  samples: readonly { path: string; ms: number }[],
  stretch: number,
  { threads = 2, inFlight = 8, requests = 20_000 } = {},
): { p50: number; p99: number } {
  const random = seeded(22);
  const costsOf = new Map<string, number[]>();
  for (const { path, ms } of samples) costsOf.set(path, [...(costsOf.get(path) ?? []), ms]);
  const paths = [...costsOf.keys()];
  const schedule = new SearchSchedule<Replayed>(stretch);
  const running: ({ item: Replayed; answered: (nowMs: number) => void; doneMs: number } | null)[] =
    Array.from({ length: threads }, () => null);
  const latencies: number[] = [];
  let next = 0;
  const ask = (nowMs: number): void => {
    const path = paths[next % paths.length] ?? '';
    next += 1;
    const costs = costsOf.get(path) ?? [0];
    const costMs = costs[Math.floor(random() * costs.length)] ?? 0;
    schedule.add({ arrivedMs: nowMs, costMs }, `http://bench${path}`, nowMs);
  };
  for (let client = 0; client < inFlight; client += 1) ask(0);
  let nowMs = 0;
  while (latencies.length < requests) {
    running.forEach((slot, at) => {
      if (slot !== null) return;
      const taken = schedule.takeNext(nowMs);
      if (taken !== undefined) running[at] = { ...taken, doneMs: nowMs + taken.item.costMs };
    });
    const first = running.reduce(
      (best, slot, at) => (slot !== null && slot.doneMs < (running[best]?.doneMs ?? Infinity) ? at : best),
      0,
    );
    const done = running[first];
    if (done === null || done === undefined) break;
    running[first] = null;
    nowMs = done.doneMs;
    done.answered(nowMs);
    latencies.push(nowMs - done.item.arrivedMs);
    ask(nowMs);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number): number =>
    latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { p50: at(0.5), p99: at(0.99) };
}
