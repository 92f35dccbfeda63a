// Several sessions on one mailbox: \Recent in exactly one session (RFC 3501 §2.3.2), and
// when changes made by one session may be told to another (§7.4.1, §5.2, §5.5).
import { describe, expect, it } from 'vitest';
import type { RawClient } from '../support/imap-client.js';
import { useWireServer, append, exchange, loggedIn, message } from './helpers.js';

const server = useWireServer();

/** SELECT's untagged lines for `exists` messages, `recent` of them recent, first unseen 1. */
function selected(tag: string, exists: number, recent: number, uidNext: number): string[] {
  return [
    `* ${exists} EXISTS`,
    `* ${recent} RECENT`,
    '* FLAGS (<*>)',
    '* OK [PERMANENTFLAGS (<*>)] Flags permitted',
    '* OK [UIDVALIDITY <n>] UIDs valid',
    `* OK [UIDNEXT ${uidNext}] Predicted next UID`,
    '* OK [MAILBOXID (<id>)] Ok',
    ...(exists > 0 ? ['* OK [UNSEEN 1] First unseen message'] : []),
    `${tag} OK [READ-WRITE] SELECT completed`,
  ];
}

/** Nothing arrives on `c` for a while: no untagged response outside a command. */
async function silent(c: RawClient, ms = 60): Promise<void> {
  await expect(c.next(ms)).rejects.toThrow('timed out');
}

/** Two logged-in sessions; `box` holds `n` messages; B selects first (takes \Recent), then A. */
async function twoSessions(box: string, n: number): Promise<[RawClient, RawClient]> {
  const a = await loggedIn(server.port);
  const b = await loggedIn(server.port);
  await exchange(a, 'c', `CREATE ${box}`, ['c OK CREATE completed']);
  for (let i = 1; i <= n; i++) await append(a, box, message(`m${i}`));
  await exchange(b, 's', `SELECT ${box}`, selected('s', n, n, n + 1));
  await exchange(a, 's', `SELECT ${box}`, selected('s', n, 0, n + 1));
  return [a, b];
}

describe('\\Recent', () => {
  it('two sessions SELECT: the first sees RECENT n and \\Recent flags, the second 0', async () => {
    const a = await loggedIn(server.port);
    const b = await loggedIn(server.port);
    await exchange(a, 'c', 'CREATE ms-recent', ['c OK CREATE completed']);
    await append(a, 'ms-recent', message('one'));
    await append(a, 'ms-recent', message('two'));
    await exchange(a, 's', 'SELECT ms-recent', selected('s', 2, 2, 3));
    await exchange(b, 's', 'SELECT ms-recent', selected('s', 2, 0, 3));
    await exchange(a, 'f', 'FETCH 1:2 FLAGS', ['* 1 FETCH (FLAGS (\\Recent))', '* 2 FETCH (FLAGS (\\Recent))', 'f OK FETCH completed']);
    await exchange(b, 'f', 'FETCH 1:2 FLAGS', ['* 1 FETCH (FLAGS ())', '* 2 FETCH (FLAGS ())', 'f OK FETCH completed']);
    await exchange(b, 'g', 'SEARCH RECENT', ['* SEARCH', 'g OK SEARCH completed']);

    // A new message is recent for exactly one of the two sessions that have it selected.
    await append(b, 'ms-recent', message('three'));
    await exchange(b, 'n', 'NOOP', ['n OK NOOP completed']); // its APPEND already said EXISTS
    await exchange(a, 'n', 'NOOP', ['* 3 EXISTS', '* <n> RECENT', 'n OK NOOP completed']);
    const bRecent = await b.command('r', 'SEARCH RECENT');
    const aRecent = await a.command('r', 'SEARCH RECENT');
    const holders = [bRecent[0], aRecent[0]].filter((l) => l === '* SEARCH 3\r\n');
    expect(holders.length, `B: ${bRecent[0]} A: ${aRecent[0]}`).toBe(1);
    a.close();
    b.close();
  });
});

