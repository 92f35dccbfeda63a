// RFC 4314 §2 identifiers: a user name (SASLprep'd, exact), `anyone`, or either with a leading
// `-` for a negative entry. Entries are kept by user id, so a name must name an account.
import { prepareQuery } from '../auth/saslprep.js';
import type { AclEntry, User } from '../store/types.js';
import { no, type Result } from './command.js';
import type { FoundMailbox } from './mailbox-lookup.js';
import type { Session } from './session.js';

export const ANYONE = 'anyone';

export interface Identifier {
  /** null: anyone. */
  granteeId: number | null;
  negative: boolean;
}

/**
 * The entry an identifier names on a mailbox: null when it names no account (and is not
 * `anyone`); NO [CANNOT] when it names the owner, whose rights cannot be changed.
 */
export async function resolveIdentifier(session: Session, mailbox: FoundMailbox, text: string): Promise<Identifier | Result | null> {
  const negative = text.startsWith('-');
  const name = negative ? text.slice(1) : text;
  if (name === ANYONE) return { granteeId: null, negative };
  const prepared = prepareQuery(name);
  const user: User | null = prepared === null ? null : await session.store.getUser(prepared);
  if (!user) return null;
  if (user.id === mailbox.owner.id) return no("The owner's rights cannot be changed", 'CANNOT');
  return { granteeId: user.id, negative };
}

/** How an entry is written in an ACL response. */
export function entryIdentifier(entry: AclEntry): string {
  return `${entry.negative ? '-' : ''}${entry.granteeName ?? ANYONE}`;
}
