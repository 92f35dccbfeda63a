// RFC 5464 METADATA entries: server entries of an account (mailbox_id NULL) and mailbox
// entries, /private (per user) and /shared (per mailbox), with the limits of RFC 5464 §4.3.
// Entries are keyed by mailbox id, so they follow a mailbox through RENAME; they go with it on
// DELETE (cascade, or deleteMailboxMetadataTx when the name stays as \Noselect).
import { DEFAULT_FOLDER_ENTRY, defaultFolderValue, folderOfValue, isDefaultFolderEntry } from '../cpm/default-folder.js';
import { entryNameError, isPrivateEntry } from '../protocol/metadata.js';
import type { StoreDb, Tx } from './db.js';
import { requireUser } from './mailboxes.js';
import { SEPARATOR } from './names.js';
import {
  MetadataLimitError,
  StoreError,
  type MetadataDepth,
  type MetadataEntry,
  type MetadataStoreLimits,
  type MetadataWrite,
} from './types.js';

const SCOPE = 'account_id = ? AND ifnull(mailbox_id, 0) = ? AND user_id = ?';

/** The account a scope belongs to: the mailbox's owner, or `userId` for server entries. */
function scopeAccount(db: StoreDb, userId: number, mailboxId: number | null): number {
  if (mailboxId === null) {
    requireUser(db, userId);
    return userId;
  }
  const row = db.stmt('SELECT user_id FROM mailboxes WHERE id = ?').get(mailboxId) as { user_id: number } | undefined;
  if (!row) throw new StoreError('NONEXISTENT', 'No such mailbox');
  return row.user_id;
}

/** The owner of a mailbox, or null if there is no such mailbox. */
export function mailboxOwner(db: StoreDb, mailboxId: number): number | null {
  const row = db.stmt('SELECT user_id FROM mailboxes WHERE id = ?').get(mailboxId) as { user_id: number } | undefined;
  return row ? row.user_id : null;
}

/**
 * The entries named by `specifiers` as `userId` sees them, and with DEPTH 1 or infinity the
 * entries below each (RFC 5464 §4.2.2): per specifier the entry itself, then those below it
 * in name order; an entry is listed once even if several specifiers match it. Entries that do
 * not exist are left out.
 */
export function getMetadata(
  db: StoreDb,
  userId: number,
  mailboxId: number | null,
  specifiers: readonly string[],
  depth: MetadataDepth,
): MetadataEntry[] {
  return db.read(() => {
    const account = scopeAccount(db, userId, mailboxId);
    const scope = mailboxId ?? 0;
    const exact = db.raw(`SELECT name, value FROM metadata WHERE ${SCOPE} AND key = ?`);
    const below = db.raw(`SELECT name, value, key FROM metadata WHERE ${SCOPE} AND key >= ? AND key < ? ORDER BY key`);
    const seen = new Set<string>();
    const out: MetadataEntry[] = [];
    const add = (name: string, value: Buffer) => {
      const key = name.toLowerCase();
      if (seen.has(key)) return;
      seen.add(key);
      out.push({ name, value });
    };
    for (const specifier of specifiers) {
      const key = specifier.toLowerCase();
      const owner = isPrivateEntry(key) ? userId : account;
      const hit = exact.get(account, scope, owner, key) as [string, Buffer] | undefined;
      if (hit) add(hit[0], hit[1]);
      if (depth === 0) continue;
      // Every key below `key/` sorts in ['key/', 'key0'): '0' follows '/' in ASCII.
      for (const [name, value, k] of below.iterate(account, scope, owner, key + '/', key + '0') as IterableIterator<[string, Buffer, string]>) {
        if (depth === 1 && k.indexOf('/', key.length + 1) >= 0) continue;
        add(name, value);
      }
    }
    return out;
  });
}

/**
 * SETMETADATA: sets or (value null) removes each entry in order, all or nothing. Refuses a
 * value over `maxValueSize` with [METADATA MAXSIZE n]; more entries in the scope than
 * `maxEntries` (only when the command adds some) with [METADATA TOOMANY]; more value octets
 * for the user than `maxTotalSize` (only when the command adds some) with [METADATA MAXSIZE n],
 * n being the largest value that would still fit. Publishes one event per scope.
 */
