// Translates a StoreSearchKey into a parameterised SQL WHERE clause over `messages`.
// Values from the client are only ever bound as parameters; the SQL text is built from
// constants (column names, operators, placeholders) so it can be cached by its text.
//
// Content keys (content.ts has the tables):
// - TEXT / BODY / HEADER with a needle of 3 or more characters: `text LIKE '%needle%'` on
//   an FTS5 trigram table, answered from its index, gives the candidate contents (one index
//   look-up for the whole mailbox), confirmed with instr() on the stored text; HEADER then
//   checks the named field's rows of those candidates.
// - Needles of 1 or 2 characters have no trigram: the stored folded text of each message
//   of the mailbox is scanned with instr() (a linear scan, but only of this mailbox).
// - Needles and stored text are both folded (content.ts fold()), so matching is
//   case-insensitive for every script, not only ASCII.
// - SENTBEFORE/SENTON/SENTSINCE compare the Date: header's day in its own zone; a message
//   without a valid Date: header has the day 1970-01-01, as in Dovecot (content.ts).
// Every content predicate yields 0 or 1, never NULL, so NOT stays a plain complement.
import type Database from 'better-sqlite3';
import { fold, likeCandidates } from './content.js';
import { SYSTEM_COLUMNS, asciiLower, isValidKeyword, systemFlagIndex } from './flags.js';
import { normaliseRanges } from './messages.js';
import type { StoreSearchKey, UidRanges } from './types.js';

export interface CompiledSearch {
  where: string;
  params: Array<number | string>;
}

/** Large uid sets are tested by a binary search in JS instead of a long OR of BETWEENs. */
const INLINE_RANGES = 16;

/**
 * Uid sets too large to inline, looked up through the SQL function uid_in_ranges(set, uid).
 * Sets are registered for the duration of one query and released afterwards.
 */
export class UidRangeSets {
  private readonly sets = new Map<number, { lo: Float64Array; hi: Float64Array }>();
  private nextId = 1;

  install(db: Database.Database): void {
    db.function('uid_in_ranges', (id: unknown, uid: unknown) =>
      this.contains(Number(id), Number(uid)) ? 1 : 0,
    );
  }

  register(ranges: UidRanges): number {
    const id = this.nextId++;
    this.sets.set(id, {
      lo: Float64Array.from(ranges, (r) => r[0]),
      hi: Float64Array.from(ranges, (r) => r[1]),
    });
    return id;
  }

  release(ids: readonly number[]): void {
    for (const id of ids) this.sets.delete(id);
  }

  private contains(id: number, uid: number): boolean {
    const set = this.sets.get(id);
    if (!set) throw new Error('uid set not registered');
    // Last range whose lower bound is <= uid.
    let lo = 0;
    let hi = set.lo.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (set.lo[mid]! <= uid) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found >= 0 && uid <= set.hi[found]!;
  }
}

/** (a OP b) nested as a balanced tree, so long lists stay well inside SQLite's depth limit. */
function balanced(parts: string[], op: 'AND' | 'OR'): string {
  if (parts.length === 1) return parts[0]!;
  const mid = parts.length >> 1;
  return `(${balanced(parts.slice(0, mid), op)} ${op} ${balanced(parts.slice(mid), op)})`;
}

