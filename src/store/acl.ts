// RFC 4314 access control lists: entries per mailbox, kept by user id (NULL grantee: "anyone"),
// positive or negative. The store knows nothing of namespaces or of the owner's implicit
// rights beyond reporting who the owner is: src/imap/rights.ts turns entries into rights.
import type { StoreDb, Tx } from './db.js';
import { toInfo, type MailboxRow } from './mailboxes.js';
import type { AccountKind, AclEntry, MailboxAccess, SharedMailbox } from './types.js';

interface EntryRow {
  grantee_id: number | null;
  grantee_name: string | null;
  negative: number;
  rights: string;
}

/**
 * The stored entries of a mailbox, in a stable order: positive before negative, `anyone`
 * before named users, then by user name.
 */
export function aclEntries(db: StoreDb, mailboxId: number): AclEntry[] {
  const rows = db
    .stmt(
      `SELECT a.grantee_id, u.name AS grantee_name, a.negative, a.rights
       FROM acl a LEFT JOIN users u ON u.id = a.grantee_id
       WHERE a.mailbox_id = ?
       ORDER BY a.negative, a.grantee_id IS NOT NULL, u.name`,
    )
    .all(mailboxId) as EntryRow[];
  return rows.map((r) => ({ granteeId: r.grantee_id, granteeName: r.grantee_name, negative: r.negative === 1, rights: r.rights }));
}

/** Sets one entry (rights in canonical order); empty rights remove it. True if anything changed. */
export function setAclEntryTx(tx: Tx, mailboxId: number, granteeId: number | null, negative: boolean, rights: string): boolean {
  if (rights === '') return deleteAclEntryTx(tx, mailboxId, granteeId, negative);
  const existing = tx.db
    .stmt('SELECT rights FROM acl WHERE mailbox_id = ? AND ifnull(grantee_id, 0) = ? AND negative = ?')
    .get(mailboxId, granteeId ?? 0, negative ? 1 : 0) as { rights: string } | undefined;
  if (existing?.rights === rights) return false;
  if (existing) {
    tx.db
      .stmt('UPDATE acl SET rights = ? WHERE mailbox_id = ? AND ifnull(grantee_id, 0) = ? AND negative = ?')
      .run(rights, mailboxId, granteeId ?? 0, negative ? 1 : 0);
  } else {
    tx.db.stmt('INSERT INTO acl (mailbox_id, grantee_id, negative, rights) VALUES (?, ?, ?, ?)').run(mailboxId, granteeId, negative ? 1 : 0, rights);
  }
  aclChanged(tx, mailboxId, granteeId);
  return true;
}

export function deleteAclEntryTx(tx: Tx, mailboxId: number, granteeId: number | null, negative: boolean): boolean {
  const changes = tx.db
    .stmt('DELETE FROM acl WHERE mailbox_id = ? AND ifnull(grantee_id, 0) = ? AND negative = ?')
    .run(mailboxId, granteeId ?? 0, negative ? 1 : 0).changes;
  if (changes > 0) aclChanged(tx, mailboxId, granteeId);
  return changes > 0;
}

/** RFC 4314 §4: a mailbox created in another user's hierarchy takes its parent's entries. */
export function inheritAclTx(tx: Tx, fromMailboxId: number, toMailboxIds: readonly number[]): void {
  const copy = tx.db.stmt(
    `INSERT OR REPLACE INTO acl (mailbox_id, grantee_id, negative, rights)
     SELECT ?, grantee_id, negative, rights FROM acl WHERE mailbox_id = ?`,
  );
  for (const id of toMailboxIds) {
    if (copy.run(id, fromMailboxId).changes > 0) aclChanged(tx, id, null);
  }
}

function aclChanged(tx: Tx, mailboxId: number, granteeId: number | null): void {
  const row = tx.db.stmt('SELECT user_id FROM mailboxes WHERE id = ?').get(mailboxId) as { user_id: number } | undefined;
  if (row) tx.aclChanged(row.user_id, mailboxId, granteeId);
}

/**
 * The owner of a mailbox and the entries that concern `userId` on it (`anyone` and the
 * user's own, positive and negative), in one indexed query; null if there is no such mailbox.
 */
export function mailboxAccess(db: StoreDb, userId: number, mailboxId: number): MailboxAccess | null {
  const rows = db
    .raw(
      `SELECT m.user_id, u.name, u.kind, a.negative, a.rights
       FROM mailboxes m JOIN users u ON u.id = m.user_id
       LEFT JOIN acl a ON a.mailbox_id = m.id AND (a.grantee_id = ? OR a.grantee_id IS NULL)
       WHERE m.id = ?`,
    )
    .all(userId, mailboxId) as Array<[number, string, AccountKind, number | null, string | null]>;
  if (rows.length === 0) return null;
  const [ownerId, ownerName, ownerKind] = rows[0]!;
  const access: MailboxAccess = { owner: { id: ownerId, name: ownerName, kind: ownerKind }, granted: '', denied: '' };
  for (const [, , , negative, rights] of rows) {
    if (rights === null) continue;
    if (negative === 1) access.denied += rights;
    else access.granted += rights;
  }
  return access;
}

/**
 * Mailboxes of other accounts with an entry for `userId` or for anyone (the candidates LIST,
 * LSUB and NOTIFY look at), with what those entries grant and deny. Found through the
 * acl_grantee index, never a scan of other accounts' mailboxes.
 */
export function sharedMailboxes(db: StoreDb, userId: number): SharedMailbox[] {
  const rows = db
    .stmt(
      `SELECT m.id, m.user_id, m.name, m.object_id, m.uidvalidity, m.uidnext, m.highestmodseq, m.recent_floor,
              m.special_use, m.noselect, u.name AS owner_name, u.kind AS owner_kind, a.negative, a.rights
       FROM acl a JOIN mailboxes m ON m.id = a.mailbox_id JOIN users u ON u.id = m.user_id
       WHERE (a.grantee_id = ? OR a.grantee_id IS NULL) AND m.user_id != ?`,
    )
    .all(userId, userId) as Array<MailboxRow & { owner_name: string; owner_kind: AccountKind; negative: number; rights: string }>;
  const byId = new Map<number, SharedMailbox>();
  for (const row of rows) {
    let shared = byId.get(row.id);
    if (!shared) {
      shared = { mailbox: toInfo(row), owner: { id: row.user_id, name: row.owner_name, kind: row.owner_kind }, granted: '', denied: '' };
      byId.set(row.id, shared);
    }
    if (row.negative === 1) shared.denied += row.rights;
    else shared.granted += row.rights;
  }
  return [...byId.values()];
}
