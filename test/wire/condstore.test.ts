// CONDSTORE (RFC 7162 §3.1): the examples of the RFC adapted to this server, implicit
// enabling, UNCHANGEDSINCE with [MODIFIED], CHANGEDSINCE, the MODSEQ search key, and the
// MODSEQ values that are BAD. MODSEQ values come from one counter per account, so they are
// read from the server and compared relative to each other.
import { describe, expect, it } from 'vitest';
import type { RawClient } from '../support/imap-client.js';
import { useWireServer, append, exchange, expectLines, loggedIn, message } from './helpers.js';

const server = useWireServer();

/** The usual SELECT lines up to HIGHESTMODSEQ (which the caller adds or not). */
function selectLines(exists: number, uidNext: number): string[] {
  return [
    `* ${exists} EXISTS`,
    '* <n> RECENT',
    '* FLAGS (<*>)',
    '* OK [PERMANENTFLAGS (<*>)] Flags permitted',
    '* OK [UIDVALIDITY <n>] UIDs valid',
    `* OK [UIDNEXT ${uidNext}] Predicted next UID`,
    '* OK [MAILBOXID (<id>)] Ok',
  ];
}

/** Creates `box` with `n` messages (the first `seen` of them \Seen). */
async function fill(c: RawClient, box: string, n: number, seen = n): Promise<void> {
  await exchange(c, 'cr', `CREATE ${box}`, ['cr OK CREATE completed']);
  for (let i = 1; i <= n; i++) await append(c, box, message(`${box} ${i}`), i <= seen ? '\\Seen' : '');
}

/** MODSEQs of messages 1:*, by sequence number (index 0 is message 1). */
async function modseqs(c: RawClient): Promise<number[]> {
  const got = await c.command('ms', 'FETCH 1:* (MODSEQ)');
  return got.slice(0, -1).map((l) => Number(/MODSEQ \((\d+)\)/.exec(l)![1]));
}

function highest(lines: string[]): number {
  const line = lines.find((l) => l.includes('[HIGHESTMODSEQ '));
  expect(line, lines.join('')).toBeDefined();
  return Number(/HIGHESTMODSEQ (\d+)/.exec(line!)![1]);
}

describe('CONDSTORE: SELECT, STATUS, ENABLE', () => {
  it('SELECT (CONDSTORE) adds HIGHESTMODSEQ (Example 18); a plain SELECT before enabling does not', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-sel', 2);
    await exchange(c, 'a', 'SELECT cs-sel', [...selectLines(2, 3), 'a OK [READ-WRITE] SELECT completed']);
    const got = await exchange(c, 'b', 'EXAMINE cs-sel (CONDSTORE)', [
      '* OK [CLOSED] Previous mailbox closed',
      ...selectLines(2, 3),
      '* OK [HIGHESTMODSEQ <n>] Highest',
      'b OK [READ-ONLY] EXAMINE completed',
    ]);
    const st = await c.command('st', 'STATUS cs-sel (UIDNEXT MESSAGES HIGHESTMODSEQ)');
    expectLines(st, [`* STATUS cs-sel (UIDNEXT 3 MESSAGES 2 HIGHESTMODSEQ ${highest(got)})`, 'st OK STATUS completed']);
    // Once CONDSTORE-aware, every SELECT carries it (§3.1.2.1).
    await exchange(c, 'c', 'SELECT cs-sel', [
      '* OK [CLOSED] Previous mailbox closed',
      ...selectLines(2, 3),
      `* OK [HIGHESTMODSEQ ${highest(got)}] Highest`,
      'c OK [READ-WRITE] SELECT completed',
    ]);
    c.close();
  });

  it('the first enabling command with a mailbox selected reports HIGHESTMODSEQ first (Examples 5, 13); later ones do not', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-first', 3);
    const status = await c.command('s0', 'STATUS cs-first (HIGHESTMODSEQ)');
    const h = Number(/HIGHESTMODSEQ (\d+)/.exec(status[0]!)![1]);
    const d = await loggedIn(server.port);
    await exchange(d, 'a', 'SELECT cs-first', [...selectLines(3, 4), 'a OK [READ-WRITE] SELECT completed']);
    await exchange(d, 'b', 'FETCH 1:3 (MODSEQ)', [
      `* OK [HIGHESTMODSEQ ${h}] Highest`,
      `* 1 FETCH (MODSEQ (${h - 2}))`,
      `* 2 FETCH (MODSEQ (${h - 1}))`,
      `* 3 FETCH (MODSEQ (${h}))`,
      'b OK FETCH completed',
    ]);
    await exchange(d, 'c', 'FETCH 2 (UID MODSEQ FLAGS)', [`* 2 FETCH (UID 2 MODSEQ (${h - 1}) FLAGS (\\Seen \\Recent))`, 'c OK FETCH completed']);
    c.close();
    d.close();
  });

  it('ENABLE CONDSTORE answers ENABLED CONDSTORE; ENABLE QRESYNC CONDSTORE both; repeated names are not listed again', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'a', 'ENABLE CONDSTORE', ['* ENABLED CONDSTORE', 'a OK ENABLE completed']);
    await exchange(c, 'b', 'ENABLE QRESYNC CONDSTORE', ['* ENABLED QRESYNC', 'b OK ENABLE completed']);
    await exchange(c, 'c', 'ENABLE QRESYNC', ['* ENABLED', 'c OK ENABLE completed']);
    const d = await loggedIn(server.port);
    await exchange(d, 'a', 'ENABLE CONDSTORE QRESYNC', ['* ENABLED CONDSTORE QRESYNC', 'a OK ENABLE completed']);
    c.close();
    d.close();
  });
});

