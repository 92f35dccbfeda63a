// RENAME (RFC 3501 §6.3.5): a mailbox with all its children, or the INBOX special case.
import type { Tx } from './db.js';
import {
  createMailboxTx,
  createMissingParents,
  descendantRows,
  mailboxByName,
  pruneNoselectAncestors,
  requireUser,
} from './mailboxes.js';
import { allUids, copyTx } from './messages.js';
import { copyMailboxMetadataTx, followDefaultFolderRenameTx } from './metadata.js';
import { INBOX, SEPARATOR, canonicalName, checkMailboxName } from './names.js';
import { StoreError } from './types.js';

export function renameMailboxTx(tx: Tx, userId: number, fromName: string, toName: string): void {
  requireUser(tx.db, userId);
  const from = canonicalName(fromName);
  const to = canonicalName(toName);
  checkMailboxName(to);
  const src = mailboxByName(tx.db, userId, from);
  if (!src) throw new StoreError('NONEXISTENT', 'No such mailbox');
  const target = mailboxByName(tx.db, userId, to);
  if (to === INBOX || (target && !target.noselect)) throw new StoreError('ALREADYEXISTS', 'Target mailbox already exists');

  if (from === INBOX) {
    // RENAME INBOX: a new mailbox `to` (new MAILBOXID and UIDVALIDITY) receives all of INBOX's
    // messages (new uids, same EMAILIDs); INBOX stays, empty; its children are not renamed.
    const created = createMailboxTx(tx, userId, to, null);
    copyTx(tx, src.id, allUids(tx.db, src.id), created.id, true);
    copyMailboxMetadataTx(tx, src.id, created.id); // RFC 5464 §4.1: INBOX keeps its entries too
    return;
  }

  if (to.startsWith(from + SEPARATOR)) throw new StoreError('CANNOT', 'Cannot rename a mailbox into its own child');
  // A \Noselect target (a name kept for its children) is taken over by the renamed mailbox.
  if (target) tx.db.stmt('DELETE FROM mailboxes WHERE id = ?').run(target.id);

  // The mailbox and its children keep their ids, MAILBOXIDs, UIDVALIDITYs and uids.
  const moving = [src, ...descendantRows(tx.db, userId, from)];
  const movingIds = new Set(moving.map((m) => m.id));
  const renames = moving.map((m) => ({ id: m.id, name: to + m.name.slice(from.length) }));
  for (const { name } of renames) {
    const existing = mailboxByName(tx.db, userId, name);
    if (existing && !movingIds.has(existing.id)) {
      throw new StoreError('ALREADYEXISTS', `Mailbox ${name} already exists`);
    }
  }
  // Two passes through names no mailbox can have (they contain NUL), so a new name that equals
  // another moving mailbox's old name never trips the unique (user, name) constraint.
  const update = tx.db.stmt('UPDATE mailboxes SET name = ? WHERE id = ?');
  for (const { id } of renames) update.run(`\u0000rename\u0000${id}`, id);
  for (const { id, name } of renames) update.run(name, id);
  createMissingParents(tx, userId, to);
  pruneNoselectAncestors(tx, userId, from);
  // METADATA entries are keyed by mailbox id and so move with it; the CPM default-folder
  // server entry names the folder and is rewritten if the folder (or a parent) moved.
  followDefaultFolderRenameTx(tx, userId, from, to);
  tx.mailboxesChanged(userId, { type: 'renamed', name: to, oldName: from });
}
