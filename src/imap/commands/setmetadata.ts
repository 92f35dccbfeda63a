// SETMETADATA (RFC 5464 §4.3): sets, changes or (NIL) removes entries of the server ("") or
// of a mailbox, all or none. Rights (src/imap/rights.ts): mailbox entries need what
// GETMETADATA needs, /shared ones `w` as well. Server entries are the account's own: each
// account is the only user of its server entries, so it may set /private and /shared ones
// (CPM §6.6.1 has clients update server annotations), except /shared/admin, which RFC 5464
// §3.2.1.1 makes read-only for clients (the operator sets it: `cpm-imapd metadata set`).
import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { isPrivateEntry } from '../../protocol/metadata.js';
import { MetadataLimitError } from '../../store/types.js';
import { isResult } from '../mailbox-lookup.js';
import { metadataScope } from '../metadata-scope.js';
import { canSetSharedMetadata } from '../rights.js';

export const setmetadata: CommandSpec<CommandOf<'SETMETADATA'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const scope = await metadataScope(session, command.mailbox);
    if (isResult(scope)) return scope;
    const limits = session.limits;
    if (!limits.metadataPrivate && command.entries.some((e) => isPrivateEntry(e.name))) {
      return no('Private entries are not supported', 'METADATA NOPRIVATE');
    }
    const shared = command.entries.filter((e) => !isPrivateEntry(e.name));
    if (scope.mailboxId === null) {
      if (shared.some((e) => e.name.toLowerCase() === '/shared/admin')) return no('/shared/admin is read-only', 'NOPERM');
    } else if (shared.length > 0 && !canSetSharedMetadata(scope.rights)) {
      return no('No permission to set shared entries of this mailbox', 'NOPERM');
    }
    try {
      await session.store.setMetadata(
        session.user!.id,
        scope.mailboxId,
        command.entries,
        { maxValueSize: limits.metadataMaxValueSize, maxEntries: limits.metadataMaxEntries, maxTotalSize: limits.metadataMaxTotalSize },
        session.conn.id,
      );
    } catch (err) {
      if (err instanceof MetadataLimitError) return no(err.message, `METADATA ${err.metadataCode}`);
      throw err;
    }
    return ok('SETMETADATA completed');
  },
};