describe('CONDSTORE: FETCH', () => {
  it('MODSEQ item (Example 13) and CHANGEDSINCE with implicit MODSEQ (Example 12), FETCH and UID FETCH', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-fetch', 5, 0);
    await exchange(c, 'a', 'SELECT cs-fetch (CONDSTORE)', [...selectLines(5, 6), '* OK [HIGHESTMODSEQ <n>] Highest', '* OK [UNSEEN 1] First unseen message', 'a OK [READ-WRITE] SELECT completed']);
    const before = await modseqs(c);
    const since = before[4]!;
    await exchange(c, 'b', 'STORE 2,4 +FLAGS.SILENT (\\Seen)', [
      `* 2 FETCH (UID 2 MODSEQ (${since + 1}))`,
      `* 4 FETCH (UID 4 MODSEQ (${since + 1}))`,
      'b OK STORE completed',
    ]);
    await exchange(c, 'c', `UID FETCH 1:* (FLAGS) (CHANGEDSINCE ${since})`, [
      `* 2 FETCH (UID 2 MODSEQ (${since + 1}) FLAGS (\\Seen \\Recent))`,
      `* 4 FETCH (UID 4 MODSEQ (${since + 1}) FLAGS (\\Seen \\Recent))`,
      'c OK UID FETCH completed',
    ]);
    await exchange(c, 'd', `FETCH 3:5 (FLAGS MODSEQ) (CHANGEDSINCE ${since})`, [
      `* 4 FETCH (FLAGS (\\Seen \\Recent) MODSEQ (${since + 1}))`,
      'd OK FETCH completed',
    ]);
    await exchange(c, 'e', `FETCH 1:* (UID) (CHANGEDSINCE ${since + 1})`, ['e OK FETCH completed']);
    await exchange(c, 'f', `UID FETCH 1:3 (FLAGS) (CHANGEDSINCE ${before[0]! - 1})`, [
      `* 1 FETCH (UID 1 MODSEQ (${before[0]}) FLAGS (\\Recent))`,
      `* 2 FETCH (UID 2 MODSEQ (${since + 1}) FLAGS (\\Seen \\Recent))`,
      `* 3 FETCH (UID 3 MODSEQ (${before[2]}) FLAGS (\\Recent))`,
      'f OK UID FETCH completed',
    ]);
    // A FETCH that sets \Seen reports UID and MODSEQ to a CONDSTORE-aware client (§3.2.4).
    await exchange(c, 'g', 'FETCH 5 (BODY[HEADER.FIELDS (SUBJECT)])', [
      `* 5 FETCH (UID 5 MODSEQ (${since + 2}) BODY[HEADER.FIELDS (SUBJECT)] {23}\r\nSubject: cs-fetch 5\r\n\r\n FLAGS (\\Seen \\Recent))`,
      'g OK FETCH completed',
    ]);
    c.close();
  });
});

