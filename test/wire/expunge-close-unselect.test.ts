// EXPUNGE (RFC 3501 §6.4.3), CLOSE (§6.4.2), UNSELECT (RFC 3691), CHECK (§6.4.1).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, lit, message } from './helpers.js';

const server = useWireServer();

/** Creates `box` with `n` messages, marks `deleted` (a set) \Deleted, SELECTs it. */
function setup(box: string, n: number, deleted: string): string {
  const appends = Array.from(
    { length: n },
    (_, i) => `C: s${i} APPEND ${box} ${lit(message(`m${i + 1}`))}
      S: s${i} OK [APPENDUID <n> ${i + 1}] APPEND completed`,
  ).join('\n      ');
  return `${LOGIN}
      C: c0 CREATE ${box}
      S: c0 OK CREATE completed
      ${appends}
      C: c1 SELECT ${box}
      S: * ${n} EXISTS
      S: * ${n} RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT ${n + 1}] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: c1 OK [READ-WRITE] SELECT completed
      C: c2 STORE ${deleted} +FLAGS.SILENT (\\Deleted)
      S: c2 OK STORE completed`;
}

describe('EXPUNGE', () => {
  it('sends one EXPUNGE per message, each numbered after the ones before it (RFC 3501 §6.4.3 example)', () =>
    runTranscript(
      server.port,
      `${setup('ex-1', 11, '3,4,7,11')}
      C: a EXPUNGE
      S: * 3 EXPUNGE
      S: * 3 EXPUNGE
      S: * 5 EXPUNGE
      S: * 8 EXPUNGE
      S: a OK EXPUNGE completed
      C: b FETCH 1:* UID
      S: * 1 FETCH (UID 1)
      S: * 2 FETCH (UID 2)
      S: * 3 FETCH (UID 5)
      S: * 4 FETCH (UID 6)
      S: * 5 FETCH (UID 8)
      S: * 6 FETCH (UID 9)
      S: * 7 FETCH (UID 10)
      S: b OK FETCH completed
      ${LOGOUT}`,
    ));

  it('with nothing \\Deleted it only answers OK', () =>
    runTranscript(
      server.port,
      `${setup('ex-2', 2, '1')}
      C: a STORE 1 -FLAGS.SILENT (\\Deleted)
      S: a OK STORE completed
      C: b EXPUNGE
      S: b OK EXPUNGE completed
      C: c EXPUNGE now
      S: c BAD Unexpected extra arguments
      ${LOGOUT}`,
    ));
});

describe('CLOSE', () => {
  it('expunges \\Deleted messages without EXPUNGE responses and leaves the selected state', () =>
    runTranscript(
      server.port,
      `${setup('cl-1', 3, '1,3')}
      C: a CLOSE
      S: a OK CLOSE completed
      C: b FETCH 1 UID
      S: b BAD FETCH needs a selected mailbox
      C: c STATUS cl-1 (MESSAGES)
      S: * STATUS cl-1 (MESSAGES 1)
      S: c OK STATUS completed
      ${LOGOUT}`,
    ));

  it('on an EXAMINEd mailbox expunges nothing', () =>
    runTranscript(
      server.port,
      `${setup('cl-2', 2, '1:2')}
      C: a EXAMINE cl-2
      S: * OK [CLOSED] Previous mailbox closed
      S: * 2 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 3] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: a OK [READ-ONLY] EXAMINE completed
      C: b CLOSE
      S: b OK CLOSE completed
      C: c STATUS cl-2 (MESSAGES)
      S: * STATUS cl-2 (MESSAGES 2)
      S: c OK STATUS completed
      ${LOGOUT}`,
    ));

  it('is BAD without a selected mailbox', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CLOSE
      S: a BAD CLOSE needs a selected mailbox
      ${LOGOUT}`,
    ));
});

describe('UNSELECT', () => {
  it('leaves the mailbox without expunging', () =>
    runTranscript(
      server.port,
      `${setup('un-1', 2, '1:2')}
      C: a UNSELECT
      S: a OK UNSELECT completed
      C: b STATUS un-1 (MESSAGES)
      S: * STATUS un-1 (MESSAGES 2)
      S: b OK STATUS completed
      C: c UNSELECT
      S: c BAD UNSELECT needs a selected mailbox
      ${LOGOUT}`,
    ));
});

describe('CHECK', () => {
  it('is OK in the selected state and BAD outside it', () =>
    runTranscript(
      server.port,
      `${setup('ck-1', 1, '1')}
      C: a CHECK
      S: a OK CHECK completed
      C: b UNSELECT
      S: b OK UNSELECT completed
      C: c CHECK
      S: c BAD CHECK needs a selected mailbox
      ${LOGOUT}`,
    ));
});

describe('EXPUNGE outside the selected state', () => {
  it('is BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a EXPUNGE
      S: a BAD EXPUNGE needs a selected mailbox
      C: b UID EXPUNGE 1
      S: b BAD UID EXPUNGE needs a selected mailbox
      ${LOGOUT}`,
    ));
});
