// Attacks on bearer-token checks: algorithm confusion, tokens without expiry or not yet valid,
// key URLs named by the token itself, and unknown key ids used to make the server fetch.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createPublicKey } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type CryptoKey, type JWK } from 'jose';
import { createTokenVerifier, type TokenVerifier } from '../../src/auth/oauth.js';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'imap.example';
const HMAC_SECRET = Buffer.alloc(32, 0x5a);

let dir: string;
let key: CryptoKey;
let attackerKey: CryptoKey;
let publicJwk: JWK;
let publicPem: string;
let verify: TokenVerifier;

function claims(extra: Record<string, unknown> = {}) {
  return new SignJWT({ sub: 'alice', ...extra }).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt();
}

/** A JWKS server counting its requests. */
async function jwksServer(body: unknown): Promise<{ url: string; hits: () => number; close: () => void }> {
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/jwks`, hits: () => hits, close: () => server.close() };
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-oauth-attack-'));
  const pair = await generateKeyPair('ES256', { extractable: true });
  key = pair.privateKey;
  ({ privateKey: attackerKey } = await generateKeyPair('ES256', { extractable: true }));
  publicJwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  publicPem = await exportSPKI(pair.publicKey);
  // A key set that (wrongly) also holds a shared secret: tokens must still need a public-key signature.
  const oct: JWK = { kty: 'oct', kid: 'hs', k: HMAC_SECRET.toString('base64url') };
  fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [publicJwk, oct] }));
  verify = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: path.join(dir, 'jwks.json') });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('token attacks', () => {
  it('a good ES256 token passes (the baseline the others differ from)', async () => {
    expect(await verify(await claims().setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setExpirationTime('5m').sign(key))).toBe('alice');
  });

  it('HS256 signed with the public key (PEM, or its JWK as text) as the secret is refused', async () => {
    for (const secret of [Buffer.from(publicPem), Buffer.from(JSON.stringify(publicJwk)), createPublicKey(publicPem).export({ format: 'der', type: 'spki' })]) {
      const forged = await claims().setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setExpirationTime('5m').sign(new Uint8Array(secret));
      expect(await verify(forged)).toBeNull();
    }
  });

  it('HS256 with a shared secret that is in the key set is refused', async () => {
    const token = await claims().setProtectedHeader({ alg: 'HS256', kid: 'hs' }).setExpirationTime('5m').sign(new Uint8Array(HMAC_SECRET));
    expect(await verify(token)).toBeNull();
  });

  it('a token without exp, or not valid yet (nbf), is refused', async () => {
    expect(await verify(await claims().setProtectedHeader({ alg: 'ES256', kid: 'k1' }).sign(key))).toBeNull();
    const early = await claims().setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setNotBefore('10m').setExpirationTime('20m').sign(key);
    expect(await verify(early)).toBeNull();
  });

  it('a token naming its own key (jku, jwk, x5u) is not believed, and the named URL is never fetched', async () => {
    const attacker = await jwksServer({ keys: [{ ...(await exportJWK(attackerKey)), kid: 'k1', alg: 'ES256' }] });
    try {
      const attackerJwk = { ...(await exportJWK(attackerKey)) };
      delete attackerJwk.d;
      for (const header of [{ jku: attacker.url }, { x5u: attacker.url }, { jwk: attackerJwk }]) {
        const token = await claims().setProtectedHeader({ alg: 'ES256', kid: 'k1', ...header }).setExpirationTime('5m').sign(attackerKey);
        expect(await verify(token)).toBeNull();
      }
      expect(attacker.hits()).toBe(0);
    } finally {
      attacker.close();
    }
  });

  it('tokens with ever new unknown key ids do not make the server fetch the key set each time', async () => {
    const issuer = await jwksServer({ keys: [publicJwk] });
    try {
      const remote = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: issuer.url });
      for (let i = 0; i < 20; i++) {
        const token = await claims().setProtectedHeader({ alg: 'ES256', kid: `unknown-${i}` }).setExpirationTime('5m').sign(attackerKey);
        expect(await remote(token)).toBeNull();
      }
      expect(issuer.hits()).toBeLessThanOrEqual(2);
    } finally {
      issuer.close();
    }
  });

  it('a key set over plain http is refused unless it comes from this host: anyone on the path could swap the keys', () => {
    for (const jwks of ['http://issuer.example/jwks', 'http://10.0.0.1/jwks', 'http://[2001:db8::1]/jwks', 'HTTP://issuer.example/jwks']) {
      expect(() => createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks }), jwks).toThrow(/https/);
    }
    for (const jwks of ['https://issuer.example/jwks', 'http://127.0.0.1:8080/jwks', 'http://localhost/jwks', 'http://[::1]/jwks']) {
      expect(() => createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks }), jwks).not.toThrow();
    }
  });
});
