// The arXiv calendar of the select stage: which listing dates exist, when each was announced, and which
// submissions it carries. Pure: "now" is always an argument.
//
// arXiv's schedule (https://info.arxiv.org/help/availability.html, "Announcement Schedule"): announcements
// Sunday to Thursday at 20:00 US Eastern, none on Friday or Saturday; the submission deadline is 14:00 Eastern;
//   Mon 14:00 – Tue 14:00 → Tue 20:00      Thu 14:00 – Fri 14:00 → Sun 20:00
//   Tue 14:00 – Wed 14:00 → Wed 20:00      Fri 14:00 – Mon 14:00 → Mon 20:00
//   Wed 14:00 – Thu 14:00 → Thu 20:00
// A listing date is the calendar day after its announcement (so Monday to Friday). On an arXiv holiday there is
// no announcement, and what it would have carried rolls into the next one.

import { NoAnnouncementError, type NoAnnouncementKind } from '../errors.js';
import type { Announcement, IsoDate } from '../model.js';
import { addDays, weekdayOf } from '../model.js';
import { easternInstantOf, easternZoneNameOf } from '../time-zones.js';

/**
 * arXiv's published holidays: the US Eastern dates on which the 20:00 announcement does not happen (arXiv lists
 * them under "On Deferred Mailings" on https://info.arxiv.org/help/availability.html). A holiday on a Friday or
 * Saturday changes nothing. Values name the occasion where it is evident ('' where arXiv gives none). Years not
 * in the table are assumed to have no holidays.
 * - 2024: the page's 2024 list, as copied into DCoEngine/PCoCrawler `arxiv_time.py`.
 * - 2025: arXiv/arxiv-docs `source/help/availability.md` (commit 782dfdf); its December was "not yet scheduled"
 *   and could not be sourced, so December 2025 is missing here.
 * - 2026: the page's 2026 list, as quoted verbatim in a public research note.
 * - 2027: not published yet.
 */
export const ARXIV_HOLIDAYS: ReadonlyMap<string, string> = new Map([
  ['2024-01-15', 'Martin Luther King Jr. Day'],
  ['2024-05-22', ''],
  ['2024-06-19', 'Juneteenth'],
  ['2024-07-04', 'Independence Day'],
  ['2024-09-02', 'Labor Day'],
  ['2024-11-28', 'Thanksgiving'],
  ['2024-12-25', 'Christmas'],
  ['2024-12-26', ''],
  ['2024-12-31', "New Year's Eve"],
  ['2025-01-01', "New Year's Day"],
  ['2025-01-20', 'Martin Luther King Jr. Day'],
  ['2025-06-19', 'Juneteenth'],
  ['2025-07-06', ''],
  ['2025-09-01', 'Labor Day'],
  ['2025-11-27', 'Thanksgiving'],
  ['2026-01-01', "New Year's Day"],
  ['2026-01-19', 'Martin Luther King Jr. Day'],
  ['2026-06-19', 'Juneteenth'],
  ['2026-07-03', 'Independence Day (observed)'],
  ['2026-09-07', 'Labor Day'],
  ['2026-11-26', 'Thanksgiving'],
  ['2026-12-25', 'Christmas'],
  ['2026-12-29', ''],
  ['2026-12-31', "New Year's Eve"],
]);

const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const ANNOUNCEMENT_HOUR = 20;
const DEADLINE_HOUR = 14;
const MS_PER_DAY = 86_400_000;
// Every search for a neighbouring listing date ends within this many days (the longest gap is about a week).
const SEARCH_LIMIT_DAYS = 30;

/**
 * arXiv began on 14 August 1991 (hep-th; https://info.arxiv.org/about/ "arXiv was founded ... in August 1991"):
 * no listing date before it exists, so none is asked of the API.
 */
const FIRST_LISTING_DATE = '1991-08-14' as IsoDate;

function isHoliday(easternDate: IsoDate): boolean {
  return ARXIV_HOLIDAYS.has(easternDate);
}

