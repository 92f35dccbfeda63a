// QRESYNC (RFC 7162 §3.2): ENABLE, SELECT/EXAMINE (QRESYNC ...) with known UIDs and
// sequence match data, UID FETCH (CHANGEDSINCE ... VANISHED), VANISHED instead of EXPUNGE
// (own commands, other sessions, IDLE), [CLOSED], and the BAD cases.
import { describe, expect, it } from 'vitest';
import type { RawClient } from '../support/imap-client.js';
import { useWireServer, append, exchange, expectLines, loggedIn, message } from './helpers.js';

const server = useWireServer();

const SELECTED = ['* <n> EXISTS', '* <n> RECENT', '* FLAGS (<*>)', '* OK [PERMANENTFLAGS (<*>)] <*>', '* OK [UIDVALIDITY <n>] UIDs valid', '* OK [UIDNEXT <n>] Predicted next UID', '* OK [MAILBOXID (<id>)] Ok'];

async function fill(c: RawClient, box: string, n: number): Promise<void> {
  await exchange(c, 'cr', `CREATE ${box}`, ['cr OK CREATE completed']);
  for (let i = 1; i <= n; i++) await append(c, box, message(`${box} ${i}`), '\\Seen');
}

/** ENABLE QRESYNC, then SELECT: returns UIDVALIDITY and HIGHESTMODSEQ. */
async function qresyncSelect(c: RawClient, box: string, enable = true): Promise<{ uidValidity: number; modseq: number }> {
  if (enable) await exchange(c, 'en', 'ENABLE QRESYNC', ['* ENABLED QRESYNC', 'en OK ENABLE completed']);
  const got = await c.command('se', `SELECT ${box}`);
  const text = got.join('');
  return { uidValidity: Number(/UIDVALIDITY (\d+)/.exec(text)![1]), modseq: Number(/HIGHESTMODSEQ (\d+)/.exec(text)![1]) };
}

/** The responses of a SELECT after the usual ones (skipping up to the HIGHESTMODSEQ line). */
function afterSelect(got: string[]): string[] {
  const i = got.findIndex((l) => l.includes('[HIGHESTMODSEQ'));
  expect(i, got.join('')).toBeGreaterThan(0);
  return got.slice(i + 1).filter((l) => !l.includes('[UNSEEN '));
}

