// SEARCH arguments: [CHARSET astring] 1*search-key (RFC 3501 §6.4.4, §9).
import type { CalendarDate, SearchKey, SearchReturnOption, SequenceSet } from './ast.js';
import { parseDate } from './datetime.js';
import { readModseqKey } from './condstore.js';
import { ParseError, isAtomChar, type Decode, type Reader } from './reader.js';
import { parseSequenceSet } from './sequence-set.js';

const SIMPLE: Record<string, SearchKey> = {
  ALL: { type: 'all' },
  ANSWERED: { type: 'flag', flag: '\\Answered', set: true },
  DELETED: { type: 'flag', flag: '\\Deleted', set: true },
  DRAFT: { type: 'flag', flag: '\\Draft', set: true },
  FLAGGED: { type: 'flag', flag: '\\Flagged', set: true },
  SEEN: { type: 'flag', flag: '\\Seen', set: true },
  UNANSWERED: { type: 'flag', flag: '\\Answered', set: false },
  UNDELETED: { type: 'flag', flag: '\\Deleted', set: false },
  UNDRAFT: { type: 'flag', flag: '\\Draft', set: false },
  UNFLAGGED: { type: 'flag', flag: '\\Flagged', set: false },
  UNSEEN: { type: 'flag', flag: '\\Seen', set: false },
  RECENT: { type: 'recent', set: true },
  OLD: { type: 'recent', set: false },
  NEW: { type: 'and', keys: [{ type: 'recent', set: true }, { type: 'flag', flag: '\\Seen', set: false }] },
};

const HEADER_SHORTHANDS = new Set(['BCC', 'CC', 'FROM', 'SUBJECT', 'TO']);
const DATE_KEYS = new Set(['BEFORE', 'ON', 'SINCE', 'SENTBEFORE', 'SENTON', 'SENTSINCE']);

const isSeqSetChar = (c: number): boolean => (c >= 0x30 && c <= 0x39) || c === 0x2a || c === 0x3a || c === 0x2c || c === 0x24;

/** Read a sequence-set token; shared with FETCH, STORE, COPY and friends. */
export function readSequenceSet(r: Reader, maxRanges: number): SequenceSet {
  const text = r.takeWhile(isSeqSetChar);
  if (text === '') throw new ParseError(r.atEnd() ? 'Missing sequence set' : 'Invalid sequence set');
  try {
    return parseSequenceSet(text, maxRanges);
  } catch (e) {
    const tooMany = (e as Error).message.startsWith('Too many');
    throw new ParseError((e as Error).message, 'BAD', tooMany ? 'LIMIT' : undefined);
  }
}

/**
 * Text decoding for the CHARSET the client named. An unknown charset decodes leniently
 * as UTF-8 so that the session, not a decoding error, answers it (NO [BADCHARSET]).
 */
function decoderFor(charset: string | undefined): Decode | undefined {
  if (charset === undefined || /^(UTF-8|US-ASCII)$/i.test(charset)) return undefined;
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(charset);
  } catch {
    decoder = new TextDecoder('utf-8');
  }
  return (bytes) => decoder.decode(bytes);
}

const RETURN_OPTIONS = new Set<string>(['MIN', 'MAX', 'ALL', 'COUNT', 'SAVE']);

/** `RETURN (opt ...)` (RFC 4466 search-return-opts) after the RETURN keyword. */
function readReturnOptions(r: Reader): SearchReturnOption[] {
  r.space('return options');
  r.open('Expected ( after RETURN');
  const options: SearchReturnOption[] = [];
  if (r.accept(0x29)) {
    r.leave();
    return options;
  }
  do {
    const name = r.atom('return option').toUpperCase();
    if (!RETURN_OPTIONS.has(name)) throw new ParseError('Unknown search return option');
    if (!options.includes(name as SearchReturnOption)) options.push(name as SearchReturnOption);
  } while (r.accept(0x20));
  r.close('Expected ) after return options');
  return options;
}

/**
 * Everything after `SEARCH`: the optional RETURN options (RFC 4731 / RFC 4466: they come
 * first), the optional CHARSET and the implicitly AND-ed keys.
 */
export function readSearch(
  r: Reader,
  maxRanges: number,
): { returns?: SearchReturnOption[]; charset?: string; key: SearchKey } {
  r.space('search criteria');
  let charset: string | undefined;
  let returns: SearchReturnOption[] | undefined;
  let first: string | undefined;
  if (isAtomChar(r.peek()) && !isSeqSetChar(r.peek())) {
    first = r.takeWhile(isAtomChar).toUpperCase();
    if (first === 'RETURN') {
      returns = readReturnOptions(r);
      r.space('search criteria');
      first = isAtomChar(r.peek()) && !isSeqSetChar(r.peek()) ? r.takeWhile(isAtomChar).toUpperCase() : undefined;
    }
    if (first === 'CHARSET') {
      r.space('charset');
      charset = r.astring('charset');
      r.space('search criteria');
      first = undefined;
    }
  }
  const ctx = { r, maxRanges, decode: decoderFor(charset), keys: 0 };
  const keys = [readKey(ctx, first)];
  while (r.accept(0x20)) keys.push(readKey(ctx));
  const key = keys.length === 1 ? keys[0]! : { type: 'and' as const, keys };
  return { ...(returns && { returns }), ...(charset !== undefined && { charset }), key };
}

