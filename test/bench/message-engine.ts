// Message-engine figures: structure fetches over a mailbox of real MIME messages (the
// fixtures corpus, cycled), and how a heavy fetch by one client affects another's latency.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Store } from '../../src/store/types.js';
import { BenchClient } from './bench-client.js';

const corpusDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/messages');

/** Fills `mailbox` with `count` messages cycled from the corpus (5,000 per transaction). */
export async function fillFromCorpus(store: Store, userId: number, mailbox: string, count: number): Promise<void> {
  const corpus = fs
    .readdirSync(corpusDir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => fs.readFileSync(path.join(corpusDir, f)));
  const box = await store.createMailbox(userId, mailbox);
  for (let i = 0; i < count; i += 5000) {
    const inputs = Array.from({ length: Math.min(5000, count - i) }, (_, k) => ({ data: corpus[(i + k) % corpus.length]!, flags: [] }));
    await store.appendMany(box.id, inputs);
  }
}

/** Time of `FETCH 1:* (ENVELOPE BODYSTRUCTURE FLAGS)` and the bytes it sent. */
export async function fetchStructures(c: BenchClient, mailbox: string) {
  await c.command('s', `EXAMINE ${mailbox}`);
  const before = c.bytesIn;
  const started = performance.now();
  await c.command('f', 'FETCH 1:* (ENVELOPE BODYSTRUCTURE FLAGS)', false);
  return { ms: performance.now() - started, bytes: c.bytesIn - before };
}

/** NOOP round trips of `probe` while `heavy` fetches every body of `mailbox`. */
export async function noopLatencyDuringFetch(heavy: BenchClient, probe: BenchClient, mailbox: string) {
  await heavy.command('s', `EXAMINE ${mailbox}`);
  let done = false;
  const started = performance.now();
  const fetching = heavy.command('f', 'FETCH 1:* BODY.PEEK[]', false).then(() => (done = true));
  const latencies: number[] = [];
  for (let i = 0; !done; i++) {
    const t = performance.now();
    await probe.command(`n${i}`, 'NOOP');
    latencies.push(performance.now() - t);
  }
  await fetching;
  const fetchMs = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { fetchMs, noops: latencies.length, median: at(0.5), p99: at(0.99) };
}
