// The search pool's order: a cheap request overtakes queued expensive ones, an expensive one is passed over only
// until its deadline, each kind's cost is learned from its answers; all on a clock the test gives.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { kindOf, OldestFirst, SearchSchedule, type WaitingOrder } from './search-schedule.js';

const CHEAP_URL = 'http://127.0.0.1/search?q=entropy';
const EXPENSIVE_URL = 'http://127.0.0.1/search?q=diffusion&category=cs.LG';
const CHEAP = kindOf(CHEAP_URL);
const EXPENSIVE = kindOf(EXPENSIVE_URL);

/** The stretch of the schedules here, whatever serve's (DEADLINE_STRETCH) is: a deadline is 6 times the cost. */
const STRETCH = 6;

/** A schedule that has learned that a plain search costs 10 ms and one with a category 40 ms. */
function learnedSchedule(): SearchSchedule<string> {
  const schedule = new SearchSchedule<string>(STRETCH);
  schedule.learn(CHEAP, 10);
  schedule.learn(EXPENSIVE, 40);
  return schedule;
}

/** Everything the schedule hands out, in order. */
function drain(schedule: SearchSchedule<string>): string[] {
  const order: string[] = [];
  for (let next = schedule.takeNext(0); next !== undefined; next = schedule.takeNext(0))
    order.push(next.item);
  return order;
}

describe('kindOf', () => {
  it('names the path and the costly filters set, not the words', () => {
    assert.equal(kindOf('http://h/search?q=graph'), kindOf('http://h/search?q=reinforcement+learning'));
    assert.equal(kindOf('http://h/search?q=graph&category=&from=+'), kindOf('http://h/search?q=graph'));
    assert.equal(
      kindOf('http://h/search?q=graph&until=2024&from=2023'),
      kindOf('http://h/search?from=2020&q=x&until=2021'),
    );
    const kinds = new Set(
      [
        '/search?q=a',
        '/api/search?q=a',
        '/search?q=a&category=cs',
        '/search?q=a&author=Levine',
        '/search?q=a&from=2024',
        '/search?q=a&keyword=rl',
        '/trend?q=a',
        '/trend?q=a&q=b',
        '/trend?q=a&by=month',
      ].map((path) => kindOf(`http://h${path}`)),
    );
    assert.equal(kinds.size, 9);
  });
});

