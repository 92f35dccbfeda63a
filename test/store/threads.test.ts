// THREADID (RFC 8474) assigned at APPEND, and migration 2's backfill of existing messages.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { ChangeBus } from '../../src/events/bus.js';
import { DATABASE_FILE, openStore } from '../../src/store/open.js';
import { migrate, migrations } from '../../src/store/migrations.js';
import { FAST_SCRYPT, makeHarness, userWithInbox, type Harness } from './helpers.js';

function mail(id: string, extra: string[] = [], body = 'text'): Buffer {
  return Buffer.from([`From: a@example.com`, `Subject: ${id}`, `Message-ID: <${id}@example.com>`, ...extra, '', body, ''].join('\r\n'));
}

describe('THREADID', () => {
  let h: Harness;
  afterEach(async () => {
    await h.cleanup();
  });

  it('replies join the thread of what they refer to; unrelated messages start their own', async () => {
    h = await makeHarness();
    const { user, inbox } = await userWithInbox(h.store);
    const sent = (await h.store.createMailbox(user.id, 'Replies')).id;
    await h.store.append(inbox, { data: mail('a'), flags: [] });
    await h.store.append(sent, { data: mail('b', ['In-Reply-To: <a@example.com>']), flags: [] });
    await h.store.append(inbox, { data: mail('c', ['References: <a@example.com> <b@example.com>', 'In-Reply-To: <b@example.com>']), flags: [] });
    await h.store.append(inbox, { data: mail('d'), flags: [] });
    // A reply whose parent is unknown, then the parent: the parent joins the reply's thread.
    await h.store.append(inbox, { data: mail('f', ['In-Reply-To: <x@example.com>']), flags: [] });
    await h.store.append(inbox, { data: mail('x'), flags: [] });
    // A sibling: shares only the root in References.
    await h.store.append(inbox, { data: mail('g', ['References: < a@example.com >']), flags: [] });
    // No Message-ID at all.
    await h.store.append(inbox, { data: Buffer.from('Subject: none\r\n\r\nx\r\n'), flags: [] });

    const t = new Map((await h.store.listMessages(inbox)).map((m) => [m.uid, m.threadId]));
    const [tb] = (await h.store.listMessages(sent)).map((m) => m.threadId);
    for (const id of [...t.values(), tb]) expect(id).toMatch(/^T[a-z2-7]{24}$/);
    expect(tb).toBe(t.get(1));
    expect(t.get(2)).toBe(t.get(1));
    expect(t.get(6)).toBe(t.get(1));
    expect(t.get(3)).not.toBe(t.get(1));
    expect(t.get(5)).toBe(t.get(4));
    expect(new Set([t.get(1), t.get(3), t.get(4), t.get(7)]).size).toBe(4);

    // COPY and MOVE keep it.
    const archive = (await h.store.createMailbox(user.id, 'Kept')).id;
    await h.store.copy(inbox, [1], archive);
    await h.store.move(inbox, [3], archive);
    const a = await h.store.listMessages(archive);
    expect(a.map((m) => m.threadId)).toEqual([t.get(1), t.get(3)]);

    // Another account never shares a thread.
    const bob = await userWithInbox(h.store, 'bob');
    await h.store.append(bob.inbox, { data: mail('b', ['In-Reply-To: <a@example.com>']), flags: [] });
    const [bobs] = await h.store.listMessages(bob.inbox);
    expect(bobs!.threadId).not.toBe(t.get(1));
  });
});

describe('migration 2 backfill', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });

  it('parses messages stored before it and gives them content rows and threads', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-m2-'));
    dirs.push(dir);
    // A database as version 1 left it, with messages in it.
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.pragma('journal_mode = WAL');
    migrate(db, migrations.slice(0, 1));
    db.prepare("INSERT INTO users (id, name, password_hash, modseq, created_at) VALUES (1, 'old', 'x', 3, 0)").run();
    db.prepare("INSERT INTO mailboxes (id, user_id, name, object_id, uidvalidity, uidnext, highestmodseq) VALUES (1, 1, 'INBOX', 'Mold', 1, 4, 3)").run();
    const blobs = [mail('p', [], 'Greetings'), mail('q', ['In-Reply-To: <p@example.com>'], 'second'), mail('p', [], 'Greetings')];
    blobs.forEach((data, i) => {
      const hash = `h${i === 2 ? 0 : i}`;
      if (i < 2) {
        db.prepare('INSERT INTO blobs (hash, size, refcount) VALUES (?, ?, ?)').run(hash, data.length, i === 0 ? 2 : 1);
        db.prepare('INSERT INTO blob_data (hash, data) VALUES (?, ?)').run(hash, data);
      }
      db.prepare(
        `INSERT INTO messages (mailbox_id, uid, modseq, internal_date, internal_offset, internal_day, size, blob_hash, email_id, instance_id)
         VALUES (1, ?, ?, ?, 0, '2024-01-01', ?, ?, ?, ?)`,
      ).run(i + 1, i + 1, 1000 + i, data.length, hash, `E${i}`, `I${i}`);
    });
    db.close();

    const store = await openStore(dir, new ChangeBus(), { scrypt: FAST_SCRYPT });
    try {
      expect(await store.search(1, { type: 'body', value: 'GREETINGS' })).toEqual([1, 3]);
      expect(await store.search(1, { type: 'header', field: 'IN-REPLY-TO', value: 'p@' })).toEqual([2]);
      const msgs = await store.listMessages(1);
      expect(msgs.map((m) => m.threadId)).toEqual([msgs[0]!.threadId, msgs[0]!.threadId, msgs[0]!.threadId]);
      expect(msgs[0]!.threadId).toMatch(/^T/);
      expect((await store.readParsed(1, 2))!.envelope.inReplyTo).toContain('p@example.com');
    } finally {
      await store.close();
    }
  });
});