/**
 * The announcement that produced the listing of `listingDate` (20:00 Eastern the evening before), or null when
 * there is none: a weekend, or an arXiv holiday on the evening before.
 */
export function announcementFor(listingDate: IsoDate): Announcement | null {
  const weekday = weekdayOf(listingDate);
  if (weekday === 0 || weekday === 6) return null;
  const announcedOn = addDays(listingDate, -1);
  if (isHoliday(announcedOn)) return null;
  return { listingDate, announcedAt: easternInstantOf(announcedOn, ANNOUNCEMENT_HOUR) };
}

/** The newest listing date before `listingDate` (which itself need not have a listing). */
export function previousListingDate(listingDate: IsoDate): IsoDate {
  return stepToListing(listingDate, -1);
}

/** The first listing date after `listingDate` (which itself need not have a listing). */
export function nextListingDate(listingDate: IsoDate): IsoDate {
  return stepToListing(listingDate, 1);
}

function stepToListing(from: IsoDate, step: 1 | -1): IsoDate {
  let date = from;
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i += 1) {
    date = addDays(date, step);
    if (announcementFor(date) !== null) return date;
  }
  // Unreachable with the holiday table above: no gap is anywhere near this long.
  throw new RangeError(`no arXiv listing within ${SEARCH_LIMIT_DAYS} days of ${from}`);
}

/** The newest listing date whose announcement time is at or before `now`. */
export function latestListingDate(now: Date): IsoDate {
  // A listing's announcement falls at 00:00 or 01:00 UTC on the listing date, never later: start from today (UTC).
  let date = new Date(Math.floor(now.getTime() / MS_PER_DAY) * MS_PER_DAY)
    .toISOString()
    .slice(0, 10) as IsoDate;
  for (let i = 0; i < SEARCH_LIMIT_DAYS; i += 1) {
    const announcement = announcementFor(date);
    if (announcement !== null && announcement.announcedAt.getTime() <= now.getTime()) return date;
    date = addDays(date, -1);
  }
  throw new RangeError(`no arXiv listing within ${SEARCH_LIMIT_DAYS} days before ${now.toISOString()}`);
}

/** Every listing date from `from` to `until`, both included, oldest first; empty when `from` is after `until`. */
export function listingDatesBetween(from: IsoDate, until: IsoDate): IsoDate[] {
  const dates: IsoDate[] = [];
  for (let date = from; date <= until; date = addDays(date, 1)) {
    if (announcementFor(date) !== null) dates.push(date);
  }
  return dates;
}

/** The submission deadline (14:00 Eastern) of the announcement made on the Eastern date `announcedOn`. */
function deadlineOf(announcedOn: IsoDate): Date {
  // Sunday's announcement carries what came in until Friday 14:00.
  const deadlineDate = weekdayOf(announcedOn) === 0 ? addDays(announcedOn, -2) : announcedOn;
  return easternInstantOf(deadlineDate, DEADLINE_HOUR);
}

/**
 * When the new submissions of a listing were received: from the previous announcement's deadline to this
 * one's (14:00 Eastern each), so a holiday's submissions fall in the next listing's window.
 * Throws `NoAnnouncementError` (with `explainNoAnnouncement`'s message) when `listingDate` has no listing.
 */
export function submissionWindowFor(listingDate: IsoDate): { from: Date; until: Date } {
  if (announcementFor(listingDate) === null) throw noAnnouncementErrorFor(listingDate);
  const previous = previousListingDate(listingDate);
  return { from: deadlineOf(addDays(previous, -1)), until: deadlineOf(addDays(listingDate, -1)) };
}

/**
 * Says why `listingDate` has no listing and names the nearest listing dates, e.g. "2026-01-31 is a Saturday:
 * arXiv publishes no listing on weekends; the nearest listing dates are 2026-01-30 and 2026-02-02", or that it is
 * before arXiv began. For a date that has a listing it says when that was announced.
 */
