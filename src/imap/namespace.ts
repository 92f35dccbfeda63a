// RFC 2342 namespaces: the personal one (""), other users' ("Other Users/<owner>/…") and the
// shared one ("Shared/<account>/…", mailboxes of accounts of kind `shared`). Names are
// translated here, in both directions; the store only ever sees an owner id and the name in
// the owner's own hierarchy.
import type { User } from '../store/types.js';
import { DELIMITER } from './mailbox-name.js';
import type { Session } from './session.js';

export const OTHER_USERS = 'Other Users';
export const SHARED = 'Shared';

/** `* NAMESPACE` data: personal, other users, shared (RFC 2342 §5). */
export const NAMESPACE_RESPONSE = `* NAMESPACE (("" "${DELIMITER}")) (("${OTHER_USERS}${DELIMITER}" "${DELIMITER}")) (("${SHARED}${DELIMITER}" "${DELIMITER}"))`;

/** A client's mailbox name resolved: whose store it is in, and its name there. */
export interface ResolvedName {
  owner: User;
  /** The name in the owner's hierarchy; '' for the owner's root (`Other Users/bob` itself). */
  name: string;
  personal: boolean;
}

/** Whether a personal mailbox name would fall into another namespace (CREATE/RENAME refuse it). */
export function isReservedName(name: string): boolean {
  return [OTHER_USERS, SHARED].some((prefix) => name === prefix || name.startsWith(prefix + DELIMITER));
}

/**
 * A name that is a namespace node rather than a possible mailbox: a prefix alone or a prefix
 * and an account (`Other Users`, `Shared/public`). Such names can never be created.
 */
export function isNamespaceNode(name: string): boolean {
  const foreign = splitForeign(name);
  return foreign === 'prefix' || (foreign !== null && foreign.name === '');
}

/**
 * Which store and name a client's mailbox name means. Null for a name that can name nothing:
 * a namespace prefix alone, an account that does not exist or is of the wrong kind for the
 * namespace, and the user's own account reached through `Other Users/`.
 */
export async function resolveName(session: Session, clientName: string): Promise<ResolvedName | null> {
  const self = session.user!;
  const foreign = splitForeign(clientName);
  if (!foreign) return { owner: self, name: clientName, personal: true };
  if (foreign === 'prefix') return null;
  const owner = await session.store.getUser(foreign.ownerName);
  if (!owner || owner.id === self.id) return null;
  if ((owner.kind === 'shared') !== (foreign.namespace === SHARED)) return null;
  return { owner, name: canonicalInbox(foreign.name), personal: false };
}

/**
 * INBOX in one case, also as the first level of a longer name (RFC 3501 §5.1), as the parser
 * does for personal names: otherwise another user could create `inbox/x`, a name the owner can
 * never address (hers means `INBOX/x`).
 */
export function canonicalInbox(name: string): string {
  if (/^inbox$/i.test(name)) return 'INBOX';
  return /^inbox\//i.test(name) ? 'INBOX' + name.slice(5) : name;
}

/** The parts of a name in the other users' or shared namespace; 'prefix' for the prefix alone; null for a personal name. */
function splitForeign(clientName: string): { namespace: string; ownerName: string; name: string } | 'prefix' | null {
  for (const namespace of [OTHER_USERS, SHARED]) {
    if (clientName === namespace) return 'prefix';
    if (!clientName.startsWith(namespace + DELIMITER)) continue;
    const rest = clientName.slice(namespace.length + 1);
    const cut = rest.indexOf(DELIMITER);
    const ownerName = cut < 0 ? rest : rest.slice(0, cut);
    if (ownerName === '') return 'prefix';
    return { namespace, ownerName, name: cut < 0 ? '' : rest.slice(cut + 1) };
  }
  return null;
}

/** The name the user `self` sees for the mailbox `name` of `owner`. */
export function visibleName(self: User, owner: User, name: string): string {
  if (owner.id === self.id) return name;
  const namespace = owner.kind === 'shared' ? SHARED : OTHER_USERS;
  return `${namespace}${DELIMITER}${owner.name}${DELIMITER}${name}`;
}
