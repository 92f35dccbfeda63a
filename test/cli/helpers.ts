// Runs the real `cpm-imapd` command (bin/cpm-imapd → dist/bin/cli.js) as a child process.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const bin = path.join(root, 'bin/cpm-imapd');

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A fresh temporary folder; removed by the returned cleanup. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-cli-'));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Runs `cpm-imapd ARGS`; `input` is written to stdin (else stdin is empty). */
export function run(args: string[], input?: string, timeoutMs = 20_000): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], {
      cwd: os.tmpdir(),
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cpm-imapd ${args.join(' ')} did not finish in ${timeoutMs} ms\n${stdout}\n${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** A `cpm-imapd serve` child process and what it has printed so far. */
export class ServeProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private constructor(readonly child: ChildProcess) {
    child.stdout!.setEncoding('utf8').on('data', (s: string) => (this.stdout += s));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => (this.stderr += s));
    this.exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  }

  /** Starts `cpm-imapd serve ARGS` and waits for its "listening on HOST:PORT" line. */
  static async start(args: string[], timeoutMs = 20_000): Promise<{ proc: ServeProcess; host: string; port: number }> {
    const proc = new ServeProcess(
      spawn(process.execPath, [bin, 'serve', ...args], { cwd: os.tmpdir(), stdio: ['ignore', 'pipe', 'pipe'] }),
    );
    const match = await proc.waitFor(/listening on (\S+):(\d+)/, timeoutMs);
    const host = match[1]!.replace(/^\[(.*)\]$/, '$1');
    return { proc, host, port: Number(match[2]) };
  }

  /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
  waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const m = pattern.exec(this.stdout);
        if (m) {
          done();
          resolve(m);
        }
      };
      const onExit = (code: number | null) => {
        done();
        reject(new Error(`serve exited (${code}) before printing ${pattern}\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`serve did not print ${pattern} in ${timeoutMs} ms\nstdout:\n${this.stdout}\nstderr:\n${this.stderr}`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.child.stdout!.off('data', check);
        this.child.off('exit', onExit);
      };
      this.child.stdout!.on('data', check);
      this.child.on('exit', onExit);
      check();
    });
  }

  /** Sends `signal` and waits for the exit, SIGKILLing after `timeoutMs`. */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000) {
    const started = Date.now();
    this.child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    const killed = new Promise<null>((resolve) => {
      timer = setTimeout(() => {
        this.child.kill('SIGKILL');
        resolve(null);
      }, timeoutMs);
    });
    const result = await Promise.race([this.exited, killed]);
    clearTimeout(timer);
    return { result, ms: Date.now() - started };
  }

  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

/** A raw IMAP connection that collects everything the server sends. */
export class RawClient {
  received = '';
  readonly closed: Promise<void>;
  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (s: string) => (this.received += s));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.on('close', () => resolve()));
  }

  static connect(host: string, port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host, port }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  send(line: string): void {
    this.socket.write(line + '\r\n');
  }

  /** Waits until what was received matches `pattern`. */
  async waitFor(pattern: RegExp, timeoutMs = 10_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = pattern.exec(this.received);
      if (m) return m;
      if (Date.now() > deadline) throw new Error(`did not receive ${pattern}; got:\n${this.received}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  }

  destroy(): void {
    this.socket.destroy();
  }
}

/** True if this machine can listen on ::1. */
export function ipv6LoopbackAvailable(): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(0, '::1', () => server.close(() => resolve(true)));
  });
}
