import { SELECTED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { isResult } from '../mailbox-lookup.js';
import { rightsOn } from '../rights.js';
import type { Session } from '../session.js';

/**
 * RFC 7162 §3.2.7, §3.2.9 (and RFC 6851 §4.4 for MOVE): after messages were removed, a
 * CONDSTORE-aware client gets the new HIGHESTMODSEQ in the tagged OK (a MUST with QRESYNC,
 * allowed with CONDSTORE alone). The view first catches up and reports everything, so the
 * value is one the client has heard all changes up to.
 */
export async function highestModseqCode(session: Session, removed: boolean): Promise<string | undefined> {
  if (!removed || !session.condstore || !session.selected) return undefined;
  await session.sendUpdates(true);
  return `HIGHESTMODSEQ ${session.selected.announcedModseq}`;
}

/** EXPUNGE, and UID EXPUNGE (RFC 4315) which only touches the UIDs given. */
export const expunge: CommandSpec<CommandOf<'EXPUNGE' | 'UID EXPUNGE'>> = {
  states: SELECTED,
  async run(session, command) {
    const view = session.selected!;
    if (view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    // RFC 4314 §4: needs `e`, checked now (rights may have changed since SELECT).
    if (!(await rightsOn(session, view.mailboxId)).has('e')) return no('Permission denied (needs right e)', 'NOPERM');
    let uids: number[] | undefined;
    if (command.name === 'UID EXPUNGE') {
      const resolved = session.resolveSet(command.set, true);
      if (isResult(resolved)) return resolved;
      uids = resolved;
      if (uids.length === 0) return ok('UID EXPUNGE completed');
    }
    const expunged = await session.store.expunge(view.mailboxId, uids);
    await session.announceExpunged(expunged); // EXPUNGE, or VANISHED with QRESYNC (RFC 7162 §3.2.7)
    return ok(`${command.name} completed`, await highestModseqCode(session, expunged.length > 0));
  },
};
