// IMAP `date` (SEARCH) and `date-time` (APPEND) syntax, with every field validated.
import type { CalendarDate, DateTime } from './ast.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function calendarDate(day: string, month: string, year: string): CalendarDate | null {
  const m = MONTHS.indexOf(month.toUpperCase()) + 1;
  const d = Number(day);
  const y = Number(year);
  if (m === 0 || d < 1 || d > daysInMonth(y, m)) return null;
  return { year: y, month: m, day: d };
}

/** date-text: `d-Mon-yyyy` or `dd-Mon-yyyy`. Null if malformed or not a real day. */
export function parseDate(text: string): CalendarDate | null {
  const match = /^([0-9]{1,2})-([A-Za-z]{3})-([0-9]{4})$/.exec(text);
  return match ? calendarDate(match[1]!, match[2]!, match[3]!) : null;
}

/**
 * date-time content (without the quotes): `dd-Mon-yyyy hh:mm:ss +zzzz`, the day padded
 * with a space or a zero. Null if malformed or out of range.
 */
export function parseDateTime(text: string): DateTime | null {
  const match = /^([ 0-9][0-9])-([A-Za-z]{3})-([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([+-])([0-9]{2})([0-9]{2})$/.exec(text);
  if (!match) return null;
  const [, day, month, year, hh, mm, ss, sign, zh, zm] = match as unknown as string[];
  const date = calendarDate(day!.trim(), month!, year!);
  const h = Number(hh);
  const min = Number(mm);
  const sec = Number(ss);
  const zoneMinutes = Number(zh) * 60 + Number(zm);
  if (!date || h > 23 || min > 59 || sec > 59 || Number(zh) > 23 || Number(zm) > 59) {
    return null;
  }
  const offsetMinutes = sign === '-' ? -zoneMinutes || 0 : zoneMinutes; // -0000 is 0, not -0
  const local = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0..99 to 1900..1999.
  local.setUTCFullYear(date.year, date.month - 1, date.day);
  local.setUTCHours(h, min, sec, 0);
  return { epochMs: local.getTime() - offsetMinutes * 60_000, offsetMinutes };
}
