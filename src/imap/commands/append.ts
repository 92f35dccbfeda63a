import { AUTHENTICATED, bad, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { findTarget, isResult } from '../mailbox-lookup.js';
import { mayChangeFlag } from '../rights.js';

export const append: CommandSpec<CommandOf<'APPEND'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    // A message is CHAR8 (RFC 3501): a NUL could never be sent back in a FETCH literal. Binary
    // content comes with the BINARY extension's re-encoding (RFC 3516 §6), not offered yet.
    if (command.message.includes(0)) return bad('A message may not contain NUL octets', 'CLIENTBUG');
    const mailbox = await findTarget(session, command.mailbox, 'i');
    if (isResult(mailbox)) return mailbox;
    const result = await session.store.append(mailbox.id, {
      data: command.message,
      // RFC 4314 §4: flags the user may not set on the mailbox are dropped, not refused.
      flags: command.flags.filter((flag) => mayChangeFlag(mailbox.rights, flag)),
      internalDate: command.date?.epochMs,
      internalDateOffset: command.date?.offsetMinutes,
    });
    // RFC 4315 §3: not for a mailbox the user may not read, whose UIDVALIDITY and UIDs it would disclose.
    return ok('APPEND completed', mailbox.rights.has('r') ? `APPENDUID ${result.uidValidity} ${result.uid}` : undefined);
  },
};

