import type { Envelope, MimePart } from '../mime/types.js';

// The store's contract. It speaks UIDs and mailbox ids, never sequence numbers or
// IMAP syntax. Every method is async so that a networked backend can implement it later.

/**
 * 'user': an ordinary account. 'service': may authenticate and then act as another user (the
 * CPM Participating Function, seed §8.1.1). 'shared': cannot log in; its mailboxes form the
 * shared namespace.
 */
export type AccountKind = 'user' | 'service' | 'shared';

export interface User {
  id: number;
  name: string;
  kind: AccountKind;
}

/** What SCRAM-SHA-256 (RFC 5802) keeps of a password: never the password itself. */
export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

/** A SCRAM look-up: `user` is null (and the verifier a fake) when no proof may succeed. */
export interface ScramCredentials {
  user: User | null;
  verifier: ScramVerifier;
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

/** What STATUS and LIST-STATUS may ask the store to count (RFC 3501, RFC 8438 SIZE). */
export type StatusCountField = 'messages' | 'unseen' | 'recent' | 'size';

/**
 * A mailbox's STATUS values read in one snapshot: the counted fields asked for (the others
 * are absent; `size` is the sum of RFC822.SIZE in octets) and the mailbox's own numbers.
 */
export interface MailboxStatusCounts extends Partial<Record<StatusCountField, number>> {
  uidNext: number;
  uidValidity: number;
  highestModseq: number;
}

/** What SELECT needs to show a mailbox, without loading every message. */
export interface MailboxSummary {
  /** All UIDs as inclusive runs of consecutive numbers, ascending. */
  runs: UidRanges;
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
  | { type: 'and'; keys: StoreSearchKey[] }
  /** RFC 7162 §3.1.5: MODSEQ >= min. */
  | { type: 'modseq'; min: number };

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

/** What a QRESYNC / CHANGEDSINCE resync needs (RFC 7162 §3.2.5, §3.2.6): read in one transaction. */
export interface ResyncChanges {
  highestModseq: number;
  /** Messages with uid in the ranges and modseq > since, ascending by uid. */
  changed: MessageMeta[];
  /** UIDs in the ranges expunged at a modseq > since, ascending. */
  expunged: number[];
}

/** A conditional STORE (RFC 7162 §3.1.3 UNCHANGEDSINCE), done in one transaction. */
export interface ConditionalStoreResult {
  /** Messages whose flags changed: their new state and MODSEQ, ascending by uid. */
  changed: MessageMeta[];
  /** Messages that passed the test but already had the flags asked for (not changed), ascending. */
  unchanged: MessageMeta[];
  /** Messages whose MODSEQ was above unchangedSince: not changed; their current state, ascending. */
  modified: MessageMeta[];
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
  createUser(name: string, password: string, options?: { kind?: AccountKind }): Promise<User>;
  setPassword(name: string, password: string): Promise<void>;
  deleteUser(name: string): Promise<void>;
  listUsers(): Promise<User[]>;
  /** The account of that name, or null. */
  getUser(name: string): Promise<User | null>;
  /**
   * Null when the user is unknown or the password is wrong; takes the same time either way.
   * Name and password are SASLprepped (RFC 4013) here, as createUser and setPassword do.
   * A success fills in a missing SCRAM verifier (accounts made before SCRAM).
   */
  verifyPassword(name: string, password: string): Promise<User | null>;
  /**
   * The SCRAM verifier of an account (name SASLprepped by the caller). An unknown account, one
   * without a verifier and a shared account get a fake verifier, stable per name, and user null.
   */
  scramCredentials(name: string): Promise<ScramCredentials>;

  // mailboxes (names are full Unicode names; "INBOX" matched case-insensitively by callers)
  listMailboxes(userId: number): Promise<MailboxInfo[]>;
  getMailbox(userId: number, name: string): Promise<MailboxInfo | null>;
  getMailboxById(mailboxId: number): Promise<MailboxInfo | null>;
  /**
   * Creates missing parents too. Throws ALREADYEXISTS. `inheritAclFrom`: the mailbox whose
   * ACL entries the new mailbox and the parents created with it take, in the same transaction
   * (RFC 4314 §4, CREATE in another user's hierarchy).
   */
  createMailbox(userId: number, name: string, specialUse?: string | null, options?: { inheritAclFrom?: number }): Promise<MailboxInfo>;
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
  /**
   * STATUS / LIST-STATUS counts of many mailboxes in one query: per mailbox an index range
   * scan for each field asked for, never a scan of the account. Ids that name no selectable
   * mailbox are left out of the map.
   */
  statusCounts(mailboxIds: readonly number[], fields: readonly StatusCountField[]): Promise<Map<number, MailboxStatusCounts>>;

