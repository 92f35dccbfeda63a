// Implicit TLS (RFC 8314) and STARTTLS (RFC 9051 §6.2.1, RFC 2595) with real TLS clients:
// node:tls and `openssl s_client`. TLS 1.2 and 1.3 only; the STARTTLS command-injection flaw.
import fs from 'node:fs';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { connectFlow } from '../support/imapflow.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';
import { capabilityWords, certDir, makeCertificate, sClient, type CertificateFiles } from './tls-fixtures.js';

const PLAIN_B64 = Buffer.from(`\0${TEST_USER}\0${TEST_PASSWORD}`).toString('base64');

let dir: string;
let cert: CertificateFiles;
let server: TestServer;
let tlsPort: number;

beforeAll(async () => {
  dir = certDir();
  cert = await makeCertificate(dir, 'server');
  server = await startTestServer({}, { server: { tls: { cert: cert.cert, key: cert.key, tlsPort: 0 } } });
  tlsPort = server.server.tlsListener!.port;
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** node:tls options of a client that trusts the test certificate. */
const trusting = (extra: tls.ConnectionOptions = {}): tls.ConnectionOptions => ({ ca: cert.pem, servername: 'localhost', ...extra });

/** Connects with node:tls, returning the socket's negotiated protocol and a grammar-checking client. */
function connectTls(port: number, options: tls.ConnectionOptions): Promise<{ protocol: string | null; client: RawClient }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port, host: '127.0.0.1', ...options }, () => {
      resolve({ protocol: socket.getProtocol(), client: RawClient.over(socket) });
    });
    socket.once('error', reject);
  });
}

