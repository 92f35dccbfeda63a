// The header block of one MIME entity, read straight from the stored bytes: field boundaries as
// byte offsets, values produced on demand the way Dovecot's header parser gives them (its
// "full_value" with SKIP_INITIAL_LWSP | DROP_CR), because ENVELOPE and BODYSTRUCTURE show them so.
import { asciiLower, bytesToText } from './text.js';

const LF = 10;
const CR = 13;
const SP = 32;
const TAB = 9;
const COLON = 58;

export interface HeaderField {
  /** Field name as sent (LWSP before the colon trimmed); the whole line when it has no colon. */
  name: string;
  /** The name lower-cased, for look-ups. */
  key: string;
  /** Offsets of the field: its first byte, and just past the newline of its last line. */
  start: number;
  end: number;
  /** Offset just past the colon, or -1 when the line has none. */
  colon: number;
}

export interface HeaderBlock {
  fields: HeaderField[];
  /** End of the header: past the empty line, or where a boundary line or the data cut it short. */
  end: number;
  /** Where the body starts (equal to `end`). */
  bodyStart: number;
  /** Offset of the boundary line that interrupted the header, or -1. */
  boundaryLine: number;
  /** Offset of the empty line that ended the header, or -1 when there was none. */
  eohStart: number;
}

/**
 * Reads header lines from `start` up to the first empty line (or `limit`). `isBoundary(pos)` is asked at the
 * start of every field; when it says yes the header stops there and, as in Dovecot, the newline
 * before the boundary line belongs to the boundary, not to the header.
 */
export function readHeader(data: Buffer, start: number, isBoundary: ((pos: number) => boolean) | null, limit = data.length): HeaderBlock {
  const fields: HeaderField[] = [];
  const len = limit;
  let pos = start;
  while (pos < len) {
    if (isBoundary !== null && isBoundary(pos)) {
      let end = pos;
      if (end > start && data[end - 1] === LF) {
        end--;
        if (end > start && data[end - 1] === CR) end--;
      }
      return { fields, end, bodyStart: end, boundaryLine: pos, eohStart: -1 };
    }
    let lf = data.indexOf(LF, pos);
    if (lf >= len) lf = -1;
    const lineEnd = lf < 0 ? len : lf + 1;
    const contentEnd = lf < 0 ? len : lf > pos && data[lf - 1] === CR ? lf - 1 : lf;
    if (lf >= 0 && contentEnd === pos) return { fields, end: lineEnd, bodyStart: lineEnd, boundaryLine: -1, eohStart: pos };

    let colon = -1;
    for (let i = pos; i < contentEnd; i++) {
      if (data[i] === COLON) {
        colon = i;
        break;
      }
    }
    // Continuation lines: any line that starts with a space or a tab.
    let end = lineEnd;
    while (end < len && (data[end] === SP || data[end] === TAB)) {
      const next = data.indexOf(LF, end);
      end = next < 0 || next >= len ? len : next + 1;
    }
    let nameEnd = colon < 0 ? contentEnd : colon;
    if (colon >= 0) while (nameEnd > pos && (data[nameEnd - 1] === SP || data[nameEnd - 1] === TAB)) nameEnd--;
    const name = bytesToText(data, pos, nameEnd);
    fields.push({ name, key: asciiLower(name), start: pos, end, colon: colon < 0 ? -1 : colon + 1 });
    pos = end;
  }
  return { fields, end: len, bodyStart: len, boundaryLine: -1, eohStart: -1 };
}

/**
 * The field value as Dovecot's parser gives it: leading LWSP of the first line skipped (all of
 * it, unless the line holds nothing else, then one), lines joined with "\n", the CR of each
 * CRLF dropped, the final newline removed. Text is UTF-8 where valid, Latin-1 otherwise.
 */
export function fieldValue(data: Buffer, field: HeaderField): string {
  if (field.colon < 0) return '';
  let end = field.end;
  if (end > field.colon && data[end - 1] === LF) {
    end--;
    if (end > field.colon && data[end - 1] === CR) end--;
  }
  let start = field.colon;
  let firstLineEnd = data.indexOf(LF, start);
  if (firstLineEnd < 0 || firstLineEnd > end) firstLineEnd = end;
  else if (firstLineEnd > start && data[firstLineEnd - 1] === CR) firstLineEnd--;
  let p = start;
  while (p < firstLineEnd && (data[p] === SP || data[p] === TAB)) p++;
  if (p === firstLineEnd && p > start) p = start + 1;
  start = p;
  if (start >= end) return '';
  const text = bytesToText(data, start, end);
  return text.includes('\r\n') ? text.replace(/\r\n/g, '\n') : text;
}

/** A value unfolded for people and for search: every line break inside it removed. */
export function unfold(value: string): string {
  return value.includes('\n') ? value.replace(/\r?\n/g, '') : value;
}

/** Finds fields by lower-case name. */
export function fieldsNamed(block: HeaderBlock, key: string): HeaderField[] {
  return block.fields.filter((f) => f.key === key);
}
