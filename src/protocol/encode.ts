// Response encoding: the one place that decides between atom, quoted string and literal.
import { encodeModifiedUtf7 } from './mutf7.js';

/** A response is built from text pieces and raw byte pieces (literal contents). */
export type Wire = string | Buffer;

const ATOM_SPECIALS = /[\x00-\x20\x7f-\uffff(){%*"\\\]]/;
const QUOTABLE = /^[\x01-\x09\x0b\x0c\x0e-\x7f]*$/;

/** A quoted string, or null if the text cannot be quoted (CR, LF, NUL or 8-bit). */
export function quoted(text: string): string | null {
  if (!QUOTABLE.test(text)) return null;
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A literal: `{n}CRLF` followed by the bytes. */
export function literal(data: Buffer | string): Wire[] {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  return [`{${bytes.length}}\r\n`, bytes];
}

/** A literal8 (RFC 3516): `~{n}CRLF` followed by bytes that may include NUL. */
export function literal8(data: Buffer): Wire[] {
  return [`~{${data.length}}\r\n`, data];
}

/** `string`: quoted when it can be, a literal otherwise. */
export function string(value: Buffer | string): Wire[] {
  if (typeof value === 'string') {
    const q = quoted(value);
    if (q !== null) return [q];
  }
  return literal(value);
}

/** `nstring`: NIL for null. */
export function nstring(value: Buffer | string | null): Wire[] {
  return value === null ? ['NIL'] : string(value);
}

/** `astring`: a bare atom when safe (never NIL, which a reader could take for nil). */
export function astring(value: string): Wire[] {
  if (value.length > 0 && !ATOM_SPECIALS.test(value) && value.toUpperCase() !== 'NIL') return [value];
  return string(value);
}

/** A mailbox name in modified UTF-7, as an astring. */
export function mailbox(name: string): Wire[] {
  return astring(encodeModifiedUtf7(name));
}

/** A parenthesised list of flags or atoms. */
export function atomList(atoms: readonly string[]): string {
  return `(${atoms.join(' ')})`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** RFC 3501 date-time, quoted: `"21-Nov-2026 04:54:00 +0000"`, in the given UTC offset. */
export function dateTime(epochMs: number, offsetMinutes: number): string {
  const d = new Date(epochMs + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return (
    `"${pad(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${pad(d.getUTCFullYear(), 4)} ` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ` +
    `${sign}${pad(Math.floor(abs / 60))}${pad(abs % 60)}"`
  );
}

/** Joins pieces into the bytes of one response, adding the final CRLF. */
export function toBytes(pieces: readonly Wire[]): Buffer {
  const parts = pieces.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
  parts.push(CRLF);
  return Buffer.concat(parts);
}

const CRLF = Buffer.from('\r\n');

/** Turns a flat number list into IMAP set syntax: 1,3:5,9. Input need not be sorted. */
export function numberSet(numbers: readonly number[]): string {
  const sorted = [...numbers].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    const start = sorted[i]!;
    let end = start;
    while (i + 1 < sorted.length && sorted[i + 1]! <= end + 1) end = sorted[++i]!;
    out.push(start === end ? String(start) : `${start}:${end}`);
  }
  return out.join(',');
}
