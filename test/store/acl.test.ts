// ACL entries in the store (src/store/acl.ts): set, replace, remove, the stable order, what
// one user's entries grant and deny, the shared-mailbox query and its index, inheritance on
// CREATE, DELETE taking the ACL with it, masked flag changes, and the events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Store, User } from '../../src/store/types.js';
import { makeHarness, type Harness } from './helpers.js';

describe('acl store', () => {
  let h: Harness;
  let s: Store;
  let alice: User;
  let bob: User;
  let carol: User;
  let box: number;
  beforeEach(async () => {
    h = await makeHarness();
    s = h.store;
    alice = await s.createUser('alice', 'pw');
    bob = await s.createUser('bob', 'pw');
    carol = await s.createUser('carol', 'pw');
    box = (await s.createMailbox(alice.id, 'Box')).id;
    h.events.length = 0;
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('sets, replaces and removes entries; lists them positive first, anyone first, then by name', async () => {
    await s.setAcl(box, carol.id, false, 'lr');
    await s.setAcl(box, bob.id, false, 'lrs');
    await s.setAcl(box, null, false, 'l');
    await s.setAcl(box, bob.id, true, 'w');
    await s.setAcl(box, null, true, 'a');
    expect(await s.getAcl(box)).toEqual([
      { granteeId: null, granteeName: null, negative: false, rights: 'l' },
      { granteeId: bob.id, granteeName: 'bob', negative: false, rights: 'lrs' },
      { granteeId: carol.id, granteeName: 'carol', negative: false, rights: 'lr' },
      { granteeId: null, granteeName: null, negative: true, rights: 'a' },
      { granteeId: bob.id, granteeName: 'bob', negative: true, rights: 'w' },
    ]);
    await s.setAcl(box, bob.id, false, 'lrswi');
    await s.setAcl(box, carol.id, false, '');
    expect(await s.deleteAcl(box, null, true)).toBe(true);
    expect(await s.deleteAcl(box, null, true)).toBe(false);
    expect((await s.getAcl(box)).map((e) => [e.granteeName, e.negative, e.rights])).toEqual([
      [null, false, 'l'],
      ['bob', false, 'lrswi'],
      ['bob', true, 'w'],
    ]);
  });

  it('mailboxAccess: the owner, and what the entries for one user and anyone grant and deny', async () => {
    await s.setAcl(box, null, false, 'lr');
    await s.setAcl(box, bob.id, false, 'swi');
    await s.setAcl(box, bob.id, true, 'r');
    await s.setAcl(box, carol.id, false, 'x');
    const access = (await s.mailboxAccess(bob.id, box))!;
    expect(access.owner).toEqual({ id: alice.id, name: 'alice', kind: 'user' });
    expect([...access.granted].sort().join('')).toBe('ilrsw');
    expect(access.denied).toBe('r');
    expect(await s.mailboxAccess(bob.id, 999999)).toBeNull();
    expect(await s.mailboxAccess(alice.id, box)).toEqual({ owner: expect.objectContaining({ id: alice.id }), granted: 'lr', denied: '' });
  });

  it('sharedMailboxes: other accounts\' mailboxes with an entry for the user or anyone, never the own ones', async () => {
    const other = (await s.createMailbox(alice.id, 'Other')).id;
    const bobs = (await s.createMailbox(bob.id, 'BobBox')).id;
    await s.setAcl(box, bob.id, false, 'lr');
    await s.setAcl(other, null, false, 'l');
    await s.setAcl(other, bob.id, true, 'l');
    await s.setAcl(bobs, null, false, 'lr');
    const shared = await s.sharedMailboxes(bob.id);
    expect(shared.map((m) => [m.mailbox.name, m.owner.name, m.granted, m.denied]).sort()).toEqual([
      ['Box', 'alice', 'lr', ''],
      ['Other', 'alice', 'l', 'l'],
    ]);
    expect((await s.sharedMailboxes(carol.id)).map((m) => m.mailbox.name).sort()).toEqual(['BobBox', 'Other']);
    // The query goes through the grantee index, not through every mailbox.
    const plan = h
      .sql()
      .prepare('EXPLAIN QUERY PLAN SELECT * FROM acl a JOIN mailboxes m ON m.id = a.mailbox_id WHERE (a.grantee_id = ? OR a.grantee_id IS NULL) AND m.user_id != ?')
      .all(bob.id, bob.id) as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/acl_grantee/);
  });

  it('CREATE with inheritAclFrom: the new mailbox and the parents made with it take the entries, in the same transaction', async () => {
    await s.setAcl(box, bob.id, false, 'lrk');
    await s.setAcl(box, null, true, 'w');
    const made = await s.createMailbox(alice.id, 'Box/a/b', null, { inheritAclFrom: box });
    const parent = (await s.getMailbox(alice.id, 'Box/a'))!;
    for (const id of [made.id, parent.id]) {
      expect((await s.getAcl(id)).map((e) => [e.granteeName, e.negative, e.rights])).toEqual([
        ['bob', false, 'lrk'],
        [null, true, 'w'],
      ]);
    }
    // A failed CREATE inherits nothing and creates nothing.
    await expect(s.createMailbox(alice.id, 'Box/a/b', null, { inheritAclFrom: box })).rejects.toMatchObject({ code: 'ALREADYEXISTS' });
    expect(h.events.some((e) => e.kind === 'acl' && e.mailboxId === made.id)).toBe(true);
  });

  it('DELETE removes the ACL, also when the name stays as \\Noselect for its children', async () => {
    await s.createMailbox(alice.id, 'Box/child');
    await s.setAcl(box, bob.id, false, 'lr');
    await s.deleteMailbox(alice.id, 'Box');
    expect(await s.getAcl(box)).toEqual([]);
    const leaf = (await s.createMailbox(alice.id, 'Leaf')).id;
    await s.setAcl(leaf, bob.id, false, 'lr');
    await s.deleteMailbox(alice.id, 'Leaf');
    expect(h.sql().prepare('SELECT count(*) AS n FROM acl WHERE mailbox_id = ?').get(leaf)).toEqual({ n: 0 });
  });

  it('RENAME keeps the ACL (entries follow the mailbox id); deleting a user removes their entries', async () => {
    await s.setAcl(box, bob.id, false, 'lr');
    await s.renameMailbox(alice.id, 'Box', 'Renamed');
    expect((await s.getAcl(box)).map((e) => e.granteeName)).toEqual(['bob']);
    await s.deleteUser('bob');
    expect(await s.getAcl(box)).toEqual([]);
  });

  it('publishes an acl event after each change (none for a change that changes nothing)', async () => {
    await s.setAcl(box, bob.id, false, 'lr');
    await s.setAcl(box, bob.id, false, 'lr');
    await s.deleteAcl(box, bob.id, false);
    await s.deleteAcl(box, bob.id, false);
    expect(h.events.filter((e) => e.kind === 'acl')).toEqual([
      { kind: 'acl', userId: alice.id, mailboxId: box, granteeId: bob.id },
      { kind: 'acl', userId: alice.id, mailboxId: box, granteeId: bob.id },
    ]);
    await expect(s.setAcl(999999, bob.id, false, 'l')).rejects.toMatchObject({ code: 'NONEXISTENT' });
  });

  it('flag permissions: STORE FLAGS leaves what the user may not change; COPY drops what may not be set', async () => {
    const r1 = await s.append(box, { data: Buffer.from('Subject: a\r\n\r\nx\r\n'), flags: ['\\Seen', '\\Flagged', 'kw'] });
    const onlySeen = { seen: true, deleted: false, others: false };
    const changed = await s.storeFlags(box, [r1.uid], 'set', [], onlySeen);
    expect(changed.map((m) => m.flags)).toEqual([['\\Flagged', 'kw']]);
    await s.storeFlags(box, [r1.uid], 'set', ['\\Seen'], onlySeen);
    expect((await s.listMessages(box))[0]!.flags).toEqual(['\\Seen', '\\Flagged', 'kw']);
    const target = (await s.createMailbox(alice.id, 'Target')).id;
    const copied = await s.copy(box, [r1.uid], target, { seen: false, deleted: true, others: true });
    expect((await s.getMessages(target, [[copied.destUids[0]!, copied.destUids[0]!]]))[0]!.flags).toEqual(['\\Flagged', 'kw']);
    const moved = await s.move(box, [r1.uid], target, { seen: true, deleted: false, others: false });
    expect((await s.getMessages(target, [[moved.destUids[0]!, moved.destUids[0]!]]))[0]!.flags).toEqual(['\\Seen']);
  });
});
