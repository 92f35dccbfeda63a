// RFC 7162 CONDSTORE and QRESYNC arguments: mod-sequence values, the SELECT/EXAMINE
// parameters (RFC 4466 select-params), the FETCH modifiers CHANGEDSINCE and VANISHED, the
// STORE modifier UNCHANGEDSINCE and the MODSEQ search key.
import type { QresyncParams, SearchKey, SelectParams, SequenceSet } from './ast.js';
import { ParseError, isAtomChar, type Reader } from './reader.js';
import { readSequenceSet } from './search.js';

/** The largest mod-sequence (RFC 7162 §3.1: an unsigned 63-bit value). */
export const MAX_MODSEQ = (1n << 63n) - 1n;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/**
 * `mod-sequence-value` (1 .. 2^63-1), or with `zero` `mod-sequence-valzer` (0 .. 2^63-1).
 * Values above 2^53 lose precision as a JS number, which is harmless: the store's MODSEQs are
 * far below that, so every comparison with them still comes out the same.
 */
export function readModseq(r: Reader, what: string, zero: boolean): number {
  const text = r.takeWhile(isDigit);
  if (text === '') throw new ParseError(r.atEnd() ? `Missing ${what}` : `Invalid ${what}`);
  const digits = text.replace(/^0+(?=\d)/, '');
  if (digits.length > 19 || BigInt(digits) > MAX_MODSEQ) throw new ParseError(`Invalid ${what}: above 2^63-1`);
  const n = Number(digits);
  if (n === 0 && !zero) throw new ParseError(`Invalid ${what}: must not be 0`);
  return n;
}

/** A sequence set that may not hold `*` or `$` (RFC 7162 known-uids and seq-match data). */
function readPlainSet(r: Reader, maxRanges: number, what: string): Array<[number, number]> {
  if (r.atEnd()) throw new ParseError(`Missing ${what}`);
  const set: SequenceSet = readSequenceSet(r, maxRanges);
  if (set.kind === 'saved') throw new ParseError(`Invalid ${what}: $ is not allowed`);
  return set.ranges.map(({ start, end }) => {
    if (start === '*' || end === '*') throw new ParseError(`Invalid ${what}: * is not allowed`);
    return [start, end];
  });
}

/** Ranges as written must ascend (low:high, each above the last); returns their total size. */
function ascendingCount(ranges: ReadonlyArray<[number, number]>, what: string): number {
  let last = 0;
  let count = 0;
  for (const [lo, hi] of ranges) {
    if (lo > hi || lo <= last) throw new ParseError(`Invalid ${what}: not in ascending order`);
    last = hi;
    count += hi - lo + 1;
  }
  return count;
}

/**
 * `[SP "(" select-param *(SP select-param) ")"]` after the mailbox of SELECT/EXAMINE
 * (RFC 4466 §2.1). Known: CONDSTORE, and QRESYNC (uidvalidity modseq [known-uids]
 * [(known-sequence-set known-uid-set)]). Unknown or repeated parameters are BAD.
 */
export function readSelectParams(r: Reader, maxRanges: number): SelectParams | undefined {
  if (r.atEnd()) return undefined;
  const params: SelectParams = { condstore: false };
  if (r.peek() !== 0x20 || r.peekAhead() !== 0x28) throw new ParseError('Unexpected extra arguments');
  r.space('select parameters');
  r.open('Expected ( before select parameters');
  const seen = new Set<string>();
  do {
    const name = r.takeWhile(isAtomChar).toUpperCase();
    if (name === '') throw new ParseError(r.atEnd() ? 'Missing select parameter' : 'Invalid select parameter');
    if (seen.has(name)) throw new ParseError(`Select parameter ${name} given twice`);
    seen.add(name);
    if (name === 'CONDSTORE') params.condstore = true;
    else if (name === 'QRESYNC') params.qresync = readQresync(r, maxRanges);
    else throw new ParseError(`Unknown select parameter ${name}`);
  } while (r.accept(0x20));
  r.close('Expected ) after select parameters');
  return params;
}

function readQresync(r: Reader, maxRanges: number): QresyncParams {
  r.space('QRESYNC parameters');
  r.open('Expected ( after QRESYNC');
  const uidValidity = r.nzNumber('UIDVALIDITY in QRESYNC');
  r.space('mod-sequence in QRESYNC');
  const modseq = readModseq(r, 'mod-sequence in QRESYNC', false);
  const out: QresyncParams = { uidValidity, modseq };
  if (r.accept(0x20)) {
    if (r.peek() !== 0x28) {
      out.knownUids = readPlainSet(r, maxRanges, 'known UIDs');
      if (r.accept(0x20) && r.peek() !== 0x28) throw new ParseError('Invalid QRESYNC parameters');
    }
    if (r.peek() === 0x28) {
      r.open('Expected (');
      const seqs = readPlainSet(r, maxRanges, 'known sequence set');
      r.space('known UID set');
      const uids = readPlainSet(r, maxRanges, 'known UID set');
      r.close('Expected ) after sequence match data');
      const n = ascendingCount(seqs, 'known sequence set');
      if (ascendingCount(uids, 'known UID set') !== n) {
        throw new ParseError('Invalid sequence match data: the sets differ in size');
      }
      out.seqMatch = { seqs, uids };
    }
  }
  r.close('Expected ) after QRESYNC parameters');
  return out;
}