export function explainNoAnnouncement(listingDate: IsoDate): string {
  if (listingDate < FIRST_LISTING_DATE) {
    return (
      `${listingDate} is before arXiv: arXiv began in August 1991, and its first listing date is ` +
      `${FIRST_LISTING_DATE}; pick a later date`
    );
  }
  const nearest = `the nearest listing dates are ${previousListingDate(listingDate)} and ${nextListingDate(listingDate)}`;
  const weekday = weekdayOf(listingDate);
  if (weekday === 0 || weekday === 6) {
    return `${listingDate} is a ${WEEKDAYS[weekday]}: arXiv publishes no listing on weekends; ${nearest}`;
  }
  const announcedOn = addDays(listingDate, -1);
  const holiday = ARXIV_HOLIDAYS.get(announcedOn);
  if (holiday !== undefined) {
    return (
      `${listingDate} has no listing: arXiv made no announcement on ${WEEKDAYS[weekdayOf(announcedOn)]} ` +
      `${announcedOn} (arXiv holiday${holiday === '' ? '' : `: ${holiday}`}); ${nearest}`
    );
  }
  const announcement = announcementFor(listingDate);
  return `${listingDate} is a listing date, announced at ${announcement?.announcedAt.toISOString() ?? '?'}`;
}

/** Why `listingDate` has no listing (weekend, holiday, before arXiv), or null when it has one. */
function noAnnouncementKindOf(listingDate: IsoDate): NoAnnouncementKind | null {
  if (listingDate < FIRST_LISTING_DATE) return 'before-arxiv';
  const weekday = weekdayOf(listingDate);
  if (weekday === 0 || weekday === 6) return 'weekend';
  return announcementFor(listingDate) === null ? 'holiday' : null;
}

/** The `NoAnnouncementError` for a date without a listing, its kind set and `explainNoAnnouncement`'s message. */
export function noAnnouncementErrorFor(listingDate: IsoDate): NoAnnouncementError {
  return new NoAnnouncementError(
    noAnnouncementKindOf(listingDate) ?? 'holiday',
    explainNoAnnouncement(listingDate),
  );
}

/**
 * Checks that `listingDate` has a listing that arXiv has announced by `now`, before anything is asked of a source.
 * @throws NoAnnouncementError: `weekend` or `holiday` (never announced), `before-arxiv` (before 1991-08-14), or
 * `not-yet`, saying when it will be, e.g. "2027-03-05 is not announced yet: arXiv announces it on Thursday
 * 2027-03-04 at 20:00 EST (01:00 UTC on 2027-03-05)".
 */
export function checkListingDate(listingDate: IsoDate, now: Date): void {
  const kind = noAnnouncementKindOf(listingDate);
  if (kind !== null) throw noAnnouncementErrorFor(listingDate);
  const announcement = announcementFor(listingDate);
  if (announcement === null || announcement.announcedAt.getTime() <= now.getTime()) return;
  throw new NoAnnouncementError('not-yet', explainNotYetAnnounced(announcement, now));
}

function explainNotYetAnnounced({ listingDate, announcedAt }: Announcement, now: Date): string {
  const announcedOn = addDays(listingDate, -1);
  const zone = easternZoneNameOf(announcedAt);
  const utc = announcedAt.toISOString();
  const year = listingDate.slice(0, 4);
  const knowsHolidays = [...ARXIV_HOLIDAYS.keys()].some((date) => date.startsWith(year));
  return (
    `${listingDate} is not announced yet: arXiv announces it on ${WEEKDAYS[weekdayOf(announcedOn)]} ` +
    `${announcedOn} at ${ANNOUNCEMENT_HOUR}:00 ${zone} (${utc.slice(11, 16)} UTC on ${utc.slice(0, 10)}); ` +
    `the latest listing date now is ${latestListingDate(now)}` +
    (knowsHolidays ? '' : ` (arXiv's ${year} holidays are not known yet, so the date may still move)`)
  );
}