describe('CONDSTORE: STORE (UNCHANGEDSINCE)', () => {
  it('all pass (Examples 3, 4): FETCH with MODSEQ even with .SILENT', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-st1', 8, 0);
    await exchange(c, 'a', 'SELECT cs-st1', [...selectLines(8, 9), '* OK [UNSEEN 1] First unseen message', 'a OK [READ-WRITE] SELECT completed']);
    const got = await c.command('b', 'UID STORE 6,4,8 (UNCHANGEDSINCE 9223372036854775807) +FLAGS.SILENT (\\Deleted)');
    const h = highest(got);
    expectLines(got, [
      '* OK [HIGHESTMODSEQ <n>] Highest',
      `* 4 FETCH (UID 4 MODSEQ (${h + 1}))`,
      `* 6 FETCH (UID 6 MODSEQ (${h + 1}))`,
      `* 8 FETCH (UID 8 MODSEQ (${h + 1}))`,
      'b OK UID STORE completed',
    ]);
    await exchange(c, 'c', `STORE * (UNCHANGEDSINCE ${h + 1}) +FLAGS.SILENT (\\Deleted $Processed)`, [
      `* 8 FETCH (UID 8 MODSEQ (${h + 2}))`,
      'c OK STORE completed',
    ]);
    // Already so: passes, no change, the MODSEQ stays (§3.1.11).
    await exchange(c, 'd', `STORE 8 (UNCHANGEDSINCE ${h + 2}) +FLAGS (\\Deleted)`, [
      `* 8 FETCH (UID 8 FLAGS (\\Deleted $Processed \\Recent) MODSEQ (${h + 2}))`,
      'd OK STORE completed',
    ]);
    c.close();
  });

  it('failures are listed in [MODIFIED] with their current state (Examples 6, 7, 10); UNCHANGEDSINCE 0 always fails (Example 8)', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-st2', 9, 0);
    await exchange(c, 'a', 'SELECT cs-st2 (CONDSTORE)', [...selectLines(9, 10), '* OK [HIGHESTMODSEQ <n>] Highest', '* OK [UNSEEN 1] First unseen message', 'a OK [READ-WRITE] SELECT completed']);
    const ms = await modseqs(c);
    const since = ms[8]!;
    // Another session changes 7 and 9 after the client's MODSEQ.
    const other = await loggedIn(server.port);
    await exchange(other, 'o1', 'SELECT cs-st2', ['<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'o1 OK [READ-WRITE] SELECT completed']);
    await exchange(other, 'o2', 'STORE 7 +FLAGS.SILENT (\\Seen)', ['o2 OK STORE completed']);
    await exchange(other, 'o3', 'STORE 9 +FLAGS.SILENT (\\Answered)', ['o3 OK STORE completed']);
    await exchange(c, 'b', `STORE 7,5,9 (UNCHANGEDSINCE ${since}) +FLAGS.SILENT (\\Deleted)`, [
      `* 5 FETCH (UID 5 MODSEQ (${since + 3}))`,
      `* 7 FETCH (UID 7 FLAGS (\\Seen \\Recent) MODSEQ (${since + 1}))`,
      `* 9 FETCH (UID 9 FLAGS (\\Answered \\Recent) MODSEQ (${since + 2}))`,
      'b OK [MODIFIED 7,9] Conditional STORE completed; some messages were changed meanwhile',
    ]);
    // Not told again at the end of the next command.
    await exchange(c, 'n', 'NOOP', ['n OK NOOP completed']);
    await exchange(c, 'c', 'STORE 1 (UNCHANGEDSINCE 0) +FLAGS.SILENT ($MDNSent)', [
      `* 1 FETCH (UID 1 FLAGS (\\Recent) MODSEQ (${ms[0]}))`,
      'c OK [MODIFIED 1] Conditional STORE completed; some messages were changed meanwhile',
    ]);
    // UID STORE lists UIDs; FLAGS (no +/-) is conditional too.
    await exchange(c, 'd', `UID STORE 1:2 (UNCHANGEDSINCE ${ms[0]}) FLAGS (\\Flagged)`, [
      `* 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) MODSEQ (${since + 4}))`,
      `* 2 FETCH (UID 2 FLAGS (\\Recent) MODSEQ (${ms[1]}))`,
      'd OK [MODIFIED 2] Conditional UID STORE completed; some messages were changed meanwhile',
    ]);
    // The other session hears of every change, with UID and MODSEQ only if it is CONDSTORE-aware.
    const heard = await other.command('o4', 'NOOP');
    expect(heard.slice(0, -1).map((l) => l.trimEnd())).toEqual([
      '* 1 FETCH (FLAGS (\\Flagged))',
      '* 5 FETCH (FLAGS (\\Deleted))',
    ]);
    await exchange(other, 'o5', 'FETCH 1 (MODSEQ)', [`* OK [HIGHESTMODSEQ ${since + 4}] Highest`, `* 1 FETCH (MODSEQ (${since + 4}))`, 'o5 OK FETCH completed']);
    await exchange(c, 'e', 'STORE 5 +FLAGS (\\Answered)', [`* 5 FETCH (UID 5 FLAGS (\\Answered \\Deleted \\Recent) MODSEQ (${since + 5}))`, 'e OK STORE completed']);
    await exchange(other, 'o6', 'NOOP', [`* 5 FETCH (UID 5 FLAGS (\\Answered \\Deleted) MODSEQ (${since + 5}))`, 'o6 OK NOOP completed']);
    c.close();
    other.close();
  });

  it('a conditional STORE racing another session: exactly one of two wins', async () => {
    const a = await loggedIn(server.port);
    await fill(a, 'cs-race', 1, 0);
    const b = await loggedIn(server.port);
    for (const [c, t] of [[a, 'a'], [b, 'b']] as const) await c.command(t, 'SELECT cs-race (CONDSTORE)');
    const [m] = await modseqs(a);
    a.send(`x STORE 1 (UNCHANGEDSINCE ${m}) +FLAGS.SILENT ($Claimed)`);
    b.send(`y STORE 1 (UNCHANGEDSINCE ${m}) +FLAGS.SILENT ($Claimed)`);
    const [ra, rb] = await Promise.all([a.until('x'), b.until('y')]);
    const won = [ra, rb].filter((r) => !r[r.length - 1]!.includes('[MODIFIED'));
    expect(won.length, [...ra, ...rb].join('')).toBe(1);
    a.close();
    b.close();
  });
});

