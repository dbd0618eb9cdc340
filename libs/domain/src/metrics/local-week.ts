import { localDayStart } from './queue-snapshot.js';

const HOUR_MS = 3_600_000;
const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const weekdayFormats = new Map<string, Intl.DateTimeFormat>();

/** Days since Monday (0–6) of the local date holding `ms` in `timeZone`. */
function daysSinceMonday(ms: number, timeZone: string): number {
  let format = weekdayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short' });
    weekdayFormats.set(timeZone, format);
  }
  return WEEKDAYS.indexOf(format.format(ms));
}

/**
 * Local midnight of the Monday of the week holding `now` in `timeZone` (ISO weeks start on
 * Monday). Steps back from the local noon of today, so a DST change in between (an hour, never
 * twelve) cannot land on the wrong date.
 */
export function localWeekStart(now: Date, timeZone: string): Date {
  const noon = localDayStart(now, timeZone).getTime() + 12 * HOUR_MS;
  const back = daysSinceMonday(noon, timeZone);
  return localDayStart(new Date(noon - back * 24 * HOUR_MS), timeZone);
}

/** Whether `timeZone` is an IANA zone this runtime knows (e.g. `Europe/Istanbul`, `UTC`). */
export function isTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return true;
  } catch {
    return false;
  }
}
