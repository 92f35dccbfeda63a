// QRESYNC resync cost (RFC 7162 §3.2.5) on a big mailbox: the time of
// `SELECT mailbox (QRESYNC (uidvalidity modseq))` until its tagged OK and the bytes it sends,
// with 10 changed and 10 expunged messages since the client's MODSEQ, then with 10,000 more
// changed. The cost should follow the changes (src/imap/qresync.ts), not the mailbox size.
import type { BenchClient } from './bench-client.js';

export interface ResyncFigure {
  /** Best of `runs` SELECT (QRESYNC ...) round trips, to the tagged OK. */
  ms: number;
  /** Octets the server sent for one of them (CLOSED, the SELECT lines, VANISHED, FETCHes, OK). */
  bytes: number;
  /** UIDs reported by VANISHED (EARLIER). */
  vanished: number;
  /** FETCH responses (changed messages). */
  fetched: number;
}

export interface QresyncFigures {
  messages: number;
  /** 10 flag changes and 10 expunges since the MODSEQ. */
  few: ResyncFigure;
  /** The same plus `changes` flag changes. */
  many: ResyncFigure & { changes: number };
}

function count(answer: string, pattern: RegExp): number {
  return answer.match(pattern)?.length ?? 0;
}

function vanishedCount(answer: string): number {
  let n = 0;
  for (const m of answer.matchAll(/^\* VANISHED \(EARLIER\) (\S+)\r$/gm)) {
    for (const part of m[1]!.split(',')) {
      const [a, b] = part.split(':').map(Number);
      n += b === undefined ? 1 : Math.abs(b - a!) + 1;
    }
  }
  return n;
}

/**
 * Runs on a logged-in client, on `mailbox` holding `messages` messages with UIDs 1..n (for
 * instance 100,000 filled with store.appendMany). It CHANGES the mailbox: 10 + `changes` flag
 * changes ($BenchResync) and 10 messages expunged, so give it a mailbox of its own (or run it
 * after the figures that read that mailbox). The client's connection ends up with QRESYNC
 * enabled.
 */
export async function qresyncTimes(c: BenchClient, mailbox: string, changes = 10_000, runs = 3): Promise<QresyncFigures> {
  await c.command('qe', 'ENABLE QRESYNC');
  const selected = await c.command('qs', `SELECT ${mailbox}`);
  const uidValidity = Number(/UIDVALIDITY (\d+)/.exec(selected)?.[1]);
  const base = Number(/HIGHESTMODSEQ (\d+)/.exec(selected)?.[1]);
  const messages = Number(/\* (\d+) EXISTS/.exec(selected)?.[1]);
  if (!uidValidity || !base || !(messages >= 2 * changes + 40)) throw new Error(`qresync bench: unusable mailbox ${mailbox}: ${selected.slice(0, 300)}`);

  // 10 changed and 10 expunged, spread over the mailbox.
  const step = Math.floor(messages / 10);
  const flagged = Array.from({ length: 10 }, (_, i) => 1 + i * step);
  const deleted = Array.from({ length: 10 }, (_, i) => 2 + i * step);
  await c.command('qf', `UID STORE ${flagged.join(',')} +FLAGS.SILENT ($BenchResync)`, false);
  await c.command('qd', `UID STORE ${deleted.join(',')} +FLAGS.SILENT (\\Deleted)`, false);
  await c.command('qx', `UID EXPUNGE ${deleted.join(',')}`, false);

  const resync = async (): Promise<ResyncFigure> => {
    let best = Infinity;
    let answer = '';
    let bytes = 0;
    for (let k = 0; k < runs; k++) {
      const before = c.bytesIn;
      const started = performance.now();
      answer = await c.command('qq', `SELECT ${mailbox} (QRESYNC (${uidValidity} ${base}))`);
      best = Math.min(best, performance.now() - started);
      bytes = c.bytesIn - before;
    }
    if (!/^qq OK/m.test(answer)) throw new Error(`qresync bench: SELECT failed: ${answer.slice(-300)}`);
    return { ms: best, bytes, vanished: vanishedCount(answer), fetched: count(answer, /^\* \d+ FETCH /gm) };
  };
  const few = await resync();

  // `changes` more, in one compact UID range well away from the ones above.
  const from = Math.floor(messages / 2) + 3;
  await c.command('qm', `UID STORE ${from}:${from + changes - 1} +FLAGS.SILENT ($BenchResync)`, false);
  const many = await resync();
  return { messages, few, many: { ...many, changes } };
}
