// The listeners (plain TCP with STARTTLS, and implicit TLS): accept connections, wrap each
// socket as a session Connection, enforce the connection limit, and shut every session down
// cleanly.
import net from 'node:net';
import tls from 'node:tls';
import { randomBytes } from 'node:crypto';
import { Session, type Connection } from '../imap/session.js';
import { startPreauthenticated } from '../imap/preauth.js';
import type { User } from '../store/types.js';
import { implicitTlsOptions, startTlsOptions, type TlsCredentials } from './tls.js';
import type { ServerContext } from './context.js';
import { Admission } from './admission.js';
import { InputBudget } from './input-budget.js';
import { WriteGuard } from './write-guard.js';

export interface Listener {
  readonly host: string;
  readonly port: number;
  /** Stops accepting, says BYE to every session after its command in flight, and waits. */
  close(): Promise<void>;
  sessionCount(): number;
  /** Open sockets, refused ones (over the cap, still closing) included. */
  socketCount(): Promise<number>;
}

/** TLS on a listener: `implicit` makes it a TLS port (PSK logins included); else a certificate offers STARTTLS. */
export interface ListenerTls {
  credentials: TlsCredentials | null;
  implicit: boolean;
}

export function listen(ctx: ServerContext, host: string, port: number, tlsMode?: ListenerTls): Promise<Listener> {
  const sessions = new Set<Session>();
  const credentials = tlsMode?.credentials ?? null;
  const startTls: StartTls | undefined =
    credentials && !tlsMode?.implicit ? { credentials, guardFor: (socket) => new WriteGuard(socket, ctx.limits) } : undefined;
  const admission = (ctx.admission ??= new Admission(ctx.limits));
  ctx.inputBudget ??= new InputBudget(ctx.limits.maxPendingInput);
  const onConnection = (socket: net.Socket, preauth: User | null) => {
    const admitted = admission.admit(socket.remoteAddress);
    if (admitted === 'total' || admitted === 'address') {
      socket.write(`* BYE [UNAVAILABLE] Too many connections${admitted === 'address' ? ' from your address' : ''}\r\n`);
      endWithin(socket, ctx.limits.closeGrace);
      return;
    }
    socket.once('close', admitted.release);
    const session = new Session(socketConnection(socket, ctx.limits.closeGrace, new WriteGuard(socket, ctx.limits), startTls), ctx);
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
    void (preauth ? startPreauthenticated(session, preauth) : session.start());
  };
  const server = tlsMode?.implicit
    ? implicitTlsServer(ctx, credentials, onConnection)
    : net.createServer({ noDelay: true }, (socket) => onConnection(socket, null));

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const address = server.address() as net.AddressInfo;
      ctx.log.info({ host: address.address, port: address.port, tls: tlsMode?.implicit === true }, 'listening');
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

/** What a plain connection needs for STARTTLS: the certificate now, and a write guard for the TLS socket. */
interface StartTls {
  credentials: TlsCredentials;
  guardFor(socket: net.Socket): WriteGuard;
}

function socketConnection(socket: net.Socket, closeGrace: number, guard: WriteGuard, startTls?: StartTls): Connection {
  // One wait for 'drain' shared by every write made while the buffer is full, so that many
  // writes in a row (the pieces of a large response) do not each add listeners.
  let draining: Promise<void> | null = null;
  let secure = socket instanceof tls.TLSSocket;
  let timeoutSeconds = 0;
  // STARTTLS: `armed` from the command until its OK is written, `switching` until the handshake ends.
  let armed: ((upgraded: boolean) => void) | null = null;
  let switching = false;

  /** After the OK has gone out in plaintext: the same TCP stream continues as TLS. */
  const upgrade = (settle: (upgraded: boolean) => void) => {
    const raw = socket;
    if (raw.destroyed) return settle(false);
    raw.setTimeout(0);
    // Moved before the wrap: bytes the raw socket buffered meanwhile go to the TLS engine, and
    // must not be emitted to the session as plaintext on the way.
    const moved = (['data', 'timeout', 'error', 'close'] as const).map((event) => {
      const listeners = raw.listeners(event) as Array<(...args: unknown[]) => void>;
      raw.removeAllListeners(event);
      return [event, listeners] as const;
    });
    raw.on('error', () => undefined); // the TLS socket reports errors
    const secured = new tls.TLSSocket(raw, startTlsOptions(startTls!.credentials));
    for (const [event, listeners] of moved) for (const listener of listeners) secured.on(event, listener);
    socket = secured; // anything written from now on (a BYE) goes through TLS
    guard = startTls!.guardFor(secured);
    secured.setTimeout(timeoutSeconds * 1000);
    secured.once('secure', () => {
      secure = true;
      switching = false;
      settle(true);
    });
    // A client gone before finishing the handshake: nothing queued for it can ever be sent.
    secured.once('end', () => {
      if (!secure) secured.destroy();
    });
    secured.once('close', () => {
      switching = false;
      if (!secure) settle(false);
    });
  };

  return {
    id: randomBytes(6).toString('base64url'),
    remoteAddress: `${socket.remoteAddress}:${socket.remotePort}`,
    remoteIp: socket.remoteAddress ?? '',
    get secure() {
      return secure;
    },
    get canStartTls() {
      return startTls !== undefined && !secure && !armed && !switching;
    },
    startTls() {
      if (!startTls || secure || armed || switching) return Promise.reject(new Error('STARTTLS is not possible now'));
      socket.pause(); // not one more plaintext byte reaches the session
      return new Promise((resolve) => (armed = resolve));
    },
    write(data) {
      if (socket.destroyed || socket.writableEnded) return Promise.resolve();
      if (armed) {
        const settle = armed;
        armed = null;
        switching = true;
        socket.write(data, (err) => (err ? settle(false) : upgrade(settle)));
        return Promise.resolve();
      }
      if (draining && !guard.allowQueued(data.length)) return Promise.resolve();
      if (socket.write(data)) return Promise.resolve();
      // Wait for the client to read, or for the socket to go away.
      guard.waiting();
      const writing = socket;
      return (draining ??= new Promise((resolve) => {
        const done = () => {
          guard.drained();
          writing.off('drain', done);
          writing.off('close', done);
          draining = null;
          resolve();
        };
        writing.on('drain', done);
        writing.on('close', done);
      }));
    },
    end: () => endWithin(socket, closeGrace),
    setTimeout: (seconds) => {
      timeoutSeconds = seconds;
      socket.setTimeout(seconds * 1000);
    },
    pause: () => socket.pause(),
    // While STARTTLS is under way the session must not read: the bytes belong to the handshake.
    resume: () => {
      if (!armed && !switching) socket.resume();
    },
  };
}

/**
 * The implicit-TLS server (RFC 8314): certificate clients log in as usual; a PSK handshake
 * logs the device in as the account its key was issued for. A certificate reload applies to
 * handshakes from then on.
 */
function implicitTlsServer(
  ctx: ServerContext,
  credentials: TlsCredentials | null,
  onConnection: (socket: net.Socket, preauth: User | null) => void,
): tls.Server {
  const { options, pskUser } = implicitTlsOptions(ctx.store, credentials, ctx.limits.preLoginTimeout * 1000);
  const server = tls.createServer(options, (socket) => {
    socket.setNoDelay(true);
    onConnection(socket, pskUser(socket));
  });
  // Sessions are admitted once the handshake is done. Before that, every socket of this port
  // is counted on its own from its first byte, by the same caps, so that one address cannot
  // hold endless unfinished handshakes (a refused one is cut: there is no TLS yet for a BYE).
  const sockets = new Admission(ctx.limits);
  server.on('connection', (raw: net.Socket) => {
    const admitted = sockets.admit(raw.remoteAddress);
    if (admitted === 'total' || admitted === 'address') {
      raw.destroy();
      return;
    }
    raw.once('close', admitted.release);
  });
  server.on('tlsClientError', (err, socket) => ctx.log.debug({ err, remote: socket.remoteAddress }, 'TLS handshake failed'));
  if (credentials) {
    const unsubscribe = credentials.onReload((contextOptions) => server.setSecureContext(contextOptions));
    server.once('close', unsubscribe);
  }
  return server;
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
