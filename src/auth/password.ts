// Password hashing: scrypt from node:crypto, salted, with its parameters kept in the stored
// string (`scrypt$N$r$p$salt$hash`, salt and hash in base64url) so they can be raised later
// without breaking stored hashes.
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export interface ScryptParams {
  /** CPU/memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** 2^15 × 8 × 128 bytes = 32 MiB and roughly 50–100 ms per hash on current hardware. */
export const defaultScryptParams: ScryptParams = { N: 1 << 15, r: 8, p: 1 };

const SALT_BYTES = 16;
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, params: ScryptParams, keylen: number): Promise<Buffer> {
  const { N, r, p } = params;
  // scrypt needs 128·N·r bytes; leave headroom above Node's 32 MiB default.
  const maxmem = 128 * N * r * 2 + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keylen, { N, r, p, maxmem }, (err, key) =>
      err ? reject(err) : resolve(key),
    );
  });
}

function validParams(params: ScryptParams): boolean {
  const { N, r, p } = params;
  return (
    Number.isInteger(N) && N >= 2 && N <= 1 << 22 && (N & (N - 1)) === 0 &&
    Number.isInteger(r) && r >= 1 && r <= 32 &&
    Number.isInteger(p) && p >= 1 && p <= 16
  );
}

export async function hashPassword(password: string, params: ScryptParams = defaultScryptParams): Promise<string> {
  if (!validParams(params)) throw new Error('invalid scrypt parameters');
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, params, KEY_BYTES);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface Parsed {
  params: ScryptParams;
  salt: Buffer;
  key: Buffer;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  const params = { N, r, p };
  if (!validParams(params)) return null;
  const salt = Buffer.from(parts[4]!, 'base64url');
  const key = Buffer.from(parts[5]!, 'base64url');
  if (salt.length === 0 || key.length < 16 || key.length > 128) return null;
  return { params, salt, key };
}

/** True when `password` matches `stored`. A malformed stored hash never matches. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return false;
  const key = await derive(password, parsed.salt, parsed.params, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

/**
 * A hash of a random password with the given parameters: verifying against it costs the same
 * as verifying a real user's password, so an unknown user name takes as long as a wrong password.
 */
export function dummyHash(params: ScryptParams = defaultScryptParams): Promise<string> {
  return hashPassword(randomBytes(18).toString('base64url'), params);
}
