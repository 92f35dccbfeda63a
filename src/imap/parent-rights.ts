// CREATE and RENAME in another account need `k` on the nearest existing parent of the new name
// (RFC 4314 §4); for a top-level name that parent is the account's INBOX.
import { no, type Result } from './command.js';
import { NONEXISTENT } from './mailbox-lookup.js';
import type { MailboxInfo, User } from '../store/types.js';
import { parentsOf } from './mailbox-name.js';
import { effectiveRights, isVisible } from './rights.js';
import type { Session } from './session.js';

const NEEDS_K: Result = no('Permission denied (needs right k)', 'NOPERM');

/**
 * The nearest existing ancestor of `name` in `owner`'s hierarchy (else INBOX) when the user
 * has `k` on it; otherwise the refusal. An ancestor the user can neither see nor create in
 * answers as if it were absent, so the next one up decides between NOPERM and NONEXISTENT:
 * without `k` the answer never tells whether a mailbox the user may not see is on the way (with
 * `k` above it the refusal itself does, as ALREADYEXISTS does: that cannot be hidden).
 */
export async function creatableParent(session: Session, owner: User, name: string): Promise<MailboxInfo | Result> {
  const userId = session.user!.id;
  let nearest = true;
  for (const candidate of [...parentsOf(name).reverse(), 'INBOX']) {
    const mailbox = await session.store.getMailbox(owner.id, candidate);
    const access = mailbox && (await session.store.mailboxAccess(userId, mailbox.id));
    if (!mailbox || !access) continue;
    const rights = effectiveRights(access, userId);
    if (nearest && rights.has('k')) return mailbox;
    nearest = false;
    // `k` this high up does not help: the hidden mailbox below decides, and it refuses.
    if (isVisible(rights)) return NEEDS_K;
  }
  return NONEXISTENT;
}
