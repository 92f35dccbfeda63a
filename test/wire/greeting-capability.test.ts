// Greeting, CAPABILITY, NOOP, LOGOUT and STARTTLS (RFC 3501 §6.1, §6.2.1, §7.1.1).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, CAPS, LOGIN, LOGOUT } from './helpers.js';

const server = useWireServer();

describe('greeting and CAPABILITY', () => {
  it('greets with OK and the capabilities, the SASL mechanisms (AUTH=) before login', () =>
    runTranscript(
      server.port,
      `
      S: * OK [CAPABILITY ${CAPS} AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN] cpm-imapd ready
      C: a CAPABILITY
      S: * CAPABILITY ${CAPS} AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN
      S: a OK CAPABILITY completed
      ${LOGOUT}`,
    ));

  it('LOGIN returns the new capabilities in its OK; AUTH= is gone after login', () =>
    runTranscript(
      server.port,
      `
      S: * OK [CAPABILITY <*>] cpm-imapd ready
      C: a LOGIN alice wonderland
      S: a OK [CAPABILITY ${CAPS}] Logged in
      C: b CAPABILITY
      S: * CAPABILITY ${CAPS}
      S: b OK CAPABILITY completed
      ${LOGOUT}`,
    ));

  it('CAPABILITY is valid in the selected state and takes no arguments', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a EXAMINE INBOX
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] <*>
      S: * OK [UIDVALIDITY <n>] <*>
      S: * OK [UIDNEXT <n>] <*>
      S: * OK [MAILBOXID (<id>)] <*>
      S: a OK [READ-ONLY] EXAMINE completed
      C: b CAPABILITY
      S: * CAPABILITY ${CAPS}
      S: b OK CAPABILITY completed
      C: c CAPABILITY IMAP4rev1
      S: c BAD Unexpected extra arguments
      ${LOGOUT}`,
    ));

  it('command names are case-insensitive', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a capability
      S: * CAPABILITY ${CAPS} AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN
      S: a OK CAPABILITY completed
      C: b NoOp
      S: b OK NOOP completed
      ${LOGOUT}`,
    ));
});

describe('NOOP and LOGOUT', () => {
  it('NOOP works in every state', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a NOOP
      S: a OK NOOP completed
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b NOOP
      S: b OK NOOP completed
      C: c EXAMINE INBOX
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] <*>
      S: * OK [UIDVALIDITY <n>] <*>
      S: * OK [UIDNEXT <n>] <*>
      S: * OK [MAILBOXID (<id>)] <*>
      S: c OK [READ-ONLY] EXAMINE completed
      C: d NOOP
      S: d OK NOOP completed
      ${LOGOUT}`,
    ));

  it('LOGOUT before login: BYE, tagged OK, then the server closes', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      ${LOGOUT}`,
    ));

  it('LOGOUT with a mailbox selected: BYE, tagged OK, then the server closes', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT INBOX
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] <*>
      S: * OK [UIDVALIDITY <n>] <*>
      S: * OK [UIDNEXT <n>] <*>
      S: * OK [MAILBOXID (<id>)] <*>
      S: a OK [READ-WRITE] SELECT completed
      ${LOGOUT}`,
    ));

  it('commands pipelined after LOGOUT are not answered', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a LOGOUT
      C: b NOOP
      S: * BYE cpm-imapd logging out
      S: a OK LOGOUT completed
      S: (closed)`,
    ));
});

describe('STARTTLS', () => {
  // Not advertised (no certificate). RFC 3501 §6.2.1 lists only OK and BAD for STARTTLS.
  it('is refused with BAD when TLS is not configured, and the session goes on', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a STARTTLS
      S: a BAD <*>
      C: b NOOP
      S: b OK NOOP completed
      ${LOGOUT}`,
    ));

  it('is refused with BAD after login (wrong state)', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a STARTTLS
      S: a BAD STARTTLS is not allowed after login
      ${LOGOUT}`,
    ));
});
