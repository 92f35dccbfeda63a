// The plain TCP listener: accepts connections, wraps each socket as a session Connection,
// enforces the connection limit, and shuts every session down cleanly.
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { Session, type Connection } from '../imap/session.js';
import type { ServerContext } from './context.js';

export interface Listener {
  readonly host: string;
  readonly port: number;
  /** Stops accepting, says BYE to every session after its command in flight, and waits. */
  close(): Promise<void>;
  sessionCount(): number;
  /** Open sockets, refused ones (over the cap, still closing) included. */
  socketCount(): Promise<number>;
}

export function listen(ctx: ServerContext, host: string, port: number): Promise<Listener> {
  const sessions = new Set<Session>();
  const server = net.createServer({ noDelay: true }, (socket) => {
    if (sessions.size >= ctx.limits.maxConnections) {
      socket.write('* BYE [UNAVAILABLE] Too many connections\r\n');
      endWithin(socket, ctx.limits.closeGrace);
      return;
    }
    const session = new Session(socketConnection(socket, ctx.limits.closeGrace), ctx);
    sessions.add(session);
    socket.on('data', (chunk: Buffer) => session.onData(chunk));
    socket.on('timeout', () => session.onTimeout());
    socket.on('error', (err) => session.log.debug({ err }, 'socket error'));
    socket.on('close', () => {
      session.onClose();
      sessions.delete(session);
      session.log.debug('closed');
    });
    session.log.debug('connected');
    void session.start();
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as net.AddressInfo;
      ctx.log.info({ host: address.address, port: address.port }, 'listening');
      resolve({
        host: address.address,
        port: address.port,
        sessionCount: () => sessions.size,
        socketCount: () => new Promise((done, fail) => server.getConnections((err, n) => (err ? fail(err) : done(n)))),
        async close() {
          const stopped = new Promise<void>((done) => server.close(() => done()));
          await Promise.all([...sessions].map((s) => s.shutdown()));
          await stopped;
        },
      });
    });
  });
}

function socketConnection(socket: net.Socket, closeGrace: number): Connection {
  // One wait for 'drain' shared by every write made while the buffer is full, so that many
  // writes in a row (the pieces of a large response) do not each add listeners.
  let draining: Promise<void> | null = null;
  return {
    id: randomBytes(6).toString('base64url'),
    remoteAddress: `${socket.remoteAddress}:${socket.remotePort}`,
    write(data) {
      if (socket.destroyed || socket.writableEnded) return Promise.resolve();
      if (socket.write(data)) return Promise.resolve();
      // Wait for the client to read, or for the socket to go away.
      return (draining ??= new Promise((resolve) => {
        const done = () => {
          socket.off('drain', done);
          socket.off('close', done);
          draining = null;
          resolve();
        };
        socket.on('drain', done);
        socket.on('close', done);
      }));
    },
    end: () => endWithin(socket, closeGrace),
    setTimeout: (seconds) => socket.setTimeout(seconds * 1000),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
  };
}

/**
 * Ends the socket; a client that never reads what is left, or never closes its side, must not
 * keep the socket (and its connection slot, and a shutdown) for more than `closeGrace` seconds.
 */
function endWithin(socket: net.Socket, closeGrace: number): void {
  socket.end();
  const cut = setTimeout(() => socket.destroy(), closeGrace * 1000).unref();
  socket.once('close', () => clearTimeout(cut));
}
