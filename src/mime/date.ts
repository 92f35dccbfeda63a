// RFC 5322 §3.3 date-time, with the obsolete forms of §4.3 (two- and three-digit years, named
// zones, military zones, comments, missing seconds, missing day-of-week), for SENT* searches and
// SORT DATE. Anything unreadable gives null; the callers then fall back as RFC 5256 says.

const MONTHS: Record<string, number> = { jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11 };
const ZONES: Record<string, number> = { ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420 };

/** Milliseconds since the epoch, or null if the value is not a date. */
export function parseRfc5322Date(value: string): number | null {
  // Comments out (one level is all real mail uses; deeper nesting just leaves words we skip).
  const text = value.replace(/\([^()]*\)/g, ' ').toLowerCase();
  const tokens = text.split(/[\s,]+/).filter((t) => t.length > 0);
  let i = 0;
  if (i < tokens.length && /^[a-z]{3,}\.?$/.test(tokens[i]!) && !(tokens[i]!.slice(0, 3) in MONTHS && /^\d/.test(tokens[i + 1] ?? ''))) i++; // day-of-week
  // Day and month, in either order ("1 Jan" or the occasional "Jan 1").
  let day: number;
  let month: number | undefined;
  const a = tokens[i];
  const b = tokens[i + 1];
  if (a === undefined || b === undefined) return null;
  if (/^\d{1,2}$/.test(a) && b.slice(0, 3) in MONTHS) {
    day = Number(a);
    month = MONTHS[b.slice(0, 3)];
  } else if (a.slice(0, 3) in MONTHS && /^\d{1,2}$/.test(b)) {
    day = Number(b);
    month = MONTHS[a.slice(0, 3)];
  } else {
    // "1-Jan-2020" style
    const m = /^(\d{1,2})-([a-z]{3})[a-z]*-(\d{2,4})$/.exec(a);
    if (m === null || !(m[2]! in MONTHS)) return null;
    tokens.splice(i, 1, m[1]!, m[2]!, m[3]!);
    day = Number(m[1]);
    month = MONTHS[m[2]!];
  }
  i += 2;
  const yearText = tokens[i++];
  if (yearText === undefined || !/^\d{2,4}$/.test(yearText)) return null;
  let year = Number(yearText);
  if (yearText.length === 2) year += year < 50 ? 2000 : 1900;
  else if (yearText.length === 3) year += 1900;
  let hour = 0;
  let minute = 0;
  let second = 0;
  const timeText = tokens[i];
  if (timeText !== undefined) {
    const t = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?$/.exec(timeText);
    if (t !== null) {
      hour = Number(t[1]);
      minute = Number(t[2]);
      second = t[3] === undefined ? 0 : Number(t[3]);
      i++;
    }
  }
  let offset = 0;
  const zone = tokens[i];
  if (zone !== undefined) {
    const z = /^([+-])(\d{2})(\d{2})$/.exec(zone);
    if (z !== null) offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
    else if (zone in ZONES) offset = ZONES[zone]!;
    // military and unknown zones: RFC 5322 §4.3 says to treat them as +0000
  }
  if (month === undefined || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const ms = Date.UTC(year, month, day, hour, minute, second) - offset * 60_000;
  return Number.isFinite(ms) ? ms : null;
}
