// Message rows: append, listing, flags, expunge, copy/move, \Recent, counts, changes.
import { addBlobRefs, putBlob, releaseBlob } from './blobs.js';
import { storeContent, type PreparedContent } from './content.js';
import type { StoreDb, Tx } from './db.js';
import { applyKeywords, encodeKeywords, flagList, type FlagSet } from './flags.js';
import { newEmailId, newInstanceId } from './ids.js';
import { requireMailbox, type MailboxRow } from './mailboxes.js';
import { assignThread } from './threads.js';
import type { MailboxSummary } from './types.js';
import {
  StoreError,
  type AppendResult,
  type CopyResult,
  type FlagMode,
  type MailboxChanges,
  type MailboxCounts,
  type MessageMeta,
  type ResyncChanges,
  type UidRanges,
} from './types.js';

/** UIDs are 32-bit (RFC 3501 §2.3.1.1). */
export const MAX_UID = 0xffff_ffff;

/** Columns of MessageMeta, read in raw (array) mode for speed. */
const META_COLS =
  'uid, modseq, internal_date, internal_offset, size, seen, answered, flagged, deleted, draft, keywords, email_id, instance_id, thread_id';
type MetaRow = [number, number, number, number, number, number, number, number, number, number, string, string, string, string];

function systemBits(seen: number, answered: number, flagged: number, deleted: number, draft: number): number {
  return (seen ? 1 : 0) | (answered ? 2 : 0) | (flagged ? 4 : 0) | (deleted ? 8 : 0) | (draft ? 16 : 0);
}

function metaFromRow(r: MetaRow): MessageMeta {
  return {
    uid: r[0],
    modseq: r[1],
    flags: flagList(systemBits(r[5], r[6], r[7], r[8], r[9]), r[10]),
    internalDate: r[2],
    internalDateOffset: r[3],
    size: r[4],
    emailId: r[11],
    instanceId: r[12],
    threadId: r[13],
  };
}

/** Sorted, merged, clamped to 1..MAX_UID; tolerant of ranges given high-low. */
export function normaliseRanges(ranges: UidRanges): UidRanges {
  const sorted = ranges
    .map(([a, b]): [number, number] => (a <= b ? [a, b] : [b, a]))
    .map(([a, b]): [number, number] => [Math.max(1, Math.ceil(a)), Math.min(MAX_UID, Math.floor(b))])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0]);
  const out: UidRanges = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function uidsToRanges(uids: readonly number[]): UidRanges {
  return normaliseRanges(uids.filter((u) => Number.isInteger(u)).map((u): [number, number] => [u, u]));
}

// ---- reading ------------------------------------------------------------------------------

export function listMessages(db: StoreDb, mailboxId: number): MessageMeta[] {
  return db.read(() => {
    requireMailbox(db, mailboxId);
    const rows = db.raw(`SELECT ${META_COLS} FROM messages WHERE mailbox_id = ? ORDER BY uid`).all(mailboxId) as MetaRow[];
    return rows.map(metaFromRow);
  });
}

/** What SELECT shows: the UID runs, the first unseen one, and the keywords in use. */
export function mailboxSummary(db: StoreDb, mailboxId: number): MailboxSummary {
  return db.read(() => {
    requireMailbox(db, mailboxId);
    // Kept by triggers (migration 5): a handful of rows however large the mailbox is.
    const runs = db.raw('SELECT start, end FROM uid_runs WHERE mailbox_id = ? ORDER BY start').all(mailboxId) as Array<[number, number]>;
    // Served by the partial index messages_unseen.
    const firstUnseen = (db.raw('SELECT min(uid) FROM messages WHERE mailbox_id = ? AND seen = 0').get(mailboxId) as [number | null])[0];
    const keywords = new Map<string, string>();
    // Served by the partial index messages_keywords: only messages that have keywords.
    const lists = db.raw("SELECT DISTINCT keywords FROM messages WHERE mailbox_id = ? AND keywords != ''").all(mailboxId) as Array<[string]>;
    for (const [list] of lists) {
      for (const kw of list.trim().split(' ')) if (!keywords.has(kw.toLowerCase())) keywords.set(kw.toLowerCase(), kw);
    }
    return { runs, firstUnseenUid: firstUnseen, keywords: [...keywords.values()] };
  });
}

