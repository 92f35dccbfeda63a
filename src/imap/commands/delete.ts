import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { locateMailbox, NONEXISTENT } from '../mailbox-lookup.js';
import { refusal } from '../rights.js';

/** DELETE (RFC 3501 §6.3.4): needs `x` (RFC 4314 §4); the mailbox's ACL goes with it. */
export const del: CommandSpec<CommandOf<'DELETE'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    if (command.mailbox === 'INBOX') return no('INBOX cannot be deleted', 'CANNOT');
    const target = await locateMailbox(session, command.mailbox);
    if (!target) return NONEXISTENT;
    const refused = refusal(target.rights, 'x', NONEXISTENT);
    if (refused) return refused;
    // Deleting the mailbox this session has open closes it here quietly (others get BYE),
    // so leave it before the store announces the deletion.
    if (session.selected?.mailboxId === target.id) session.leaveMailbox();
    await session.store.deleteMailbox(target.owner.id, target.storeName);
    return ok('DELETE completed');
  },
};
