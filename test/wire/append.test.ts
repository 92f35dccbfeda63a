// APPEND (RFC 3501 §6.3.11; RFC 4315 APPENDUID; RFC 7888 LITERAL+).
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, esc, exchange, lit, loggedIn, message, slit, statusItem } from './helpers.js';

const server = useWireServer();

const M1 = message('append one');
const M2 = message('append two', 'Second body.');

describe('APPEND', () => {
  it('refuses a message with a NUL octet, in a literal or a literal8, and stores nothing', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'c', 'CREATE ap-nul', ['c OK CREATE completed']);
    for (const open of ['{', '~{']) {
      c.write(`a APPEND ap-nul ${open}6+}\r\nA:\x00b\r\n\r\n`);
      expect(await c.until('a')).toEqual(['a BAD [CLIENTBUG] A message may not contain NUL octets\r\n']);
    }
    await exchange(c, 's', 'STATUS ap-nul (MESSAGES)', ['* STATUS ap-nul (MESSAGES 0)', 's OK STATUS completed']);
    c.close();
  });

  it('with a synchronizing literal: + continuation, then APPENDUID', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ap-1
      S: a OK CREATE completed
      C: b APPEND ap-1 {${Buffer.byteLength(M1)}}
      S: + Ready for literal data
      C: ${esc(M1)}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c STATUS ap-1 (MESSAGES UIDNEXT)
      S: * STATUS ap-1 (MESSAGES 1 UIDNEXT 2)
      S: c OK STATUS completed
      ${LOGOUT}`,
    ));

  it('flags and a date-time are stored, and INTERNALDATE comes back in the zone it was given', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ap-2
      S: a OK CREATE completed
      C: b APPEND ap-2 (\\Seen \\Flagged $Work) "05-Mar-2024 10:11:12 +0530" ${lit(M1)}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c APPEND ap-2 " 7-Nov-1999 23:59:59 -0700" ${lit(M2)}
      S: c OK [APPENDUID <n> 2] APPEND completed
      C: d APPEND ap-2 () "31-Dec-2023 00:00:00 +0000" ${lit(M2)}
      S: d OK [APPENDUID <n> 3] APPEND completed
      C: e EXAMINE ap-2
      S: * 3 EXISTS
      S: * 3 RECENT
      S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 4] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 2] First unseen message
      S: e OK [READ-ONLY] EXAMINE completed
      C: f FETCH 1:3 (INTERNALDATE FLAGS RFC822.SIZE)
      S: * 1 FETCH (INTERNALDATE "05-Mar-2024 10:11:12 +0530" FLAGS (\\Seen \\Flagged $Work \\Recent) RFC822.SIZE ${Buffer.byteLength(M1)})
      S: * 2 FETCH (INTERNALDATE "07-Nov-1999 23:59:59 -0700" FLAGS (\\Recent) RFC822.SIZE ${Buffer.byteLength(M2)})
      S: * 3 FETCH (INTERNALDATE "31-Dec-2023 00:00:00 +0000" FLAGS (\\Recent) RFC822.SIZE ${Buffer.byteLength(M2)})
      S: f OK FETCH completed
      C: g FETCH 1 BODY[]
      S: * 1 FETCH (BODY[] ${slit(M1)})
      S: g OK FETCH completed
      ${LOGOUT}`,
    ));

  it('to a missing mailbox: NO [TRYCREATE]', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a APPEND ap-missing ${lit(M1)}
      S: a NO [TRYCREATE] Mailbox does not exist
      C: b APPEND ap-missing {${Buffer.byteLength(M1)}}
      S: + Ready for literal data
      C: ${esc(M1)}
      S: b NO [TRYCREATE] Mailbox does not exist
      C: c CREATE ap-missing
      S: c OK CREATE completed
      C: d APPEND ap-missing ${lit(M1)}
      S: d OK [APPENDUID <n> 1] APPEND completed
      ${LOGOUT}`,
    ));

  it('to the selected mailbox: the new message is announced with EXISTS before the OK', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ap-sel
      S: a OK CREATE completed
      C: b SELECT ap-sel
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: b OK [READ-WRITE] SELECT completed
      C: c APPEND ap-sel ${lit(M1)}
      S: * 1 EXISTS
      S: * 1 RECENT
      S: c OK [APPENDUID <n> 1] APPEND completed
      C: d FETCH 1 (UID FLAGS)
      S: * 1 FETCH (UID 1 FLAGS (\\Recent))
      S: d OK FETCH completed
      ${LOGOUT}`,
    ));

  it('APPENDUID names the UIDVALIDITY and UIDNEXT that STATUS gave', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'a', 'CREATE ap-uid', ['a OK CREATE completed']);
    const validity = await statusItem(c, 'ap-uid', 'UIDVALIDITY');
    for (const uid of [1, 2, 3]) {
      const next = await statusItem(c, 'ap-uid', 'UIDNEXT');
      expect(next).toBe(String(uid));
      c.write(`b APPEND ap-uid {${Buffer.byteLength(M1)}+}\r\n${M1}\r\n`);
      const got = await c.until('b');
      expect(got).toEqual([`b OK [APPENDUID ${validity} ${uid}] APPEND completed\r\n`]);
    }
    c.close();
  });

  it('malformed APPEND commands are BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a APPEND INBOX
      S: a BAD Missing message literal
      C: b APPEND INBOX "05-Mar-2024 10:11:12" ${lit(M1)}
      S: b BAD Invalid date-time
      C: c APPEND INBOX "30-Feb-2024 10:11:12 +0000" ${lit(M1)}
      S: c BAD Invalid date-time
      C: d APPEND INBOX (\\Seen ${lit(M1)}
      S: d BAD <*>
      C: e APPEND INBOX (\\Recent) ${lit(M1)}
      S: e BAD \\Recent cannot be set by a client
      C: f APPEND INBOX "hello"
      S: f BAD <*>
      C: g APPEND
      S: g BAD Missing mailbox name
      C: h STATUS INBOX (MESSAGES)
      S: * STATUS INBOX (MESSAGES 0)
      S: h OK STATUS completed
      ${LOGOUT}`,
    ));

  it('is BAD before login, and the literal sent with it is not taken as a command', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a APPEND INBOX {8+}\\r\\nb NOOP\\r\\n
      S: a BAD APPEND is not allowed before login
      C: c NOOP
      S: c OK NOOP completed
      ${LOGOUT}`,
    ));
});
