import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../src/store/types.js';
import { makeHarness, msg, type Harness } from './helpers.js';

const code = (c: string) => expect.objectContaining({ name: 'StoreError', code: c });

describe('users', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('createUser makes INBOX, the special-use mailboxes and the CPM default folder, all subscribed', async () => {
    const user = await h.store.createUser('alice', 'pw');
    expect(user).toEqual({ id: expect.any(Number), name: 'alice', kind: 'user' });
    const boxes = await h.store.listMailboxes(user.id);
    const byName = Object.fromEntries(boxes.map((b) => [b.name, b.specialUse]));
    expect(byName).toEqual({
      INBOX: null,
      Sent: '\\Sent',
      Drafts: '\\Drafts',
      Trash: '\\Trash',
      Archive: '\\Archive',
      Junk: '\\Junk',
      CPM: null, // the parent of the CPM default folder (src/cpm/default-folder.ts)
      'CPM/default': null,
    });
    expect((await h.store.listSubscriptions(user.id)).sort()).toEqual(['Archive', 'CPM/default', 'Drafts', 'INBOX', 'Junk', 'Sent', 'Trash']);
    for (const b of boxes) {
      expect(b.noselect).toBe(false);
      expect(b.uidNext).toBe(1);
      expect(b.objectId).toMatch(/^M[a-z2-7]{24}$/);
    }
    expect(new Set(boxes.map((b) => b.uidValidity)).size).toBe(boxes.length);
    expect(h.events).toContainEqual(expect.objectContaining({ kind: 'mailboxes', userId: user.id }));
  });

  it('validates names and refuses duplicates; names are case-sensitive', async () => {
    for (const bad of ['', 'a b', 'tab\there', 'nl\n', 'x'.repeat(65), 'nbsp\u00a0x']) {
      await expect(h.store.createUser(bad, 'pw')).rejects.toEqual(code('CANNOT'));
    }
    await h.store.createUser('x'.repeat(64), 'pw');
    await h.store.createUser('ünïcødé@example.com', 'pw');
    await h.store.createUser('bob', 'pw');
    await expect(h.store.createUser('bob', 'other')).rejects.toEqual(code('ALREADYEXISTS'));
    const bob2 = await h.store.createUser('Bob', 'pw');
    expect(bob2.name).toBe('Bob');
    expect((await h.store.listUsers()).map((u) => u.name)).toEqual(['Bob', 'bob', 'x'.repeat(64), 'ünïcødé@example.com']);
    await expect(h.store.createUser('carol', '')).rejects.toBeInstanceOf(StoreError);
  });

  it('verifyPassword: right password gives the user, wrong or unknown gives null', async () => {
    const alice = await h.store.createUser('alice', 'pw');
    expect(await h.store.verifyPassword('alice', 'pw')).toEqual(alice);
    expect(await h.store.verifyPassword('alice', 'PW')).toBeNull();
    expect(await h.store.verifyPassword('Alice', 'pw')).toBeNull();
    expect(await h.store.verifyPassword('nobody', 'pw')).toBeNull();
  });

  it('unknown users cost a scrypt too (timing does not reveal names)', async () => {
    await h.store.createUser('alice', 'pw');
    const time = async (name: string) => {
      const t = performance.now();
      for (let i = 0; i < 30; i++) await h.store.verifyPassword(name, 'wrong');
      return performance.now() - t;
    };
    await time('alice'); // warm up
    const known = await time('alice');
    const unknown = await time('nobody');
    // Without the dummy hash the unknown case would be ~100x faster.
    expect(unknown).toBeGreaterThan(known * 0.3);
  });

  it('setPassword replaces the password', async () => {
    await h.store.createUser('alice', 'old');
    await h.store.setPassword('alice', 'new');
    expect(await h.store.verifyPassword('alice', 'old')).toBeNull();
    expect(await h.store.verifyPassword('alice', 'new')).not.toBeNull();
    await expect(h.store.setPassword('nobody', 'x')).rejects.toEqual(code('NONEXISTENT'));
  });

  it('deleteUser removes mailboxes, messages, subscriptions and unshared blobs', async () => {
    const alice = await h.store.createUser('alice', 'pw');
    const bob = await h.store.createUser('bob', 'pw');
    const aInbox = (await h.store.getMailbox(alice.id, 'INBOX'))!;
    const bInbox = (await h.store.getMailbox(bob.id, 'INBOX'))!;
    await h.store.append(aInbox.id, { data: msg('shared'), flags: [] });
    await h.store.append(aInbox.id, { data: msg('shared'), flags: [] });
    await h.store.append(aInbox.id, { data: msg('alice only'), flags: [] });
    await h.store.append(bInbox.id, { data: msg('shared'), flags: [] });
    h.events.length = 0;

    await h.store.deleteUser('alice');
    expect((await h.store.listUsers()).map((u) => u.name)).toEqual(['bob']);
    expect(await h.store.getMailboxById(aInbox.id)).toBeNull();
    expect(await h.store.listMailboxes(alice.id)).toEqual([]);
    expect(await h.store.listSubscriptions(alice.id)).toEqual([]);
    const db = h.sql();
    expect(db.prepare('SELECT refcount FROM blobs').all()).toEqual([{ refcount: 1 }]);
    expect(db.prepare('SELECT count(*) AS n FROM blob_data').get()).toEqual({ n: 1 });
    expect(db.prepare('SELECT count(*) AS n FROM messages').get()).toEqual({ n: 1 });
    expect((await h.store.readMessage(bInbox.id, 1))!.equals(msg('shared'))).toBe(true);
    expect(h.events).toContainEqual({ kind: 'mailbox-deleted', userId: alice.id, mailboxId: aInbox.id });
    expect(h.events).toContainEqual(expect.objectContaining({ kind: 'mailboxes', userId: alice.id }));
    await expect(h.store.deleteUser('alice')).rejects.toEqual(code('NONEXISTENT'));
    // The name is free again, with fresh mailboxes.
    const again = await h.store.createUser('alice', 'pw2');
    expect(again.id).not.toBe(alice.id);
    expect((await h.store.getMailbox(again.id, 'INBOX'))!.uidValidity).toBeGreaterThan(aInbox.uidValidity);
  });
});
