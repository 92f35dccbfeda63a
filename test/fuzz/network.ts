// The same streams over TCP to a real server (listener, admission, write guard and all):
// every response in the grammar, an answer to a NOOP at the end (or a BYE), and a
// well-behaved client still served afterwards.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from '../../src/server/start.js';
import { FUZZ_LIMITS, responseProblems, type FuzzState } from './harness.js';

const BOUND = FUZZ_LIMITS.maxLiteralSize + FUZZ_LIMITS.maxLineLength;

/** A raw connection that collects everything the server sends. */
class Wire {
  private received = Buffer.alloc(0);
  closed = false;
  private wake: (() => void) | null = null;

  private constructor(readonly socket: net.Socket) {
    socket.on('data', (d: Buffer) => {
      this.received = Buffer.concat([this.received, d]);
      this.wake?.();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on('error', () => undefined);
  }

  static open(port: number): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new Wire(socket)));
      socket.once('error', reject);
    });
  }

  text(): string {
    return this.received.toString('latin1');
  }

  bytes(): Buffer {
    return this.received;
  }

  /** Waits until `pattern` is in what arrived, the server closed, or `ms` passed. */
  async until(pattern: RegExp, ms: number): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!pattern.test(this.text()) && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
    }
    return pattern.test(this.text());
  }

  write(data: Buffer | string): void {
    if (!this.closed) this.socket.write(data);
  }
}

const SETUP: Record<FuzzState, Array<[string, RegExp]>> = {
  notauth: [],
  auth: [['l LOGIN alice wonderland\r\n', /l OK/]],
  selected: [
    ['l LOGIN alice wonderland\r\n', /l OK/],
    ['s SELECT INBOX\r\n', /s OK/],
  ],
  idle: [
    ['l LOGIN alice wonderland\r\n', /l OK/],
    ['s SELECT INBOX\r\n', /s OK/],
    ['i IDLE\r\n', /\+ idling/],
  ],
  sasl: [['a AUTHENTICATE PLAIN\r\n', /\r\n\+/]],
  literal: [
    ['l LOGIN alice wonderland\r\n', /l OK/],
    ['a APPEND INBOX {300}\r\n', /\+ Ready/],
  ],
  'prelogin-literal': [['a LOGIN {100}\r\n', /\+ Ready/]],
};

export class NetworkFuzz {
  private constructor(
    private readonly server: RunningServer,
    private readonly dataDir: string,
  ) {}

  static async start(): Promise<NetworkFuzz> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-fuzz-net-'));
    const limits = { ...FUZZ_LIMITS, commandBurst: 1000, commandRate: 1000, closeGrace: 1 };
    // Every stream comes from 127.0.0.1 and many fail a login: the throttle would soon hold the
    // address, and the set-up's own LOGIN with it. It has tests of its own.
    const loginThrottle = { pairLimit: Infinity, addressLimit: Infinity, accountLimit: Infinity };
    const server = await startServer({ dataDir, host: '127.0.0.1', port: 0, limits, loginThrottle, scrypt: { N: 1 << 10, r: 8, p: 1 } });
    const user = await server.store.createUser('alice', 'wonderland');
    const inbox = (await server.store.getMailbox(user.id, 'INBOX'))!;
    await server.store.append(inbox.id, { data: Buffer.from('Subject: hello\r\n\r\nbody\r\n'), flags: [] });
    return new NetworkFuzz(server, dataDir);
  }

  get port(): number {
    return this.server.listener.port;
  }

  /**
   * Sends `stream` in `state`, then a filler that ends any literal in progress and a NOOP.
   * A LITERAL+ refused as too big is read and discarded however long it is, so a stream may
   * legitimately leave the NOOP unanswered; `expectAnswer` says whether the in-process run
   * of the same stream got one.
   */
  async run(state: FuzzState, stream: Buffer, expectAnswer = true): Promise<string[]> {
    const wire = await Wire.open(this.port);
    const problems: string[] = [];
    try {
      if (!(await wire.until(/^\* OK .*\r\n/, 5000))) return [`no greeting: ${JSON.stringify(wire.text())}`];
      for (const [line, answer] of SETUP[state]) {
        wire.write(line);
        if (!(await wire.until(answer, 5000))) return [`set-up for ${state} over TCP failed: ${JSON.stringify(wire.text().slice(-300))}`];
      }
      wire.write(stream);
      wire.write(`${'x'.repeat(BOUND)}\r\nDONE\r\n*\r\nZZ9 NOOP\r\n`);
      const answered = await wire.until(/(^|\r\n)ZZ9 (OK|NO|BAD) .*\r\n/, 10_000);
      if (!answered && !wire.closed && expectAnswer) problems.push(`hang over TCP: no answer to NOOP in 10 s in state ${state}`);
      problems.push(...responseProblems(wire.bytes(), wire.closed).map((p) => `over TCP: ${p}`));
    } finally {
      wire.socket.destroy();
    }
    return problems;
  }

  /** A client that does everything right is still served. */
  async wellBehaved(): Promise<string[]> {
    const wire = await Wire.open(this.port);
    try {
      const steps: Array<[string, RegExp]> = [
        ['', /^\* OK /],
        ['l LOGIN alice wonderland\r\n', /\r\nl OK /],
        ['s SELECT INBOX\r\n', /\r\ns OK /],
        ['f FETCH 1 (FLAGS)\r\n', /\r\nf OK /],
        ['n NOOP\r\n', /\r\nn OK /],
        ['o LOGOUT\r\n', /\r\no OK /],
      ];
      for (const [line, answer] of steps) {
        if (line) wire.write(line);
        if (!(await wire.until(answer, 5000))) return [`a well-behaved client was not served: ${JSON.stringify(wire.text().slice(-500))}`];
      }
      return responseProblems(wire.bytes(), true).map((p) => `well-behaved client: ${p}`);
    } finally {
      wire.socket.destroy();
    }
  }

  async stop(): Promise<void> {
    await this.server.stop();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }
}
