// A model test of what each session is told while several sessions work on the same mailbox
// (RFC 3501 §5.2, §7.4.1; RFC 7162 §3.1, §3.2.10): random command sequences from 2–3 sessions,
// some plain, some CONDSTORE, some QRESYNC. Each session keeps a plain model built only from
// the responses it received (sequence number -> UID, UID -> flags, MODSEQs); after every step
// the model must agree with the store, and every response must obey the rules on when and
// how expunges, new messages and flag changes may be reported.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';
import { expandSet } from './cpm-sync-client.js';

let server: TestServer;
let userId: number;
beforeAll(async () => {
  server = await startTestServer();
  const users = await server.server.store.listUsers();
  userId = users.find((u) => u.name === TEST_USER)!.id;
});
afterAll(async () => {
  await server.stop();
});

type Mode = 'plain' | 'condstore' | 'qresync';

/** Which messages a command names: fractions of the session's view, or all of it. */
interface Pick {
  a: number;
  b: number;
  all: boolean;
}

type Op =
  | { k: 'append'; flags: string[] }
  | { k: 'store'; uid: boolean; pick: Pick; mode: '+' | '-' | ''; flags: string[] }
  | { k: 'expunge' }
  | { k: 'uidexpunge'; pick: Pick }
  | { k: 'copy'; uid: boolean; pick: Pick; same: boolean }
  | { k: 'move'; uid: boolean; pick: Pick }
  | { k: 'noop' }
  | { k: 'fetch'; uid: boolean; pick: Pick }
  | { k: 'search'; uid: boolean }
  | { k: 'reselect' }
  | { k: 'cstore'; pick: Pick; mode: '+' | '-'; flags: string[]; slack: number }
  | { k: 'changedsince'; slack: number };

interface Step {
  s: number;
  op: Op;
}

const FLAGS = ['\\Seen', '\\Flagged', '\\Deleted', '$K'];
const flagsArb = fc.subarray(FLAGS);
const pickArb: fc.Arbitrary<Pick> = fc.record({ a: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), b: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), all: fc.boolean() });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('append' as const), flags: flagsArb }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('store' as const), uid: fc.boolean(), pick: pickArb, mode: fc.constantFrom('+' as const, '-' as const, '' as const), flags: flagsArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('expunge' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('uidexpunge' as const), pick: pickArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('copy' as const), uid: fc.boolean(), pick: pickArb, same: fc.boolean() }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('move' as const), uid: fc.boolean(), pick: pickArb }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('noop' as const) }) },
  { weight: 3, arbitrary: fc.record({ k: fc.constant('fetch' as const), uid: fc.boolean(), pick: pickArb }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('search' as const), uid: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('reselect' as const) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('cstore' as const), pick: pickArb, mode: fc.constantFrom('+' as const, '-' as const), flags: flagsArb, slack: fc.constantFrom(0, 1, 3) }) },
  { weight: 2, arbitrary: fc.record({ k: fc.constant('changedsince' as const), slack: fc.constantFrom(0, 5, 1e9, 1e9) }) },
);

/** What one session has been told. */
class SessionModel {
  /** UIDs in sequence order; null: announced by EXISTS, UID not told yet. */
  view: Array<number | null> = [];
  /** Flags told, by UID (without \Recent). */
  flags = new Map<number, string[]>();
  /** MODSEQ last told, by UID. */
  modseqs = new Map<number, number>();
  /** The last HIGHESTMODSEQ told. */
  highest = 0;
  /**
   * The HIGHESTMODSEQ a resyncing client would keep (RFC 7162 §6): at each tagged response,
   * a HIGHESTMODSEQ response code if one came (even below MODSEQs seen), else the largest
   * MODSEQ FETCH data item since the last tagged response, if larger.
   */
  syncModseq = 0;
  uidValidity = 0;
  /** During SELECT (QRESYNC ...): the UIDs the client gave, which VANISHED (EARLIER) may name. */
  private earlier: Set<number> | 'any' | 'outside' | null = null;

