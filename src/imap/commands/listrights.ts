// LISTRIGHTS (RFC 4314 §3.4): what may be granted to an identifier. The owner always has every
// right and nothing else can be given; anyone else is granted nothing unless given, and each
// right can be given on its own. Needs `a`. The identifier is prepared with SASLprep (RFC 4314
// §3: BAD if that fails) and answered as sent.
import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { astring, mailbox as encodeMailbox } from '../../protocol/encode.js';
import { parseIdentifier } from '../acl-identifier.js';
import { isResult, locateMailbox, NONEXISTENT } from '../mailbox-lookup.js';
import { ALL_RIGHTS, refusal, rightsForResponse } from '../rights.js';

export const listrights: CommandSpec<CommandOf<'LISTRIGHTS'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const identifier = parseIdentifier(command.identifier);
    if (isResult(identifier)) return identifier;
    const mailbox = await locateMailbox(session, command.mailbox);
    if (!mailbox) return NONEXISTENT;
    const refused = refusal(mailbox.rights, 'a', NONEXISTENT);
    if (refused) return refused;
    const isOwner = !identifier.negative && identifier.name === mailbox.owner.name;
    // The virtual `c` (= k) and `d` (= xte) are listed too, each on its own (RFC 4314 §2.1.1).
    const rights = isOwner ? rightsForResponse(ALL_RIGHTS) : `"" ${[...ALL_RIGHTS, 'c', 'd'].join(' ')}`;
    await session.send(['* LISTRIGHTS ', ...encodeMailbox(mailbox.name), ' ', ...astring(command.identifier), ` ${rights}`]);
    return ok('LISTRIGHTS completed');
  },
};
