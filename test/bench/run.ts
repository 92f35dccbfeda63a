// `npm run bench`: starts cpm-imapd in a child process on a temp data folder and prints
// figures. With `--compare HOST:PORT --user U --password P` the APPEND figures are also
// taken from another IMAP server, side by side.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { BenchClient } from './bench-client.js';
import { openStore } from '../../src/store/open.js';
import { ChangeBus } from '../../src/events/bus.js';
import { fetchStructures, fillFromCorpus, noopLatencyDuringFetch } from './message-engine.js';
import { fillMetadataTree, getMetadataTree } from './metadata.js';
import { qresyncTimes } from './qresync.js';
import { conversationId, searchTimes } from './search.js';
import { hostileFigures, hostileRows } from './hostile.js';
import { tlsHandshakeFigures } from './tls.js';
import { fillThreadMailbox, threadReferences } from './thread.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'bin/cpm-imapd');

const USER = 'bench';
const PASSWORD = 'bench-password';

interface Target {
  name: string;
  host: string;
  port: number;
  user: string;
  password: string;
}

const { values: opts } = parseArgs({
  options: {
    compare: { type: 'string' },
    user: { type: 'string' },
    password: { type: 'string' },
    messages: { type: 'string', default: '100000' },
    idlers: { type: 'string', default: '1000' },
  },
});

function message(i: number): Buffer {
  const body = `Message number ${i}\r\n`.repeat(60);
  return Buffer.from(
    `From: bench@example.com\r\nTo: user@example.com\r\nSubject: bench ${i}\r\n${conversationId(i)}` +
      `Message-ID: <${i}.${Date.now()}@bench>\r\nDate: Sat, 21 Nov 2026 10:00:00 +0000\r\n\r\n${body}`,
  );
}

async function login(t: Target): Promise<BenchClient> {
  const c = await BenchClient.connect(t.host, t.port);
  const answer = await c.command('l', `LOGIN "${t.user}" "${t.password}"`);
  if (!/^l OK/m.test(answer)) throw new Error(`login failed on ${t.name}: ${answer}`);
  return c;
}

/** APPENDs `perClient` messages from each of `clients` connections; returns messages/s. */
async function appendRate(t: Target, mailbox: string, clients: number, perClient: number): Promise<number> {
  const conns = await Promise.all(Array.from({ length: clients }, () => login(t)));
  const started = performance.now();
  await Promise.all(
    conns.map(async (c, n) => {
      for (let i = 0; i < perClient; i++) {
        const m = message(n * perClient + i);
        const answer = await c.command(`a${i}`, Buffer.concat([Buffer.from(`APPEND ${mailbox} {${m.length}+}\r\n`), m, Buffer.from('\r\n')]));
        if (!/^a\d+ OK/m.test(answer.slice(answer.lastIndexOf(`a${i} `)))) throw new Error(`APPEND failed: ${answer}`);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  for (const c of conns) c.close();
  return (clients * perClient) / seconds;
}

async function selectAndFetch(c: BenchClient, mailbox: string) {
  let started = performance.now();
  await c.command('s', `SELECT ${mailbox}`);
  const selectMs = performance.now() - started;
  const before = c.bytesIn;
  started = performance.now();
  await c.command('f', 'FETCH 1:* (UID FLAGS)', false);
  const fetchMs = performance.now() - started;
  const bytes = c.bytesIn - before;
  return { selectMs, fetchMs, bytes };
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/**
 * Resident memory with `count` sessions in IDLE on INBOX, then the delay from one APPEND to
 * INBOX (sent by another client) until each idler has its EXISTS.
 */
async function idleFigures(t: Target, pid: number, count: number) {
  const base = rssMiB(pid);
  const conns: BenchClient[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async () => {
        const c = await login(t);
        await c.command('s', 'SELECT INBOX');
        const idling = c.waitFor('+');
        c.write('i IDLE\r\n');
        await idling;
        return c;
      }),
    );
    conns.push(...batch);
  }
  await new Promise((r) => setTimeout(r, 500));
  const loaded = rssMiB(pid);

  const writer = await login(t);
  const arrivals = conns.map((c) => c.arrival(' EXISTS\r\n'));
  const m = message(-1);
  const sent = performance.now();
  await writer.command('a', Buffer.concat([Buffer.from(`APPEND INBOX {${m.length}+}\r\n`), m, Buffer.from('\r\n')]));
  const delays = (await Promise.all(arrivals)).map((at) => at - sent).sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!;
  writer.close();
  for (const c of conns) c.close();
  return { base, loaded, perConnKiB: ((loaded - base) * 1024) / count, median: at(0.5), p99: at(0.99) };
}

/**
 * RFC 5465 NOTIFY: `count` sessions (none in IDLE, none with the mailbox selected) watch the
 * mailbox Notify with NOTIFY SET; the delay from one APPEND to it (by another client) until
 * each session has its unsolicited STATUS.
 */
async function notifyFigures(t: Target, count: number) {
  const writer = await login(t);
  await writer.command('c', 'CREATE Notify');
  const conns: BenchClient[] = [];
  for (let i = 0; i < count; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, count - i) }, async () => {
        const c = await login(t);
        await c.command('n', 'NOTIFY SET (mailboxes Notify (MessageNew MessageExpunge))');
        return c;
      }),
    );
    conns.push(...batch);
  }
  const arrivals = conns.map((c) => c.arrival('* STATUS Notify '));
  const m = message(-2);
  const sent = performance.now();
  await writer.command('a', Buffer.concat([Buffer.from(`APPEND Notify {${m.length}+}\r\n`), m, Buffer.from('\r\n')]));
  const delays = (await Promise.all(arrivals)).map((at) => at - sent).sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!;
  writer.close();
  for (const c of conns) c.close();
  return { median: at(0.5), p99: at(0.99) };
}

