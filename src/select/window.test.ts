// Tests for the arXiv calendar: announcement times across DST, holidays, submission windows, explanations.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { NoAnnouncementError } from '../errors.js';
import type { IsoDate } from '../model.js';
import { weekdayOf } from '../model.js';
import {
  ARXIV_HOLIDAYS,
  announcementFor,
  checkListingDate,
  explainNoAnnouncement,
  latestListingDate,
  listingDatesBetween,
  nextListingDate,
  previousListingDate,
  submissionWindowFor,
} from './window.js';

const d = (text: string) => text as IsoDate;

describe('announcementFor', () => {
  // listing date → announcement instant (UTC), or null
  const rows: [string, string | null][] = [
    ['2026-01-30', '2026-01-30T01:00:00.000Z'], // Thu 2026-01-29 20:00 EST (examples/001)
    ['2026-01-26', '2026-01-26T01:00:00.000Z'], // Sunday's announcement
    ['2026-01-31', null], // Saturday
    ['2026-02-01', null], // Sunday
    ['2026-03-06', '2026-03-06T01:00:00.000Z'], // Thu 2026-03-05 20:00 EST
    ['2026-03-09', '2026-03-09T00:00:00.000Z'], // Sun 2026-03-08 20:00 EDT, the day DST starts
    ['2026-03-10', '2026-03-10T00:00:00.000Z'], // Mon 2026-03-09 20:00 EDT
    ['2026-10-30', '2026-10-30T00:00:00.000Z'], // Thu 2026-10-29 20:00 EDT
    ['2026-11-02', '2026-11-02T01:00:00.000Z'], // Sun 2026-11-01 20:00 EST, the day DST ends
    ['2026-01-20', null], // Mon 2026-01-19 is Martin Luther King Jr. Day
    ['2026-01-19', '2026-01-19T01:00:00.000Z'], // Sunday's announcement still happens
    ['2026-11-27', null], // Thanksgiving, Thu 2026-11-26
    ['2026-06-19', '2026-06-19T00:00:00.000Z'], // a Friday holiday stops no announcement
    ['2026-06-22', '2026-06-22T00:00:00.000Z'],
    ['2025-07-07', null], // Sun 2025-07-06 holiday
    ['2025-07-08', '2025-07-08T00:00:00.000Z'],
    ['2024-12-26', null],
    ['2024-12-27', null],
    ['2025-01-01', null],
    ['2025-01-02', null],
    ['2025-01-03', '2025-01-03T01:00:00.000Z'],
    ['2006-10-30', '2006-10-30T01:00:00.000Z'], // old rule: DST ended Sun 2006-10-29
    ['2006-10-27', '2006-10-27T00:00:00.000Z'],
    ['2027-03-15', '2027-03-15T00:00:00.000Z'], // DST from Sun 2027-03-14
  ];
  for (const [listingDate, expected] of rows) {
    it(`${listingDate} → ${expected ?? 'no announcement'}`, () => {
      const announcement = announcementFor(d(listingDate));
      assert.equal(announcement?.announcedAt.toISOString() ?? null, expected);
      if (announcement) assert.equal(announcement.listingDate, listingDate);
    });
  }
});

