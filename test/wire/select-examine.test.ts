// SELECT and EXAMINE (RFC 3501 §6.3.1–2, RFC 8474 MAILBOXID), CHECK (§6.4.1).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, lit, message } from './helpers.js';

const server = useWireServer();

const FLAGS = '\\Answered \\Flagged \\Deleted \\Seen \\Draft';

describe('SELECT', () => {
  it('an empty mailbox: EXISTS, RECENT, FLAGS, PERMANENTFLAGS, UIDVALIDITY, UIDNEXT, MAILBOXID, READ-WRITE', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE sel-empty
      S: a OK CREATE completed
      C: b SELECT sel-empty
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (${FLAGS})
      S: * OK [PERMANENTFLAGS (${FLAGS} \\*)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: b OK [READ-WRITE] SELECT completed
      ${LOGOUT}`,
    ));

  it('a mailbox with messages: keywords in FLAGS, first UNSEEN, and \\Recent claimed by the first SELECT only', async () => {
    await runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE sel-full
      S: a OK CREATE completed
      C: b APPEND sel-full (\\Seen $Label1) ${lit(message('one'))}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c APPEND sel-full ${lit(message('two'))}
      S: c OK [APPENDUID <n> 2] APPEND completed
      C: d SELECT sel-full
      S: * 2 EXISTS
      S: * 2 RECENT
      S: * FLAGS (${FLAGS} $Label1)
      S: * OK [PERMANENTFLAGS (${FLAGS} $Label1 \\*)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 3] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 2] First unseen message
      S: d OK [READ-WRITE] SELECT completed
      C: e FETCH 1:* FLAGS
      S: * 1 FETCH (FLAGS (\\Seen $Label1 \\Recent))
      S: * 2 FETCH (FLAGS (\\Recent))
      S: e OK FETCH completed
      ${LOGOUT}`,
    );
    await runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT sel-full
      S: * 2 EXISTS
      S: * 0 RECENT
      S: * FLAGS (${FLAGS} $Label1)
      S: * OK [PERMANENTFLAGS (${FLAGS} $Label1 \\*)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 3] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 2] First unseen message
      S: a OK [READ-WRITE] SELECT completed
      ${LOGOUT}`,
    );
  });

  it('INBOX is case-insensitive', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT inbox
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT <n>] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: a OK [READ-WRITE] SELECT completed
      ${LOGOUT}`,
    ));

  it('a missing mailbox is NO [NONEXISTENT], and a failed SELECT leaves no mailbox selected', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE sel-then-fail
      S: a OK CREATE completed
      C: b SELECT sel-then-fail
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: b OK [READ-WRITE] SELECT completed
      C: c SELECT sel-no-such-mailbox
      S: * OK [CLOSED] Previous mailbox closed
      S: c NO [NONEXISTENT] Mailbox does not exist
      C: d CHECK
      S: d BAD CHECK needs a selected mailbox
      ${LOGOUT}`,
    ));

  it('a \\Noselect name cannot be selected', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE sel-parent/child
      S: a OK CREATE completed
      C: b DELETE sel-parent
      S: b OK DELETE completed
      C: c SELECT sel-parent
      S: c NO [NONEXISTENT] Mailbox does not exist
      ${LOGOUT}`,
    ));

  it('is BAD before login and without a mailbox name', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a SELECT INBOX
      S: a BAD SELECT is not allowed before login
      C: b EXAMINE INBOX
      S: b BAD EXAMINE is not allowed before login
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: c SELECT
      S: c BAD Missing mailbox name
      C: d SELECT a b
      S: d BAD Unexpected extra arguments
      ${LOGOUT}`,
    ));
});

describe('EXAMINE', () => {
  it('is read-only: no PERMANENTFLAGS, READ-ONLY, and \\Recent is shown but not taken away', async () => {
    await runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE exa-1
      S: a OK CREATE completed
      C: b APPEND exa-1 ${lit(message('one'))}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c EXAMINE exa-1
      S: * 1 EXISTS
      S: * 1 RECENT
      S: * FLAGS (${FLAGS})
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 2] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: c OK [READ-ONLY] EXAMINE completed
      C: d FETCH 1 (FLAGS BODY[])
      S: * 1 FETCH (FLAGS (\\Recent) BODY[] {<n>}\\r\\n<*>)
      S: d OK FETCH completed
      C: e STORE 1 +FLAGS (\\Flagged)
      S: e NO [READ-ONLY] Mailbox is read-only
      C: f EXPUNGE
      S: f NO [READ-ONLY] Mailbox is read-only
      C: g CHECK
      S: g OK CHECK completed
      ${LOGOUT}`,
    );
    // The EXAMINE neither set \\Seen nor took \\Recent: a SELECT still gets both.
    await runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT exa-1
      S: * 1 EXISTS
      S: * 1 RECENT
      S: * FLAGS (${FLAGS})
      S: * OK [PERMANENTFLAGS (${FLAGS} \\*)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 2] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: a OK [READ-WRITE] SELECT completed
      ${LOGOUT}`,
    );
  });

  it('SELECT after EXAMINE switches to read-write', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE exa-2
      S: a OK CREATE completed
      C: b EXAMINE exa-2
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: b OK [READ-ONLY] EXAMINE completed
      C: c SELECT exa-2
      S: * OK [CLOSED] Previous mailbox closed
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*> \\*)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: c OK [READ-WRITE] SELECT completed
      ${LOGOUT}`,
    ));
});
