// The login throttle counts by client address, not by connection: a guesser who opens a new
// connection (a new source port) for every attempt is held all the same.
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestServer, type TestServer } from '../support/server.js';
import { runTranscript } from '../support/transcript.js';

const GREETING = 'S: * OK [CAPABILITY <*>] cpm-imapd ready';
const FAILED = 'NO [AUTHENTICATIONFAILED] Invalid credentials';
const HELD = 'NO [UNAVAILABLE] Too many failed logins; try again later';

/** One connection, one LOGIN, its answer. */
const loginOnce = (port: number, user: string, password: string, answer: string) =>
  runTranscript(port, `${GREETING}\nC: a LOGIN ${user} ${password}\nS: a ${answer}`);

describe('per-address hold across connections from 127.0.0.1', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ failedLoginDelay: 1 }, { server: { loginThrottle: { pairLimit: 100, addressLimit: 3 } } });
    await server.server.store.createUser('bob', 'builder');
  });
  afterAll(() => server.stop());

  it('three failures over three connections and accounts hold the address; a fourth connection is held even with the right password', async () => {
    await loginOnce(server.port, 'alice', 'guess1', FAILED);
    await loginOnce(server.port, 'bob', 'guess2', FAILED);
    await loginOnce(server.port, 'nobody', 'guess3', FAILED);
    await loginOnce(server.port, 'bob', 'builder', HELD);
    await loginOnce(server.port, 'alice', 'wonderland', HELD);
  });
});

describe('per-account-and-address hold across connections', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ failedLoginDelay: 1 }, { server: { loginThrottle: { pairLimit: 2, addressLimit: 100 } } });
    await server.server.store.createUser('bob', 'builder');
  });
  afterAll(() => server.stop());

  it('two failures for alice on two connections hold alice on a third; bob still logs in', async () => {
    await loginOnce(server.port, 'alice', 'guess1', FAILED);
    await loginOnce(server.port, 'alice', 'guess2', FAILED);
    await loginOnce(server.port, 'alice', 'wonderland', HELD);
    await loginOnce(server.port, 'bob', 'builder', 'OK [CAPABILITY <*>] Logged in');
  });
});
