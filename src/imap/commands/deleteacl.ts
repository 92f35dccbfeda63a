// DELETEACL (RFC 4314 §3.2): removes the entry of an identifier. Needs `a`. An identifier
// without an entry (or naming no account) leaves nothing to remove: OK. An identifier SASLprep
// refuses is BAD (RFC 4314 §3).
import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { parseIdentifier, resolveGrantee } from '../acl-identifier.js';
import { isResult, locateMailbox, NONEXISTENT } from '../mailbox-lookup.js';
import { refusal } from '../rights.js';

export const deleteacl: CommandSpec<CommandOf<'DELETEACL'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const parsed = parseIdentifier(command.identifier);
    if (isResult(parsed)) return parsed;
    const mailbox = await locateMailbox(session, command.mailbox);
    if (!mailbox) return NONEXISTENT;
    const refused = refusal(mailbox.rights, 'a', NONEXISTENT);
    if (refused) return refused;
    const identifier = await resolveGrantee(session, mailbox, parsed);
    if (identifier !== null && isResult(identifier)) return identifier;
    if (identifier) await session.store.deleteAcl(mailbox.id, identifier.granteeId, identifier.negative);
    return ok('DELETEACL completed');
  },
};
