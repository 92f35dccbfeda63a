// RFC 4314 §2, §3 identifiers: a user name (SASLprep'd, exact), `anyone`, or either with a
// leading `-` for a negative entry. Entries are kept by user id, so a name must name an account.
import { prepareQuery } from '../auth/saslprep.js';
import type { AclEntry } from '../store/types.js';
import { bad, no, type Result } from './command.js';
import type { FoundMailbox } from './mailbox-lookup.js';
import type { Session } from './session.js';

export const ANYONE = 'anyone';

export interface Identifier {
  /** The prepared name, without the `-`. */
  name: string;
  negative: boolean;
}

export interface Grantee {
  /** null: anyone. */
  granteeId: number | null;
  negative: boolean;
}

/**
 * An identifier as the client sent it, prepared with SASLprep (RFC 4314 §3): a BAD result when
 * the preparation fails or leaves nothing, as the RFC demands.
 */
export function parseIdentifier(text: string): Identifier | Result {
  const negative = text.startsWith('-');
  const name = prepareQuery(negative ? text.slice(1) : text);
  if (name === null) return bad('Invalid identifier (SASLprep fails or leaves nothing)', 'CLIENTBUG');
  return { name, negative };
}

/**
 * The entry an identifier names on a mailbox: null when it names no account (and is not
 * `anyone`); NO [CANNOT] when it names the owner, whose rights cannot be changed.
 */
export async function resolveGrantee(session: Session, mailbox: FoundMailbox, identifier: Identifier): Promise<Grantee | Result | null> {
  const { name, negative } = identifier;
  if (name === ANYONE) return { granteeId: null, negative };
  const user = await session.store.getUser(name);
  if (!user) return null;
  if (user.id === mailbox.owner.id) return no("The owner's rights cannot be changed", 'CANNOT');
  return { granteeId: user.id, negative };
}

/** How an entry is written in an ACL response. */
export function entryIdentifier(entry: AclEntry): string {
  return `${entry.negative ? '-' : ''}${entry.granteeName ?? ANYONE}`;
}
