// What LIST, LSUB and NOTIFY show: the user's own mailboxes, and the mailboxes of other
// accounts the user may look up (`l`, RFC 4314 §4) under the names this user sees them by.
// A name on the way to a shared mailbox that the user may not see itself (a namespace prefix,
// the owner's root, a parent without `l`) is shown as \Noselect, as RFC 3501 does for
// hierarchy kept only for its children; names with nothing visible below are left out.
import type { MailboxInfo } from '../store/types.js';
import { parentsOf } from './mailbox-name.js';
import { visibleName } from './namespace.js';
import { ALL_RIGHTS, effectiveRights } from './rights.js';
import type { Session } from './session.js';

export interface VisibleMailbox extends MailboxInfo {
  /** The user's rights; empty for a name shown only to reach a visible mailbox (id 0). */
  rights: ReadonlySet<string>;
}

const OWN: ReadonlySet<string> = new Set(ALL_RIGHTS);
const NONE: ReadonlySet<string> = new Set();

/** Every mailbox the user may see, `name` as the user sees it, in no particular order. */
export async function visibleMailboxes(session: Session): Promise<VisibleMailbox[]> {
  const user = session.user!;
  const out: VisibleMailbox[] = (await session.store.listMailboxes(user.id)).map((m) => ({ ...m, rights: OWN }));
  const names = new Set(out.map((m) => m.name));
  const foreign: VisibleMailbox[] = [];
  for (const shared of await session.store.sharedMailboxes(user.id)) {
    const rights = effectiveRights(shared, user.id);
    if (!rights.has('l')) continue;
    const name = visibleName(user, shared.owner, shared.mailbox.name);
    if (names.has(name)) continue;
    names.add(name);
    foreign.push({ ...shared.mailbox, name, rights });
  }
  for (const mailbox of foreign) {
    out.push(mailbox);
    for (const parent of parentsOf(mailbox.name)) {
      if (names.has(parent)) continue;
      names.add(parent);
      out.push(placeholder(parent));
    }
  }
  return out;
}

/** A name shown only so that a visible mailbox below it can be reached. */
function placeholder(name: string): VisibleMailbox {
  return { id: 0, objectId: '', name, uidValidity: 0, uidNext: 0, highestModseq: 0, specialUse: null, noselect: true, rights: NONE };
}
