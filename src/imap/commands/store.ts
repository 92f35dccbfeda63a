import { SELECTED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { atomList } from '../../protocol/encode.js';
import { ResponseBatch } from '../../protocol/response-batch.js';
import { isResult } from '../mailbox-lookup.js';
import { SelectedMailbox } from '../selected-mailbox.js';

export const store: CommandSpec<CommandOf<'STORE'>> = {
  states: SELECTED,
  expungeAllowed: (command) => command.uid,
  async run(session, command) {
    const view = session.selected!;
    if (view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    const uids = session.resolveSet(command.set, command.uid);
    if (isResult(uids)) return uids;
    const name = `${command.uid ? 'UID ' : ''}STORE completed`;
    if (uids.length === 0) return ok(name);
    const changed = await session.store.storeFlags(view.mailboxId, uids, command.mode, command.flags);
    view.noteReported(changed);
    if (command.silent) return ok(name);

    // Without .SILENT every message in the set is reported, changed or not.
    const metas = await session.store.getMessages(view.mailboxId, SelectedMailbox.toRanges(uids));
    const batch = new ResponseBatch((data) => session.conn.write(data));
    for (const meta of metas) {
      const uid = command.uid ? `UID ${meta.uid} ` : '';
      await batch.add([`* ${view.seqOf(meta.uid)} FETCH (${uid}FLAGS ${atomList(session.flagsOf(meta.uid, meta.flags))})`]);
    }
    await batch.flush();
    return ok(name);
  },
};