  // messages
  /** Throws NONEXISTENT. */
  append(mailboxId: number, input: AppendInput): Promise<AppendResult>;
  /** Appends many messages in one transaction (bulk import); results in input order. */
  appendMany(mailboxId: number, inputs: AppendInput[]): Promise<AppendResult[]>;
  /** All messages, ascending by uid. */
  listMessages(mailboxId: number): Promise<MessageMeta[]>;
  /** UID runs, first unseen and keywords: what SELECT shows, at a cost that does not grow with the mailbox. Throws NONEXISTENT. */
  mailboxSummary(mailboxId: number): Promise<MailboxSummary>;
  /** Messages whose uid is in the ranges, ascending. */
  getMessages(mailboxId: number, ranges: UidRanges): Promise<MessageMeta[]>;
  /** The exact appended bytes, or null if the message no longer exists. */
  readMessage(mailboxId: number, uid: number): Promise<Buffer | null>;
  /** The MIME tree and envelope computed at APPEND, or null if the message no longer exists. */
  readParsed(mailboxId: number, uid: number): Promise<{ root: MimePart; envelope: Envelope } | null>;
  /** Sort and thread keys of the given messages, ascending by uid. */
  sortFields(mailboxId: number, uids: number[]): Promise<SortFields[]>;
  /**
   * Changes flags of the given messages; returns those whose flags changed (new state). With
   * `permissions`, mode 'set' leaves the flags the user may not change as they are (the
   * caller passes only flags the user may change).
   */
  storeFlags(mailboxId: number, uids: number[], mode: FlagMode, flags: string[], permissions?: FlagPermissions): Promise<MessageMeta[]>;
  /** Expunges \Deleted messages (only those in `uids` if given); returns expunged uids ascending. */
  expunge(mailboxId: number, uids?: number[]): Promise<number[]>;
  /**
   * Copies in ascending uid order. Throws NONEXISTENT for the destination. With `permissions`
   * (the user's on the destination), the copies keep only the flags the user may set there.
   */
  copy(mailboxId: number, uids: number[], destMailboxId: number, permissions?: FlagPermissions): Promise<CopyResult>;
  /** Copy then expunge the sources, in one transaction. */
  move(mailboxId: number, uids: number[], destMailboxId: number, permissions?: FlagPermissions): Promise<CopyResult>;
  search(mailboxId: number, key: StoreSearchKey): Promise<number[]>;
  /**
   * Claims \Recent: returns the UIDs >= the mailbox's recent floor and moves the floor to
   * uidNext, so each message is recent in exactly one session.
   */
  claimRecent(mailboxId: number): Promise<number[]>;
  changesSince(mailboxId: number, since: number, knownUidMax: number): Promise<MailboxChanges>;

  // RFC 7162 CONDSTORE / QRESYNC (src/store/messages.ts)
  /**
   * Changes flags of the given messages whose MODSEQ is <= unchangedSince, all in one
   * transaction; the others are left alone and returned as `modified`.
   */
  storeFlagsUnchangedSince(
    mailboxId: number,
    uids: number[],
    mode: FlagMode,
    flags: string[],
    unchangedSince: number,
    permissions?: FlagPermissions,
  ): Promise<ConditionalStoreResult>;
  /**
   * Messages changed and UIDs expunged after `since`, restricted to the UID ranges. Costs
   * O(changes since `since`) through the modseq indexes, whatever the mailbox size.
   */
  resyncSince(mailboxId: number, since: number, ranges: UidRanges): Promise<ResyncChanges>;
  /** As `search`, with each message's MODSEQ: [uid, modseq] pairs ascending by uid (RFC 7162 §3.1.5). */
  searchModseq(mailboxId: number, key: StoreSearchKey): Promise<Array<[number, number]>>;