describe('submissionWindowFor', () => {
  // listing date → [from, until]: the previous announcement's 14:00 ET deadline to this one's
  const rows: [string, string, string][] = [
    ['2026-01-30', '2026-01-28T19:00:00.000Z', '2026-01-29T19:00:00.000Z'], // Wed 14:00 → Thu 14:00 EST
    ['2026-02-02', '2026-01-29T19:00:00.000Z', '2026-01-30T19:00:00.000Z'], // Sunday's: Thu → Fri
    ['2026-02-03', '2026-01-30T19:00:00.000Z', '2026-02-02T19:00:00.000Z'], // Monday's: Fri → Mon
    ['2026-03-09', '2026-03-05T19:00:00.000Z', '2026-03-06T19:00:00.000Z'],
    ['2026-03-10', '2026-03-06T19:00:00.000Z', '2026-03-09T18:00:00.000Z'], // EST → EDT inside the window
    ['2026-11-03', '2026-10-30T18:00:00.000Z', '2026-11-02T19:00:00.000Z'], // EDT → EST inside the window
    ['2026-01-21', '2026-01-16T19:00:00.000Z', '2026-01-20T19:00:00.000Z'], // MLK Day's submissions roll on
    ['2026-11-30', '2026-11-25T19:00:00.000Z', '2026-11-27T19:00:00.000Z'], // Thanksgiving's roll into Sunday's
    ['2025-07-08', '2025-07-03T18:00:00.000Z', '2025-07-07T18:00:00.000Z'], // the Sunday holiday's roll on
    ['2025-01-03', '2024-12-30T19:00:00.000Z', '2025-01-02T19:00:00.000Z'], // year end: four announcements skipped
  ];
  for (const [listingDate, from, until] of rows) {
    it(`${listingDate} carries submissions from ${from} until ${until}`, () => {
      const window = submissionWindowFor(d(listingDate));
      assert.deepEqual([window.from.toISOString(), window.until.toISOString()], [from, until]);
    });
  }

  it('throws NoAnnouncementError for a date without a listing', () => {
    assert.throws(
      () => submissionWindowFor(d('2026-01-31')),
      (error: unknown) =>
        error instanceof NoAnnouncementError &&
        error.kind === 'weekend' &&
        error.message.startsWith('2026-01-31 is a Saturday'),
    );
  });
});

describe('checkListingDate', () => {
  const now = new Date('2026-12-07T12:00:00Z');
  // listing date → the kind of NoAnnouncementError, or null when it may be asked for at `now`
  const rows: [string, string | null][] = [
    ['2026-12-07', null], // announced Sun 2026-12-06 20:00 EST
    ['2026-12-08', 'not-yet'], // announced this evening
    ['2027-03-05', 'not-yet'],
    ['2026-12-05', 'weekend'],
    ['2026-11-27', 'holiday'],
    ['1991-08-13', 'before-arxiv'],
    ['1991-08-14', null],
    ['1990-01-02', 'before-arxiv'],
  ];
  for (const [listingDate, kind] of rows) {
    it(`${listingDate} → ${kind ?? 'a listing'}`, () => {
      let thrown: unknown = null;
      try {
        checkListingDate(d(listingDate), now);
      } catch (error) {
        thrown = error;
      }
      assert.equal(thrown instanceof NoAnnouncementError ? thrown.kind : thrown, kind);
    });
  }

  it('says when a date not announced yet will be, in Eastern time and UTC', () => {
    assert.throws(
      () => checkListingDate(d('2026-12-08'), now),
      (error: unknown) =>
        error instanceof NoAnnouncementError &&
        error.message ===
          '2026-12-08 is not announced yet: arXiv announces it on Monday 2026-12-07 at 20:00 EST ' +
            '(01:00 UTC on 2026-12-08); the latest listing date now is 2026-12-07',
    );
  });
});

describe('explainNoAnnouncement', () => {
  const rows: [string, string][] = [
    [
      '2026-01-31',
      '2026-01-31 is a Saturday: arXiv publishes no listing on weekends; the nearest listing dates are 2026-01-30 and 2026-02-02',
    ],
    [
      '2026-02-01',
      '2026-02-01 is a Sunday: arXiv publishes no listing on weekends; the nearest listing dates are 2026-01-30 and 2026-02-02',
    ],
    [
      '2026-01-20',
      '2026-01-20 has no listing: arXiv made no announcement on Monday 2026-01-19 (arXiv holiday: Martin Luther King Jr. Day); the nearest listing dates are 2026-01-19 and 2026-01-21',
    ],
    [
      '2025-07-07',
      '2025-07-07 has no listing: arXiv made no announcement on Sunday 2025-07-06 (arXiv holiday); the nearest listing dates are 2025-07-04 and 2025-07-08',
    ],
    [
      '2026-11-28',
      '2026-11-28 is a Saturday: arXiv publishes no listing on weekends; the nearest listing dates are 2026-11-26 and 2026-11-30',
    ],
    ['2026-01-30', '2026-01-30 is a listing date, announced at 2026-01-30T01:00:00.000Z'],
  ];
  for (const [listingDate, message] of rows) {
    it(`explains ${listingDate}`, () => assert.equal(explainNoAnnouncement(d(listingDate)), message));
  }
});

