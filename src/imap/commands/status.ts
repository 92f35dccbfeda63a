import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf, StatusItem } from '../../protocol/ast.js';
import { mailbox as encodeMailbox, type Wire } from '../../protocol/encode.js';
import { findMailbox, isResult } from '../mailbox-lookup.js';
import type { Session } from '../session.js';
import type { MailboxInfo, MailboxStatusCounts, StatusCountField } from '../../store/types.js';

/**
 * STATUS (RFC 3501 §6.3.10) with HIGHESTMODSEQ (RFC 7162 §3.1.9), SIZE (RFC 8438),
 * APPENDLIMIT (RFC 7889 §3.1) and MAILBOXID (RFC 8474). The parser has already refused
 * unknown items (BAD). LIST RETURN (STATUS ...) (RFC 5819, list.ts) answers through
 * `statusResponse` too, so both give the same values.
 */
export const status: CommandSpec<CommandOf<'STATUS'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    // RFC 7162 §3.1: STATUS (HIGHESTMODSEQ) is a CONDSTORE enabling command.
    if (command.items.includes('HIGHESTMODSEQ')) await session.enableCondstore();
    const mailbox = await findMailbox(session, command.mailbox, 'r');
    if (isResult(mailbox)) return mailbox;
    const counts = (await session.store.statusCounts([mailbox.id], countFields(command.items))).get(mailbox.id);
    // Deleted between the two reads: as if it had not been there.
    if (!counts) return no('Mailbox does not exist', 'NONEXISTENT');
    await session.send(statusResponse(session, mailbox, command.items, counts));
    return ok('STATUS completed');
  },
};

const COUNTED: Partial<Record<StatusItem, StatusCountField>> = {
  MESSAGES: 'messages',
  UNSEEN: 'unseen',
  RECENT: 'recent',
  SIZE: 'size',
};

/** What the store must count for these items. */
export function countFields(items: readonly StatusItem[]): StatusCountField[] {
  return items.flatMap((item) => COUNTED[item] ?? []);
}

/**
 * RFC 7889 §3: the largest message APPEND accepts into this mailbox. The same for every
 * mailbox today (the literal limit, also advertised as APPENDLIMIT=n); a per-mailbox policy
 * goes here.
 */
export function appendLimit(session: Session, _mailbox: MailboxInfo): number | null {
  return session.limits.maxLiteralSize;
}

/** `* STATUS mailbox (item value ...)`, the items in the order asked. */
export function statusResponse(session: Session, mailbox: MailboxInfo, items: readonly StatusItem[], counts: MailboxStatusCounts): Wire[] {
  const value = (item: StatusItem): string | number => {
    switch (item) {
      case 'MESSAGES':
        return counts.messages ?? 0;
      case 'RECENT':
        // Unclaimed messages, plus those this session holds \Recent in its selected view.
        return (counts.recent ?? 0) + (session.selected?.mailboxId === mailbox.id ? session.selected.recentCount : 0);
      case 'UIDNEXT':
        return counts.uidNext;
      case 'UIDVALIDITY':
        return counts.uidValidity;
      case 'UNSEEN':
        return counts.unseen ?? 0;
      case 'HIGHESTMODSEQ':
        return counts.highestModseq;
      case 'SIZE':
        return counts.size ?? 0;
      case 'APPENDLIMIT':
        return appendLimit(session, mailbox) ?? 'NIL';
      case 'MAILBOXID':
        return `(${mailbox.objectId})`;
    }
  };
  const data = items.map((item) => `${item} ${value(item)}`).join(' ');
  return ['* STATUS ', ...encodeMailbox(mailbox.name), ` (${data})`];
}