/** `[SP "(" fetch-modifier *(SP fetch-modifier) ")"]` after the FETCH items (RFC 4466 §2.4). */
export function readFetchModifiers(r: Reader, uid: boolean): { changedSince?: number; vanished?: boolean } {
  if (r.atEnd()) return {};
  if (r.peek() !== 0x20 || r.peekAhead() !== 0x28) throw new ParseError('Unexpected extra arguments');
  r.space('fetch modifiers');
  r.open('Expected ( before fetch modifiers');
  let changedSince: number | undefined;
  let vanished = false;
  do {
    const name = r.takeWhile(isAtomChar).toUpperCase();
    if (name === 'CHANGEDSINCE') {
      if (changedSince !== undefined) throw new ParseError('CHANGEDSINCE given twice');
      r.space('mod-sequence');
      changedSince = readModseq(r, 'CHANGEDSINCE mod-sequence', false);
    } else if (name === 'VANISHED') {
      if (vanished) throw new ParseError('VANISHED given twice');
      // RFC 7162 §3.2.6: only UID FETCH, and only with CHANGEDSINCE.
      if (!uid) throw new ParseError('VANISHED is only allowed with UID FETCH');
      vanished = true;
    } else {
      throw new ParseError(name === '' ? 'Missing fetch modifier' : `Unknown fetch modifier ${name}`);
    }
  } while (r.accept(0x20));
  r.close('Expected ) after fetch modifiers');
  if (vanished && changedSince === undefined) throw new ParseError('VANISHED requires CHANGEDSINCE');
  return { ...(changedSince !== undefined && { changedSince }), ...(vanished && { vanished }) };
}

/** `"(" store-modifier *(SP store-modifier) ")"` (RFC 4466 §2.5), when the next byte is "(". */
export function readStoreModifiers(r: Reader): { unchangedSince?: number } {
  if (r.peek() !== 0x28) return {};
  r.open('Expected ( before store modifiers');
  let unchangedSince: number | undefined;
  do {
    const name = r.takeWhile(isAtomChar).toUpperCase();
    if (name !== 'UNCHANGEDSINCE') throw new ParseError(name === '' ? 'Missing store modifier' : `Unknown store modifier ${name}`);
    if (unchangedSince !== undefined) throw new ParseError('UNCHANGEDSINCE given twice');
    r.space('mod-sequence');
    unchangedSince = readModseq(r, 'UNCHANGEDSINCE mod-sequence', true);
  } while (r.accept(0x20));
  r.close('Expected ) after store modifiers');
  r.space('store item');
  return unchangedSince === undefined ? {} : { unchangedSince };
}

const ENTRY_TYPES = new Set(['PRIV', 'SHARED', 'ALL']);

/**
 * The MODSEQ search key after its keyword: `[SP entry-name SP entry-type-req] SP
 * mod-sequence-valzer` (RFC 7162 §3.1.5). One MODSEQ is kept per message, so the entry
 * name and type are checked and then ignored, as the RFC asks.
 */
export function readModseqKey(r: Reader): SearchKey {
  r.space('mod-sequence');
  if (r.peek() === 0x22) {
    const name = Buffer.from(r.quotedBytes()).toString('latin1');
    if (!isEntryFlagName(name)) throw new ParseError('Invalid MODSEQ entry name');
    r.space('entry type');
    const type = r.takeWhile(isAtomChar).toUpperCase();
    if (!ENTRY_TYPES.has(type)) throw new ParseError('Invalid MODSEQ entry type');
    r.space('mod-sequence');
  }
  return { type: 'modseq', modseq: readModseq(r, 'MODSEQ mod-sequence', true) };
}

/** entry-flag-name without its quotes: "/flags/" attr-flag (a system flag, \atom or a keyword). */
function isEntryFlagName(name: string): boolean {
  const m = /^\/flags\/(\\?)(.+)$/i.exec(name);
  if (!m) return false;
  if (m[2]!.toLowerCase() === 'recent' && m[1]) return false; // attr-flag does not include \Recent
  return [...m[2]!].every((ch) => isAtomChar(ch.charCodeAt(0)));
}
