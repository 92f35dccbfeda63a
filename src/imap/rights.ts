// The rights model (RFC 4314 §2.1): which rights the session's user has on a mailbox.
// There is no ACL and no sharing yet, so a mailbox belongs to one account and only its owner
// can reach it; the owner has every right. Commands check rights through here, so when the
// security issue brings ACL (GETACL/SETACL/MYRIGHTS) only this function changes.
import type { MailboxInfo } from '../store/types.js';
import type { Session } from './session.js';

/** All RFC 4314 rights: lookup, read, seen, write, insert, post, create, delete mailbox, delete messages, expunge, administer. */
export const ALL_RIGHTS = 'lrswipkxtea';

/** The rights the session's user has on `mailbox`: all for the owner, none for anyone else. */
export async function myRights(session: Session, mailbox: MailboxInfo): Promise<Set<string>> {
  const owner = await session.store.mailboxOwner(mailbox.id);
  if (owner === null || owner !== session.user?.id) return new Set();
  return new Set(ALL_RIGHTS);
}

/**
 * RFC 5464 §3.3: mailbox entries (/private and /shared, to read or to set) need `l` and one
 * of `r`, `s`, `w`, `i`, `p`.
 */
export function canUseMetadata(rights: ReadonlySet<string>): boolean {
  return rights.has('l') && ['r', 's', 'w', 'i', 'p'].some((r) => rights.has(r));
}

/**
 * Setting /shared entries of a mailbox changes what every user with access sees: this server
 * also asks for `w` (RFC 4314: "write (change flags other than \Seen and \Deleted)"), the
 * right closest to "change the mailbox's shared state" (as Cyrus does).
 */
export function canSetSharedMetadata(rights: ReadonlySet<string>): boolean {
  return canUseMetadata(rights) && rights.has('w');
}
