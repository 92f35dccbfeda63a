// GETMETADATA DEPTH infinity over a tree of 1,000 folders with 10 entries each (RFC 5464;
// src/store/metadata.ts). GETMETADATA names one mailbox, so "the whole tree" is 1,000
// GETMETADATA commands, pipelined on one connection: the figure is their total time and the
// time per command; a second figure is one command at a time (round trip included).
import { defaultLimits } from '../../src/config.js';
import type { Store } from '../../src/store/types.js';
import type { BenchClient } from './bench-client.js';

/**
 * Creates `folders` mailboxes `<root>/gNN/fNN` (25 per group) and sets `entries` /shared
 * entries on each, at depths 2 to 4, through the store directly. Returns the folder names.
 */
export async function fillMetadataTree(store: Store, userId: number, root = 'MetaTree', folders = 1000, entries = 10): Promise<string[]> {
  const limits = {
    maxValueSize: defaultLimits.metadataMaxValueSize,
    maxEntries: defaultLimits.metadataMaxEntries,
    maxTotalSize: defaultLimits.metadataMaxTotalSize,
  };
  const names: string[] = [];
  for (let i = 0; i < folders; i++) {
    const name = `${root}/g${String(Math.floor(i / 25)).padStart(2, '0')}/f${String(i % 25).padStart(2, '0')}`;
    const box = await store.createMailbox(userId, name);
    const writes = Array.from({ length: entries }, (_, k) => ({
      name: k === 0 ? '/shared/comment' : k < 5 ? `/shared/vendor/bench/e${k}` : `/shared/vendor/bench/deep/e${k}`,
      value: Buffer.from(`value ${k} of folder ${i}: ${'x'.repeat(16)}`),
    }));
    await store.setMetadata(userId, box.id, writes, limits);
    names.push(name);
  }
  return names;
}

export interface MetadataTreeTimes {
  /** All commands, pipelined: from the first write to the last tagged OK. */
  totalMs: number;
  perCommandMs: number;
  /** METADATA responses and entries received (a check that every entry came back). */
  responses: number;
  entries: number;
  /** Median of `sequential` commands sent one at a time. */
  sequentialMedianMs: number;
}

/** `GETMETADATA "<folder>" (DEPTH infinity) /shared` for every folder, pipelined, then 100 one by one. */
export async function getMetadataTree(c: BenchClient, folders: string[], sequential = 100): Promise<MetadataTreeTimes> {
  const command = (name: string) => `GETMETADATA "${name}" (DEPTH infinity) /shared`;
  const last = `m${folders.length - 1}`;
  const started = performance.now();
  const done = c.waitFor(last);
  c.write(folders.map((name, i) => `m${i} ${command(name)}\r\n`).join(''));
  const answer = await done;
  const totalMs = performance.now() - started;
  const oks = answer.match(/^m\d+ OK /gm)?.length ?? 0;
  if (oks !== folders.length) throw new Error(`GETMETADATA failed: ${oks} of ${folders.length} OK; ${answer.slice(-300)}`);
  const responses = answer.match(/^\* METADATA /gm)?.length ?? 0;
  const entries = answer.match(/[( ]\/shared\//g)?.length ?? 0;

  const times: number[] = [];
  for (let i = 0; i < Math.min(sequential, folders.length); i++) {
    const t = performance.now();
    await c.command(`q${i}`, command(folders[(i * 37) % folders.length]!));
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { totalMs, perCommandMs: totalMs / folders.length, responses, entries, sequentialMedianMs: times[Math.floor(times.length / 2)] ?? 0 };
}
