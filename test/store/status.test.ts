// statusCounts: STATUS values of many mailboxes in one indexed query (src/store/status.ts).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statusCountsSql } from '../../src/store/status.js';
import type { Store } from '../../src/store/types.js';
import { makeHarness, msg, userWithInbox, type Harness } from './helpers.js';

describe('statusCounts', () => {
  let h: Harness;
  let s: Store;
  let userId: number;
  let inbox: number;
  beforeEach(async () => {
    h = await makeHarness();
    s = h.store;
    ({ user: { id: userId }, inbox } = await userWithInbox(s));
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('counts messages, unseen, recent and size of every mailbox asked for', async () => {
    const a = await s.createMailbox(userId, 'a');
    const b = await s.createMailbox(userId, 'b');
    const empty = await s.createMailbox(userId, 'empty');
    const sizes = [msg(1), msg(2, 'x'.repeat(100)), msg(3, 'y'.repeat(1000))];
    await s.append(a.id, { data: sizes[0]!, flags: ['\\Seen'] });
    await s.append(a.id, { data: sizes[1]!, flags: [] });
    await s.append(a.id, { data: sizes[2]!, flags: ['\\Deleted'] });
    await s.append(b.id, { data: msg(4), flags: [] });
    const total = sizes.reduce((n, d) => n + d.length, 0);

    const all = await s.statusCounts([a.id, b.id, empty.id, inbox], ['messages', 'unseen', 'recent', 'size']);
    expect(all.get(a.id)).toMatchObject({ messages: 3, unseen: 2, recent: 3, size: total, uidNext: 4 });
    expect(all.get(b.id)).toMatchObject({ messages: 1, unseen: 1, recent: 1, size: msg(4).length });
    expect(all.get(empty.id)).toMatchObject({ messages: 0, unseen: 0, recent: 0, size: 0, uidNext: 1 });
    expect(all.get(inbox)).toMatchObject({ messages: 0, size: 0 });
    expect(all.get(a.id)!.uidValidity).toBe(a.uidValidity);
    expect(all.get(a.id)!.highestModseq).toBe((await s.getMailboxById(a.id))!.highestModseq);

    // Only the fields asked for are counted.
    const some = await s.statusCounts([a.id], ['size']);
    expect(some.get(a.id)).toEqual({ uidNext: 4, uidValidity: a.uidValidity, highestModseq: expect.any(Number), size: total });
    expect(Object.keys((await s.statusCounts([a.id], [])).get(a.id)!).sort()).toEqual(['highestModseq', 'uidNext', 'uidValidity']);
  });

  it('follows flag changes, \\Recent claims and expunges', async () => {
    const a = await s.createMailbox(userId, 'a');
    for (let i = 0; i < 4; i++) await s.append(a.id, { data: msg(i), flags: [] });
    await s.storeFlags(a.id, [1, 2], 'add', ['\\Seen']);
    await s.claimRecent(a.id);
    await s.storeFlags(a.id, [4], 'add', ['\\Deleted']);
    await s.expunge(a.id);
    const counts = (await s.statusCounts([a.id], ['messages', 'unseen', 'recent', 'size'])).get(a.id)!;
    expect(counts).toMatchObject({ messages: 3, unseen: 1, recent: 0, size: msg(0).length * 3 });
    const before = counts.highestModseq;
    await s.storeFlags(a.id, [3], 'add', ['\\Seen']);
    const after = (await s.statusCounts([a.id], ['unseen'])).get(a.id)!;
    expect(after.unseen).toBe(0);
    expect(after.highestModseq).toBeGreaterThan(before);
  });

  it('leaves out \\Noselect names and ids that name no mailbox; [] gives an empty map', async () => {
    const child = await s.createMailbox(userId, 'p/c');
    const parent = (await s.getMailbox(userId, 'p'))!;
    await s.deleteMailbox(userId, 'p'); // has a child: kept as \Noselect
    const got = await s.statusCounts([parent.id, child.id, 999_999], ['messages']);
    expect([...got.keys()]).toEqual([child.id]);
    expect((await s.statusCounts([], ['messages'])).size).toBe(0);
  });

  it('answers for many mailboxes in one statement, reading indexes only', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 300; i++) ids.push((await s.createMailbox(userId, `m${i}`)).id);
    await s.appendMany(ids[7]!, [msg(1), msg(2)].map((data) => ({ data, flags: [] })));
    const got = await s.statusCounts(ids, ['messages', 'size']);
    expect(got.size).toBe(300);
    expect(got.get(ids[7]!)).toMatchObject({ messages: 2, size: msg(1).length + msg(2).length });
    expect(got.get(ids[8]!)).toMatchObject({ messages: 0, size: 0 });

    // The plan: the mailboxes by primary key, each aggregate a range search of an index
    // (never a scan of messages, never the table rows for MESSAGES, UNSEEN and SIZE).
    const db = h.sql();
    const sql = statusCountsSql(['messages', 'unseen', 'recent', 'size']);
    const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('[1]') as Array<{ detail: string }>).map((r) => r.detail);
    expect(plan.filter((d) => /messages/.test(d))).toEqual([
      'SEARCH messages USING COVERING INDEX messages_size (mailbox_id=?)',
      'SEARCH messages USING COVERING INDEX messages_unseen (mailbox_id=?)',
      'SEARCH messages USING PRIMARY KEY (mailbox_id=? AND uid>?)',
      'SEARCH messages USING COVERING INDEX messages_size (mailbox_id=?)',
    ]);
    expect(plan.some((d) => /^SCAN (messages|b)\b/.test(d))).toBe(false);
  });
});
