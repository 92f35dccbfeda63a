// NOOP latency of a well-behaved client alone, while 200 hostile connections run
// (hostile-clients.ts), and after; the server's resident memory at each point. The server is
// a child process, so its RSS is its own, and the hostile clients run in a worker thread, so
// they do not delay the measuring client's event loop.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ChangeBus } from '../../src/events/bus.js';
import { openStore } from '../../src/store/open.js';
import { spawn } from 'node:child_process';
import { BenchClient } from './bench-client.js';
import type { HostileConfig, HostileStats } from './hostile-clients.js';

export interface HostileTarget {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface LatencyFigures {
  median: number;
  p99: number;
  max: number;
}

export interface HostileFigures {
  connections: number;
  alone: LatencyFigures;
  during: LatencyFigures;
  after: LatencyFigures;
  rssBefore: number;
  rssPeak: number;
  rssAfter: number;
  stats: HostileStats;
}

function rssMiB(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

async function noopLatencies(c: BenchClient, count: number): Promise<LatencyFigures> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    await c.command(`n${i}`, 'NOOP');
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { median: at(0.5), p99: at(0.99), max: latencies[latencies.length - 1]! };
}

/**
 * `mailbox` holds large messages (what the never-reading clients ask for). The server must
 * let `connections` hostile clients in: they come from 127.0.0.2 and up, one address each.
 */
export async function hostileFigures(t: HostileTarget, pid: number, mailbox: string, connections = 200, noops = 2000): Promise<HostileFigures> {
  const probe = await BenchClient.connect(t.host, t.port);
  const login = await probe.command('l', `LOGIN "${t.user}" "${t.password}"`);
  if (!/^l OK/m.test(login)) throw new Error(`login failed: ${login}`);
  await noopLatencies(probe, 200); // warm up
  const rssBefore = rssMiB(pid);
  const alone = await noopLatencies(probe, noops);

  const config: HostileConfig = { port: t.port, user: t.user, password: t.password, connections, mailbox };
  const worker = new Worker(new URL('./hostile-clients.js', import.meta.url), { workerData: config });
  const message = (kind: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const on = (m: Record<string, unknown>) => {
        if (m.kind !== kind) return;
        worker.off('message', on);
        resolve(m);
      };
      worker.on('message', on);
    });
  const started = await message('started');
  if (started.failed) throw new Error(`${String(started.failed)} hostile clients failed to start: ${String(started.reason)}`);
  let rssPeak = rssMiB(pid);
  const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMiB(pid))), 100);
  await new Promise((r) => setTimeout(r, 2000)); // let the floods and literals build up
  const during = await noopLatencies(probe, noops);
  clearInterval(sampler);
  rssPeak = Math.max(rssPeak, rssMiB(pid));
  const stopped = message('stopped');
  worker.postMessage('stop');
  const { stats } = (await stopped) as unknown as { stats: HostileStats };
  await worker.terminate();

  await new Promise((r) => setTimeout(r, 3000)); // the server lets go of what the hostile clients held
  const after = await noopLatencies(probe, noops);
  const rssAfter = rssMiB(pid);
  probe.close();
  return { connections, alone, during, after, rssBefore, rssPeak, rssAfter, stats };
}

/** The figures as rows of the bench table. */
export function hostileRows(f: HostileFigures, row: (label: string, value: string) => void): void {
  const ms = (l: LatencyFigures) => `${l.median.toFixed(2)} / ${l.p99.toFixed(2)}`;
  row('NOOP latency alone, median / p99 (ms)', ms(f.alone));
  row(`  while ${f.connections} hostile connections run (ms)`, ms(f.during));
  row('  after they are gone (ms)', ms(f.after));
  row('  worst NOOP while they run (ms)', f.during.max.toFixed(1));
  row('server RSS before the hostile connections (MiB)', f.rssBefore.toFixed(1));
  row('  highest while they run (MiB)', f.rssPeak.toFixed(1));
  row('  3 s after they are gone (MiB)', f.rssAfter.toFixed(1));
  row('  hostile bytes sent / connections opened / BYEs to garbage', `${(f.stats.bytesSent / 2 ** 20).toFixed(0)} MiB / ${f.stats.opened} / ${f.stats.byes}`);
}

// Run alone (`npm run build && node dist/test/bench/hostile.js [connections]`): a small store of its own.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-hostile-'));
  const store = await openStore(dataDir, new ChangeBus());
  const user = await store.createUser('bench', 'bench-password');
  const large = await store.createMailbox(user.id, 'Large');
  const body = `${'All work and no play makes Jack a dull boy. '.repeat(23)}\r\n`.repeat(1000);
  for (let i = 0; i < 20; i++) await store.append(large.id, { data: Buffer.from(`Subject: large ${i}\r\n\r\n${body}`), flags: [] });
  await store.close();
  const cli = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../bin/cpm-imapd');
  const child = spawn(process.execPath, [cli, 'serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on [^\s]+:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
    });
    const target = { host: '127.0.0.1', port, user: 'bench', password: 'bench-password' };
    const figures = await hostileFigures(target, child.pid!, 'Large', Number(process.argv[2] ?? 200));
    hostileRows(figures, (label, value) => console.log(`${label.padEnd(62)} ${value.padStart(18)}`));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