describe('CONDSTORE: SEARCH, SORT, STATUS and EXPUNGE', () => {
  it('SEARCH MODSEQ (Examples 15, 16), ESEARCH MODSEQ (Example 19, RFC 4731 §3.2), SORT (MODSEQ n) (§3.1.9)', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-search', 4, 0);
    await exchange(c, 'a', 'SELECT cs-search', [...selectLines(4, 5), '* OK [UNSEEN 1] First unseen message', 'a OK [READ-WRITE] SELECT completed']);
    await exchange(c, 'b', 'STORE 2 +FLAGS (\\Draft)', ['* 2 FETCH (FLAGS (\\Draft \\Recent))', 'b OK STORE completed']);
    const got = await c.command('c', 'SEARCH MODSEQ "/flags/\\\\draft" all 1');
    const h = highest(got);
    expectLines(got, ['* OK [HIGHESTMODSEQ <n>] Highest', `* SEARCH 1 2 3 4 (MODSEQ ${h})`, 'c OK SEARCH completed']);
    await exchange(c, 'd', `SEARCH MODSEQ ${h}`, [`* SEARCH 2 (MODSEQ ${h})`, 'd OK SEARCH completed']);
    await exchange(c, 'e', `UID SEARCH MODSEQ "/flags/$mdnsent" priv ${h - 1} NOT DRAFT`, [`* SEARCH 4 (MODSEQ ${h - 1})`, 'e OK UID SEARCH completed']);
    await exchange(c, 'f', 'SEARCH OR NOT MODSEQ 1 LARGER 50000', ['* SEARCH', 'f OK SEARCH completed']);
    await exchange(c, 'g', `SEARCH RETURN (ALL) MODSEQ ${h - 1}`, [`* ESEARCH (TAG "g") ALL 2,4 MODSEQ ${h}`, 'g OK SEARCH completed']);
    await exchange(c, 'h', 'SEARCH RETURN (MIN) MODSEQ 1', [`* ESEARCH (TAG "h") MIN 1 MODSEQ ${h - 4}`, 'h OK SEARCH completed']);
    await exchange(c, 'i', 'SEARCH RETURN (MIN MAX) MODSEQ 1', [`* ESEARCH (TAG "i") MIN 1 MAX 4 MODSEQ ${h - 1}`, 'i OK SEARCH completed']);
    await exchange(c, 'j', 'SEARCH RETURN (MIN COUNT) MODSEQ 1', [`* ESEARCH (TAG "j") MIN 1 COUNT 4 MODSEQ ${h}`, 'j OK SEARCH completed']);
    await exchange(c, 'k', 'SEARCH RETURN (COUNT) MODSEQ 9223372036854775807', ['* ESEARCH (TAG "k") COUNT 0', 'k OK SEARCH completed']);
    await exchange(c, 'l', `SORT (REVERSE ARRIVAL) UTF-8 MODSEQ ${h - 1}`, [`* SORT 4 2 (MODSEQ ${h})`, 'l OK SORT completed']);
    await exchange(c, 'm', 'SORT (ARRIVAL) UTF-8 MODSEQ 9223372036854775807', ['* SORT', 'm OK SORT completed']);
    await exchange(c, 'n', 'THREAD ORDEREDSUBJECT UTF-8 MODSEQ 1', ['* THREAD <*>', 'n OK THREAD completed']);
    c.close();
  });

  it('STATUS (HIGHESTMODSEQ) is an enabling command (Example 17): the selected mailbox then gets HIGHESTMODSEQ', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-status', 1);
    await exchange(c, 'a', 'SELECT cs-status', [...selectLines(1, 2), 'a OK [READ-WRITE] SELECT completed']);
    const got = await c.command('b', 'STATUS cs-status (MESSAGES HIGHESTMODSEQ)');
    const h = highest(got);
    expectLines(got, [`* OK [HIGHESTMODSEQ ${h}] Highest`, `* STATUS cs-status (MESSAGES 1 HIGHESTMODSEQ ${h})`, 'b OK STATUS completed']);
    c.close();
  });

  it('EXPUNGE tells a CONDSTORE-aware client the new HIGHESTMODSEQ in the tagged OK (§3.2.7); CLOSE does not (§3.2.8)', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-exp', 4, 0);
    await exchange(c, 'a', 'SELECT cs-exp (CONDSTORE)', [...selectLines(4, 5), '* OK [HIGHESTMODSEQ <n>] Highest', '* OK [UNSEEN 1] First unseen message', 'a OK [READ-WRITE] SELECT completed']);
    const got = await c.command('b', 'STORE 2:3 +FLAGS.SILENT (\\Deleted)');
    const m = Number(/MODSEQ \((\d+)\)/.exec(got[0]!)![1]);
    await exchange(c, 'c', 'EXPUNGE', ['* 2 EXPUNGE', '* 2 EXPUNGE', `c OK [HIGHESTMODSEQ ${m + 1}] EXPUNGE completed`]);
    await exchange(c, 'd', 'EXPUNGE', ['d OK EXPUNGE completed']);
    await exchange(c, 'e', 'STORE 1 +FLAGS.SILENT (\\Deleted)', [`* 1 FETCH (UID 1 MODSEQ (${m + 2}))`, 'e OK STORE completed']);
    await exchange(c, 'f', 'CLOSE', ['f OK CLOSE completed']);
    c.close();
  });
});

