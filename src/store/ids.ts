// Object ids (RFC 8474 §8.1) and UIDVALIDITY allocation.
import { randomBytes } from 'node:crypto';
import type { Tx } from './db.js';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/**
 * A letter prefix and 24 lower-case base32 characters (120 random bits): URL-safe, never
 * starting with a digit or dash, never differing from another id only by case, never "NIL".
 */
function objectId(prefix: 'M' | 'E' | 'I' | 'T'): string {
  const bytes = randomBytes(15);
  let out = prefix;
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += BASE32[(value >>> bits) & 31];
    }
    value &= (1 << bits) - 1;
  }
  return out;
}

/** MAILBOXID: stable across RENAME. */
export const newMailboxId = (): string => objectId('M');
/** EMAILID: identifies immutable content; COPY and MOVE keep it. */
export const newEmailId = (): string => objectId('E');
/** Id of one stored message row (one message in one mailbox): new for every copy and move. */
export const newInstanceId = (): string => objectId('I');
/** THREADID (RFC 8474 §5.2): shared by the messages of one thread in an account. */
export const newThreadId = (): string => objectId('T');

const MAX_UIDVALIDITY = 0xffff_ffff;

/**
 * A server-wide, strictly increasing UIDVALIDITY: max(now in seconds, last + 1). A mailbox
 * deleted and created again under the same name therefore always gets a new, larger value.
 */
export function nextUidValidity(tx: Tx): number {
  const row = tx.db.stmt("SELECT value FROM meta WHERE key = 'uidvalidity'").get() as { value: number } | undefined;
  const last = row?.value ?? 0;
  const next = Math.max(Math.floor(Date.now() / 1000), last + 1);
  if (next > MAX_UIDVALIDITY) throw new Error('UIDVALIDITY space exhausted');
  tx.db
    .stmt("INSERT INTO meta (key, value) VALUES ('uidvalidity', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
    .run(next);
  return next;
}
