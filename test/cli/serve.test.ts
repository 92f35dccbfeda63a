// `cpm-imapd serve`, run as a real child process on a temp data folder and a free port.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import net from 'node:net';
import path from 'node:path';
import { RawClient, ServeProcess, ipv6LoopbackAvailable, run, tempDir } from './helpers.js';

const PASSWORD_LINE = /^Created account "demo" with password: (\S+)$/gm;

let dir: string;
let cleanup: () => void;
const running: ServeProcess[] = [];

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => {
  for (const p of running.splice(0)) p.kill();
  cleanup();
});

async function serve(args: string[]) {
  const started = await ServeProcess.start(args);
  running.push(started.proc);
  return started;
}

describe('cpm-imapd serve', () => {
  it('creates "demo" on first start, prints its password once, greets, and stops cleanly on SIGTERM', async () => {
    const data = path.join(dir, 'data');
    const first = await serve(['--data', data, '--listen', '127.0.0.1:0', '--log-level', 'info']);
    expect(first.host).toBe('127.0.0.1');
    expect(first.port).toBeGreaterThan(0);

    const passwords = [...first.proc.stdout.matchAll(PASSWORD_LINE)].map((m) => m[1]!);
    expect(passwords).toHaveLength(1);
    const password = passwords[0]!;
    expect(password).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The password is a line of its own, never inside a JSON log line.
    for (const line of first.proc.stdout.split('\n').filter((l) => l.startsWith('{'))) {
      expect(() => JSON.parse(line)).not.toThrow();
      expect(line).not.toContain(password);
    }

    const client = await RawClient.connect(first.host, first.port);
    await client.waitFor(/^\* OK .*\r\n/);
    client.send(`a1 LOGIN demo "${password}"`);
    await client.waitFor(/^a1 OK/m);

    const { result, ms } = await first.proc.stop('SIGTERM');
    expect(result).toEqual({ code: 0, signal: null });
    expect(ms).toBeLessThan(5000);
    await client.waitFor(/^\* BYE .*\r\n/m);
    await client.closed;
    expect(first.proc.stdout).not.toContain(password + '"'); // not in a log field either

    // Second start: the account exists, no new password.
    const second = await serve(['--data', data, '--listen', '127.0.0.1:0', '--log-level', 'warn']);
    expect(second.proc.stdout).not.toMatch(PASSWORD_LINE);
    expect(second.proc.stdout).not.toContain(password);
    const again = await RawClient.connect(second.host, second.port);
    await again.waitFor(/^\* OK /);
    again.send(`a1 LOGIN demo "${password}"`);
    await again.waitFor(/^a1 OK/m);
    expect((await second.proc.stop('SIGINT')).result).toEqual({ code: 0, signal: null });
    await again.waitFor(/^\* BYE /m);

    // The CLI sees the same store.
    expect((await run(['user', 'list', '--data', data])).stdout).toBe('demo\tuser\n');
  });

  it('does not create "demo" when the store already has users', async () => {
    expect((await run(['user', 'add', 'alice', '--password', 'pw-alice', '--data', dir])).code).toBe(0);
    const { proc, host, port } = await serve(['--data', dir, '--listen', '127.0.0.1:0', '--log-level', 'silent']);
    expect(proc.stdout).not.toMatch(/demo/);
    const client = await RawClient.connect(host, port);
    await client.waitFor(/^\* OK /);
    client.send('a1 LOGIN alice pw-alice');
    await client.waitFor(/^a1 OK/m);
    client.destroy();
    expect((await proc.stop()).result).toEqual({ code: 0, signal: null });
    expect((await run(['user', 'list', '--data', dir])).stdout).toBe('alice\tuser\n');
  });

  it('listens on an IPv6 address given in brackets', async (ctx) => {
    if (!(await ipv6LoopbackAvailable())) ctx.skip();
    const { proc, host, port } = await serve(['--data', dir, '--listen', '[::1]:0', '--log-level', 'silent']);
    expect(proc.stdout).toMatch(/listening on \[::1\]:\d+/);
    expect(host).toBe('::1');
    const client = await RawClient.connect(host, port);
    await client.waitFor(/^\* OK /);
    expect((await proc.stop()).result).toEqual({ code: 0, signal: null });
    await client.waitFor(/^\* BYE /m);
  });

  it('exits 1 with a clear message when the port is taken', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const r = await run(['serve', '--data', dir, '--listen', `127.0.0.1:${port}`, '--log-level', 'silent']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/already in use/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });
});
