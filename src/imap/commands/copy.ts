import { SELECTED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { numberSet } from '../../protocol/encode.js';
import { findTarget, isResult } from '../mailbox-lookup.js';
import { flagPermissions, rightsOn } from '../rights.js';
import { highestModseqCode } from './expunge.js';

/** COPY and MOVE (RFC 6851), answering with COPYUID (RFC 4315). */
export const copy: CommandSpec<CommandOf<'COPY' | 'MOVE'>> = {
  states: SELECTED,
  async run(session, command) {
    const view = session.selected!;
    const uids = session.resolveSet(command.set, command.uid);
    if (isResult(uids)) return uids;
    const target = await findTarget(session, command.mailbox, 'i');
    if (isResult(target)) return target;
    const isMove = command.name === 'MOVE';
    // RFC 6851 §3.3 / RFC 4314 §4: MOVE also deletes and expunges from the source.
    if (isMove) {
      const rights = await rightsOn(session, view.mailboxId);
      if (!rights.has('t') || !rights.has('e')) return no('Permission denied (MOVE needs rights t and e on the source)', 'NOPERM');
    }
    const name = `${command.uid ? 'UID ' : ''}${command.name} completed`;
    if (uids.length === 0) return ok(name);

    if (isMove && view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    const permissions = flagPermissions(target.rights);
    const result = isMove
      ? await session.store.move(view.mailboxId, uids, target.id, permissions)
      : await session.store.copy(view.mailboxId, uids, target.id, permissions);
    if (result.sourceUids.length === 0) return ok(name);
    // RFC 4315 §3: no COPYUID for a target the user may not read (it would disclose UIDVALIDITY and UIDs).
    const code = target.rights.has('r') ? `COPYUID ${result.uidValidity} ${numberSet(result.sourceUids)} ${numberSet(result.destUids)}` : undefined;
    if (!isMove) return ok(name, code);
    // MOVE reports COPYUID untagged, before the EXPUNGEs (RFC 6851 §4.3).
    if (code) await session.send([`* OK [${code}] Moved`]);
    await session.announceExpunged(result.sourceUids); // VANISHED with QRESYNC (RFC 6851 §4.4)
    return ok(name, await highestModseqCode(session, true));
  },
};