describe('updates from another session', () => {
  it('a new message is announced with EXISTS at the next command, not before', async () => {
    const [a, b] = await twoSessions('ms-exists', 1);
    await append(b, 'ms-exists', message('new'));
    await silent(a);
    // B appended with the mailbox selected, so B was told first and holds its \\Recent.
    await exchange(a, 'n', 'NOOP', ['* 2 EXISTS', '* 0 RECENT', 'n OK NOOP completed']);
    await exchange(a, 'f', 'FETCH 2 (UID FLAGS)', ['* 2 FETCH (UID 2 FLAGS ())', 'f OK FETCH completed']);
    a.close();
    b.close();
  });

  it('a flag change is announced as an untagged FETCH', async () => {
    const [a, b] = await twoSessions('ms-flags', 2);
    await exchange(b, 's', 'STORE 2 +FLAGS (\\Flagged)', ['* 2 FETCH (FLAGS (\\Flagged \\Recent))', 's OK STORE completed']);
    await silent(a);
    await exchange(a, 'n', 'NOOP', ['* 2 FETCH (FLAGS (\\Flagged))', 'n OK NOOP completed']);
    await exchange(a, 'm', 'NOOP', ['m OK NOOP completed']);
    a.close();
    b.close();
  });

  it("another session's flag change is still told when this one then stores .SILENT on the same message", async () => {
    const [a, b] = await twoSessions('ms-silent', 1);
    await exchange(b, 's', 'STORE 1 +FLAGS (\\Flagged)', ['* 1 FETCH (FLAGS (\\Flagged \\Recent))', 's OK STORE completed']);
    // A has not heard of \Flagged yet; its own silent change must not hide it.
    await exchange(a, 't', 'STORE 1 +FLAGS.SILENT (\\Seen)', ['* 1 FETCH (FLAGS (\\Flagged))', 't OK STORE completed']);
    await exchange(a, 'n', 'NOOP', ['n OK NOOP completed']);
    await exchange(a, 'f', 'FETCH 1 FLAGS', ['* 1 FETCH (FLAGS (\\Seen \\Flagged))', 'f OK FETCH completed']);
    a.close();
    b.close();
  });

  it('an EXPUNGE is not sent during FETCH, STORE or SEARCH, only at NOOP (RFC 3501 §7.4.1)', async () => {
    const [a, b] = await twoSessions('ms-expunge', 3);
    await exchange(b, 'd', 'STORE 2 +FLAGS.SILENT (\\Deleted)', ['d OK STORE completed']);
    await exchange(b, 'e', 'EXPUNGE', ['* 2 EXPUNGE', 'e OK EXPUNGE completed']);
    await silent(a);

    // A still numbers the messages 1, 2, 3.
    await exchange(a, 'f', 'FETCH 3 (UID FLAGS)', ['* 3 FETCH (UID 3 FLAGS ())', 'f OK FETCH completed']);
    await exchange(a, 'g', 'STORE 3 +FLAGS (\\Seen)', ['* 3 FETCH (FLAGS (\\Seen))', 'g OK STORE completed']);
    await exchange(a, 'h', 'SEARCH ALL', ['* SEARCH 1 3', 'h OK SEARCH completed']);
    await exchange(a, 'i', 'FETCH 1:3 UID', ['* 1 FETCH (UID 1)', '* 3 FETCH (UID 3)', 'i OK [EXPUNGEISSUED] FETCH completed; some messages were expunged']);
    await exchange(a, 'n', 'NOOP', ['* 2 EXPUNGE', 'n OK NOOP completed']);
    await exchange(a, 'j', 'FETCH 1:* UID', ['* 1 FETCH (UID 1)', '* 2 FETCH (UID 3)', 'j OK FETCH completed']);
    a.close();
    b.close();
  });

  it('an EXPUNGE may be sent at the end of a UID command', async () => {
    const [a, b] = await twoSessions('ms-uid', 3);
    await exchange(b, 'd', 'STORE 1 +FLAGS.SILENT (\\Deleted)', ['d OK STORE completed']);
    await exchange(b, 'e', 'EXPUNGE', ['* 1 EXPUNGE', 'e OK EXPUNGE completed']);
    await exchange(a, 'f', 'UID FETCH 3 UID', ['* 3 FETCH (UID 3)', '* 1 EXPUNGE', 'f OK UID FETCH completed']);
    await exchange(a, 'g', 'FETCH 2 UID', ['* 2 FETCH (UID 3)', 'g OK FETCH completed']);
    a.close();
    b.close();
  });

  it('EXPUNGE and new messages together: EXPUNGEs first, then EXISTS with the new count', async () => {
    const [a, b] = await twoSessions('ms-both', 2);
    await exchange(b, 'd', 'STORE 1 +FLAGS.SILENT (\\Deleted)', ['d OK STORE completed']);
    await exchange(b, 'e', 'EXPUNGE', ['* 1 EXPUNGE', 'e OK EXPUNGE completed']);
    await append(b, 'ms-both', message('late'));
    await exchange(a, 'n', 'NOOP', ['* 1 EXPUNGE', '* 2 EXISTS', '* 0 RECENT', 'n OK NOOP completed']);
    await exchange(a, 'f', 'FETCH 1:* UID', ['* 1 FETCH (UID 2)', '* 2 FETCH (UID 3)', 'f OK FETCH completed']);
    a.close();
    b.close();
  });
});