describe('latestListingDate', () => {
  // now → the newest listing date already announced
  const rows: [string, string][] = [
    ['2026-01-30T00:59:59.999Z', '2026-01-29'],
    ['2026-01-30T01:00:00.000Z', '2026-01-30'],
    ['2026-01-31T12:00:00.000Z', '2026-01-30'],
    ['2026-02-02T00:30:00.000Z', '2026-01-30'], // Sunday 19:30 EST
    ['2026-02-02T01:00:00.000Z', '2026-02-02'],
    ['2026-03-09T00:00:00.000Z', '2026-03-09'],
    ['2026-03-08T23:59:59.000Z', '2026-03-06'],
    ['2026-01-20T12:00:00.000Z', '2026-01-19'], // MLK Day: no new listing on the 20th
    ['2026-01-21T01:00:00.000Z', '2026-01-21'],
    ['2026-12-30T12:00:00.000Z', '2026-12-29'],
    ['2027-01-02T12:00:00.000Z', '2026-12-31'],
  ];
  for (const [now, expected] of rows) {
    it(`at ${now} is ${expected}`, () => assert.equal(latestListingDate(new Date(now)), expected));
  }
});

describe('previousListingDate and nextListingDate', () => {
  // date → [previous, next]
  const rows: [string, string, string][] = [
    ['2026-02-02', '2026-01-30', '2026-02-03'],
    ['2026-01-31', '2026-01-30', '2026-02-02'],
    ['2026-01-21', '2026-01-19', '2026-01-22'],
    ['2026-01-19', '2026-01-16', '2026-01-21'],
    ['2026-12-29', '2026-12-28', '2026-12-31'],
    ['2026-12-31', '2026-12-29', '2027-01-04'],
  ];
  for (const [date, previous, next] of rows) {
    it(`${date}: ${previous} before, ${next} after`, () => {
      assert.equal(previousListingDate(d(date)), previous);
      assert.equal(nextListingDate(d(date)), next);
    });
  }
});

describe('listingDatesBetween', () => {
  it('lists the year-end 2026 listing dates, skipping weekends and holidays', () => {
    assert.deepEqual(listingDatesBetween(d('2026-12-21'), d('2027-01-05')), [
      '2026-12-21',
      '2026-12-22',
      '2026-12-23',
      '2026-12-24',
      '2026-12-25',
      '2026-12-28',
      '2026-12-29',
      '2026-12-31',
      '2027-01-04',
      '2027-01-05',
    ]);
  });

  it('includes both ends and is empty when from is after until', () => {
    assert.deepEqual(listingDatesBetween(d('2026-01-30'), d('2026-01-30')), ['2026-01-30']);
    assert.deepEqual(listingDatesBetween(d('2026-01-31'), d('2026-02-01')), []);
    assert.deepEqual(listingDatesBetween(d('2026-02-03'), d('2026-02-02')), []);
  });
});

describe('ARXIV_HOLIDAYS', () => {
  // the weekdays arXiv's lists print beside each date
  const labelled: [string, number][] = [
    ['2025-01-01', 3],
    ['2025-01-20', 1],
    ['2025-06-19', 4],
    ['2025-07-06', 0],
    ['2025-09-01', 1],
    ['2025-11-27', 4],
    ['2026-01-01', 4],
    ['2026-01-19', 1],
    ['2026-06-19', 5],
    ['2026-07-03', 5],
    ['2026-09-07', 1],
    ['2026-11-26', 4],
    ['2026-12-25', 5],
    ['2026-12-29', 2],
    ['2026-12-31', 4],
  ];
  it('holds each sourced date on the weekday its source names', () => {
    for (const [date, weekday] of labelled) {
      assert.ok(ARXIV_HOLIDAYS.has(date), date);
      assert.equal(weekdayOf(d(date)), weekday, date);
    }
  });
});
