// COPY, MOVE (RFC 6851), UID COPY/MOVE, COPYUID and UID EXPUNGE (RFC 4315), EMAILID (RFC 8474).
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import type { RawClient } from '../support/imap-client.js';
import { useWireServer, LOGIN, LOGOUT, append, exchange, lit, loggedIn, message, statusItem } from './helpers.js';

const server = useWireServer();

/** Creates `box` (3 messages; 2 is \Flagged) and `box`-dst, and SELECTs `box`. */
function setup(box: string): string {
  return `${LOGIN}
      C: s0 CREATE ${box}
      S: s0 OK CREATE completed
      C: s1 CREATE ${box}-dst
      S: s1 OK CREATE completed
      C: s2 APPEND ${box} ${lit(message('one'))}
      S: s2 OK [APPENDUID <n> 1] APPEND completed
      C: s3 APPEND ${box} (\\Flagged) ${lit(message('two'))}
      S: s3 OK [APPENDUID <n> 2] APPEND completed
      C: s4 APPEND ${box} ${lit(message('three'))}
      S: s4 OK [APPENDUID <n> 3] APPEND completed
      C: s5 SELECT ${box}
      S: * 3 EXISTS
      S: * 3 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 4] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: s5 OK [READ-WRITE] SELECT completed`;
}

/** EMAILIDs of messages 1:* in the selected mailbox, in sequence order. */
async function emailIds(c: RawClient): Promise<string[]> {
  const got = await c.command('ei', 'FETCH 1:* EMAILID');
  return got.slice(0, -1).map((line) => /EMAILID \(([^)]+)\)/.exec(line)![1]!);
}

describe('COPY', () => {
  it('copies with flags and answers COPYUID; the source is unchanged', () =>
    runTranscript(
      server.port,
      `${setup('cp-1')}
      C: a COPY 2:3 cp-1-dst
      S: a OK [COPYUID <n> 2:3 1:2] COPY completed
      C: b COPY 1 cp-1-dst
      S: b OK [COPYUID <n> 1 3] COPY completed
      C: c STATUS cp-1-dst (MESSAGES UIDNEXT)
      S: * STATUS cp-1-dst (MESSAGES 3 UIDNEXT 4)
      S: c OK STATUS completed
      C: d NOOP
      S: d OK NOOP completed
      C: e EXAMINE cp-1-dst
      S: * OK [CLOSED] Previous mailbox closed
      S: * 3 EXISTS
      S: * 3 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 4] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: e OK [READ-ONLY] EXAMINE completed
      C: f FETCH 1:3 (UID FLAGS RFC822.SIZE)
      S: * 1 FETCH (UID 1 FLAGS (\\Flagged \\Recent) RFC822.SIZE ${Buffer.byteLength(message('two'))})
      S: * 2 FETCH (UID 2 FLAGS (\\Recent) RFC822.SIZE ${Buffer.byteLength(message('three'))})
      S: * 3 FETCH (UID 3 FLAGS (\\Recent) RFC822.SIZE ${Buffer.byteLength(message('one'))})
      S: f OK FETCH completed
      ${LOGOUT}`,
    ));

  it('COPYUID names the destination UIDVALIDITY and keeps the source order; non-contiguous sets', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'a', 'CREATE cp-2', ['a OK CREATE completed']);
    await exchange(c, 'b', 'CREATE cp-2-dst', ['b OK CREATE completed']);
    for (let i = 0; i < 4; i++) await append(c, 'cp-2', message(`m${i}`));
    await append(c, 'cp-2-dst', message('already there'));
    const validity = await statusItem(c, 'cp-2-dst', 'UIDVALIDITY');
    await c.command('s', 'SELECT cp-2');
    await exchange(c, 'c', 'COPY 1,3:4 cp-2-dst', [`c OK [COPYUID ${validity} 1,3:4 2:4] COPY completed`]);
    await exchange(c, 'd', 'UID COPY 4,2 cp-2-dst', [`d OK [COPYUID ${validity} 2,4 5:6] UID COPY completed`]);
    c.close();
  });

  it('COPY keeps the EMAILID (RFC 8474)', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'a', 'CREATE cp-3', ['a OK CREATE completed']);
    await exchange(c, 'b', 'CREATE cp-3-dst', ['b OK CREATE completed']);
    await append(c, 'cp-3', message('x'));
    await append(c, 'cp-3', message('y'));
    await c.command('s', 'SELECT cp-3');
    const source = await emailIds(c);
    expect(new Set(source).size).toBe(2);
    await exchange(c, 'c', 'COPY 1:2 cp-3-dst', ['c OK [COPYUID <n> 1:2 1:2] COPY completed']);
    await c.command('t', 'SELECT cp-3-dst');
    expect(await emailIds(c)).toEqual(source);
    c.close();
  });

  it('UID COPY of UIDs that do not exist copies nothing and gives no COPYUID', () =>
    runTranscript(
      server.port,
      `${setup('cp-4')}
      C: a UID COPY 10:20 cp-4-dst
      S: a OK UID COPY completed
      ${LOGOUT}`,
    ));

  it('errors: missing target NO [TRYCREATE], bad sets BAD, no mailbox BAD', () =>
    runTranscript(
      server.port,
      `${setup('cp-5')}
      C: a COPY 1 cp-5-missing
      S: a NO [TRYCREATE] Mailbox does not exist
      C: b COPY 4 cp-5-dst
      S: b BAD [CLIENTBUG] Invalid message sequence number
      C: c COPY 0 cp-5-dst
      S: c BAD Invalid sequence set
      C: d COPY 1
      S: d BAD Missing mailbox name
      C: e COPY 1 &Jjo
      S: e BAD Invalid mailbox name
      C: f UNSELECT
      S: f OK UNSELECT completed
      C: g COPY 1 cp-5-dst
      S: g BAD COPY needs a selected mailbox
      ${LOGOUT}`,
    ));
});

