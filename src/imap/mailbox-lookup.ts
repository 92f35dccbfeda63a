// Finding the mailbox a command names, in whichever namespace, with the user's rights on it
// and the answers RFC 5530 and RFC 4314 give when it is missing, invisible or not allowed.
import type { MailboxInfo, User } from '../store/types.js';
import { no, type Result } from './command.js';
import { resolveName, visibleName } from './namespace.js';
import { ALL_RIGHTS, effectiveRights, refusal } from './rights.js';
import type { Session } from './session.js';

/**
 * A mailbox as this user sees it: `name` is the name the user sees (responses use it),
 * `storeName` the name in the owner's hierarchy (store calls use it with `owner.id`).
 */
export interface FoundMailbox extends MailboxInfo {
  storeName: string;
  owner: User;
  rights: ReadonlySet<string>;
}

export const NONEXISTENT: Result = no('Mailbox does not exist', 'NONEXISTENT');
const TRYCREATE: Result = no('Mailbox does not exist', 'TRYCREATE');

/** The mailbox a client name means (\Noselect ones too) with the user's rights, or null. No rights are checked. */
export async function locateMailbox(session: Session, clientName: string): Promise<FoundMailbox | null> {
  const resolved = await resolveName(session, clientName);
  if (!resolved || resolved.name === '') return null;
  const mailbox = await session.store.getMailbox(resolved.owner.id, resolved.name);
  if (!mailbox) return null;
  let rights: ReadonlySet<string> = new Set(ALL_RIGHTS);
  if (!resolved.personal) {
    const access = await session.store.mailboxAccess(session.user!.id, mailbox.id);
    if (!access) return null;
    rights = effectiveRights(access, session.user!.id);
  }
  const name = visibleName(session.user!, resolved.owner, mailbox.name);
  return { ...mailbox, name, storeName: mailbox.name, owner: resolved.owner, rights };
}

/** A mailbox by id as this user sees it (name, owner, rights), or null if it is gone. No rights are checked. */
export async function mailboxAsSeen(session: Session, mailboxId: number): Promise<FoundMailbox | null> {
  const user = session.user!;
  const mailbox = await session.store.getMailboxById(mailboxId);
  const access = mailbox && (await session.store.mailboxAccess(user.id, mailboxId));
  if (!mailbox || !access) return null;
  const name = visibleName(user, access.owner, mailbox.name);
  return { ...mailbox, name, storeName: mailbox.name, owner: access.owner, rights: effectiveRights(access, user.id) };
}

/**
 * The named selectable mailbox when the user has every right in `needed`; otherwise NO
 * [NONEXISTENT] when it does not exist, or lacks a right and is invisible (neither `l` nor
 * `r`), and NO [NOPERM] when it is visible but a right is missing (rights.ts `refusal`).
 */
export async function findMailbox(session: Session, name: string, needed = 'r'): Promise<FoundMailbox | Result> {
  return find(session, name, needed, NONEXISTENT);
}

/** The target of APPEND/COPY/MOVE (needs `i`), or NO [TRYCREATE] (RFC 3501 §6.3.11) as for a missing one. */
export async function findTarget(session: Session, name: string, needed = 'i'): Promise<FoundMailbox | Result> {
  return find(session, name, needed, TRYCREATE);
}

async function find(session: Session, name: string, needed: string, missing: Result): Promise<FoundMailbox | Result> {
  const mailbox = await locateMailbox(session, name);
  if (!mailbox || mailbox.noselect) return missing;
  return refusal(mailbox.rights, needed, missing) ?? mailbox;
}

export function isResult(value: object): value is Result {
  return 'status' in value;
}
