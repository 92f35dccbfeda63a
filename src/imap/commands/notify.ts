import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { isResult } from '../mailbox-lookup.js';
import { Notifier, registration } from '../notify.js';

/**
 * NOTIFY SET / NOTIFY NONE (RFC 5465 §3.1). The registration and the delivery live in
 * src/imap/notify.ts. A successful NOTIFY SET implies a NOOP: the end of the command sends
 * what is waiting for the selected mailbox (Session.execute).
 */
export const notify: CommandSpec<CommandOf<'NOTIFY'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const reg = registration(command.args);
    if (isResult(reg)) return reg;
    session.notify ??= new Notifier(session);
    await session.notify.set(reg);
    return ok(command.args.action === 'none' ? 'NOTIFY NONE completed' : 'NOTIFY completed');
  },
};
