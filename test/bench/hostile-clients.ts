// The hostile side of the hostile-clients benchmark (hostile.ts), run in a worker thread so
// that its sockets do not share an event loop with the well-behaved client being measured.
// Each kind gets a quarter of the connections, each connection its own loopback address
// (127.0.0.x), as attackers spread over addresses would be:
//   flood       pipelines NOOPs as fast as the server takes them (and reads the answers)
//   literal     logs in and starts an APPEND of a 60 MiB literal, then trickles it: half of
//               them 16 KiB every 100 ms (holding memory), half 1 byte every 500 ms (slowloris)
//   garbage     sends random bytes; reconnects whenever the server says BYE
//   never-read  logs in, asks for 20 large messages, and never reads a byte of the answer
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import { parentPort, workerData } from 'node:worker_threads';

export interface HostileConfig {
  port: number;
  user: string;
  password: string;
  connections: number;
  /** Mailbox of large messages the never-read clients FETCH. */
  mailbox: string;
}

export interface HostileStats {
  opened: number;
  byes: number;
  bytesSent: number;
}

const config = workerData as HostileConfig;
const stats: HostileStats = { opened: 0, byes: 0, bytesSent: 0 };
const sockets = new Set<net.Socket>();
const timers: NodeJS.Timeout[] = [];
let stopping = false;

function connect(index: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port: config.port, host: '127.0.0.1', localAddress: `127.0.0.${2 + (index % 250)}` }, () => resolve(socket));
    socket.once('error', reject);
    socket.on('error', () => undefined);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    stats.opened++;
  });
}

function send(socket: net.Socket, data: string | Buffer): boolean {
  if (socket.destroyed) return false;
  stats.bytesSent += data.length;
  return socket.write(data);
}

/** Reads until `pattern` shows up (the answers are thrown away after). */
function waitFor(socket: net.Socket, pattern: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const onData = (d: Buffer) => {
      seen = (seen + d.toString('latin1')).slice(-4096);
      if (pattern.test(seen)) {
        socket.off('data', onData);
        resolve();
      }
    };
    socket.on('data', onData);
    socket.once('close', () => reject(new Error(`closed waiting for ${pattern}: ${seen}`)));
  });
}

async function loggedIn(index: number): Promise<net.Socket> {
  const socket = await connect(index);
  const greeting = waitFor(socket, /^\* OK/);
  await greeting;
  const ok = waitFor(socket, /(^|\r\n)l OK /);
  send(socket, `l LOGIN "${config.user}" "${config.password}"\r\n`);
  await ok;
  return socket;
}

async function flood(index: number): Promise<void> {
  const socket = await connect(index);
  socket.on('data', () => undefined);
  const batch = 'f NOOP\r\n'.repeat(500);
  const pump = () => {
    while (!stopping && send(socket, batch));
  };
  socket.on('drain', pump);
  pump();
}

async function literal(index: number, fat: boolean): Promise<void> {
  const socket = await loggedIn(index);
  socket.on('data', () => undefined);
  const ready = waitFor(socket, /\+ /);
  send(socket, `a APPEND INBOX {${60 << 20}}\r\n`);
  await ready;
  const piece = fat ? Buffer.alloc(16 << 10, 0x78) : Buffer.from('x');
  timers.push(setInterval(() => send(socket, piece), fat ? 100 : 500));
}

async function garbage(index: number): Promise<void> {
  if (stopping) return;
  const socket = await connect(index);
  socket.on('data', (d: Buffer) => {
    if (d.includes('* BYE')) stats.byes++;
  });
  const timer = setInterval(() => send(socket, randomBytes(4096)), 50);
  socket.once('close', () => {
    clearInterval(timer);
    if (!stopping) setTimeout(() => void garbage(index).catch(() => undefined), 100);
  });
}

async function neverRead(index: number): Promise<void> {
  const socket = await loggedIn(index);
  const selected = waitFor(socket, /(^|\r\n)s OK /);
  send(socket, `s EXAMINE ${config.mailbox}\r\n`);
  await selected;
  send(socket, 'f FETCH 1:20 BODY.PEEK[]\r\n');
  socket.pause();
}

async function main(): Promise<void> {
  const quarter = Math.floor(config.connections / 4);
  const started: Array<Promise<void>> = [];
  for (let i = 0; i < quarter; i++) {
    started.push(flood(i));
    started.push(literal(quarter + i, i % 2 === 0));
    started.push(garbage(2 * quarter + i));
    started.push(neverRead(3 * quarter + i));
  }
  const results = await Promise.allSettled(started);
  const failed = results.filter((r) => r.status === 'rejected');
  parentPort!.postMessage({ kind: 'started', failed: failed.length, reason: failed[0] && String((failed[0] as PromiseRejectedResult).reason) });
}

parentPort!.on('message', (message: string) => {
  if (message !== 'stop') return;
  stopping = true;
  for (const t of timers) clearInterval(t);
  for (const s of sockets) s.destroy();
  parentPort!.postMessage({ kind: 'stopped', stats });
});

void main();
