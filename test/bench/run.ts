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

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'bin/cpm-imapd');

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

async function selectAndFetch(t: Target, mailbox: string) {
  const c = await login(t);
  let started = performance.now();
  await c.command('s', `SELECT ${mailbox}`);
  const selectMs = performance.now() - started;
  const before = c.bytesIn;
  started = performance.now();
  await c.command('f', 'FETCH 1:* (UID FLAGS)');
  const fetchMs = performance.now() - started;
  const bytes = c.bytesIn - before;
  c.close();
  return { selectMs, fetchMs, bytes };
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function idleMemory(t: Target, pid: number, count: number) {
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
  for (const c of conns) c.close();
  return { base, loaded, perConnKiB: ((loaded - base) * 1024) / count };
}

async function startOwnServer(dataDir: string): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--log-level', 'warn'], {
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

async function fillMailbox(dataDir: string, user: string, password: string, mailbox: string, count: number) {
  const store = await openStore(dataDir, new ChangeBus());
  const u = await store.createUser(user, password);
  const box = await store.createMailbox(u.id, mailbox);
  const batch = 5000;
  for (let i = 0; i < count; i += batch) {
    const inputs = Array.from({ length: Math.min(batch, count - i) }, (_, k) => ({
      data: message(i + k),
      flags: (i + k) % 3 === 0 ? ['\\Seen'] : [],
    }));
    await store.appendMany(box.id, inputs);
  }
  await store.close();
}

// --- THREAD REFERENCES on 10,000 messages (RFC 5256; src/imap/thread.ts) ---------------
// A mailbox of reply trees: 400 threads of 25 messages, each message replying to message
// floor((k - 1) / 2) of its thread (so References hold the path from the thread's root, up
// to 5 ids), every 4th reply with In-Reply-To only, and the root of every 10th thread missing
// (its replies hang under a dummy), until 10,000 messages are present (about 402 threads).
// Subjects "topic N" / "Re: topic N".

function threadMessage(i: number): Buffer {
  const t = Math.floor(i / 25);
  const k = i % 25;
  const id = (n: number) => `<t${t}.${n}@bench>`;
  const path: string[] = [];
  for (let p = k; p > 0; ) path.unshift(id((p = Math.floor((p - 1) / 2))));
  let threading = '';
  if (k > 0) threading = k % 4 === 0 ? `In-Reply-To: ${path[path.length - 1]}\r\n` : `In-Reply-To: ${path[path.length - 1]}\r\nReferences: ${path.join(' ')}\r\n`;
  const date = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toUTCString().replace('GMT', '+0000');
  return Buffer.from(
    `From: user${t % 50}@example.com\r\nTo: list@example.com\r\nSubject: ${k ? 'Re: ' : ''}topic ${t}\r\n` +
      `Message-ID: ${id(k)}\r\n${threading}Date: ${date}\r\n\r\nReply ${k} in thread ${t}.\r\n`,
  );
}

async function fillThreadMailbox(dataDir: string, user: string, mailbox: string, count: number) {
  const store = await openStore(dataDir, new ChangeBus());
  const u = (await store.listUsers()).find((x) => x.name === user)!;
  const box = await store.createMailbox(u.id, mailbox);
  const inputs = [];
  for (let i = 0; inputs.length < count; i++) if (!(i % 25 === 0 && Math.floor(i / 25) % 10 === 0)) inputs.push({ data: threadMessage(i), flags: [] });
  await store.appendMany(box.id, inputs);
  await store.close();
}

async function threadReferences(t: Target, mailbox: string) {
  const c = await login(t);
  await c.command('s', `SELECT ${mailbox}`);
  const started = performance.now();
  const answer = await c.command('t', 'THREAD REFERENCES UTF-8 ALL');
  const ms = performance.now() - started;
  if (!/^t OK/m.test(answer)) throw new Error(`THREAD failed: ${answer.slice(-200)}`);
  let threads = 0;
  let depth = 0;
  for (const ch of /^\* THREAD (.*?)\r?$/m.exec(answer)?.[1] ?? '') {
    if (ch === '(' && depth++ === 0) threads++;
    else if (ch === ')') depth--;
  }
  c.close();
  return { ms, threads };
}

// --- end of THREAD REFERENCES ------------------------------------------------------------

// --- SEARCH on the 100,000-message mailbox (src/store/search-sql.ts) ---------------------
// Every 100th message of the big mailbox carries a Conversation-ID (CPM); the bodies say
// "Message number N" 60 times, so TEXT "number 4242" has one match among 100,000 bodies.

function conversationId(i: number): string {
  return i % 100 === 0 ? `Conversation-ID: ${(i * 2654435761 % 0xffffffff).toString(16).padStart(8, '0')}-7dec-11d0-a765-00a0c91e6bf6\r\n` : '';
}

async function searchTimes(t: Target, mailbox: string, messages: number) {
  const c = await login(t);
  await c.command('s', `SELECT ${mailbox}`);
  const pick = Math.floor(messages / 200) * 100; // a message with a Conversation-ID
  const time = async (criteria: string) => {
    let best = Infinity;
    let answer = '';
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      answer = await c.command('q', `UID SEARCH ${criteria}`);
      best = Math.min(best, performance.now() - started);
    }
    if (!/^q OK/m.test(answer)) throw new Error(`SEARCH failed: ${answer.slice(-200)}`);
    return { ms: best, hits: (/^\* SEARCH(.*)$/m.exec(answer)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).length };
  };
  const out = {
    text: await time(`TEXT "number ${pick + 42}"`),
    header: await time(`HEADER Conversation-ID "${conversationId(pick).slice(17, -2)}"`),
    textCommon: await time('TEXT "message number"'),
  };
  c.close();
  return out;
}

