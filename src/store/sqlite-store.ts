// The SQLite implementation of Store. Each method is a thin shell: validation and CPU work
// that needs no lock (hashing, scrypt) first, then one transaction in the module that owns
// the concern. Events are published by StoreDb.write after COMMIT.
import { hashPassword, verifyPassword as verifyHash, type ScryptParams } from '../auth/password.js';
import { prepareQuery, prepareStored } from '../auth/saslprep.js';
import { decodeVerifier, encodeVerifier, fakeVerifier, makeVerifier } from '../auth/scram.js';
import { DEFAULT_CPM_FOLDER } from '../cpm/default-folder.js';
import type { Envelope, MimePart } from '../mime/types.js';
import { aclEntries, deleteAclEntryTx, inheritAclTx, mailboxAccess, setAclEntryTx, sharedMailboxes } from './acl.js';
import { blobHash, readBlob } from './blobs.js';
import { prepareContent } from './content.js';
import type { StoreDb } from './db.js';
import { normaliseFlags, SYSTEM_FLAGS, systemFlagIndex, type FlagSet } from './flags.js';
import type { Tx } from './db.js';
import {
  createMailboxTx,
  deleteMailboxTx,
  listMailboxRows,
  listSubscriptions,
  mailboxById,
  mailboxByName,
  requireMailbox,
  setSubscribedTx,
  toInfo,
} from './mailboxes.js';
import {
  appendTx,
  changesSince,
  claimRecentTx,
  copyTx,
  counts,
  expungeTx,
  getMessages,
  internalDateFields,
  listMessages,
  mailboxSummary,
  resyncSince,
  storeFlagsTx,
  uidsToRanges,
  type PreparedAppend,
} from './messages.js';
import { getMetadata, mailboxOwner, setMetadataTx } from './metadata.js';
import { ancestors, canonicalName, SEPARATOR } from './names.js';
import { addPskTx, deletePskTx, listPsks, pskForHandshake } from './psk.js';
import { renameMailboxTx } from './rename.js';
import { statusCounts } from './status.js';
import { compileSearch, type UidRangeSets } from './search-sql.js';
import {
  StoreError,
  type AccountKind,
  type AclEntry,
  type FlagPermissions,
  type MailboxAccess,
  type SharedMailbox,
  type AppendInput,
  type AppendResult,
  type ConditionalStoreResult,
  type CopyResult,
  type FlagMode,
  type MailboxChanges,
  type MailboxCounts,
  type MailboxInfo,
  type MailboxStatusCounts,
  type StatusCountField,
  type MailboxSummary,
  type MessageMeta,
  type ResyncChanges,
  type MetadataDepth,
  type MetadataEntry,
  type MetadataStoreLimits,
  type MetadataWrite,
  type PskEntry,
  type ScramCredentials,
  type SortFields,
  type Store,
  type StoreSearchKey,
  type UidRanges,
  type User,
} from './types.js';
import { checkNewUser, createUserTx, deleteUserTx, fillScramTx, listUsers, setPasswordTx, toUser, userByName } from './users.js';

const MAX_PASSWORD_LENGTH = 1024;

function allPermitted(p: FlagPermissions): boolean {
  return p.seen && p.deleted && p.others;
}

function permitted(p: FlagPermissions, flag: string): boolean {
  const system = systemFlagIndex(flag);
  if (system === 0) return p.seen; // \Seen
  if (system === 3) return p.deleted; // \Deleted
  return p.others;
}

/** The latest state of each changed message, ascending by uid. */
function mergeChanged(...lists: MessageMeta[][]): MessageMeta[] {
  const byUid = new Map<number, MessageMeta>();
  for (const list of lists) for (const meta of list) byUid.set(meta.uid, meta);
  return [...byUid.values()].sort((a, b) => a.uid - b.uid);
}

/**
 * STORE FLAGS for a user who may change only some flags (RFC 4314 §4): the listed flags are
 * added, and the flags the user may change that are not listed are removed; the others stay.
 * `flags` holds only flags the user may change. One transaction, so one MODSEQ.
 */
