// RFC 7162 resynchronisation shared by SELECT/EXAMINE (QRESYNC ...) and UID FETCH
// (CHANGEDSINCE ... VANISHED): what changed and what vanished after a MODSEQ, read through
// the store's modseq indexes, so the cost follows the number of changes and never the size
// of the mailbox.
import type { SequenceSet } from '../protocol/ast.js';
import { numberSet } from '../protocol/encode.js';
import { ResponseBatch } from '../protocol/response-batch.js';
import { resolveSequenceSet } from '../protocol/sequence-set.js';
import type { MessageMeta, UidRanges } from '../store/types.js';
import { bad, type Result } from './command.js';
import { SelectedMailbox } from './selected-mailbox.js';
import type { Session } from './session.js';

/** UIDs per `* VANISHED (EARLIER)` line, so no single line grows without bound. */
const VANISHED_PER_LINE = 2000;

/** `* VANISHED (EARLIER) set` lines for ascending UIDs (none for none). */
export function vanishedEarlierLines(uids: readonly number[]): string[] {
  const lines: string[] = [];
  for (let i = 0; i < uids.length; i += VANISHED_PER_LINE) {
    lines.push(`* VANISHED (EARLIER) ${numberSet(uids.slice(i, i + VANISHED_PER_LINE))}`);
  }
  return lines;
}

/**
 * The UID ranges a FETCH set covers, without listing its messages: a UID set as given (`*`
 * is the largest UID the client knows), a sequence set through the UIDs at the ends of each
 * range (the view's UIDs between those are exactly the range's messages), `$` as saved.
 * BAD for a sequence number past the end, as resolveSet answers.
 */
export function setToUidRanges(session: Session, set: SequenceSet, uid: boolean): UidRanges | Result {
  const view = session.selected!;
  if (set.kind === 'saved') return SelectedMailbox.toRanges(session.savedSearch);
  if (uid) return resolveSequenceSet(set.ranges, view.uidMax);
  const seqs = resolveSequenceSet(set.ranges, view.exists);
  const out: UidRanges = [];
  for (const [lo, hi] of seqs) {
    if (hi > view.exists) return bad('Invalid message sequence number', 'CLIENTBUG');
    out.push([view.uidAt(lo)!, view.uidAt(hi)!]);
  }
  return out;
}

/**
 * Messages in `ranges` changed after `since` that this session's view holds (so have a
 * sequence number), and the UIDs in `ranges` expunged after `since` that it does not hold
 * (those it still holds are told by a VANISHED of their own at the end of the command;
 * a VANISHED (EARLIER) for them would leave the client's numbering wrong).
 */
export async function changedAndVanished(
  session: Session,
  since: number,
  ranges: UidRanges,
  vanishedFrom = 1,
): Promise<{ changed: MessageMeta[]; vanished: number[] }> {
  const view = session.selected!;
  const changes = await session.store.resyncSince(view.mailboxId, since, ranges);
  return {
    changed: changes.changed.filter((m) => view.seqOf(m.uid) > 0),
    vanished: changes.expunged.filter((uid) => uid >= vanishedFrom && view.seqOf(uid) === 0),
  };
}

/**
 * SELECT/EXAMINE (QRESYNC (uidvalidity modseq [known-uids] [seq-match-data])), after the
 * usual SELECT responses and only when the UIDVALIDITY matched (RFC 7162 §3.2.5): the
 * VANISHED (EARLIER) expunges and the FETCH (UID FLAGS MODSEQ) of every known message changed
 * since `modseq`, as `UID FETCH known-uids (FLAGS) (CHANGEDSINCE modseq VANISHED)` would.
 * Known UIDs default to 1:(UIDNEXT-1); sequence match data narrows the VANISHED part to UIDs
 * above the last pair that still matches.
 */
export async function qresyncSelect(
  session: Session,
  uidNext: number,
  modseq: number,
  knownUids: UidRanges | undefined,
  seqMatch: { seqs: UidRanges; uids: UidRanges } | undefined,
): Promise<void> {
  const view = session.selected!;
  const ranges = knownUids ?? (uidNext > 1 ? [[1, uidNext - 1]] : []);
  const from = seqMatch ? view.lastMatchedUid(seqMatch.seqs, seqMatch.uids) + 1 : 1;
  const { changed, vanished } = await changedAndVanished(session, modseq, ranges, from);
  const batch = new ResponseBatch((data) => session.conn.write(data));
  for (const line of vanishedEarlierLines(vanished)) await batch.add([line]);
  for (const meta of changed) await batch.add([session.flagUpdate(view.seqOf(meta.uid), meta)]);
  await batch.flush();
  // Told now: the catch-up at the end of SELECT need not tell them again.
  view.noteReported(changed);
}
