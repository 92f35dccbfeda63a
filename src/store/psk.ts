// TLS pre-shared keys (PSK-TLS): each identity names one key issued for one account. Keys
// leave the store only through `pskForHandshake`, which the TLS layer calls mid-handshake.
import type { StoreDb, Tx } from './db.js';
import { StoreError, type AccountKind, type PskEntry, type User } from './types.js';
import { userByName } from './users.js';

/** RFC 4279 §5.3: a PSK identity is at most 2^16-1 bytes; OpenSSL takes at most 128 (PSK_MAX_IDENTITY_LEN). */
export const MAX_PSK_IDENTITY_LENGTH = 128;

interface PskRow {
  identity: string;
  user_id: number;
  user_name: string;
  kind: AccountKind;
  key: Buffer;
  created_at: number;
}

/** Printable ASCII without spaces: what a device configuration and `openssl -psk_identity` can carry. */
export function checkPskIdentity(identity: string): void {
  if (!/^[\x21-\x7e]+$/.test(identity) || identity.length > MAX_PSK_IDENTITY_LENGTH) {
    throw new StoreError('CANNOT', `A PSK identity is 1 to ${MAX_PSK_IDENTITY_LENGTH} printable ASCII characters without spaces`);
  }
}

export function addPskTx(tx: Tx, identity: string, userName: string, key: Buffer): PskEntry {
  checkPskIdentity(identity);
  const user = userByName(tx.db, userName);
  if (!user) throw new StoreError('NONEXISTENT', 'No such user');
  // A shared account cannot log in (its mailboxes are the shared namespace), so no key for it.
  if (user.kind === 'shared') throw new StoreError('CANNOT', 'A shared account cannot log in');
  if (tx.db.stmt('SELECT 1 FROM psk WHERE identity = ?').get(identity)) {
    throw new StoreError('ALREADYEXISTS', 'That PSK identity is taken');
  }
  const createdAt = Date.now();
  tx.db.stmt('INSERT INTO psk (identity, user_id, key, created_at) VALUES (?, ?, ?, ?)').run(identity, user.id, key, createdAt);
  return { identity, user: user.name, createdAt };
}

export function deletePskTx(tx: Tx, identity: string): boolean {
  return tx.db.stmt('DELETE FROM psk WHERE identity = ?').run(identity).changes > 0;
}

/** Identities and their accounts, never the keys. */
export function listPsks(db: StoreDb): PskEntry[] {
  const rows = db
    .stmt('SELECT p.identity, u.name AS user_name, p.created_at FROM psk p JOIN users u ON u.id = p.user_id ORDER BY p.identity')
    .all() as Array<Pick<PskRow, 'identity' | 'user_name' | 'created_at'>>;
  return rows.map((r) => ({ identity: r.identity, user: r.user_name, createdAt: r.created_at }));
}

/** The key and account of an identity, if it exists and the account may log in. */
export function pskForHandshake(db: StoreDb, identity: string): { key: Buffer; user: User } | null {
  const row = db
    .stmt('SELECT p.key, u.id AS user_id, u.name AS user_name, u.kind FROM psk p JOIN users u ON u.id = p.user_id WHERE p.identity = ?')
    .get(identity) as Pick<PskRow, 'key' | 'user_id' | 'user_name' | 'kind'> | undefined;
  if (!row || row.kind === 'shared') return null;
  return { key: row.key, user: { id: row.user_id, name: row.user_name, kind: row.kind } };
}
