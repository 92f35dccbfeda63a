// Limits a session enforces on its own client, driven by a fake clock over a fake
// connection: the command rate (slowed, not refused), a flood of invalid commands (BYE),
// the login deadline against a client that trickles bytes, and the server-wide budget for
// literals being received.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultLimits, type Limits } from '../../src/config.js';
import { ChangeBus } from '../../src/events/bus.js';
import { Session } from '../../src/imap/session.js';
import { InputBudget } from '../../src/server/input-budget.js';
import { openStore } from '../../src/store/open.js';
import type { Store, User } from '../../src/store/types.js';
import { FakeConnection, VirtualClock, responseProblems } from '../fuzz/harness.js';

let dataDir: string;
let store: Store;
let user: User;
const bus = new ChangeBus();

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-limits-'));
  store = await openStore(dataDir, bus, { scrypt: { N: 1 << 10, r: 8, p: 1 } });
  user = await store.createUser('alice', 'wonderland');
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Lets the session run everything it can without time passing. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
};

/** Moves the fake clock on by `ms`, letting the session run after each timer that fires. */
async function pass(clock: VirtualClock, ms: number): Promise<void> {
  const end = clock.now() + ms;
  while (clock.advance(end - clock.now())) await settle();
  clock.tick(end - clock.now());
  await settle();
}

async function open(limits: Partial<Limits>, options: { budget?: InputBudget; clock?: VirtualClock; login?: boolean } = {}) {
  const clock = options.clock ?? new VirtualClock();
  const conn = new FakeConnection();
  const ctx = { store, bus, limits: { ...defaultLimits, ...limits }, log: pino({ level: 'silent' }), clock, inputBudget: options.budget };
  const session = new Session(conn, ctx);
  conn.session = session;
  await session.start();
  if (options.login) session.authenticated(user);
  const out = () => conn.text().slice(conn.text().indexOf('\r\n') + 2); // after the greeting
  const send = async (text: string | Buffer) => {
    session.onData(typeof text === 'string' ? Buffer.from(text, 'latin1') : text);
    await settle();
  };
  return { session, conn, clock, out, send };
}

describe('command rate', () => {
  it('answers pipelined commands up to the burst at once, then one per token, refusing none', async () => {
    const s = await open({ commandBurst: 3, commandRate: 2 });
    // a1 came in a read of its own; a2 to a6 were queued behind it.
    await s.send('a1 NOOP\r\na2 NOOP\r\na3 NOOP\r\na4 NOOP\r\na5 NOOP\r\na6 NOOP\r\n');
    const answered = () => s.out().match(/^a\d OK/gm)?.length ?? 0;
    expect(answered()).toBe(4);
    await pass(s.clock, 499);
    expect(answered()).toBe(4);
    await pass(s.clock, 1);
    expect(answered()).toBe(5);
    await pass(s.clock, 500);
    expect(s.out()).toBe(['a1', 'a2', 'a3', 'a4', 'a5', 'a6'].map((t) => `${t} OK NOOP completed\r\n`).join(''));
    expect(s.conn.ended).toBe(false);
  });

  it('does not hold back a client that waits for each answer, however fast', async () => {
    const s = await open({ commandBurst: 1, commandRate: 1 });
    for (let i = 0; i < 50; i++) await s.send(`w${i} NOOP\r\n`);
    expect(s.out().match(/^w\d+ OK/gm)).toHaveLength(50);
  });

  it('stops reading from a client that keeps sending while it waits, and reads again after', async () => {
    const s = await open({ commandBurst: 1, commandRate: 1, maxLineLength: 200 });
    await s.send(Array.from({ length: 40 }, (_, i) => `n${i} NOOP\r\n`).join(''));
    expect(s.conn.paused).toBe(true);
    await pass(s.clock, 40_000);
    expect(s.out().match(/^n\d+ OK/gm)).toHaveLength(40);
    expect(s.conn.paused).toBe(false);
  });

  it('counts every command the same, invalid ones too', async () => {
    const s = await open({ commandBurst: 1, commandRate: 1 });
    await s.send('x1 BOGUS\r\nx2 BOGUS\r\nx3 NOOP\r\n');
    expect(s.out()).toBe('x1 BAD Unknown command\r\nx2 BAD Unknown command\r\n');
    await pass(s.clock, 1000);
    expect(s.out()).toMatch(/x3 OK NOOP completed\r\n$/);
  });
});

describe('a flood of invalid commands', () => {
  it('ends in BYE after maxBadCommands in a row; a valid command starts the count again', async () => {
    const s = await open({ maxBadCommands: 5 });
    const garbage = '\x01\x02garbage\r\n';
    await s.send(garbage.repeat(4) + 'g1 NOOP\r\n' + garbage.repeat(4));
    expect(s.conn.ended).toBe(false);
    await s.send(garbage);
    expect(s.conn.ended).toBe(true);
    expect(s.out()).toBe(`${'* BAD Invalid tag\r\n'.repeat(4)}g1 OK NOOP completed\r\n${'* BAD Invalid tag\r\n'.repeat(5)}* BYE Too many invalid commands\r\n`);
    expect(responseProblems(Buffer.from(s.conn.text(), 'latin1'), true)).toEqual([]);
  });

  it('counts BAD answers of well-framed commands too (wrong state, bad arguments)', async () => {
    const s = await open({ maxBadCommands: 3 });
    await s.send('a SELECT INBOX\r\nb FETCH x\r\nc CAPABILITY extra\r\n');
    expect(s.conn.ended).toBe(true);
    expect(s.out()).toMatch(/^a BAD .*\r\nb BAD .*\r\nc BAD .*\r\n\* BYE Too many invalid commands\r\n$/);
  });
});

