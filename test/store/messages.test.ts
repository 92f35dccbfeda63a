import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeBus } from '../../src/events/bus.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';
import { FAST_SCRYPT, makeHarness, msg, userWithInbox, type Harness } from './helpers.js';

const code = (c: string) => expect.objectContaining({ name: 'StoreError', code: c });

describe('messages', () => {
  let h: Harness;
  let s: Store;
  let userId: number;
  let inbox: number;
  beforeEach(async () => {
    h = await makeHarness();
    s = h.store;
    ({ user: { id: userId }, inbox } = await userWithInbox(s));
    h.events.length = 0;
  });
  afterEach(async () => {
    await h.cleanup();
  });

  /** Number of stored blobs; the bytes table always holds exactly the counted blobs. */
  const blobCount = () => {
    const db = h.sql();
    const n = (db.prepare('SELECT count(*) AS n FROM blobs').get() as { n: number }).n;
    expect(db.prepare('SELECT count(*) AS n FROM blob_data WHERE hash IN (SELECT hash FROM blobs)').get()).toEqual({ n });
    expect(db.prepare('SELECT count(*) AS n FROM blob_data').get()).toEqual({ n });
    return n;
  };
  const refcounts = () => h.sql().prepare('SELECT refcount FROM blobs ORDER BY refcount').all().map((r) => (r as { refcount: number }).refcount);
  const box = async (id: number) => (await s.getMailboxById(id))!;

  describe('append', () => {
    it('assigns ascending uids, one new modseq each, and keeps the exact bytes and date', async () => {
      const bytes = Buffer.from([0, 1, 2, 255, 13, 10, 0x80]);
      const date = Date.UTC(2024, 0, 31, 23, 30, 0);
      const r1 = await s.append(inbox, { data: bytes, flags: [], internalDate: date, internalDateOffset: 120 });
      const r2 = await s.append(inbox, { data: msg(2), flags: ['\\seen', '$Forwarded'] });
      const mb = await box(inbox);
      expect(r1).toEqual({ uidValidity: mb.uidValidity, uid: 1, modseq: expect.any(Number) });
      expect(r2.uid).toBe(2);
      expect(r2.modseq).toBeGreaterThan(r1.modseq);
      expect(mb.uidNext).toBe(3);
      expect(mb.highestModseq).toBe(r2.modseq);
      expect((await s.readMessage(inbox, 1))!.equals(bytes)).toBe(true);
      expect(await s.readMessage(inbox, 3)).toBeNull();
      const [m1, m2] = await s.listMessages(inbox);
      expect(m1).toEqual({
        uid: 1,
        modseq: r1.modseq,
        flags: [],
        internalDate: date,
        internalDateOffset: 120,
        size: bytes.length,
        emailId: expect.stringMatching(/^E[a-z2-7]{24}$/),
        instanceId: expect.stringMatching(/^I[a-z2-7]{24}$/),
        threadId: expect.stringMatching(/^T[a-z2-7]{24}$/),
      });
      expect(m2!.flags).toEqual(['\\Seen', '$Forwarded']);
      expect(m2!.emailId).not.toBe(m1!.emailId);
      expect(Math.abs(m2!.internalDate - Date.now())).toBeLessThan(60_000);
      expect(m2!.internalDateOffset).toBe(-new Date(m2!.internalDate).getTimezoneOffset() || 0);
      expect(h.events).toEqual([
        { kind: 'messages', userId, mailboxId: inbox, modseq: r1.modseq },
        { kind: 'messages', userId, mailboxId: inbox, modseq: r2.modseq },
      ]);
    });

    it('refuses a missing mailbox, \\Recent is dropped, bad flags and dates refused', async () => {
      await expect(s.append(424242, { data: msg(1), flags: [] })).rejects.toEqual(code('NONEXISTENT'));
      await s.append(inbox, { data: msg(1), flags: ['\\Recent', '\\Draft'] });
      expect((await s.listMessages(inbox))[0]!.flags).toEqual(['\\Draft']);
      await expect(s.append(inbox, { data: msg(1), flags: ['\\Bogus'] })).rejects.toEqual(code('CANNOT'));
      await expect(s.append(inbox, { data: msg(1), flags: ['two words'] })).rejects.toEqual(code('CANNOT'));
      await expect(s.append(inbox, { data: msg(1), flags: [], internalDate: NaN })).rejects.toEqual(code('CANNOT'));
      await expect(s.append(inbox, { data: msg(1), flags: [], internalDateOffset: 10_000 })).rejects.toEqual(code('CANNOT'));
      expect((await box(inbox)).uidNext).toBe(2); // refusals consumed no uid
    });

    it('appendMany is atomic: consecutive uids, one modseq, one event; all or nothing', async () => {
      const results = await s.appendMany(inbox, [1, 2, 3].map((n) => ({ data: msg(n), flags: [] })));
      expect(results.map((r) => r.uid)).toEqual([1, 2, 3]);
      expect(new Set(results.map((r) => r.modseq)).size).toBe(1);
      expect(h.events).toEqual([{ kind: 'messages', userId, mailboxId: inbox, modseq: results[0]!.modseq }]);
      await expect(
        s.appendMany(inbox, [{ data: msg(4), flags: [] }, { data: msg(5), flags: ['\\Nope'] }]),
      ).rejects.toEqual(code('CANNOT'));
      expect((await s.listMessages(inbox)).length).toBe(3);
      expect(await s.appendMany(inbox, [])).toEqual([]);
    });

    it('stores identical bytes once; the blob goes with its last message', async () => {
      const trash = (await s.getMailbox(userId, 'Trash'))!.id;
      await s.append(inbox, { data: msg('same'), flags: [] });
      await s.append(inbox, { data: msg('same'), flags: [] });
      await s.append(inbox, { data: msg('other'), flags: [] });
      expect(blobCount()).toBe(2);
      expect(refcounts()).toEqual([1, 2]);
      await s.copy(inbox, [1, 3], trash);
      expect(refcounts()).toEqual([2, 3]);
      await s.storeFlags(inbox, [1, 2, 3], 'add', ['\\Deleted']);
      await s.expunge(inbox);
      expect(refcounts()).toEqual([1, 1]);
      expect(blobCount()).toBe(2);
      await s.move(trash, [1], inbox);
      expect(refcounts()).toEqual([1, 1]);
      await s.deleteMailbox(userId, 'Trash');
      expect(refcounts()).toEqual([1]);
      expect(blobCount()).toBe(1);
      expect((await s.readMessage(inbox, 4))!.equals(msg('same'))).toBe(true);
      await s.storeFlags(inbox, [4], 'add', ['\\Deleted']);
      await s.expunge(inbox);
      expect(blobCount()).toBe(0);
    });
  });

  describe('listMessages / getMessages', () => {
    it('lists ascending; getMessages takes ranges, skips holes, tolerates unsorted input', async () => {
      for (let i = 1; i <= 10; i++) await s.append(inbox, { data: msg(i), flags: [] });
      await s.storeFlags(inbox, [4, 5], 'add', ['\\Deleted']);
      await s.expunge(inbox);
      expect((await s.listMessages(inbox)).map((m) => m.uid)).toEqual([1, 2, 3, 6, 7, 8, 9, 10]);
      const uids = async (ranges: Array<[number, number]>) => (await s.getMessages(inbox, ranges)).map((m) => m.uid);
      expect(await uids([[2, 5], [9, 4294967295]])).toEqual([2, 3, 9, 10]);
      expect(await uids([[9, 9], [1, 1]])).toEqual([1, 9]);
      expect(await uids([[3, 1]])).toEqual([1, 2, 3]);
      expect(await uids([[1, 3], [2, 6]])).toEqual([1, 2, 3, 6]);
      expect(await uids([[11, 20]])).toEqual([]);
      expect(await uids([])).toEqual([]);
      await expect(s.listMessages(999)).rejects.toEqual(code('NONEXISTENT'));
    });
  });

  describe('storeFlags', () => {
    it('normalises, orders, de-duplicates; returns only changed messages with a new modseq', async () => {
      await s.appendMany(inbox, [1, 2, 3].map((n) => ({ data: msg(n), flags: n === 1 ? ['\\Seen'] : [] })));
      h.events.length = 0;
      const changed = await s.storeFlags(inbox, [1, 2, 3, 99], 'add', ['\\SEEN', 'Work', 'work', '\\draft', '$Label1']);
      expect(changed.map((m) => m.uid)).toEqual([1, 2, 3]);
      expect(changed[1]!.flags).toEqual(['\\Seen', '\\Draft', 'Work', '$Label1']);
      const modseq = changed[0]!.modseq;
      expect(changed.every((m) => m.modseq === modseq)).toBe(true);
      expect((await box(inbox)).highestModseq).toBe(modseq);
      expect(h.events).toEqual([{ kind: 'messages', userId, mailboxId: inbox, modseq }]);

      // Same again: nothing changes, no modseq taken, no event.
      h.events.length = 0;
      expect(await s.storeFlags(inbox, [1, 2, 3], 'add', ['\\Seen', 'WORK'])).toEqual([]);
      expect(h.events).toEqual([]);
      expect((await box(inbox)).highestModseq).toBe(modseq);

      // Keyword order is insertion order; adding an existing one in another case keeps it.
      const [m] = await s.storeFlags(inbox, [1], 'add', ['Zeta', 'alpha', 'WORK']);
      expect(m!.flags).toEqual(['\\Seen', '\\Draft', 'Work', '$Label1', 'Zeta', 'alpha']);
      expect(m!.modseq).toBeGreaterThan(modseq);

      const removed = await s.storeFlags(inbox, [1, 2], 'remove', ['work', '\\seen', '\\Recent']);
      expect(removed.map((x) => x.flags)).toEqual([
        ['\\Draft', '$Label1', 'Zeta', 'alpha'],
        ['\\Draft', '$Label1'],
      ]);

      const set = await s.storeFlags(inbox, [1, 2, 3], 'set', ['\\Answered', '$label1']);
      // All three change (system flags differ); a keyword already present in another case
      // keeps its stored spelling (message 2's $Label1).
      expect(set.map((x) => x.flags)).toEqual([
        ['\\Answered', '$label1'],
        ['\\Answered', '$Label1'],
        ['\\Answered', '$label1'],
      ]);
      // Replacing with the same set in another case and order is not a change.
      expect(await s.storeFlags(inbox, [1], 'set', ['$LABEL1', '\\answered'])).toEqual([]);
      expect((await s.getMessages(inbox, [[1, 3]])).map((x) => x.flags)).toEqual(set.map((x) => x.flags));
      await expect(s.storeFlags(inbox, [1], 'add', ['\\Bogus'])).rejects.toEqual(code('CANNOT'));
      await expect(s.storeFlags(777, [1], 'add', ['\\Seen'])).rejects.toEqual(code('NONEXISTENT'));
    });

    it('only the messages whose flags change get the new modseq', async () => {
      await s.append(inbox, { data: msg(1), flags: ['\\Seen'] });
      const b = await s.append(inbox, { data: msg(2), flags: [] });
      const changed = await s.storeFlags(inbox, [1, 2], 'add', ['\\Seen']);
      expect(changed.map((m) => m.uid)).toEqual([2]);
      const [m1, m2] = await s.listMessages(inbox);
      expect(m1!.modseq).toBeLessThan(b.modseq);
      expect(m2!.modseq).toBe(changed[0]!.modseq);
    });
  });

  describe('modseq', () => {
    it('comes from one counter per account, strictly increasing across its mailboxes', async () => {
      const sent = (await s.getMailbox(userId, 'Sent'))!.id;
      const bob = await s.createUser('bob', 'pw');
      const bobInbox = (await s.getMailbox(bob.id, 'INBOX'))!.id;
      const seq: number[] = [];
      seq.push((await s.append(inbox, { data: msg(1), flags: [] })).modseq);
      const bobFirst = (await s.append(bobInbox, { data: msg(1), flags: [] })).modseq;
      seq.push((await s.append(sent, { data: msg(2), flags: [] })).modseq);
      seq.push((await s.storeFlags(inbox, [1], 'add', ['\\Seen']))[0]!.modseq);
      seq.push((await s.createMailbox(userId, 'New')).highestModseq);
      seq.push((await s.append(inbox, { data: msg(3), flags: [] })).modseq);
      for (let i = 1; i < seq.length; i++) expect(seq[i]).toBe(seq[i - 1]! + 1);
      // Bob's counter is his own.
      expect((await s.append(bobInbox, { data: msg(2), flags: [] })).modseq).toBe(bobFirst + 1);
    });

    it('one value per transaction: move gives source and destination the same one', async () => {
      const trash = (await s.getMailbox(userId, 'Trash'))!.id;
      await s.appendMany(inbox, [1, 2].map((n) => ({ data: msg(n), flags: [] })));
      h.events.length = 0;
      await s.move(inbox, [1, 2], trash);
      const src = await box(inbox);
      const dst = await box(trash);
      expect(src.highestModseq).toBe(dst.highestModseq);
      expect((await s.listMessages(trash)).every((m) => m.modseq === dst.highestModseq)).toBe(true);
      expect(h.events).toEqual([
        { kind: 'messages', userId, mailboxId: trash, modseq: dst.highestModseq },
        { kind: 'messages', userId, mailboxId: inbox, modseq: dst.highestModseq },
      ]);
    });
  });

  describe('expunge', () => {
    it('removes \\Deleted messages (only the given uids if any); uids are never reused', async () => {
      await s.appendMany(inbox, [1, 2, 3, 4].map((n) => ({ data: msg(n), flags: n % 2 === 0 ? ['\\Deleted'] : [] })));
      expect(await s.expunge(inbox, [1, 2, 3])).toEqual([2]);
      expect(await s.expunge(inbox, [])).toEqual([]);
      h.events.length = 0;
      expect(await s.expunge(inbox)).toEqual([4]);
      expect(await s.expunge(inbox)).toEqual([]);
      expect(h.events).toHaveLength(1); // the empty expunge published nothing
      expect((await s.listMessages(inbox)).map((m) => m.uid)).toEqual([1, 3]);
      expect((await box(inbox)).uidNext).toBe(5);
      expect((await s.append(inbox, { data: msg(5), flags: [] })).uid).toBe(5);
      s = await h.reopen();
      expect((await s.append(inbox, { data: msg(6), flags: [] })).uid).toBe(6);
      await expect(s.expunge(31337)).rejects.toEqual(code('NONEXISTENT'));
    });
  });

  describe('copy and move', () => {
    it('copy: dest uids in ascending source order, email ids kept, new instance ids, flags and dates kept', async () => {
      const dest = (await s.createMailbox(userId, 'Dest')).id;
      await s.append(dest, { data: msg('pre'), flags: [] }); // dest uids start at 2
      await s.append(inbox, { data: msg(1), flags: ['\\Flagged', 'Kw'], internalDate: 86_400_000, internalDateOffset: -300 });
      await s.append(inbox, { data: msg(2), flags: [] });
      await s.append(inbox, { data: msg(3), flags: [] });
      const result = await s.copy(inbox, [3, 1, 77], dest);
      expect(result).toEqual({ uidValidity: (await box(dest)).uidValidity, sourceUids: [1, 3], destUids: [2, 3] });
      const src = await s.listMessages(inbox);
      const [, c1, c3] = await s.listMessages(dest);
      expect(c1).toMatchObject({ flags: ['\\Flagged', 'Kw'], internalDate: 86_400_000, internalDateOffset: -300, emailId: src[0]!.emailId });
      expect(c3!.emailId).toBe(src[2]!.emailId);
      expect(c1!.instanceId).not.toBe(src[0]!.instanceId);
      expect((await s.readMessage(dest, 3))!.equals(msg(3))).toBe(true);
      expect(src).toHaveLength(3); // copy leaves the source alone
      expect((await box(dest)).uidNext).toBe(4);
    });

    it('copy of nothing changes nothing; missing destination is NONEXISTENT', async () => {
      await s.append(inbox, { data: msg(1), flags: [] });
      const dest = (await s.createMailbox(userId, 'Dest')).id;
      const before = await box(dest);
      h.events.length = 0;
      expect(await s.copy(inbox, [5, 6], dest)).toEqual({ uidValidity: before.uidValidity, sourceUids: [], destUids: [] });
      expect(await box(dest)).toEqual(before);
      expect(h.events).toEqual([]);
      await expect(s.copy(inbox, [1], 5555)).rejects.toEqual(code('NONEXISTENT'));
      await expect(s.move(inbox, [1], 5555)).rejects.toEqual(code('NONEXISTENT'));
      expect(await s.listMessages(inbox)).toHaveLength(1);
    });

    it('move: copy plus expunge in one transaction, email id kept, instance id new', async () => {
      const dest = (await s.createMailbox(userId, 'Dest')).id;
      await s.appendMany(inbox, [1, 2, 3].map((n) => ({ data: msg(n), flags: [] })));
      const before = await s.listMessages(inbox);
      const result = await s.move(inbox, [2, 3], dest);
      expect(result.sourceUids).toEqual([2, 3]);
      expect(result.destUids).toEqual([1, 2]);
      expect((await s.listMessages(inbox)).map((m) => m.uid)).toEqual([1]);
      const moved = await s.listMessages(dest);
      expect(moved.map((m) => m.emailId)).toEqual([before[1]!.emailId, before[2]!.emailId]);
      expect(moved.map((m) => m.instanceId)).not.toContain(before[1]!.instanceId);
      const changes = await s.changesSince(inbox, before[0]!.modseq, 3);
      expect(changes.expunged).toEqual([2, 3]);
    });

    it('a failing transaction rolls back completely and publishes nothing', async () => {
      const dest = (await s.createMailbox(userId, 'Dest')).id;
      await s.appendMany(inbox, [1, 2].map((n) => ({ data: msg(n), flags: [] })));
      const srcBefore = await box(inbox);
      const destBefore = await box(dest);
      const refsBefore = refcounts();
      // Make the expunge half of MOVE fail after the copy half has run.
      h.sql().exec("CREATE TRIGGER fail_expunge BEFORE INSERT ON expunged BEGIN SELECT RAISE(ABORT, 'boom'); END");
      h.events.length = 0;
      await expect(s.move(inbox, [1, 2], dest)).rejects.toThrow(/boom/);
      expect(h.events).toEqual([]);
      expect(await box(inbox)).toEqual(srcBefore);
      expect(await box(dest)).toEqual(destBefore);
      expect(await s.listMessages(dest)).toEqual([]);
      expect(refcounts()).toEqual(refsBefore);
      h.sql().exec('DROP TRIGGER fail_expunge');
      // The account counter did not move either: the next change gets the next value.
      const next = await s.append(inbox, { data: msg(3), flags: [] });
      expect(next.modseq).toBe(srcBefore.highestModseq + 1);
    });

    it('events are published after commit: a listener sees the change from another connection', async () => {
      const other = h.sql();
      const seen: number[] = [];
      h.bus.subscribe((e) => {
        if (e.kind === 'messages') {
          seen.push((other.prepare('SELECT count(*) AS n FROM messages WHERE mailbox_id = ?').get(e.mailboxId) as { n: number }).n);
        }
      });
      await s.append(inbox, { data: msg(1), flags: [] });
      await s.append(inbox, { data: msg(2), flags: [] });
      expect(seen).toEqual([1, 2]);
    });
  });

  describe('claimRecent and counts', () => {
    it('each message is recent for exactly one caller, even when two claim at once', async () => {
      await s.appendMany(inbox, [1, 2, 3].map((n) => ({ data: msg(n), flags: n === 1 ? ['\\Seen'] : [] })));
      expect(await s.counts(inbox)).toEqual({ messages: 3, unseen: 2, recent: 3 });
      const [a, b] = await Promise.all([s.claimRecent(inbox), s.claimRecent(inbox)]);
      expect([...a!, ...b!].sort()).toEqual([1, 2, 3]);
      expect(a!.length === 0 || b!.length === 0).toBe(true);
      expect(await s.counts(inbox)).toEqual({ messages: 3, unseen: 2, recent: 0 });
      await s.append(inbox, { data: msg(4), flags: [] });
      expect(await s.counts(inbox)).toEqual({ messages: 4, unseen: 3, recent: 1 });
      // The recent floor survives a reopen.
      s = await h.reopen();
      expect(await s.claimRecent(inbox)).toEqual([4]);
      expect(await s.claimRecent(inbox)).toEqual([]);
      await expect(s.claimRecent(4040)).rejects.toEqual(code('NONEXISTENT'));
      await expect(s.counts(4040)).rejects.toEqual(code('NONEXISTENT'));
    });

    it('exactly once also across two stores (connections) on the same database', async () => {
      const second = await openStore(h.dir, new ChangeBus(), { scrypt: FAST_SCRYPT });
      try {
        const claimed: number[][] = [];
        for (let round = 0; round < 5; round++) {
          await s.appendMany(inbox, [1, 2].map((n) => ({ data: msg(`${round}-${n}`), flags: [] })));
          const [a, b] = await Promise.all([s.claimRecent(inbox), second.claimRecent(inbox)]);
          claimed.push(a!, b!);
        }
        const all = claimed.flat().sort((x, y) => x - y);
        expect(all).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        expect(await second.counts(inbox)).toMatchObject({ recent: 0 });
      } finally {
        await second.close();
      }
    });

    it('copied-in messages are recent in the destination', async () => {
      const dest = (await s.createMailbox(userId, 'Dest')).id;
      await s.append(inbox, { data: msg(1), flags: [] });
      await s.claimRecent(inbox);
      await s.copy(inbox, [1], dest);
      expect((await s.counts(dest)).recent).toBe(1);
      expect((await s.counts(inbox)).recent).toBe(0);
    });
  });

  describe('changesSince', () => {
    it('reports added, changed and expunged relative to (modseq, known uid max)', async () => {
      await s.appendMany(inbox, [1, 2, 3, 4, 5].map((n) => ({ data: msg(n), flags: [] })));
      const checkpoint = (await box(inbox)).highestModseq;
      await s.storeFlags(inbox, [2], 'add', ['\\Seen']);
      await s.storeFlags(inbox, [4, 5], 'add', ['\\Deleted']);
      await s.expunge(inbox, [4]);
      await s.append(inbox, { data: msg(6), flags: [] });
      await s.append(inbox, { data: msg(7), flags: ['\\Deleted'] });
      await s.expunge(inbox, [7]); // added and gone: reported nowhere
      const now = await box(inbox);

      const c = await s.changesSince(inbox, checkpoint, 5);
      expect(c.highestModseq).toBe(now.highestModseq);
      expect(c.added.map((m) => m.uid)).toEqual([6]);
      expect(c.changed.map((m) => m.uid)).toEqual([2, 5]);
      expect(c.changed[0]!.flags).toEqual(['\\Seen']);
      expect(c.expunged).toEqual([4]);

      // Known uid max lower than before: uid 5 counts as added, not changed.
      const d = await s.changesSince(inbox, checkpoint, 3);
      expect(d.added.map((m) => m.uid)).toEqual([5, 6]);
      expect(d.changed.map((m) => m.uid)).toEqual([2]);
      expect(d.expunged).toEqual([]);

      // Up to date: nothing.
      expect(await s.changesSince(inbox, now.highestModseq, 6)).toEqual({
        highestModseq: now.highestModseq,
        added: [],
        changed: [],
        expunged: [],
      });
      // From zero: every change.
      const all = await s.changesSince(inbox, 0, 7);
      expect(all.changed.map((m) => m.uid)).toEqual([1, 2, 3, 5, 6]);
      expect(all.expunged).toEqual([4, 7]);
    });

    it('uses the (mailbox, modseq) and expunge indexes, not a mailbox scan', () => {
      const db = h.sql();
      const plan = (sql: string) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(1, 0, 10) as Array<{ detail: string }>).map((r) => r.detail).join('; ');
      expect(plan('SELECT uid FROM messages INDEXED BY messages_modseq WHERE mailbox_id = ? AND modseq > ? AND uid <= ?')).toMatch(
        /USING (COVERING )?INDEX messages_modseq \(mailbox_id=\? AND modseq>\?\)/,
      );
      expect(plan('SELECT uid FROM expunged INDEXED BY expunged_modseq WHERE mailbox_id = ? AND modseq > ? AND uid <= ?')).toMatch(
        /INDEX expunged_modseq \(mailbox_id=\? AND modseq>\?\)/,
      );
    });
  });
});