  /**
   * A new SELECT of the mailbox: the numbering starts again. A QRESYNC client keeps what it
   * knows of each UID (flags, MODSEQ) for the resync to correct; the others forget it.
   */
  /** UID FETCH (CHANGEDSINCE ... VANISHED): VANISHED (EARLIER) names only UIDs gone from the view. */
  beginChangedSince(): void {
    this.earlier = 'outside';
  }

  beginSelect(qresyncKnown: number[] | null): void {
    this.view = [];
    if (qresyncKnown) {
      // No UIDs given: the server takes 1:(UIDNEXT-1) (RFC 7162 §3.2.5).
      this.earlier = qresyncKnown.length ? new Set(qresyncKnown) : 'any';
    } else {
      this.flags.clear();
      this.modseqs.clear();
    }
  }
  private tagNo = 0;

  constructor(
    readonly c: RawClient,
    readonly mode: Mode,
    readonly name: string,
  ) {}

  tag(): string {
    return `${this.name}${++this.tagNo}`;
  }

  /** UNCHANGEDSINCE is a CONDSTORE enabling command (RFC 7162 §3.1): a plain session turns CONDSTORE-aware. */
  condstoreEnabled = false;

  get condstore(): boolean {
    return this.mode !== 'plain' || this.condstoreEnabled;
  }

  known(): number[] {
    return this.view.filter((u): u is number => u !== null);
  }

