import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MailboxInfo, Store } from '../../src/store/types.js';
import { makeHarness, msg, userWithInbox, type Harness } from './helpers.js';

const code = (c: string) => expect.objectContaining({ name: 'StoreError', code: c });

describe('mailboxes', () => {
  let h: Harness;
  let s: Store;
  let uid: number;
  beforeEach(async () => {
    h = await makeHarness();
    s = h.store;
    uid = (await userWithInbox(s)).user.id;
    h.events.length = 0;
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const names = async () => (await s.listMailboxes(uid)).map((m) => m.name);
  const get = async (name: string) => (await s.getMailbox(uid, name)) as MailboxInfo;

  it('create: new ids, parents created, duplicates refused, event published', async () => {
    const m = await s.createMailbox(uid, 'a/b/c');
    expect(m).toMatchObject({ name: 'a/b/c', uidNext: 1, specialUse: null, noselect: false });
    expect(await names()).toEqual(expect.arrayContaining(['a', 'a/b', 'a/b/c']));
    expect(await get('a')).toMatchObject({ noselect: false });
    expect(await s.getMailboxById(m.id)).toEqual(m);
    await expect(s.createMailbox(uid, 'a/b/c')).rejects.toEqual(code('ALREADYEXISTS'));
    await expect(s.createMailbox(uid, 'a')).rejects.toEqual(code('ALREADYEXISTS'));
    await expect(s.createMailbox(uid, 'inbox')).rejects.toEqual(code('ALREADYEXISTS'));
    // What changed rides along, for NOTIFY's MailboxName (RFC 5465 §5.4).
    expect(h.events).toEqual([
      {
        kind: 'mailboxes',
        userId: uid,
        changes: [
          { type: 'created', name: 'a' },
          { type: 'created', name: 'a/b' },
          { type: 'created', name: 'a/b/c' },
        ],
      },
    ]);
    const all = await s.listMailboxes(uid);
    expect(new Set(all.map((x) => x.objectId)).size).toBe(all.length);
    expect(m.highestModseq).toBeGreaterThan(0);
  });

  it('create: a trailing separator is dropped; bad names and unknown special-use refused', async () => {
    expect((await s.createMailbox(uid, 'folder/')).name).toBe('folder');
    for (const bad of ['', '/', 'a//b', '/a', 'a\u0000b', 'a\r\nb']) {
      await expect(s.createMailbox(uid, bad)).rejects.toEqual(code('CANNOT'));
    }
    expect((await s.createMailbox(uid, 'All mail', '\\all')).specialUse).toBe('\\All');
    await expect(s.createMailbox(uid, 'X', '\\Bogus')).rejects.toEqual(code('CANNOT'));
    expect(await s.getMailbox(uid, 'X')).toBeNull();
  });

  it('getMailbox matches INBOX case-insensitively and other names exactly', async () => {
    await s.createMailbox(uid, 'Work');
    expect((await s.getMailbox(uid, 'inbox'))!.name).toBe('INBOX');
    expect((await s.getMailbox(uid, 'InBoX'))!.name).toBe('INBOX');
    expect(await s.getMailbox(uid, 'work')).toBeNull();
    expect(await s.getMailbox(uid, 'Work')).not.toBeNull();
    expect(await s.getMailboxById(987654)).toBeNull();
  });

  it('a name created again after delete gets a new, larger UIDVALIDITY and a new MAILBOXID', async () => {
    const first = await s.createMailbox(uid, 'Again');
    await s.append(first.id, { data: msg(1), flags: [] });
    await s.deleteMailbox(uid, 'Again');
    const second = await s.createMailbox(uid, 'Again');
    expect(second.uidValidity).toBeGreaterThan(first.uidValidity);
    expect(second.objectId).not.toBe(first.objectId);
    expect(second.id).not.toBe(first.id);
    expect(second.uidNext).toBe(1);
  });

  it('UIDVALIDITY is strictly increasing server-wide, across users and reopen', async () => {
    const other = await s.createUser('bob', 'pw');
    const values: number[] = [];
    for (let i = 0; i < 5; i++) {
      values.push((await s.createMailbox(uid, `m${i}`)).uidValidity);
      values.push((await s.createMailbox(other.id, `m${i}`)).uidValidity);
    }
    s = await h.reopen();
    values.push((await s.createMailbox(uid, 'after')).uidValidity);
    for (let i = 1; i < values.length; i++) expect(values[i]).toBeGreaterThan(values[i - 1]!);
  });

  it('delete: INBOX refused, missing refused, messages and their blobs go, event published', async () => {
    await expect(s.deleteMailbox(uid, 'INBOX')).rejects.toEqual(code('CANNOT'));
    await expect(s.deleteMailbox(uid, 'inbox')).rejects.toEqual(code('CANNOT'));
    await expect(s.deleteMailbox(uid, 'nope')).rejects.toEqual(code('NONEXISTENT'));
    const m = await s.createMailbox(uid, 'Gone');
    await s.append(m.id, { data: msg('only here'), flags: [] });
    await s.append(m.id, { data: msg('only here'), flags: ['\\Deleted'] });
    await s.expunge(m.id);
    h.events.length = 0;
    const info = await s.deleteMailbox(uid, 'Gone');
    expect(info).toMatchObject({ id: m.id, name: 'Gone' });
    expect(await s.getMailboxById(m.id)).toBeNull();
    const db = h.sql();
    expect(db.prepare('SELECT count(*) AS n FROM blobs').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM blob_data').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM messages WHERE mailbox_id = ?').get(m.id)).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM expunged WHERE mailbox_id = ?').get(m.id)).toEqual({ n: 0 });
    expect(h.events).toEqual([
      { kind: 'mailbox-deleted', userId: uid, mailboxId: m.id },
      { kind: 'mailboxes', userId: uid, changes: [{ type: 'deleted', name: 'Gone' }] },
    ]);
    await expect(s.append(m.id, { data: msg(1), flags: [] })).rejects.toEqual(code('NONEXISTENT'));
  });

  it('delete with children keeps the name as \\Noselect; it goes when its last child does', async () => {
    const parent = await s.createMailbox(uid, 'p');
    await s.createMailbox(uid, 'p/c1');
    await s.createMailbox(uid, 'p/c2');
    await s.append(parent.id, { data: msg('in parent'), flags: [] });
    await s.deleteMailbox(uid, 'p');
    const ghost = await get('p');
    expect(ghost).toMatchObject({ id: parent.id, noselect: true, specialUse: null });
    expect(h.sql().prepare('SELECT count(*) AS n FROM messages WHERE mailbox_id = ?').get(parent.id)).toEqual({ n: 0 });
    await expect(s.append(parent.id, { data: msg(1), flags: [] })).rejects.toEqual(code('NONEXISTENT'));
    await expect(s.listMessages(parent.id)).rejects.toEqual(code('NONEXISTENT'));
    // A \Noselect name with children cannot be deleted.
    await expect(s.deleteMailbox(uid, 'p')).rejects.toEqual(code('CANNOT'));
    await s.deleteMailbox(uid, 'p/c1');
    expect(await get('p')).toMatchObject({ noselect: true });
    await s.deleteMailbox(uid, 'p/c2');
    expect(await s.getMailbox(uid, 'p')).toBeNull();
  });

  it('create on a \\Noselect name makes a new selectable mailbox, children untouched', async () => {
    const old = await s.createMailbox(uid, 'q');
    const child = await s.createMailbox(uid, 'q/child');
    await s.deleteMailbox(uid, 'q');
    const made = await s.createMailbox(uid, 'q');
    expect(made.noselect).toBe(false);
    expect(made.uidValidity).toBeGreaterThan(old.uidValidity);
    expect(made.objectId).not.toBe(old.objectId);
    expect(await get('q/child')).toEqual(child);
  });

  it('subscriptions: any name, idempotent, kept when a mailbox is deleted or renamed', async () => {
    await s.setSubscribed(uid, 'Does/not/exist', true);
    await s.setSubscribed(uid, 'Does/not/exist', true);
    expect((await s.listSubscriptions(uid)).filter((n) => n === 'Does/not/exist')).toHaveLength(1);
    await s.setSubscribed(uid, 'Sent', false);
    expect(await s.listSubscriptions(uid)).not.toContain('Sent');
    await s.setSubscribed(uid, 'Sent', false); // not an error
    await s.createMailbox(uid, 'Sub');
    await s.setSubscribed(uid, 'Sub', true);
    await s.deleteMailbox(uid, 'Sub');
    expect(await s.listSubscriptions(uid)).toContain('Sub');
    expect(h.events.filter((e) => e.kind === 'mailboxes').length).toBeGreaterThanOrEqual(4);
    await s.setSubscribed(uid, 'inbox', false);
    expect(await s.listSubscriptions(uid)).not.toContain('INBOX');
  });

  describe('rename', () => {
    it('renames the mailbox and its children, keeping ids, UIDVALIDITY and messages', async () => {
      const a = await s.createMailbox(uid, 'a');
      const ab = await s.createMailbox(uid, 'a/b');
      const abc = await s.createMailbox(uid, 'a/b/c');
      const ax = await s.createMailbox(uid, 'ax'); // shares the prefix, is not a child
      const appended = await s.append(ab.id, { data: msg(1), flags: ['\\Flagged'] });
      h.events.length = 0;
      await s.renameMailbox(uid, 'a', 'z/y');
      expect(await s.getMailbox(uid, 'a')).toBeNull();
      expect(await s.getMailbox(uid, 'a/b')).toBeNull();
      expect(await get('z')).toMatchObject({ noselect: false }); // missing parent created
      expect(await get('z/y')).toEqual({ ...a, name: 'z/y' });
      expect(await get('z/y/b')).toEqual({ ...ab, name: 'z/y/b', uidNext: 2, highestModseq: appended.modseq });
      expect(await get('z/y/b/c')).toEqual({ ...abc, name: 'z/y/b/c' });
      expect(await get('ax')).toEqual(ax);
      expect((await s.listMessages(ab.id)).map((m) => m.uid)).toEqual([appended.uid]);
      // The renamed mailbox only, not its children (RFC 5465 §5.4); `z` was created for it.
      expect(h.events).toEqual([
        {
          kind: 'mailboxes',
          userId: uid,
          changes: [
            { type: 'created', name: 'z' },
            { type: 'renamed', name: 'z/y', oldName: 'a' },
          ],
        },
      ]);
    });

    it('refuses: missing source, existing target (also a child clash), into its own child, bad name', async () => {
      await s.createMailbox(uid, 'a/b');
      await s.createMailbox(uid, 'c/b');
      await expect(s.renameMailbox(uid, 'nope', 'x')).rejects.toEqual(code('NONEXISTENT'));
      await expect(s.renameMailbox(uid, 'a', 'Sent')).rejects.toEqual(code('ALREADYEXISTS'));
      await expect(s.renameMailbox(uid, 'a', 'inbox')).rejects.toEqual(code('ALREADYEXISTS'));
      await expect(s.renameMailbox(uid, 'a', 'a')).rejects.toEqual(code('ALREADYEXISTS'));
      await s.deleteMailbox(uid, 'c'); // 'c' is now \Noselect, 'c/b' still exists
      await expect(s.renameMailbox(uid, 'a', 'c')).rejects.toEqual(code('ALREADYEXISTS'));
      await expect(s.renameMailbox(uid, 'a', 'a/b/x')).rejects.toEqual(code('CANNOT'));
      await expect(s.renameMailbox(uid, 'a', 'bad//name')).rejects.toEqual(code('CANNOT'));
      // Nothing changed.
      expect(await s.getMailbox(uid, 'a/b')).not.toBeNull();
      expect(await s.getMailbox(uid, 'x')).toBeNull();
    });

    it('a child may be renamed over its ancestor when names pass through each other', async () => {
      await s.createMailbox(uid, 'p/q');
      const inner = await s.createMailbox(uid, 'p/q/q');
      await s.deleteMailbox(uid, 'p'); // 'p' becomes \Noselect
      await s.renameMailbox(uid, 'p/q', 'p');
      // p/q → p takes over the \Noselect name; p/q/q → p/q.
      expect(await get('p')).toMatchObject({ noselect: false });
      expect((await get('p/q')).id).toBe(inner.id);
      expect(await s.getMailbox(uid, 'p/q/q')).toBeNull();
    });

    it('prunes \\Noselect ancestors left without children', async () => {
      await s.createMailbox(uid, 'old/child');
      await s.deleteMailbox(uid, 'old');
      expect(await get('old')).toMatchObject({ noselect: true });
      await s.renameMailbox(uid, 'old/child', 'new');
      expect(await s.getMailbox(uid, 'old')).toBeNull();
    });

    it('RENAME INBOX moves its messages to a new mailbox and leaves INBOX empty', async () => {
      const inbox = await get('INBOX');
      await s.createMailbox(uid, 'INBOX/child');
      const a1 = await s.append(inbox.id, { data: msg(1), flags: ['\\Seen'] });
      const a2 = await s.append(inbox.id, { data: msg(2), flags: [] });
      await s.storeFlags(inbox.id, [a2.uid], 'add', ['\\Deleted']);
      await s.expunge(inbox.id);
      const a3 = await s.append(inbox.id, { data: msg(3), flags: ['Keep'] });
      const before = await s.listMessages(inbox.id);
      h.events.length = 0;

      await s.renameMailbox(uid, 'inbox', 'Old/Mail');
      const target = await get('Old/Mail');
      expect(target.id).not.toBe(inbox.id);
      expect(target.objectId).not.toBe(inbox.objectId);
      const moved = await s.listMessages(target.id);
      expect(moved.map((m) => m.uid)).toEqual([1, 2]);
      expect(moved.map((m) => m.emailId)).toEqual(before.map((m) => m.emailId));
      expect(moved.map((m) => m.flags)).toEqual([['\\Seen'], ['Keep']]);
      expect(moved.map((m) => m.instanceId)).not.toContain(before[0]!.instanceId);
      expect((await s.readMessage(target.id, 2))!.equals(msg(3))).toBe(true);

      const after = await get('INBOX');
      expect(after.id).toBe(inbox.id);
      expect(after.uidValidity).toBe(inbox.uidValidity);
      expect(after.uidNext).toBe(a3.uid + 1);
      expect(await s.listMessages(inbox.id)).toEqual([]);
      expect(await get('INBOX/child')).toBeTruthy(); // children not renamed
      const changes = await s.changesSince(inbox.id, a3.modseq, a3.uid);
      expect(changes.expunged).toEqual([a1.uid, a3.uid]);
      expect(h.events).toEqual(
        expect.arrayContaining([
          { kind: 'messages', userId: uid, mailboxId: inbox.id, modseq: after.highestModseq },
          { kind: 'messages', userId: uid, mailboxId: target.id, modseq: after.highestModseq },
          expect.objectContaining({ kind: 'mailboxes', userId: uid }),
        ]),
      );
      // A new message in INBOX never reuses a uid.
      expect((await s.append(inbox.id, { data: msg(4), flags: [] })).uid).toBe(a3.uid + 1);
      await expect(s.renameMailbox(uid, 'INBOX', 'Old/Mail')).rejects.toEqual(code('ALREADYEXISTS'));
    });
  });
});
