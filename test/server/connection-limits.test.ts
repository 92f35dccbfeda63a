// The server layer's limits: idle timeouts before and after login, the connection cap,
// and a clean BYE to every session on shutdown.
import { afterEach, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('connection limits', () => {
  it('logs out a client that says nothing before login', async () => {
    server = await startTestServer({ preLoginTimeout: 1 });
    const started = Date.now();
    const c = await RawClient.connect(server.port);
    expect(await c.next()).toMatch(/^\* OK /);
    expect(await c.next(3000)).toBe('* BYE Autologout; idle for too long\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await c.closedByServer()).toBe(true);
  });

  it('uses the longer timeout once logged in', async () => {
    server = await startTestServer({ preLoginTimeout: 1, idleTimeout: 2 });
    const c = await RawClient.connect(server.port);
    await c.next();
    await c.command('a', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    const started = Date.now();
    expect(await c.next(4000)).toBe('* BYE Autologout; idle for too long\r\n');
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
  });

  it('refuses connections past the cap with BYE [UNAVAILABLE]', async () => {
    server = await startTestServer({ maxConnections: 2 });
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    await a.next();
    await b.next();
    const c = await RawClient.connect(server.port);
    expect(await c.next()).toBe('* BYE [UNAVAILABLE] Too many connections\r\n');
    expect(await c.closedByServer()).toBe(true);
    a.close();
    await new Promise((r) => setTimeout(r, 100));
    const d = await RawClient.connect(server.port);
    expect(await d.next()).toMatch(/^\* OK \[CAPABILITY /);
    for (const x of [b, d]) x.close();
  });

  it('says BYE to every session on shutdown, after the command in flight', async () => {
    server = await startTestServer();
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    await a.next();
    await b.next();
    await a.command('l', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    const stopping = server.stop();
    server = undefined;
    expect(await a.next()).toBe('* BYE Server shutting down\r\n');
    expect(await b.next()).toBe('* BYE Server shutting down\r\n');
    expect(await a.closedByServer()).toBe(true);
    await stopping;
  });
});
