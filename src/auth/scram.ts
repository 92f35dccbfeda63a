// SCRAM-SHA-256 (RFC 5802, RFC 7677), server side. The store keeps only the verifier (salt,
// iteration count, StoredKey, ServerKey), never the password: a stolen verifier does not let
// anyone log in with PLAIN, and the server never sees the password during SCRAM.
import { createHash, createHmac, pbkdf2, randomBytes, timingSafeEqual } from 'node:crypto';
import type { ScramCredentials, ScramVerifier } from '../store/types.js';
import { prepareQuery } from './saslprep.js';
import { fail, isBase64, utf8, type SaslBackend, type SaslExchange, type SaslMechanism, type SaslStep } from './sasl.js';

/**
 * RFC 7677 §4 asks for at least 4096. The verifier is the cheapest thing to attack in a stolen
 * database (the scrypt hash costs far more per guess), so it gets many more: about 30 ms for a
 * client per login on current hardware. Tests lower it through the store option.
 */
export const DEFAULT_SCRAM_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

const hmac = (key: Buffer, text: string | Buffer) => createHmac('sha256', key).update(text).digest();
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

function saltedPassword(password: string, salt: Buffer, iterations: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    pbkdf2(password, salt, iterations, KEY_BYTES, 'sha256', (err, key) => (err ? reject(err) : resolve(key))),
  );
}

/** The verifier of an already SASLprepped password. */
export async function makeVerifier(
  password: string,
  iterations = DEFAULT_SCRAM_ITERATIONS,
  salt: Buffer = randomBytes(SALT_BYTES),
): Promise<ScramVerifier> {
  const salted = await saltedPassword(password, salt, iterations);
  return {
    salt,
    iterations,
    storedKey: sha256(hmac(salted, 'Client Key')),
    serverKey: hmac(salted, 'Server Key'),
  };
}

/** Stored form: `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64). */
export function encodeVerifier(v: ScramVerifier): string {
  const b = (x: Buffer) => x.toString('base64');
  return `SCRAM-SHA-256$${v.iterations}:${b(v.salt)}$${b(v.storedKey)}:${b(v.serverKey)}`;
}

/** Null for anything but a well-formed stored verifier. */
export function decodeVerifier(text: string): ScramVerifier | null {
  const m = /^SCRAM-SHA-256\$(\d{1,9}):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/.exec(text);
  if (!m) return null;
  const iterations = Number(m[1]);
  const [salt, storedKey, serverKey] = [m[2]!, m[3]!, m[4]!].map((x) => Buffer.from(x, 'base64')) as [Buffer, Buffer, Buffer];
  if (iterations < 1 || salt.length === 0 || storedKey.length !== KEY_BYTES || serverKey.length !== KEY_BYTES) return null;
  return { salt, iterations, storedKey, serverKey };
}

/**
 * What an unknown account (or one without a verifier) is answered with: a salt derived from the
 * name and a server secret, so asking twice gives the same salt as for a real account, and keys
 * no proof can match. SCRAM then fails exactly like a wrong password.
 */
export function fakeVerifier(name: string, secret: Buffer, iterations = DEFAULT_SCRAM_ITERATIONS): ScramVerifier {
  return {
    salt: hmac(secret, `scram-salt\0${name}`).subarray(0, SALT_BYTES),
    iterations,
    storedKey: hmac(secret, `scram-stored-key\0${name}`),
    serverKey: hmac(secret, `scram-server-key\0${name}`),
  };
}

// ---- the exchange ----

/** RFC 5802 `printable`: %x21-2B / %x2D-7E (no comma). */
const PRINTABLE = /^[\x21-\x2b\x2d-\x7e]+$/;
/**
 * An optional extension attribute (`attr-val`). A letter RFC 5802 already defines is not an
 * extension: a second `p=`, `r=` or `n=` would let two parsers read one message differently.
 * `m=` (mandatory) in the client-first message is answered apart.
 */
const EXTENSION = /^(?![acimnprsv]=)[A-Za-z]=[^,]*$/;

/** RFC 5802 `saslname`: `=2C` is `,` and `=3D` is `=`; any other `=` is an encoding error. */
export function decodeSaslName(text: string): string | null {
  if (text === '' || /=(?!2C|3D)/.test(text)) return null;
  return text.replace(/=2C/g, ',').replace(/=3D/g, '=');
}

const randomNonce = () => randomBytes(24).toString('base64');

interface First {
  gs2Header: string;
  bare: string;
  authzid: string | null;
  account: string;
  clientNonce: string;
}

type ParseError = { error: SaslStep };

