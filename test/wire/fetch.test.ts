// FETCH and UID FETCH (RFC 3501 §6.4.5, §6.4.8; RFC 8474 EMAILID/THREADID).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, lit, message, slit } from './helpers.js';

const server = useWireServer();

const M1 = message('fetch one');
const M2 = message('fetch two', 'A somewhat longer second body.');
const DATE1 = '"14-Feb-2024 08:30:00 +0100"';
const DATE2 = '"15-Feb-2024 09:45:30 -0500"';

/** Creates `box` with M1 (\Seen) and M2 (unseen) and SELECTs it (both \Recent here). */
function setup(box: string): string {
  return `${LOGIN}
      C: s1 CREATE ${box}
      S: s1 OK CREATE completed
      C: s2 APPEND ${box} (\\Seen) ${DATE1} ${lit(M1)}
      S: s2 OK [APPENDUID <n> 1] APPEND completed
      C: s3 APPEND ${box} ${DATE2} ${lit(M2)}
      S: s3 OK [APPENDUID <n> 2] APPEND completed
      C: s4 SELECT ${box}
      S: * 2 EXISTS
      S: * 2 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 3] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 2] First unseen message
      S: s4 OK [READ-WRITE] SELECT completed`;
}

describe('FETCH', () => {
  it('FLAGS, UID, INTERNALDATE, RFC822.SIZE, in the order asked', () =>
    runTranscript(
      server.port,
      `${setup('fe-1')}
      C: a FETCH 1:2 (FLAGS UID INTERNALDATE RFC822.SIZE)
      S: * 1 FETCH (FLAGS (\\Seen \\Recent) UID 1 INTERNALDATE ${DATE1} RFC822.SIZE ${Buffer.byteLength(M1)})
      S: * 2 FETCH (FLAGS (\\Recent) UID 2 INTERNALDATE ${DATE2} RFC822.SIZE ${Buffer.byteLength(M2)})
      S: a OK FETCH completed
      C: b FETCH 2 RFC822.SIZE
      S: * 2 FETCH (RFC822.SIZE ${Buffer.byteLength(M2)})
      S: b OK FETCH completed
      C: c FETCH * UID
      S: * 2 FETCH (UID 2)
      S: c OK FETCH completed
      C: d FETCH 2,1 UID
      S: * 1 FETCH (UID 1)
      S: * 2 FETCH (UID 2)
      S: d OK FETCH completed
      ${LOGOUT}`,
    ));

  it('the FAST macro is FLAGS INTERNALDATE RFC822.SIZE', () =>
    runTranscript(
      server.port,
      `${setup('fe-fast')}
      C: a FETCH 1 FAST
      S: * 1 FETCH (FLAGS (\\Seen \\Recent) INTERNALDATE ${DATE1} RFC822.SIZE ${Buffer.byteLength(M1)})
      S: a OK FETCH completed
      ${LOGOUT}`,
    ));

  it('BODY.PEEK[] returns the exact bytes as BODY[] and leaves \\Seen alone', () =>
    runTranscript(
      server.port,
      `${setup('fe-peek')}
      C: a FETCH 2 BODY.PEEK[]
      S: * 2 FETCH (BODY[] ${slit(M2)})
      S: a OK FETCH completed
      C: b FETCH 2 FLAGS
      S: * 2 FETCH (FLAGS (\\Recent))
      S: b OK FETCH completed
      ${LOGOUT}`,
    ));

  it('BODY[] sets \\Seen and returns the new FLAGS', () =>
    runTranscript(
      server.port,
      `${setup('fe-seen')}
      C: a FETCH 2 BODY[]
      S: * 2 FETCH (BODY[] ${slit(M2)} FLAGS (\\Seen \\Recent))
      S: a OK FETCH completed
      C: b FETCH 2 FLAGS
      S: * 2 FETCH (FLAGS (\\Seen \\Recent))
      S: b OK FETCH completed
      C: c STATUS fe-seen (UNSEEN)
      S: * STATUS fe-seen (UNSEEN 0)
      S: c OK STATUS completed
      ${LOGOUT}`,
    ));

  it('RFC822 is BODY[] under its old name and sets \\Seen too', () =>
    runTranscript(
      server.port,
      `${setup('fe-822')}
      C: a FETCH 2 RFC822
      S: * 2 FETCH (RFC822 ${slit(M2)} FLAGS (\\Seen \\Recent))
      S: a OK FETCH completed
      ${LOGOUT}`,
    ));

  it('BODY[]<origin.count> returns that slice, labelled with its origin', () =>
    runTranscript(
      server.port,
      `${setup('fe-part')}
      C: a FETCH 1 BODY.PEEK[]<0.4>
      S: * 1 FETCH (BODY[]<0> {4}\\r\\nFrom)
      S: a OK FETCH completed
      C: b FETCH 1 BODY.PEEK[]<6.5>
      S: * 1 FETCH (BODY[]<6> {5}\\r\\nalice)
      S: b OK FETCH completed
      C: c FETCH 1 BODY.PEEK[]<${Buffer.byteLength(M1) - 8}.100>
      S: * 1 FETCH (BODY[]<${Buffer.byteLength(M1) - 8}> {8}\\r\\nHello.\\r\\n)
      S: c OK FETCH completed
      C: d FETCH 1 BODY.PEEK[]<1000.10>
      S: * 1 FETCH (BODY[]<1000> {0}\\r\\n)
      S: d OK FETCH completed
      C: e FETCH 1 BODY.PEEK[]<${Buffer.byteLength(M1)}.1>
      S: * 1 FETCH (BODY[]<${Buffer.byteLength(M1)}> {0}\\r\\n)
      S: e OK FETCH completed
      C: f FETCH 1 BODY.PEEK[]<0.0>
      S: f BAD Invalid partial length
      C: g FETCH 1 BODY.PEEK[]<0>
      S: g BAD <*>
      ${LOGOUT}`,
    ));

  it('EMAILID and THREADID are object ids (RFC 8474)', () =>
    runTranscript(
      server.port,
      `${setup('fe-ids')}
      C: a FETCH 1:2 (EMAILID THREADID)
      S: * 1 FETCH (EMAILID (<id>) THREADID (<id>))
      S: * 2 FETCH (EMAILID (<id>) THREADID (<id>))
      S: a OK FETCH completed
      ${LOGOUT}`,
    ));

  it('on an EXAMINEd mailbox BODY[] does not set \\Seen', () =>
    runTranscript(
      server.port,
      `${setup('fe-ro')}
      C: a EXAMINE fe-ro
      S: * OK [CLOSED] Previous mailbox closed
      S: * 2 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 3] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 2] First unseen message
      S: a OK [READ-ONLY] EXAMINE completed
      C: b FETCH 2 BODY[]
      S: * 2 FETCH (BODY[] ${slit(M2)})
      S: b OK FETCH completed
      C: c FETCH 2 FLAGS
      S: * 2 FETCH (FLAGS ())
      S: c OK FETCH completed
      ${LOGOUT}`,
    ));

  it('ENVELOPE and BODY are answered (RFC 3501 §6.4.5, §7.4.2)', () =>
    runTranscript(
      server.port,
      `${setup('fe-mime')}
      C: a FETCH 1 (ENVELOPE BODY)
      S: * 1 FETCH (ENVELOPE (NIL "fetch one" ((NIL NIL "alice" "example.com")) ((NIL NIL "alice" "example.com")) ((NIL NIL "alice" "example.com")) NIL NIL NIL NIL NIL) BODY ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 8 1))
      S: a OK FETCH completed
      ${LOGOUT}`,
    ));

  it('BODY[HEADER], BODY[TEXT], RFC822.HEADER, RFC822.TEXT split the message at its first empty line; only HEADER does not set \\Seen (RFC 3501 §6.4.5)', () =>
    runTranscript(
      server.port,
      `${setup('fe-sect')}
      C: a FETCH 1 (BODY.PEEK[HEADER] BODY.PEEK[TEXT])
      S: * 1 FETCH (BODY[HEADER] ${slit(M1.slice(0, M1.indexOf('\r\n\r\n') + 4))} BODY[TEXT] ${slit('Hello.\r\n')})
      S: a OK FETCH completed
      C: b FETCH 2 (RFC822.HEADER BODY.PEEK[HEADER]<0.5>)
      S: * 2 FETCH (RFC822.HEADER ${slit(M2.slice(0, M2.indexOf('\r\n\r\n') + 4))} BODY[HEADER]<0> {5}\\r\\nFrom:)
      S: b OK FETCH completed
      C: c FETCH 2 FLAGS
      S: * 2 FETCH (FLAGS (\\Recent))
      S: c OK FETCH completed
      C: d FETCH 2 BODY[TEXT]
      S: * 2 FETCH (BODY[TEXT] ${slit('A somewhat longer second body.\r\n')} FLAGS (\\Seen \\Recent))
      S: d OK FETCH completed
      C: e FETCH 2 RFC822.TEXT
      S: * 2 FETCH (RFC822.TEXT ${slit('A somewhat longer second body.\r\n')} FLAGS (\\Seen \\Recent))
      S: e OK FETCH completed
      ${LOGOUT}`,
    ));
});

