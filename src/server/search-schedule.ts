// The order in which the search pool's waiting requests reach a thread: oldest first (serve's), or earliest deadline
// first, each request's deadline its arrival plus a stretch (DEADLINE_STRETCH) times what requests of its kind have
// cost, which bench/search.ts measures beside it (docs/web.md, Search in workers).

/** The query parameters that change what a search or trend costs: each adds a scan or a count to the plan. */
const COSTLY_PARAMS = ['category', 'from', 'until', 'author', 'keyword', 'by'] as const;

/**
 * A request is due this many times its expected cost after it comes: when it would be done if the 8 requests in flight
 * on 2 threads shared them evenly (4 to a thread), so a request is passed over only by those due before it. More
 * favours cheap requests at the expensive ones' cost: replayed on costs like the bench's at 1 M papers (bench/replay.ts),
 * 4 took the 8-in-flight p50 from 4.45 to 4.37 times one in flight's and the p99 from 3.4 to 3.9; 6 took them to 4.1
 * and 4.9 (docs/web.md). Measured on the real threads at 2.7 M papers, 4 took the p99 past 4 times one in flight's
 * (4.3–4.7) for no better p50, so `serve` orders oldest first (OldestFirst) and the bench measures this beside it.
 */
export const DEADLINE_STRETCH = 4;

/** What a kind is expected to cost before any request of any kind has been answered. */
const FIRST_COST_MS = 20;

/** How much of a kind's expected cost each new answer of that kind makes up (an exponential moving average). */
const COST_WEIGHT = 0.2;

/** An answer counts as at most this many times its kind's expected cost (`learn`). */
const OUTLIER_FACTOR = 2;

/**
 * The kind of a pooled request, which requests of alike cost share: its path, the costly filters it sets (a category,
 * a date bound, an author, a digest keyword, a trend's period) and, for a trend, how many queries it counts. The
 * words themselves are not part of it, so the kinds stay few whatever readers type.
 */
export function kindOf(url: string): string {
  const { pathname, searchParams } = new URL(url);
  const filters = COSTLY_PARAMS.filter((name) => (searchParams.get(name) ?? '').trim() !== '');
  const queries = pathname.endsWith('/trend') ? `:${Math.min(searchParams.getAll('q').length, 8)}q` : '';
  return `${pathname}${queries}?${filters.join('&')}`;
}

/** The order in which the pool sends waiting requests to its threads; times are the pool's clock in ms. */
export interface WaitingOrder<T> {
  /** Queues `item`, a request for `url`, arrived at `nowMs`. */
  add(item: T, url: string, nowMs: number): void;
  /** Takes out the request to send next, sent at `nowMs`, and what to call when it is answered; undefined when none waits. */
  takeNext(nowMs: number): { item: T; answered: (nowMs: number) => void } | undefined;
  /** Takes out every waiting request, oldest first. */
  takeAll(): T[];
}

/** Oldest first, whatever a request costs: `serve`'s order. */
export class OldestFirst<T> implements WaitingOrder<T> {
  private readonly waiting: T[] = [];

  add(item: T): void {
    this.waiting.push(item);
  }

  takeNext(): { item: T; answered: () => void } | undefined {
    const item = this.waiting.shift();
    return item === undefined ? undefined : { item, answered: () => undefined };
  }

  takeAll(): T[] {
    return this.waiting.splice(0);
  }
}

/** A request waiting in the schedule, with its kind and its deadline on the pool's clock. */
interface Waiting<T> {
  item: T;
  kind: string;
  deadlineMs: number;
  /** The order it came in, which breaks a tie of deadlines: the older goes first. */
  order: number;
}

/**
 * Waiting requests, handed out earliest deadline first. A cheap request that comes after an expensive one overtakes it
 * while its deadline is the earlier; a request arriving later than `stretch` times the expensive one's expected cost
 * after it never does, so no request is passed over for longer than that (no starvation). Times are the pool's clock
 * in ms (`performance.now()`, or a test's).
 */
export class SearchSchedule<T> implements WaitingOrder<T> {
  private readonly waiting: Waiting<T>[] = [];
  /** Each kind's expected cost in ms, learned from the answers (`learn`). */
  private readonly costsMs = new Map<string, number>();
  private arrivals = 0;

  constructor(private readonly stretch: number = DEADLINE_STRETCH) {}

  /** Queues `item`, a request for `url` (its kind: kindOf), arrived at `nowMs`. */
  add(item: T, url: string, nowMs: number): void {
    const kind = kindOf(url);
    this.arrivals += 1;
    const deadlineMs = nowMs + this.stretch * this.expectedCostMs(kind);
    this.waiting.push({ item, kind, deadlineMs, order: this.arrivals });
  }

  /**
   * Takes out the waiting request with the earliest deadline (the oldest of equal ones), sent at `nowMs`; its answer
   * teaches its kind's cost. Undefined when none waits.
   */
  takeNext(nowMs: number): { item: T; answered: (nowMs: number) => void } | undefined {
    let best = 0;
    this.waiting.forEach((candidate, at) => {
      const chosen = this.waiting[best];
      if (
        chosen !== undefined &&
        (candidate.deadlineMs < chosen.deadlineMs ||
          (candidate.deadlineMs === chosen.deadlineMs && candidate.order < chosen.order))
      ) {
        best = at;
      }
    });
    const [taken] = this.waiting.splice(best, 1);
    if (taken === undefined) return undefined;
    return { item: taken.item, answered: (answeredAtMs) => this.learn(taken.kind, answeredAtMs - nowMs) };
  }

  /** Takes out every waiting request, oldest first. */
  takeAll(): T[] {
    return this.waiting.splice(0).map(({ item }) => item);
  }

  /**
   * Records that a request of `kind` took `costMs` from being sent to a thread to its answer. One answer counts as at
   * most OUTLIER_FACTOR times the kind's expected cost: a thread stalled by other work once must not push the kind's
   * deadlines (stretch × cost) far out, which would leave its next requests behind every other kind's.
   */
  learn(kind: string, costMs: number): void {
    const known = this.costsMs.get(kind);
    if (known === undefined) {
      this.costsMs.set(kind, costMs);
      return;
    }
    const counted = Math.min(costMs, OUTLIER_FACTOR * known);
    this.costsMs.set(kind, known + COST_WEIGHT * (counted - known));
  }

  /** What a request of `kind` is expected to cost: its kind's learned cost, else the mean of the kinds known. */
  expectedCostMs(kind: string): number {
    const known = this.costsMs.get(kind);
    if (known !== undefined) return known;
    if (this.costsMs.size === 0) return FIRST_COST_MS;
    let sum = 0;
    for (const cost of this.costsMs.values()) sum += cost;
    return sum / this.costsMs.size;
  }
}
