// Logins through a real client library (imapflow): OAUTHBEARER with a JWT, PLAIN with an
// authorization identity (a service account acting as a user), and the LOGIN mechanism. Every
// byte the server sends is checked against grammar/.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ImapFlow } from 'imapflow';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertValidResponse, splitResponses } from '../support/grammar.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'imap.example';

let server: TestServer;
let dir: string;
let key: CryptoKey;

const jwt = (sub: string, exp: string | number = '5m') =>
  new SignJWT({ sub }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime(exp).sign(key);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-sasl-clients-'));
  const pair = await generateKeyPair('ES256', { extractable: true });
  key = pair.privateKey;
  fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] }));
  server = await startTestServer({}, { server: { oauth: { issuer: ISSUER, audience: AUDIENCE, jwks: path.join(dir, 'jwks.json') } } });
  await server.server.store.createUser('pf', 'participating-function', { kind: 'service' });
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Logs in with imapflow; returns the client (or the error) and the grammar violations seen. */
async function flow(auth: ConstructorParameters<typeof ImapFlow>[0]['auth']): Promise<{ client: ImapFlow | null; error: unknown; violations: string[] }> {
  const violations: string[] = [];
  let pending: Buffer = Buffer.alloc(0);
  const quiet = () => undefined;
  const logger = {
    trace(entry: { src?: string; data?: string }) {
      if (entry?.src !== 's' || !entry.data) return;
      pending = Buffer.concat([pending, Buffer.from(entry.data, 'base64')]);
      const { responses, rest } = splitResponses(pending);
      pending = rest;
      for (const response of responses) {
        try {
          assertValidResponse(response);
        } catch (err) {
          violations.push(String(err));
        }
      }
    },
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: quiet,
  };
  const client = new ImapFlow({ host: '127.0.0.1', port: server.port, secure: false, auth, logger, logRaw: true, verifyOnly: false });
  try {
    await client.connect();
    return { client, error: null, violations };
  } catch (error) {
    client.close();
    return { client: null, error, violations };
  }
}

describe('imapflow', () => {
  it('logs in with OAUTHBEARER and a JWT access token', async () => {
    const { client, error, violations } = await flow({ user: TEST_USER, accessToken: await jwt(TEST_USER) });
    expect(error).toBeNull();
    expect((await client!.list()).map((m) => m.path)).toContain('INBOX');
    await client!.logout();
    expect(violations).toEqual([]);
  });

  it('is refused with an expired token', async () => {
    const { client, error, violations } = await flow({ user: TEST_USER, accessToken: await jwt(TEST_USER, Math.floor(Date.now() / 1000) - 60) });
    expect(client).toBeNull();
    expect(String((error as { serverResponseCode?: string }).serverResponseCode ?? error)).toMatch(/AUTHENTICATIONFAILED/);
    expect(violations).toEqual([]);
  });

  it('a service account logs in with PLAIN naming a user, and works in that user\'s mailboxes', async () => {
    const { client, error, violations } = await flow({ user: 'pf', pass: 'participating-function', authzid: TEST_USER });
    expect(error).toBeNull();
    await client!.append('INBOX', 'Subject: deposited\r\n\r\nHello.\r\n');
    await client!.logout();
    const alice = (await server.server.store.getUser(TEST_USER))!;
    expect((await server.server.store.getMailbox(alice.id, 'INBOX'))!.uidNext).toBeGreaterThan(1);
    expect(violations).toEqual([]);
  });

  it('logs in with the LOGIN mechanism', async () => {
    const { client, error, violations } = await flow({ user: TEST_USER, pass: TEST_PASSWORD, loginMethod: 'AUTH=LOGIN' });
    expect(error).toBeNull();
    await client!.logout();
    expect(violations).toEqual([]);
  });
});