describe('MOVE', () => {
  it('answers COPYUID untagged, then EXPUNGE, then OK (RFC 6851 §4.3)', () =>
    runTranscript(
      server.port,
      `${setup('mv-1')}
      C: a MOVE 2 mv-1-dst
      S: * OK [COPYUID <n> 2 1] Moved
      S: * 2 EXPUNGE
      S: a OK MOVE completed
      C: b FETCH 1:* UID
      S: * 1 FETCH (UID 1)
      S: * 2 FETCH (UID 3)
      S: b OK FETCH completed
      C: c UID MOVE 1,3 mv-1-dst
      S: * OK [COPYUID <n> 1,3 2:3] Moved
      S: * 1 EXPUNGE
      S: * 1 EXPUNGE
      S: c OK UID MOVE completed
      C: d STATUS mv-1-dst (MESSAGES)
      S: * STATUS mv-1-dst (MESSAGES 3)
      S: d OK STATUS completed
      C: e STATUS mv-1 (MESSAGES)
      S: * STATUS mv-1 (MESSAGES 0)
      S: e OK STATUS completed
      ${LOGOUT}`,
    ));

  it('MOVE keeps the EMAILID (RFC 8474)', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'a', 'CREATE mv-2', ['a OK CREATE completed']);
    await exchange(c, 'b', 'CREATE mv-2-dst', ['b OK CREATE completed']);
    await append(c, 'mv-2', message('x'));
    await c.command('s', 'SELECT mv-2');
    const source = await emailIds(c);
    await exchange(c, 'c', 'MOVE 1 mv-2-dst', ['* OK [COPYUID <n> 1 1] Moved', '* 1 EXPUNGE', 'c OK MOVE completed']);
    await c.command('t', 'SELECT mv-2-dst');
    expect(await emailIds(c)).toEqual(source);
    c.close();
  });

  it('errors: read-only NO, missing target NO [TRYCREATE], bad set BAD', () =>
    runTranscript(
      server.port,
      `${setup('mv-3')}
      C: a MOVE 1 mv-3-missing
      S: a NO [TRYCREATE] Mailbox does not exist
      C: b MOVE 9 mv-3-dst
      S: b BAD [CLIENTBUG] Invalid message sequence number
      C: c EXAMINE mv-3
      S: * OK [CLOSED] Previous mailbox closed
      S: * 3 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 4] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: c OK [READ-ONLY] EXAMINE completed
      C: d MOVE 1 mv-3-dst
      S: d NO [READ-ONLY] Mailbox is read-only
      C: e STATUS mv-3 (MESSAGES)
      S: * STATUS mv-3 (MESSAGES 3)
      S: e OK STATUS completed
      ${LOGOUT}`,
    ));
});

describe('UID EXPUNGE', () => {
  it('removes only the \\Deleted messages among the given UIDs', () =>
    runTranscript(
      server.port,
      `${setup('ux-1')}
      C: a STORE 1:3 +FLAGS.SILENT (\\Deleted)
      S: a OK STORE completed
      C: b UID EXPUNGE 2
      S: * 2 EXPUNGE
      S: b OK UID EXPUNGE completed
      C: c FETCH 1:* (UID FLAGS)
      S: * 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))
      S: * 2 FETCH (UID 3 FLAGS (\\Deleted \\Recent))
      S: c OK FETCH completed
      C: d STORE 2 -FLAGS.SILENT (\\Deleted)
      S: d OK STORE completed
      C: e UID EXPUNGE 1:*
      S: * 1 EXPUNGE
      S: e OK UID EXPUNGE completed
      C: f UID EXPUNGE 50:60
      S: f OK UID EXPUNGE completed
      C: g FETCH 1:* UID
      S: * 1 FETCH (UID 3)
      S: g OK FETCH completed
      C: h UID EXPUNGE
      S: h BAD Missing sequence set
      ${LOGOUT}`,
    ));
});