describe('CONDSTORE: bad input', () => {
  it('MODSEQ values out of range and malformed modifiers are BAD, and the session goes on', async () => {
    const c = await loggedIn(server.port);
    await fill(c, 'cs-bad', 1);
    await exchange(c, 'a', 'SELECT cs-bad', [...selectLines(1, 2), 'a OK [READ-WRITE] SELECT completed']);
    for (const [command, text] of [
      ['FETCH 1 (FLAGS) (CHANGEDSINCE 0)', 'Invalid CHANGEDSINCE mod-sequence: must not be 0'],
      ['FETCH 1 (FLAGS) (CHANGEDSINCE 9223372036854775808)', 'Invalid CHANGEDSINCE mod-sequence: above 2^63-1'],
      ['FETCH 1 (FLAGS) (CHANGEDSINCE 99999999999999999999999)', 'Invalid CHANGEDSINCE mod-sequence: above 2^63-1'],
      ['FETCH 1 (FLAGS) (CHANGEDSINCE -1)', 'Invalid CHANGEDSINCE mod-sequence'],
      ['FETCH 1 (FLAGS) (CHANGEDSINCE)', 'Expected space before mod-sequence'],
      ['FETCH 1 (FLAGS) (CHANGEDSINCE 1 CHANGEDSINCE 2)', 'CHANGEDSINCE given twice'],
      ['FETCH 1 (FLAGS) (FOO)', 'Unknown fetch modifier FOO'],
      ['FETCH 1 (FLAGS) ()', 'Missing fetch modifier'],
      ['FETCH 1 (FLAGS) (CHANGEDSINCE 1 VANISHED)', 'VANISHED is only allowed with UID FETCH'],
      ['UID FETCH 1 (FLAGS) (VANISHED)', 'VANISHED requires CHANGEDSINCE'],
      ['STORE 1 (UNCHANGEDSINCE 9223372036854775808) +FLAGS (x)', 'Invalid UNCHANGEDSINCE mod-sequence: above 2^63-1'],
      ['STORE 1 (UNCHANGEDSINCE 1 UNCHANGEDSINCE 2) +FLAGS (x)', 'UNCHANGEDSINCE given twice'],
      ['STORE 1 (UNCHANGEDSINCE x) +FLAGS (x)', 'Invalid UNCHANGEDSINCE mod-sequence'],
      ['SEARCH MODSEQ 9223372036854775808', 'Invalid MODSEQ mod-sequence: above 2^63-1'],
      ['SEARCH MODSEQ "/flags/\\\\seen" 5', 'Invalid MODSEQ entry type'],
      ['SEARCH MODSEQ "/flags/\\\\seen" mine 5', 'Invalid MODSEQ entry type'],
      ['SEARCH MODSEQ "/annotation/x" all 5', 'Invalid MODSEQ entry name'],
      ['SEARCH MODSEQ', 'Missing mod-sequence'],
      ['SELECT cs-bad (FOO)', 'Unknown select parameter FOO'],
      ['SELECT cs-bad (CONDSTORE CONDSTORE)', 'Select parameter CONDSTORE given twice'],
      ['SELECT cs-bad ()', 'Invalid select parameter'],
    ]) {
      await exchange(c, 'x', command!, [`x BAD ${text}`]);
    }
    // Still selected and working; no CONDSTORE was enabled by the BAD commands.
    await exchange(c, 'n', 'FETCH 1 (FLAGS)', ['* 1 FETCH (FLAGS (\\Seen \\Recent))', 'n OK FETCH completed']);
    c.close();
  });
});
