// LIST-STATUS (RFC 5819) and STATUS=SIZE (RFC 8438) through imapflow: with LIST-STATUS
// advertised, `list({ statusQuery })` sends one `LIST "" "*" RETURN (STATUS (...) SPECIAL-USE)`
// and reads the STATUS responses that follow the LIST lines.
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

describe('imapflow list with statusQuery', () => {
  it('gets every mailbox with its STATUS from one LIST', async () => {
    const c = await connectFlow(server.port);
    open.push(c);
    const client = c.client;
    await client.mailboxCreate('LS/one');
    await client.append('LS/one', 'From: a@example.com\r\nSubject: 1\r\n\r\nx\r\n', ['\\Seen']);
    await client.append('LS/one', 'From: a@example.com\r\nSubject: 2\r\n\r\ny\r\n');
    // Record the commands imapflow sends: one LIST (and its LSUB), no STATUS.
    const flow = client as unknown as { exec: (command: string, ...rest: unknown[]) => Promise<unknown> };
    const exec = flow.exec.bind(client);
    const sent: string[] = [];
    flow.exec = (command, ...rest) => {
      sent.push(command);
      return exec(command, ...rest);
    };
    const list = await client.list({ statusQuery: { messages: true, unseen: true, uidNext: true, highestModseq: true } });
    const one = list.find((m) => m.path === 'LS/one');
    expect(one?.status).toMatchObject({ messages: 2, unseen: 1, uidNext: 3 });
    expect(typeof one?.status?.highestModseq).toBe('bigint');
    expect(list.find((m) => m.path === 'Sent')?.specialUse).toBe('\\Sent');
    expect(list.find((m) => m.path === 'INBOX')?.status).toMatchObject({ messages: 0 });
    expect(sent.filter((c) => c !== 'LSUB')).toEqual(['LIST']);
  });
});
