// The grammar of each command: from a framed command to its AST (RFC 3501 §6, §9, and
// the extensions named beside each entry).
import type { Command, DateTime, ListExtended, SearchKey, SortCriterion, SortKey, StatusItem } from './ast.js';
import type { ParserEvent, ParserLimits } from './events.js';
import { parseDateTime } from './datetime.js';
import { readFetchModifiers, readSelectParams, readStoreModifiers } from './condstore.js';
import { readFetchItems } from './fetch.js';
import { readFlag, readFlagList } from './flags.js';
import { checkEntryNames, readEntries, readEntryValues, readGetMetadataOptions, type GetMetadataOptions } from './metadata.js';
import { normaliseMailbox, readMailbox } from './mailbox-arg.js';
import { readNotify } from './notify.js';
import { END, ParseError, Reader, isAtomChar, isTagChar, type Segment } from './reader.js';
import { readSearch, readSearchKeys, readSequenceSet } from './search.js';
import { isBase64 } from '../auth/sasl.js';

type ArgsParser = (r: Reader, limits: ParserLimits) => Command;

/** A mailbox name: decoded from modified UTF-7, with INBOX in its one canonical case. */
const noArgs =
  (name: 'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'NAMESPACE' | 'IDLE' | 'EXPUNGE'): ArgsParser =>
  () => ({ name });

const mailboxOnly =
  (name: 'CREATE' | 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE'): ArgsParser =>
  (r) => {
    r.space('mailbox name');
    return { name, mailbox: readMailbox(r) };
  };

/** RFC 4314: `mailbox SP identifier` (an identifier is an astring). */
function mailboxAndIdentifier(r: Reader): { mailbox: string; identifier: string } {
  r.space('mailbox name');
  const mailbox = readMailbox(r);
  r.space('identifier');
  return { mailbox, identifier: r.astring('identifier') };
}

const lsub: ArgsParser = (r) => {
  r.space('reference name');
  const reference = normaliseMailbox(r.astring('reference name'));
  r.space('mailbox pattern');
  const pattern = normaliseMailbox(r.listMailbox('mailbox pattern'));
  return { name: 'LSUB', reference, pattern };
};

/**
 * LIST, plain (RFC 3501) or extended (RFC 5258 §6: `LIST [SP list-select-opts] SP mailbox SP
 * mbox-or-pat [SP list-return-opts]`, with RFC 6154 SPECIAL-USE and RFC 5819 STATUS).
 * Unknown options are BAD (RFC 5258 §3), as is RECURSIVEMATCH without SUBSCRIBED (§3.1; RFC
 * 6154 §6 makes SPECIAL-USE an independent option, like REMOTE).
 */
const list: ArgsParser = (r) => {
  r.space('reference name');
  const select = r.peek() === 0x28 ? readListSelectOptions(r) : undefined;
  if (select) r.space('reference name');
  const reference = normaliseMailbox(r.astring('reference name'));
  r.space('mailbox pattern');
  let patterns: string[] | undefined;
  if (r.peek() === 0x28) {
    r.open('Expected ( before mailbox patterns');
    patterns = [];
    do patterns.push(normaliseMailbox(r.listMailbox('mailbox pattern')));
    while (r.accept(0x20));
    r.close('Expected ) after mailbox patterns');
  }
  const pattern = patterns ? patterns[0]! : normaliseMailbox(r.listMailbox('mailbox pattern'));
  const returns = r.peek() === 0x20 ? readListReturnOptions(r) : undefined;
  if (!select && !patterns && !returns) return { name: 'LIST', reference, pattern };
  return {
    name: 'LIST',
    reference,
    pattern,
    extended: {
      patterns: patterns ?? [pattern],
      select: select ?? { subscribed: false, remote: false, recursiveMatch: false, specialUse: false },
      returns: returns ?? { subscribed: false, children: false, specialUse: false, status: null },
    },
  };
};

/** RFC 5258 list-select-opts: `"(" [option *(SP option)] ")"`. */
function readListSelectOptions(r: Reader): ListExtended['select'] {
  const select = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
  r.open('Expected ( before selection options');
  if (!r.accept(0x29)) {
    do {
      const option = r.atom('selection option').toUpperCase();
      if (option === 'SUBSCRIBED') select.subscribed = true;
      else if (option === 'REMOTE') select.remote = true;
      else if (option === 'RECURSIVEMATCH') select.recursiveMatch = true;
      else if (option === 'SPECIAL-USE') select.specialUse = true;
      else throw new ParseError(`Unknown LIST selection option ${option}`);
    } while (r.accept(0x20));
    r.close('Expected ) after selection options');
  } else {
    r.leave();
  }
  if (select.recursiveMatch && !select.subscribed) throw new ParseError('RECURSIVEMATCH needs the SUBSCRIBED selection option');
  return select;
}

/** RFC 5258 list-return-opts: `SP "RETURN" SP "(" [return-option *(SP return-option)] ")"`. */
function readListReturnOptions(r: Reader): ListExtended['returns'] {
  r.space('RETURN');
  if (r.takeWhile(isAtomChar).toUpperCase() !== 'RETURN') throw new ParseError('Unexpected extra arguments');
  const returns: ListExtended['returns'] = { subscribed: false, children: false, specialUse: false, status: null };
  r.space('return options');
  r.open('Expected ( before return options');
  if (!r.accept(0x29)) {
    do {
      const option = r.atom('return option').toUpperCase();
      if (option === 'SUBSCRIBED') returns.subscribed = true;
      else if (option === 'CHILDREN') returns.children = true;
      else if (option === 'SPECIAL-USE') returns.specialUse = true;
      else if (option === 'STATUS') {
        // RFC 5819 §4; a repeated STATUS option counts once, with the items of both.
        r.space('status items');
        const items = readStatusItems(r);
        returns.status = [...new Set([...(returns.status ?? []), ...items])];
      } else throw new ParseError(`Unknown LIST return option ${option}`);
    } while (r.accept(0x20));
    r.close('Expected ) after return options');
  } else {
    r.leave();
  }
  return returns;
}

const STATUS_ITEMS: ReadonlySet<string> = new Set<StatusItem>([
  'MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ', 'SIZE', 'APPENDLIMIT', 'MAILBOXID',
]);

/** `"(" status-att *(SP status-att) ")"`: known items only, upper case, each once. */
function readStatusItems(r: Reader): StatusItem[] {
  r.open('Expected ( before status items');
  const items: StatusItem[] = [];
  do {
    const item = r.atom('status item').toUpperCase();
    if (!STATUS_ITEMS.has(item)) throw new ParseError(`Unknown STATUS item ${item}`);
    if (!items.includes(item as StatusItem)) items.push(item as StatusItem);
  } while (r.accept(0x20));
  r.close('Expected ) after status items');
  return items;
}

/** SELECT and EXAMINE, with the RFC 7162 select parameters (CONDSTORE, QRESYNC). */
const selectOrExamine =
  (name: 'SELECT' | 'EXAMINE'): ArgsParser =>
  (r, limits) => {
    r.space('mailbox name');
    const mailbox = readMailbox(r);
    const params = readSelectParams(r, limits.maxSequenceRanges);
    return { name, mailbox, ...(params && { params }) };
  };

/** FETCH, STORE, COPY, MOVE and SEARCH, with or without the UID prefix. */
const withSet = (uid: boolean): Record<string, ArgsParser> => ({
  FETCH: (r, limits) => {
    r.space('sequence set');
    const set = readSequenceSet(r, limits.maxSequenceRanges);
    r.space('fetch items');
    const items = readFetchItems(r);
    return { name: 'FETCH', uid, set, items, ...readFetchModifiers(r, uid) }; // RFC 7162 modifiers
  },
  STORE: (r, limits) => {
    r.space('sequence set');
    const set = readSequenceSet(r, limits.maxSequenceRanges);
    r.space('store item');
    const modifiers = readStoreModifiers(r); // RFC 7162 UNCHANGEDSINCE
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
    return { name: 'STORE', uid, set, mode, silent: match[2] !== undefined, flags, ...modifiers };
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
    if (!isBase64(initial)) throw new ParseError('Invalid initial response');
    return { name: 'AUTHENTICATE', mechanism, initial };
  },
  SELECT: selectOrExamine('SELECT'),
  EXAMINE: selectOrExamine('EXAMINE'),
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
  LIST: list,
  LSUB: lsub,
  STATUS: (r) => {
    r.space('mailbox name');
    const mailbox = readMailbox(r);
    r.space('status items');
    return { name: 'STATUS', mailbox, items: readStatusItems(r) };
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
  // RFC 5464. The options go before the mailbox in the formal syntax (§5) and after it in the
  // examples of §4.2.1 and §4.2.2; both are accepted. After the mailbox, a list is taken for
  // options when it starts with a letter (an entry name starts with "/", or is a string).
  GETMETADATA: (r) => {
    r.space('mailbox name');
    let options: GetMetadataOptions | undefined;
    if (r.peek() === 0x28) {
      options = readGetMetadataOptions(r);
      r.space('mailbox name');
    }
    const mailbox = readMailbox(r);
    r.space('entry names');
    if (!options && r.peek() === 0x28 && isLetter(r.peekAhead())) {
      options = readGetMetadataOptions(r);
      r.space('entry names');
    }
    const entries = readEntries(r);
    const { depth, maxSize } = options ?? { depth: 0 as const };
    checkEntryNames(entries, depth === 0 ? 'entry' : 'specifier');
    return { name: 'GETMETADATA', mailbox, entries, depth, ...(maxSize !== undefined && { maxSize }) };
  },
  SETMETADATA: (r) => {
    r.space('mailbox name');
    const mailbox = readMailbox(r);
    r.space('entry values');
    return { name: 'SETMETADATA', mailbox, entries: readEntryValues(r) };
  },
  // RFC 4314 §3
  SETACL: (r) => {
    const { mailbox, identifier } = mailboxAndIdentifier(r);
    r.space('access rights');
    return { name: 'SETACL', mailbox, identifier, rights: r.astring('access rights') };
  },
  DELETEACL: (r) => ({ name: 'DELETEACL', ...mailboxAndIdentifier(r) }),
  LISTRIGHTS: (r) => ({ name: 'LISTRIGHTS', ...mailboxAndIdentifier(r) }),
  GETACL: (r) => {
    r.space('mailbox name');
    return { name: 'GETACL', mailbox: readMailbox(r) };
  },
  MYRIGHTS: (r) => {
    r.space('mailbox name');
    return { name: 'MYRIGHTS', mailbox: readMailbox(r) };
  },
  // RFC 5465
  NOTIFY: (r) => ({ name: 'NOTIFY', args: readNotify(r) }),
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

function isLetter(c: number): boolean {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

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
