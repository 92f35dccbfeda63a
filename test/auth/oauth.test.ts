// JWT bearer tokens (jose) and the OAUTHBEARER (RFC 7628) and XOAUTH2 message formats.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { createTokenVerifier, oauthBearer, xoauth2, type TokenVerifier } from '../../src/auth/oauth.js';
import type { SaslBackend } from '../../src/auth/sasl.js';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'imap.example';

let dir: string;
let key: CryptoKey;
let otherKey: CryptoKey;
let jwks: { keys: JWK[] };
let verify: TokenVerifier;

async function token(claims: Record<string, unknown> = {}, options: { signWith?: CryptoKey; exp?: string | number; iss?: string; aud?: string } = {}) {
  return new SignJWT({ sub: 'alice', ...claims })
    .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
    .setIssuer(options.iss ?? ISSUER)
    .setAudience(options.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(options.exp ?? '5m')
    .sign(options.signWith ?? key);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-oauth-'));
  const pair = await generateKeyPair('ES256', { extractable: true });
  ({ privateKey: otherKey } = await generateKeyPair('ES256'));
  key = pair.privateKey;
  jwks = { keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' }] };
  fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify(jwks));
  verify = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: path.join(dir, 'jwks.json') });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('JWT verification', () => {
  it('a good token names its subject', async () => {
    expect(await verify(await token())).toBe('alice');
  });

  it('without sub, a verified email claim names the account; an unverified one names none', async () => {
    expect(await verify(await token({ sub: undefined, email: 'alice@example.com', email_verified: true }))).toBe('alice@example.com');
    expect(await verify(await token({ sub: undefined, email: 'alice@example.com' }))).toBeNull();
    expect(await verify(await token({ sub: undefined, email: 'alice@example.com', email_verified: 'true' }))).toBeNull();
  });

  it('refuses expired, wrong-issuer, wrong-audience, badly signed and garbage tokens', async () => {
    expect(await verify(await token({}, { exp: Math.floor(Date.now() / 1000) - 3600 }))).toBeNull();
    expect(await verify(await token({}, { iss: 'https://evil.example' }))).toBeNull();
    expect(await verify(await token({}, { aud: 'other-service' }))).toBeNull();
    expect(await verify(await token({}, { signWith: otherKey }))).toBeNull();
    expect(await verify('not.a.jwt')).toBeNull();
    const parts = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 'bob', iss: ISSUER, aud: AUDIENCE, exp: 2e9 })).toString('base64url');
    expect(await verify(`${parts[0]}.${forged}.${parts[2]}`)).toBeNull();
  });

  it('refuses an unsigned (alg none) token', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 'alice', iss: ISSUER, aud: AUDIENCE, exp: 2e9 })).toString('base64url');
    expect(await verify(`${header}.${body}.`)).toBeNull();
  });

  it('fetches the key set from a URL', async () => {
    const server = http.createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(jwks)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const remote = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: `http://127.0.0.1:${port}/jwks` });
      expect(await remote(await token())).toBe('alice');
      expect(await remote(await token({}, { signWith: otherKey }))).toBeNull();
    } finally {
      server.close();
    }
  });
});

function backend(): SaslBackend {
  return {
    admit: () => true,
    verifyPassword: async () => null,
    scramCredentials: async () => {
      throw new Error('unused');
    },
    tokenSubject: (t) => verify(t),
    getUser: async (name) => (name === 'alice' ? { id: 1, name, kind: 'user' } : name === 'lobby' ? { id: 2, name, kind: 'shared' } : null),
  };
}

const run = (mech: typeof oauthBearer, message: string) => mech.start(backend()).exchange.step(Buffer.from(message));

describe('OAUTHBEARER', () => {
  it('logs in with the token alone or with a matching authzid', async () => {
    const t = await token();
    expect(await run(oauthBearer, `n,,\x01auth=Bearer ${t}\x01\x01`)).toMatchObject({ kind: 'success', user: { name: 'alice' }, authzid: null });
    expect(await run(oauthBearer, `n,a=alice,\x01host=imap.example\x01port=143\x01auth=Bearer ${t}\x01\x01`)).toMatchObject({ kind: 'success' });
  });

  it('a token for another user fails with the JSON error', async () => {
    const step = await run(oauthBearer, `n,a=bob,\x01auth=Bearer ${await token()}\x01\x01`);
    expect(step).toMatchObject({ kind: 'failure', reason: 'credentials', account: 'bob' });
    expect(JSON.parse((step as { data: Buffer }).data.toString())).toEqual({ status: 'invalid_token' });
  });

  it('a token naming no account, or a shared one, fails like a bad token', async () => {
    for (const sub of ['nobody', 'lobby']) {
      const step = await run(oauthBearer, `n,,\x01auth=Bearer ${await token({ sub })}\x01\x01`);
      expect(step, sub).toMatchObject({ kind: 'failure', reason: 'credentials', account: sub });
      expect((step as { data: Buffer }).data.toString()).toBe('{"status":"invalid_token"}');
    }
  });

  it('malformed messages and required channel binding', async () => {
    const t = await token();
    expect(await run(oauthBearer, `n,,\x01auth=Bearer ${t}\x01`)).toMatchObject({ reason: 'malformed' });
    expect(await run(oauthBearer, `n,,\x01host=x\x01\x01`)).toMatchObject({ reason: 'malformed' });
    expect(await run(oauthBearer, `n,,\x01auth=Basic abc\x01\x01`)).toMatchObject({ reason: 'malformed' });
    expect(await run(oauthBearer, `p=tls-unique,,\x01auth=Bearer ${t}\x01\x01`)).toMatchObject({ reason: 'unsupported' });
  });
});

describe('XOAUTH2', () => {
  it('logs in when user= matches the token', async () => {
    expect(await run(xoauth2, `user=alice\x01auth=Bearer ${await token()}\x01\x01`)).toMatchObject({ kind: 'success', user: { name: 'alice' } });
  });

  it('fails with the 401 JSON for an expired token or another user', async () => {
    for (const message of [
      `user=alice\x01auth=Bearer ${await token({}, { exp: Math.floor(Date.now() / 1000) - 60 })}\x01\x01`,
      `user=bob\x01auth=Bearer ${await token()}\x01\x01`,
    ]) {
      const step = await run(xoauth2, message);
      expect(step).toMatchObject({ kind: 'failure', reason: 'credentials' });
      expect(JSON.parse((step as { data: Buffer }).data.toString())).toMatchObject({ status: '401', schemes: 'Bearer' });
    }
  });

  it('a message not in the format is malformed', async () => {
    expect(await run(xoauth2, 'user=alice\x01auth=Bearer\x01\x01')).toMatchObject({ reason: 'malformed' });
    expect(await run(xoauth2, 'alice')).toMatchObject({ reason: 'malformed' });
  });
});