describe('QRESYNC: SELECT (QRESYNC ...)', () => {
  it('reports VANISHED (EARLIER) then FETCH (UID FLAGS MODSEQ) of what changed since (§3.2.5)', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'qr-1', 10);
    const { uidValidity, modseq } = await qresyncSelect(c, 'qr-1');
    await exchange(c, 'a', 'STORE 2,4,6 +FLAGS.SILENT (\\Deleted)', ['<*>', '<*>', '<*>', 'a OK STORE completed']);
    await exchange(c, 'b', 'EXPUNGE', ['* VANISHED 2,4,6', `b OK [HIGHESTMODSEQ ${modseq + 2}] EXPUNGE completed`]);
    await exchange(c, 'c', 'UID STORE 8 -FLAGS.SILENT (\\Seen)', [`* 5 FETCH (UID 8 MODSEQ (${modseq + 3}))`, 'c OK UID STORE completed']);
    await append(c, 'qr-1', message('new'));
    // Full resync from the old MODSEQ, known UIDs defaulting to 1:(UIDNEXT-1).
    const got = await c.command('d', `SELECT qr-1 (QRESYNC (${uidValidity} ${modseq}))`);
    expect(got[0]).toBe('* OK [CLOSED] Previous mailbox closed\r\n');
    expectLines(afterSelect(got), [
      '* VANISHED (EARLIER) 2,4,6',
      `* 5 FETCH (UID 8 FLAGS () MODSEQ (${modseq + 3}))`,
      // \Recent went to this session's previous view, which saw the APPEND first.
      `* 8 FETCH (UID 11 FLAGS () MODSEQ (${modseq + 4}))`,
      'd OK [READ-WRITE] SELECT completed',
    ]);
    // Known UIDs restrict both parts; EXAMINE works the same.
    const known = await c.command('e', `EXAMINE qr-1 (QRESYNC (${uidValidity} ${modseq} 1:5,9:10))`);
    expectLines(afterSelect(known), ['* VANISHED (EARLIER) 2,4', 'e OK [READ-ONLY] EXAMINE completed']);
    // Up to date: nothing.
    const none = await c.command('f', `SELECT qr-1 (QRESYNC (${uidValidity} ${modseq + 4} 1:11))`);
    expectLines(afterSelect(none), ['f OK [READ-WRITE] SELECT completed']);
    // Another UIDVALIDITY: the rest is ignored (§3.2.5).
    const other = await c.command('g', `SELECT qr-1 (QRESYNC (${uidValidity + 1} ${modseq}))`);
    expectLines(afterSelect(other), ['g OK [READ-WRITE] SELECT completed']);
    // A MODSEQ above 2^53 but within 63 bits: valid, nothing changed since.
    const big = await c.command('h', `SELECT qr-1 (QRESYNC (${uidValidity} 9223372036854775807))`);
    expectLines(afterSelect(big), ['h OK [READ-WRITE] SELECT completed']);
    c.close();
  });

  it('sequence match data narrows VANISHED to UIDs above the last matching pair (§3.2.5.2)', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'qr-seq', 12);
    const { uidValidity, modseq } = await qresyncSelect(c, 'qr-seq');
    await exchange(c, 'a', 'UID STORE 3,7,11 +FLAGS.SILENT (\\Deleted)', ['<*>', '<*>', '<*>', 'a OK UID STORE completed']);
    await exchange(c, 'b', 'EXPUNGE', ['* VANISHED 3,7,11', 'b OK [HIGHESTMODSEQ <n>] EXPUNGE completed']);
    // The client learnt of 3 (message 3 is now UID 4) but not of 7 and 11.
    const got = await c.command('c', `SELECT qr-seq (QRESYNC (${uidValidity} ${modseq} 1:12 (1:3 1,2,4)))`);
    expectLines(afterSelect(got), ['* VANISHED (EARLIER) 7,11', 'c OK [READ-WRITE] SELECT completed']);
    // A client whose data says message 6 is UID 7: that is now UID 8, so it has not heard of
    // 7's expunge; the last match is message 3 = UID 4.
    const stale = await c.command('d', `SELECT qr-seq (QRESYNC (${uidValidity} ${modseq} 1:12 (2:3,6 2,4,7)))`);
    expectLines(afterSelect(stale), ['* VANISHED (EARLIER) 7,11', 'd OK [READ-WRITE] SELECT completed']);
    // Every pair matches, up to message 8 = UID 10: only 11 is left.
    const all = await c.command('e', `SELECT qr-seq (QRESYNC (${uidValidity} ${modseq} 1:12 (1:8 1:2,4:6,8:10)))`);
    expectLines(afterSelect(all), ['* VANISHED (EARLIER) 11', 'e OK [READ-WRITE] SELECT completed']);
    // The first pair does not match: everything since the MODSEQ.
    const first = await c.command('f', `SELECT qr-seq (QRESYNC (${uidValidity} ${modseq} 1:12 (3 3)))`);
    expectLines(afterSelect(first), ['* VANISHED (EARLIER) 3,7,11', 'f OK [READ-WRITE] SELECT completed']);
    c.close();
  });

  it('is BAD without ENABLE QRESYNC, and for malformed parameters; the selected mailbox stays (§3.2.3, §3.2.5)', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'qr-bad', 2);
    const sel = await c.command('a', 'SELECT qr-bad');
    const uv = Number(/UIDVALIDITY (\d+)/.exec(sel.join(''))![1]);
    await exchange(c, 'b', `SELECT qr-bad (QRESYNC (${uv} 1))`, ['b BAD QRESYNC needs ENABLE QRESYNC first']);
    await exchange(c, 'c', 'UID FETCH 1:* (FLAGS) (CHANGEDSINCE 1 VANISHED)', ['c BAD VANISHED needs ENABLE QRESYNC first']);
    await exchange(c, 'd', 'ENABLE QRESYNC', ['* ENABLED QRESYNC', '* OK [HIGHESTMODSEQ <n>] Highest', 'd OK ENABLE completed']);
    for (const [args, text] of [
      [`(QRESYNC (${uv} 0))`, 'Invalid mod-sequence in QRESYNC: must not be 0'],
      [`(QRESYNC (${uv} 9223372036854775808))`, 'Invalid mod-sequence in QRESYNC: above 2^63-1'],
      [`(QRESYNC (${uv}))`, 'Expected space before mod-sequence in QRESYNC'],
      ['(QRESYNC (0 5))', 'Invalid UIDVALIDITY in QRESYNC'],
      [`(QRESYNC (${uv} 5 1:*))`, 'Invalid known UIDs: * is not allowed'],
      [`(QRESYNC (${uv} 5 $))`, 'Invalid known UIDs: $ is not allowed'],
      [`(QRESYNC (${uv} 5 1:5 (1:2 3)))`, 'Invalid sequence match data: the sets differ in size'],
      [`(QRESYNC (${uv} 5 1:5 (2,1 3,4)))`, 'Invalid known sequence set: not in ascending order'],
      [`(QRESYNC (${uv} 5 1:5 (1:2 4,3)))`, 'Invalid known UID set: not in ascending order'],
      [`(QRESYNC (${uv} 5 1:5 (1:2)))`, 'Expected space before known UID set'],
      [`(QRESYNC (${uv} 5 1:5 x))`, 'Invalid QRESYNC parameters'],
      [`(QRESYNC ${uv} 5)`, 'Expected ( after QRESYNC'],
      [`(QRESYNC (${uv} 5) QRESYNC (${uv} 5))`, 'Select parameter QRESYNC given twice'],
      [`(QRESYNC (${uv} 5 1:5 (1 1) 2))`, 'Expected ) after QRESYNC parameters'],
    ]) {
      await exchange(c, 'x', `SELECT qr-bad ${args}`, [`x BAD ${text}`]);
    }
    // Still selected.
    await exchange(c, 'n', 'FETCH 1 (UID)', ['* 1 FETCH (UID 1)', 'n OK FETCH completed']);
    // CONDSTORE together with QRESYNC is fine.
    const ok = await c.command('y', `SELECT qr-bad (CONDSTORE QRESYNC (${uv} 1 1:2))`);
    expect(ok[ok.length - 1]).toMatch(/^y OK \[READ-WRITE\]/);
    c.close();
  });
});

