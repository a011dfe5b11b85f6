// Tests for the zone conversions: Intl's America/New_York against the hand-written US rules paperwire used until
// issue 13 (copied below as the reference), on every day of 1991–2030, and the fixed UTC+8 of the headers.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { IsoDate } from './model.js';
import {
  easternDateOf,
  easternInstantOf,
  easternZoneNameOf,
  formatEastern,
  formatUtc8,
} from './time-zones.js';

// The reference: src/select/window.ts before issue 13, unchanged but for the names.
function referenceSundayOf(year: number, monthIndex: number, n: number): number {
  if (n > 0) {
    const firstWeekday = new Date(Date.UTC(year, monthIndex, 1)).getUTCDay();
    return 1 + ((7 - firstWeekday) % 7) + (n - 1) * 7;
  }
  const last = new Date(Date.UTC(year, monthIndex + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}

function referenceDaylightSpan(year: number): { startMs: number; endMs: number } | null {
  if (year < 1987) return null;
  const [startMonth, startN, endMonth, endN] = year >= 2007 ? [2, 2, 10, 1] : [3, 1, 9, -1];
  const startMs = Date.UTC(year, startMonth, referenceSundayOf(year, startMonth, startN), 7);
  const endMs = Date.UTC(year, endMonth, referenceSundayOf(year, endMonth, endN), 6);
  return { startMs, endMs };
}

function referenceIsDaylight(instant: Date): boolean {
  const span = referenceDaylightSpan(instant.getUTCFullYear());
  const ms = instant.getTime();
  return span !== null && ms >= span.startMs && ms < span.endMs;
}

function referenceInstant(date: IsoDate, hour: number): Date {
  const wallMs = Date.parse(`${date}T00:00:00Z`) + hour * 3_600_000;
  const asStandard = new Date(wallMs + 300 * 60_000);
  return new Date(wallMs - (referenceIsDaylight(asStandard) ? -240 : -300) * 60_000);
}

function referenceUtc8(instant: Date, seconds: boolean): string {
  const shifted = new Date(instant.getTime() + 8 * 3_600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, seconds ? 19 : 16)}`;
}

const MS_PER_DAY = 86_400_000;

function* daysOf1991To2030(): Generator<IsoDate> {
  for (let ms = Date.UTC(1991, 0, 1); ms <= Date.UTC(2030, 11, 31); ms += MS_PER_DAY) {
    yield new Date(ms).toISOString().slice(0, 10) as IsoDate;
  }
}

/** True when the reference rules change the offset during the Eastern day `date` (a transition day). */
function isReferenceTransitionDay(date: IsoDate): boolean {
  const dayStartMs = Date.parse(`${date}T05:00:00Z`);
  return referenceIsDaylight(new Date(dayStartMs)) !== referenceIsDaylight(new Date(dayStartMs + MS_PER_DAY));
}

describe('US Eastern time through Intl', () => {
  it('equals the hand-written US rules at 14:00 and 20:00 on every day of 1991–2030', () => {
    let days = 0;
    for (const date of daysOf1991To2030()) {
      days += 1;
      for (const hour of [14, 20]) {
        const expected = referenceInstant(date, hour);
        const instant = easternInstantOf(date, hour);
        assert.equal(instant.toISOString(), expected.toISOString(), `${date} ${hour}:00`);
        // The date, the hour and the zone's name in one reading.
        const zone = referenceIsDaylight(expected) ? 'EDT' : 'EST';
        assert.equal(formatEastern(instant), `${date} ${hour}:00 ${zone}`);
        assert.equal(formatUtc8(instant, { seconds: true }), referenceUtc8(instant, true), date);
      }
    }
    assert.equal(days, 14_610);
  });

  it('equals them at every hour and half hour of both transition days of each year, 1991–2030', () => {
    const transitionDays = [...daysOf1991To2030()].filter(isReferenceTransitionDay);
    assert.equal(transitionDays.length, 2 * 40);
    for (const date of transitionDays) {
      const spring = date.slice(5, 7) < '07';
      for (let hour = 0; hour < 24; hour += 1) {
        // The wall hour a transition skips (spring 02:00) or repeats (autumn 01:00): see easternInstantOf.
        const isAmbiguous = spring ? hour === 2 : hour === 1;
        if (!isAmbiguous) {
          assert.equal(
            easternInstantOf(date, hour).toISOString(),
            referenceInstant(date, hour).toISOString(),
          );
        }
        const dayStartMs = Date.parse(`${date}T00:00:00Z`);
        for (const minutes of [hour * 60, hour * 60 + 30]) {
          const instant = new Date(dayStartMs + minutes * 60_000);
          assert.equal(
            easternZoneNameOf(instant),
            referenceIsDaylight(instant) ? 'EDT' : 'EST',
            instant.toISOString(),
          );
        }
      }
    }
  });

  // instant → zone; the transitions are at 02:00 local (07:00Z in March or April, 06:00Z in October or November)
  const rows: [string, string][] = [
    ['2026-03-08T06:59:59.999Z', 'EST'],
    ['2026-03-08T07:00:00.000Z', 'EDT'],
    ['2026-11-01T05:59:59.999Z', 'EDT'],
    ['2026-11-01T06:00:00.000Z', 'EST'],
    ['2006-04-02T06:59:59.000Z', 'EST'],
    ['2006-04-02T07:00:00.000Z', 'EDT'],
    ['2006-10-29T05:59:59.000Z', 'EDT'],
    ['2006-10-29T06:00:00.000Z', 'EST'],
  ];
  for (const [instant, zone] of rows) {
    it(`is ${zone} at ${instant}`, () => {
      assert.equal(easternZoneNameOf(new Date(instant)), zone);
    });
  }

  it('reads the skipped and the repeated wall hour with the daylight offset', () => {
    assert.equal(easternInstantOf('2026-03-08' as IsoDate, 2).toISOString(), '2026-03-08T06:00:00.000Z');
    assert.equal(easternInstantOf('2026-11-01' as IsoDate, 1).toISOString(), '2026-11-01T05:00:00.000Z');
  });

  it('names the zone and the date as formatEastern reads them', () => {
    const instant = easternInstantOf('2026-03-09' as IsoDate, 20);
    assert.equal(easternZoneNameOf(instant), 'EDT');
    assert.equal(easternDateOf(instant), '2026-03-09');
    assert.equal(formatEastern(instant), '2026-03-09 20:00 EDT');
  });

  it('gives the Eastern calendar date, which trails UTC in the evening', () => {
    assert.equal(easternDateOf(new Date('2026-01-30T04:59:59Z')), '2026-01-29');
    assert.equal(easternDateOf(new Date('2026-01-30T05:00:00Z')), '2026-01-30');
  });
});

describe('formatUtc8', () => {
  it('is a fixed UTC+8, also in the summer of 1991 when China was on daylight time', () => {
    const announcedAt = new Date('1991-08-15T00:00:00Z');
    assert.equal(formatUtc8(announcedAt, { seconds: false }), '1991-08-15 08:00');
    assert.equal(formatEastern(announcedAt), '1991-08-14 20:00 EDT');
  });

  it('shows seconds only when asked and never rounds them', () => {
    const instant = new Date('2026-01-29T08:43:27.999Z');
    assert.equal(formatUtc8(instant, { seconds: true }), '2026-01-29 16:43:27');
    assert.equal(formatUtc8(instant, { seconds: false }), '2026-01-29 16:43');
  });
});
