import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { findTarget, isResult } from '../mailbox-lookup.js';

export const append: CommandSpec<CommandOf<'APPEND'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const mailbox = await findTarget(session, command.mailbox);
    if (isResult(mailbox)) return mailbox;
    const result = await session.store.append(mailbox.id, {
      data: command.message,
      flags: command.flags,
      internalDate: command.date?.epochMs,
      internalDateOffset: command.date?.offsetMinutes,
    });
    return ok('APPEND completed', `APPENDUID ${result.uidValidity} ${result.uid}`);
  },
};

