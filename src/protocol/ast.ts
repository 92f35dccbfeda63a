// Typed command ASTs: what the parser hands to the session. Mailbox names and
// LIST patterns are already decoded from modified UTF-7 into plain Unicode.

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
  | { type: 'and'; keys: SearchKey[] };

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

/** One AST member per command name, so that `CommandOf<'CLOSE'>` narrows properly. */
type Named<N extends string, Args = unknown> = N extends unknown ? { name: N } & Args : never;

export type Command =
  | Named<'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'NAMESPACE' | 'IDLE' | 'EXPUNGE'>
  | Named<'LOGIN', { user: string; password: string }>
  /** `initial` is the SASL-IR initial response: undefined if absent, '' for `=`. */
  | Named<'AUTHENTICATE', { mechanism: string; initial?: string }>
  | Named<'SELECT' | 'EXAMINE' | 'CREATE' | 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE', { mailbox: string }>
  | Named<'RENAME', { from: string; to: string }>
  | Named<'LIST' | 'LSUB', { reference: string; pattern: string }>
  | Named<'STATUS', { mailbox: string; items: string[] }>
  | Named<'APPEND', { mailbox: string; flags: string[]; date?: DateTime; message: Buffer }>
  /**
   * `returns`: the RETURN options (RFC 4731 ESEARCH, RFC 5182 SAVE), upper case, without
   * duplicates; [] for `RETURN ()`; absent for a plain SEARCH.
   */
  | Named<'SEARCH', { uid: boolean; returns?: SearchReturnOption[]; charset?: string; key: SearchKey }>
  /** RFC 5256: the charset is mandatory for SORT and THREAD. */
  | Named<'SORT', { uid: boolean; criteria: SortCriterion[]; charset: string; key: SearchKey }>
  | Named<'THREAD', { uid: boolean; algorithm: ThreadAlgorithm; charset: string; key: SearchKey }>
  | Named<'FETCH', { uid: boolean; set: SequenceSet; items: FetchItem[] }>
  | Named<'STORE', { uid: boolean; set: SequenceSet; mode: StoreMode; silent: boolean; flags: string[] }>
  | Named<'COPY' | 'MOVE', { uid: boolean; set: SequenceSet; mailbox: string }>
  | Named<'UID EXPUNGE', { set: SequenceSet }>
  | Named<'ENABLE', { capabilities: string[] }>
  /** ID parameters: null for NIL, otherwise field/value pairs (values may be null). */
  | Named<'ID', { params: Array<[string, string | null]> | null }>;

export type CommandName = Command['name'];

/** Narrow a Command to one name: `CommandOf<'FETCH'>`. */
export type CommandOf<N extends CommandName> = Extract<Command, { name: N }>;
