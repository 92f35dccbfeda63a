// Bad input is answered, never fatal (RFC 3501 §7.1.5 BAD; DESIGN.md): unknown commands,
// wrong state, malformed arguments, bad tags. Every test ends with a working LOGOUT.
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT } from './helpers.js';

const server = useWireServer();

describe('unknown and empty commands', () => {
  it('an unknown command is BAD, in every state', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a FOO
      S: a BAD Unknown command
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b XYZZY 1 2 3
      S: b BAD Unknown command
      C: c UID FOO 1
      S: c BAD Unknown UID command
      C: d UID
      S: d BAD Missing UID command
      ${LOGOUT}`,
    ));

  it('bad tags get an untagged BAD; a tag alone is a missing command', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: + NOOP
      S: * BAD Invalid tag
      C: * NOOP
      S: * BAD Invalid tag
      C: (a) NOOP
      S: * BAD Invalid tag
      C: a
      S: a BAD Missing command
      C: b  NOOP
      S: b BAD Invalid command
      C: DONE
      S: DONE BAD Missing command
      C: c NOOP
      S: c OK NOOP completed
      ${LOGOUT}`,
    ));

  it('empty lines are ignored', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: 
      C: a NOOP
      S: a OK NOOP completed
      ${LOGOUT}`,
    ));

  it('a literal announced by an unknown command is refused without a continuation', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a FOO {5}
      S: a BAD Unknown command
      C: b NOOP
      S: b OK NOOP completed
      ${LOGOUT}`,
    ));
});

describe('commands in the wrong state', () => {
  it('before login: selected-state and authenticated-state commands are BAD', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a SELECT INBOX
      S: a BAD SELECT is not allowed before login
      C: b FETCH 1 FLAGS
      S: b BAD FETCH is not allowed before login
      C: c LIST "" *
      S: c BAD LIST is not allowed before login
      C: d UID STORE 1 +FLAGS (\\Seen)
      S: d BAD STORE is not allowed before login
      C: e EXPUNGE
      S: e BAD EXPUNGE is not allowed before login
      C: f CLOSE
      S: f BAD CLOSE is not allowed before login
      ${LOGOUT}`,
    ));

  it('authenticated, nothing selected: selected-state commands are BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a FETCH 1 FLAGS
      S: a BAD FETCH needs a selected mailbox
      C: b STORE 1 +FLAGS (\\Seen)
      S: b BAD STORE needs a selected mailbox
      C: c SEARCH ALL
      S: c BAD SEARCH needs a selected mailbox
      C: d COPY 1 INBOX
      S: d BAD COPY needs a selected mailbox
      C: e MOVE 1 INBOX
      S: e BAD MOVE needs a selected mailbox
      C: f UID FETCH 1 FLAGS
      S: f BAD FETCH needs a selected mailbox
      ${LOGOUT}`,
    ));

  it('after login: LOGIN, AUTHENTICATE and STARTTLS are BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a LOGIN alice wonderland
      S: a BAD LOGIN is not allowed after login
      C: b AUTHENTICATE PLAIN
      S: b BAD AUTHENTICATE is not allowed after login
      C: c STARTTLS
      S: c BAD STARTTLS is not allowed after login
      C: d EXAMINE INBOX
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT <n>] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: d OK [READ-ONLY] EXAMINE completed
      C: e LOGIN alice wonderland
      S: e BAD LOGIN is not allowed after login
      ${LOGOUT}`,
    ));
});

describe('malformed arguments', () => {
  it('missing arguments, extra arguments', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT
      S: a BAD Missing mailbox name
      C: b RENAME INBOX
      S: b BAD Missing new mailbox name
      C: c LIST ""
      S: c BAD Missing mailbox pattern
      C: d NOOP now
      S: d BAD Unexpected extra arguments
      C: e CREATE a b
      S: e BAD Unexpected extra arguments
      C: f SELECT INBOX 
      S: f BAD Unexpected extra arguments
      ${LOGOUT}`,
    ));

  it('bad quoting: unterminated, bad escapes, quotes inside atoms', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT "INBOX
      S: a BAD Unterminated quoted string
      C: b SELECT "IN\\BOX"
      S: b BAD <*>
      C: c SELECT IN"BOX"
      S: c BAD <*>
      C: d STATUS "INBOX (MESSAGES)
      S: d BAD Unterminated quoted string
      ${LOGOUT}`,
    ));

  it('unbalanced parentheses', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a STATUS INBOX (MESSAGES
      S: a BAD Expected ) after status items
      C: b STATUS INBOX MESSAGES)
      S: b BAD Expected ( before status items
      C: c STATUS INBOX ((MESSAGES))
      S: c BAD <*>
      C: d APPEND INBOX (\\Seen {1+}\\r\\nx
      S: d BAD <*>
      C: e NOOP
      S: e OK NOOP completed
      ${LOGOUT}`,
    ));

  it('bad mailbox names: invalid modified UTF-7 is BAD everywhere', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT &Jjo
      S: a BAD Invalid mailbox name
      C: b STATUS &Jjo (MESSAGES)
      S: b BAD Invalid mailbox name
      C: c DELETE &Jjp-
      S: c BAD Invalid mailbox name
      C: d SELECT a&
      S: d BAD Invalid mailbox name
      C: e SELECT ""
      S: e NO [NONEXISTENT] Mailbox does not exist
      C: f SELECT a//b
      S: f NO [NONEXISTENT] Mailbox does not exist
      ${LOGOUT}`,
    ));

  it('bad sequence sets are BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT INBOX
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT <n>] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: a OK [READ-WRITE] SELECT completed
      C: b FETCH 0 FLAGS
      S: b BAD Invalid sequence set
      C: c FETCH 1:x FLAGS
      S: c BAD Invalid sequence set
      C: d FETCH 1: FLAGS
      S: d BAD Invalid sequence set
      C: e FETCH 1:2:3 FLAGS
      S: e BAD Invalid sequence set
      C: f STORE 01 +FLAGS (\\Seen)
      S: f BAD Invalid sequence set
      C: g FETCH 1 FLAGS
      S: g BAD [CLIENTBUG] Invalid message sequence number
      C: h NOOP
      S: h OK NOOP completed
      ${LOGOUT}`,
    ));
});
