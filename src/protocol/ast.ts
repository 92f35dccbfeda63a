// Typed command ASTs: what the parser hands to the session. Mailbox names and
// LIST patterns are already decoded from modified UTF-7 into plain Unicode.
import type { MetadataDepth, MetadataEntryValue } from './metadata.js';
import type { NotifyArgs } from './notify.js';

/** A sequence number or UID; `'*'` is the largest number in use. */
export type SeqNumber = number | '*';

export interface SeqRange {
  start: SeqNumber;
  end: SeqNumber;
}

/** A sequence set as written: ranges in client order, or `$` (RFC 5182). */
export type SequenceSet = { kind: 'ranges'; ranges: SeqRange[] } | { kind: 'saved' };

/** An IMAP `date-time`: the instant, and the zone the client wrote it in. */
export interface DateTime {
  epochMs: number;
  /** Offset from UTC in minutes, e.g. -420 for -0700. */
  offsetMinutes: number;
}

/** A date as written in IMAP `date` syntax, kept as calendar fields. */
export interface CalendarDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export type SearchKey =
  | { type: 'all' }
  | { type: 'seq'; set: SequenceSet }
  | { type: 'uid'; set: SequenceSet }
  /** A system flag or keyword; `set: false` for UNSEEN, UNKEYWORD and the like. */
  | { type: 'flag'; flag: string; set: boolean }
  | { type: 'recent'; set: boolean } // RECENT / OLD; NEW is and(recent, flag \Seen unset)
  | { type: 'larger' | 'smaller'; size: number }
  | { type: 'before' | 'on' | 'since'; date: CalendarDate } // internal date
  | { type: 'sentbefore' | 'senton' | 'sentsince'; date: CalendarDate } // Date: header
  /** FROM/TO/CC/BCC/SUBJECT are HEADER with the field name. */
  | { type: 'header'; field: string; value: string }
  | { type: 'body' | 'text'; value: string }
  | { type: 'not'; key: SearchKey }
  | { type: 'or'; left: SearchKey; right: SearchKey }
  | { type: 'and'; keys: SearchKey[] }
  /** RFC 7162 §3.1.5: messages whose MODSEQ is >= `modseq` (the entry name is checked and ignored). */
  | { type: 'modseq'; modseq: number };

/** RFC 7162 §3.2.5: the QRESYNC parameter of SELECT/EXAMINE. Sets are [low, high] ranges as written, no `*`. */
export interface QresyncParams {
  uidValidity: number;
  modseq: number;
  knownUids?: Array<[number, number]>;
  /** Sequence match data: ascending ranges of sequence numbers and of UIDs, the same count of each. */
  seqMatch?: { seqs: Array<[number, number]>; uids: Array<[number, number]> };
}

/** RFC 4466 select-params known here: CONDSTORE (RFC 7162 §3.1.8) and QRESYNC (§3.2.5). */
export interface SelectParams {
  condstore: boolean;
  qresync?: QresyncParams;
}

/** SEARCH RETURN options: RFC 4731 MIN MAX ALL COUNT, RFC 5182 SAVE. */
export type SearchReturnOption = 'MIN' | 'MAX' | 'ALL' | 'COUNT' | 'SAVE';

export type SectionText = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

export interface Section {
  /** Part numbers, e.g. [1, 2] for `1.2`; empty for the whole message. */
  part: number[];
  text?: SectionText;
  /** Field names for HEADER.FIELDS / HEADER.FIELDS.NOT, as sent. */
  fields?: string[];
}

export interface Partial {
  origin: number;
  count: number;
}

export type FetchItem =
  | {
      type:
        | 'FLAGS'
        | 'UID'
        | 'INTERNALDATE'
        | 'RFC822.SIZE'
        | 'ENVELOPE'
        | 'BODYSTRUCTURE'
        | 'BODY'
        | 'RFC822'
        | 'RFC822.HEADER'
        | 'RFC822.TEXT'
        | 'EMAILID'
        | 'THREADID'
        | 'MODSEQ';
    }
  /** BODY[section]<partial> and BODY.PEEK[...] */
  | { type: 'BODY[]'; peek: boolean; section: Section; partial?: Partial }
  /** BINARY[part]<partial>, BINARY.PEEK[...] (RFC 3516) */
  | { type: 'BINARY[]'; peek: boolean; part: number[]; partial?: Partial }
  | { type: 'BINARY.SIZE'; part: number[] };

export type StoreMode = 'set' | 'add' | 'remove';

/** RFC 5256 sort keys, and DISPLAYFROM / DISPLAYTO of RFC 5957. */
export type SortKey = 'ARRIVAL' | 'CC' | 'DATE' | 'FROM' | 'SIZE' | 'SUBJECT' | 'TO' | 'DISPLAYFROM' | 'DISPLAYTO';

/** One sort criterion: REVERSE reverses only this one (RFC 5256 §3). */
export interface SortCriterion {
  key: SortKey;
  reverse: boolean;
}

/** RFC 5256 threading algorithms. */
export type ThreadAlgorithm = 'ORDEREDSUBJECT' | 'REFERENCES';

/**
 * STATUS data items: RFC 3501, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE, RFC 7889 APPENDLIMIT,
 * RFC 8474 MAILBOXID.
 */
