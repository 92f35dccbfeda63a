// Message flags as clients may send them in STORE and APPEND.
import { ParseError, type Reader } from './reader.js';

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];
const BY_UPPER = new Map(SYSTEM_FLAGS.map((f) => [f.toUpperCase(), f]));

/**
 * flag: a system flag (returned in its canonical case) or a keyword atom. `\Recent` is
 * server-managed and `\*` only appears in PERMANENTFLAGS, so both are refused, as are
 * backslash flags this server does not know.
 */
export function readFlag(r: Reader): string {
  if (!r.accept(0x5c)) return r.atom('flag');
  if (r.peek() === 0x2a) throw new ParseError('Invalid flag \\*');
  const name = '\\' + r.atom('flag');
  const system = BY_UPPER.get(name.toUpperCase());
  if (system) return system;
  if (name.toUpperCase() === '\\RECENT') throw new ParseError('\\Recent cannot be set by a client');
  throw new ParseError('Unknown system flag');
}

/** flag-list: "(" [flag *(SP flag)] ")". */
export function readFlagList(r: Reader): string[] {
  r.open('Expected flag list');
  const flags: string[] = [];
  if (!r.accept(0x29)) {
    do flags.push(readFlag(r));
    while (r.accept(0x20));
    r.expect(0x29, 'Invalid flag list');
  }
  r.leave();
  return flags;
}