  /**
   * Applies the responses of one command in order, checking each against the rules.
   * `expungeAllowed`: false for FETCH, STORE, SEARCH (RFC 3501 §7.4.1).
   */
  apply(responses: string[], expungeAllowed: boolean, where: string): void {
    const fail = (why: string): never => {
      throw new Error(`${this.name} (${this.mode}): ${why}\n${where}\n${responses.join('')}`);
    };
    let code: number | null = null;
    let maxFetch = 0;
    for (const line of responses) {
      let m: RegExpExecArray | null;
      if ((m = /^\* (\d+) EXISTS\r\n$/.exec(line))) {
        const n = Number(m[1]);
        if (n < this.view.length) fail(`EXISTS ${n} below the ${this.view.length} messages told, without an expunge`);
        while (this.view.length < n) this.view.push(null);
      } else if ((m = /^\* (\d+) EXPUNGE\r\n$/.exec(line))) {
        if (this.mode === 'qresync') fail('EXPUNGE after ENABLE QRESYNC (RFC 7162 §3.2.10.2)');
        if (!expungeAllowed) fail('EXPUNGE during FETCH, STORE or SEARCH (RFC 3501 §7.4.1)');
        const n = Number(m[1]);
        if (n < 1 || n > this.view.length) fail(`EXPUNGE ${n} of ${this.view.length}`);
        const [uid] = this.view.splice(n - 1, 1);
        if (uid != null) this.forget(uid);
      } else if ((m = /^\* VANISHED (\(EARLIER\) )?([\d:,]+)\r\n$/.exec(line))) {
        if (m[1]) {
          // SELECT (QRESYNC): only UIDs the client gave (RFC 7162 §3.2.5.1).
          const given = this.earlier ?? fail('VANISHED (EARLIER) never asked for');
          for (const uid of expandSet(m[2]!)) {
            if (given === 'outside') {
              // Those still in the view get a VANISHED of their own (RFC 7162 §3.2.6).
              if (this.view.includes(uid)) fail(`VANISHED (EARLIER) ${uid}: a message still in the view`);
              continue;
            }
            if (given !== 'any' && !given.has(uid)) fail(`VANISHED (EARLIER) ${uid}: not a UID the client gave`);
            this.forget(uid);
          }
          continue;
        }
        if (this.mode !== 'qresync') fail('VANISHED without ENABLE QRESYNC');
        if (!expungeAllowed) fail('VANISHED during FETCH, STORE or SEARCH (RFC 3501 §7.4.1)');
        for (const uid of expandSet(m[2]!)) this.vanish(uid, fail);
      } else if ((m = /^\* (\d+) FETCH \((.*)\)\r\n$/s.exec(line))) {
        const n = Number(m[1]);
        const body = m[2]!;
        if (n < 1 || n > this.view.length) fail(`FETCH for message ${n} of ${this.view.length}`);
        const uidM = /(?:^| )UID (\d+)/.exec(body);
        let uid = this.view[n - 1] ?? null;
        if (uidM) {
          const told = Number(uidM[1]);
          if (uid === null) {
            // The UID must fit between its neighbours (UIDs ascend with sequence numbers).
            const before = this.view.slice(0, n - 1).filter((u): u is number => u !== null);
            const after = this.view.slice(n).filter((u): u is number => u !== null);
            if ((before.length && before[before.length - 1]! >= told) || (after.length && after[0]! <= told)) fail(`UID ${told} out of order at ${n}`);
            this.view[n - 1] = told;
          } else if (uid !== told) fail(`message ${n} is UID ${uid}, FETCH says ${told}`);
          uid = told;
        }
        const flagsM = /(?:^| )FLAGS \(([^)]*)\)/.exec(body);
        const modseqM = /(?:^| )MODSEQ \((\d+)\)/.exec(body);
        if (modseqM && !this.condstore) fail('MODSEQ to a session that never enabled CONDSTORE');
        if (uid !== null) {
          if (modseqM) {
            const modseq = Number(modseqM[1]);
            maxFetch = Math.max(maxFetch, modseq);
            const before = this.modseqs.get(uid) ?? 0;
            if (modseq < before) fail(`MODSEQ of UID ${uid} went back from ${before} to ${modseq}`);
            const flags = flagsM ? clean(flagsM[1]!) : undefined;
            const old = this.flags.get(uid);
            if (flags && old && before && flags.join(' ') !== old.join(' ') && modseq <= before) fail(`flags of UID ${uid} changed, MODSEQ did not`);
            this.modseqs.set(uid, modseq);
          }
          if (flagsM) this.flags.set(uid, clean(flagsM[1]!));
        }
        // RFC 7162 §3.2.4: once CONDSTORE is on, every FETCH with FLAGS carries UID and MODSEQ.
        if (this.condstore && flagsM && (!uidM || !modseqM)) fail('FETCH FLAGS without UID and MODSEQ after CONDSTORE');
      } else if ((m = /^\* SEARCH((?: \d+)*)\r\n$/.exec(line))) {
        const nums = m[1]!.trim().split(' ').filter(Boolean).map(Number);
        for (let i = 1; i < nums.length; i++) if (nums[i]! <= nums[i - 1]!) fail('SEARCH results not ascending');
        for (const x of nums) {
          // Only messages the session was told of (RFC 3501 §7.4.1, §7.2.5).
          if (this.uidSearch ? !this.visible(x) : x < 1 || x > this.view.length) fail(`SEARCH result ${x} not in the session's view`);
        }
      } else if ((m = /\[UIDVALIDITY (\d+)\]/.exec(line))) {
        this.uidValidity = Number(m[1]);
      } else if ((m = /\[HIGHESTMODSEQ (\d+)\]/.exec(line))) {
        if (!this.condstore) fail('HIGHESTMODSEQ to a session that never enabled CONDSTORE');
        const h = Number(m[1]);
        if (h < this.highest) fail(`HIGHESTMODSEQ went back from ${this.highest} to ${h}`);
        this.highest = h;
        code = h;
      }
    }
    this.earlier = null;
    if (code !== null) this.syncModseq = code;
    else if (maxFetch > this.syncModseq) this.syncModseq = maxFetch;
  }

  /** Whether a UID is a message the session was told of: known, or in a gap of untold UIDs. */
  private visible(uid: number): boolean {
    if (this.view.includes(uid)) return true;
    let lo = -1;
    for (let i = 0; i < this.view.length; i++) {
      const u = this.view[i];
      if (u !== null && u !== undefined && u < uid) lo = i;
    }
    for (let i = lo + 1; i < this.view.length; i++) {
      const u = this.view[i];
      if (u === null) return true;
      if (u !== undefined && u > uid) return false;
    }
    return false;
  }

  private vanish(uid: number, fail: (why: string) => never): void {
    const at = this.view.indexOf(uid);
    if (at >= 0) {
      this.view.splice(at, 1);
      this.forget(uid);
      return;
    }
    // Not known by UID: it must be one the client was told of by EXISTS, in the gap where
    // its UID belongs (RFC 7162 §3.2.10.2: only messages visible in the session).
    let lo = -1;
    for (let i = 0; i < this.view.length; i++) {
      const u = this.view[i];
      if (u !== null && u !== undefined && u < uid) lo = i;
    }
    for (let i = lo + 1; i < this.view.length; i++) {
      const u = this.view[i];
      if (u === null) {
        this.view.splice(i, 1);
        this.forget(uid); // known from before a SELECT (QRESYNC), not yet placed in the view
        return;
      }
      if (u !== undefined && u > uid) break;
    }
    fail(`VANISHED ${uid}: not a message visible in the session`);
  }

  private forget(uid: number): void {
    this.flags.delete(uid);
    this.modseqs.delete(uid);
  }

  /** The command being applied is UID SEARCH (results are UIDs). */
  uidSearch = false;
}

