// LOGIN (RFC 3501 §6.2.3) and AUTHENTICATE PLAIN (§6.2.2, RFC 4616) with SASL-IR (RFC 4959).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, CAPS, LOGIN, LOGOUT } from './helpers.js';

const server = useWireServer();

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const PLAIN_OK = b64('\0alice\0wonderland');
const PLAIN_WRONG = b64('\0alice\0looking-glass');
const GREETING = 'S: * OK [CAPABILITY <*>] cpm-imapd ready';

describe('LOGIN', () => {
  it('accepts atoms, answering OK with the CAPABILITY code', () =>
    runTranscript(server.port, `${LOGIN}${LOGOUT}`));

  it('accepts quoted strings and a synchronizing literal', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a LOGIN "alice" {10}
      S: + Ready for literal data
      C: wonderland
      S: a OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('a wrong password is NO [AUTHENTICATIONFAILED] and the client may try again', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a LOGIN alice looking-glass
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      C: b NOOP
      S: b OK NOOP completed
      C: c SELECT INBOX
      S: c BAD SELECT is not allowed before login
      C: d LOGIN alice wonderland
      S: d OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('an unknown user gets the same answer as a wrong password', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a LOGIN mallory wonderland
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      ${LOGOUT}`,
    ));

  it('missing arguments and bad quoting are BAD', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a LOGIN
      S: a BAD Missing user name
      C: b LOGIN alice
      S: b BAD Missing password
      C: c LOGIN "alice wonderland
      S: c BAD Unterminated quoted string
      C: d LOGIN alice wonderland extra
      S: d BAD Unexpected extra arguments
      C: e LOGIN (alice) wonderland
      S: e BAD <*>
      ${LOGOUT}`,
    ));

  it('LOGIN after login is BAD and the session stays logged in', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a LOGIN alice wonderland
      S: a BAD LOGIN is not allowed after login
      C: b NAMESPACE
      S: * NAMESPACE (("" "/")) (("Other Users/" "/")) (("Shared/" "/"))
      S: b OK NAMESPACE completed
      ${LOGOUT}`,
    ));
});

describe('AUTHENTICATE PLAIN', () => {
  it('with an initial response (SASL-IR)', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN ${PLAIN_OK}
      S: a OK [CAPABILITY ${CAPS}] Logged in
      C: b NOOP
      S: b OK NOOP completed
      ${LOGOUT}`,
    ));

  it('with the response sent after an empty continuation', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN
      S: + 
      C: ${PLAIN_OK}
      S: a OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('the mechanism name is case-insensitive', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a authenticate plain ${PLAIN_OK}
      S: a OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('cancelled with "*": tagged BAD, still not authenticated', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN
      S: + 
      C: *
      S: a BAD Authentication cancelled
      C: b SELECT INBOX
      S: b BAD SELECT is not allowed before login
      ${LOGOUT}`,
    ));

  it('wrong credentials: NO [AUTHENTICATIONFAILED]', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN ${PLAIN_WRONG}
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      C: b AUTHENTICATE PLAIN
      S: + 
      C: ${PLAIN_WRONG}
      S: b NO [AUTHENTICATIONFAILED] Invalid credentials
      ${LOGOUT}`,
    ));

  it('a response that is not base64 is BAD', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN
      S: + 
      C: not base64!
      S: a BAD Invalid base64 in the response
      C: b AUTHENTICATE PLAIN !!!
      S: b BAD Invalid initial response
      ${LOGOUT}`,
    ));

  it('acting as another user (authzid) is refused', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN ${b64('bob\0alice\0wonderland')}
      S: a NO [AUTHORIZATIONFAILED] Acting as another user is not allowed
      ${LOGOUT}`,
    ));

  it('an unknown mechanism is NO and the session goes on', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE CRAM-MD5
      S: a NO [CANNOT] Unsupported authentication mechanism
      C: b AUTHENTICATE X-UNKNOWN ${PLAIN_OK}
      S: b NO [CANNOT] Unsupported authentication mechanism
      C: c NOOP
      S: c OK NOOP completed
      ${LOGOUT}`,
    ));

  it('is BAD without a mechanism, and after login', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE
      S: a BAD Missing authentication mechanism
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b AUTHENTICATE PLAIN ${PLAIN_OK}
      S: b BAD AUTHENTICATE is not allowed after login
      ${LOGOUT}`,
    ));
});
