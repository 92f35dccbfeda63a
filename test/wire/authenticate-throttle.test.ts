// Failed logins on the wire: NO [AUTHENTICATIONFAILED] until the throttle holds the account for
// this address, then NO [UNAVAILABLE] whatever the password or mechanism, while others go on.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { runTranscript } from '../support/transcript.js';
import { CAPS, LOGOUT } from './helpers.js';

const GREETING = 'S: * OK [CAPABILITY <*>] cpm-imapd ready';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ failedLoginDelay: 1 }, { server: { loginThrottle: { pairLimit: 3, addressLimit: 100 } } });
  await server.server.store.createUser('bob', 'builder');
});
afterAll(() => server.stop());

describe('login throttle', () => {
  it('three failures, then UNAVAILABLE even for the right password, on every path; another account still logs in', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a LOGIN alice guess1
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      C: b AUTHENTICATE PLAIN ${b64('\0alice\0guess2')}
      S: b NO [AUTHENTICATIONFAILED] Invalid credentials
      C: c LOGIN alice guess3
      S: c NO [AUTHENTICATIONFAILED] Invalid credentials
      C: d LOGIN alice wonderland
      S: d NO [UNAVAILABLE] Too many failed logins; try again later
      C: e AUTHENTICATE PLAIN ${b64('\0alice\0wonderland')}
      S: e NO [UNAVAILABLE] Too many failed logins; try again later
      C: f AUTHENTICATE SCRAM-SHA-256 ${b64('n,,n=alice,r=abc')}
      S: f NO [UNAVAILABLE] Too many failed logins; try again later
      C: g LOGIN bob builder
      S: g OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));
});