  // RFC 5464 METADATA (src/store/metadata.ts). `mailboxId` null: the account's server entries.
  /**
   * The entries named (entry names, checked by the caller) as `userId` sees them, with those
   * below each up to `depth`. Entries that do not exist are left out. Throws NONEXISTENT.
   */
  getMetadata(userId: number, mailboxId: number | null, entries: string[], depth: MetadataDepth): Promise<MetadataEntry[]>;
  /**
   * Sets, or with a null value removes, the entries in order: all or none. Throws
   * MetadataLimitError past the limits, NONEXISTENT, CANNOT for a bad name or value. `origin`
   * (a connection id) goes into the change events so that session is not told of its own change.
   */
  setMetadata(userId: number, mailboxId: number | null, entries: MetadataWrite[], limits: MetadataStoreLimits, origin?: string): Promise<void>;
  /** The user id that owns a mailbox, or null if there is no such mailbox (the rights model asks). */
  mailboxOwner(mailboxId: number): Promise<number | null>;

  // RFC 4314 ACL (src/store/acl.ts). Entries are kept by user id; a null grantee is "anyone".
  /** The stored entries of a mailbox (not the owner's implicit rights), in a stable order. */
  getAcl(mailboxId: number): Promise<AclEntry[]>;
  /** Sets the rights of one entry (`rights` in canonical order; '' removes it). Throws NONEXISTENT. */
  setAcl(mailboxId: number, granteeId: number | null, negative: boolean, rights: string): Promise<void>;
  /** Removes one entry; false if there was none. */
  deleteAcl(mailboxId: number, granteeId: number | null, negative: boolean): Promise<boolean>;
  /** The owner of a mailbox and the entries concerning `userId` on it (one query); null if no such mailbox. */
  mailboxAccess(userId: number, mailboxId: number): Promise<MailboxAccess | null>;
  /** Mailboxes of other accounts with an entry for `userId` or for anyone, with those entries folded. */
  sharedMailboxes(userId: number): Promise<SharedMailbox[]>;

  // TLS pre-shared keys (src/store/psk.ts), each issued for one account.
  /** Stores a key for `userName`. Throws NONEXISTENT, ALREADYEXISTS (identity taken), CANNOT. */
  addPsk(identity: string, userName: string, key: Buffer): Promise<PskEntry>;
  /** False if there was no such identity. */
  deletePsk(identity: string): Promise<boolean>;
  /** Identities and accounts, never the keys. */
  listPsks(): Promise<PskEntry[]>;
  /**
   * The key of an identity and the account it logs in, or null. Synchronous on purpose: Node
   * asks for it in `pskCallback`, in the middle of a TLS handshake, and cannot wait.
   */
  pskForHandshake(identity: string): { key: Buffer; user: User } | null;
}

/** A TLS pre-shared key as listed: who it logs in, not the key. */
export interface PskEntry {
  identity: string;
  user: string;
  createdAt: number;
}

// ---- RFC 4314 ACL ----

/**
 * Which flags a user may change on a mailbox (RFC 4314: \Seen needs `s`, \Deleted `t`, the
 * rest `w`). Flags the user may not change are left as they are by STORE FLAGS and not
 * carried into a mailbox by COPY/MOVE.
 */
export interface FlagPermissions {
  seen: boolean;
  deleted: boolean;
  others: boolean;
}

export interface AclEntry {
  /** null: anyone. */
  granteeId: number | null;
  granteeName: string | null;
  negative: boolean;
  rights: string;
}

/** Who owns a mailbox, and the rights the entries for one user (and anyone) grant and deny. */
export interface MailboxAccess {
  owner: User;
  /** Rights of the positive entries for the user and anyone, concatenated (may repeat). */
  granted: string;
  /** Rights of the negative entries for the user and anyone, concatenated. */
  denied: string;
}

export interface SharedMailbox extends MailboxAccess {
  mailbox: MailboxInfo;
}

// ---- RFC 5464 METADATA ----

export type MetadataDepth = 0 | 1 | 'infinity';

export interface MetadataEntry {
  /** The entry name as last set (names are compared case-insensitively). */
  name: string;
  value: Buffer;
}

export interface MetadataWrite {
  name: string;
  /** null removes the entry. */
  value: Buffer | null;
}

export interface MetadataStoreLimits {
  /** Largest value in octets. */
  maxValueSize: number;
  /** Most entries of one user in one scope (server, or a mailbox). */
  maxEntries: number;
  /** Most value octets of one user in all scopes. */
  maxTotalSize: number;
}

/** A SETMETADATA past a limit: `NO [METADATA <metadataCode>]` (RFC 5464 §4.3). */
export class MetadataLimitError extends StoreError {
  constructor(
    readonly metadataCode: 'TOOMANY' | `MAXSIZE ${number}`,
    message: string,
  ) {
    super('LIMIT', message);
    this.name = 'MetadataLimitError';
  }
}