/**
 * The search keys after a mandatory charset (SORT and THREAD, RFC 5256 `search-criteria`):
 * 1*(SP search-key), implicitly AND-ed. The caller has read the charset and the SP after it.
 */
export function readSearchKeys(r: Reader, maxRanges: number, charset: string): SearchKey {
  const ctx = { r, maxRanges, decode: decoderFor(charset), keys: 0 };
  const keys = [readKey(ctx)];
  while (r.accept(0x20)) keys.push(readKey(ctx));
  return keys.length === 1 ? keys[0]! : { type: 'and', keys };
}

interface Context {
  r: Reader;
  maxRanges: number;
  decode: Decode | undefined;
  /** Keys read so far (groups, NOT and OR included), against MAX_SEARCH_KEYS. */
  keys: number;
}

/**
 * Most keys in one SEARCH, SORT or THREAD. Each key costs work per message in one synchronous
 * SQLite query (and SQLite plans a long AND list in time that grows with its square), all of it
 * holding the event loop; a 64 KB line holds 16,000 keys. Real clients send a few dozen at
 * most (and OR chains stop at the nesting limit anyway).
 */
const MAX_SEARCH_KEYS = 256;

/** One search-key; `name` is its keyword when the caller has already read it. */
function readKey(ctx: Context, name?: string): SearchKey {
  const { r } = ctx;
  if (++ctx.keys > MAX_SEARCH_KEYS) throw new ParseError('Too many search keys', 'BAD', 'LIMIT');
  if (name === undefined) {
    const c = r.peek();
    if (c === 0x28) return readGroup(ctx);
    if (isSeqSetChar(c)) return { type: 'seq', set: readSequenceSet(r, ctx.maxRanges) };
    name = r.takeWhile(isAtomChar).toUpperCase();
    if (name === '') throw new ParseError(r.atEnd() ? 'Missing search key' : 'Invalid search key');
  }
  const simple = SIMPLE[name];
  if (simple) return structuredClone(simple);
  if (HEADER_SHORTHANDS.has(name)) {
    r.space('search string');
    return { type: 'header', field: name, value: r.astring('search string', ctx.decode) };
  }
  if (DATE_KEYS.has(name)) {
    r.space('date');
    return { type: name.toLowerCase(), date: readDate(r) } as SearchKey;
  }
  switch (name) {
    case 'BODY':
    case 'TEXT':
      r.space('search string');
      return { type: name === 'BODY' ? 'body' : 'text', value: r.astring('search string', ctx.decode) };
    case 'HEADER': {
      r.space('header field name');
      const field = r.astring('header field name').toUpperCase();
      r.space('search string');
      return { type: 'header', field, value: r.astring('search string', ctx.decode) };
    }
    case 'KEYWORD':
    case 'UNKEYWORD':
      r.space('keyword');
      return { type: 'flag', flag: r.atom('keyword'), set: name === 'KEYWORD' };
    case 'LARGER':
    case 'SMALLER':
      r.space('size');
      return { type: name === 'LARGER' ? 'larger' : 'smaller', size: r.number64('size') };
    case 'MODSEQ': // RFC 7162 §3.1.5
      return readModseqKey(r);
    case 'UID':
      r.space('sequence set');
      return { type: 'uid', set: readSequenceSet(r, ctx.maxRanges) };
    case 'NOT': {
      r.enter();
      r.space('search key');
      const key = readKey(ctx);
      r.leave();
      return { type: 'not', key };
    }
    case 'OR': {
      r.enter();
      r.space('search key');
      const left = readKey(ctx);
      r.space('search key');
      const right = readKey(ctx);
      r.leave();
      return { type: 'or', left, right };
    }
    default:
      throw new ParseError('Unknown search key');
  }
}

function readGroup(ctx: Context): SearchKey {
  const { r } = ctx;
  r.open('Expected (');
  const keys = [readKey(ctx)];
  while (r.accept(0x20)) keys.push(readKey(ctx));
  r.close('Expected ) after search keys');
  return keys.length === 1 ? keys[0]! : { type: 'and', keys };
}

/** date: date-text / DQUOTE date-text DQUOTE. */
function readDate(r: Reader): CalendarDate {
  const text = r.peek() === 0x22 ? Buffer.from(r.quotedBytes()).toString('latin1') : r.takeWhile(isAtomChar);
  const date = parseDate(text);
  if (!date) throw new ParseError('Invalid date');
  return date;
}
