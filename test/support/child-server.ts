// Runs the real `cpm-imapd serve` command in a child process (for kill -9 and CLI-level tests).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/cpm-imapd');

export function cli(args: string[], input?: string) {
  return spawnSync(process.execPath, [CLI, ...args], { input, encoding: 'utf8' });
}

export interface ChildServer {
  child: ChildProcess;
  port: number;
  output: () => string;
}

/** Resolves when the child has exited, even if it already has. */
export function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/** Starts `serve` on a random port and resolves once it listens. */
export function spawnServer(dataDir: string): Promise<ChildServer> {
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--listen', '127.0.0.1:0', '--log-level', 'warn'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const collect = (chunk: Buffer) => (out += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  return new Promise((resolve, reject) => {
    const onData = () => {
      const m = /listening on [^\s]+:(\d+)/.exec(out);
      if (m) {
        child.stdout!.off('data', onData);
        resolve({ child, port: Number(m[1]), output: () => out });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`server exited (${code}): ${out}`)));
  });
}
