// The SASL mechanisms this server offers, in the order AUTHENTICATE advertises them. The
// bearer-token ones only exist when an OAuth issuer is configured.
import { oauthBearer, xoauth2 } from './oauth.js';
import type { SaslMechanism } from './sasl.js';
import { login } from './sasl-login.js';
import { plain } from './sasl-plain.js';
import { scramSha256 } from './scram.js';

const scram = scramSha256();

export function mechanisms(oauthConfigured: boolean): SaslMechanism[] {
  return oauthConfigured ? [scram, plain, login, oauthBearer, xoauth2] : [scram, plain, login];
}

/** The mechanism of that name (already upper-cased by the parser), or undefined. */
export function findMechanism(name: string, oauthConfigured: boolean): SaslMechanism | undefined {
  return mechanisms(oauthConfigured).find((m) => m.name === name);
}
