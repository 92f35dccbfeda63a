import { AUTHENTICATED, bad, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { atomList, type Wire } from '../../protocol/encode.js';
import { findMailbox, isResult } from '../mailbox-lookup.js';
import { SelectedMailbox } from '../selected-mailbox.js';
import { UidList } from '../uid-list.js';
import { SYSTEM_FLAGS } from '../flags.js';
import { qresyncSelect } from '../qresync.js';
import { canWriteMailbox, mayChangeFlag } from '../rights.js';

/**
 * SELECT and EXAMINE: open a mailbox read-write or read-only. With RFC 7162 parameters:
 * CONDSTORE (a CONDSTORE enabling command) and QRESYNC (only after ENABLE QRESYNC), which
 * resynchronises the client after the usual responses (qresync.ts). HIGHESTMODSEQ is sent to
 * CONDSTORE-aware clients (never NOMODSEQ: every mailbox keeps MODSEQs).
 */
export const select: CommandSpec<CommandOf<'SELECT' | 'EXAMINE'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const qresync = command.params?.qresync;
    // RFC 7162 §3.2.5: BAD, and nothing else happens, without ENABLE QRESYNC first.
    if (qresync && !session.qresync) return bad('QRESYNC needs ENABLE QRESYNC first');
    // RFC 7162 §3.2.11: closing a selected mailbox implicitly is marked by [CLOSED].
    if (session.selected) await session.send(['* OK [CLOSED] Previous mailbox closed']);
    // SELECT deselects first, so one that fails leaves no mailbox selected (RFC 3501 §6.3.1).
    session.leaveMailbox();
    if (command.params?.condstore) session.enabled.add('CONDSTORE');
    const mailbox = await findMailbox(session, command.mailbox);
    if (isResult(mailbox)) return mailbox;
    // RFC 4314 §4: READ-ONLY without any right that changes the mailbox; EXAMINE always.
    const readOnly = command.name === 'EXAMINE' || !canWriteMailbox(mailbox.rights);
    const store = session.store;
    const recent = readOnly ? [] : await store.claimRecent(mailbox.id);
    // Read the MODSEQ before the messages: a change in between is then reported twice, never lost.
    const current = (await store.getMailboxById(mailbox.id)) ?? mailbox;
    const summary = await store.mailboxSummary(mailbox.id);
    const uids = UidList.fromRuns(summary.runs);
    if (readOnly) {
      // EXAMINE "returns the same output" as SELECT but MUST NOT take \Recent away (RFC 3501
      // §6.3.2): show the unclaimed ones (the highest UIDs) without claiming them.
      const unclaimed = (await store.counts(mailbox.id)).recent;
      for (let seq = uids.length - unclaimed + 1; seq <= uids.length; seq++) recent.push(uids.uidAt(seq)!);
    }
    const view = new SelectedMailbox(mailbox.id, readOnly, uids, current.highestModseq, recent);
    session.enterMailbox(view);

    const firstUnseen = summary.firstUnseenUid === null ? 0 : view.seqOf(summary.firstUnseenUid);
    const flags = [...SYSTEM_FLAGS, ...summary.keywords];
    const lines: Wire[][] = [
      [`* ${view.exists} EXISTS`],
      [`* ${view.recentCount} RECENT`],
      [`* FLAGS ${atomList(flags)}`],
      [`* OK [PERMANENTFLAGS ${atomList(readOnly ? [] : permanentFlags(flags, mailbox.rights))}] Flags permitted`],
      [`* OK [UIDVALIDITY ${current.uidValidity}] UIDs valid`],
      [`* OK [UIDNEXT ${current.uidNext}] Predicted next UID`],
      [`* OK [MAILBOXID (${current.objectId})] Ok`],
    ];
    if (session.condstore) lines.push([`* OK [HIGHESTMODSEQ ${current.highestModseq}] Highest`]);
    if (firstUnseen) lines.push([`* OK [UNSEEN ${firstUnseen}] First unseen message`]);
    for (const line of lines) await session.send(line);
    // RFC 7162 §3.2.5: with another UIDVALIDITY the rest of the parameter is ignored.
    if (qresync && qresync.uidValidity === current.uidValidity) {
      await qresyncSelect(session, current.uidNext, qresync.modseq, qresync.knownUids, qresync.seqMatch);
    }
    return ok(`${command.name} completed`, readOnly ? 'READ-ONLY' : 'READ-WRITE');
  },
};

/** The flags this user may change (RFC 4314 §4: \Seen `s`, \Deleted `t`, others and new keywords `w`). */
function permanentFlags(flags: readonly string[], rights: ReadonlySet<string>): string[] {
  const out = flags.filter((flag) => mayChangeFlag(rights, flag));
  if (rights.has('w')) out.push('\\*');
  return out;
}