function maskedSetTx(tx: Tx, mailboxId: number, uids: number[], flags: FlagSet, permissions: FlagPermissions): MessageMeta[] {
  const added = storeFlagsTx(tx, mailboxId, uids, 'add', flags);
  const listed = new Set([...flagNames(flags)].map((f) => f.toLowerCase()));
  const present = new Set<string>();
  for (const meta of getMessages(tx.db, mailboxId, uidsToRanges(uids))) for (const f of meta.flags) present.add(f);
  const removable = [...present].filter((f) => permitted(permissions, f) && !listed.has(f.toLowerCase()));
  const removed = removable.length ? storeFlagsTx(tx, mailboxId, uids, 'remove', normaliseFlags(removable)) : [];
  return mergeChanged(added, removed);
}

function flagNames(flags: FlagSet): string[] {
  const system = SYSTEM_FLAGS.filter((_, i) => (flags.system & (1 << i)) !== 0);
  return [...system, ...flags.keywords];
}

/** COPY/MOVE into a mailbox where the user may not set every flag: the copies lose those (RFC 4314 §4). */
function dropUnpermittedFlagsTx(tx: Tx, destId: number, result: CopyResult, permissions?: FlagPermissions): CopyResult {
  if (!permissions || allPermitted(permissions) || result.destUids.length === 0) return result;
  const present = new Set<string>();
  for (const meta of getMessages(tx.db, destId, uidsToRanges(result.destUids))) for (const f of meta.flags) present.add(f);
  const drop = [...present].filter((f) => !permitted(permissions, f));
  if (drop.length) storeFlagsTx(tx, destId, result.destUids, 'remove', normaliseFlags(drop));
  return result;
}

type SortRow = [number, number, number, string, number, number | null, string, string, string, string, string, string | null, string | null, string];

/** The SASLprepped (RFC 4013) password that is hashed, or CANNOT. */
function preparePassword(password: string): string {
  if (typeof password !== 'string' || password.length === 0 || password.length > MAX_PASSWORD_LENGTH) {
    throw new StoreError('CANNOT', 'Password must be 1 to 1024 characters');
  }
  const prepared = prepareStored(password);
  if (prepared === null) throw new StoreError('CANNOT', 'Password contains characters SASLprep (RFC 4013) prohibits');
  return prepared;
}

interface PendingAppend {
  mailboxId: number;
  prepared: PreparedAppend;
  resolve: (result: AppendResult) => void;
  reject: (err: unknown) => void;
}

/**
 * Everything about an append that needs no lock: validation, flags, dates, the content hash,
 * and the one parse of the message (MIME tree, envelope, search text, sort keys).
 */
function prepareAppend(input: AppendInput): PreparedAppend {
  if (!Buffer.isBuffer(input.data)) throw new TypeError('append: data must be a Buffer');
  const flags = normaliseFlags(input.flags);
  const date = internalDateFields(input.internalDate, input.internalDateOffset);
  return {
    data: input.data,
    hash: blobHash(input.data),
    flags,
    internalDate: date.ms,
    internalDateOffset: date.offset,
    internalDay: date.day,
    content: prepareContent(input.data),
  };
}

export interface SqliteStoreOptions {
  scrypt: ScryptParams;
  /** Hash compared against when the user is unknown, made with the same parameters. */
  dummyHash: string;
  /** The CPM default folder every new account gets (Appendix H); see src/cpm/default-folder.ts. */
  cpmDefaultFolder?: string;
  /** SCRAM-SHA-256 iteration count for new verifiers (RFC 7677: at least 4096; tests lower it). */
  scramIterations: number;
  /** Server secret from which unknown accounts' fake SCRAM salts are derived. */
  authSecret: Buffer;
}

export class SqliteStore implements Store {
  private closed = false;
  private pendingAppends: PendingAppend[] = [];
  private lastChanges: { key: string; value: MailboxChanges } | null = null;

  constructor(
    private readonly db: StoreDb,
    private readonly uidSets: UidRangeSets,
    private readonly options: SqliteStoreOptions,
  ) {}

  private open(): StoreDb {
    if (this.closed) throw new Error('store is closed');
    return this.db;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    if (this.pendingAppends.length) this.commitAppends();
    this.closed = true;
    this.db.close();
  }

  // ---- users ----

  async createUser(name: string, password: string, options: { kind?: AccountKind } = {}): Promise<User> {
    checkNewUser(this.open(), name); // fail fast, before the expensive hash
    const { hash, scram } = await this.secretsOf(preparePassword(password));
    const folder = this.options.cpmDefaultFolder ?? DEFAULT_CPM_FOLDER;
    return this.open().write((tx) => createUserTx(tx, name, hash, folder, options.kind, scram));
  }

