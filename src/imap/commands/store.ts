import { SELECTED, no, ok, type CommandSpec, type Result } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { atomList, numberSet } from '../../protocol/encode.js';
import { ResponseBatch } from '../../protocol/response-batch.js';
import type { FlagPermissions, MessageMeta } from '../../store/types.js';
import { isResult } from '../mailbox-lookup.js';
import { flagPermissions, mayChangeFlag, rightsOn } from '../rights.js';
import { SelectedMailbox } from '../selected-mailbox.js';
import type { Session } from '../session.js';

export const store: CommandSpec<CommandOf<'STORE'>> = {
  states: SELECTED,
  expungeAllowed: (command) => command.uid,
  async run(session, command) {
    const view = session.selected!;
    if (view.readOnly) return no('Mailbox is read-only', 'READ-ONLY');
    const uids = session.resolveSet(command.set, command.uid);
    if (isResult(uids)) return uids;
    const name = `${command.uid ? 'UID ' : ''}STORE completed`;
    // RFC 7162 §3.1: UNCHANGEDSINCE is a CONDSTORE enabling command.
    if (command.unchangedSince !== undefined) await session.enableCondstore();
    // RFC 4314 §4: only the flags the user may change are changed; naming flags of which none
    // may be changed is refused. FLAGS (replace) leaves the others as they are.
    const rights = await rightsOn(session, view.mailboxId);
    const flags = command.flags.filter((flag) => mayChangeFlag(rights, flag));
    if (command.flags.length > 0 && flags.length === 0) return no('Permission denied (no right to change these flags)', 'NOPERM');
    const permissions = flagPermissions(rights);
    if (uids.length === 0) return ok(name);
    if (command.unchangedSince !== undefined) {
      return conditionalStore(session, { ...command, flags }, uids, command.unchangedSince, permissions);
    }

    // A .SILENT +FLAGS/-FLAGS reports nothing, so the client must first hear of what other
    // sessions changed on these messages, or the catch-up after the command would take the
    // new state for one the client was told and never report those changes.
    if (command.silent && command.mode !== 'set') await session.sendUpdates(command.uid);
    const changed = await session.store.storeFlags(view.mailboxId, uids, command.mode, flags, permissions);
    view.noteReported(changed);
    if (command.silent) {
      // RFC 7162 §3.1.3 / Example 14: a CONDSTORE-aware client still learns the new MODSEQs.
      if (session.condstore) await sendFetches(session, changed, 'modseq');
      return ok(name);
    }

    // Without .SILENT every message in the set is reported, changed or not.
    const metas = await session.store.getMessages(view.mailboxId, SelectedMailbox.toRanges(uids));
    await sendFetches(session, metas, command.uid ? 'uid-flags' : 'flags');
    return ok(name);
  },
};

/**
 * STORE (UNCHANGEDSINCE n) (RFC 7162 §3.1.3): one transaction changes the messages whose
 * MODSEQ is <= n and leaves the others; every message that passed gets a FETCH with its MODSEQ
 * (with FLAGS unless .SILENT), every one that failed a FETCH with its current FLAGS and
 * MODSEQ (the RECOMMENDED unsolicited FETCH of Example 10), and the failed ones are listed in
 * [MODIFIED set] (sequence numbers, or UIDs for UID STORE). The server keeps one MODSEQ per
 * message, so a change to any flag fails the test, also for +FLAGS/-FLAGS (§3.1.12 allows the
 * cleverer check, which needs the client's view of every flag; not done).
 */
async function conditionalStore(
  session: Session,
  command: CommandOf<'STORE'>,
  uids: number[],
  unchangedSince: number,
  permissions: FlagPermissions,
): Promise<Result> {
  const view = session.selected!;
  const result = await session.store.storeFlagsUnchangedSince(view.mailboxId, uids, command.mode, command.flags, unchangedSince, permissions);
  view.noteReported([...result.modified, ...result.changed]);
  const passed = [...result.changed, ...result.unchanged];
  const byUid = [...passed.map((meta) => ({ meta, failed: false })), ...result.modified.map((meta) => ({ meta, failed: true }))];
  byUid.sort((a, b) => a.meta.uid - b.meta.uid);
  const batch = new ResponseBatch((data) => session.conn.write(data));
  for (const { meta, failed } of byUid) {
    await batch.add([fetchLine(session, meta, failed || !command.silent ? 'uid-flags' : 'modseq')]);
  }
  await batch.flush();
  const name = `${command.uid ? 'UID ' : ''}STORE completed`;
  if (result.modified.length === 0) return ok(name);
  const failed = result.modified.map((m) => (command.uid ? m.uid : view.seqOf(m.uid)));
  return ok(`Conditional ${name}; some messages were changed meanwhile`, `MODIFIED ${numberSet(failed)}`);
}

type FetchForm = 'flags' | 'uid-flags' | 'modseq';

/**
 * `* n FETCH (...)` for a STORE: FLAGS (with UID for UID STORE), or only the MODSEQ for .SILENT.
 * A CONDSTORE-aware client always gets UID and MODSEQ too (RFC 7162 §3.2.4).
 */
function fetchLine(session: Session, meta: MessageMeta, form: FetchForm): string {
  const seq = session.selected!.seqOf(meta.uid);
  const condstore = session.condstore;
  const parts: string[] = [];
  if (form !== 'flags' || condstore) parts.push(`UID ${meta.uid}`);
  if (form !== 'modseq') parts.push(`FLAGS ${atomList(session.flagsOf(meta.uid, meta.flags))}`);
  if (condstore) {
    parts.push(`MODSEQ (${meta.modseq})`);
    session.selected!.noteModseqTold(meta.modseq);
  }
  return `* ${seq} FETCH (${parts.join(' ')})`;
}

async function sendFetches(session: Session, metas: readonly MessageMeta[], form: FetchForm): Promise<void> {
  const batch = new ResponseBatch((data) => session.conn.write(data));
  for (const meta of metas) await batch.add([fetchLine(session, meta, form)]);
  await batch.flush();
}
