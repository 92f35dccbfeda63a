// A client that asks for every body and hangs up must not make the server read them all for
// nobody: the FETCH stops once the connection is gone.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';

const MESSAGES = 300;
const BODY = 'x'.repeat(100_000);

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  const store = server.server.store;
  const user = (await store.getUser(TEST_USER))!;
  const inbox = (await store.getMailbox(user.id, 'INBOX'))!;
  const data = (n: number) => Buffer.from(`Subject: ${n}\r\n\r\n${BODY}\r\n`);
  await store.appendMany(inbox.id, Array.from({ length: MESSAGES }, (_, n) => ({ data: data(n), flags: [] })));
});
afterAll(() => server.stop());

describe('FETCH after the client has gone', () => {
  it('stops reading messages once the connection is closed', async () => {
    const reads = vi.spyOn(server.server.store, 'readMessage');
    const c = await RawClient.connect(server.port);
    await c.next();
    await c.command('l', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    await c.command('s', 'EXAMINE INBOX');
    reads.mockClear();
    // 30 MB of answer: the socket fills long before the end, and the client never reads it.
    c.send('f FETCH 1:* BODY.PEEK[]');
    await vi.waitFor(() => expect(reads.mock.calls.length).toBeGreaterThan(0));
    c.close();
    await vi.waitFor(() => expect(server.server.listener.sessionCount()).toBe(0));
    // Give a FETCH that went on regardless far more than the time to read the rest.
    const soon = reads.mock.calls.length;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(reads.mock.calls.length).toBeLessThan(MESSAGES);
    expect(reads.mock.calls.length - soon).toBeLessThanOrEqual(1);
  });
});