describe('implicit TLS listener', () => {
  it.each(['TLSv1.3', 'TLSv1.2'] as const)('serves IMAP over %s, and LOGIN works', async (version) => {
    const { protocol, client } = await connectTls(tlsPort, trusting({ minVersion: version, maxVersion: version }));
    expect(protocol).toBe(version);
    const greeting = await client.next();
    expect(greeting).toMatch(/^\* OK \[CAPABILITY [^\]]+\] cpm-imapd ready\r\n$/);
    const caps = capabilityWords(greeting);
    expect(caps).toContain('AUTH=PLAIN');
    expect(caps).not.toContain('STARTTLS'); // already TLS
    expect(caps).not.toContain('LOGINDISABLED');
    const login = await client.command('a', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    expect(login.at(-1)).toMatch(/^a OK /);
    expect(await client.command('b', 'STATUS INBOX (MESSAGES)')).toEqual(['* STATUS INBOX (MESSAGES 0)\r\n', 'b OK STATUS completed\r\n']);
    client.close();
  });

  it('refuses TLS 1.1 and 1.0 with a protocol_version alert', async () => {
    for (const version of ['TLSv1.1', 'TLSv1'] as const) {
      const attempt = connectTls(tlsPort, trusting({ minVersion: version, maxVersion: version, ciphers: 'DEFAULT@SECLEVEL=0' }));
      await expect(attempt).rejects.toMatchObject({ code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    }
  });

  it('answers STARTTLS with BAD on a connection that is TLS already', async () => {
    const { client } = await connectTls(tlsPort, trusting());
    await client.next();
    expect(await client.command('a', 'STARTTLS')).toEqual(['a BAD TLS is already active\r\n']);
    expect(await client.command('b', 'NOOP')).toEqual(['b OK NOOP completed\r\n']);
    client.close();
  });

  it('works with openssl s_client over TLS 1.3 and TLS 1.2, verifying the certificate', async () => {
    for (const version of ['-tls1_3', '-tls1_2']) {
      const result = await sClient(tlsPort, [version, '-CAfile', cert.cert, '-verify_return_error', '-verify_hostname', 'localhost'], [
        `a LOGIN ${TEST_USER} ${TEST_PASSWORD}`,
        'b SELECT INBOX',
        'c LOGOUT',
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.responses[0]).toMatch(/^\* OK \[CAPABILITY [^\]]*AUTH=PLAIN[^\]]*\] cpm-imapd ready\r\n$/);
      const tagged = result.responses.filter((r) => /^[a-c] /.test(r));
      expect(tagged.map((r) => r.slice(0, 5))).toEqual(['a OK ', 'b OK ', 'c OK ']);
      expect(result.responses).toContain('* 0 EXISTS\r\n');
    }
  });

  it('refuses openssl s_client -tls1_1', async () => {
    const result = await sClient(tlsPort, ['-tls1_1', '-cipher', 'DEFAULT@SECLEVEL=0'], ['a LOGOUT']);
    expect(result.code).not.toBe(0);
    expect(result.responses).toEqual([]);
    expect(result.stderr).toMatch(/alert protocol version/); // the server's refusal (alert 70)
  });
});

describe('STARTTLS on the plain listener', () => {
  it('is offered before login; after it the client asks again and gets the list without STARTTLS', async () => {
    const client = await RawClient.connect(server.port);
    const greeting = await client.next();
    expect(capabilityWords(greeting)).toEqual(expect.arrayContaining(['STARTTLS', 'AUTH=PLAIN']));
    const before = await client.command('a', 'CAPABILITY');
    expect(capabilityWords(before[0]!)).toContain('STARTTLS');
    expect(await client.command('b', 'STARTTLS')).toEqual(['b OK Begin TLS negotiation now\r\n']);
    const secure = await client.startTls(trusting());
    // No unsolicited capability list: the first response is the answer to the next command.
    const after = await secure.command('c', 'CAPABILITY');
    expect(after).toHaveLength(2);
    const caps = capabilityWords(after[0]!);
    expect(caps).not.toContain('STARTTLS');
    expect(caps).toContain('AUTH=PLAIN');
    expect(after[1]).toBe('c OK CAPABILITY completed\r\n');
    expect((await secure.command('d', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`)).at(-1)).toMatch(/^d OK /);
    secure.close();
  });

  it('drops commands pipelined behind STARTTLS in plaintext: they are answered neither before nor after', async () => {
    const client = await RawClient.connect(server.port);
    await client.next();
    client.write('a STARTTLS\r\nb CAPABILITY\r\nb2 LOGIN alice wonderland\r\n');
    expect(await client.until('a')).toEqual(['a OK Begin TLS negotiation now\r\n']);
    // startTls fails if anything came in plaintext after the OK.
    const secure = await client.startTls(trusting());
    const responses = await secure.command('c', 'NOOP');
    expect(responses).toEqual(['c OK NOOP completed\r\n']);
    // Still not logged in: the pipelined LOGIN was never run.
    expect(await secure.command('d', 'SELECT INBOX')).toEqual(['d BAD SELECT is not allowed before login\r\n']);
    secure.close();
  });

  it('fails the handshake, and closes, when plaintext follows the OK instead of a ClientHello', async () => {
    const client = await RawClient.connect(server.port);
    await client.next();
    expect(await client.command('a', 'STARTTLS')).toEqual(['a OK Begin TLS negotiation now\r\n']);
    client.send('b CAPABILITY'); // what an attacker in the middle would inject
    expect(await client.closedByServer()).toBe(true);
    // Nothing that parses as a response came back: only the TLS alert, then the close.
    await expect(client.next()).rejects.toThrow('connection closed');
  });

  it('closes the connection when the client gives up the handshake halfway', async () => {
    const client = await RawClient.connect(server.port);
    await client.next();
    expect(await client.command('a', 'STARTTLS')).toEqual(['a OK Begin TLS negotiation now\r\n']);
    // A client that does not trust the certificate aborts after the server's first flight.
    await expect(client.startTls({ servername: 'localhost' })).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    const again = await RawClient.connect(server.port);
    expect(await again.next()).toMatch(/^\* OK /); // the server is fine
    again.close();
  });

  it('is BAD a second time and after login', async () => {
    const client = await RawClient.connect(server.port);
    await client.next();
    await client.command('a', 'STARTTLS');
    const secure = await client.startTls(trusting());
    expect(await secure.command('b', 'STARTTLS')).toEqual(['b BAD TLS is already active\r\n']);
    secure.close();

    const plain = await RawClient.connect(server.port);
    await plain.next();
    await plain.command('c', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    expect(await plain.command('d', 'STARTTLS')).toEqual(['d BAD STARTTLS is not allowed after login\r\n']);
    expect(await plain.command('e', 'NOOP')).toEqual(['e OK NOOP completed\r\n']);
    plain.close();
  });

  it('works with openssl s_client -starttls imap', async () => {
    const result = await sClient(server.port, ['-starttls', 'imap', '-CAfile', cert.cert, '-verify_return_error', '-verify_hostname', 'localhost'], [
      'a CAPABILITY',
      `b LOGIN ${TEST_USER} ${TEST_PASSWORD}`,
      'c LOGOUT',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const caps = capabilityWords(result.responses.find((r) => r.startsWith('* CAPABILITY '))!);
    expect(caps).not.toContain('STARTTLS');
    expect(caps).toContain('AUTH=PLAIN');
    expect(result.responses.filter((r) => /^[a-c] /.test(r)).map((r) => r.slice(0, 5))).toEqual(['a OK ', 'b OK ', 'c OK ']);
  });
});

describe('imapflow', () => {
  it.each([
    ['implicit TLS', () => ({ port: tlsPort, options: { secure: true } })],
    ['STARTTLS', () => ({ port: server.port, options: { secure: false, doSTARTTLS: true } })],
  ] as const)('logs in and reads a mailbox over %s', async (_name, target) => {
    const { port, options } = target();
    const { client, violations } = await connectFlow(port, TEST_USER, TEST_PASSWORD, { ...options, tls: { ca: cert.pem, servername: 'localhost' } });
    try {
      // imapflow sets this on connecting with TLS, and once its STARTTLS handshake is done.
      expect(client.secureConnection).toBe(true);
      expect((client as unknown as { socket: unknown }).socket).toBeInstanceOf(tls.TLSSocket);
      const mailbox = await client.mailboxOpen('INBOX');
      expect(mailbox.exists).toBe(0);
      expect(client.capabilities.has('STARTTLS')).toBe(false);
      expect(violations).toEqual([]);
    } finally {
      await client.logout();
    }
  });
});

describe('connection limits on the TLS listener', () => {
  it('counts TLS sessions with the plain ones and refuses one too many with BYE over TLS', async () => {
    const small = await startTestServer({ maxConnections: 1 }, { server: { tls: { cert: cert.cert, key: cert.key, tlsPort: 0 } } });
    try {
      const plain = await RawClient.connect(small.port);
      expect(await plain.next()).toMatch(/^\* OK /);
      const { client } = await connectTls(small.server.tlsListener!.port, trusting());
      expect(await client.next()).toBe('* BYE [UNAVAILABLE] Too many connections\r\n');
      expect(await client.closedByServer()).toBe(true);
      plain.close();
    } finally {
      await small.stop();
    }
  });
});

describe('handshakes in progress on the TLS listener', () => {
  it('are capped per address before any session exists: one too many is cut at once', async () => {
    const small = await startTestServer({ maxConnectionsPerAddress: 2 }, { server: { tls: { cert: cert.cert, key: cert.key, tlsPort: 0 } } });
    const port = small.server.tlsListener!.port;
    const open = (): Promise<net.Socket> =>
      new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1', () => resolve(socket));
        socket.once('error', reject);
      });
    const closed = (socket: net.Socket) => new Promise<void>((resolve) => (socket.destroyed ? resolve() : socket.once('close', () => resolve())));
    try {
      // Two TCP connections that never start their handshake hold the address's two places.
      const idle = [await open(), await open()];
      const third = await open();
      third.on('error', () => undefined);
      await closed(third); // cut by the server without a byte of TLS
      // Once one of them goes, a real client gets through and is served.
      idle[0]!.destroy();
      const client = await vi.waitFor(async () => (await connectTls(port, trusting())).client, { timeout: 5000 });
      expect(await client.next()).toMatch(/^\* OK \[CAPABILITY /);
      client.close();
      idle[1]!.destroy();
    } finally {
      await small.stop();
    }
  });
});

describe('shutdown during a STARTTLS handshake', () => {
  it('does not wait for a client that hung up halfway through the handshake', async () => {
    // closeGrace beyond the test timeout: a connection kept until it is cut fails the test.
    const slow = await startTestServer({ closeGrace: 120 }, { server: { tls: { cert: cert.cert, key: cert.key } } });
    const client = await RawClient.connect(slow.port);
    await client.next();
    expect(await client.command('a', 'STARTTLS')).toEqual(['a OK Begin TLS negotiation now\r\n']);
    client.write(Buffer.from([0x16, 0x03, 0x01, 0x00, 0xf0, 0x01])); // the start of a ClientHello
    const stopping = slow.stop(); // BYE is queued behind a handshake that will never finish
    await new Promise((r) => setTimeout(r, 50));
    client.close();
    await stopping; // with the connection kept until closeGrace, the test times out here
  });
});

describe('a listener without a certificate', () => {
  it('neither offers nor accepts STARTTLS', async () => {
    const bare = await startTestServer();
    try {
      const client = await RawClient.connect(bare.port);
      expect(capabilityWords(await client.next())).not.toContain('STARTTLS');
      expect(await client.command('a', 'STARTTLS')).toEqual(['a BAD TLS is not configured on this listener\r\n']);
      expect((await client.command('b', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`)).at(-1)).toMatch(/^b OK /);
      client.close();
    } finally {
      await bare.stop();
    }
  });
});

