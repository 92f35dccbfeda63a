// Mailbox rows: lookup, creation (with missing parents), deletion, subscriptions.
import { releaseBlobsOfMailbox } from './blobs.js';
import type { StoreDb, Tx } from './db.js';
import { newMailboxId, nextUidValidity } from './ids.js';
import { deleteMailboxMetadataTx } from './metadata.js';
import {
  INBOX,
  SEPARATOR,
  ancestors,
  canonicalName,
  canonicalSpecialUse,
  checkMailboxName,
  descendantBounds,
} from './names.js';
import { StoreError, type MailboxInfo } from './types.js';

export interface MailboxRow {
  id: number;
  user_id: number;
  name: string;
  object_id: string;
  uidvalidity: number;
  uidnext: number;
  highestmodseq: number;
  recent_floor: number;
  special_use: string | null;
  noselect: number;
}

const COLS = 'id, user_id, name, object_id, uidvalidity, uidnext, highestmodseq, recent_floor, special_use, noselect';

export function toInfo(row: MailboxRow): MailboxInfo {
  return {
    id: row.id,
    objectId: row.object_id,
    name: row.name,
    uidValidity: row.uidvalidity,
    uidNext: row.uidnext,
    highestModseq: row.highestmodseq,
    specialUse: row.special_use,
    noselect: row.noselect === 1,
  };
}

export function mailboxById(db: StoreDb, id: number): MailboxRow | undefined {
  return db.stmt(`SELECT ${COLS} FROM mailboxes WHERE id = ?`).get(id) as MailboxRow | undefined;
}

export function mailboxByName(db: StoreDb, userId: number, name: string): MailboxRow | undefined {
  return db.stmt(`SELECT ${COLS} FROM mailboxes WHERE user_id = ? AND name = ?`).get(userId, canonicalName(name)) as
    | MailboxRow
    | undefined;
}

/** A mailbox that holds messages: a \Noselect name counts as nonexistent for message work. */
export function requireMailbox(db: StoreDb, id: number): MailboxRow {
  const row = mailboxById(db, id);
  if (!row || row.noselect) throw new StoreError('NONEXISTENT', 'No such mailbox');
  return row;
}

export function listMailboxRows(db: StoreDb, userId: number): MailboxRow[] {
  return db.stmt(`SELECT ${COLS} FROM mailboxes WHERE user_id = ? ORDER BY name`).all(userId) as MailboxRow[];
}

/** Mailboxes strictly below `name` in the hierarchy (an index range scan, no LIKE). */
export function descendantRows(db: StoreDb, userId: number, name: string): MailboxRow[] {
  const [lo, hi] = descendantBounds(name);
  return db
    .stmt(`SELECT ${COLS} FROM mailboxes WHERE user_id = ? AND name >= ? AND name < ? ORDER BY name`)
    .all(userId, lo, hi) as MailboxRow[];
}

export function hasChildren(db: StoreDb, userId: number, name: string): boolean {
  const [lo, hi] = descendantBounds(name);
  return db.stmt('SELECT 1 FROM mailboxes WHERE user_id = ? AND name >= ? AND name < ? LIMIT 1').get(userId, lo, hi) !== undefined;
}

/** Removes \Noselect ancestors of `name` that no longer have any children, innermost first. */
export function pruneNoselectAncestors(tx: Tx, userId: number, name: string): void {
  for (const parent of ancestors(name).reverse()) {
    const row = mailboxByName(tx.db, userId, parent);
    if (!row) continue;
    if (!row.noselect || hasChildren(tx.db, userId, parent)) return;
    tx.db.stmt('DELETE FROM mailboxes WHERE id = ?').run(row.id);
    tx.mailboxesChanged(userId, { type: 'deleted', name: parent });
  }
}

export function requireUser(db: StoreDb, userId: number): void {
  if (!db.stmt('SELECT 1 FROM users WHERE id = ?').get(userId)) throw new StoreError('NONEXISTENT', 'No such user');
}

/** Inserts one new, empty mailbox: new MAILBOXID, new UIDVALIDITY, HIGHESTMODSEQ = this transaction's. */
function insertMailbox(tx: Tx, userId: number, name: string, specialUse: string | null): MailboxRow {
  const modseq = tx.modseq(userId);
  const row = tx.db
    .stmt(
      `INSERT INTO mailboxes (user_id, name, object_id, uidvalidity, uidnext, highestmodseq, recent_floor, special_use)
       VALUES (?, ?, ?, ?, 1, ?, 1, ?) RETURNING ${COLS}`,
    )
    .get(userId, name, newMailboxId(), nextUidValidity(tx), modseq, specialUse) as MailboxRow;
  tx.mailboxesChanged(userId, { type: 'created', name });
  return row;
}

