// THREAD REFERENCES on 10,000 messages (RFC 5256; src/imap/thread.ts).
import type { Store } from '../../src/store/types.js';
import type { BenchClient } from './bench-client.js';

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

export async function fillThreadMailbox(store: Store, userId: number, mailbox: string, count: number) {
  const box = await store.createMailbox(userId, mailbox);
  const inputs = [];
  for (let i = 0; inputs.length < count; i++) if (!(i % 25 === 0 && Math.floor(i / 25) % 10 === 0)) inputs.push({ data: threadMessage(i), flags: [] });
  await store.appendMany(box.id, inputs);
}

export async function threadReferences(c: BenchClient, mailbox: string) {
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
  return { ms, threads };
}

