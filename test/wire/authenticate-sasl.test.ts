// AUTHENTICATE with every mechanism on the wire (RFC 3501 §6.2.2, RFC 4959 SASL-IR): SCRAM-SHA-256
// (RFC 5802/7677) with the client side computed here, PLAIN with proxy authorisation, LOGIN,
// OAUTHBEARER (RFC 7628) and XOAUTH2 with JWTs, cancel, bad base64, shared accounts.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { DATABASE_FILE } from '../../src/store/open.js';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, type TestServer } from '../support/server.js';
import { runTranscript } from '../support/transcript.js';
import { CAPS, LOGOUT } from './helpers.js';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'imap.example';
const GREETING = 'S: * OK [CAPABILITY <*>] cpm-imapd ready';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (line: string) => Buffer.from(line.replace(/^\+ /, '').trimEnd(), 'base64').toString('utf8');

let server: TestServer;
let keyDir: string;
let key: CryptoKey;

const jwt = (sub: string, exp: string | number = '5m') =>
  new SignJWT({ sub }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(exp).sign(key);

beforeAll(async () => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-sasl-wire-'));
  const pair = await generateKeyPair('ES256', { extractable: true });
  key = pair.privateKey;
  fs.writeFileSync(path.join(keyDir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] }));
  server = await startTestServer({}, { server: { oauth: { issuer: ISSUER, audience: AUDIENCE, jwks: path.join(keyDir, 'jwks.json') } } });
  const store = server.server.store;
  await store.createUser('bob', 'builder');
  await store.createUser('svc', 'service-secret', { kind: 'service' });
  await store.createUser('lobby', 'lobby-secret', { kind: 'shared' });
  await store.createUser('carol', 'open\u2003sesame');
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

async function connect(): Promise<RawClient> {
  const c = await RawClient.connect(server.port);
  await c.next();
  return c;
}