  async setPassword(name: string, password: string): Promise<void> {
    const prepared = preparePassword(password);
    if (!userByName(this.open(), name)) throw new StoreError('NONEXISTENT', 'No such user');
    const { hash, scram } = await this.secretsOf(prepared);
    this.open().write((tx) => setPasswordTx(tx, name, hash, scram));
  }

  /** What the store keeps of a (prepared) password: its scrypt hash and its SCRAM verifier, never itself. */
  private async secretsOf(prepared: string): Promise<{ hash: string; scram: string }> {
    return { hash: await hashPassword(prepared, this.options.scrypt), scram: await this.scramOf(prepared) };
  }

  private async scramOf(prepared: string): Promise<string> {
    return encodeVerifier(await makeVerifier(prepared, this.options.scramIterations));
  }

  async deleteUser(name: string): Promise<void> {
    this.open().write((tx) => deleteUserTx(tx, name));
  }

  async listUsers(): Promise<User[]> {
    return listUsers(this.open());
  }

  async getUser(name: string): Promise<User | null> {
    const row = userByName(this.open(), name);
    return row ? toUser(row) : null;
  }

  async verifyPassword(name: string, password: string): Promise<User | null> {
    const preparedName = prepareQuery(String(name));
    const prepared = prepareQuery(String(password));
    const row = preparedName === null ? undefined : userByName(this.open(), preparedName);
    // Always one scrypt, against a dummy hash for unknown names (or unpreparable input), so
    // timing reveals nothing.
    const ok = await verifyHash(prepared ?? '', row && prepared !== null ? row.password_hash : this.options.dummyHash);
    if (!row || !ok || prepared === null) return null;
    if (row.scram === null) {
      const scram = await this.scramOf(prepared);
      this.open().write((tx) => fillScramTx(tx, row.id, row.password_hash, scram));
    }
    return toUser(row);
  }

  async scramCredentials(name: string): Promise<ScramCredentials> {
    const row = userByName(this.open(), name);
    const verifier = row && row.kind !== 'shared' && row.scram !== null ? decodeVerifier(row.scram) : null;
    if (row && verifier) return { user: toUser(row), verifier };
    return { user: null, verifier: fakeVerifier(name, this.options.authSecret, this.options.scramIterations) };
  }

  // ---- mailboxes ----

  async listMailboxes(userId: number): Promise<MailboxInfo[]> {
    return listMailboxRows(this.open(), userId).map(toInfo);
  }

  async getMailbox(userId: number, name: string): Promise<MailboxInfo | null> {
    const row = mailboxByName(this.open(), userId, name);
    return row ? toInfo(row) : null;
  }

  async getMailboxById(mailboxId: number): Promise<MailboxInfo | null> {
    const row = mailboxById(this.open(), mailboxId);
    return row ? toInfo(row) : null;
  }

  async createMailbox(
    userId: number,
    name: string,
    specialUse: string | null = null,
    options: { inheritAclFrom?: number } = {},
  ): Promise<MailboxInfo> {
    const from = options.inheritAclFrom;
    return toInfo(
      this.open().write((tx) => {
        if (from === undefined) return createMailboxTx(tx, userId, name, specialUse);
        const plain = canonicalName(name.endsWith(SEPARATOR) ? name.slice(0, -1) : name);
        const missing = ancestors(plain).filter((parent) => !mailboxByName(tx.db, userId, parent));
        const row = createMailboxTx(tx, userId, name, specialUse);
        const created = missing.map((parent) => mailboxByName(tx.db, userId, parent)!.id);
        inheritAclTx(tx, from, [...created, row.id]);
        return row;
      }),
    );
  }

  async deleteMailbox(userId: number, name: string): Promise<MailboxInfo> {
    return this.open().write((tx) => {
      const deleted = deleteMailboxTx(tx, userId, name);
      // A mailbox kept as \Noselect for its children loses its ACL too (the row cascade does the rest).
      for (const entry of aclEntries(tx.db, deleted.id)) deleteAclEntryTx(tx, deleted.id, entry.granteeId, entry.negative);
      return deleted;
    });
  }

  async renameMailbox(userId: number, from: string, to: string): Promise<void> {
    this.open().write((tx) => renameMailboxTx(tx, userId, from, to));
  }

  async listSubscriptions(userId: number): Promise<string[]> {
    return listSubscriptions(this.open(), userId);
  }