function metasInRanges(db: StoreDb, mailboxId: number, ranges: UidRanges): MessageMeta[] {
  const stmt = db.raw(`SELECT ${META_COLS} FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid`);
  const out: MessageMeta[] = [];
  for (const [lo, hi] of ranges) {
    for (const row of stmt.iterate(mailboxId, lo, hi) as IterableIterator<MetaRow>) out.push(metaFromRow(row));
  }
  return out;
}

export function getMessages(db: StoreDb, mailboxId: number, ranges: UidRanges): MessageMeta[] {
  return db.read(() => {
    requireMailbox(db, mailboxId);
    return metasInRanges(db, mailboxId, normaliseRanges(ranges));
  });
}

export function counts(db: StoreDb, mailboxId: number): MailboxCounts {
  return db.read(() => {
    const mb = requireMailbox(db, mailboxId);
    const count = (sql: string, ...args: number[]): number => (db.stmt(sql).get(...args) as { n: number }).n;
    return {
      messages: count('SELECT count(*) AS n FROM messages WHERE mailbox_id = ?', mailboxId),
      // Served by the partial index messages_unseen.
      unseen: count('SELECT count(*) AS n FROM messages WHERE mailbox_id = ? AND seen = 0', mailboxId),
      recent: count('SELECT count(*) AS n FROM messages WHERE mailbox_id = ? AND uid >= ?', mailboxId, mb.recent_floor),
    };
  });
}

/** O(changes): added by the primary key, changed by (mailbox, modseq), expunged by its index. */
export function changesSince(db: StoreDb, mailboxId: number, since: number, knownUidMax: number): MailboxChanges {
  return db.read(() => {
    const mb = requireMailbox(db, mailboxId);
    const added = (
      db.raw(`SELECT ${META_COLS} FROM messages WHERE mailbox_id = ? AND uid > ? ORDER BY uid`).all(mailboxId, knownUidMax) as MetaRow[]
    ).map(metaFromRow);
    if (since >= mb.highestmodseq) return { highestModseq: mb.highestmodseq, added, changed: [], expunged: [] };
    const changed = (
      db
        .raw(
          `SELECT ${META_COLS} FROM messages INDEXED BY messages_modseq
           WHERE mailbox_id = ? AND modseq > ? AND uid <= ? ORDER BY uid`,
        )
        .all(mailboxId, since, knownUidMax) as MetaRow[]
    ).map(metaFromRow);
    const expunged = (
      db
        .raw(
          `SELECT uid FROM expunged INDEXED BY expunged_modseq
           WHERE mailbox_id = ? AND modseq > ? AND uid <= ? ORDER BY uid`,
        )
        .all(mailboxId, since, knownUidMax) as Array<[number]>
    ).map((r) => r[0]);
    return { highestModseq: mb.highestmodseq, added, changed, expunged };
  });
}

/**
 * RFC 7162 resync (QRESYNC, CHANGEDSINCE / VANISHED): messages and expunges after `since`
 * whose uid is in `ranges`. Both queries walk the (mailbox, modseq) indexes from `since`
 * on, so the cost is the number of changes since then, not the mailbox size; the ranges are
 * applied to those rows here.
 */
