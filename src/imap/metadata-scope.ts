// What GETMETADATA and SETMETADATA act on (RFC 5464 §3.3, §4): the account's server entries
// for the mailbox name "", otherwise a mailbox the user may see, with the user's rights on it.
import { mailbox as encodeMailbox, literal, literal8, quoted, type Wire } from '../protocol/encode.js';
import { no, type Result } from './command.js';
import { locateMailbox, NONEXISTENT } from './mailbox-lookup.js';
import { canUseMetadata, isVisible } from './rights.js';
import type { Session } from './session.js';

export interface MetadataScope {
  /** null: server entries. */
  mailboxId: number | null;
  /** The mailbox name to answer with ("" for the server). */
  name: string;
  /** The user's rights on the mailbox (empty for the server, which needs none). */
  rights: ReadonlySet<string>;
}

/**
 * The scope a command names. A mailbox the user cannot see (neither `l` nor `r`, RFC 4314 §4) answers exactly as one
 * that does not exist; one the user sees but may not use answers NO [NOPERM]. Mailboxes kept
 * only as \Noselect parents may carry entries too (RFC 5464 §4.1).
 */
export async function metadataScope(session: Session, name: string): Promise<MetadataScope | Result> {
  if (name === '') return { mailboxId: null, name: '', rights: new Set() };
  const mailbox = await locateMailbox(session, name);
  if (!mailbox || !isVisible(mailbox.rights)) return NONEXISTENT;
  if (!canUseMetadata(mailbox.rights)) return no('No permission to access the entries of this mailbox', 'NOPERM');
  return { mailboxId: mailbox.id, name: mailbox.name, rights: mailbox.rights };
}

/** The mailbox argument of a METADATA response: "" for the server. */
export function metadataMailbox(name: string): Wire[] {
  return encodeMailbox(name);
}

/**
 * An entry value (RFC 5464 `value = nstring / literal8`): quoted when it is short 7-bit text
 * without CR or LF, a literal otherwise, and a literal8 when it holds NUL.
 */
export function metadataValue(value: Buffer): Wire[] {
  if (value.includes(0)) return literal8(value);
  if (value.length <= 1024 && value.every((b) => b < 0x80)) {
    const q = quoted(value.toString('latin1'));
    if (q !== null) return [q];
  }
  return literal(value);
}
