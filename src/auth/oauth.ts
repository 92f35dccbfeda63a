// Bearer-token logins: OAUTHBEARER (RFC 7628) and Google's XOAUTH2, with JWT access tokens
// (RFC 7519) checked by `jose` against the configured issuer, audience and key set. The token
// names the account (its `sub` claim, else a verified `email`); a user name in the message must match it.
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import { decodeSaslName } from './scram.js';
import { prepareQuery } from './saslprep.js';
import { fail, utf8, type SaslBackend, type SaslMechanism, type SaslStep } from './sasl.js';

export interface OAuthOptions {
  /** The `iss` every token must carry. */
  issuer: string;
  /** The `aud` every token must include. */
  audience: string;
  /** The issuer's key set: a JWKS file, or an http(s) URL fetched (and cached) by jose. */
  jwks: string;
}

/** The account a token names (SASLprepped), or null when the token is not good. */
export type TokenVerifier = (token: string) => Promise<string | null>;

/** Signature algorithms with public keys only: a shared-secret or unsigned token never passes. */
const ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA', 'Ed25519'];

/** Loopback hosts, the only ones a key set may come from without TLS. */
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** The key set's URL; plain http only from this host, since whoever can alter it can mint tokens. */
function keySetUrl(jwks: string): URL {
  const url = new URL(jwks);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) throw new Error(`OAuth key set ${url.origin}: use https (plain http only from localhost)`);
  return url;
}

/** Reads a JWKS file now (so a bad file stops the server at start), or prepares a remote set. */
export function createTokenVerifier(options: OAuthOptions): TokenVerifier {
  const keys: JWTVerifyGetKey = /^https?:\/\//i.test(options.jwks)
    ? createRemoteJWKSet(keySetUrl(options.jwks), { timeoutDuration: 5000 })
    : createLocalJWKSet(JSON.parse(readFileSync(options.jwks, 'utf8')) as JSONWebKeySet);
  return async (token) => {
    try {
      const { payload } = await jwtVerify(token, keys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ALGORITHMS,
        requiredClaims: ['exp'],
      });
      // An email address names the account only when the issuer vouches for it (OpenID Connect
      // `email_verified`): some issuers let users type any address into their profile.
      const email = payload['email_verified'] === true ? payload['email'] : undefined;
      const name = typeof payload.sub === 'string' && payload.sub !== '' ? payload.sub : email;
      return typeof name === 'string' ? prepareQuery(name) : null;
    } catch {
      return null; // expired, wrong issuer or audience, bad signature, unknown key, not a JWT
    }
  };
}

/** RFC 6750 §2.1 `Bearer b64token`; the scheme name is case-insensitive. */
function bearerToken(auth: string | undefined): string | null {
  const m = auth === undefined ? null : /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i.exec(auth);
  return m ? m[1]! : null;
}

/**
 * Checks the token, that the account named in the message (if any) is the one the token names,
 * and that the account exists. `error` is the mechanism's failure data.
 */
async function tokenLogin(backend: SaslBackend, token: string, claimed: string | null, error: Buffer): Promise<SaslStep> {
  if (claimed !== null && !backend.admit(claimed)) return fail('unavailable', claimed);
  const subject = await backend.tokenSubject(token);
  if (subject === null || (claimed !== null && claimed !== subject)) return fail('credentials', claimed, error);
  if (claimed === null && !backend.admit(subject)) return fail('unavailable', subject);
  const user = await backend.getUser(subject);
  // A shared account never logs in: answered exactly like a bad token.
  if (!user || user.kind === 'shared') return fail('credentials', subject, error);
  return { kind: 'success', user, authzid: null };
}

// RFC 7628 §3.2.2: the error is JSON; the client answers it with a lone %x01.
const BEARER_ERROR = Buffer.from(JSON.stringify({ status: 'invalid_token' }));

/** RFC 7628 §3.1: gs2-header %x01 *(key "=" value %x01) %x01. */
export const oauthBearer: SaslMechanism = {
  name: 'OAUTHBEARER',
  clientFirst: true,
  start: (backend) => ({
    exchange: {
      async step(response) {
        const text = utf8(response);
        const m = text === null ? null : /^(n|y|p=[A-Za-z0-9.-]+),(?:a=([^,\x01]*))?,\x01((?:[A-Za-z]+=[^\x01]*\x01)*)\x01$/.exec(text);
        if (!m) return text === '\x01' ? fail('credentials') : fail('malformed');
        if (m[1]!.startsWith('p=')) return fail('unsupported');
        let claimed: string | null = null;
        if (m[2] !== undefined) {
          const name = decodeSaslName(m[2]);
          if (name === null) return fail('malformed');
          claimed = prepareQuery(name);
          if (claimed === null) return fail('credentials', null, BEARER_ERROR);
        }
        const pairs = new Map(m[3]!.split('\x01').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')).toLowerCase(), kv.slice(kv.indexOf('=') + 1)]));
        const token = bearerToken(pairs.get('auth'));
        if (token === null) return fail('malformed');
        return tokenLogin(backend, token, claimed, BEARER_ERROR);
      },
    },
  }),
};

// Google's XOAUTH2 error answer; the client replies with an empty response.
const XOAUTH2_ERROR = Buffer.from(JSON.stringify({ status: '401', schemes: 'Bearer' }));

/** `user=NAME ^A auth=Bearer TOKEN ^A ^A` (Google's XOAUTH2 format). */
export const xoauth2: SaslMechanism = {
  name: 'XOAUTH2',
  clientFirst: true,
  start: (backend) => ({
    exchange: {
      async step(response) {
        const text = utf8(response);
        const m = text === null ? null : /^user=([^\x01]+)\x01auth=([^\x01]*)\x01\x01$/.exec(text);
        if (!m) return fail('malformed');
        const token = bearerToken(m[2]);
        if (token === null) return fail('malformed');
        const claimed = prepareQuery(m[1]!);
        if (claimed === null) return fail('credentials', null, XOAUTH2_ERROR);
        return tokenLogin(backend, token, claimed, XOAUTH2_ERROR);
      },
    },
  }),
};