export function resyncSince(db: StoreDb, mailboxId: number, since: number, ranges: UidRanges): ResyncChanges {
  return db.read(() => {
    const mb = requireMailbox(db, mailboxId);
    const wanted = normaliseRanges(ranges);
    if (since >= mb.highestmodseq || wanted.length === 0) return { highestModseq: mb.highestmodseq, changed: [], expunged: [] };
    const lo = wanted[0]![0];
    const hi = wanted[wanted.length - 1]![1];
    const inRanges = rangeTest(wanted);
    const changed = (
      db
        .raw(
          `SELECT ${META_COLS} FROM messages INDEXED BY messages_modseq
           WHERE mailbox_id = ? AND modseq > ? AND uid BETWEEN ? AND ? ORDER BY uid`,
        )
        .all(mailboxId, since, lo, hi) as MetaRow[]
    )
      .filter((r) => inRanges(r[0]))
      .map(metaFromRow);
    const expunged = (
      db
        .raw(
          `SELECT uid FROM expunged INDEXED BY expunged_modseq
           WHERE mailbox_id = ? AND modseq > ? AND uid BETWEEN ? AND ? ORDER BY uid`,
        )
        .all(mailboxId, since, lo, hi) as Array<[number]>
    )
      .map((r) => r[0])
      .filter(inRanges);
    return { highestModseq: mb.highestmodseq, changed, expunged };
  });
}