/** Creates every missing ancestor of `name` (plain mailboxes, no special use). */
export function createMissingParents(tx: Tx, userId: number, name: string): void {
  for (const parent of ancestors(name)) {
    if (!mailboxByName(tx.db, userId, parent)) insertMailbox(tx, userId, parent, null);
  }
}

/** CREATE: one trailing separator is a declaration of intent and is dropped (RFC 3501 §6.3.3). */
export function createMailboxTx(tx: Tx, userId: number, name: string, specialUse: string | null): MailboxRow {
  requireUser(tx.db, userId);
  if (name.endsWith(SEPARATOR) && name.length > 1) name = name.slice(0, -1);
  name = canonicalName(name);
  checkMailboxName(name);
  const use = specialUse == null ? null : canonicalSpecialUse(specialUse);
  const existing = mailboxByName(tx.db, userId, name);
  if (existing && !existing.noselect) throw new StoreError('ALREADYEXISTS', 'Mailbox already exists');
  // A \Noselect name becomes a real mailbox again: a new one (new MAILBOXID and UIDVALIDITY).
  if (existing) tx.db.stmt('DELETE FROM mailboxes WHERE id = ?').run(existing.id);
  createMissingParents(tx, userId, name);
  return insertMailbox(tx, userId, name, use);
}

/**
 * DELETE (RFC 3501 §6.3.4): removes the mailbox's messages (releasing their blobs) and its
 * expunge log — its UIDVALIDITY dies with it. Without children the row goes too (and any
 * \Noselect ancestors left childless). With children the name stays as a \Noselect row, and
 * deleting a \Noselect name that has children is refused. Subscriptions are left alone
 * (RFC 9051 §6.3.7). Returns the mailbox as it was.
 */
export function deleteMailboxTx(tx: Tx, userId: number, name: string): MailboxInfo {
  name = canonicalName(name);
  if (name === INBOX) throw new StoreError('CANNOT', 'INBOX cannot be deleted');
  const row = mailboxByName(tx.db, userId, name);
  if (!row) throw new StoreError('NONEXISTENT', 'No such mailbox');
  const children = hasChildren(tx.db, userId, name);
  if (row.noselect && children) throw new StoreError('CANNOT', 'Mailbox has children and is already \\Noselect');
  releaseBlobsOfMailbox(tx, row.id);
  if (children) {
    tx.db.stmt('DELETE FROM messages WHERE mailbox_id = ?').run(row.id);
    tx.db.stmt('DELETE FROM expunged WHERE mailbox_id = ?').run(row.id);
    tx.db.stmt('UPDATE mailboxes SET noselect = 1, special_use = NULL WHERE id = ?').run(row.id);
    deleteMailboxMetadataTx(tx, row.id); // RFC 5464 §4.1: the entries go with the mailbox
  } else {
    tx.db.stmt('DELETE FROM mailboxes WHERE id = ?').run(row.id);
    pruneNoselectAncestors(tx, userId, name);
  }
  if (!row.noselect) tx.mailboxDeleted(userId, row.id);
  tx.mailboxesChanged(userId, { type: 'deleted', name });
  return toInfo(row);
}

export function setSubscribedTx(tx: Tx, userId: number, name: string, subscribed: boolean): void {
  requireUser(tx.db, userId);
  name = canonicalName(name);
  if (subscribed) {
    checkMailboxName(name);
    tx.db.stmt('INSERT OR IGNORE INTO subscriptions (user_id, name) VALUES (?, ?)').run(userId, name);
  } else {
    tx.db.stmt('DELETE FROM subscriptions WHERE user_id = ? AND name = ?').run(userId, name);
  }
  tx.mailboxesChanged(userId, { type: subscribed ? 'subscribed' : 'unsubscribed', name });
}

export function listSubscriptions(db: StoreDb, userId: number): string[] {
  return (db.stmt('SELECT name FROM subscriptions WHERE user_id = ? ORDER BY name').all(userId) as Array<{ name: string }>).map(
    (r) => r.name,
  );
}
