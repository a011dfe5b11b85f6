// Config for `run`: the `[schedule]` table → when to fetch after an announcement and how far to catch up.

import type { Locate, TomlTable } from './file.js';
import { wholeNumber } from './values.js';

export const SCHEDULE_KEYS = ['delay_minutes', 'catch_up_days'] as const;

export interface ScheduleConfig {
  /** Minutes after 20:00 US Eastern before `run` fetches, so the feeds have been rebuilt. */
  delayMinutes: number;
  /** How many listing dates back `run` catches up after downtime. */
  catchUpDays: number;
}

/** Reads `[schedule]`; an unset key takes its value from `defaults` (config.ts holds them). */
export function loadSchedule(file: TomlTable, at: Locate, defaults: ScheduleConfig): ScheduleConfig {
  return {
    delayMinutes:
      wholeNumber(undefined, file['delay_minutes'], at, 'schedule.delay_minutes', '') ??
      defaults.delayMinutes,
    catchUpDays:
      wholeNumber(undefined, file['catch_up_days'], at, 'schedule.catch_up_days', '') ?? defaults.catchUpDays,
  };
}
