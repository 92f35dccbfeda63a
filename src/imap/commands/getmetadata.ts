// GETMETADATA (RFC 5464 §4.2): entries of the server ("") or of a mailbox, with the MAXSIZE
// and DEPTH options. Entries that do not exist are left out (as in the DEPTH example of
// §4.2.2); when none is found there is no METADATA response, only the tagged OK.
import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { astring, type Wire } from '../../protocol/encode.js';
import { isResult } from '../mailbox-lookup.js';
import { metadataMailbox, metadataScope, metadataValue } from '../metadata-scope.js';

export const getmetadata: CommandSpec<CommandOf<'GETMETADATA'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const scope = await metadataScope(session, command.mailbox);
    if (isResult(scope)) return scope;
    const entries = await session.store.getMetadata(session.user!.id, scope.mailboxId, command.entries, command.depth);
    // MAXSIZE (§4.2.1): values longer than it are not sent; LONGENTRIES gives the longest.
    let longest = 0;
    const pieces: Wire[] = [];
    for (const { name, value } of entries) {
      if (command.maxSize !== undefined && value.length > command.maxSize) {
        longest = Math.max(longest, value.length);
        continue;
      }
      pieces.push(pieces.length ? ' ' : '', ...astring(name), ' ', ...metadataValue(value));
    }
    if (pieces.length) await session.send(['* METADATA ', ...metadataMailbox(scope.name), ' (', ...pieces, ')']);
    return ok('GETMETADATA completed', longest > 0 ? `METADATA LONGENTRIES ${longest}` : undefined);
  },
};