  async setSubscribed(userId: number, name: string, subscribed: boolean): Promise<void> {
    this.open().write((tx) => setSubscribedTx(tx, userId, name, subscribed));
  }

  async counts(mailboxId: number): Promise<MailboxCounts> {
    return counts(this.open(), mailboxId);
  }

  async statusCounts(mailboxIds: readonly number[], fields: readonly StatusCountField[]): Promise<Map<number, MailboxStatusCounts>> {
    return statusCounts(this.open(), mailboxIds, fields);
  }

  // ---- messages ----

  /**
   * Group commit: APPENDs that arrive in the same turn of the event loop (from many
   * sessions) share one transaction and so one fsync. Each caller still hears of success
   * only after the COMMIT that holds its message.
   */
  async append(mailboxId: number, input: AppendInput): Promise<AppendResult> {
    const prepared = prepareAppend(input);
    this.open();
    return new Promise((resolve, reject) => {
      this.pendingAppends.push({ mailboxId, prepared, resolve, reject });
      if (this.pendingAppends.length === 1) setImmediate(() => this.commitAppends());
    });
  }

  private commitAppends(): void {
    const batch = this.pendingAppends;
    this.pendingAppends = [];
    try {
      const results = this.open().write((tx) => batch.map((a) => appendTx(tx, a.mailboxId, a.prepared)));
      batch.forEach((a, i) => a.resolve(results[i]!));
    } catch {
      // One bad APPEND (say, its mailbox was just deleted) must not fail the others:
      // retry each in its own transaction so every caller gets its own answer.
      for (const a of batch) {
        try {
          a.resolve(this.open().write((tx) => appendTx(tx, a.mailboxId, a.prepared)));
        } catch (err) {
          a.reject(err);
        }
      }
    }
  }

  /** All or nothing (also what MULTIAPPEND, RFC 3502, needs): consecutive uids, one MODSEQ, one event. */
  async appendMany(mailboxId: number, inputs: AppendInput[]): Promise<AppendResult[]> {
    const prepared = inputs.map(prepareAppend);
    if (prepared.length === 0) {
      requireMailbox(this.open(), mailboxId);
      return [];
    }
    return this.open().write((tx) => prepared.map((p) => appendTx(tx, mailboxId, p)));
  }

  async listMessages(mailboxId: number): Promise<MessageMeta[]> {
    return listMessages(this.open(), mailboxId);
  }

  async mailboxSummary(mailboxId: number): Promise<MailboxSummary> {
    return mailboxSummary(this.open(), mailboxId);
  }

  async getMessages(mailboxId: number, ranges: UidRanges): Promise<MessageMeta[]> {
    return getMessages(this.open(), mailboxId, ranges);
  }

  async readMessage(mailboxId: number, uid: number): Promise<Buffer | null> {
    return readBlob(this.open(), mailboxId, uid);
  }

  async readParsed(mailboxId: number, uid: number): Promise<{ root: MimePart; envelope: Envelope } | null> {
    const row = this.open()
      .stmt(
        `SELECT p.parsed AS parsed FROM messages m JOIN blob_parsed p ON p.id = m.parsed_id
         WHERE m.mailbox_id = ? AND m.uid = ?`,
      )
      .get(mailboxId, uid) as { parsed: string } | undefined;
    return row ? (JSON.parse(row.parsed) as { root: MimePart; envelope: Envelope }) : null;
  }

  async sortFields(mailboxId: number, uids: number[]): Promise<SortFields[]> {
    const db = this.open();
    return db.read(() => {
      requireMailbox(db, mailboxId);
      const stmt = db.raw(
        `SELECT m.uid, m.internal_date, m.size, p.base_subject, p.reply_fwd, p.sent_date, p.from_addr, p.to_addr, p.cc_addr,
           p.from_display, p.to_display, p.message_id, p.in_reply_to, p.refs
         FROM messages m JOIN blob_parsed p ON p.id = m.parsed_id
         WHERE m.mailbox_id = ? AND m.uid BETWEEN ? AND ? ORDER BY m.uid`,
      );
      const out: SortFields[] = [];
      for (const [lo, hi] of uidsToRanges(uids)) {
        for (const r of stmt.iterate(mailboxId, lo, hi) as IterableIterator<SortRow>) {
          out.push({
            uid: r[0], internalDate: r[1], size: r[2], baseSubject: r[3], replyOrForward: r[4] === 1, sentDate: r[5],
            fromAddr: r[6], toAddr: r[7], ccAddr: r[8], fromDisplay: r[9], toDisplay: r[10],
            messageId: r[11], inReplyTo: r[12], references: JSON.parse(r[13]) as string[],
          });
        }
      }
      return out;
    });
  }

