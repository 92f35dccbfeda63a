// What a connection may hold for a client that does not read (write-guard.ts): writes piled
// up behind a full buffer past maxOutputBacklog cut it, so does a client that takes nothing
// for writeStallTimeout; a client that reads, however large the answer, is served in full.
import net from 'node:net';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WriteGuard } from '../../src/server/write-guard.js';
import { BenchClient } from '../bench/bench-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';

/** The parts of a socket the guard looks at. */
class FakeSocket extends EventEmitter {
  bytesWritten = 0;
  writableLength = 0;
  destroyed = false;
  destroy() {
    this.destroyed = true;
  }
  /** The client read `n` bytes. */
  read(n: number) {
    this.writableLength -= n;
  }
  queue(n: number) {
    this.bytesWritten += n;
    this.writableLength += n;
  }
}

const guardOn = (socket: FakeSocket, limits = { maxOutputBacklog: 100, writeStallTimeout: 10 }) =>
  new WriteGuard(socket as unknown as net.Socket, limits);

describe('WriteGuard', () => {
  it('lets the pieces of one response through together, however large', () => {
    const socket = new FakeSocket();
    const guard = guardOn(socket);
    guard.waiting(); // the first piece filled the buffer
    expect(guard.allowQueued(10_000_000)).toBe(true);
    expect(guard.allowQueued(2)).toBe(true);
    expect(socket.destroyed).toBe(false);
    guard.drained();
  });

  it('cuts the connection when writes made later pile up past maxOutputBacklog', async () => {
    const socket = new FakeSocket();
    const guard = guardOn(socket);
    guard.waiting();
    await Promise.resolve(); // a later turn: a BYE, a push, an answer to an error
    expect(guard.allowQueued(60)).toBe(true);
    expect(guard.allowQueued(40)).toBe(true);
    expect(socket.destroyed).toBe(false);
    expect(guard.allowQueued(1)).toBe(false);
    expect(socket.destroyed).toBe(true);
    guard.drained();
  });

  it('forgets the backlog once the client has read it all', async () => {
    const socket = new FakeSocket();
    const guard = guardOn(socket);
    guard.waiting();
    await Promise.resolve();
    expect(guard.allowQueued(90)).toBe(true);
    guard.drained();
    guard.waiting();
    await Promise.resolve();
    expect(guard.allowQueued(90)).toBe(true);
    expect(socket.destroyed).toBe(false);
    guard.drained();
  });

  describe('stalls', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('cuts a client that takes nothing for writeStallTimeout, not a slow one', () => {
      vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
      const slow = new FakeSocket();
      const stuck = new FakeSocket();
      const slowGuard = guardOn(slow);
      const stuckGuard = guardOn(stuck);
      for (const s of [slow, stuck]) s.queue(1_000_000);
      slowGuard.waiting();
      stuckGuard.waiting();
      for (let i = 0; i < 5; i++) {
        slow.read(1000); // a few bytes in each period is enough
        vi.advanceTimersByTime(10_000);
      }
      expect(slow.destroyed).toBe(false);
      expect(stuck.destroyed).toBe(true);
      slowGuard.drained();
      stuckGuard.drained();
    });
  });
});

describe('clients that do not read, on a real server', () => {
  let server: TestServer | undefined;
  const sockets: net.Socket[] = [];
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    await server?.stop();
    server = undefined;
  });

  async function withBigMessages(limits: Parameters<typeof startTestServer>[0], count: number, size: number) {
    server = await startTestServer(limits);
    const store = server.server.store;
    const user = (await store.verifyPassword(TEST_USER, TEST_PASSWORD))!;
    const inbox = (await store.getMailbox(user.id, 'INBOX'))!;
    const big = Buffer.concat([Buffer.from('Subject: big\r\n\r\n'), Buffer.alloc(size, 0x61)]);
    for (let i = 0; i < count; i++) await store.append(inbox.id, { data: big, flags: [] });
    return big.length;
  }

  it('lets go of a client that stops reading a large FETCH, after writeStallTimeout', async () => {
    await withBigMessages({ writeStallTimeout: 1, closeGrace: 1 }, 6, 4 << 20);
    const socket = net.connect(server!.port, '127.0.0.1');
    sockets.push(socket);
    socket.on('error', () => undefined);
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(`a LOGIN ${TEST_USER} ${TEST_PASSWORD}\r\nb SELECT INBOX\r\nc FETCH 1:* BODY.PEEK[]\r\n`);
    socket.pause(); // and never read again
    const listener = server!.server.listener;
    expect(listener.sessionCount()).toBe(1);
    for (let i = 0; i < 200 && listener.sessionCount() > 0; i++) await new Promise((r) => setTimeout(r, 50));
    expect(listener.sessionCount()).toBe(0);
    expect(await listener.socketCount()).toBe(0);
  });

  it('serves a large FETCH in full to a client that reads, however small the backlog cap', async () => {
    const size = await withBigMessages({ maxOutputBacklog: 1024, writeStallTimeout: 1 }, 3, 4 << 20);
    const client = await BenchClient.connect('127.0.0.1', server!.port);
    await client.command('l', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    await client.command('s', 'SELECT INBOX');
    // Two large literals in one response: the second is handed over while the first waits.
    const answer = await client.command('f', 'FETCH 1:3 (BODY.PEEK[] BODY.PEEK[TEXT])');
    client.close();
    expect(answer.match(new RegExp(`BODY\\[\\] \\{${size}\\}\\r\\n`, 'g'))).toHaveLength(3);
    expect(answer.match(new RegExp(`BODY\\[TEXT\\] \\{${size - 16}\\}\\r\\n`, 'g'))).toHaveLength(3);
    expect(answer).toMatch(/\r\nf OK FETCH completed\r\n$/);
    expect(answer.length).toBeGreaterThan(6 * size - 100);
  });
});
