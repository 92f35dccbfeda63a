// MYRIGHTS (RFC 4314 §3.5): the user's own rights. Needs any of `l r i k x a` (§4); without
// them the mailbox is invisible to the user, so it answers as one that does not exist.
import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { astring, mailbox as encodeMailbox } from '../../protocol/encode.js';
import { locateMailbox, NONEXISTENT } from '../mailbox-lookup.js';
import { rightsForResponse } from '../rights.js';

export const myrights: CommandSpec<CommandOf<'MYRIGHTS'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const mailbox = await locateMailbox(session, command.mailbox);
    if (!mailbox || ![...'lrikxa'].some((r) => mailbox.rights.has(r))) return NONEXISTENT;
    await session.send(['* MYRIGHTS ', ...encodeMailbox(mailbox.name), ' ', ...astring(rightsForResponse(mailbox.rights))]);
    return ok('MYRIGHTS completed');
  },
};
