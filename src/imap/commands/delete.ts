import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

export const del: CommandSpec<CommandOf<'DELETE'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    if (command.mailbox === 'INBOX') return no('INBOX cannot be deleted', 'CANNOT');
    // Deleting the mailbox this session has open closes it here quietly (others get BYE),
    // so leave it before the store announces the deletion.
    const target = await session.store.getMailbox(session.user!.id, command.mailbox);
    if (target && session.selected?.mailboxId === target.id) session.leaveMailbox();
    await session.store.deleteMailbox(session.user!.id, command.mailbox);
    return ok('DELETE completed');
  },
};
