// Finding the mailbox a command names, with the answers RFC 5530 gives when it is missing.
import type { MailboxInfo } from '../store/types.js';
import { no, type Result } from './command.js';
import type { Session } from './session.js';

/** The named selectable mailbox, or a NO [NONEXISTENT] result. */
export async function findMailbox(session: Session, name: string): Promise<MailboxInfo | Result> {
  const mailbox = await session.store.getMailbox(session.user!.id, name);
  return mailbox && !mailbox.noselect ? mailbox : no('Mailbox does not exist', 'NONEXISTENT');
}

/** The target of APPEND/COPY/MOVE, or NO [TRYCREATE] (RFC 3501 §6.3.11). */
export async function findTarget(session: Session, name: string): Promise<MailboxInfo | Result> {
  const mailbox = await session.store.getMailbox(session.user!.id, name);
  return mailbox && !mailbox.noselect ? mailbox : no('Mailbox does not exist', 'TRYCREATE');
}

export function isResult(value: object): value is Result {
  return 'status' in value;
}
