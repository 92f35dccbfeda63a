// GETACL (RFC 4314 §3.3): `* ACL mailbox identifier rights ...`: the owner's implicit entry
// first, then the stored entries (positive, then negative ones with `-`), with the virtual
// `c` and `d` rights (RFC 4314 §2.1.1). Needs `a`.
import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { astring, mailbox as encodeMailbox, type Wire } from '../../protocol/encode.js';
import { entryIdentifier } from '../acl-identifier.js';
import { locateMailbox, NONEXISTENT } from '../mailbox-lookup.js';
import { ALL_RIGHTS, refusal, rightsForResponse } from '../rights.js';

export const getacl: CommandSpec<CommandOf<'GETACL'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const mailbox = await locateMailbox(session, command.mailbox);
    if (!mailbox) return NONEXISTENT;
    const refused = refusal(mailbox.rights, 'a', NONEXISTENT);
    if (refused) return refused;
    const entries: Array<[string, string]> = [[mailbox.owner.name, rightsForResponse(ALL_RIGHTS)]];
    for (const entry of await session.store.getAcl(mailbox.id)) entries.push([entryIdentifier(entry), rightsForResponse(entry.rights)]);
    const line: Wire[] = ['* ACL ', ...encodeMailbox(mailbox.name)];
    for (const [identifier, rights] of entries) line.push(' ', ...astring(identifier), ' ', ...astring(rights));
    await session.send(line);
    return ok('GETACL completed');
  },
};