/** The client side of SCRAM-SHA-256, with node:crypto. */
function scramClient(user: string, password: string, cnonce = 'fyko+d2lbbFgONRv9qkxdawL') {
  const bare = `n=${user},r=${cnonce}`;
  return {
    first: b64(`n,,${bare}`),
    final(serverFirst: string, opts: { nonce?: (n: string) => string; password?: string } = {}) {
      const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
      const salted = pbkdf2Sync(opts.password ?? password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
      const clientKey = createHmac('sha256', salted).update('Client Key').digest();
      const storedKey = createHash('sha256').update(clientKey).digest();
      const withoutProof = `c=biws,r=${opts.nonce ? opts.nonce(attrs.r!) : attrs.r}`;
      const authMessage = `${bare},${serverFirst},${withoutProof}`;
      const signature = createHmac('sha256', storedKey).update(authMessage).digest();
      const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64');
      const serverKey = createHmac('sha256', salted).update('Server Key').digest();
      const expected = createHmac('sha256', serverKey).update(authMessage).digest().toString('base64');
      return { message: b64(`${withoutProof},p=${proof}`), serverFinal: `v=${expected}` };
    },
  };
}

describe('capabilities', () => {
  it('advertises SCRAM-SHA-256, PLAIN, LOGIN and, with OAuth configured, OAUTHBEARER and XOAUTH2', () =>
    runTranscript(
      server.port,
      `S: * OK [CAPABILITY ${CAPS} AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN AUTH=OAUTHBEARER AUTH=XOAUTH2] cpm-imapd ready
      ${LOGOUT}`,
    ));
});

describe('AUTHENTICATE SCRAM-SHA-256', () => {
  it('a full exchange: server-first, client proof, server signature, empty response, OK', async () => {
    const c = await connect();
    const client = scramClient('alice', 'wonderland');
    c.send(`a AUTHENTICATE SCRAM-SHA-256 ${client.first}`);
    const serverFirst = unb64(await c.next());
    expect(serverFirst).toMatch(/^r=fyko\+d2lbbFgONRv9qkxdawL[\x21-\x2b\x2d-\x7e]{8,},s=[A-Za-z0-9+/]+=*,i=4096$/);
    const { message, serverFinal } = client.final(serverFirst);
    c.send(message);
    expect(unb64(await c.next())).toBe(serverFinal);
    c.send('');
    expect(await c.next()).toBe(`a OK [CAPABILITY ${CAPS}] Logged in\r\n`);
    c.close();
  });

  it('without SASL-IR: an empty continuation first', async () => {
    const c = await connect();
    const client = scramClient('alice', 'wonderland');
    c.send('a AUTHENTICATE SCRAM-SHA-256');
    expect(await c.next()).toBe('+ \r\n');
    c.send(client.first);
    const { message, serverFinal } = client.final(unb64(await c.next()));
    c.send(message);
    expect(unb64(await c.next())).toBe(serverFinal);
    c.send('');
    expect(await c.next()).toMatch(/^a OK \[CAPABILITY /);
    c.close();
  });

  it('a wrong password, an unknown user and a shared account all get the same NO', async () => {
    for (const [user, password] of [['alice', 'looking-glass'], ['mallory', 'x'], ['lobby', 'lobby-secret']] as const) {
      const c = await connect();
      const client = scramClient(user, password);
      c.send(`a AUTHENTICATE SCRAM-SHA-256 ${client.first}`);
      c.send(client.final(unb64(await c.next())).message);
      expect(await c.next(), user).toBe('a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
      c.close();
    }
  });

  it('a tampered nonce fails', async () => {
    const c = await connect();
    const client = scramClient('alice', 'wonderland');
    c.send(`a AUTHENTICATE SCRAM-SHA-256 ${client.first}`);
    c.send(client.final(unb64(await c.next()), { nonce: (n) => `${n.slice(0, -1)}X` }).message);
    expect(await c.next()).toBe('a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
    c.close();
  });

  it('"*" cancels after the server-first message; the session goes on', async () => {
    const c = await connect();
    c.send(`a AUTHENTICATE SCRAM-SHA-256 ${scramClient('alice', 'wonderland').first}`);
    expect(await c.next()).toMatch(/^\+ [A-Za-z0-9+/]+=*\r\n$/);
    c.send('*');
    expect(await c.next()).toBe('a BAD Authentication cancelled\r\n');
    expect(await c.command('b', 'NOOP')).toEqual(['b OK NOOP completed\r\n']);
    c.close();
  });

  it('a response past the line limit ends the exchange with a tagged BAD [TOOBIG]; the session goes on', async () => {
    const c = await connect();
    c.send('a AUTHENTICATE PLAIN');
    expect(await c.next()).toBe('+ \r\n');
    c.write(`${'A'.repeat(70_000)}\r\nb NOOP\r\n`); // past the 64 KiB line limit
    expect(await c.next()).toBe('a BAD [TOOBIG] Response too long\r\n');
    expect(await c.next()).toBe('b OK NOOP completed\r\n');
    c.close();
  });

  it('the server signature must be answered with an empty response; anything else is BAD and no login', async () => {
    const c = await connect();
    const client = scramClient('alice', 'wonderland');
    c.send(`a AUTHENTICATE SCRAM-SHA-256 ${client.first}`);
    c.send(client.final(unb64(await c.next())).message);
    expect(await c.next()).toMatch(/^\+ /);
    c.send(b64('more'));
    expect(await c.next()).toBe('a BAD Expected an empty response\r\n');
    expect(await c.command('b', 'SELECT INBOX')).toEqual(['b BAD SELECT is not allowed before login\r\n']);
    c.close();
  });

  it('a client-final message without a proof, or with bad base64 inside, is BAD', async () => {
    const c = await connect();
    c.send(`a AUTHENTICATE SCRAM-SHA-256 ${scramClient('alice', 'wonderland').first}`);
    const nonce = /r=([^,]+)/.exec(unb64(await c.next()))![1];
    c.send(b64(`c=biws,r=${nonce}`));
    expect(await c.next()).toBe('a BAD Malformed SCRAM-SHA-256 response\r\n');
    c.send(`b AUTHENTICATE SCRAM-SHA-256 ${scramClient('alice', 'wonderland').first}`);
    const nonce2 = /r=([^,]+)/.exec(unb64(await c.next()))![1];
    c.send(b64(`c=biws,r=${nonce2},p=#`));
    expect(await c.next()).toBe('b BAD Malformed SCRAM-SHA-256 response\r\n');
    c.close();
  });

  it('an account made before SCRAM gets its verifier from its next password login', async () => {
    await server.server.store.createUser('dora', 'explorer');
    const db = new Database(path.join(server.dataDir, DATABASE_FILE));
    db.prepare("UPDATE users SET scram = NULL WHERE name = 'dora'").run();
    db.close();
    const attempt = async () => {
      const c = await connect();
      const client = scramClient('dora', 'explorer');
      c.send(`a AUTHENTICATE SCRAM-SHA-256 ${client.first}`);
      c.send(client.final(unb64(await c.next())).message);
      let answer = await c.next();
      if (answer.startsWith('+ ')) {
        c.send('');
        answer = await c.next();
      }
      c.close();
      return answer;
    };
    expect(await attempt()).toBe('a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
    const c = await connect();
    expect((await c.command('b', 'LOGIN dora explorer')).at(-1)).toMatch(/^b OK/);
    c.close();
    expect(await attempt()).toBe(`a OK [CAPABILITY ${CAPS}] Logged in\r\n`);
  });

  it('channel binding required (p=) is refused with e=channel-binding-not-supported', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE SCRAM-SHA-256 ${b64('p=tls-server-end-point,,n=alice,r=abc')}
      S: + ${b64('e=channel-binding-not-supported')}
      C: 
      S: a NO [CANNOT] SCRAM-SHA-256: what the client requires is not supported here
      ${LOGOUT}`,
    ));

  it('a malformed client-first message is BAD', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE SCRAM-SHA-256 ${b64('n,,r=abc,n=alice')}
      S: a BAD Malformed SCRAM-SHA-256 response
      ${LOGOUT}`,
    ));
});

describe('AUTHENTICATE PLAIN', () => {
  it('SASLprep: a non-ASCII space in the password matches an ASCII one', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN ${b64('\0carol\0open sesame')}
      S: a OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('invalid base64 after a continuation, and an empty initial response, are BAD', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN
      S: + 
      C: AAA
      S: a BAD Invalid base64 in the response
      C: b AUTHENTICATE PLAIN =
      S: b BAD Malformed PLAIN response
      ${LOGOUT}`,
    ));

  it('a shared account never logs in, even with its password: same answer as a wrong one', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN ${b64('\0lobby\0lobby-secret')}
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      C: b LOGIN lobby lobby-secret
      S: b NO [AUTHENTICATIONFAILED] Invalid credentials
      ${LOGOUT}`,
    ));

  it('a service account acts as the user it names (authzid)', async () => {
    const c = await connect();
    expect(await c.command('a', `AUTHENTICATE PLAIN ${b64('alice\0svc\0service-secret')}`)).toEqual([`a OK [CAPABILITY ${CAPS}] Logged in\r\n`]);
    expect((await c.command('b', 'CREATE Deposited')).at(-1)).toBe('b OK CREATE completed\r\n');
    c.close();
    const store = server.server.store;
    const alice = (await store.getUser('alice'))!;
    const svc = (await store.getUser('svc'))!;
    expect(await store.getMailbox(alice.id, 'Deposited')).not.toBeNull();
    expect(await store.getMailbox(svc.id, 'Deposited')).toBeNull();
  });

  it('an ordinary user naming someone else is refused; a service cannot act as a shared, service or unknown account', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE PLAIN ${b64('alice\0bob\0builder')}
      S: a NO [AUTHORIZATIONFAILED] Acting as another user is not allowed
      C: b AUTHENTICATE PLAIN ${b64('lobby\0svc\0service-secret')}
      S: b NO [AUTHORIZATIONFAILED] Acting as another user is not allowed
      C: c AUTHENTICATE PLAIN ${b64('nobody\0svc\0service-secret')}
      S: c NO [AUTHORIZATIONFAILED] Acting as another user is not allowed
      C: d AUTHENTICATE PLAIN ${b64('bob\0bob\0builder')}
      S: d OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));
});

describe('AUTHENTICATE LOGIN', () => {
  it('asks for the user name and the password', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE LOGIN
      S: + ${b64('Username:')}
      C: ${b64('alice')}
      S: + ${b64('Password:')}
      C: ${b64('wonderland')}
      S: a OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('takes the user name as an initial response; a wrong password is NO', () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE LOGIN ${b64('alice')}
      S: + ${b64('Password:')}
      C: ${b64('wrong')}
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      C: b AUTHENTICATE LOGIN
      S: + ${b64('Username:')}
      C: *
      S: b BAD Authentication cancelled
      ${LOGOUT}`,
    ));
});

describe('AUTHENTICATE OAUTHBEARER and XOAUTH2', () => {
  it('OAUTHBEARER with a good token', async () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE OAUTHBEARER ${b64(`n,a=alice,\x01host=imap.example\x01port=143\x01auth=Bearer ${await jwt('alice')}\x01\x01`)}
      S: a OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('OAUTHBEARER failure: the JSON error as a challenge, the client answers %x01, then NO', async () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE OAUTHBEARER ${b64(`n,a=alice,\x01auth=Bearer ${await jwt('alice', Math.floor(Date.now() / 1000) - 60)}\x01\x01`)}
      S: + ${b64('{"status":"invalid_token"}')}
      C: AQ==
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      ${LOGOUT}`,
    ));

  it('XOAUTH2 with a good token, and after an empty continuation', async () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE XOAUTH2
      S: + 
      C: ${b64(`user=alice\x01auth=Bearer ${await jwt('alice')}\x01\x01`)}
      S: a OK [CAPABILITY ${CAPS}] Logged in
      ${LOGOUT}`,
    ));

  it('XOAUTH2 failure (token for another user): the 401 continuation, an empty line, then NO', async () =>
    runTranscript(
      server.port,
      `${GREETING}
      C: a AUTHENTICATE XOAUTH2 ${b64(`user=alice\x01auth=Bearer ${await jwt('bob')}\x01\x01`)}
      S: + ${b64('{"status":"401","schemes":"Bearer"}')}
      C: 
      S: a NO [AUTHENTICATIONFAILED] Invalid credentials
      ${LOGOUT}`,
    ));
});

describe('without OAuth configured', () => {
  it('OAUTHBEARER and XOAUTH2 are neither advertised nor accepted', async () => {
    const plain = await startTestServer();
    try {
      await runTranscript(
        plain.port,
        `S: * OK [CAPABILITY ${CAPS} AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN] cpm-imapd ready
        C: a AUTHENTICATE XOAUTH2 ${b64('user=alice\x01auth=Bearer abc\x01\x01')}
        S: a NO [CANNOT] Unsupported authentication mechanism
        C: b AUTHENTICATE OAUTHBEARER
        S: b NO [CANNOT] Unsupported authentication mechanism
        ${LOGOUT}`,
      );
    } finally {
      await plain.stop();
    }
  });
});
