import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { findMailbox, isResult } from '../mailbox-lookup.js';

/**
 * SUBSCRIBE needs an existing mailbox the user can see (`l` or `r`, RFC 4314 §4), kept under
 * the name this user sees; UNSUBSCRIBE works on any subscribed name, even a deleted one.
 */
export const subscribe: CommandSpec<CommandOf<'SUBSCRIBE' | 'UNSUBSCRIBE'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const userId = session.user!.id;
    if (command.name === 'SUBSCRIBE') {
      const mailbox = await findMailbox(session, command.mailbox, '');
      if (isResult(mailbox)) return mailbox;
      await session.store.setSubscribed(userId, mailbox.name, true);
    } else {
      const subscribed = await session.store.listSubscriptions(userId);
      if (!subscribed.includes(command.mailbox)) return no('Not subscribed to that name', 'NONEXISTENT');
      await session.store.setSubscribed(userId, command.mailbox, false);
    }
    return ok(`${command.name} completed`);
  },
};