function parseClientFirst(message: string): First | ParseError {
  const malformed = { error: fail('malformed') };
  // gs2-header: cbind flag, authzid, then the bare message.
  const m = /^(n|y|p=[A-Za-z0-9.-]+),(a=[^,]*)?,(.*)$/s.exec(message);
  if (!m) return malformed;
  // RFC 5802 §6: we offer no -PLUS mechanism, so a client that requires channel binding fails.
  if (m[1]!.startsWith('p=')) return { error: fail('unsupported', null, Buffer.from('e=channel-binding-not-supported')) };
  const bare = m[3]!;
  const attrs = bare.split(',');
  if (attrs[0]?.startsWith('m=')) return { error: fail('unsupported', null, Buffer.from('e=extensions-not-supported')) };
  const [user, nonce, ...extensions] = attrs;
  if (!user?.startsWith('n=') || !nonce?.startsWith('r=') || !extensions.every((e) => EXTENSION.test(e))) return malformed;
  const clientNonce = nonce.slice(2);
  if (!PRINTABLE.test(clientNonce)) return malformed;
  const name = decodeSaslName(user.slice(2));
  const account = name === null ? null : prepareQuery(name);
  let authzid: string | null = null;
  if (m[2] !== undefined) {
    const decoded = decodeSaslName(m[2].slice(2));
    authzid = decoded === null ? null : prepareQuery(decoded);
    if (authzid === null) return malformed;
  }
  if (account === null) return malformed;
  return { gs2Header: message.slice(0, message.length - bare.length), bare, authzid, account, clientNonce };
}

class ScramExchange implements SaslExchange {
  private first: First | null = null;
  private credentials: ScramCredentials | null = null;
  private serverFirst = '';
  private nonce = '';

  constructor(
    private readonly backend: SaslBackend,
    private readonly makeNonce: () => string,
  ) {}

  async step(response: Buffer): Promise<SaslStep> {
    const message = utf8(response);
    if (message === null) return fail('malformed');
    return this.first ? this.final(message) : this.start(message);
  }

  private async start(message: string): Promise<SaslStep> {
    const first = parseClientFirst(message);
    if ('error' in first) return first.error;
    if (!this.backend.admit(first.account)) return fail('unavailable', first.account);
    this.first = first;
    this.credentials = await this.backend.scramCredentials(first.account);
    const { salt, iterations } = this.credentials.verifier;
    this.nonce = first.clientNonce + this.makeNonce();
    this.serverFirst = `r=${this.nonce},s=${salt.toString('base64')},i=${iterations}`;
    return { kind: 'challenge', data: Buffer.from(this.serverFirst) };
  }

  private final(message: string): SaslStep {
    const first = this.first!;
    const { user, verifier } = this.credentials!;
    const proofAt = message.lastIndexOf(',p=');
    if (proofAt < 0) return fail('malformed', first.account);
    const withoutProof = message.slice(0, proofAt);
    const proofText = message.slice(proofAt + 3);
    const [binding, nonce, ...extensions] = withoutProof.split(',');
    if (!binding?.startsWith('c=') || !nonce?.startsWith('r=') || !extensions.every((e) => EXTENSION.test(e))) {
      return fail('malformed', first.account);
    }
    const cbind = binding.slice(2);
    if (!isBase64(cbind) || !isBase64(proofText)) return fail('malformed', first.account);
    // No channel binding: c= must carry exactly the gs2-header the exchange began with.
    if (!Buffer.from(cbind, 'base64').equals(Buffer.from(first.gs2Header))) {
      return fail('credentials', first.account, Buffer.from('e=channel-bindings-dont-match'));
    }
    const proof = Buffer.from(proofText, 'base64');
    // A nonce other than the one this exchange made is a replay or a tampered message.
    if (nonce.slice(2) !== this.nonce || proof.length !== KEY_BYTES) return fail('credentials', first.account);
    const authMessage = `${first.bare},${this.serverFirst},${withoutProof}`;
    const clientSignature = hmac(verifier.storedKey, authMessage);
    const clientKey = Buffer.alloc(KEY_BYTES);
    for (let i = 0; i < KEY_BYTES; i++) clientKey[i] = proof[i]! ^ clientSignature[i]!;
    // RFC 5802 §5.1: a server MAY end a failed exchange without a server-final-message.
    if (!timingSafeEqual(sha256(clientKey), verifier.storedKey) || !user) return fail('credentials', first.account);
    const serverSignature = hmac(verifier.serverKey, authMessage);
    return { kind: 'success', user, authzid: first.authzid, data: Buffer.from(`v=${serverSignature.toString('base64')}`) };
  }
}

export function scramSha256(makeNonce: () => string = randomNonce): SaslMechanism {
  return {
    name: 'SCRAM-SHA-256',
    clientFirst: true,
    start: (backend) => ({ exchange: new ScramExchange(backend, makeNonce) }),
  };
}
