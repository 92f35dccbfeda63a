import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { DELIMITER, invalidMailboxName } from '../mailbox-name.js';
import { isResult, NONEXISTENT } from '../mailbox-lookup.js';
import { isNamespaceNode, resolveName } from '../namespace.js';
import { creatableParent } from '../parent-rights.js';

/**
 * CREATE (RFC 3501 §6.3.3), in the user's own hierarchy or, with `k` on the nearest existing
 * parent (RFC 4314 §4), in another account's: the new mailbox takes that parent's ACL.
 */
export const create: CommandSpec<CommandOf<'CREATE'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    // A trailing delimiter only says children are intended (RFC 3501 §6.3.3).
    const name = command.mailbox.endsWith(DELIMITER) ? command.mailbox.slice(0, -1) : command.mailbox;
    const invalid = invalidMailboxName(name);
    // A well-formed name the server cannot use: RFC 3501 "can't create mailbox with that name" is
    // NO, and RFC 5530 answers adjacent delimiters with [CANNOT].
    if (invalid) return no(invalid, 'CANNOT');
    if (name === 'INBOX') return no('INBOX always exists', 'ALREADYEXISTS');
    // Personal names may not enter the other namespaces; their nodes can never be created.
    if (isNamespaceNode(name)) return no('That name is a namespace, not a mailbox', 'CANNOT');
    const target = await resolveName(session, name);
    if (!target) return NONEXISTENT;
    if (target.personal) {
      await session.store.createMailbox(session.user!.id, name);
      return ok('CREATE completed');
    }
    const parent = await creatableParent(session, target.owner, target.name);
    if (isResult(parent)) return parent;
    const existing = await session.store.getMailbox(target.owner.id, target.name);
    if (existing && !existing.noselect) return no('Mailbox already exists', 'ALREADYEXISTS');
    await session.store.createMailbox(target.owner.id, target.name, null, { inheritAclFrom: parent.id });
    return ok('CREATE completed');
  },
};