/** Flattens nested AND/OR lists and removes double negations. */
function operands(key: StoreSearchKey, type: 'and' | 'or', out: StoreSearchKey[] = []): StoreSearchKey[] {
  if (type === 'and' && key.type === 'and') for (const k of key.keys) operands(k, type, out);
  else if (type === 'or' && key.type === 'or') {
    operands(key.left, type, out);
    operands(key.right, type, out);
  } else out.push(key);
  return out;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkSize(n: number): number {
  if (!Number.isInteger(n) || n < 0) throw new Error(`invalid size in search key: ${n}`);
  return n;
}

/**
 * `registerRanges` receives uid sets too large to inline and returns the id the SQL refers to;
 * the caller releases them after the query.
 */
export function compileSearch(key: StoreSearchKey, registerRanges: (ranges: UidRanges) => number): CompiledSearch {
  const params: Array<number | string> = [];
  // A set that several keys share (the session passes `$` and \Recent as one array) is
  // normalised and registered once.
  const registered = new Map<UidRanges, number>();

  const compile = (k: StoreSearchKey): string => {
    switch (k.type) {
      case 'all':
        return '1';
      case 'uids': {
        const known = registered.get(k.ranges);
        if (known !== undefined) {
          params.push(known);
          return 'uid_in_ranges(?, uid)';
        }
        const ranges = normaliseRanges(k.ranges);
        if (ranges.length === 0) return '0';
        if (ranges.length > INLINE_RANGES) {
          const id = registerRanges(ranges);
          registered.set(k.ranges, id);
          params.push(id);
          return 'uid_in_ranges(?, uid)';
        }
        return balanced(
          ranges.map(([lo, hi]) => {
            params.push(lo, hi);
            return 'uid BETWEEN ? AND ?';
          }),
          'OR',
        );
      }
      case 'flag': {
        if (k.flag.startsWith('\\')) {
          const i = systemFlagIndex(k.flag);
          // \Recent is not stored: the session resolves it to a uid set before calling search.
          if (i < 0) throw new Error(`system flag ${k.flag} cannot be searched in the store`);
          // Constant 0/1 (not a parameter) so the partial index on seen = 0 can be used.
          return `${SYSTEM_COLUMNS[i]} = ${k.set ? 1 : 0}`;
        }
        if (!isValidKeyword(k.flag)) return k.set ? '0' : '1'; // no message can carry it
        params.push(` ${asciiLower(k.flag)} `);
        return `instr(lower(keywords), ?) ${k.set ? '>' : '='} 0`;
      }
      case 'larger':
        params.push(checkSize(k.size));
        return 'size > ?';
      case 'smaller':
        params.push(checkSize(k.size));
        return 'size < ?';
      case 'before':
      case 'on':
      case 'since': {
        if (!DAY.test(k.day)) throw new Error(`invalid day in search key: ${k.day}`);
        params.push(k.day);
        return `internal_day ${k.type === 'before' ? '<' : k.type === 'on' ? '=' : '>='} ?`;
      }
      case 'sentbefore':
      case 'senton':
      case 'sentsince': {
        if (!DAY.test(k.day)) throw new Error(`invalid day in search key: ${k.day}`);
        params.push(k.day);
        const op = k.type === 'sentbefore' ? '<' : k.type === 'senton' ? '=' : '>=';
        return `coalesce((SELECT p.sent_day ${op} ? FROM blob_parsed p WHERE p.id = messages.parsed_id), 0)`;
      }
      case 'header': {
        const name = asciiLower(k.field);
        const needle = fold(k.value);
        if (needle === '') {
          params.push(name);
          return 'EXISTS (SELECT 1 FROM blob_headers h WHERE h.blob_id = messages.parsed_id AND h.name = ?)';
        }
        const like = likeCandidates(needle);
        if (like === null) {
          params.push(name, needle);
          return 'EXISTS (SELECT 1 FROM blob_headers h WHERE h.blob_id = messages.parsed_id AND h.name = ? AND instr(h.value, ?) > 0)';
        }
        // CROSS JOIN: the FTS candidates first, then their rows of the field (blob_headers_blob).
        params.push(like, name, needle);
        return `messages.parsed_id IN (SELECT h.blob_id FROM fts_headers f CROSS JOIN blob_headers h ON h.blob_id = f.rowid
          WHERE f.text LIKE ? AND h.name = ? AND instr(h.value, ?) > 0)`;
      }
      case 'body':
      case 'text': {
        const needle = fold(k.value);
        if (needle === '') return '1';
        const tables = k.type === 'body' ? ['fts_body'] : ['fts_headers', 'fts_body'];
        const like = likeCandidates(needle);
        if (like === null) {
          return balanced(
            tables.map((t) => {
              params.push(needle);
              return `coalesce((SELECT instr(t.text, ?) > 0 FROM ${t} t WHERE t.rowid = messages.parsed_id), 0)`;
            }),
            'OR',
          );
        }
        const selects = tables.map((t) => {
          params.push(like, needle);
          return `SELECT rowid FROM ${t} WHERE text LIKE ? AND instr(text, ?) > 0`;
        });
        return `messages.parsed_id IN (${selects.join(' UNION ')})`;
      }
      case 'not':
        return k.key.type === 'not' ? compile(k.key.key) : `NOT (${compile(k.key)})`;
      case 'and': {
        const parts = operands(k, 'and').map(compile);
        return parts.length === 0 ? '1' : balanced(parts, 'AND');
      }
      case 'or':
        return balanced(operands(k, 'or').map(compile), 'OR');
      case 'modseq': // RFC 7162 §3.1.5; served by messages_modseq when it narrows the search
        if (!(k.min >= 0)) throw new Error(`invalid modseq in search key: ${k.min}`);
        params.push(Math.min(k.min, Number.MAX_SAFE_INTEGER));
        return 'modseq >= ?';
    }
  };
  const where = compile(key);
  return { where, params };
}
