// Clients that stop playing along: one that never closes its side after BYE, one that stops
// reading in the middle of a large answer, one that never answers a continuation. None may
// keep a connection slot or hold up shutdown for longer than the close grace time.
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
const sockets: net.Socket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  await server?.stop();
  server = undefined;
});

/** A raw socket that keeps its side open after the server's FIN (as a dead or hostile peer does). */
async function stubborn(port: number): Promise<{ socket: net.Socket; received: () => string }> {
  const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
  sockets.push(socket);
  let text = '';
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => undefined);
  await new Promise((resolve) => socket.once('connect', resolve));
  return { socket, received: () => text };
}

const within = <T>(p: Promise<T>, ms: number): Promise<T | 'timed out'> =>
  Promise.race([p, new Promise<'timed out'>((resolve) => setTimeout(() => resolve('timed out'), ms))]);

async function waitFor(test: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!test() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  return test();
}

describe('clients that stop playing along', () => {
  it('lets go of a refused connection (over the cap) whose client never closes its side', async () => {
    server = await startTestServer({ maxConnections: 1, closeGrace: 1 });
    const first = await stubborn(server.port);
    expect(await waitFor(() => first.received().startsWith('* OK [CAPABILITY'), 3000)).toBe(true);
    const refused = await stubborn(server.port);
    expect(await waitFor(() => refused.received() === '* BYE [UNAVAILABLE] Too many connections\r\n', 3000)).toBe(true);
    const listener = server.server.listener;
    expect(await listener.socketCount()).toBe(2);
    // Past the grace time the server has let go of the refused socket; the session stays.
    await new Promise((r) => setTimeout(r, 1500));
    expect(await listener.socketCount()).toBe(1);
    expect(listener.sessionCount()).toBe(1);
  });

  it('frees the slot of a timed-out connection whose client never closes its side', async () => {
    server = await startTestServer({ preLoginTimeout: 1, maxConnections: 1, closeGrace: 1 });
    const { received } = await stubborn(server.port);
    expect(await waitFor(() => received().includes('* BYE Autologout'), 3000)).toBe(true);
    // cut after the grace time, so the one slot is free again
    expect(await waitFor(() => server!.server.listener.sessionCount() === 0, 3000)).toBe(true);
    const next = await stubborn(server.port);
    expect(await waitFor(() => next.received().startsWith('* OK [CAPABILITY'), 3000)).toBe(true);
  });

  it('shuts down though a client stopped reading in the middle of a large FETCH', async () => {
    server = await startTestServer({ closeGrace: 1 });
    const store = server.server.store;
    const user = (await store.verifyPassword(TEST_USER, TEST_PASSWORD))!;
    const inbox = (await store.getMailbox(user.id, 'INBOX'))!;
    const big = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(4 << 20, 0x61)]);
    for (let i = 0; i < 6; i++) await store.append(inbox.id, { data: big, flags: [] });
    const { socket } = await stubborn(server.port);
    socket.write(`a LOGIN ${TEST_USER} ${TEST_PASSWORD}\r\nb SELECT INBOX\r\nc FETCH 1:* BODY.PEEK[]\r\n`);
    socket.pause(); // and never read again
    await new Promise((r) => setTimeout(r, 500));
    const stopping = server.stop();
    server = undefined;
    expect(await within(stopping, 5000)).toBe(undefined);
  });

  it('shuts down though a client never answers the AUTHENTICATE continuation', async () => {
    server = await startTestServer({ closeGrace: 1 });
    const { socket, received } = await stubborn(server.port);
    socket.write('a AUTHENTICATE PLAIN\r\n');
    expect(await waitFor(() => received().includes('\r\n+ \r\n'), 3000)).toBe(true);
    const stopping = server.stop();
    server = undefined;
    expect(await within(stopping, 5000)).toBe(undefined);
    expect(received()).toContain('* BYE Server shutting down\r\n');
  });
});
