// Shared mailboxes through imapflow: it reads NAMESPACE, lists another user's mailbox under
// "Other Users/", opens it and fetches from it, and is refused where the ACL says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { connectFlow, type CheckedClient } from '../support/imapflow.js';

let server: TestServer;
const open: CheckedClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
  await server.server.store.createUser('bob', 'bob-password');
});
afterAll(async () => {
  for (const c of open) {
    await c.client.logout().catch(() => undefined);
    expect(c.violations).toEqual([]);
  }
  await server.stop();
});

describe('imapflow and ACL', () => {
  it('bob sees, opens and reads what alice shares, read-only, and may not change it', async () => {
    const alice = await connectFlow(server.port);
    open.push(alice);
    await alice.client.mailboxCreate('Team');
    await alice.client.append('Team', 'From: a@example.com\r\nSubject: plan\r\n\r\nx\r\n', ['\\Flagged']);
    const flow = alice.client as unknown as { exec: (command: string, attributes: unknown[]) => Promise<{ next(): void }> };
    const done = await flow.exec('SETACL', [{ type: 'ATOM', value: 'Team' }, { type: 'ATOM', value: 'bob' }, { type: 'ATOM', value: 'lr' }]);
    done.next();

    const bob = await connectFlow(server.port, 'bob', 'bob-password');
    open.push(bob);
    // imapflow keeps what NAMESPACE answered (not in its type declarations).
    const { namespaces } = bob.client as unknown as { namespaces: { other: Array<{ prefix: string; delimiter: string }>; shared: Array<{ prefix: string }> } };
    expect(namespaces.other).toEqual([{ prefix: 'Other Users/', delimiter: '/' }]);
    expect(namespaces.shared).toEqual([{ prefix: 'Shared/', delimiter: '/' }]);
    const paths = (await bob.client.list()).map((m) => m.path);
    expect(paths).toContain('Other Users/alice/Team');
    expect(paths).not.toContain('Other Users/alice/INBOX');

    const lock = await bob.client.getMailboxLock('Other Users/alice/Team');
    try {
      expect(bob.client.mailbox && bob.client.mailbox.readOnly).toBe(true);
      const message = await bob.client.fetchOne('1', { envelope: true, flags: true, source: true });
      expect(message && message.envelope?.subject).toBe('plan');
      expect(message && [...(message.flags ?? [])]).not.toContain('\\Seen');
      await expect(bob.client.messageFlagsAdd('1', ['\\Seen'])).resolves.toBe(false);
    } finally {
      lock.release();
    }
    // Nothing bob did set a flag: alice still sees the message unread.
    const aliceLock = await alice.client.getMailboxLock('Team');
    try {
      const seen = await alice.client.fetchOne('1', { flags: true });
      expect(seen && [...(seen.flags ?? [])]).not.toContain('\\Seen');
    } finally {
      aliceLock.release();
    }
    await expect(bob.client.mailboxCreate('Other Users/alice/Team/sub')).rejects.toThrow();
    await expect(bob.client.status('Other Users/alice/INBOX', { messages: true })).rejects.toThrow();
  });
});