describe('--require-tls', () => {
  let strict: TestServer;
  beforeAll(async () => {
    strict = await startTestServer({}, { server: { tls: { cert: cert.cert, key: cert.key, tlsPort: 0, requireTls: true } } });
  });
  afterAll(() => strict.stop());

  it('advertises LOGINDISABLED and refuses LOGIN and AUTHENTICATE with PRIVACYREQUIRED until STARTTLS', async () => {
    const client = await RawClient.connect(strict.port);
    const caps = capabilityWords(await client.next());
    expect(caps).toEqual(expect.arrayContaining(['STARTTLS', 'LOGINDISABLED']));
    expect(caps.filter((c) => c.startsWith('AUTH='))).toEqual([]);
    const login = await client.command('a', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    expect(login).toHaveLength(1);
    expect(login[0]).toMatch(/^a NO \[PRIVACYREQUIRED\] /);
    const auth = await client.command('b', `AUTHENTICATE PLAIN ${PLAIN_B64}`);
    expect(auth).toHaveLength(1);
    expect(auth[0]).toMatch(/^b NO \[PRIVACYREQUIRED\] /);
    // Without SASL-IR too: refused before any continuation is offered.
    const auth2 = await client.command('b2', 'AUTHENTICATE PLAIN');
    expect(auth2).toHaveLength(1);
    expect(auth2[0]).toMatch(/^b2 NO \[PRIVACYREQUIRED\] /);

    expect(await client.command('c', 'STARTTLS')).toEqual(['c OK Begin TLS negotiation now\r\n']);
    const secure = await client.startTls(trusting());
    const after = capabilityWords((await secure.command('d', 'CAPABILITY'))[0]!);
    expect(after).not.toContain('LOGINDISABLED');
    expect(after).not.toContain('STARTTLS');
    expect(after).toContain('AUTH=PLAIN');
    expect((await secure.command('e', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`)).at(-1)).toMatch(/^e OK /);
    secure.close();
  });

  it('accepts AUTHENTICATE PLAIN after STARTTLS', async () => {
    const client = await RawClient.connect(strict.port);
    await client.next();
    await client.command('a', 'STARTTLS');
    const secure = await client.startTls(trusting());
    expect((await secure.command('b', `AUTHENTICATE PLAIN ${PLAIN_B64}`)).at(-1)).toMatch(/^b OK /);
    secure.close();
  });

  it('lets clients log in at once on the implicit-TLS listener', async () => {
    const { client } = await connectTls(strict.server.tlsListener!.port, trusting());
    const caps = capabilityWords(await client.next());
    expect(caps).not.toContain('LOGINDISABLED');
    expect(caps).toContain('AUTH=PLAIN');
    expect((await client.command('a', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`)).at(-1)).toMatch(/^a OK /);
    client.close();
  });
});
