// CREATE and RENAME in another account need `k` on the nearest existing parent of the new name
// (RFC 4314 §4); for a top-level name that parent is the account's INBOX.
import type { MailboxInfo, User } from '../store/types.js';
import { parentsOf } from './mailbox-name.js';
import { effectiveRights } from './rights.js';
import type { Session } from './session.js';

/** The nearest existing ancestor of `name` in `owner`'s hierarchy (else INBOX) with the user's rights on it; null if none. */
export async function nearestParent(session: Session, owner: User, name: string): Promise<(MailboxInfo & { rights: Set<string> }) | null> {
  const candidates = [...parentsOf(name).reverse(), 'INBOX'];
  for (const candidate of candidates) {
    const mailbox = await session.store.getMailbox(owner.id, candidate);
    if (!mailbox) continue;
    const access = await session.store.mailboxAccess(session.user!.id, mailbox.id);
    if (!access) continue;
    return { ...mailbox, rights: effectiveRights(access, session.user!.id) };
  }
  return null;
}