describe('UID FETCH', () => {
  it('always returns UID; a UID range past the end still includes the last message', () =>
    runTranscript(
      server.port,
      `${setup('fe-uid')}
      C: a UID FETCH 1:* FLAGS
      S: * 1 FETCH (UID 1 FLAGS (\\Seen \\Recent))
      S: * 2 FETCH (UID 2 FLAGS (\\Recent))
      S: a OK UID FETCH completed
      C: b UID FETCH 2 (FLAGS UID)
      S: * 2 FETCH (FLAGS (\\Recent) UID 2)
      S: b OK UID FETCH completed
      C: c UID FETCH 100:* UID
      S: * 2 FETCH (UID 2)
      S: c OK UID FETCH completed
      C: d UID FETCH 3:50 FLAGS
      S: d OK UID FETCH completed
      C: e UID FETCH 2 BODY.PEEK[]<0.4>
      S: * 2 FETCH (UID 2 BODY[]<0> {4}\\r\\nFrom)
      S: e OK UID FETCH completed
      ${LOGOUT}`,
    ));
});

describe('FETCH errors', () => {
  it('bad sequence sets are BAD: 0, 1:x, beyond EXISTS', () =>
    runTranscript(
      server.port,
      `${setup('fe-bad')}
      C: a FETCH 0 FLAGS
      S: a BAD Invalid sequence set
      C: b FETCH 1:x FLAGS
      S: b BAD Invalid sequence set
      C: c FETCH 3 FLAGS
      S: c BAD [CLIENTBUG] Invalid message sequence number
      C: d FETCH 1:3 FLAGS
      S: d BAD [CLIENTBUG] Invalid message sequence number
      C: e FETCH 1,,2 FLAGS
      S: e BAD Invalid sequence set
      C: f FETCH -1 FLAGS
      S: f BAD <*>
      C: g FETCH 4294967296 FLAGS
      S: g BAD Invalid sequence set
      C: h UID FETCH 0 FLAGS
      S: h BAD Invalid sequence set
      ${LOGOUT}`,
    ));

  it('malformed item lists are BAD', () =>
    runTranscript(
      server.port,
      `${setup('fe-bad2')}
      C: a FETCH 1
      S: a BAD Missing fetch items
      C: b FETCH 1 (FLAGS
      S: b BAD Expected ) after fetch items
      C: c FETCH 1 FLAGS)
      S: c BAD Unexpected extra arguments
      C: d FETCH 1 (FLAGS FOO)
      S: d BAD <*>
      C: e FETCH 1 ()
      S: e BAD <*>
      C: f FETCH 1 (FAST)
      S: f BAD <*>
      C: g FETCH
      S: g BAD Missing sequence set
      ${LOGOUT}`,
    ));

  it('FETCH without a selected mailbox is BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a FETCH 1 FLAGS
      S: a BAD FETCH needs a selected mailbox
      C: b UID FETCH 1 FLAGS
      S: b BAD FETCH needs a selected mailbox
      ${LOGOUT}`,
    ));
});
