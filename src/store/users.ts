// Accounts: creation with the default mailboxes, password hash storage, deletion.
import { releaseBlobsOfUser } from './blobs.js';
import type { StoreDb, Tx } from './db.js';
import { createMailboxTx, mailboxByName } from './mailboxes.js';
import { setDefaultFolderEntryTx } from './metadata.js';
import { canonicalName, checkMailboxName, checkUserName } from './names.js';
import { prepareStored } from '../auth/saslprep.js';
import { StoreError, type AccountKind, type User } from './types.js';

/** Created for every new account, all subscribed. */
export const DEFAULT_MAILBOXES: ReadonlyArray<readonly [string, string | null]> = [
  ['INBOX', null],
  ['Sent', '\\Sent'],
  ['Drafts', '\\Drafts'],
  ['Trash', '\\Trash'],
  ['Archive', '\\Archive'],
  ['Junk', '\\Junk'],
];

export interface UserRow {
  id: number;
  name: string;
  kind: AccountKind;
  password_hash: string;
  scram: string | null;
}

export function userByName(db: StoreDb, name: string): UserRow | undefined {
  return db.stmt('SELECT id, name, kind, password_hash, scram FROM users WHERE name = ?').get(name) as UserRow | undefined;
}

export function toUser(row: UserRow): User {
  return { id: row.id, name: row.name, kind: row.kind };
}

export function checkNewUser(db: StoreDb, name: string): void {
  checkUserName(name);
  // Logins SASLprep the name they are given (RFC 4013), so only prepared names can be found.
  if (prepareStored(name) !== name) throw new StoreError('CANNOT', 'Invalid user name: not in SASLprep form (RFC 4013)');
  if (userByName(db, name)) throw new StoreError('ALREADYEXISTS', 'User already exists');
}

/**
 * A new account with the default mailboxes and, if `cpmDefaultFolder` is given, the CPM
 * default folder (created and subscribed, with its parents) and the server entry naming it
 * (OMA CPM Appendix H; src/cpm/default-folder.ts).
 */
export function createUserTx(
  tx: Tx,
  name: string,
  passwordHash: string,
  cpmDefaultFolder?: string,
  kind: AccountKind = 'user',
  scram: string | null = null,
): User {
  checkNewUser(tx.db, name);
  const { id } = tx.db
    .stmt('INSERT INTO users (name, kind, password_hash, scram, modseq, created_at) VALUES (?, ?, ?, ?, 0, ?) RETURNING id')
    .get(name, kind, passwordHash, scram, Date.now()) as { id: number };
  const subscribe = tx.db.stmt('INSERT OR IGNORE INTO subscriptions (user_id, name) VALUES (?, ?)');
  for (const [mailbox, use] of DEFAULT_MAILBOXES) {
    createMailboxTx(tx, id, mailbox, use);
    subscribe.run(id, mailbox);
  }
  if (cpmDefaultFolder !== undefined) {
    const folder = canonicalName(cpmDefaultFolder);
    checkMailboxName(folder);
    if (!mailboxByName(tx.db, id, folder)) createMailboxTx(tx, id, folder, null);
    subscribe.run(id, folder);
    setDefaultFolderEntryTx(tx, id, folder);
  }
  return { id, name, kind };
}

/** The scrypt hash and the SCRAM verifier always change together: both come from one password. */
export function setPasswordTx(tx: Tx, name: string, passwordHash: string, scram: string): void {
  const result = tx.db.stmt('UPDATE users SET password_hash = ?, scram = ? WHERE name = ?').run(passwordHash, scram, name);
  if (result.changes === 0) throw new StoreError('NONEXISTENT', 'No such user');
}

/**
 * Fills in the verifier of an account made before SCRAM, after a password login proved the
 * password; only if the hash is still the one checked (a concurrent password change wins).
 */
export function fillScramTx(tx: Tx, id: number, passwordHash: string, scram: string): void {
  tx.db.stmt('UPDATE users SET scram = ? WHERE id = ? AND password_hash = ? AND scram IS NULL').run(scram, id, passwordHash);
}

/** Removes the account and everything in it; sessions with its mailboxes selected are told. */
export function deleteUserTx(tx: Tx, name: string): void {
  const user = userByName(tx.db, name);
  if (!user) throw new StoreError('NONEXISTENT', 'No such user');
  const mailboxIds = (tx.db.stmt('SELECT id FROM mailboxes WHERE user_id = ?').all(user.id) as Array<{ id: number }>).map(
    (r) => r.id,
  );
  releaseBlobsOfUser(tx, user.id);
  // Cascades to mailboxes, messages, expunge log and subscriptions.
  tx.db.stmt('DELETE FROM users WHERE id = ?').run(user.id);
  for (const id of mailboxIds) tx.mailboxDeleted(user.id, id);
  tx.mailboxesChanged(user.id);
}

export function listUsers(db: StoreDb): User[] {
  return db.stmt('SELECT id, name, kind FROM users ORDER BY name').all() as User[];
}
