// Attacks on AUTHENTICATE over the wire: commands smuggled in as SASL responses, failures
// cancelled to dodge the throttle, and authorization identities through SCRAM.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { runTranscript } from '../support/transcript.js';
import { CAPS, LOGOUT } from './helpers.js';

const GREETING = 'S: * OK [CAPABILITY <*>] cpm-imapd ready';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ failedLoginDelay: 1 }, { server: { loginThrottle: { pairLimit: 2, addressLimit: 1000 } } });
  const store = server.server.store;
  await store.createUser('bob', 'builder');
  await store.createUser('dave', 'diver');
  await store.createUser('svc', 'service-secret', { kind: 'service' });
  await store.createUser('svc2', 'other-secret', { kind: 'service' });
});
afterAll(() => server.stop());

async function connect(): Promise<RawClient> {
  const c = await RawClient.connect(server.port);
  await c.next();
  return c;
}

/** Runs SCRAM-SHA-256 as a client up to the tagged answer; `gs2` may name an authzid. */
async function scram(c: RawClient, tag: string, user: string, password: string, gs2 = 'n,,', cbind = gs2): Promise<string[]> {
  const bare = `n=${user},r=clientnonce`;
  c.send(`${tag} AUTHENTICATE SCRAM-SHA-256 ${b64(gs2 + bare)}`);
  const challenge = await c.next();
  if (!challenge.startsWith('+ ')) return [challenge];
  const serverFirst = Buffer.from(challenge.slice(2).trimEnd(), 'base64').toString();
  const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const withoutProof = `c=${b64(cbind)},r=${attrs.r}`;
  const signature = createHmac('sha256', storedKey).update(`${bare},${serverFirst},${withoutProof}`).digest();
  c.send(b64(`${withoutProof},p=${Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64')}`));
  const answers = [await c.next()];
  if (answers[0]!.startsWith('+ ')) {
    c.send('');
    answers.push(await c.next());
  }
  return answers;
}

describe('AUTHENTICATE under attack', () => {
  it('a command pipelined behind AUTHENTICATE is taken as the SASL response, never run as a command', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN
      C: b LOGIN alice wonderland
      S: + 
      S: a BAD Invalid base64 in the response
      C: c CAPABILITY
      S: * CAPABILITY <*> AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN
      S: c OK CAPABILITY completed
      ${LOGOUT}`,
    ));

  it('a failure cancelled with "*" instead of acknowledged still counts against the throttle', async () => {
    const c = await connect();
    for (const tag of ['a', 'b']) {
      // c= names a different gs2-header: the server answers with e=channel-bindings-dont-match.
      c.send(`${tag} AUTHENTICATE SCRAM-SHA-256 ${b64('n,,n=dave,r=clientnonce')}`);
      expect(await c.next()).toMatch(/^\+ /);
      c.send(b64(`c=${b64('y,,')},r=clientnonce-forged,p=${Buffer.alloc(32).toString('base64')}`));
      const failure = await c.next();
      expect(Buffer.from(failure.slice(2).trimEnd(), 'base64').toString()).toBe('e=channel-bindings-dont-match');
      c.send('*');
      expect(await c.next()).toBe(`${tag} BAD Authentication cancelled\r\n`);
    }
    expect(await c.command('c', 'LOGIN dave diver')).toEqual(['c NO [UNAVAILABLE] Too many failed logins; try again later\r\n']);
    c.close();
  });

  it('SCRAM with an authzid: an ordinary user is refused, a service may act as a user but not as another service', async () => {
    const c = await connect();
    expect((await scram(c, 'a', 'bob', 'builder', 'n,a=alice,')).at(-1)).toBe('a NO [AUTHORIZATIONFAILED] Acting as another user is not allowed\r\n');
    expect((await scram(c, 'b', 'svc', 'service-secret', 'n,a=svc2,')).at(-1)).toBe('b NO [AUTHORIZATIONFAILED] Acting as another user is not allowed\r\n');
    expect((await scram(c, 'c', 'svc', 'service-secret', 'n,a=alice,')).at(-1)).toBe(`c OK [CAPABILITY ${CAPS}] Logged in\r\n`);
    expect(await c.command('d', 'CREATE ByService')).toContain('d OK CREATE completed\r\n');
    c.close();
    const alice = (await server.server.store.getUser('alice'))!;
    expect(await server.server.store.getMailbox(alice.id, 'ByService')).not.toBeNull();
  });

  it('SCRAM: the authzid in the gs2-header must be repeated in c=; a proof made without it fails', async () => {
    const c = await connect();
    const answers = await scram(c, 'a', 'svc', 'service-secret', 'n,a=alice,', 'n,,');
    expect(answers.at(-1)).toBe('a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
    c.close();
  });
});
