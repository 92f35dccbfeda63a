import type { Envelope, MimePart } from '../mime/types.js';

// The store's contract. It speaks UIDs and mailbox ids, never sequence numbers or
// IMAP syntax. Every method is async so that a networked backend can implement it later.

export interface User {
  id: number;
  name: string;
}

export interface MailboxInfo {
  id: number;
  /** RFC 8474 MAILBOXID: stable across RENAME. */
  objectId: string;
  /** Full name, '/'-separated, Unicode; INBOX is always spelled "INBOX". */
  name: string;
  uidValidity: number;
  uidNext: number;
  highestModseq: number;
  /** RFC 6154 attribute such as "\\Sent", or null. */
  specialUse: string | null;
  /** A name kept only because it has children after DELETE (RFC 3501 §6.3.4): \Noselect. */
  noselect: boolean;
}

export interface MessageMeta {
  uid: number;
  modseq: number;
  /** System flags (with backslash) and keywords, in a stable order; never \Recent. */
  flags: string[];
  /** Milliseconds since the epoch. */
  internalDate: number;
  /** Offset from UTC of the internal date, in minutes (as APPEND gave it). */
  internalDateOffset: number;
  size: number;
  /** RFC 8474 EMAILID: kept by COPY and MOVE. */
  emailId: string;
  /** Id of this message in this mailbox: not shared by a copy (REST objectId). */
  instanceId: string;
  /** RFC 8474 THREADID: the thread this message belongs to in the account. */
  threadId: string;
}

export interface MailboxCounts {
  messages: number;
  unseen: number;
  /** Messages with uid >= the mailbox's recent floor: not yet seen by any read-write session. */
  recent: number;
}

/** What SELECT needs to show a mailbox, without loading every message. */
export interface MailboxSummary {
  /** All UIDs, ascending. */
  uids: number[];
  firstUnseenUid: number | null;
  /** Keywords in use on any message, each once (first spelling seen). */
  keywords: string[];
}

export interface AppendInput {
  data: Buffer;
  flags: string[];
  /** Milliseconds since the epoch; defaults to now. */
  internalDate?: number;
  internalDateOffset?: number;
}

export interface AppendResult {
  uidValidity: number;
  uid: number;
  modseq: number;
}

export interface CopyResult {
  uidValidity: number; // of the destination
  sourceUids: number[];
  destUids: number[]; // same order as sourceUids
}

/** Inclusive UID ranges, ascending and non-overlapping. */
export type UidRanges = Array<[number, number]>;

/** Search keys the store evaluates: sequence numbers, \Recent and `$` are resolved by the session. */
export type StoreSearchKey =
  | { type: 'all' }
  | { type: 'uids'; ranges: UidRanges }
  | { type: 'flag'; flag: string; set: boolean }
  | { type: 'larger' | 'smaller'; size: number }
  /** Internal date compared by calendar day in the stored time zone: `day` is 'YYYY-MM-DD'. */
  | { type: 'before' | 'on' | 'since'; day: string }
  /** Date: header compared by calendar day in its own zone (RFC 3501 SENTBEFORE etc.). */
  | { type: 'sentbefore' | 'senton' | 'sentsince'; day: string }
  /** Case-insensitive substring of a decoded header field (`field` upper-case); '' matches presence. */
  | { type: 'header'; field: string; value: string }
  /** Case-insensitive substring of the decoded body text (BODY) or headers and body (TEXT). */
  | { type: 'body' | 'text'; value: string }
  | { type: 'not'; key: StoreSearchKey }
  | { type: 'or'; left: StoreSearchKey; right: StoreSearchKey }
  | { type: 'and'; keys: StoreSearchKey[] };

/** What changed in a mailbox after a MODSEQ: the selected view catches up from it. */
export interface MailboxChanges {
  highestModseq: number;
  /** Messages with uid > knownUidMax, ascending by uid. */
  added: MessageMeta[];
  /** Messages with uid <= knownUidMax whose modseq > since, ascending by uid. */
  changed: MessageMeta[];
  /** UIDs <= knownUidMax expunged at a modseq > since, ascending. */
  expunged: number[];
}

export type StoreErrorCode =
  | 'NONEXISTENT'
  | 'ALREADYEXISTS'
  | 'CANNOT'
  | 'TOOBIG'
  | 'INUSE'
  | 'LIMIT'
  | 'AUTHENTICATIONFAILED';

/** A refusal the session turns into `NO [code] message`. */
export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export type FlagMode = 'set' | 'add' | 'remove';

