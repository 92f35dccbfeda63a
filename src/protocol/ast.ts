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

export interface StatusItemList {
  items: string[]; // upper-cased item names, as sent
}

export type Command =
  | { name: 'CAPABILITY' | 'NOOP' | 'LOGOUT' | 'STARTTLS' | 'CHECK' | 'CLOSE' | 'UNSELECT' | 'NAMESPACE' | 'IDLE' }
  | { name: 'EXPUNGE' }
  | { name: 'LOGIN'; user: string; password: string }
  /** `initial` is the SASL-IR initial response: undefined if absent, '' for `=`. */
  | { name: 'AUTHENTICATE'; mechanism: string; initial?: string }
  | { name: 'SELECT' | 'EXAMINE'; mailbox: string }
  | { name: 'CREATE' | 'DELETE' | 'SUBSCRIBE' | 'UNSUBSCRIBE'; mailbox: string }
  | { name: 'RENAME'; from: string; to: string }
  | { name: 'LIST' | 'LSUB'; reference: string; pattern: string }
  | { name: 'STATUS'; mailbox: string; items: string[] }
  | { name: 'APPEND'; mailbox: string; flags: string[]; date?: Date; message: Buffer }
  | { name: 'SEARCH'; uid: boolean; charset?: string; key: SearchKey }
  | { name: 'FETCH'; uid: boolean; set: SequenceSet; items: FetchItem[] }
  | { name: 'STORE'; uid: boolean; set: SequenceSet; mode: StoreMode; silent: boolean; flags: string[] }
  | { name: 'COPY' | 'MOVE'; uid: boolean; set: SequenceSet; mailbox: string }
  | { name: 'UID EXPUNGE'; set: SequenceSet }
  | { name: 'ENABLE'; capabilities: string[] }
  /** ID parameters: null for NIL, otherwise field/value pairs (values may be null). */
  | { name: 'ID'; params: Array<[string, string | null]> | null };

export type CommandName = Command['name'];

/** Narrow a Command to one name: `CommandOf<'FETCH'>`. */
export type CommandOf<N extends CommandName> = Extract<Command, { name: N }>;
