// TLS handshakes per second on the implicit-TLS listener: full TLS 1.3 handshakes (no
// resumption: the server issues no tickets) with the certificate, and with a pre-shared key,
// one client after another and from 8 clients at once. A handshake counts once the greeting
// has arrived over it.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { generate } from 'selfsigned';
import { ChangeBus } from '../../src/events/bus.js';
import { openStore } from '../../src/store/open.js';

export interface HandshakeFigures {
  certSequential: number;
  certConcurrent: number;
  pskSequential: number;
  pskConcurrent: number;
}

const CONCURRENCY = 8;
const PSK_IDENTITY = 'bench-device';

/** Connects, waits for the greeting, disconnects; rejects on a greeting that is not the expected kind. */
function handshake(port: number, options: tls.ConnectionOptions, greeting: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', minVersion: 'TLSv1.3', ...options });
    socket.once('data', (chunk: Buffer) => {
      socket.destroy();
      if (chunk.toString('latin1').startsWith(greeting)) resolve();
      else reject(new Error(`unexpected greeting: ${chunk.toString('latin1')}`));
    });
    socket.once('error', reject);
  });
}

/** Handshakes per second: `total` of them, `parallel` at a time. */
async function rate(port: number, options: tls.ConnectionOptions, greeting: string, total: number, parallel: number): Promise<number> {
  let started = 0;
  const began = performance.now();
  await Promise.all(
    Array.from({ length: parallel }, async () => {
      while (started < total) {
        started++;
        await handshake(port, options, greeting);
      }
    }),
  );
  return total / ((performance.now() - began) / 1000);
}

function startServer(cli: string, args: string[]): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [cli, 'serve', ...args, '--log-level', 'warn'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /IMAP over TLS on [^\s;]+:(\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
}

/** Starts its own server (own data folder and certificate) so the figures do not depend on the others. */
export async function tlsHandshakeFigures(cli: string, handshakes = 500): Promise<HandshakeFigures> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-bench-tls-'));
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }] }],
  });
  fs.writeFileSync(path.join(dir, 'cert.pem'), pems.cert);
  fs.writeFileSync(path.join(dir, 'key.pem'), pems.private, { mode: 0o600 });
  const data = path.join(dir, 'data');
  const key = randomBytes(32);
  const store = await openStore(data, new ChangeBus());
  try {
    await store.createUser('bench', randomBytes(12).toString('hex'));
    await store.addPsk(PSK_IDENTITY, 'bench', key);
  } finally {
    await store.close();
  }
  const { child, port } = await startServer(cli, [
    '--data', data, '--listen', '127.0.0.1:0', '--tls-listen', '127.0.0.1:0',
    '--cert', path.join(dir, 'cert.pem'), '--key', path.join(dir, 'key.pem'),
  ]);
  try {
    const cert: tls.ConnectionOptions = { ca: pems.cert, servername: 'localhost' };
    const psk: tls.ConnectionOptions = { pskCallback: () => ({ identity: PSK_IDENTITY, psk: key }) };
    await rate(port, cert, '* OK ', 20, 1); // warm-up
    return {
      certSequential: await rate(port, cert, '* OK ', handshakes, 1),
      certConcurrent: await rate(port, cert, '* OK ', handshakes, CONCURRENCY),
      pskSequential: await rate(port, psk, '* PREAUTH ', handshakes, 1),
      pskConcurrent: await rate(port, psk, '* PREAUTH ', handshakes, CONCURRENCY),
    };
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