describe('SearchSchedule', () => {
  it('hands out requests of one kind oldest first', () => {
    const schedule = learnedSchedule();
    for (const [at, name] of ['a', 'b', 'c'].entries()) schedule.add(name, CHEAP_URL, at);
    assert.deepEqual(drain(schedule), ['a', 'b', 'c']);
  });

  it('sends a cheap request before the expensive ones queued ahead of it', () => {
    const schedule = learnedSchedule();
    schedule.add('expensive 1', EXPENSIVE_URL, 0);
    schedule.add('expensive 2', EXPENSIVE_URL, 5);
    schedule.add('cheap', CHEAP_URL, 20);
    // Deadlines: 240, 245 and 80 ms.
    assert.deepEqual(drain(schedule), ['cheap', 'expensive 1', 'expensive 2']);
  });

  it('passes an expensive request over no longer than its deadline: a cheap one arriving after it waits', () => {
    const schedule = learnedSchedule();
    schedule.add('expensive', EXPENSIVE_URL, 0);
    // Its deadline is 6 × 40 = 240 ms: a cheap request (deadline its arrival + 60 ms) passes it only if it came
    // before 180 ms.
    schedule.add('cheap at 179', CHEAP_URL, 179);
    schedule.add('cheap at 181', CHEAP_URL, 181);
    schedule.add('cheap at 500', CHEAP_URL, 500);
    assert.deepEqual(drain(schedule), ['cheap at 179', 'expensive', 'cheap at 181', 'cheap at 500']);
  });

  it('never leaves an expensive request behind a stream of cheap ones for longer than its bound', () => {
    const schedule = learnedSchedule();
    schedule.add('expensive', EXPENSIVE_URL, 0);
    const boundMs = STRETCH * 40;
    // A cheap request every 5 ms, one taken out each time: the expensive one goes once the arrivals pass its bound.
    let nowMs = 0;
    let taken = '';
    for (; taken !== 'expensive' && nowMs <= 10_000; nowMs += 5) {
      schedule.add(`cheap at ${nowMs}`, CHEAP_URL, nowMs);
      taken = schedule.takeNext(0)?.item ?? '';
    }
    assert.ok(nowMs - 5 <= boundMs, `taken at ${nowMs - 5} ms, bound ${boundMs} ms`);
    assert.ok(nowMs - 5 >= boundMs - STRETCH * 10, `taken at ${nowMs - 5} ms: too early`);
  });

  it('orders oldest first with a stretch of 0', () => {
    const schedule = new SearchSchedule<string>(0);
    schedule.learn(CHEAP, 10);
    schedule.learn(EXPENSIVE, 40);
    schedule.add('expensive', EXPENSIVE_URL, 0);
    schedule.add('cheap', CHEAP_URL, 1);
    assert.deepEqual(drain(schedule), ['expensive', 'cheap']);
  });

  it('learns each kind’s cost from its answers, and expects the mean of the kinds known of a new kind', () => {
    const schedule = new SearchSchedule<string>();
    const first = schedule.expectedCostMs(CHEAP);
    assert.ok(first > 0);
    schedule.learn(CHEAP, 10);
    assert.equal(schedule.expectedCostMs(CHEAP), 10);
    schedule.learn(CHEAP, 20);
    assert.ok(schedule.expectedCostMs(CHEAP) > 10 && schedule.expectedCostMs(CHEAP) < 20);
    schedule.learn(EXPENSIVE, 50);
    const unknown = kindOf('http://h/search?q=a&author=Levine');
    assert.equal(
      schedule.expectedCostMs(unknown),
      (schedule.expectedCostMs(CHEAP) + schedule.expectedCostMs(EXPENSIVE)) / 2,
    );
  });

  it('counts one stalled answer as at most twice its kind’s cost', () => {
    const schedule = new SearchSchedule<string>();
    schedule.learn(CHEAP, 10);
    schedule.learn(CHEAP, 5000);
    // 10 + 0.2 × (2 × 10 − 10): the stall moved the cost as an answer of 20 ms would.
    assert.equal(schedule.expectedCostMs(CHEAP), 12);
  });

  it('hands every waiting request back, oldest first, when asked for all', () => {
    const schedule = learnedSchedule();
    schedule.add('expensive', EXPENSIVE_URL, 0);
    schedule.add('cheap', CHEAP_URL, 1);
    assert.deepEqual(schedule.takeAll(), ['expensive', 'cheap']);
    assert.equal(schedule.takeNext(0), undefined);
  });

  it('learns a kind’s cost from the time between sending a request and its answer', () => {
    const schedule = new SearchSchedule<string>();
    schedule.add('first', EXPENSIVE_URL, 0);
    const taken = schedule.takeNext(100);
    assert.equal(taken?.item, 'first');
    taken?.answered(130);
    assert.equal(schedule.expectedCostMs(EXPENSIVE), 30);
  });
});

describe('OldestFirst', () => {
  it('hands out requests in the order they came, whatever their kind', () => {
    const order: WaitingOrder<string> = new OldestFirst<string>();
    order.add('expensive', EXPENSIVE_URL, 0);
    order.add('cheap', CHEAP_URL, 1);
    order.add('expensive 2', EXPENSIVE_URL, 2);
    assert.equal(order.takeNext(3)?.item, 'expensive');
    assert.deepEqual(order.takeAll(), ['cheap', 'expensive 2']);
    assert.equal(order.takeNext(4), undefined);
  });
});
