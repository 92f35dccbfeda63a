import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { invalidMailboxName } from '../mailbox-name.js';
import { isResult, locateMailbox, NONEXISTENT } from '../mailbox-lookup.js';
import { isNamespaceNode, resolveName } from '../namespace.js';
import { creatableParent } from '../parent-rights.js';
import { refusal } from '../rights.js';

/**
 * RENAME (RFC 3501 §6.3.5): needs `x` on the mailbox and `k` on the new name's nearest
 * existing parent (RFC 4314 §4); never moves a mailbox into another account. ACLs stay with
 * the mailboxes (they are kept by mailbox id).
 */
export const rename: CommandSpec<CommandOf<'RENAME'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const invalid = invalidMailboxName(command.to);
    // A well-formed name the server cannot use: RFC 3501 "can't create mailbox with that name" is
    // NO, and RFC 5530 answers adjacent delimiters with [CANNOT].
    if (invalid) return no(invalid, 'CANNOT');
    if (command.to === 'INBOX') return no('INBOX always exists', 'ALREADYEXISTS');
    const source = await locateMailbox(session, command.from);
    if (!source) return NONEXISTENT;
    const refused = refusal(source.rights, 'x', NONEXISTENT);
    if (refused) return refused;
    if (isNamespaceNode(command.to)) return no('That name is a namespace, not a mailbox', 'CANNOT');
    const target = await resolveName(session, command.to);
    if (!target || target.owner.id !== source.owner.id) return no('RENAME cannot move a mailbox to another account', 'CANNOT');
    if (!target.personal) {
      const parent = await creatableParent(session, target.owner, target.name);
      if (isResult(parent)) return parent;
    }
    await session.store.renameMailbox(source.owner.id, source.storeName, target.name);
    return ok('RENAME completed');
  },
};