export type StatusItem = 'MESSAGES' | 'RECENT' | 'UIDNEXT' | 'UIDVALIDITY' | 'UNSEEN' | 'HIGHESTMODSEQ' | 'SIZE' | 'APPENDLIMIT' | 'MAILBOXID';

/**
 * RFC 5258 LIST-EXTENDED (with RFC 6154 SPECIAL-USE and RFC 5819 STATUS): options as flags
 * (a repeated option counts once). RECURSIVEMATCH is only ever set together with SUBSCRIBED.
 */
export interface ListExtended {
  /** Every pattern, in order; "" patterns are kept here and match nothing. */
  patterns: string[];
  select: { subscribed: boolean; remote: boolean; recursiveMatch: boolean; specialUse: boolean };
  /** `status`: the RETURN (STATUS (...)) items, null without that option. */
  returns: { subscribed: boolean; children: boolean; specialUse: boolean; status: StatusItem[] | null };
}

/** One AST member per command name, so that `CommandOf<'CLOSE'>` narrows properly. */
type Named<N extends string, Args = unknown> = N extends unknown ? { name: N } & Args : never;

export type Command =
  | Named<'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'NAMESPACE' | 'IDLE' | 'EXPUNGE'>
  | Named<'LOGIN', { user: string; password: string }>
  /** `initial` is the SASL-IR initial response: undefined if absent, '' for `=`. */
  | Named<'AUTHENTICATE', { mechanism: string; initial?: string }>
  | Named<'CREATE' | 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE', { mailbox: string }>
  /** `params`: RFC 7162 CONDSTORE / QRESYNC select parameters, when any were given. */
  | Named<'SELECT' | 'EXAMINE', { mailbox: string; params?: SelectParams }>
  | Named<'RENAME', { from: string; to: string }>
  | Named<'LSUB', { reference: string; pattern: string }>
  /**
   * LIST. `extended` is present only when the RFC 5258 syntax was used (selection options,
   * a pattern list or RETURN); then `pattern` is its first pattern and `extended.patterns` all.
   */
  | Named<'LIST', { reference: string; pattern: string; extended?: ListExtended }>
  /** STATUS items, upper case, each once, in the client's order (checked by the parser). */
  | Named<'STATUS', { mailbox: string; items: StatusItem[] }>
  | Named<'APPEND', { mailbox: string; flags: string[]; date?: DateTime; message: Buffer }>
  /**
   * `returns`: the RETURN options (RFC 4731 ESEARCH, RFC 5182 SAVE), upper case, without
   * duplicates; [] for `RETURN ()`; absent for a plain SEARCH.
   */
  | Named<'SEARCH', { uid: boolean; returns?: SearchReturnOption[]; charset?: string; key: SearchKey }>
  /** RFC 5256: the charset is mandatory for SORT and THREAD. */
  | Named<'SORT', { uid: boolean; criteria: SortCriterion[]; charset: string; key: SearchKey }>
  | Named<'THREAD', { uid: boolean; algorithm: ThreadAlgorithm; charset: string; key: SearchKey }>
  /** RFC 7162 modifiers: `changedSince` (CHANGEDSINCE), `vanished` (VANISHED, UID FETCH only). */
  | Named<'FETCH', { uid: boolean; set: SequenceSet; items: FetchItem[]; changedSince?: number; vanished?: boolean }>
  /** RFC 7162 §3.1.3: `unchangedSince` is the UNCHANGEDSINCE modifier (0 allowed). */
  | Named<'STORE', { uid: boolean; set: SequenceSet; mode: StoreMode; silent: boolean; flags: string[]; unchangedSince?: number }>
  | Named<'COPY' | 'MOVE', { uid: boolean; set: SequenceSet; mailbox: string }>
  | Named<'UID EXPUNGE', { set: SequenceSet }>
  | Named<'ENABLE', { capabilities: string[] }>
  /**
   * RFC 5464. `mailbox` "" means server entries. Entry names are checked already
   * (src/protocol/metadata.ts); `depth` defaults to 0; `maxSize` is absent without MAXSIZE.
   */
  | Named<'GETMETADATA', { mailbox: string; entries: string[]; depth: MetadataDepth; maxSize?: number }>
  /** RFC 5464: a null value (NIL) removes the entry. Applied in order, all or nothing. */
  | Named<'SETMETADATA', { mailbox: string; entries: MetadataEntryValue[] }>
  /**
   * RFC 4314 ACL commands. `identifier` and `rights` are astrings as given (`rights` keeps a
   * leading `+` or `-`); src/imap/rights.ts checks them.
   */
  | Named<'SETACL', { mailbox: string; identifier: string; rights: string }>
  | Named<'DELETEACL' | 'LISTRIGHTS', { mailbox: string; identifier: string }>
  | Named<'GETACL' | 'MYRIGHTS', { mailbox: string }>
  /** RFC 5465 NOTIFY SET / NOTIFY NONE (src/protocol/notify.ts). */
  | Named<'NOTIFY', { args: NotifyArgs }>
  /** ID parameters: null for NIL, otherwise field/value pairs (values may be null). */
  | Named<'ID', { params: Array<[string, string | null]> | null }>;

export type CommandName = Command['name'];

/** Narrow a Command to one name: `CommandOf<'FETCH'>`. */
export type CommandOf<N extends CommandName> = Extract<Command, { name: N }>;