  async storeFlags(mailboxId: number, uids: number[], mode: FlagMode, flags: string[], permissions?: FlagPermissions): Promise<MessageMeta[]> {
    const normalised = normaliseFlags(flags);
    if (mode === 'set' && permissions && !allPermitted(permissions)) {
      return this.open().write((tx) => maskedSetTx(tx, mailboxId, uids, normalised, permissions));
    }
    return this.open().write((tx) => storeFlagsTx(tx, mailboxId, uids, mode, normalised));
  }

  async expunge(mailboxId: number, uids?: number[]): Promise<number[]> {
    return this.open().write((tx) => expungeTx(tx, mailboxId, uids));
  }

  async copy(mailboxId: number, uids: number[], destMailboxId: number, permissions?: FlagPermissions): Promise<CopyResult> {
    return this.open().write((tx) => dropUnpermittedFlagsTx(tx, destMailboxId, copyTx(tx, mailboxId, uids, destMailboxId, false), permissions));
  }

  async move(mailboxId: number, uids: number[], destMailboxId: number, permissions?: FlagPermissions): Promise<CopyResult> {
    return this.open().write((tx) => dropUnpermittedFlagsTx(tx, destMailboxId, copyTx(tx, mailboxId, uids, destMailboxId, true), permissions));
  }

  async search(mailboxId: number, key: StoreSearchKey): Promise<number[]> {
    return this.searchRows(mailboxId, key, 'uid').map((r) => r[0]);
  }


  async claimRecent(mailboxId: number): Promise<number[]> {
    const db = this.open();
    // Usually nothing is left to claim (every session but the first to hear of new mail):
    // then no write transaction at all. Nothing can run between this read and the write.
    const row = db.raw('SELECT recent_floor < uidnext FROM mailboxes WHERE id = ?').get(mailboxId) as [number] | undefined;
    if (row && row[0] === 0) return [];
    return db.write((tx) => claimRecentTx(tx, mailboxId));
  }

  /**
   * After one change, every session with the mailbox open asks this same question (IDLE
   * fan-out): the answer is kept for the mailbox state it was computed on. Every write that
   * matters moves HIGHESTMODSEQ or UIDNEXT, so the state stamp tells when it is stale. The
   * answer is shared: callers must not change it.
   */
  async changesSince(mailboxId: number, since: number, knownUidMax: number): Promise<MailboxChanges> {
    const db = this.open();
    const state = db.raw('SELECT highestmodseq, uidnext FROM mailboxes WHERE id = ?').get(mailboxId) as [number, number] | undefined;
    const key = state && `${mailboxId} ${since} ${knownUidMax} ${state[0]} ${state[1]}`;
    if (key && this.lastChanges?.key === key) return this.lastChanges.value;
    const value = changesSince(db, mailboxId, since, knownUidMax);
    if (key) this.lastChanges = { key, value };
    return value;
  }

  // ---- RFC 7162 CONDSTORE / QRESYNC ----

  async storeFlagsUnchangedSince(
    mailboxId: number,
    uids: number[],
    mode: FlagMode,
    flags: string[],
    unchangedSince: number,
    permissions?: FlagPermissions,
  ): Promise<ConditionalStoreResult> {
    const normalised = normaliseFlags(flags);
    const masked = mode === 'set' && permissions && !allPermitted(permissions) ? permissions : null;
    return this.open().write((tx) => {
      const condition = { unchangedSince, unchanged: [] as MessageMeta[], modified: [] as MessageMeta[] };
      if (!masked) {
        const changed = storeFlagsTx(tx, mailboxId, uids, mode, normalised, condition);
        return { changed, unchanged: condition.unchanged, modified: condition.modified };
      }
      // The test first (adding the flags), then the rest of the replacement on those that passed.
      const added = storeFlagsTx(tx, mailboxId, uids, 'add', normalised, condition);
      const passed = [...added, ...condition.unchanged].map((m) => m.uid).sort((a, b) => a - b);
      const changed = mergeChanged(added, maskedSetTx(tx, mailboxId, passed, normalised, masked));
      const changedUids = new Set(changed.map((m) => m.uid));
      return { changed, unchanged: condition.unchanged.filter((m) => !changedUids.has(m.uid)), modified: condition.modified };
    });
  }

