// Wall-clock time in the two zones paperwire shows: US Eastern (arXiv announces at 20:00 there, EST or EDT) and
// UTC+8 (the digest's readers). Every conversion goes through Intl and its IANA zone data: no hand-written DST rules.

import type { IsoDate } from './model.js';

const EASTERN_ZONE = 'America/New_York';
// A fixed UTC+8, as the headers say. IANA's `Etc/GMT-8` is UTC+8 (POSIX signs are inverted). Not Asia/Shanghai:
// China kept daylight time until 1991-09-15, so arXiv's first listings would read as UTC+9 there.
const UTC8_ZONE = 'Etc/GMT-8';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

/** An instant as read on a wall clock in one zone: zero-padded digits, and the zone's short name there. */
interface WallClock {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
  /** `EST` or `EDT` for US Eastern; `GMT+8` for UTC+8. */
  zoneName: string;
}

// Built on first use, one per zone: building a formatter loads zone data that a command showing no time skips.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

function readWallClock(instant: Date, timeZone: string): WallClock {
  const parts = new Map(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((part) => [part.type, part.value]),
  );
  const get = (type: Intl.DateTimeFormatPartTypes): string => parts.get(type) ?? '';
  return {
    year: get('year').padStart(4, '0'),
    month: get('month'),
    day: get('day'),
    hour: get('hour'),
    minute: get('minute'),
    second: get('second'),
    zoneName: get('timeZoneName'),
  };
}

/** The zone's offset from UTC at `instant`, in minutes (−300 for EST, −240 for EDT). */
function offsetMinutesAt(instant: Date, timeZone: string): number {
  const wall = readWallClock(instant, timeZone);
  const wallMs = Date.parse(
    `${wall.year}-${wall.month}-${wall.day}T${wall.hour}:${wall.minute}:${wall.second}Z`,
  );
  const wholeSecondMs = Math.floor(instant.getTime() / 1000) * 1000;
  return Math.round((wallMs - wholeSecondMs) / MS_PER_MINUTE);
}

/**
 * The instant of `hour`:00 US Eastern on `date`, in EST or EDT as in force then: 2026-03-08 20:00 EDT is
 * 2026-03-09T00:00Z. A wall time that a transition skips or repeats (02:00 in March, 01:00 in November) is read
 * with the daylight offset; arXiv's hours (14:00, 20:00) are never such a time.
 */
export function easternInstantOf(date: IsoDate, hour: number): Date {
  const wallMs = Date.parse(`${date}T00:00:00Z`) + hour * MS_PER_HOUR;
  // The wall time read as UTC is 4–5 hours before the instant. The offset there is right unless a transition lies
  // between the two, and then the offset at the instant it gives is.
  const guessMs = wallMs - offsetMinutesAt(new Date(wallMs), EASTERN_ZONE) * MS_PER_MINUTE;
  return new Date(wallMs - offsetMinutesAt(new Date(guessMs), EASTERN_ZONE) * MS_PER_MINUTE);
}

/** `EST` or `EDT`: the US Eastern zone in force at `instant`. */
export function easternZoneNameOf(instant: Date): string {
  return readWallClock(instant, EASTERN_ZONE).zoneName;
}

/** The US Eastern calendar date at `instant`. */
export function easternDateOf(instant: Date): IsoDate {
  const wall = readWallClock(instant, EASTERN_ZONE);
  return `${wall.year}-${wall.month}-${wall.day}` as IsoDate;
}

/** `2026-01-29 20:00 EST` for an instant seen in US Eastern time, with the zone arXiv was in. */
export function formatEastern(instant: Date): string {
  const wall = readWallClock(instant, EASTERN_ZONE);
  return `${wall.year}-${wall.month}-${wall.day} ${wall.hour}:${wall.minute} ${wall.zoneName}`;
}

/** `2026-01-29 16:43:27` (or without seconds) for an instant seen in UTC+8. */
export function formatUtc8(instant: Date, options: { seconds: boolean }): string {
  const wall = readWallClock(instant, UTC8_ZONE);
  const time = `${wall.hour}:${wall.minute}${options.seconds ? `:${wall.second}` : ''}`;
  return `${wall.year}-${wall.month}-${wall.day} ${time}`;
}
