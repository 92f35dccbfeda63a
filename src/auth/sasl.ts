// The shape every SASL mechanism here shares (RFC 4422): a server-side exchange that is fed
// the client's responses and answers with a challenge or an outcome. Mechanisms know nothing
// of IMAP; src/imap/commands/authenticate.ts carries their bytes over the wire.
import type { ScramCredentials, User } from '../store/types.js';

/** What a mechanism may ask of the server while it runs. Names are already SASLprepped. */
export interface SaslBackend {
  /** False while this account may not try from this address (login throttle). */
  admit(account: string): boolean;
  /** The account when the password is right (same time either way), else null. */
  verifyPassword(account: string, password: string): Promise<User | null>;
  /** The SCRAM verifier, or a fake one that no proof matches (unknown account, none stored). */
  scramCredentials(account: string): Promise<ScramCredentials>;
  /** The account name a bearer token was issued for, or null when the token is not good. */
  tokenSubject(token: string): Promise<string | null>;
  /** The account of that name, or null. */
  getUser(account: string): Promise<User | null>;
}

export type SaslFailure =
  /** The client's message breaks the mechanism's syntax: tagged BAD. */
  | 'malformed'
  /** Wrong password, proof or token, unknown account: NO [AUTHENTICATIONFAILED]. */
  | 'credentials'
  /** Something this server does not offer was required (channel binding, an extension). */
  | 'unsupported'
  /** The login throttle holds this account for this address: NO [UNAVAILABLE]. */
  | 'unavailable';

export type SaslStep =
  | { kind: 'challenge'; data: Buffer }
  /** `authzid` is the identity asked to act as, when the client named one. */
  | { kind: 'success'; user: User; authzid: string | null; data?: Buffer }
  /** `account` is who it was tried for, when known; `data` is sent before the failure (a challenge the client answers). */
  | { kind: 'failure'; reason: SaslFailure; account: string | null; data?: Buffer };

/** How an exchange ended. */
export type SaslOutcome = Exclude<SaslStep, { kind: 'challenge' }>;

export interface SaslExchange {
  /** The client's response (the initial response first, possibly empty). */
  step(response: Buffer): Promise<SaslStep>;
}

export interface SaslMechanism {
  name: string;
  /** Client-first mechanisms start from the client's response; server-first ones send first. */
  clientFirst: boolean;
  /** A new exchange; for a server-first mechanism, its first challenge. */
  start(backend: SaslBackend): { exchange: SaslExchange; challenge?: Buffer };
}

export const fail = (reason: SaslFailure, account: string | null = null, data?: Buffer): SaslOutcome =>
  data ? { kind: 'failure', reason, account, data } : { kind: 'failure', reason, account };

/** Strict UTF-8: a response that is not is malformed, not silently repaired. */
export function utf8(data: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Canonical padded base64 (RFC 4648 §4) only: Node's decoder would skip junk silently. */
export function isBase64(text: string): boolean {
  return BASE64.test(text);
}