  async resyncSince(mailboxId: number, since: number, ranges: UidRanges): Promise<ResyncChanges> {
    return resyncSince(this.open(), mailboxId, since, ranges);
  }

  async searchModseq(mailboxId: number, key: StoreSearchKey): Promise<Array<[number, number]>> {
    return this.searchRows(mailboxId, key, 'uid, modseq') as Array<[number, number]>;
  }

  /** The rows (uid first) of the messages matching `key`, ascending by uid. */
  private searchRows(mailboxId: number, key: StoreSearchKey, columns: 'uid' | 'uid, modseq'): Array<[number, ...number[]]> {
    const db = this.open();
    const registered: number[] = [];
    try {
      const { where, params } = compileSearch(key, (ranges) => {
        const id = this.uidSets.register(ranges);
        registered.push(id);
        return id;
      });
      return db.read(() => {
        requireMailbox(db, mailboxId);
        // No ORDER BY: it would make SQLite walk the whole mailbox in uid order even when an
        // index look-up (messages_parsed, for TEXT/BODY/HEADER candidates) finds a handful of
        // rows; the rows are put in order here instead (usually they already are, which
        // TimSort checks in one pass).
        const stmt = db.dynamic(`SELECT ${columns} FROM messages WHERE mailbox_id = ? AND (${where})`);
        return (stmt.all(mailboxId, ...params) as Array<[number, ...number[]]>).sort((x, y) => x[0] - y[0]);
      });
    } catch (err) {
      if (err instanceof Error && /too large|stack overflow|too many SQL variables|too complex/i.test(err.message)) {
        throw new StoreError('LIMIT', 'Search too complex');
      }
      throw err;
    } finally {
      this.uidSets.release(registered);
    }
  }


  // ---- METADATA (RFC 5464) ----

  async getMetadata(userId: number, mailboxId: number | null, entries: string[], depth: MetadataDepth): Promise<MetadataEntry[]> {
    return getMetadata(this.open(), userId, mailboxId, entries, depth);
  }

  async setMetadata(
    userId: number,
    mailboxId: number | null,
    entries: MetadataWrite[],
    limits: MetadataStoreLimits,
    origin?: string,
  ): Promise<void> {
    this.open().write((tx) => setMetadataTx(tx, userId, mailboxId, entries, limits, origin));
  }

  async mailboxOwner(mailboxId: number): Promise<number | null> {
    return mailboxOwner(this.open(), mailboxId);
  }

  // ---- ACL (RFC 4314) ----

  async getAcl(mailboxId: number): Promise<AclEntry[]> {
    return aclEntries(this.open(), mailboxId);
  }

  async setAcl(mailboxId: number, granteeId: number | null, negative: boolean, rights: string): Promise<void> {
    this.open().write((tx) => {
      if (!mailboxById(tx.db, mailboxId)) throw new StoreError('NONEXISTENT', 'No such mailbox');
      setAclEntryTx(tx, mailboxId, granteeId, negative, rights);
    });
  }

  async deleteAcl(mailboxId: number, granteeId: number | null, negative: boolean): Promise<boolean> {
    return this.open().write((tx) => deleteAclEntryTx(tx, mailboxId, granteeId, negative));
  }

  async mailboxAccess(userId: number, mailboxId: number): Promise<MailboxAccess | null> {
    return mailboxAccess(this.open(), userId, mailboxId);
  }

  async sharedMailboxes(userId: number): Promise<SharedMailbox[]> {
    return sharedMailboxes(this.open(), userId);
  }

  // ---- TLS pre-shared keys ----

  async addPsk(identity: string, userName: string, key: Buffer): Promise<PskEntry> {
    return this.open().write((tx) => addPskTx(tx, identity, userName, key));
  }

  async deletePsk(identity: string): Promise<boolean> {
    return this.open().write((tx) => deletePskTx(tx, identity));
  }

  async listPsks(): Promise<PskEntry[]> {
    return listPsks(this.open());
  }

  pskForHandshake(identity: string): { key: Buffer; user: User } | null {
    return pskForHandshake(this.open(), identity);
  }
}
