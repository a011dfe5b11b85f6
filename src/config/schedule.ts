// Config for `run`: the `[schedule]` table → when to fetch after an announcement and how far to catch up.

import { ConfigError } from '../errors.js';
import type { Locate, TomlTable } from './file.js';
import { wholeNumber } from './values.js';

/** A week: a later start makes no digest timely, and far larger values are past the dates a clock can hold. */
const MAX_DELAY_MINUTES = 7 * 24 * 60;
/** A year of missed listing dates; far larger values are past the dates a clock can hold. */
const MAX_CATCH_UP_DAYS = 366;

export const SCHEDULE_KEYS = ['delay_minutes', 'catch_up_days'] as const;

export interface ScheduleConfig {
  /** Minutes after 20:00 US Eastern before `run` fetches, so the feeds have been rebuilt. */
  delayMinutes: number;
  /** How many listing dates back `run` catches up after downtime. */
  catchUpDays: number;
}

/** Reads `[schedule]`; an unset key takes its value from `defaults` (config.ts holds them). */
export function loadSchedule(file: TomlTable, at: Locate, defaults: ScheduleConfig): ScheduleConfig {
  const delayMinutes = wholeNumber(undefined, file['delay_minutes'], at, 'schedule.delay_minutes', '');
  const catchUpDays = wholeNumber(undefined, file['catch_up_days'], at, 'schedule.catch_up_days', '');
  return {
    delayMinutes:
      checkAtMost(delayMinutes, MAX_DELAY_MINUTES, at, 'schedule.delay_minutes', 'minutes: a week') ??
      defaults.delayMinutes,
    catchUpDays:
      checkAtMost(catchUpDays, MAX_CATCH_UP_DAYS, at, 'schedule.catch_up_days', 'days: a year') ??
      defaults.catchUpDays,
  };
}

/** `value` unless it is above `max`: `run` would stop at once on a date past what a clock can hold. */
function checkAtMost(
  value: number | null,
  max: number,
  at: Locate,
  key: string,
  unit: string,
): number | null {
  if (value === null || value <= max) return value;
  throw new ConfigError(at(key), `"${key}" must be at most ${max} (${unit})`, { hint: `got ${value}` });
}