async function startOwnServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  // The idlers all come from 127.0.0.1, as no real crowd of clients would.
  const args = ['serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--log-level', 'warn', '--limit', `maxConnectionsPerAddress=${Number(opts.idlers) + 100}`];
  const child = spawn(process.execPath, [cli, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on [^\s]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  return { child, port };
}

/** Fills the store before the server starts: one account, every mailbox the figures need. */
async function fill(dataDir: string, messages: number) {
  const store = await openStore(dataDir, new ChangeBus());
  try {
    const user = await store.createUser(USER, PASSWORD);
    const big = await store.createMailbox(user.id, 'Big');
    for (let i = 0; i < messages; i += 5000) {
      const inputs = Array.from({ length: Math.min(5000, messages - i) }, (_, k) => ({
        data: message(i + k),
        flags: (i + k) % 3 === 0 ? ['\\Seen'] : [],
      }));
      await store.appendMany(big.id, inputs);
    }
    await fillThreadMailbox(store, user.id, 'Threads', 10_000);
    await fillFromCorpus(store, user.id, 'Corpus', 10_000);
    return await fillMetadataTree(store, user.id);
  } finally {
    await store.close();
  }
}

const row = (label: string, ours: string, theirs?: string) =>
  console.log(`${label.padEnd(62)} ${ours.padStart(14)}${theirs !== undefined ? theirs.padStart(16) : ''}`);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-bench-'));
  const messages = Number(opts.messages);
  const idlers = Number(opts.idlers);
  console.log(`Filling: ${messages} messages in Big, 10,000 reply-tree messages in Threads, 10,000 corpus messages in Corpus, 1,000 folders with 10 METADATA entries each...`);
  const filling = performance.now();
  const metadataFolders = await fill(dataDir, messages);
  console.log(`  filled in ${((performance.now() - filling) / 1000).toFixed(1)} s (store.appendMany, 5,000 per transaction, parsed and indexed)`);
  let { child, port } = await startOwnServer(dataDir);
  const ours: Target = { name: 'cpm-imapd', host: '127.0.0.1', port, user: USER, password: PASSWORD };
  let other: Target | undefined;
  if (opts.compare) {
    const at = opts.compare.lastIndexOf(':');
    other = { name: opts.compare, host: opts.compare.slice(0, at), port: Number(opts.compare.slice(at + 1)), user: opts.user ?? '', password: opts.password ?? '' };
  }
  try {
    console.log('');
    row('figure', 'cpm-imapd', other?.name);
    const a1 = await appendRate(ours, 'INBOX', 1, 1000);
    const b1 = other ? await appendRate(other, 'INBOX', 1, 1000) : undefined;
    row('APPEND, 1 client (messages/s)', a1.toFixed(0), b1?.toFixed(0));
    const a10 = await appendRate(ours, 'INBOX', 10, 300);
    const b10 = other ? await appendRate(other, 'INBOX', 10, 300) : undefined;
    row('APPEND, 10 clients (messages/s)', a10.toFixed(0), b10?.toFixed(0));

    const c = await login(ours);
    const sf = await selectAndFetch(c, 'Big');
    row(`SELECT ${messages}-message mailbox (ms)`, sf.selectMs.toFixed(0));
    row('FETCH 1:* (UID FLAGS) on it (ms)', sf.fetchMs.toFixed(0));
    row('  bytes sent by that FETCH', String(sf.bytes));
    const se = await searchTimes(c, 'Big', messages);
    row(`UID SEARCH TEXT "…", ${messages} messages, ${se.text.hits} hit (ms)`, se.text.ms.toFixed(1));
    row(`UID SEARCH HEADER Conversation-ID "…", ${se.header.hits} hit (ms)`, se.header.ms.toFixed(1));
    row(`UID SEARCH TEXT "message number", ${se.textCommon.hits} hits (ms)`, se.textCommon.ms.toFixed(0));
    const th = await threadReferences(c, 'Threads');
    row('THREAD REFERENCES UTF-8 ALL, 10,000 messages (ms)', th.ms.toFixed(0));
    row('  threads in the answer', String(th.threads));
    const fs10k = await fetchStructures(c, 'Corpus');
    row('FETCH 1:* (ENVELOPE BODYSTRUCTURE FLAGS), 10,000 msgs (ms)', fs10k.ms.toFixed(0));
    row('  bytes sent by that FETCH', String(fs10k.bytes));
    const probe = await login(ours);
    const lat = await noopLatencyDuringFetch(c, probe, 'Corpus');
    row('FETCH 1:* BODY.PEEK[] of 10,000 msgs by one client (ms)', lat.fetchMs.toFixed(0));
    row(`  NOOP latency of a 2nd client meanwhile, median (ms)`, lat.median.toFixed(2));
    row(`  NOOP latency, 99th percentile (${lat.noops} NOOPs) (ms)`, lat.p99.toFixed(2));
    probe.close();
    const md = await getMetadataTree(c, metadataFolders);
    row('GETMETADATA DEPTH infinity /shared, 1,000 folders x 10 (ms)', md.totalMs.toFixed(0));
    row('  per command, pipelined (ms)', md.perCommandMs.toFixed(3));
    row('  one at a time, median (ms)', md.sequentialMedianMs.toFixed(3));
    const listing = performance.now();
    await c.command('ls', 'LIST "" "MetaTree/*" RETURN (STATUS (MESSAGES UNSEEN SIZE))', false);
    row('LIST-STATUS (MESSAGES UNSEEN SIZE), 1,040 folders (ms)', (performance.now() - listing).toFixed(0));
    c.close();

    const qc = await login(ours);
    const qr = await qresyncTimes(qc, 'Big');
    row(`SELECT (QRESYNC) ${qr.messages} msgs, 10 changed + 10 expunged (ms)`, qr.few.ms.toFixed(1));
    row('  bytes sent', String(qr.few.bytes));
    row(`SELECT (QRESYNC), ${qr.many.changes} changes (ms)`, qr.many.ms.toFixed(1));
    row('  bytes sent', String(qr.many.bytes));
    qc.close();

    // A fresh server process for the memory figure: the one above carries the garbage of the
    // large answers it just sent, and when V8 collects it the RSS difference means nothing.
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    ({ child, port } = await startOwnServer(dataDir));
    ours.port = port;
    const idle = await idleFigures(ours, child.pid!, idlers);
    row(`server RSS before ${idlers} IDLE connections (MiB)`, idle.base.toFixed(1));
    row(`server RSS with ${idlers} connections in IDLE (MiB)`, idle.loaded.toFixed(1));
    row('  per idle connection (KiB)', idle.perConnKiB.toFixed(1));
    row(`APPEND to EXISTS in ${idlers} IDLE sessions, median (ms)`, idle.median.toFixed(1));
    row('  99th percentile (ms)', idle.p99.toFixed(1));

    const notify = await notifyFigures(ours, idlers);
    row(`APPEND to NOTIFY STATUS in ${idlers} sessions, median (ms)`, notify.median.toFixed(1));
    row('  99th percentile (ms)', notify.p99.toFixed(1));

    hostileRows(await hostileFigures(ours, child.pid!, 'Corpus'), row);

    const hs = await tlsHandshakeFigures(cli);
    row('TLS 1.3 full handshakes, certificate, 1 client (/s)', hs.certSequential.toFixed(0));
    row('  8 clients at once (/s)', hs.certConcurrent.toFixed(0));
    row('TLS 1.3 handshakes, PSK (PREAUTH), 1 client (/s)', hs.pskSequential.toFixed(0));
    row('  8 clients at once (/s)', hs.pskConcurrent.toFixed(0));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
