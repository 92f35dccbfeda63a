// Content-addressed message bytes: identical bytes are stored once, with a count of the
// message rows that use them; the bytes go when the last message does (collectGarbage, run
// by every transaction that released references, before it commits).
import { createHash } from 'node:crypto';
import { collectContentGarbage } from './content.js';
import type { StoreDb, Tx } from './db.js';

export function blobHash(data: Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Stores `data` under `hash`, or takes one more reference to the identical bytes already there. */
export function putBlob(tx: Tx, hash: string, data: Buffer): void {
  const { refcount } = tx.db
    .stmt(
      `INSERT INTO blobs (hash, size, refcount) VALUES (?, ?, 1)
       ON CONFLICT (hash) DO UPDATE SET refcount = refcount + 1 RETURNING refcount`,
    )
    .get(hash, data.length) as { refcount: number };
  // refcount 1: new, or revived from 0 in this same transaction (its bytes are still there).
  if (refcount === 1) tx.db.stmt('INSERT OR IGNORE INTO blob_data (hash, data) VALUES (?, ?)').run(hash, data);
}

export function addBlobRefs(tx: Tx, hash: string, count: number): void {
  tx.db.stmt('UPDATE blobs SET refcount = refcount + ? WHERE hash = ?').run(count, hash);
}

export function releaseBlob(tx: Tx, hash: string, count: number): void {
  tx.db.stmt('UPDATE blobs SET refcount = refcount - ? WHERE hash = ?').run(count, hash);
  tx.needsBlobCollection();
}

/** Releases the references held by every message of the mailbox, in one statement. */
export function releaseBlobsOfMailbox(tx: Tx, mailboxId: number): void {
  tx.db
    .stmt(
      `UPDATE blobs SET refcount = refcount - c.n
       FROM (SELECT blob_hash, count(*) AS n FROM messages WHERE mailbox_id = ? GROUP BY blob_hash) AS c
       WHERE blobs.hash = c.blob_hash`,
    )
    .run(mailboxId);
  tx.needsBlobCollection();
}

export function releaseBlobsOfUser(tx: Tx, userId: number): void {
  const ids = tx.db.stmt('SELECT id FROM mailboxes WHERE user_id = ?').all(userId) as Array<{ id: number }>;
  for (const { id } of ids) releaseBlobsOfMailbox(tx, id);
}

/** Deletes blobs nobody uses any more (served by the partial index blobs_garbage). */
export function collectGarbage(db: StoreDb): void {
  collectContentGarbage(db);
  db.stmt('DELETE FROM blob_data WHERE hash IN (SELECT hash FROM blobs WHERE refcount <= 0)').run();
  db.stmt('DELETE FROM blobs WHERE refcount <= 0').run();
}

export function readBlob(db: StoreDb, mailboxId: number, uid: number): Buffer | null {
  const row = db
    .stmt(
      `SELECT d.data AS data FROM messages m JOIN blob_data d ON d.hash = m.blob_hash
       WHERE m.mailbox_id = ? AND m.uid = ?`,
    )
    .get(mailboxId, uid) as { data: Buffer } | undefined;
  return row ? row.data : null;
}
