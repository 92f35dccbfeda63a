// Drives one in-process Session over a fake Connection and a temp store: puts it in a
// protocol state, feeds it bytes, and checks what must hold whatever the bytes are. Used by
// the Jazzer.js target (target.ts) and by the short run in the test suite.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { defaultLimits, type Limits } from '../../src/config.js';
import { ChangeBus } from '../../src/events/bus.js';
import { Session, type Connection } from '../../src/imap/session.js';
import type { Clock } from '../../src/server/clock.js';
import type { ServerContext } from '../../src/server/context.js';
import { InputBudget } from '../../src/server/input-budget.js';
import { openStore } from '../../src/store/open.js';
import type { Store, User } from '../../src/store/types.js';
import { responseError, splitResponses } from '../support/grammar.js';

/** The protocol states a stream is sent in. */
export const STATES = ['notauth', 'auth', 'selected', 'idle', 'sasl', 'literal', 'prelogin-literal'] as const;
export type FuzzState = (typeof STATES)[number];

/** Small limits, so that the bounds are reached by short inputs. */
export const FUZZ_LIMITS: Limits = {
  ...defaultLimits,
  maxLineLength: 2048,
  maxLiteralSize: 16 * 1024,
  maxNesting: 8,
  maxSequenceRanges: 64,
  failedLoginDelay: 0,
  commandBurst: 20,
  commandRate: 50,
  maxPendingInput: 64 * 1024,
};

/** Time that moves only when the harness says so: rate waits pass at once, deadlines never. */
export class VirtualClock implements Clock {
  private time = 0;
  private timers: Array<{ at: number; fn: () => void }> = [];
  now(): number {
    return this.time;
  }
  after(ms: number, fn: () => void): () => void {
    const timer = { at: this.time + ms, fn };
    this.timers.push(timer);
    return () => (this.timers = this.timers.filter((t) => t !== timer));
  }
  /** Moves time `ms` forward, firing every timer that falls due on the way, in order. */
  tick(ms: number): void {
    const end = this.time + ms;
    while (this.advance(end - this.time));
    this.time = end;
  }
  /** Fires the earliest timer due within `horizon` ms, moving time to it; false if none. */
  advance(horizon: number): boolean {
    const due = this.timers.filter((t) => t.at <= this.time + horizon).sort((a, b) => a.at - b.at)[0];
    if (!due) return false;
    this.timers = this.timers.filter((t) => t !== due);
    this.time = Math.max(this.time, due.at);
    due.fn();
    return true;
  }
}

export class FakeConnection implements Connection {
  readonly id = 'fuzz';
  readonly remoteAddress = '192.0.2.1:1';
  readonly remoteIp = '192.0.2.1';
  readonly secure = false;
  readonly canStartTls = false;
  output: Buffer[] = [];
  outputBytes = 0;
  ended = false;
  paused = false;
  session: Session | null = null;

  write(data: Buffer): Promise<void> {
    if (!this.ended) {
      this.output.push(Buffer.from(data));
      this.outputBytes += data.length;
    }
    return Promise.resolve();
  }
  end(): void {
    if (this.ended) return;
    this.ended = true;
    queueMicrotask(() => this.session?.onClose()); // as the socket's 'close' would
  }
  setTimeout(): void {}
  startTls(): Promise<boolean> {
    return Promise.resolve(false);
  }
  pause(): void {
    this.paused = true;
  }
  resume(): void {
    this.paused = false;
  }
  text(): string {
    return Buffer.concat(this.output).toString('latin1');
  }
}

/** What a session exposes to the checks beyond its public API. */
interface Inside {
  parser: { bufferedBytes: number; inLiteral: boolean; literalRemaining: number };
}

export interface CaseResult {
  /** Broken invariants; empty when all held. */
  problems: string[];
  output: string;
  closed: boolean;
}

export class FuzzWorld {
  private readonly errors: string[] = [];
  readonly budget: InputBudget;
  private constructor(
    readonly dataDir: string,
    readonly store: Store,
    readonly user: User,
    private readonly bus: ChangeBus,
  ) {
    this.budget = new InputBudget(FUZZ_LIMITS.maxPendingInput);
  }

