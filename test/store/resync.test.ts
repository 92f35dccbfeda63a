// RFC 7162 store support: the conditional STORE (one transaction, refused messages
// returned) and resyncSince, whose cost follows the number of changes, not the mailbox size.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeHarness, msg, userWithInbox, type Harness } from './helpers.js';

let h: Harness;
beforeEach(async () => {
  h = await makeHarness();
});
afterEach(async () => {
  await h.cleanup();
});

describe('storeFlagsUnchangedSince', () => {
  it('changes the messages at or below the MODSEQ in one transaction and returns the others', async () => {
    const { inbox } = await userWithInbox(h.store);
    const appended = await h.store.appendMany(inbox, [1, 2, 3, 4].map((n) => ({ data: msg(n), flags: n === 4 ? ['$Done'] : [] })));
    const base = appended[0]!.modseq;
    await h.store.storeFlags(inbox, [2], 'add', ['\\Flagged']); // uid 2 now above `base`
    h.events.length = 0;
    const r = await h.store.storeFlagsUnchangedSince(inbox, [1, 2, 3, 4, 9], 'add', ['$Done'], base);
    expect(r.changed.map((m) => m.uid)).toEqual([1, 3]);
    expect(new Set(r.changed.map((m) => m.modseq)).size).toBe(1); // one MODSEQ for the transaction
    expect(r.changed[0]!.flags).toEqual(['$Done']);
    expect(r.unchanged.map((m) => m.uid)).toEqual([4]);
    expect(r.modified.map((m) => [m.uid, m.flags])).toEqual([[2, ['\\Flagged']]]);
    expect(h.events.filter((e) => e.kind === 'messages')).toHaveLength(1);
    // UNCHANGEDSINCE 0 refuses everything (every message has a MODSEQ >= 1).
    const none = await h.store.storeFlagsUnchangedSince(inbox, [1, 2, 3, 4], 'remove', ['$Done'], 0);
    expect([none.changed.length, none.unchanged.length, none.modified.length]).toEqual([0, 0, 4]);
  });
});

describe('resyncSince', () => {
  it('returns the changed messages and expunged UIDs after a MODSEQ, within the UID ranges', async () => {
    const { inbox } = await userWithInbox(h.store);
    const appended = await h.store.appendMany(inbox, Array.from({ length: 10 }, (_, i) => ({ data: msg(i), flags: [] })));
    const since = appended[0]!.modseq;
    await h.store.storeFlags(inbox, [2, 8], 'add', ['\\Seen']);
    await h.store.storeFlags(inbox, [3, 5], 'add', ['\\Deleted']);
    await h.store.expunge(inbox);
    const all = await h.store.resyncSince(inbox, since, [[1, 10]]);
    expect(all.changed.map((m) => m.uid)).toEqual([2, 8]);
    expect(all.expunged).toEqual([3, 5]);
    const some = await h.store.resyncSince(inbox, since, [[1, 2], [5, 7]]);
    expect(some.changed.map((m) => m.uid)).toEqual([2]);
    expect(some.expunged).toEqual([5]);
    expect(await h.store.resyncSince(inbox, all.highestModseq, [[1, 10]])).toEqual({ highestModseq: all.highestModseq, changed: [], expunged: [] });
  });

  /** A mailbox of `n` rows made with SQL (no parsing, so 50,000 take well under a second), then 10 flag changes and 10 expunges. */
  async function bigMailbox(name: string, n: number): Promise<{ id: number; since: number }> {
    const { user } = await userWithInbox(h.store, name);
    const box = await h.store.createMailbox(user.id, 'Big');
    const db = h.sql();
    db.transaction(() => {
      const insert = db.prepare(
        `INSERT INTO messages (mailbox_id, uid, modseq, internal_date, internal_offset, internal_day, size, blob_hash, email_id, instance_id)
         VALUES (?, ?, ?, 0, 0, '1970-01-01', 1, 'x', ?, ?)`,
      );
      for (let uid = 1; uid <= n; uid++) insert.run(box.id, uid, 1, `E${name}${uid}`, `I${name}${uid}`);
      db.prepare('UPDATE mailboxes SET uidnext = ?, highestmodseq = 1 WHERE id = ?').run(n + 1, box.id);
      db.prepare('UPDATE users SET modseq = max(modseq, 1) WHERE id = ?').run(user.id);
    })();
    db.close();
    const since = (await h.store.getMailboxById(box.id))!.highestModseq;
    const step = Math.floor(n / 10);
    await h.store.storeFlags(box.id, Array.from({ length: 10 }, (_, i) => 1 + i * step), 'add', ['\\Seen']);
    await h.store.storeFlags(box.id, Array.from({ length: 10 }, (_, i) => 2 + i * step), 'add', ['\\Deleted']);
    await h.store.expunge(box.id);
    return { id: box.id, since };
  }

  it('reads only what changed on 100 and on 50,000 messages: index range scans, no mailbox scan', async () => {
    const small = await bigMailbox('small', 100);
    const big = await bigMailbox('big', 50_000);
    for (const { id, since } of [small, big]) {
      const r = await h.store.resyncSince(id, since, [[1, 0xffffffff]]);
      expect(r.changed).toHaveLength(10); // the \Deleted ones are gone: they are the 10 expunged
      expect(r.expunged).toHaveLength(10);
    }
    // The plans: both queries are range searches on the (mailbox, modseq) indexes.
    const db = h.sql();
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(big.id, big.since, 1, 9) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
    expect(plan('SELECT uid FROM messages INDEXED BY messages_modseq WHERE mailbox_id = ? AND modseq > ? AND uid BETWEEN ? AND ? ORDER BY uid')).toMatch(/USING (COVERING )?INDEX messages_modseq \(mailbox_id=\? AND modseq>\?\)/);
    expect(plan('SELECT uid FROM expunged INDEXED BY expunged_modseq WHERE mailbox_id = ? AND modseq > ? AND uid BETWEEN ? AND ? ORDER BY uid')).toMatch(/USING (COVERING )?INDEX expunged_modseq \(mailbox_id=\? AND modseq>\?\)/);
    db.close();
  });
});
