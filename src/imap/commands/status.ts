import { AUTHENTICATED, bad, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { mailbox as encodeMailbox } from '../../protocol/encode.js';
import { findMailbox, isResult } from '../mailbox-lookup.js';

const ITEMS = new Set(['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'MAILBOXID', 'APPENDLIMIT']);

export const status: CommandSpec<CommandOf<'STATUS'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const unknown = command.items.find((item) => !ITEMS.has(item));
    if (unknown) return bad(`Unknown STATUS item ${unknown}`);
    const mailbox = await findMailbox(session, command.mailbox);
    if (isResult(mailbox)) return mailbox;
    const counts = await session.store.counts(mailbox.id);
    const values: Record<string, string | number> = {
      MESSAGES: counts.messages,
      RECENT: counts.recent,
      UIDNEXT: mailbox.uidNext,
      UIDVALIDITY: mailbox.uidValidity,
      UNSEEN: counts.unseen,
      MAILBOXID: `(${mailbox.objectId})`,
      APPENDLIMIT: session.limits.maxLiteralSize,
    };
    const data = command.items.map((item) => `${item} ${values[item]}`).join(' ');
    await session.send(['* STATUS ', ...encodeMailbox(mailbox.name), ` (${data})`]);
    return ok('STATUS completed');
  },
};
