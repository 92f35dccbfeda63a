// Sequence sets (RFC 3501 `sequence-set`, RFC 5182 `$`) and their resolution to numbers.
import type { SeqNumber, SeqRange, SequenceSet } from './ast.js';

const MAX_NUMBER = 4294967295;

/** Parse the text of a sequence set. Throws `Error` whose message is the client-facing text. */
export function parseSequenceSet(text: string, maxRanges: number): SequenceSet {
  if (text === '$') return { kind: 'saved' };
  const ranges: SeqRange[] = [];
  for (const part of text.split(',')) {
    if (ranges.length >= maxRanges) throw new Error('Too many ranges in sequence set');
    const bounds = part.split(':');
    if (bounds.length > 2) throw new Error('Invalid sequence set');
    const start = parseSeqNumber(bounds[0]!);
    const end = bounds.length === 2 ? parseSeqNumber(bounds[1]!) : start;
    ranges.push({ start, end });
  }
  return { kind: 'ranges', ranges };
}

function parseSeqNumber(text: string): SeqNumber {
  if (text === '*') return '*';
  // nz-number: no leading zero, no sign, at most 10 digits before the range check.
  if (!/^[1-9][0-9]{0,9}$/.test(text)) throw new Error('Invalid sequence set');
  const n = Number(text);
  if (n > MAX_NUMBER) throw new Error('Invalid sequence set');
  return n;
}

/**
 * Turn ranges into sorted, merged, inclusive [low, high] pairs, `*` standing for `max`.
 * A range with `*` resolves to nothing when `max` is 0 (empty mailbox). Numbers above
 * `max` are kept: the caller decides whether they are an error (sequence numbers) or
 * simply match nothing (UIDs).
 */
export function resolveSequenceSet(set: SeqRange[], max: number): Array<[number, number]> {
  const pairs: Array<[number, number]> = [];
  for (const { start, end } of set) {
    if (max === 0 && (start === '*' || end === '*')) continue;
    const a = start === '*' ? max : start;
    const b = end === '*' ? max : end;
    pairs.push(a <= b ? [a, b] : [b, a]);
  }
  pairs.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  for (const pair of pairs) {
    const last = merged[merged.length - 1];
    if (last && pair[0] <= last[1] + 1) last[1] = Math.max(last[1], pair[1]);
    else merged.push([pair[0], pair[1]]);
  }
  return merged;
}
