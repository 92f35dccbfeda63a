// The login deadline on a real socket: a client that trickles a byte more often than the idle
// timeout (slowloris) is still cut at preLoginTimeout. One of the few tests with a real timer
// (1 s); limits-session.test.ts drives the same deadline with a fake clock.
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('the login deadline', () => {
  it('cuts a client that keeps sending a byte at a time and never logs in', async () => {
    server = await startTestServer({ preLoginTimeout: 1 });
    const c = await RawClient.connect(server.port);
    expect(await c.next()).toMatch(/^\* OK /);
    // A byte every 200 ms: the idle timer (also 1 s) never runs out.
    const trickle = setInterval(() => c.write('a'), 200);
    try {
      expect(await c.next(5000)).toBe('* BYE Autologout; took too long to log in\r\n');
      expect(await c.closedByServer()).toBe(true);
    } finally {
      clearInterval(trickle);
      c.close();
    }
    const listener = server.server.listener;
    for (let i = 0; i < 100 && listener.sessionCount() > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(listener.sessionCount()).toBe(0);
  });
});