// --- end of SEARCH --------------------------------------------------------------------------

const row = (label: string, ours: string, theirs?: string) =>
  console.log(`${label.padEnd(52)} ${ours.padStart(14)}${theirs !== undefined ? theirs.padStart(16) : ''}`);

async function main() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-bench-'));
  const messages = Number(opts.messages);
  const idlers = Number(opts.idlers);
  console.log(`Filling a ${messages}-message mailbox...`);
  let started = performance.now();
  await fillMailbox(dataDir, 'bench', 'bench-password', 'Big', messages);
  console.log(`  filled in ${((performance.now() - started) / 1000).toFixed(1)} s (store.appendMany, 5,000 per transaction)`);
  await fillThreadMailbox(dataDir, 'bench', 'Threads', 10_000); // THREAD REFERENCES section
  const { child, port } = await startOwnServer(dataDir);
  const ours: Target = { name: 'cpm-imapd', host: '127.0.0.1', port, user: 'bench', password: 'bench-password' };
  let other: Target | undefined;
  if (opts.compare) {
    const [host, p] = [opts.compare.slice(0, opts.compare.lastIndexOf(':')), opts.compare.slice(opts.compare.lastIndexOf(':') + 1)];
    other = { name: opts.compare, host, port: Number(p), user: opts.user ?? '', password: opts.password ?? '' };
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
    const sf = await selectAndFetch(ours, 'Big');
    row(`SELECT ${messages}-message mailbox (ms)`, sf.selectMs.toFixed(0));
    row(`FETCH 1:* (UID FLAGS) on it (ms)`, sf.fetchMs.toFixed(0));
    row(`  bytes sent by that FETCH`, String(sf.bytes));
    // THREAD REFERENCES section
    const th = await threadReferences(ours, 'Threads');
    row('THREAD REFERENCES UTF-8 ALL, 10,000 messages (ms)', th.ms.toFixed(0));
    row(`  threads in the answer`, String(th.threads));
    started = performance.now();
    const mem = await idleMemory(ours, child.pid!, idlers);
    row(`server RSS before ${idlers} IDLE connections (MiB)`, mem.base.toFixed(1));
    row(`server RSS with ${idlers} connections in IDLE (MiB)`, mem.loaded.toFixed(1));
    row(`  per idle connection (KiB)`, mem.perConnKiB.toFixed(1));
    // SEARCH section (best of 3, whole command round trip)
    const se = await searchTimes(ours, 'Big', messages);
    row(`UID SEARCH TEXT "…", ${messages} messages, ${se.text.hits} hit (ms)`, se.text.ms.toFixed(1));
    row(`UID SEARCH HEADER Conversation-ID "…", ${se.header.hits} hit (ms)`, se.header.ms.toFixed(1));
    row(`UID SEARCH TEXT "message number", ${se.textCommon.hits} hits (ms)`, se.textCommon.ms.toFixed(0));
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