export function setMetadataTx(
  tx: Tx,
  userId: number,
  mailboxId: number | null,
  writes: readonly MetadataWrite[],
  limits: MetadataStoreLimits,
  origin?: string,
): void {
  checkWrites(writes, limits);
  const db = tx.db;
  const account = scopeAccount(db, userId, mailboxId);
  const scope = mailboxId ?? 0;
  const count = () =>
    (db.stmt('SELECT count(*) AS n FROM metadata WHERE account_id = ? AND ifnull(mailbox_id, 0) = ? AND user_id IN (?, ?)').get(account, scope, userId, account) as { n: number }).n;
  const total = () => (db.stmt('SELECT total(size) AS n FROM metadata WHERE user_id = ?').get(userId) as { n: number }).n;
  const countBefore = count();
  const totalBefore = total();
  let written = 0;
  for (const { name, value } of writes) {
    const key = name.toLowerCase();
    const priv = isPrivateEntry(key);
    const owner = priv ? userId : account;
    let changed: boolean;
    if (value === null) {
      changed = db.stmt(`DELETE FROM metadata WHERE ${SCOPE} AND key = ?`).run(account, scope, owner, key).changes > 0;
    } else {
      if (mailboxId === null && isDefaultFolderEntry(name) && folderOfValue(value.toString('utf8')) === null) {
        throw new StoreError('CANNOT', `${DEFAULT_FOLDER_ENTRY} must be a mailbox name followed by "${SEPARATOR}"`);
      }
      written += value.length;
      const updated = db
        .stmt(`UPDATE metadata SET name = ?, value = ?, size = ? WHERE ${SCOPE} AND key = ?`)
        .run(name, value, value.length, account, scope, owner, key).changes;
      if (updated === 0) {
        db.stmt('INSERT INTO metadata (account_id, mailbox_id, user_id, key, name, value, size) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
          account,
          mailboxId,
          owner,
          key,
          name,
          value,
          value.length,
        );
      }
      changed = true;
    }
    if (changed) tx.metadataChanged(account, mailboxId, priv ? userId : null, name, origin);
  }
  const countAfter = count();
  if (countAfter > limits.maxEntries && countAfter > countBefore) {
    throw new MetadataLimitError('TOOMANY', `Too many entries (at most ${limits.maxEntries} here)`);
  }
  const totalAfter = total();
  if (totalAfter > limits.maxTotalSize && totalAfter > totalBefore) {
    const room = Math.max(0, Math.min(limits.maxValueSize, limits.maxTotalSize - (totalAfter - written)));
    throw new MetadataLimitError(`MAXSIZE ${room}`, `Entry values would take more than ${limits.maxTotalSize} octets in all`);
  }
}

/** The checks that need no database: names (defensively, as the parser does) and value sizes. */
function checkWrites(writes: readonly MetadataWrite[], limits: MetadataStoreLimits): void {
  for (const { name, value } of writes) {
    const error = entryNameError(name, 'entry');
    if (error) throw new StoreError('CANNOT', error);
    if (value !== null && value.length > limits.maxValueSize) {
      throw new MetadataLimitError(`MAXSIZE ${limits.maxValueSize}`, `Entry value too large (at most ${limits.maxValueSize} octets)`);
    }
  }
}

/** DELETE that keeps the name as \Noselect (it has children): its entries go all the same. */
export function deleteMailboxMetadataTx(tx: Tx, mailboxId: number): void {
  tx.db.stmt('DELETE FROM metadata WHERE mailbox_id = ?').run(mailboxId);
}

/**
 * RENAME INBOX (RFC 5464 §4.1): the new mailbox gets a copy of INBOX's entries, and INBOX
 * keeps its own.
 */
export function copyMailboxMetadataTx(tx: Tx, fromId: number, toId: number): void {
  const rows = tx.db
    .stmt('SELECT account_id, user_id, key, name, value, size FROM metadata WHERE mailbox_id = ? ORDER BY key')
    .all(fromId) as Array<{ account_id: number; user_id: number; key: string; name: string; value: Buffer; size: number }>;
  const insert = tx.db.stmt('INSERT INTO metadata (account_id, mailbox_id, user_id, key, name, value, size) VALUES (?, ?, ?, ?, ?, ?, ?)');
  for (const r of rows) {
    insert.run(r.account_id, toId, r.user_id, r.key, r.name, r.value, r.size);
    tx.metadataChanged(r.account_id, toId, isPrivateEntry(r.key) ? r.user_id : null, r.name);
  }
}

/**
 * RENAME of the CPM default folder or of one of its parents: the server entry follows the
 * folder to its new name (Appendix H.1.1 asks for the name a client can SELECT).
 */
export function followDefaultFolderRenameTx(tx: Tx, userId: number, from: string, to: string): void {
  const key = DEFAULT_FOLDER_ENTRY.toLowerCase();
  const row = tx.db.stmt(`SELECT name, value FROM metadata WHERE ${SCOPE} AND key = ?`).get(userId, 0, userId, key) as
    | { name: string; value: Buffer }
    | undefined;
  if (!row) return;
  const folder = folderOfValue(row.value.toString('utf8'));
  if (folder === null || (folder !== from && !folder.startsWith(from + SEPARATOR))) return;
  const value = Buffer.from(defaultFolderValue(to + folder.slice(from.length)), 'utf8');
  tx.db.stmt(`UPDATE metadata SET value = ?, size = ? WHERE ${SCOPE} AND key = ?`).run(value, value.length, userId, 0, userId, key);
  tx.metadataChanged(userId, null, null, row.name);
}

/** A new account's CPM default-folder entry (the folder itself is created by the caller). */
export function setDefaultFolderEntryTx(tx: Tx, userId: number, folder: string): void {
  const value = Buffer.from(defaultFolderValue(folder), 'utf8');
  tx.db
    .stmt('INSERT INTO metadata (account_id, mailbox_id, user_id, key, name, value, size) VALUES (?, NULL, ?, ?, ?, ?, ?)')
    .run(userId, userId, DEFAULT_FOLDER_ENTRY.toLowerCase(), DEFAULT_FOLDER_ENTRY, value, value.length);
}