/** Membership in normalised ranges by binary search. */
function rangeTest(ranges: UidRanges): (uid: number) => boolean {
  return (uid) => {
    let lo = 0;
    let hi = ranges.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const [a, b] = ranges[mid]!;
      if (uid < a) hi = mid - 1;
      else if (uid > b) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

// ---- append -------------------------------------------------------------------------------

export interface PreparedAppend {
  data: Buffer;
  hash: string;
  flags: FlagSet;
  internalDate: number;
  internalDateOffset: number;
  /** 'YYYY-MM-DD' of the internal date in its own offset (for SEARCH BEFORE/ON/SINCE). */
  internalDay: string;
  /** The parse of `data` and what SEARCH, SORT and THREAD keep of it. */
  content: PreparedContent;
}

/** Validates and completes the internal date: defaults to now, in the server's local offset. */
export function internalDateFields(internalDate?: number, offset?: number): { ms: number; offset: number; day: string } {
  const ms = internalDate ?? Date.now();
  if (!Number.isInteger(ms) || Math.abs(ms) > 8.64e15) throw new StoreError('CANNOT', 'Invalid internal date');
  const off = offset ?? (0 - new Date(ms).getTimezoneOffset() || 0); // never -0
  if (!Number.isInteger(off) || Math.abs(off) >= 100 * 60) throw new StoreError('CANNOT', 'Invalid time zone offset');
  const local = ms + off * 60_000;
  if (Math.abs(local) > 8.64e15) throw new StoreError('CANNOT', 'Invalid internal date');
  const day = new Date(local).toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new StoreError('CANNOT', 'Internal date out of range');
  return { ms, offset: off, day };
}

const INSERT_MESSAGE = `INSERT INTO messages (mailbox_id, uid, modseq, internal_date, internal_offset, internal_day, size,
  blob_hash, seen, answered, flagged, deleted, draft, keywords, email_id, instance_id, parsed_id, thread_id)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

function bit(bits: number, i: number): number {
  return (bits >> i) & 1;
}

export function appendTx(tx: Tx, mailboxId: number, p: PreparedAppend): AppendResult {
  const mb = requireMailbox(tx.db, mailboxId);
  if (mb.uidnext > MAX_UID) throw new StoreError('LIMIT', 'Mailbox has used up its UIDs');
  const modseq = tx.modseq(mb.user_id);
  const uid = mb.uidnext;
  putBlob(tx, p.hash, p.data);
  const parsedId = storeContent(tx.db, p.hash, p.content);
  const threadId = assignThread(tx.db, mb.user_id, p.content);
  const s = p.flags.system;
  tx.db
    .stmt(INSERT_MESSAGE)
    .run(
      mailboxId, uid, modseq, p.internalDate, p.internalDateOffset, p.internalDay, p.data.length, p.hash,
      bit(s, 0), bit(s, 1), bit(s, 2), bit(s, 3), bit(s, 4),
      encodeKeywords(p.flags.keywords),
      newEmailId(), newInstanceId(), parsedId, threadId,
    );
  tx.db.stmt('UPDATE mailboxes SET uidnext = ?, highestmodseq = ? WHERE id = ?').run(uid + 1, modseq, mailboxId);
  tx.messagesChanged(mb.user_id, mailboxId, modseq);
  return { uidValidity: mb.uidvalidity, uid, modseq };
}

// ---- flags --------------------------------------------------------------------------------

/**
 * `condition` (RFC 7162 §3.1.3 UNCHANGEDSINCE): messages whose MODSEQ is above
 * `unchangedSince` are left alone and collected in `modified`; those that pass but need no
 * change are collected in `unchanged`. Everything happens in the caller's one transaction.
 */
export function storeFlagsTx(
  tx: Tx,
  mailboxId: number,
  uids: readonly number[],
  mode: FlagMode,
  flags: FlagSet,
  condition?: { unchangedSince: number; unchanged: MessageMeta[]; modified: MessageMeta[] },
): MessageMeta[] {
  const mb = requireMailbox(tx.db, mailboxId);
  const select = tx.db.raw(`SELECT ${META_COLS} FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid`);
  const update = tx.db.stmt(
    `UPDATE messages SET modseq = ?, seen = ?, answered = ?, flagged = ?, deleted = ?, draft = ?, keywords = ?
     WHERE mailbox_id = ? AND uid = ?`,
  );
  const changed: MessageMeta[] = [];
  for (const [lo, hi] of uidsToRanges(uids)) {
    // Collect first: do not update a table while iterating over it.
    const rows = select.all(mailboxId, lo, hi) as MetaRow[];
    for (const r of rows) {
      if (condition && r[1] > condition.unchangedSince) {
        condition.modified.push(metaFromRow(r));
        continue;
      }
      const old = systemBits(r[5], r[6], r[7], r[8], r[9]);
      const next = mode === 'set' ? flags.system : mode === 'add' ? old | flags.system : old & ~flags.system;
      const keywords = applyKeywords(r[10], mode, flags.keywords);
      if (next === old && keywords === r[10]) {
        condition?.unchanged.push(metaFromRow(r));
        continue;
      }
      const modseq = tx.modseq(mb.user_id);
      update.run(modseq, bit(next, 0), bit(next, 1), bit(next, 2), bit(next, 3), bit(next, 4), keywords, mailboxId, r[0]);
      changed.push({ ...metaFromRow(r), modseq, flags: flagList(next, keywords) });
    }
  }
  if (changed.length > 0) {
    const modseq = changed[0]!.modseq;
    tx.db.stmt('UPDATE mailboxes SET highestmodseq = ? WHERE id = ?').run(modseq, mailboxId);
    tx.messagesChanged(mb.user_id, mailboxId, modseq);
  }
  return changed;
}

// ---- expunge, copy, move ------------------------------------------------------------------

/** Deletes the rows, logs them in `expunged` with this transaction's MODSEQ, releases blobs. */
function removeMessages(tx: Tx, mb: MailboxRow, rows: ReadonlyArray<{ uid: number; hash: string }>): void {
  if (rows.length === 0) return;
  const modseq = tx.modseq(mb.user_id);
  const del = tx.db.stmt('DELETE FROM messages WHERE mailbox_id = ? AND uid = ?');
  const log = tx.db.stmt('INSERT OR REPLACE INTO expunged (mailbox_id, uid, modseq) VALUES (?, ?, ?)');
  const perBlob = new Map<string, number>();
  for (const { uid, hash } of rows) {
    del.run(mb.id, uid);
    log.run(mb.id, uid, modseq);
    perBlob.set(hash, (perBlob.get(hash) ?? 0) + 1);
  }
  for (const [hash, n] of perBlob) releaseBlob(tx, hash, n);
  tx.db.stmt('UPDATE mailboxes SET highestmodseq = ? WHERE id = ?').run(modseq, mb.id);
  tx.messagesChanged(mb.user_id, mb.id, modseq);
}

export function expungeTx(tx: Tx, mailboxId: number, uids?: readonly number[]): number[] {
  const mb = requireMailbox(tx.db, mailboxId);
  let rows: Array<{ uid: number; hash: string }>;
  if (uids === undefined) {
    // Served by the partial index messages_deleted: O(deleted), not O(mailbox).
    rows = tx.db
      .stmt('SELECT uid, blob_hash AS hash FROM messages WHERE mailbox_id = ? AND deleted = 1 ORDER BY uid')
      .all(mailboxId) as typeof rows;
  } else {
    const select = tx.db.stmt(
      'SELECT uid, blob_hash AS hash FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? AND deleted = 1 ORDER BY uid',
    );
    rows = [];
    for (const [lo, hi] of uidsToRanges(uids)) rows.push(...(select.all(mailboxId, lo, hi) as typeof rows));
  }
  removeMessages(tx, mb, rows);
  return rows.map((r) => r.uid);
}

type CopyRow = [number, number, number, string, number, string, number, number, number, number, number, string, string, number, string];
const COPY_COLS =
  'uid, internal_date, internal_offset, internal_day, size, blob_hash, seen, answered, flagged, deleted, draft, keywords, email_id, parsed_id, thread_id';

/**
 * COPY (and the first half of MOVE): destination uids allocated in ascending source uid order;
 * flags, internal date, EMAILID and THREADID kept; every destination row gets a new instance id — also
 * for MOVE, since the moved message is a new (mailbox, uid) object. Missing source uids are
 * skipped. With `move`, the sources are then expunged in the same transaction.
 */
export function copyTx(tx: Tx, mailboxId: number, uids: readonly number[], destId: number, move: boolean): CopyResult {
  const src = requireMailbox(tx.db, mailboxId);
  const dest = requireMailbox(tx.db, destId);
  const select = tx.db.raw(`SELECT ${COPY_COLS} FROM messages WHERE mailbox_id = ? AND uid BETWEEN ? AND ? ORDER BY uid`);
  const rows: CopyRow[] = [];
  for (const [lo, hi] of uidsToRanges(uids)) rows.push(...(select.all(mailboxId, lo, hi) as CopyRow[]));
  const result: CopyResult = { uidValidity: dest.uidvalidity, sourceUids: [], destUids: [] };
  if (rows.length === 0) return result;
  if (dest.uidnext + rows.length - 1 > MAX_UID) throw new StoreError('LIMIT', 'Destination mailbox has used up its UIDs');

  const modseq = tx.modseq(dest.user_id);
  const insert = tx.db.stmt(INSERT_MESSAGE);
  const perBlob = new Map<string, number>();
  let uid = dest.uidnext;
  for (const r of rows) {
    insert.run(destId, uid, modseq, r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], newInstanceId(), r[13], r[14]);
    perBlob.set(r[5], (perBlob.get(r[5]) ?? 0) + 1);
    result.sourceUids.push(r[0]);
    result.destUids.push(uid);
    uid++;
  }
  for (const [hash, n] of perBlob) addBlobRefs(tx, hash, n);
  tx.db.stmt('UPDATE mailboxes SET uidnext = ?, highestmodseq = ? WHERE id = ?').run(uid, modseq, destId);
  tx.messagesChanged(dest.user_id, destId, modseq);

  if (move) removeMessages(tx, src, rows.map((r) => ({ uid: r[0], hash: r[5] })));
  return result;
}

/** Every uid of the mailbox, ascending. */
export function allUids(db: StoreDb, mailboxId: number): number[] {
  return (db.raw('SELECT uid FROM messages WHERE mailbox_id = ? ORDER BY uid').all(mailboxId) as Array<[number]>).map((r) => r[0]);
}

// ---- \Recent ------------------------------------------------------------------------------

/** Returns uids >= recent floor and moves the floor to uidnext, in one write transaction. */
export function claimRecentTx(tx: Tx, mailboxId: number): number[] {
  const mb = requireMailbox(tx.db, mailboxId);
  const uids = (
    tx.db.raw('SELECT uid FROM messages WHERE mailbox_id = ? AND uid >= ? ORDER BY uid').all(mailboxId, mb.recent_floor) as Array<[number]>
  ).map((r) => r[0]);
  if (mb.recent_floor !== mb.uidnext) {
    tx.db.stmt('UPDATE mailboxes SET recent_floor = uidnext WHERE id = ?').run(mailboxId);
  }
  return uids;
}