describe('the login deadline', () => {
  it('cuts a client that sends a byte a second before it ever logs in', async () => {
    const s = await open({ preLoginTimeout: 10 });
    for (let i = 0; i < 9; i++) {
      await s.send('a');
      await pass(s.clock, 1000);
    }
    expect(s.conn.ended).toBe(false);
    await s.send('a');
    await pass(s.clock, 1000);
    expect(s.conn.ended).toBe(true);
    expect(s.out()).toBe('* BYE Autologout; took too long to log in\r\n');
    expect(responseProblems(Buffer.from(s.conn.text(), 'latin1'), true)).toEqual([]);
  });

  it('does not apply once logged in', async () => {
    const s = await open({ preLoginTimeout: 10 });
    await s.send('l LOGIN alice wonderland\r\n');
    for (let i = 0; i < 100 && !/^l OK/m.test(s.out()); i++) await new Promise((r) => setTimeout(r, 10)); // scrypt
    expect(s.out()).toMatch(/^l OK /m);
    await pass(s.clock, 60_000);
    await s.send('n NOOP\r\n');
    expect(s.conn.ended).toBe(false);
    expect(s.out()).toMatch(/n OK NOOP completed\r\n$/);
  });
});

describe('the budget for literals being received', () => {
  const limits = { maxLiteralSize: 1024 * 1024, maxLineLength: 1000 };

  it('refuses a literal there is no room for with NO [LIMIT], and takes it once there is', async () => {
    const budget = new InputBudget(100_000);
    const a = await open(limits, { budget, login: true });
    const b = await open(limits, { budget, login: true });
    const message = (n: number) => Buffer.from(`Subject: x\r\n\r\n${'y'.repeat(n - 14)}`);
    const big = message(80_000);
    await a.send(`a APPEND INBOX {${big.length}}\r\n`);
    await a.send(big.subarray(0, 70_000));
    expect(budget.held).toBeGreaterThanOrEqual(70_000);
    await b.send('b APPEND INBOX {50000}\r\n');
    expect(b.out()).toBe('b NO [LIMIT] The server is receiving too much now; send the literal again later\r\n');
    await a.send(Buffer.concat([big.subarray(70_000), Buffer.from('\r\n')]));
    for (let i = 0; i < 100 && !/a OK/.test(a.out()); i++) await new Promise((r) => setTimeout(r, 5));
    expect(a.out()).toMatch(/^\+ Ready for literal data\r\na OK \[APPENDUID \d+ \d+\] APPEND completed\r\n$/);
    expect(budget.held).toBe(0);
    const small = message(50_000);
    await b.send(`c APPEND INBOX {${small.length}}\r\n`);
    expect(b.out()).toMatch(/\+ Ready for literal data\r\n$/);
    await b.send(Buffer.concat([small, Buffer.from('\r\n')]));
    for (let i = 0; i < 100 && !/c OK/.test(b.out()); i++) await new Promise((r) => setTimeout(r, 5));
    expect(b.out()).toMatch(/c OK \[APPENDUID/);
    expect(responseProblems(Buffer.from(b.conn.text(), 'latin1'), false)).toEqual([]);
  });

  it('stops reading a literal that does not fit while another is received, and resumes when there is room', async () => {
    const budget = new InputBudget(100_000);
    const a = await open(limits, { budget, login: true });
    const b = await open(limits, { budget, login: true });
    const body = (n: number) => Buffer.from(`Subject: x\r\n\r\n${'z'.repeat(n - 14)}`);
    const first = body(60_000);
    const second = body(60_000);
    // Both announced while there is room for each on its own.
    await a.send(`a APPEND INBOX {${first.length}}\r\n`);
    await b.send(`b APPEND INBOX {${second.length}}\r\n`);
    await a.send(first.subarray(0, 59_000));
    await b.send(second.subarray(0, 50_000));
    expect(budget.exceeded).toBe(true);
    expect(b.conn.paused).toBe(true);
    expect(a.conn.paused).toBe(false);
    await a.send(Buffer.concat([first.subarray(59_000), Buffer.from('\r\n')]));
    for (let i = 0; i < 100 && !/a OK/.test(a.out()); i++) await new Promise((r) => setTimeout(r, 5));
    expect(b.conn.paused).toBe(false);
    await b.send(Buffer.concat([second.subarray(50_000), Buffer.from('\r\n')]));
    for (let i = 0; i < 100 && !/b OK/.test(b.out()); i++) await new Promise((r) => setTimeout(r, 5));
    expect(b.out()).toMatch(/b OK \[APPENDUID/);
    expect(budget.held).toBe(0);
  });

  it('gives back what a session held when its connection closes mid-literal', async () => {
    const budget = new InputBudget(100_000);
    const a = await open(limits, { budget, login: true });
    await a.send('a APPEND INBOX {90000}\r\n');
    await a.send(Buffer.alloc(40_000, 0x61));
    expect(budget.held).toBeGreaterThanOrEqual(40_000);
    a.session.onClose();
    expect(budget.held).toBe(0);
  });
});
