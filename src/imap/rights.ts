// The rights model (RFC 4314 §2): which rights the session's user has on a mailbox. The owner
// has every right, always (implicit, cannot be taken away); anyone else has the rights of the
// `anyone` entry and of their own entry, minus those of the negative entries `-anyone` and
// `-user`. Commands ask through here; the entries live in src/store/acl.ts.
import type { FlagPermissions, MailboxAccess, MailboxInfo } from '../store/types.js';
import { no, type Result } from './command.js';
import type { Session } from './session.js';

/** All RFC 4314 rights: lookup, read, seen, write, insert, post, create, delete mailbox, delete messages, expunge, administer. */
export const ALL_RIGHTS = 'lrswipkxtea';

/** The obsolete RFC 2086 rights and what they stand for here (RFC 4314 §2.1.1, RIGHTS=texk). */
const OBSOLETE: Readonly<Record<string, string>> = { c: 'k', d: 'xte' };

/** Rights as a string in canonical order, each once: "rl" → "lr". */
export function canonicalRights(rights: Iterable<string>): string {
  const have = new Set(rights);
  return [...ALL_RIGHTS].filter((r) => have.has(r)).join('');
}

/**
 * Rights as MYRIGHTS and ACL answer them: canonical order, then the virtual `c` when `k` is
 * among them and `d` when any of `x t e` is. RFC 4314 §2.1.1 makes both a MUST, for RFC 2086
 * clients; RFC 4314 clients ignore them.
 */
export function rightsForResponse(rights: Iterable<string>): string {
  const text = canonicalRights(rights);
  return text + (text.includes('k') ? 'c' : '') + (/[xte]/.test(text) ? 'd' : '');
}

/**
 * A rights string as SETACL gives it (after any `+`/`-`), with `c` and `d` mapped: the set,
 * or the first letter that is no right (RFC 4314 §3.1: BAD).
 */
export function parseRights(text: string): Set<string> | { unknown: string } {
  const out = new Set<string>();
  for (const ch of text) {
    const mapped = OBSOLETE[ch] ?? (ALL_RIGHTS.includes(ch) ? ch : null);
    if (mapped === null) return { unknown: ch };
    for (const r of mapped) out.add(r);
  }
  return out;
}

/** The effective rights of an access record, for the user it was read for. */
export function effectiveRights(access: MailboxAccess, userId: number): Set<string> {
  if (access.owner.id === userId) return new Set(ALL_RIGHTS);
  const denied = new Set(access.denied);
  return new Set([...access.granted].filter((r) => !denied.has(r)));
}

/** The rights the session's user has on `mailbox` (none if it is gone). */
export async function myRights(session: Session, mailbox: MailboxInfo): Promise<Set<string>> {
  return rightsOn(session, mailbox.id);
}

/** The same by mailbox id (the selected mailbox re-checks its rights for each command). */
export async function rightsOn(session: Session, mailboxId: number): Promise<Set<string>> {
  const user = session.user;
  if (!user) return new Set();
  const access = await session.store.mailboxAccess(user.id, mailboxId);
  return access ? effectiveRights(access, user.id) : new Set();
}

/** RFC 4314 §4: a mailbox the user may neither look up nor read answers as one that does not exist. */
export function isVisible(rights: ReadonlySet<string>): boolean {
  return rights.has('l') || rights.has('r');
}

/**
 * The refusal for a command that needs `needed` (every one of them) and lacks some: as for a
 * nonexistent mailbox when the mailbox is invisible (`missing` is that answer), else NO
 * [NOPERM]. Null when every right is there: a right works without `l` or `r` (RFC 4314 §4:
 * `i` alone lets a user post into a mailbox it cannot see). `needed` '' asks only that the
 * mailbox be visible.
 */
export function refusal(rights: ReadonlySet<string>, needed: string, missing: Result): Result | null {
  const lacking = [...needed].filter((r) => !rights.has(r));
  if (needed !== '' && lacking.length === 0) return null;
  if (!isVisible(rights)) return missing;
  if (lacking.length === 0) return null;
  return no(`Permission denied (needs right ${lacking.join('')})`, 'NOPERM');
}

/**
 * Flags a user may set or clear on a mailbox (RFC 4314 §4 STORE): \Seen needs `s`, \Deleted
 * `t`, every other flag and keyword `w`.
 */
export function mayChangeFlag(rights: ReadonlySet<string>, flag: string): boolean {
  const lower = flag.toLowerCase();
  if (lower === '\\seen') return rights.has('s');
  if (lower === '\\deleted') return rights.has('t');
  return rights.has('w');
}

/** The same rule as the store takes it. */
export function flagPermissions(rights: ReadonlySet<string>): FlagPermissions {
  return { seen: rights.has('s'), deleted: rights.has('t'), others: rights.has('w') };
}

/** Whether SELECT opens the mailbox read-write: some right that changes it (RFC 4314 §4). */
export function canWriteMailbox(rights: ReadonlySet<string>): boolean {
  return ['i', 'e', 's', 'w', 't'].some((r) => rights.has(r));
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