function clean(flags: string): string[] {
  return flags
    .split(' ')
    .filter((f) => f !== '' && f !== '\\Recent')
    .sort();
}

/** A sequence set of the view from a pick; null when the view is empty. */
function seqSet(len: number, p: Pick): string | null {
  if (len === 0) return null;
  if (p.all) return '1:*';
  const i = 1 + Math.floor(p.a * len);
  const j = 1 + Math.floor(p.b * len);
  return i === j ? `${i}` : `${i}:${j}`;
}

/** A UID set from a pick over the UIDs the session knows (a UID set may name UIDs that are gone). */
function uidSet(model: SessionModel, p: Pick): string {
  const known = model.known();
  if (p.all || known.length === 0) return '1:*';
  const i = known[Math.floor(p.a * known.length)]!;
  const j = Math.floor(p.b * 3) === 0 ? i + 1 : known[Math.floor(p.b * known.length)]!;
  return i === j ? `${i}` : `${Math.min(i, j)}:${Math.max(i, j)}`;
}

interface Built {
  text: string;
  expungeAllowed: boolean;
  /** A sequence-number command on a view that may hold messages already expunged elsewhere. */
  mayBeNo: boolean;
}

function build(model: SessionModel, op: Op, box: string, other: string): Built | null {
  const len = model.view.length;
  const modseq = model.condstore ? ' MODSEQ' : '';
  const seqOrUid = (uid: boolean, p: Pick): string | null => (uid ? uidSet(model, p) : seqSet(len, p));
  switch (op.k) {
    case 'append':
      return null; // handled by the caller (a literal)
    case 'store': {
      const set = seqOrUid(op.uid, op.pick);
      if (set === null) return { text: 'NOOP', expungeAllowed: true, mayBeNo: false };
      if (op.mode === '' || op.flags.length > 0) {
        return { text: `${op.uid ? 'UID ' : ''}STORE ${set} ${op.mode}FLAGS (${op.flags.join(' ')})`, expungeAllowed: op.uid, mayBeNo: !op.uid };
      }
      return { text: `${op.uid ? 'UID ' : ''}STORE ${set} ${op.mode}FLAGS (\\Flagged)`, expungeAllowed: op.uid, mayBeNo: !op.uid };
    }
    case 'expunge':
      return { text: 'EXPUNGE', expungeAllowed: true, mayBeNo: false };
    case 'uidexpunge':
      return { text: `UID EXPUNGE ${uidSet(model, op.pick)}`, expungeAllowed: true, mayBeNo: false };
    case 'copy': {
      const set = seqOrUid(op.uid, op.pick);
      if (set === null) return { text: 'NOOP', expungeAllowed: true, mayBeNo: false };
      return { text: `${op.uid ? 'UID ' : ''}COPY ${set} ${op.same ? box : other}`, expungeAllowed: true, mayBeNo: !op.uid };
    }
    case 'move': {
      const set = seqOrUid(op.uid, op.pick);
      if (set === null) return { text: 'NOOP', expungeAllowed: true, mayBeNo: false };
      return { text: `${op.uid ? 'UID ' : ''}MOVE ${set} ${other}`, expungeAllowed: true, mayBeNo: !op.uid };
    }
    case 'noop':
      return { text: 'NOOP', expungeAllowed: true, mayBeNo: false };
    case 'fetch': {
      const set = seqOrUid(op.uid, op.pick);
      if (set === null) return { text: 'NOOP', expungeAllowed: true, mayBeNo: false };
      return { text: `${op.uid ? 'UID ' : ''}FETCH ${set} (UID FLAGS${modseq})`, expungeAllowed: op.uid, mayBeNo: !op.uid };
    }
    case 'search':
      return { text: `${op.uid ? 'UID ' : ''}SEARCH ALL`, expungeAllowed: op.uid, mayBeNo: false };
    case 'cstore': {
      // RFC 7162 §3.1.3: UID STORE (UNCHANGEDSINCE m); plain sessions send it too (it enables CONDSTORE).
      const since = Math.max(1, model.syncModseq - op.slack);
      const flags = op.flags.length ? op.flags : ['\\Flagged'];
      return { text: `UID STORE ${uidSet(model, op.pick)} (UNCHANGEDSINCE ${since}) ${op.mode}FLAGS (${flags.join(' ')})`, expungeAllowed: true, mayBeNo: false };
    }
    case 'changedsince': {
      if (model.mode !== 'qresync') return { text: 'NOOP', expungeAllowed: true, mayBeNo: false };
      const since = Math.max(1, model.syncModseq - op.slack);
      return { text: `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${since} VANISHED)`, expungeAllowed: true, mayBeNo: false };
    }
    case 'reselect': {
      if (model.mode !== 'qresync') return { text: `SELECT ${box}`, expungeAllowed: true, mayBeNo: false };
      // RFC 7162 §6: the UIDVALIDITY, the MODSEQ the client kept, and the UIDs it knows.
      const known = model.known().sort((x, y) => x - y);
      const uids = known.length ? ` ${known.join(',')}` : '';
      return { text: `SELECT ${box} (QRESYNC (${model.uidValidity} ${model.syncModseq}${uids}))`, expungeAllowed: true, mayBeNo: false };
    }
  }
}

