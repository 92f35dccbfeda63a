// PSK-TLS on the implicit-TLS listener: a device with an identity and key issued for an
// account is logged in as that account (PREAUTH), over TLS 1.3 and TLS 1.2, with node:tls and
// `openssl s_client`. Anything else about the key (wrong, unknown, revoked) logs nobody in.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { Writable } from 'node:stream';
import tls from 'node:tls';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';
import { capabilityWords, certDir, makeCertificate, sClient, type CertificateFiles } from './tls-fixtures.js';

const BOB = 'bob';
const TLS12_PSK_SUITE = 'ECDHE-PSK-CHACHA20-POLY1305';

let dir: string;
let cert: CertificateFiles;
let server: TestServer;
let tlsPort: number;
const aliceKey = randomBytes(32);
const bobKey = randomBytes(32);

beforeAll(async () => {
  dir = certDir();
  cert = await makeCertificate(dir, 'server');
  server = await startTestServer({}, { server: { tls: { cert: cert.cert, key: cert.key, tlsPort: 0 } } });
  tlsPort = server.server.tlsListener!.port;
  const store = server.server.store;
  await store.createUser(BOB, 'builder-password');
  await store.createMailbox((await store.getUser(BOB))!.id, 'BobOnly');
  await store.addPsk('phone-alice', TEST_USER, aliceKey);
  await store.addPsk('phone-bob', BOB, bobKey);
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** node:tls options of a PSK client that trusts no certificate at all. */
function pskClient(identity: string, psk: Buffer, extra: tls.ConnectionOptions = {}): tls.ConnectionOptions {
  return {
    pskCallback: () => ({ identity, psk }),
    // Node checks the server name even when no certificate is sent (TLS 1.2 PSK suites).
    checkServerIdentity: () => undefined,
    ...extra,
  };
}

const tls12 = { maxVersion: 'TLSv1.2', ciphers: TLS12_PSK_SUITE } as const satisfies tls.ConnectionOptions;

describe('PSK-TLS', () => {
  it.each([
    ['TLS 1.3', {}],
    ['TLS 1.2', tls12],
  ] as const)('logs the device in as the key’s account over %s: PREAUTH greeting', async (_name, extra) => {
    const client = await RawClient.connectTls(tlsPort, pskClient('phone-bob', bobKey, extra));
    const greeting = await client.next();
    expect(greeting).toMatch(/^\* PREAUTH \[CAPABILITY [^\]]+\] cpm-imapd ready; authenticated by TLS pre-shared key\r\n$/);
    const caps = capabilityWords(greeting);
    expect(caps).not.toContain('AUTH=PLAIN'); // the capabilities of the authenticated state
    expect(caps).toContain('IMAP4rev1');
    // Bob's own mailbox is there: this is Bob's session.
    expect(await client.command('a', 'LIST "" BobOnly')).toEqual(['* LIST (\\HasNoChildren) "/" BobOnly\r\n', 'a OK LIST completed\r\n']);
    expect(await client.command('b', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`)).toEqual(['b BAD LOGIN is not allowed after login\r\n']);
    client.close();
  });

  it('keeps keys apart: Alice’s key is Alice’s session', async () => {
    const client = await RawClient.connectTls(tlsPort, pskClient('phone-alice', aliceKey));
    expect(await client.next()).toMatch(/^\* PREAUTH /);
    expect(await client.command('a', 'LIST "" BobOnly')).toEqual(['a OK LIST completed\r\n']);
    client.close();
  });

  it.each([
    ['TLS 1.3', {}],
    ['TLS 1.2', tls12],
  ] as const)('fails the handshake with a wrong key over %s', async (_name, extra) => {
    await expect(RawClient.connectTls(tlsPort, pskClient('phone-bob', randomBytes(32), extra))).rejects.toMatchObject({
      code: expect.stringMatching(/^ERR_SSL_/),
    });
  });

  it('ignores an unknown identity: the handshake falls back to the certificate, which a PSK-only client refuses', async () => {
    await expect(RawClient.connectTls(tlsPort, pskClient('nobody', randomBytes(32), { checkServerIdentity: tls.checkServerIdentity }))).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
    // A client that also trusts the certificate gets an ordinary, not-authenticated session.
    const client = await RawClient.connectTls(tlsPort, {
      ca: cert.pem,
      servername: 'localhost',
      pskCallback: () => ({ identity: 'nobody', psk: randomBytes(32) }),
    });
    expect(await client.next()).toMatch(/^\* OK \[CAPABILITY [^\]]*AUTH=PLAIN/);
    client.close();
  });

  it('does not log in a client that names a real identity but lets the certificate finish the handshake', async () => {
    // Offering only a SHA-384 suite makes OpenSSL set the (SHA-256) PSK aside after looking
    // the identity up; the session must then be an ordinary one, not Bob's.
    const client = await RawClient.connectTls(tlsPort, {
      ca: cert.pem,
      servername: 'localhost',
      ciphers: 'TLS_AES_256_GCM_SHA384',
      pskCallback: () => ({ identity: 'phone-bob', psk: randomBytes(32) }),
    });
    expect(await client.next()).toMatch(/^\* OK \[CAPABILITY [^\]]*AUTH=PLAIN/);
    expect(await client.command('a', 'LIST "" BobOnly')).toEqual(['a BAD LIST is not allowed before login\r\n']);
    client.close();
  });

  it('stops accepting a key once it is deleted', async () => {
    const key = randomBytes(32);
    await server.server.store.addPsk('tablet-bob', BOB, key);
    const before = await RawClient.connectTls(tlsPort, pskClient('tablet-bob', key));
    expect(await before.next()).toMatch(/^\* PREAUTH /);
    expect(await server.server.store.deletePsk('tablet-bob')).toBe(true);
    await expect(RawClient.connectTls(tlsPort, pskClient('tablet-bob', key, { checkServerIdentity: tls.checkServerIdentity }))).rejects.toThrow();
    // The session already open stays open.
    expect(await before.command('a', 'NOOP')).toEqual(['a OK NOOP completed\r\n']);
    before.close();
  });

  it('is not accepted on the plain listener’s STARTTLS', async () => {
    const client = await RawClient.connect(server.port);
    await client.next();
    await client.command('a', 'STARTTLS');
    // No PSK callback there: a PSK-only client meets the certificate and refuses it.
    await expect(client.startTls(pskClient('phone-bob', bobKey, { checkServerIdentity: tls.checkServerIdentity }))).rejects.toMatchObject({
      code: 'DEPTH_ZERO_SELF_SIGNED_CERT',
    });
  });

  it.each([
    ['-tls1_3', []],
    ['-tls1_2', ['-cipher', TLS12_PSK_SUITE]],
  ] as const)('works with openssl s_client %s -psk', async (version, extra) => {
    const result = await sClient(tlsPort, [version, ...extra, '-psk_identity', 'phone-bob', '-psk', bobKey.toString('hex')], [
      'a LIST "" BobOnly',
      'b LOGOUT',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.responses[0]).toMatch(/^\* PREAUTH \[CAPABILITY /);
    expect(result.responses).toContain('* LIST (\\HasNoChildren) "/" BobOnly\r\n');
    expect(result.responses.at(-1)).toBe('b OK LOGOUT completed\r\n');
  });

  it('gives openssl s_client with a wrong key no session', async () => {
    for (const [version, ...extra] of [['-tls1_3'], ['-tls1_2', '-cipher', TLS12_PSK_SUITE]]) {
      const result = await sClient(tlsPort, [version!, ...extra, '-psk_identity', 'phone-bob', '-psk', randomBytes(32).toString('hex')], ['a LOGOUT']);
      expect(result.code).not.toBe(0);
      expect(result.responses).toEqual([]);
    }
  });
});

describe('session resumption', () => {
  // A PSK login is recognised by the handshake having "resumed" with the key; no other kind
  // of resumption may exist, or a resumed certificate session would look like one.
  it('is impossible: a client offering the previous session gets a full handshake', async () => {
    const connect = (session?: Buffer) =>
      new Promise<{ reused: boolean; session: Buffer | undefined }>((resolve, reject) => {
        let ticket: Buffer | undefined;
        const socket = tls.connect({ port: tlsPort, host: '127.0.0.1', ca: cert.pem, servername: 'localhost', ...(session && { session }) }, () => {
          const reused = socket.isSessionReused();
          const client = RawClient.over(socket);
          client
            .next()
            .then(async (greeting) => {
              expect(greeting).toMatch(/^\* OK /);
              expect((await client.command('z', 'LOGOUT')).at(-1)).toBe('z OK LOGOUT completed\r\n');
              await client.closedByServer();
              resolve({ reused, session: ticket });
            })
            .catch(reject);
        });
        socket.on('session', (s: Buffer) => (ticket = s));
        socket.once('error', reject);
      });
    const first = await connect();
    expect(first.reused).toBe(false);
    expect(first.session).toBeDefined(); // what the client would offer
    const second = await connect(first.session);
    expect(second.reused).toBe(false);
  });
});

describe('a TLS listener without a certificate', () => {
  it('serves PSK clients only', async () => {
    const pskOnly = await startTestServer({}, { server: { tls: { tlsPort: 0 } } });
    try {
      const port = pskOnly.server.tlsListener!.port;
      const key = randomBytes(32);
      await pskOnly.server.store.addPsk('sensor', TEST_USER, key);
      const client = await RawClient.connectTls(port, pskClient('sensor', key));
      expect(await client.next()).toMatch(/^\* PREAUTH /);
      client.close();
      await expect(RawClient.connectTls(port, pskClient('nobody', key))).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_SSL_/) });
      await expect(RawClient.connectTls(port, { rejectUnauthorized: false })).rejects.toMatchObject({ code: expect.stringMatching(/^ERR_SSL_/) });
    } finally {
      await pskOnly.stop();
    }
  });
});

describe('logging', () => {
  it('never writes a pre-shared key, at any level', async () => {
    let logText = '';
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        logText += chunk.toString('utf8');
        done();
      },
    });
    const logged = await startTestServer({}, { server: { log: pino({ level: 'trace' }, sink), tls: { cert: cert.cert, key: cert.key, tlsPort: 0 } } });
    let running = true;
    try {
      const key = randomBytes(32);
      const wrong = randomBytes(32);
      await logged.server.store.addPsk('logged-device', TEST_USER, key);
      const port = logged.server.tlsListener!.port;
      const client = await RawClient.connectTls(port, pskClient('logged-device', key));
      expect(await client.next()).toMatch(/^\* PREAUTH /);
      expect(await client.command('a', 'LOGOUT')).toContain('a OK LOGOUT completed\r\n');
      await client.closedByServer();
      await expect(RawClient.connectTls(port, pskClient('logged-device', wrong))).rejects.toThrow();
      await expect(RawClient.connectTls(port, pskClient('logged-device', wrong, tls12))).rejects.toThrow();
      await logged.stop(); // flushes every session's last lines
      running = false;
      expect(logText).toContain('authenticated'); // the log did record the session
      for (const secret of [key, wrong]) {
        for (const form of [secret.toString('hex'), secret.toString('base64'), secret.toString('hex').toUpperCase()]) {
          expect(logText).not.toContain(form);
        }
      }
    } finally {
      if (running) await logged.stop();
    }
  });
});