  static async open(): Promise<FuzzWorld> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-fuzz-'));
    const bus = new ChangeBus();
    const store = await openStore(dataDir, bus, { scrypt: { N: 1 << 10, r: 8, p: 1 } });
    const user = await store.createUser('alice', 'wonderland');
    const inbox = (await store.getMailbox(user.id, 'INBOX'))!;
    for (let i = 0; i < 5; i++) {
      const data = Buffer.from(`From: a@example.com\r\nTo: b@example.com\r\nSubject: m${i}\r\nMessage-ID: <${i}@fuzz>\r\n\r\nbody ${i}\r\n`);
      await store.append(inbox.id, { data, flags: i % 2 ? ['\\Seen'] : [] });
    }
    return new FuzzWorld(dataDir, store, user, bus);
  }

  async close(): Promise<void> {
    await this.store.close();
    fs.rmSync(this.dataDir, { recursive: true, force: true });
  }

  /** Runs one stream, split in `chunks`, in `state`; returns what broke, if anything. */
  async run(state: FuzzState, chunks: Buffer[]): Promise<CaseResult> {
    const problems: string[] = [];
    const clock = new VirtualClock();
    const log = pino({ level: 'warn' }, { write: (line: string) => this.errors.push(line) });
    const ctx: ServerContext = { store: this.store, bus: this.bus, limits: FUZZ_LIMITS, log, clock, inputBudget: this.budget };
    const conn = new FakeConnection();
    const session = new Session(conn, ctx);
    conn.session = session;
    const inside = session as unknown as Inside;
    this.errors.length = 0;

    const settle = async (thorough: boolean): Promise<boolean> => {
      // Quiet: nothing new written for a few turns and no short timer (a rate wait) due.
      // Thorough waits let the thread pool (scrypt) finish too; between chunks a client may
      // well pipeline into a running command, so a couple of turns will do.
      const started = Date.now();
      let quiet = 0;
      let seen = conn.outputBytes;
      while (quiet < 3) {
        await new Promise((r) => (thorough ? setTimeout(r, 1) : setImmediate(r)));
        if (clock.advance(5_000) || conn.outputBytes !== seen) {
          seen = conn.outputBytes;
          quiet = 0;
        } else quiet++;
        if (Date.now() - started > 10_000) return false;
      }
      return true;
    };
    const feed = async (bytes: Buffer | string, thorough = true): Promise<void> => {
      if (conn.ended) return;
      session.onData(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
      if (!(await settle(thorough))) problems.push('hang: the session kept working for 10 s');
    };
    const waitFor = async (text: string) => {
      if (!conn.text().includes(text)) problems.push(`set-up for ${state}: no ${JSON.stringify(text)} in ${JSON.stringify(conn.text().slice(-300))}`);
    };

    await session.start();
    if (state !== 'notauth' && state !== 'sasl' && state !== 'prelogin-literal') session.authenticated(this.user);
    if (state === 'selected' || state === 'idle') {
      await feed('s0 SELECT INBOX\r\n');
      await waitFor('s0 OK');
    }
    if (state === 'idle') {
      await feed('i0 IDLE\r\n');
      await waitFor('+ idling');
    }
    if (state === 'sasl') {
      await feed('a0 AUTHENTICATE PLAIN\r\n');
      await waitFor('+');
    }
    if (state === 'literal') {
      await feed('a0 APPEND INBOX {300}\r\n');
      await waitFor('+ Ready');
    }
    if (state === 'prelogin-literal') {
      await feed('a0 LOGIN {100}\r\n');
      await waitFor('+ Ready');
    }

    const bound = FUZZ_LIMITS.maxLiteralSize + FUZZ_LIMITS.maxLineLength;
    for (const chunk of chunks) {
      if (conn.ended) break;
      if (conn.paused && !(await this.waitResumed(conn, clock))) {
        problems.push('hang: reading stopped and never resumed');
        break;
      }
      await feed(chunk, false);
      const held = inside.parser.bufferedBytes;
      if (held > bound + chunk.length) problems.push(`memory: ${held} bytes held by the parser (bound ${bound} + chunk)`);
    }
    // The session must still answer: finish a literal in progress (the filler then makes an
    // over-long line, which is skipped), end IDLE or a SASL exchange, then a NOOP.
    if (!(await settle(true))) problems.push('hang: the session kept working for 10 s');
    if (!conn.ended && conn.paused && !(await this.waitResumed(conn, clock))) problems.push('hang: reading stopped and never resumed');
    // A LITERAL+ refused as too big is read and thrown away however long it is (RFC 7888):
    // then the NOOP would only be more of it.
    const discardingNow = () => inside.parser.inLiteral && inside.parser.literalRemaining > bound;
    const discarding = discardingNow();
    if (!conn.ended && !discarding) {
      if (inside.parser.bufferedBytes > 0 || inside.parser.inLiteral) await feed(`${'x'.repeat(bound)}\r\n`);
      await feed('DONE\r\n*\r\nZZ9 NOOP\r\n');
    }
    // A command before it may still be waiting for the thread pool (a login's scrypt).
    // (Checked again after it: a command still waiting for its rate turn may have been the one.)
    const answered = () => conn.ended || discardingNow() || /(^|\r\n)ZZ9 (OK|BAD|NO) /.test(conn.text());
    for (let i = 0; i < 500 && !answered(); i++) {
      clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 10));
    }
    const output = conn.text();
    if (!answered()) problems.push('hang: no answer to a NOOP at the end within 5 s');
    problems.push(...responseProblems(Buffer.concat(conn.output), conn.ended));
    for (const line of this.errors) problems.push(`logged: ${line.trim().slice(0, 2000)}`);

    // Leave nothing behind: the session's share of the input budget comes back.
    if (!conn.ended) session.onClose();
    await new Promise((r) => setImmediate(r));
    if (this.budget.held !== 0) problems.push(`input budget leak: ${this.budget.held} bytes still counted after close`);
    return { problems, output, closed: conn.ended };
  }

  private async waitResumed(conn: FakeConnection, clock: VirtualClock): Promise<boolean> {
    for (let i = 0; i < 1000 && conn.paused && !conn.ended; i++) {
      clock.advance(5_000);
      await new Promise((r) => setTimeout(r, 1));
    }
    return !conn.paused || conn.ended;
  }
}

/** Every response complete and in the grammar. */
export function responseProblems(stream: Buffer, closed: boolean): string[] {
  const { responses, rest } = splitResponses(stream);
  const problems: string[] = [];
  for (const response of responses) {
    const error = responseError(response);
    if (error) problems.push(`response outside grammar/: ${error}`);
  }
  if (rest.length > 0 && !closed) problems.push(`incomplete response at the end: ${JSON.stringify(rest.toString('latin1').slice(0, 200))}`);
  return problems;
}