async function storeState(mailboxId: number): Promise<{ highest: number; messages: Map<number, { flags: string[]; modseq: number }> }> {
  const store = server.server.store;
  const mb = (await store.getMailboxById(mailboxId))!;
  const messages = new Map<number, { flags: string[]; modseq: number }>();
  for (const m of await store.listMessages(mailboxId)) messages.set(m.uid, { flags: [...m.flags].sort(), modseq: m.modseq });
  return { highest: mb.highestModseq, messages };
}

/** Nothing may reach a session between its commands (no IDLE here). */
async function expectQuiet(model: SessionModel): Promise<void> {
  let got: string | null = null;
  try {
    got = await model.c.next(1);
  } catch (err) {
    if (!(err as Error).message.includes('timed out')) throw err;
  }
  expect(got, `${model.name}: a response outside any command`).toBeNull();
}

let runNo = 0;

async function runScenario(modes: Mode[], steps: Step[]): Promise<void> {
  const run = ++runNo;
  const box = `cm-${run}`;
  const other = `cm-${run}-x`;
  const store = server.server.store;
  const models: SessionModel[] = [];
  const log: string[] = [];
  try {
    for (let i = 0; i < modes.length; i++) {
      const c = await RawClient.connect(server.port);
      await c.next();
      const model = new SessionModel(c, modes[i]!, String.fromCharCode(97 + i));
      models.push(model);
      const login = await c.command(model.tag(), `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
      expect(login[login.length - 1]).toMatch(/^\w+ OK /);
      if (i === 0) {
        for (const cmd of [`CREATE ${box}`, `CREATE ${other}`]) {
          const r = await c.command(model.tag(), cmd);
          expect(r[r.length - 1]).toMatch(/^\w+ OK /);
        }
        for (let k = 0; k < 3; k++) await append(model, box, k === 0 ? ['\\Seen'] : [], false, '');
      }
      if (model.mode !== 'plain') {
        const r = await c.command(model.tag(), `ENABLE ${model.mode === 'qresync' ? 'QRESYNC' : 'CONDSTORE'}`);
        expect(r[r.length - 1]).toMatch(/^\w+ OK /);
      }
      const sel = await c.command(model.tag(), `SELECT ${box}`);
      expect(sel[sel.length - 1]).toMatch(/^\w+ OK /);
      model.apply(sel, true, 'SELECT');
    }
    const mailboxId = (await store.getMailbox(userId, box))!.id;
    let before = await storeState(mailboxId);
    for (const [i, step] of steps.entries()) {
      const model = models[step.s % models.length]!;
      await expectQuiet(model);
      let responses: string[];
      let built: Built;
      if (step.op.k === 'append') {
        const where = `step ${i}: ${model.name} APPEND\n${log.join('\n')}`;
        responses = await append(model, box, step.op.flags, true, where);
        built = { text: 'APPEND', expungeAllowed: true, mayBeNo: false };
      } else {
        built = build(model, step.op, box, other)!;
        if (step.op.k === 'reselect') model.beginSelect(model.mode === 'qresync' ? model.known() : null);
        if (step.op.k === 'changedsince' && model.mode === 'qresync') model.beginChangedSince();
        if (built.text.includes('UNCHANGEDSINCE')) model.condstoreEnabled = true;
        responses = await model.c.command(model.tag(), built.text);
        model.uidSearch = built.text.startsWith('UID SEARCH');
      }
      log.push(`${model.name}: ${built.text}`);
      const where = `step ${i}\n${log.join('\n')}`;
      const tagged = responses[responses.length - 1]!;
      if (step.op.k !== 'append') model.apply(responses, built.expungeAllowed, where);
      // Never BAD: the model only sends valid commands. NO only where RFC 2180 §4 allows it:
      // a sequence-number command naming messages another session expunged.
      expect(tagged, where).not.toMatch(/^\w+ BAD /);
      const after = await storeState(mailboxId);
      const storeUids = [...after.messages.keys()];
      const known = model.known();
      if (/^\w+ NO /.test(tagged)) {
        expect(built.mayBeNo && known.some((u) => !after.messages.has(u)), `unexpected NO; ${where}`).toBe(true);
      }
      if (step.op.k === 'cstore') checkUnchangedSince(step.op, built.text, tagged, known, before, after, where);
      // Sequence numbers: once expunges may be sent, the session's view is the store's list.
      if (built.expungeAllowed) {
        expect(model.view.length, `message count; ${where}`).toBe(storeUids.length);
        model.view.forEach((u, k) => {
          if (u !== null) expect(u, `UID of message ${k + 1}; ${where}`).toBe(storeUids[k]);
        });
      } else {
        expect(model.view.length, `message count while expunges wait; ${where}`).toBeGreaterThanOrEqual(storeUids.length);
        for (let k = 1; k < known.length; k++) expect(known[k]!).toBeGreaterThan(known[k - 1]!);
      }
      // After SELECT (QRESYNC), every UID the client knew and was not told VANISHED is still there.
      if (step.op.k === 'reselect' && model.mode === 'qresync') {
        for (const uid of model.flags.keys()) expect(after.messages.has(uid), `UID ${uid} expunged, not reported by QRESYNC; ${where}`).toBe(true);
      }
      // Flags: every message still there whose flags the session was told is up to date.
      for (const [uid, flags] of model.flags) {
        const now = after.messages.get(uid);
        if (now) expect(flags, `flags of UID ${uid} told to ${model.name}; ${where}`).toEqual(now.flags);
      }
      for (const [uid, modseq] of model.modseqs) {
        const now = after.messages.get(uid);
        if (now) expect(modseq, `MODSEQ of UID ${uid} told to ${model.name}; ${where}`).toBe(now.modseq);
      }
      if (model.condstore) {
        expect(model.highest, `HIGHESTMODSEQ told; ${where}`).toBeLessThanOrEqual(after.highest);
        // RFC 7162 §3.2, §6: a client that lost its connection now and resynced from the MODSEQ
        // it keeps would miss no change. Messages it still holds but the store has expunged
        // (held back during FETCH, STORE, SEARCH) must have been expunged above that MODSEQ.
        const held = known.filter((u) => !after.messages.has(u));
        if (held.length) {
          const later = await store.resyncSince(mailboxId, model.syncModseq, held.map((u): [number, number] => [u, u]));
          expect(later.expunged, `expunges held back at or below the MODSEQ the client keeps (${model.syncModseq}); ${where}`).toEqual(held);
        }
      }
      // MODSEQs (RFC 7162 §3.1): never back; every change above every earlier one; no change, no new MODSEQ.
      expect(after.highest, `HIGHESTMODSEQ; ${where}`).toBeGreaterThanOrEqual(before.highest);
      for (const [uid, now] of after.messages) {
        expect(now.modseq, `HIGHESTMODSEQ covers UID ${uid}; ${where}`).toBeLessThanOrEqual(after.highest);
        const was = before.messages.get(uid);
        if (!was || was.flags.join(' ') !== now.flags.join(' ')) {
          expect(now.modseq, `MODSEQ of changed UID ${uid}; ${where}`).toBeGreaterThan(before.highest);
        } else {
          expect(now.modseq, `MODSEQ of unchanged UID ${uid}; ${where}`).toBe(was.modseq);
        }
      }
      const gone = [...before.messages.keys()].some((u) => !after.messages.has(u));
      if (gone) expect(after.highest, `an expunge moves HIGHESTMODSEQ; ${where}`).toBeGreaterThan(before.highest);
      before = after;
    }
  } finally {
    for (const m of models) m.c.close();
  }
}

type StoreSnapshot = Awaited<ReturnType<typeof storeState>>;

/**
 * UID STORE (UNCHANGEDSINCE m) (RFC 7162 §3.1.3): of the messages the session knows in the set,
 * those with a MODSEQ above m are left alone and listed in [MODIFIED]; the others get the change.
 */
function checkUnchangedSince(
  op: Extract<Op, { k: 'cstore' }>,
  text: string,
  tagged: string,
  known: number[],
  before: StoreSnapshot,
  after: StoreSnapshot,
  where: string,
): void {
  const m = /^UID STORE (\S+) \(UNCHANGEDSINCE (\d+)\) [+-]FLAGS \(([^)]*)\)$/.exec(text)!;
  const since = Number(m[2]);
  const flags = m[3]!.split(' ');
  const set = m[1] === '1:*' ? null : new Set(expandSet(m[1]!));
  const modified = new Set(expandSet(/\[MODIFIED ([\d:,]+)\]/.exec(tagged)?.[1] ?? '0').filter((u) => u > 0));
  for (const uid of modified) {
    const was = before.messages.get(uid);
    expect(was && was.modseq > since, `[MODIFIED] lists UID ${uid}, unchanged since ${since}; ${where}`).toBe(true);
  }
  for (const uid of known) {
    if (set && !set.has(uid)) continue;
    const was = before.messages.get(uid);
    const now = after.messages.get(uid);
    if (!was || !now) continue;
    if (was.modseq > since) {
      expect(modified.has(uid), `UID ${uid} (MODSEQ ${was.modseq} > ${since}) not in [MODIFIED]; ${where}`).toBe(true);
      expect(now.flags, `UID ${uid} changed despite UNCHANGEDSINCE; ${where}`).toEqual(was.flags);
    } else {
      const want = new Set(was.flags);
      for (const f of flags) if (op.mode === '+') want.add(f);
      else want.delete(f);
      expect(now.flags, `UID ${uid} (MODSEQ ${was.modseq} <= ${since}); ${where}`).toEqual([...want].sort());
    }
  }
}

/** APPEND from a session (LITERAL+); applies and returns its responses. */
async function append(model: SessionModel, box: string, flags: string[], check: boolean, where: string): Promise<string[]> {
  const text = `From: a@example.com\r\nSubject: m${Math.random()}\r\n\r\nx\r\n`;
  const tag = model.tag();
  model.c.write(`${tag} APPEND ${box} (${flags.join(' ')}) {${Buffer.byteLength(text)}+}\r\n${text}\r\n`);
  const got = await model.c.until(tag);
  expect(got[got.length - 1], where).toMatch(/^\w+ OK /);
  if (check) model.apply(got, true, where);
  return got;
}

describe('expunges held back during FETCH, STORE, SEARCH (RFC 7162 §3.2, §6)', () => {
  it('a MODSEQ sent while an expunge waits comes with a HIGHESTMODSEQ below that expunge', async () => {
    const a = await RawClient.connect(server.port);
    const b = await RawClient.connect(server.port);
    for (const c of [a, b]) {
      await c.next();
      const r = await c.command('L', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
      expect(r[r.length - 1]).toMatch(/^L OK /);
    }
    const ok = async (c: RawClient, tag: string, cmd: string): Promise<string[]> => {
      const r = await c.command(tag, cmd);
      expect(r[r.length - 1], r.join('')).toMatch(new RegExp(`^${tag} OK `));
      return r;
    };
    await ok(b, 'c1', 'CREATE held');
    for (let i = 0; i < 3; i++) {
      const text = `Subject: ${i}\r\n\r\nx\r\n`;
      await ok(b, `a${i}`, `APPEND held {${text.length}+}\r\n${text}`);
    }
    await ok(a, 'e', 'ENABLE QRESYNC');
    const sel = await ok(a, 's', 'SELECT held');
    const uidValidity = Number(/UIDVALIDITY (\d+)/.exec(sel.join(''))![1]);
    await ok(b, 's', 'SELECT held');
    await ok(b, 'd', 'UID STORE 1 +FLAGS (\\Deleted)');
    await ok(b, 'x', 'EXPUNGE'); // UID 1 gone at some MODSEQ m
    await ok(b, 'f', 'UID STORE 2 +FLAGS (\\Flagged)'); // UID 2 changed above m
    // A sequence-number FETCH may not tell of the expunge, but tells UID 2's new MODSEQ.
    const got = await ok(a, 'g', 'FETCH 2 (UID FLAGS MODSEQ)');
    expect(got.some((l) => /EXPUNGE|VANISHED/.test(l)), got.join('')).toBe(false);
    const modseqs = got.flatMap((l) => [...l.matchAll(/MODSEQ \((\d+)\)/g)].map((m) => Number(m[1])));
    const codes = got.flatMap((l) => [...l.matchAll(/\[HIGHESTMODSEQ (\d+)\]/g)].map((m) => Number(m[1])));
    expect(modseqs.length).toBeGreaterThan(0);
    // RFC 7162 §6: the client keeps the HIGHESTMODSEQ code if one came, else the largest MODSEQ.
    const kept = codes.length ? codes[codes.length - 1]! : Math.max(...modseqs);
    // Connection lost here; the resync from what the client kept must still report UID 1.
    a.close();
    const c = await RawClient.connect(server.port);
    await c.next();
    await ok(c, 'L', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    await ok(c, 'e', 'ENABLE QRESYNC');
    const resync = await ok(c, 'r', `SELECT held (QRESYNC (${uidValidity} ${kept} 1:3))`);
    expect(resync.join(''), `kept ${kept}`).toMatch(/\* VANISHED \(EARLIER\) 1\r\n/);
    b.close();
    c.close();
  });
});

describe('several sessions on one mailbox: what each is told matches a plain model', () => {
  it('random command sequences from 2–3 sessions (plain, CONDSTORE, QRESYNC)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<Mode>('plain', 'condstore', 'qresync'), { minLength: 2, maxLength: 3 }),
        fc.array(fc.record({ s: fc.nat(2), op: opArb }), { minLength: 5, maxLength: 40 }),
        async (modes, steps) => {
          await runScenario(modes, steps);
        },
      ),
      { numRuns: 100, seed: 0x7162 },
    );
  }, 120_000); // a failure shrinks for a while; a pass takes a few seconds
});