describe('QRESYNC: VANISHED', () => {
  it('UID FETCH (CHANGEDSINCE n VANISHED): VANISHED (EARLIER) for the set first (§3.2.6)', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'qr-uf', 8);
    const { modseq } = await qresyncSelect(c, 'qr-uf');
    await exchange(c, 'a', 'UID STORE 2,5 +FLAGS.SILENT (\\Deleted)', ['<*>', '<*>', 'a OK UID STORE completed']);
    await exchange(c, 'b', 'UID EXPUNGE 2', ['* VANISHED 2', `b OK [HIGHESTMODSEQ ${modseq + 2}] UID EXPUNGE completed`]);
    await exchange(c, 'c', `UID FETCH 1:8 (FLAGS) (CHANGEDSINCE ${modseq} VANISHED)`, [
      '* VANISHED (EARLIER) 2',
      `* 4 FETCH (UID 5 MODSEQ (${modseq + 1}) FLAGS (\\Seen \\Deleted \\Recent))`,
      'c OK UID FETCH completed',
    ]);
    await exchange(c, 'd', `UID FETCH 3:4 (FLAGS) (VANISHED CHANGEDSINCE ${modseq})`, ['d OK UID FETCH completed']);
    c.close();
  });

  it('replaces EXPUNGE for MOVE and for expunges by other sessions, also in IDLE; CLOSE says nothing', async () => {
    const a = await loggedIn(server.port);
    await fill(a, 'qr-v', 6);
    await exchange(a, 'cd', 'CREATE qr-v-dst', ['cd OK CREATE completed']);
    await qresyncSelect(a, 'qr-v');
    const b = await loggedIn(server.port);
    await exchange(b, 's', 'SELECT qr-v', [...SELECTED, 's OK [READ-WRITE] SELECT completed']);
    await exchange(b, 'm', 'UID MOVE 1,3 qr-v-dst', ['* OK [COPYUID <n> 1,3 1:2] Moved', '* 1 EXPUNGE', '* 2 EXPUNGE', 'm OK UID MOVE completed']);
    await exchange(a, 'n', 'NOOP', ['* VANISHED 1,3', 'n OK NOOP completed']);
    await exchange(a, 'm', 'MOVE 1 qr-v-dst', ['* OK [COPYUID <n> 2 3] Moved', '* VANISHED 2', 'm OK [HIGHESTMODSEQ <n>] MOVE completed']);
    await exchange(b, 'n', 'NOOP', ['* 1 EXPUNGE', 'n OK NOOP completed']);
    a.send('i IDLE');
    expect(await a.next()).toBe('+ idling\r\n');
    await exchange(b, 'st', 'STORE 1:2 +FLAGS.SILENT (\\Deleted)', ['st OK STORE completed']);
    await exchange(b, 'x', 'EXPUNGE', ['* 1 EXPUNGE', '* 1 EXPUNGE', 'x OK EXPUNGE completed']);
    const pushed: string[] = [];
    while (!pushed.some((l) => l.startsWith('* VANISHED'))) pushed.push(await a.next());
    expect(pushed.filter((l) => !l.includes(' FETCH '))).toEqual(['* VANISHED 4:5\r\n']);
    a.send('DONE');
    expectLines(await a.until('i'), ['i OK IDLE terminated']);
    await exchange(a, 'f', 'UID FETCH 1:* (UID)', ['* 1 FETCH (UID 6)', 'f OK UID FETCH completed']);
    await exchange(a, 'd', 'STORE 1 +FLAGS.SILENT (\\Deleted)', ['<*>', 'd OK STORE completed']);
    await exchange(a, 'c', 'CLOSE', ['c OK CLOSE completed']);
    a.close();
    b.close();
  });

  it('a FETCH defers VANISHED to a later command, as EXPUNGE (§3.2.10.2)', async () => {
    const a = await loggedIn(server.port);
    await fill(a, 'qr-defer', 3);
    await qresyncSelect(a, 'qr-defer');
    const b = await loggedIn(server.port);
    await b.command('s', 'SELECT qr-defer');
    await exchange(b, 'st', 'STORE 2 +FLAGS.SILENT (\\Deleted)', ['st OK STORE completed']);
    await exchange(b, 'x', 'EXPUNGE', ['* 2 EXPUNGE', 'x OK EXPUNGE completed']);
    await exchange(a, 'f', 'FETCH 3 (UID)', ['* 3 FETCH (UID 3)', 'f OK FETCH completed']);
    await exchange(a, 'n', 'NOOP', ['* VANISHED 2', 'n OK NOOP completed']);
    a.close();
    b.close();
  });

  it('a QRESYNC SELECT reads only the changes: no message listing, rows read = changes', async () => {
    const store = server.server.store;
    const user = (await store.listUsers())[0]!;
    const box = await store.createMailbox(user.id, 'qr-cost');
    await store.appendMany(box.id, Array.from({ length: 2000 }, (_, i) => ({ data: Buffer.from(message(`cost ${i}`)), flags: [] })));
    const c = await loggedIn(server.port);
    const { uidValidity, modseq } = await qresyncSelect(c, 'qr-cost');
    await store.storeFlags(box.id, Array.from({ length: 10 }, (_, i) => 100 * (i + 1)), 'add', ['\\Seen']);
    await store.storeFlags(box.id, Array.from({ length: 10 }, (_, i) => 100 * (i + 1) + 1), 'add', ['\\Deleted']);
    await store.expunge(box.id);
    const calls: Record<string, number> = {};
    const rows: number[] = [];
    const spied = ['listMessages', 'getMessages', 'resyncSince', 'changesSince', 'searchModseq', 'search'] as const;
    const originals = spied.map((name) => [name, store[name]] as const);
    for (const name of spied) {
      const original = store[name].bind(store) as (...args: unknown[]) => Promise<unknown>;
      (store as unknown as Record<string, unknown>)[name] = async (...args: unknown[]) => {
        calls[name] = (calls[name] ?? 0) + 1;
        const result = await original(...args);
        if (name === 'resyncSince') {
          const r = result as { changed: unknown[]; expunged: unknown[] };
          rows.push(r.changed.length + r.expunged.length);
        }
        return result;
      };
    }
    try {
      const got = await c.command('r', `SELECT qr-cost (QRESYNC (${uidValidity} ${modseq}))`);
      expect(afterSelect(got)).toHaveLength(1 + 10 + 1); // VANISHED (EARLIER), 10 FETCH, OK
    } finally {
      for (const [name, fn] of originals) (store as unknown as Record<string, unknown>)[name] = fn;
    }
    expect(calls).toEqual({ resyncSince: 1 });
    expect(rows).toEqual([20]);
    c.close();
  });

  it('a resync after many changes equals the server state exactly', async () => {
    const c = await loggedIn(server.port);
    const n = 300;
    await exchange(c, 'cr', 'CREATE qr-many', ['cr OK CREATE completed']);
    const text = Array.from({ length: n }, (_, i) => message(`many ${i + 1}`));
    const store = server.server.store;
    const user = (await store.listUsers())[0]!;
    const box = (await store.getMailbox(user.id, 'qr-many'))!;
    await store.appendMany(box.id, text.map((t) => ({ data: Buffer.from(t), flags: ['\\Seen'] })));
    const { uidValidity, modseq } = await qresyncSelect(c, 'qr-many');
    // Another client changes flags of every 7th message and expunges every 5th.
    const b = await loggedIn(server.port);
    await b.command('s', 'SELECT qr-many');
    await b.command('f', 'UID STORE 1:300 +FLAGS.SILENT ($Seven)'.replace('1:300', Array.from({ length: 42 }, (_, i) => 7 * (i + 1)).join(',')));
    await b.command('d', `UID STORE ${Array.from({ length: 60 }, (_, i) => 5 * (i + 1)).join(',')} +FLAGS.SILENT (\\Deleted)`);
    await b.command('x', 'EXPUNGE');
    b.close();
    // This client reconnects and resyncs.
    const d = await loggedIn(server.port);
    await exchange(d, 'en', 'ENABLE QRESYNC', ['* ENABLED QRESYNC', 'en OK ENABLE completed']);
    const got = await d.command('r', `SELECT qr-many (QRESYNC (${uidValidity} ${modseq} 1:${n}))`);
    const vanished = afterSelect(got).filter((l) => l.startsWith('* VANISHED (EARLIER)'));
    const fetched = afterSelect(got).filter((l) => l.includes(' FETCH '));
    const expunged = Array.from({ length: 60 }, (_, i) => 5 * (i + 1));
    const sevens = Array.from({ length: 42 }, (_, i) => 7 * (i + 1)).filter((u) => u % 5 !== 0);
    expect(vanished).toEqual([`* VANISHED (EARLIER) ${expunged.join(',')}\r\n`]);
    expect(fetched.map((l) => Number(/UID (\d+)/.exec(l)![1]))).toEqual(sevens);
    for (const l of fetched) expect(l).toMatch(/FLAGS \(\\Seen \$Seven\) MODSEQ \(\d+\)\)\r\n$/);
    // Sequence numbers are those of the current mailbox.
    for (const l of fetched) {
      const [, seq, uid] = /^\* (\d+) FETCH \(UID (\d+)/.exec(l)!;
      expect(Number(seq)).toBe(Number(uid) - Math.floor(Number(uid) / 5));
    }
    c.close();
    d.close();
  });
});
