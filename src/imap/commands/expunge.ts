import { SELECTED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { isResult } from '../mailbox-lookup.js';

/** EXPUNGE, and UID EXPUNGE (RFC 4315) which only touches the UIDs given. */
export const expunge: CommandSpec<CommandOf<'EXPUNGE' | 'UID EXPUNGE'>> = {
  states: SELECTED,
  async run(session, command) {
    const view = session.selected!;
    if (view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    let uids: number[] | undefined;
    if (command.name === 'UID EXPUNGE') {
      const resolved = session.resolveSet(command.set, true);
      if (isResult(resolved)) return resolved;
      uids = resolved;
      if (uids.length === 0) return ok('UID EXPUNGE completed');
    }
    const expunged = await session.store.expunge(view.mailboxId, uids);
    for (const seq of view.removeNow(expunged)) await session.send([`* ${seq} EXPUNGE`]);
    return ok(`${command.name} completed`);
  },
};
