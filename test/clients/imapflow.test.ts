// The ordinary flows through imapflow: two clients at once, IDLE notifications, MOVE and
// the UIDPLUS answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { connectFlow, type CheckedClient } from '../support/imapflow.js';

let server: TestServer;
const open: CheckedClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of open) {
    await c.client.logout().catch(() => undefined);
    expect(c.violations).toEqual([]);
  }
  await server.stop();
});

async function connect() {
  const c = await connectFlow(server.port);
  open.push(c);
  return c.client;
}

const msg = (subject: string) => `From: flow@example.com\r\nSubject: ${subject}\r\n\r\nbody of ${subject}\r\n`;

describe('imapflow', () => {
  it('appends with APPENDUID and reads the message back byte for byte', async () => {
    const client = await connect();
    await client.mailboxCreate('Flow/Append');
    const res = await client.append('Flow/Append', msg('hello'), ['\\Flagged'], new Date('2026-01-02T03:04:05Z'));
    expect(res).toMatchObject({ destination: 'Flow/Append', uid: 1 });
    expect(res && res.uidValidity).toBeGreaterThan(0);
    const box = await client.mailboxOpen('Flow/Append');
    expect(box.exists).toBe(1);
    const m = await client.fetchOne('1', { source: true, flags: true, internalDate: true, size: true, uid: true });
    expect(m && m.source!.toString()).toBe(msg('hello'));
    // \Recent too: this session is the first to see the message (RFC 3501 §2.3.2).
    expect(m && [...m.flags!].sort()).toEqual(['\\Flagged', '\\Recent']);
    expect(m && (m.internalDate as Date).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    expect(m && m.size).toBe(Buffer.byteLength(msg('hello')));
  });

  it('shows a second client the first one’s changes, and IDLE reports them', async () => {
    const a = await connect();
    const b = await connect();
    await a.mailboxCreate('Flow/Shared');
    await a.mailboxOpen('Flow/Shared');
    await b.mailboxOpen('Flow/Shared');
    const seen = new Promise<number>((resolve) => b.on('exists', (d) => resolve(d.count)));
    const idling = b.idle();
    const started = Date.now();
    await a.append('Flow/Shared', msg('for b'));
    expect(await seen).toBe(1);
    expect(Date.now() - started).toBeLessThan(1000);
    const flags = new Promise<string[]>((resolve) => b.on('flags', (d) => resolve([...d.flags])));
    await a.messageFlagsAdd('1', ['\\Answered']);
    expect(await flags).toContain('\\Answered');
    const gone = new Promise<number>((resolve) => b.on('expunge', (d) => resolve(d.seq ?? 0)));
    await a.messageFlagsAdd('1', ['\\Deleted']);
    await a.messageDelete('1');
    expect(await gone).toBe(1);
    // Any new command ends IDLE with DONE; then idle() resolves.
    await b.noop();
    await idling;
  });

  it('moves and copies with COPYUID', async () => {
    const client = await connect();
    await client.mailboxCreate('Flow/From');
    await client.mailboxCreate('Flow/To');
    for (const s of ['a', 'b', 'c']) await client.append('Flow/From', msg(s));
    await client.mailboxOpen('Flow/From');
    const copied = await client.messageCopy('1', 'Flow/To', { uid: true });
    expect(copied && copied.destination).toBe('Flow/To');
    expect(copied && [...copied.uidMap!.entries()]).toEqual([[1, 1]]);
    const moved = await client.messageMove('2:3', 'Flow/To', { uid: true });
    expect(moved && [...moved.uidMap!.entries()]).toEqual([
      [2, 2],
      [3, 3],
    ]);
    expect(client.mailbox && client.mailbox.exists).toBe(1);
    const status = await client.status('Flow/To', { messages: true, uidNext: true, unseen: true });
    expect(status).toMatchObject({ messages: 3, uidNext: 4, unseen: 3 });
  });

  it('lists special-use folders of a new account', async () => {
    const client = await connect();
    const list = await client.list();
    const uses = Object.fromEntries(list.filter((m) => m.specialUse).map((m) => [m.specialUse, m.path]));
    expect(uses).toMatchObject({ '\\Sent': 'Sent', '\\Drafts': 'Drafts', '\\Trash': 'Trash', '\\Archive': 'Archive', '\\Junk': 'Junk' });
    expect(list.find((m) => m.path === 'INBOX')).toBeTruthy();
  });
});
