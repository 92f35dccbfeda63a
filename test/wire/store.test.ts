// STORE and UID STORE (RFC 3501 §6.4.6, §6.4.8).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, lit, message } from './helpers.js';

const server = useWireServer();

/** Creates `box` with two unflagged messages and SELECTs it (both \Recent here). */
function setup(box: string): string {
  return `${LOGIN}
      C: s1 CREATE ${box}
      S: s1 OK CREATE completed
      C: s2 APPEND ${box} ${lit(message('store one'))}
      S: s2 OK [APPENDUID <n> 1] APPEND completed
      C: s3 APPEND ${box} ${lit(message('store two'))}
      S: s3 OK [APPENDUID <n> 2] APPEND completed
      C: s4 SELECT ${box}
      S: * 2 EXISTS
      S: * 2 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 3] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: s4 OK [READ-WRITE] SELECT completed`;
}

describe('STORE', () => {
  it('+FLAGS, -FLAGS and FLAGS answer with the new flags of every message in the set', () =>
    runTranscript(
      server.port,
      `${setup('sto-1')}
      C: a STORE 1 +FLAGS (\\Flagged \\Seen)
      S: * 1 FETCH (FLAGS (\\Seen \\Flagged \\Recent))
      S: a OK STORE completed
      C: b STORE 1:2 +FLAGS (\\Flagged)
      S: * 1 FETCH (FLAGS (\\Seen \\Flagged \\Recent))
      S: * 2 FETCH (FLAGS (\\Flagged \\Recent))
      S: b OK STORE completed
      C: c STORE 1 -FLAGS (\\Seen)
      S: * 1 FETCH (FLAGS (\\Flagged \\Recent))
      S: c OK STORE completed
      C: d STORE 2 FLAGS (\\Answered \\Draft)
      S: * 2 FETCH (FLAGS (\\Answered \\Draft \\Recent))
      S: d OK STORE completed
      C: e STORE 1:* FLAGS ()
      S: * 1 FETCH (FLAGS (\\Recent))
      S: * 2 FETCH (FLAGS (\\Recent))
      S: e OK STORE completed
      ${LOGOUT}`,
    ));

  it('keywords, and a flag list without parentheses', () =>
    runTranscript(
      server.port,
      `${setup('sto-kw')}
      C: a STORE 2 +FLAGS $Work
      S: * 2 FETCH (FLAGS ($Work \\Recent))
      S: a OK STORE completed
      C: b STORE 2 +FLAGS \\Seen Later
      S: * 2 FETCH (FLAGS (\\Seen $Work Later \\Recent))
      S: b OK STORE completed
      C: c SEARCH KEYWORD $Work
      S: * SEARCH 2
      S: c OK SEARCH completed
      C: d STORE 2 -FLAGS ($Work Later)
      S: * 2 FETCH (FLAGS (\\Seen \\Recent))
      S: d OK STORE completed
      ${LOGOUT}`,
    ));

  it('.SILENT answers with no FETCH', () =>
    runTranscript(
      server.port,
      `${setup('sto-silent')}
      C: a STORE 1:2 +FLAGS.SILENT (\\Deleted)
      S: a OK STORE completed
      C: b FETCH 1:2 FLAGS
      S: * 1 FETCH (FLAGS (\\Deleted \\Recent))
      S: * 2 FETCH (FLAGS (\\Deleted \\Recent))
      S: b OK FETCH completed
      C: c STORE 2 -FLAGS.SILENT (\\Deleted)
      S: c OK STORE completed
      C: d STORE 1 FLAGS.SILENT (\\Seen)
      S: d OK STORE completed
      C: e FETCH 1:2 FLAGS
      S: * 1 FETCH (FLAGS (\\Seen \\Recent))
      S: * 2 FETCH (FLAGS (\\Recent))
      S: e OK FETCH completed
      ${LOGOUT}`,
    ));

  it('UID STORE includes UID in each FETCH; a missing UID is ignored', () =>
    runTranscript(
      server.port,
      `${setup('sto-uid')}
      C: a UID STORE 2 +FLAGS (\\Flagged)
      S: * 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))
      S: a OK UID STORE completed
      C: b UID STORE 1:* -FLAGS (\\Flagged)
      S: * 1 FETCH (UID 1 FLAGS (\\Recent))
      S: * 2 FETCH (UID 2 FLAGS (\\Recent))
      S: b OK UID STORE completed
      C: c UID STORE 7 +FLAGS (\\Flagged)
      S: c OK UID STORE completed
      ${LOGOUT}`,
    ));

  it('errors: read-only mailbox NO, bad sets and arguments BAD, \\Recent cannot be stored', () =>
    runTranscript(
      server.port,
      `${setup('sto-err')}
      C: a STORE 3 +FLAGS (\\Seen)
      S: a BAD [CLIENTBUG] Invalid message sequence number
      C: b STORE 0 +FLAGS (\\Seen)
      S: b BAD Invalid sequence set
      C: c STORE 1 +FLAG (\\Seen)
      S: c BAD Invalid store item
      C: d STORE 1 +FLAGS
      S: d BAD Missing flags
      C: e STORE 1 +FLAGS (\\Seen
      S: e BAD <*>
      C: f STORE 1 +FLAGS (\\Recent)
      S: f BAD \\Recent cannot be set by a client
      C: g STORE 1
      S: g BAD Missing store item
      C: h EXAMINE sto-err
      S: * OK [CLOSED] Previous mailbox closed
      S: * 2 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 3] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: h OK [READ-ONLY] EXAMINE completed
      C: i STORE 1 +FLAGS (\\Seen)
      S: i NO [READ-ONLY] Mailbox is read-only
      C: j UID STORE 1 +FLAGS (\\Seen)
      S: j NO [READ-ONLY] Mailbox is read-only
      C: k FETCH 1 FLAGS
      S: * 1 FETCH (FLAGS ())
      S: k OK FETCH completed
      C: l CLOSE
      S: l OK CLOSE completed
      C: m STORE 1 +FLAGS (\\Seen)
      S: m BAD STORE needs a selected mailbox
      ${LOGOUT}`,
    ));
});
