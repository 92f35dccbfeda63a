// The grammar of each command: from a framed command to its AST (RFC 3501 §6, §9, and
// the extensions named beside each entry).
import type { Command, DateTime, SearchKey, SortCriterion, SortKey } from './ast.js';
import type { ParserEvent, ParserLimits } from './events.js';
import { parseDateTime } from './datetime.js';
import { readFetchItems } from './fetch.js';
import { readFlag, readFlagList } from './flags.js';
import { decodeModifiedUtf7 } from './mutf7.js';
import { END, ParseError, Reader, isAtomChar, isTagChar, type Segment } from './reader.js';
import { readSearch, readSearchKeys, readSequenceSet } from './search.js';

type ArgsParser = (r: Reader, limits: ParserLimits) => Command;

/** A mailbox name: decoded from modified UTF-7, with INBOX in its one canonical case. */
function readMailbox(r: Reader, what = 'mailbox name'): string {
  return normaliseMailbox(r.astring(what));
}

function normaliseMailbox(raw: string): string {
  let name: string;
  try {
    name = decodeModifiedUtf7(raw);
  } catch {
    throw new ParseError('Invalid mailbox name');
  }
  if (/^inbox$/i.test(name)) return 'INBOX';
  if (/^inbox\//i.test(name)) return 'INBOX' + name.slice(5);
  return name;
}

const noArgs =
  (name: 'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'NAMESPACE' | 'IDLE' | 'EXPUNGE'): ArgsParser =>
  () => ({ name });

const mailboxOnly =
  (name: 'SELECT' | 'EXAMINE' | 'CREATE' | 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE'): ArgsParser =>
  (r) => {
    r.space('mailbox name');
    return { name, mailbox: readMailbox(r) };
  };

const list =
  (name: 'LIST' | 'LSUB'): ArgsParser =>
  (r) => {
    r.space('reference name');
    const reference = normaliseMailbox(r.astring('reference name'));
    r.space('mailbox pattern');
    const pattern = normaliseMailbox(r.listMailbox('mailbox pattern'));
    return { name, reference, pattern };
  };

/** FETCH, STORE, COPY, MOVE and SEARCH, with or without the UID prefix. */
const withSet = (uid: boolean): Record<string, ArgsParser> => ({
  FETCH: (r, limits) => {
    r.space('sequence set');
    const set = readSequenceSet(r, limits.maxSequenceRanges);
    r.space('fetch items');
    return { name: 'FETCH', uid, set, items: readFetchItems(r) };
  },
  STORE: (r, limits) => {
    r.space('sequence set');
    const set = readSequenceSet(r, limits.maxSequenceRanges);
    r.space('store item');
    const item = r.takeWhile(isAtomChar).toUpperCase();
    const match = /^([+-]?)FLAGS(\.SILENT)?$/.exec(item);
    if (!match) throw new ParseError(item === '' && r.atEnd() ? 'Missing store item' : 'Invalid store item');
    const mode = match[1] === '+' ? 'add' : match[1] === '-' ? 'remove' : 'set';
    r.space('flags');
    let flags: string[];
    if (r.peek() === 0x28) {
      flags = readFlagList(r);
    } else {
      flags = [readFlag(r)];
      while (r.accept(0x20)) flags.push(readFlag(r));
    }
    return { name: 'STORE', uid, set, mode, silent: match[2] !== undefined, flags };
  },
  COPY: copyOrMove('COPY', uid),
  MOVE: copyOrMove('MOVE', uid),
  SEARCH: (r, limits) => ({ name: 'SEARCH', uid, ...readSearch(r, limits.maxSequenceRanges) }),
});

function copyOrMove(name: 'COPY' | 'MOVE', uid: boolean): ArgsParser {
  return (r, limits) => {
    r.space('sequence set');
    const set = readSequenceSet(r, limits.maxSequenceRanges);
    r.space('mailbox name');
    return { name, uid, set, mailbox: readMailbox(r) };
  };
}

// RFC 5256 SORT and THREAD (and RFC 5957 DISPLAYFROM / DISPLAYTO), with or without UID.
const SORT_KEYS = new Set<string>(['ARRIVAL', 'CC', 'DATE', 'FROM', 'SIZE', 'SUBJECT', 'TO', 'DISPLAYFROM', 'DISPLAYTO']);

/** charset SP 1*search-key: the charset is mandatory here, unlike SEARCH's. */
function readCharsetAndKeys(r: Reader, limits: ParserLimits): { charset: string; key: SearchKey } {
  r.space('charset');
  const charset = r.astring('charset');
  if (!r.accept(0x20)) throw new ParseError(r.atEnd() ? 'Missing charset or search criteria' : 'Invalid charset');
  return { charset, key: readSearchKeys(r, limits.maxSequenceRanges, charset) };
}

const sortAndThread = (uid: boolean): Record<string, ArgsParser> => ({
  SORT: (r, limits) => {
    r.space('sort criteria');
    if (r.peek() !== 0x28) throw new ParseError(r.atEnd() ? 'Missing sort criteria' : 'Expected ( before sort criteria');
    r.open('Expected ( before sort criteria');
    const criteria: SortCriterion[] = [];
    do {
      let name = r.takeWhile(isAtomChar).toUpperCase();
      const reverse = name === 'REVERSE';
      if (reverse) {
        r.space('sort criterion after REVERSE');
        name = r.takeWhile(isAtomChar).toUpperCase();
      }
      if (name === '') throw new ParseError('Missing sort criterion');
      if (!SORT_KEYS.has(name)) throw new ParseError(`Unknown sort criterion ${name}`);
      criteria.push({ key: name as SortKey, reverse });
    } while (r.accept(0x20));
    r.close('Expected ) after sort criteria');
    return { name: 'SORT', uid, criteria, ...readCharsetAndKeys(r, limits) };
  },
  THREAD: (r, limits) => {
    r.space('threading algorithm');
    const algorithm = r.atom('threading algorithm').toUpperCase();
    if (algorithm !== 'ORDEREDSUBJECT' && algorithm !== 'REFERENCES') throw new ParseError('Unknown threading algorithm');
    return { name: 'THREAD', uid, algorithm, ...readCharsetAndKeys(r, limits) };
  },
});

const UID_COMMANDS: Record<string, ArgsParser> = {
  ...withSet(true),
  ...sortAndThread(true),
  // RFC 4315
  EXPUNGE: (r, limits) => {
    r.space('sequence set');
    return { name: 'UID EXPUNGE', set: readSequenceSet(r, limits.maxSequenceRanges) };
  },
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const MAX_ID_PAIRS = 30;
const MAX_ID_FIELD = 30;
const MAX_ID_VALUE = 1024;

const COMMANDS: Record<string, ArgsParser> = {
  CAPABILITY: noArgs('CAPABILITY'),
  NOOP: noArgs('NOOP'),
  LOGOUT: noArgs('LOGOUT'),
  STARTTLS: noArgs('STARTTLS'),
  CHECK: noArgs('CHECK'),
  CLOSE: noArgs('CLOSE'),
  UNSELECT: noArgs('UNSELECT'),
  NAMESPACE: noArgs('NAMESPACE'),
  IDLE: noArgs('IDLE'),
  EXPUNGE: noArgs('EXPUNGE'),
  LOGIN: (r) => {
    r.space('user name');
    const user = r.astring('user name');
    r.space('password');
    return { name: 'LOGIN', user, password: r.astring('password') };
  },
  // RFC 4959 SASL-IR: `=` is an empty initial response.
  AUTHENTICATE: (r) => {
    r.space('authentication mechanism');
    const mechanism = r.atom('authentication mechanism').toUpperCase();
    if (!r.accept(0x20)) return { name: 'AUTHENTICATE', mechanism };
    const initial = r.takeWhile(isAtomChar);
    if (initial === '') throw new ParseError(r.atEnd() ? 'Missing initial response' : 'Invalid initial response');
    if (initial === '=') return { name: 'AUTHENTICATE', mechanism, initial: '' };
    if (!BASE64.test(initial)) throw new ParseError('Invalid initial response');
    return { name: 'AUTHENTICATE', mechanism, initial };
  },
  SELECT: mailboxOnly('SELECT'),
  EXAMINE: mailboxOnly('EXAMINE'),
  CREATE: mailboxOnly('CREATE'),
  DELETE: mailboxOnly('DELETE'),
  SUBSCRIBE: mailboxOnly('SUBSCRIBE'),
  UNSUBSCRIBE: mailboxOnly('UNSUBSCRIBE'),
  RENAME: (r) => {
    r.space('mailbox name');
    const from = readMailbox(r);
    r.space('new mailbox name');
    return { name: 'RENAME', from, to: readMailbox(r, 'new mailbox name') };
  },
  LIST: list('LIST'),
  LSUB: list('LSUB'),
  STATUS: (r) => {
    r.space('mailbox name');
    const mailbox = readMailbox(r);
    r.space('status items');
    r.open('Expected ( before status items');
    const items: string[] = [];
    do items.push(r.atom('status item').toUpperCase());
    while (r.accept(0x20));
    r.close('Expected ) after status items');
    return { name: 'STATUS', mailbox, items };
  },
  APPEND: (r) => {
    r.space('mailbox name');
    const mailbox = readMailbox(r);
    r.space('message literal');
    let flags: string[] = [];
    if (r.peek() === 0x28) {
      flags = readFlagList(r);
      r.space('message literal');
    }
    let date: DateTime | undefined;
    if (r.peek() === 0x22) {
      const parsed = parseDateTime(Buffer.from(r.quotedBytes()).toString('latin1'));
      if (!parsed) throw new ParseError('Invalid date-time');
      date = parsed;
      r.space('message literal');
    }
    if (r.peek() === END) throw new ParseError('Missing message literal');
    const message = r.literal(true).data; // literal8 (RFC 3516) is accepted here
    return { name: 'APPEND', mailbox, flags, ...(date && { date }), message };
  },
  ...withSet(false),
  ...sortAndThread(false),
  UID: (r, limits) => {
    r.space('UID command');
    const sub = r.atom('UID command').toUpperCase();
    const parse = lookup(UID_COMMANDS, sub);
    if (!parse) throw new ParseError('Unknown UID command');
    return parse(r, limits);
  },
  // RFC 5161
  ENABLE: (r) => {
    const capabilities: string[] = [];
    do {
      r.space('capability');
      capabilities.push(r.atom('capability').toUpperCase());
    } while (r.peek() === 0x20);
    return { name: 'ENABLE', capabilities };
  },
  // RFC 2971, with its limits on pair count and string lengths.
  ID: (r) => {
    r.space('ID parameters');
    if (r.peek() !== 0x28) {
      if (r.atom('ID parameters').toUpperCase() !== 'NIL') throw new ParseError('Invalid ID parameters');
      return { name: 'ID', params: null };
    }
    r.open('Expected ( before ID parameters');
    const params: Array<[string, string | null]> = [];
    if (!r.accept(0x29)) {
      do {
        const field = r.string();
        r.space('ID value');
        const value = r.nstring();
        if (Buffer.byteLength(field) > MAX_ID_FIELD || (value !== null && Buffer.byteLength(value) > MAX_ID_VALUE)) {
          throw new ParseError('ID field or value too long');
        }
        params.push([field, value]);
        if (params.length > MAX_ID_PAIRS) throw new ParseError('Too many ID parameters');
      } while (r.accept(0x20));
      r.close('Expected ) after ID parameters');
    } else {
      r.leave();
    }
    return { name: 'ID', params };
  },
};

/** Whether a command name (upper case) is one this parser knows. */
export function isKnownCommand(name: string): boolean {
  return lookup(COMMANDS, name) !== undefined;
}

function lookup(table: Record<string, ArgsParser>, name: string): ArgsParser | undefined {
  return Object.hasOwn(table, name) ? table[name] : undefined;
}

/**
 * The tag and the command name (upper case, maybe empty) from the start of a command's
 * first line, or null if the tag is bad.
 */
export function readTagAndName(r: Reader): { tag: string; name: string } | null {
  const tag = r.takeWhile(isTagChar);
  if (tag === '') return null;
  if (r.atEnd()) return { tag, name: '' };
  if (!r.accept(0x20)) return null;
  return { tag, name: r.takeWhile(isAtomChar).toUpperCase() };
}

/** Parse one complete framed command into an event. Never throws. */
export function parseCommand(segments: Segment[], limits: ParserLimits): ParserEvent {
  const r = new Reader(segments, limits.maxNesting);
  const head = readTagAndName(r);
  if (!head) return { kind: 'error', tag: null, status: 'BAD', text: 'Invalid tag' };
  const { tag, name } = head;
  try {
    if (name === '') throw new ParseError(r.atEnd() ? 'Missing command' : 'Invalid command');
    const parse = lookup(COMMANDS, name);
    if (!parse) throw new ParseError('Unknown command');
    const command = parse(r, limits);
    r.end();
    return { kind: 'command', tag, command };
  } catch (e) {
    if (e instanceof ParseError) {
      return { kind: 'error', tag, status: e.status, ...(e.code ? { code: e.code } : {}), text: e.message };
    }
    // A stack overflow or a bug must cost one command, not the connection.
    return { kind: 'error', tag, status: 'BAD', text: 'Command could not be parsed' };
  }
}