/** What SORT and THREAD (RFC 5256, RFC 5957) need of each message. */
export interface SortFields {
  uid: number;
  internalDate: number;
  size: number;
  /** Base subject (RFC 5256 §2.1), computed at APPEND. */
  baseSubject: string;
  /**
   * Whether the subject marks a reply or forward (RFC 5256 REFERENCES step 5), computed at
   * APPEND beside baseSubject: `isReplyOrForward(subject)` from src/mime/base-subject.ts.
   */
  replyOrForward: boolean;
  sentDate: number | null;
  fromAddr: string;
  toAddr: string;
  ccAddr: string;
  fromDisplay: string;
  toDisplay: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
}

export interface Store {
  close(): Promise<void>;

  // users
  createUser(name: string, password: string): Promise<User>;
  setPassword(name: string, password: string): Promise<void>;
  deleteUser(name: string): Promise<void>;
  listUsers(): Promise<User[]>;
  /** Null when the user is unknown or the password is wrong; takes the same time either way. */
  verifyPassword(name: string, password: string): Promise<User | null>;

  // mailboxes (names are full Unicode names; "INBOX" matched case-insensitively by callers)
  listMailboxes(userId: number): Promise<MailboxInfo[]>;
  getMailbox(userId: number, name: string): Promise<MailboxInfo | null>;
  getMailboxById(mailboxId: number): Promise<MailboxInfo | null>;
  /** Creates missing parents too. Throws ALREADYEXISTS. */
  createMailbox(userId: number, name: string, specialUse?: string | null): Promise<MailboxInfo>;
  /** Throws NONEXISTENT, or CANNOT for INBOX. Children stay (RFC 3501 §6.3.4). */
  deleteMailbox(userId: number, name: string): Promise<MailboxInfo>;
  /**
   * Renames the mailbox and its children. RENAME INBOX moves INBOX's messages into a new
   * mailbox `to` and leaves INBOX empty. Throws NONEXISTENT, ALREADYEXISTS, CANNOT.
   */
  renameMailbox(userId: number, from: string, to: string): Promise<void>;
  listSubscriptions(userId: number): Promise<string[]>;
  setSubscribed(userId: number, name: string, subscribed: boolean): Promise<void>;
  counts(mailboxId: number): Promise<MailboxCounts>;

  // messages
  /** Throws NONEXISTENT. */
  append(mailboxId: number, input: AppendInput): Promise<AppendResult>;
  /** Appends many messages in one transaction (bulk import); results in input order. */
  appendMany(mailboxId: number, inputs: AppendInput[]): Promise<AppendResult[]>;
  /** All messages, ascending by uid. */
  listMessages(mailboxId: number): Promise<MessageMeta[]>;
  /** UIDs, first unseen and keywords: what SELECT shows. Throws NONEXISTENT. */
  mailboxSummary(mailboxId: number): Promise<MailboxSummary>;
  /** Messages whose uid is in the ranges, ascending. */
  getMessages(mailboxId: number, ranges: UidRanges): Promise<MessageMeta[]>;
  /** The exact appended bytes, or null if the message no longer exists. */
  readMessage(mailboxId: number, uid: number): Promise<Buffer | null>;
  /** The MIME tree and envelope computed at APPEND, or null if the message no longer exists. */
  readParsed(mailboxId: number, uid: number): Promise<{ root: MimePart; envelope: Envelope } | null>;
  /** Sort and thread keys of the given messages, ascending by uid. */
  sortFields(mailboxId: number, uids: number[]): Promise<SortFields[]>;
  /** Changes flags of the given messages; returns those whose flags changed (new state). */
  storeFlags(mailboxId: number, uids: number[], mode: FlagMode, flags: string[]): Promise<MessageMeta[]>;
  /** Expunges \Deleted messages (only those in `uids` if given); returns expunged uids ascending. */
  expunge(mailboxId: number, uids?: number[]): Promise<number[]>;
  /** Copies in ascending uid order. Throws NONEXISTENT for the destination. */
  copy(mailboxId: number, uids: number[], destMailboxId: number): Promise<CopyResult>;
  /** Copy then expunge the sources, in one transaction. */
  move(mailboxId: number, uids: number[], destMailboxId: number): Promise<CopyResult>;
  search(mailboxId: number, key: StoreSearchKey): Promise<number[]>;
  /**
   * Claims \Recent: returns the UIDs >= the mailbox's recent floor and moves the floor to
   * uidNext, so each message is recent in exactly one session.
   */
  claimRecent(mailboxId: number): Promise<number[]>;
  changesSince(mailboxId: number, since: number, knownUidMax: number): Promise<MailboxChanges>;
}
