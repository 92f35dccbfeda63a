// METADATA in the store (src/store/metadata.ts): scopes, DEPTH, case, limits, atomicity,
// events after COMMIT, RENAME/DELETE, the CPM default-folder entry, and migration 3.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_FOLDER_ENTRY } from '../../src/cpm/default-folder.js';
import { MetadataLimitError, type Store } from '../../src/store/types.js';
import { openStore } from '../../src/store/open.js';
import { migrations } from '../../src/store/migrations.js';
import { FAST_SCRYPT, makeHarness, type Harness } from './helpers.js';

const LIMITS = { maxValueSize: 1024, maxEntries: 10, maxTotalSize: 4096 };
const v = (s: string) => Buffer.from(s);
const code = (c: string) => expect.objectContaining({ name: 'StoreError', code: c });
const limitError = (metadataCode: string) => expect.objectContaining({ name: 'MetadataLimitError', code: 'LIMIT', metadataCode });

describe('metadata', () => {
  let h: Harness;
  let s: Store;
  let uid: number;
  let inbox: number;
  beforeEach(async () => {
    h = await makeHarness();
    s = h.store;
    uid = (await s.createUser('alice', 'pw')).id;
    inbox = (await s.getMailbox(uid, 'INBOX'))!.id;
    h.events.length = 0;
  });
  afterEach(async () => {
    await h.cleanup();
  });

  const names = (entries: Array<{ name: string }>) => entries.map((e) => e.name);
  const text = (entries: Array<{ name: string; value: Buffer }>) => Object.fromEntries(entries.map((e) => [e.name, e.value.toString()]));

  it('a new account has the CPM default-folder server entry and its folder', async () => {
    expect(text(await s.getMetadata(uid, null, [DEFAULT_FOLDER_ENTRY], 0))).toEqual({ [DEFAULT_FOLDER_ENTRY]: 'CPM/default/' });
    expect(await s.getMailbox(uid, 'CPM/default')).toMatchObject({ name: 'CPM/default', noselect: false });
    expect(await s.listSubscriptions(uid)).toContain('CPM/default');
  });

  it('the default folder is configurable, and an existing mailbox may be it', async () => {
    const dir = h.dir;
    await h.store.close();
    h.store = await openStore(dir, h.bus, { scrypt: FAST_SCRYPT, cpmDefaultFolder: 'Chats/Default' });
    const bob = await h.store.createUser('bob', 'pw');
    expect(text(await h.store.getMetadata(bob.id, null, [DEFAULT_FOLDER_ENTRY], 0))).toEqual({ [DEFAULT_FOLDER_ENTRY]: 'Chats/Default/' });
    expect(await h.store.getMailbox(bob.id, 'Chats/Default')).not.toBeNull();
    await h.store.close();
    h.store = await openStore(dir, h.bus, { scrypt: FAST_SCRYPT, cpmDefaultFolder: 'inbox' });
    const carol = await h.store.createUser('carol', 'pw');
    expect(text(await h.store.getMetadata(carol.id, null, [DEFAULT_FOLDER_ENTRY], 0))).toEqual({ [DEFAULT_FOLDER_ENTRY]: 'INBOX/' });
    await h.store.close();
    h.store = await openStore(dir, h.bus, { scrypt: FAST_SCRYPT, cpmDefaultFolder: 'bad//name' });
    await expect(h.store.createUser('dave', 'pw')).rejects.toEqual(code('CANNOT'));
    expect((await h.store.listUsers()).map((u) => u.name)).not.toContain('dave');
  });

  it('sets, reads, replaces and removes entries; server and mailbox scopes are apart', async () => {
    await s.setMetadata(uid, inbox, [{ name: '/shared/comment', value: v('mailbox') }, { name: '/private/comment', value: v('mine') }], LIMITS);
    await s.setMetadata(uid, null, [{ name: '/shared/comment', value: v('server') }], LIMITS);
    expect(text(await s.getMetadata(uid, inbox, ['/shared/comment', '/private/comment'], 0))).toEqual({
      '/shared/comment': 'mailbox',
      '/private/comment': 'mine',
    });
    expect(text(await s.getMetadata(uid, null, ['/shared/comment', '/private/comment'], 0))).toEqual({ '/shared/comment': 'server' });
    await s.setMetadata(uid, inbox, [{ name: '/shared/comment', value: v('again') }, { name: '/private/comment', value: null }], LIMITS);
    expect(text(await s.getMetadata(uid, inbox, ['/shared/comment', '/private/comment'], 0))).toEqual({ '/shared/comment': 'again' });
    // Removing what does not exist is fine.
    await s.setMetadata(uid, inbox, [{ name: '/private/nothing', value: null }], LIMITS);
  });

  it('DEPTH 0, 1 and infinity; the namespace roots; each entry once; case-insensitive names', async () => {
    await s.setMetadata(
      uid,
      inbox,
      ['/shared/a', '/shared/a/b', '/shared/a/b/c', '/shared/a/d', '/shared/ab', '/private/a/x'].map((name) => ({ name, value: v(name) })),
      LIMITS,
    );
    expect(names(await s.getMetadata(uid, inbox, ['/shared/a'], 0))).toEqual(['/shared/a']);
    expect(names(await s.getMetadata(uid, inbox, ['/shared/a'], 1))).toEqual(['/shared/a', '/shared/a/b', '/shared/a/d']);
    expect(names(await s.getMetadata(uid, inbox, ['/shared/a'], 'infinity'))).toEqual(['/shared/a', '/shared/a/b', '/shared/a/b/c', '/shared/a/d']);
    expect(names(await s.getMetadata(uid, inbox, ['/SHARED/A/B', '/shared/a'], 'infinity'))).toEqual([
      '/shared/a/b',
      '/shared/a/b/c',
      '/shared/a',
      '/shared/a/d',
    ]);
    expect(names(await s.getMetadata(uid, inbox, ['/shared'], 1))).toEqual(['/shared/a', '/shared/ab']);
    expect(names(await s.getMetadata(uid, inbox, ['/private'], 'infinity'))).toEqual(['/private/a/x']);
    expect(names(await s.getMetadata(uid, inbox, ['/shared/missing'], 'infinity'))).toEqual([]);
    await s.setMetadata(uid, inbox, [{ name: '/Shared/A', value: v('renamed case') }], LIMITS);
    expect(text(await s.getMetadata(uid, inbox, ['/shared/a'], 0))).toEqual({ '/Shared/A': 'renamed case' });
  });

  it('binary values keep every octet', async () => {
    const bytes = Buffer.from([0, 1, 2, 0xff, 0x0d, 0x0a, 0]);
    await s.setMetadata(uid, inbox, [{ name: '/private/bin', value: bytes }, { name: '/private/empty', value: Buffer.alloc(0) }], LIMITS);
    const got = await s.getMetadata(uid, inbox, ['/private/bin', '/private/empty'], 0);
    expect(got[0]!.value.equals(bytes)).toBe(true);
    expect(got[1]!.value.length).toBe(0);
  });

  it('limits: value size, entries per scope, total size; all or nothing', async () => {
    await expect(s.setMetadata(uid, inbox, [{ name: '/shared/a', value: v('1') }, { name: '/shared/big', value: Buffer.alloc(1025) }], LIMITS)).rejects.toEqual(
      limitError('MAXSIZE 1024'),
    );
    expect(await s.getMetadata(uid, inbox, ['/shared'], 'infinity')).toEqual([]);

    const ten = Array.from({ length: 10 }, (_, i) => ({ name: `/shared/e${i}`, value: v(String(i)) }));
    await s.setMetadata(uid, inbox, ten, LIMITS);
    const err = await s.setMetadata(uid, inbox, [{ name: '/shared/e0', value: v('x') }, { name: '/private/new', value: v('y') }], LIMITS).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MetadataLimitError);
    expect(err).toEqual(limitError('TOOMANY'));
    expect(text(await s.getMetadata(uid, inbox, ['/shared/e0'], 0))).toEqual({ '/shared/e0': '0' }); // rolled back
    // Replacing, and adding one while removing one, stays within the count.
    await s.setMetadata(uid, inbox, [{ name: '/shared/e0', value: v('x') }, { name: '/shared/e1', value: null }, { name: '/shared/e10', value: v('z') }], LIMITS);
    // The count is per scope: the server and other mailboxes have room of their own.
    await s.setMetadata(uid, null, ten.slice(0, 9), LIMITS);
    await expect(s.setMetadata(uid, null, [{ name: '/shared/one-more', value: v('x') }], LIMITS)).rejects.toEqual(limitError('TOOMANY'));

    // Total so far: 12 (the CPM entry) + 10 (INBOX: e0 = x, e2..e10) + 9 (server); 4096 in all.
    const used = 12 + 10 + 9;
    const sent = (await s.getMailbox(uid, 'Sent'))!.id;
    await s.setMetadata(uid, sent, [{ name: '/shared/t1', value: Buffer.alloc(1024) }, { name: '/shared/t2', value: Buffer.alloc(1024) }], LIMITS);
    await s.setMetadata(uid, sent, [{ name: '/shared/t3', value: Buffer.alloc(1024) }], LIMITS);
    const room = 4096 - used - 3 * 1024;
    await expect(s.setMetadata(uid, sent, [{ name: '/shared/t4', value: Buffer.alloc(room + 1) }], LIMITS)).rejects.toEqual(limitError(`MAXSIZE ${room}`));
    await s.setMetadata(uid, sent, [{ name: '/shared/t4', value: Buffer.alloc(room) }], LIMITS);
    await expect(s.setMetadata(uid, sent, [{ name: '/shared/t5', value: v('x') }], LIMITS)).rejects.toEqual(limitError('MAXSIZE 0'));
    // Shrinking is always allowed.
    await s.setMetadata(uid, sent, [{ name: '/shared/t1', value: v('small') }], LIMITS);
  });

  it('refuses bad names (defensively) and a malformed CPM default-folder value', async () => {
    for (const name of ['/private', '/shared/', '/shared//x', '/shared/*', '/other/x', '/shared/vendor/acme']) {
      await expect(s.setMetadata(uid, inbox, [{ name, value: v('x') }], LIMITS)).rejects.toEqual(code('CANNOT'));
    }
    for (const value of ['CPM', '/CPM/', 'a//', '/']) {
      await expect(s.setMetadata(uid, null, [{ name: DEFAULT_FOLDER_ENTRY, value: v(value) }], LIMITS)).rejects.toEqual(code('CANNOT'));
    }
    // On a mailbox the same name is an ordinary entry.
    await s.setMetadata(uid, inbox, [{ name: DEFAULT_FOLDER_ENTRY, value: v('anything') }], LIMITS);
  });

  it('unknown mailbox or user is NONEXISTENT; mailboxOwner names the owner', async () => {
    await expect(s.getMetadata(uid, 987654, ['/shared/comment'], 0)).rejects.toEqual(code('NONEXISTENT'));
    await expect(s.setMetadata(uid, 987654, [{ name: '/shared/comment', value: v('x') }], LIMITS)).rejects.toEqual(code('NONEXISTENT'));
    await expect(s.getMetadata(987654, null, ['/shared/comment'], 0)).rejects.toEqual(code('NONEXISTENT'));
    expect(await s.mailboxOwner(inbox)).toBe(uid);
    expect(await s.mailboxOwner(987654)).toBeNull();
  });

  it('events after COMMIT: one per scope and /private owner, with origin; none on failure', async () => {
    await s.setMetadata(uid, inbox, [{ name: '/shared/a', value: v('1') }, { name: '/private/b', value: v('2') }, { name: '/shared/c', value: v('3') }], LIMITS, 'conn-1');
    await s.setMetadata(uid, null, [{ name: '/shared/comment', value: v('x') }], LIMITS);
    expect(h.events).toEqual([
      { kind: 'mailbox-metadata', userId: uid, mailboxId: inbox, privateTo: null, entries: ['/shared/a', '/shared/c'], origin: 'conn-1' },
      { kind: 'mailbox-metadata', userId: uid, mailboxId: inbox, privateTo: uid, entries: ['/private/b'], origin: 'conn-1' },
      { kind: 'server-metadata', userId: uid, privateTo: null, entries: ['/shared/comment'] },
    ]);
    h.events.length = 0;
    await s.setMetadata(uid, inbox, [{ name: '/shared/never', value: null }], LIMITS);
    await expect(s.setMetadata(uid, inbox, [{ name: '/shared/x', value: v('1') }, { name: '/shared/y', value: Buffer.alloc(2000) }], LIMITS)).rejects.toBeInstanceOf(
      MetadataLimitError,
    );
    expect(h.events).toEqual([]);
  });

  it('entries follow RENAME (children too), go with DELETE (also when the name stays \\Noselect)', async () => {
    const a = await s.createMailbox(uid, 'a/b');
    const parent = (await s.getMailbox(uid, 'a'))!;
    await s.setMetadata(uid, parent.id, [{ name: '/shared/p', value: v('parent') }], LIMITS);
    await s.setMetadata(uid, a.id, [{ name: '/shared/c', value: v('child') }], LIMITS);
    await s.renameMailbox(uid, 'a', 'z');
    expect(text(await s.getMetadata(uid, (await s.getMailbox(uid, 'z'))!.id, ['/shared/p'], 0))).toEqual({ '/shared/p': 'parent' });
    expect(text(await s.getMetadata(uid, (await s.getMailbox(uid, 'z/b'))!.id, ['/shared/c'], 0))).toEqual({ '/shared/c': 'child' });
    await s.deleteMailbox(uid, 'z'); // has a child: stays as \Noselect, entries go
    expect(await s.getMetadata(uid, parent.id, ['/shared/p'], 0)).toEqual([]);
    await s.deleteMailbox(uid, 'z/b'); // last child: both rows go (cascade)
    const sql = h.sql();
    expect(sql.prepare('SELECT count(*) AS n FROM metadata WHERE mailbox_id IN (?, ?)').get(parent.id, a.id)).toEqual({ n: 0 });
  });

  it('RENAME INBOX copies its entries to the new mailbox; RENAME of the CPM folder moves the server entry', async () => {
    await s.setMetadata(uid, inbox, [{ name: '/shared/comment', value: v('in') }, { name: '/private/comment', value: v('mine') }], LIMITS);
    await s.renameMailbox(uid, 'INBOX', 'Old');
    const old = (await s.getMailbox(uid, 'Old'))!.id;
    expect(text(await s.getMetadata(uid, old, ['/shared/comment', '/private/comment'], 0))).toEqual({ '/shared/comment': 'in', '/private/comment': 'mine' });
    expect(text(await s.getMetadata(uid, inbox, ['/shared/comment', '/private/comment'], 0))).toEqual({ '/shared/comment': 'in', '/private/comment': 'mine' });

    h.events.length = 0;
    await s.renameMailbox(uid, 'CPM', 'RCS');
    expect(text(await s.getMetadata(uid, null, [DEFAULT_FOLDER_ENTRY], 0))).toEqual({ [DEFAULT_FOLDER_ENTRY]: 'RCS/default/' });
    expect(h.events).toContainEqual({ kind: 'server-metadata', userId: uid, privateTo: null, entries: [DEFAULT_FOLDER_ENTRY] });
    await s.renameMailbox(uid, 'RCS/default', 'RCS/default2');
    expect(text(await s.getMetadata(uid, null, [DEFAULT_FOLDER_ENTRY], 0))).toEqual({ [DEFAULT_FOLDER_ENTRY]: 'RCS/default2/' });
    await s.createMailbox(uid, 'RCS/def');
    await s.renameMailbox(uid, 'RCS/def', 'Elsewhere');
    expect(text(await s.getMetadata(uid, null, [DEFAULT_FOLDER_ENTRY], 0))).toEqual({ [DEFAULT_FOLDER_ENTRY]: 'RCS/default2/' });
  });

  it('deleting the account removes its entries', async () => {
    await s.setMetadata(uid, inbox, [{ name: '/shared/comment', value: v('x') }], LIMITS);
    await s.deleteUser('alice');
    expect(h.sql().prepare('SELECT count(*) AS n FROM metadata').get()).toEqual({ n: 0 });
  });

  it('migration 3 is the last step and leaves the schema version at the number of steps', () => {
    const sql = h.sql();
    expect(sql.pragma('user_version', { simple: true })).toBe(migrations.length);
    expect(migrations.length).toBeGreaterThanOrEqual(3);
    const columns = (sql.prepare('PRAGMA table_info(metadata)').all() as Array<{ name: string }>).map((c) => c.name);
    expect(columns).toEqual(['account_id', 'mailbox_id', 'user_id', 'key', 'name', 'value', 'size']);
  });
});
