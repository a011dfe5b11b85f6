// Date bounds as a researcher writes them: a day (`2024-03-15`), a month (`2024-03`) or a year (`2024`), read as
// the first or the last day of that span. Pure; the CLI and the web search both read their filters with it.
import { parseIsoDate, type IsoDate } from '../model.js';

/** Which end of a written span a bound is: `from 2024` starts on 2024-01-01, `until 2024` ends on 2024-12-31. */
export type BoundEnd = 'start' | 'end';

/**
 * The day a bound names: `YYYY-MM-DD` itself, `YYYY-MM` and `YYYY` their first (`start`) or last (`end`) day; null
 * for anything else (a day or month that does not exist included).
 */
export function parseDateBound(text: string, end: BoundEnd): IsoDate | null {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) return parseIsoDate(trimmed);
  const match = /^(\d{4})(?:-(\d{2}))?$/.exec(trimmed);
  if (match === null) return null;
  const year = Number(match[1]);
  const month = match[2] === undefined ? null : Number(match[2]);
  if (month !== null && (month < 1 || month > 12)) return null;
  if (end === 'start') return parseIsoDate(`${match[1]}-${match[2] ?? '01'}-01`);
  const lastMonth = month ?? 12;
  // Day 0 of the next month is the last day of this one.
  const lastDay = new Date(Date.UTC(year, lastMonth, 0)).getUTCDate();
  return parseIsoDate(
    `${match[1]}-${String(lastMonth).padStart(2, '0')}-${String(lastDay).padStart(2, '0')}`,
  );
}
