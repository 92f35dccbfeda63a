import { SELECTED, bad, no, ok, type CommandSpec, type Result } from '../command.js';
import type { CommandOf, FetchItem } from '../../protocol/ast.js';
import { ResponseBatch } from '../../protocol/response-batch.js';
import type { Wire } from '../../protocol/encode.js';
import type { MessageMeta } from '../../store/types.js';
import { isResult } from '../mailbox-lookup.js';
import { rightsOn } from '../rights.js';
import { SelectedMailbox } from '../selected-mailbox.js';
import type { Session } from '../session.js';
import { encodeItem, ItemRefused, needsBody, needsParsed, setsSeen, unsupportedItem } from '../fetch-items.js';
import { changedAndVanished, setToUidRanges, vanishedEarlierLines } from '../qresync.js';

/** Messages are read from the store this many at a time, so memory stays flat. */
const CHUNK = 500;

export const fetch: CommandSpec<CommandOf<'FETCH'>> = {
  states: SELECTED,
  expungeAllowed: (command) => command.uid,
  async run(session, command) {
    const unsupported = command.items.map(unsupportedItem).find((u) => u !== null);
    if (unsupported) return no(`FETCH ${unsupported} is not supported yet`, 'CANNOT');
    // RFC 7162 §3.2.6: VANISHED only once QRESYNC is enabled (UID FETCH and CHANGEDSINCE are
    // checked by the parser).
    if (command.vanished && !session.qresync) return bad('VANISHED needs ENABLE QRESYNC first');
    const { changedSince } = command;
    const uids = changedSince === undefined ? session.resolveSet(command.set, command.uid) : setToUidRanges(session, command.set, command.uid);
    if (isResult(uids)) return uids;

    const view = session.selected!;
    // RFC 7162 §3.1: MODSEQ and CHANGEDSINCE are CONDSTORE enabling commands.
    if (changedSince !== undefined || command.items.some((i) => i.type === 'MODSEQ')) await session.enableCondstore();
    // RFC 4314 §4: reading sets \Seen only for a user with `s`.
    const writable = !view.readOnly && command.items.some(setsSeen) && (await rightsOn(session, view.mailboxId)).has('s');
    const items = withImplicitItems(command.items, command.uid, writable, changedSince !== undefined, session.condstore);
    const markSeen = writable;
    const wantsBody = items.some(needsBody);
    const wantsParsed = items.some(needsParsed);
    const tellsModseq = items.some((i) => i.type === 'MODSEQ');
    const batch = new ResponseBatch((data) => session.conn.write(data));
    let missing = 0;
    let refused: Result | null = null;

    // CHANGEDSINCE (RFC 7162 §3.1.4.1): only messages changed since, found through the modseq
    // index; with VANISHED (§3.2.6) the expunged UIDs of the set come first.
    let changed: MessageMeta[] | null = null;
    if (changedSince !== undefined) {
      const found = await changedAndVanished(session, changedSince, uids as Array<[number, number]>);
      if (command.vanished) for (const line of vanishedEarlierLines(found.vanished)) await batch.add([line]);
      changed = found.changed;
    }
    const total = changed ? changed.length : uids.length;

    // A client that went away mid-FETCH stops it: writes to a closed socket return at once, so
    // the loop would otherwise read every message for nobody.
    for (let i = 0; i < total && !session.gone; i += CHUNK) {
      let metas: MessageMeta[];
      let asked: number;
      if (changed) {
        metas = changed.slice(i, i + CHUNK);
        asked = metas.length;
      } else {
        const chunk = (uids as number[]).slice(i, i + CHUNK);
        metas = await session.store.getMessages(view.mailboxId, SelectedMailbox.toRanges(chunk));
        asked = chunk.length;
      }
      if (markSeen) metas = await markAsSeen(session, view.mailboxId, metas);
      missing += asked - metas.length;
      for (const meta of metas) {
        if (session.gone) break;
        const body = wantsBody ? await session.store.readMessage(view.mailboxId, meta.uid) : null;
        const parsed = wantsParsed ? await session.store.readParsed(view.mailboxId, meta.uid) : null;
        if ((wantsBody && !body) || (wantsParsed && !parsed)) {
          missing++;
          continue;
        }
        const source = { meta, flags: session.flagsOf(meta.uid, meta.flags), body, parsed };
        const parts: Wire[] = [`* ${view.seqOf(meta.uid)} FETCH (`];
        try {
          items.forEach((item, n) => {
            if (n > 0) parts.push(' ');
            parts.push(...encodeItem(item, source));
          });
        } catch (err) {
          // RFC 3516: an item that cannot be given fails the command; the rest is still sent.
          if (!(err instanceof ItemRefused)) throw err;
          refused ??= err.result;
          continue;
        }
        parts.push(')');
        if (tellsModseq) view.noteModseqTold(meta.modseq); // RFC 7162 §6 (session.sendUpdates)
        await batch.add(parts);
      }
    }
    await batch.flush();
    if (refused) return refused;
    const name = `${command.uid ? 'UID ' : ''}FETCH completed`;
    return missing ? ok(`${name}; some messages were expunged`, 'EXPUNGEISSUED') : ok(name);
  },
};

/**
 * UID FETCH always returns UID (RFC 3501 §6.4.8), and a fetch that sets \Seen returns the
 * new FLAGS even when they were not asked for. CHANGEDSINCE implies MODSEQ (RFC 7162
 * §3.1.4.1); for a CONDSTORE-aware client a fetch that sets \Seen also carries UID and
 * MODSEQ (§3.2.4).
 */
function withImplicitItems(items: FetchItem[], uid: boolean, writable: boolean, changedSince: boolean, condstore: boolean): FetchItem[] {
  const out = [...items];
  const seen = writable && out.some(setsSeen);
  if ((uid || (seen && condstore)) && !out.some((i) => i.type === 'UID')) out.unshift({ type: 'UID' });
  if ((changedSince || (seen && condstore)) && !out.some((i) => i.type === 'MODSEQ')) {
    out.splice(out[0]?.type === 'UID' ? 1 : 0, 0, { type: 'MODSEQ' });
  }
  if (seen && !out.some((i) => i.type === 'FLAGS')) out.push({ type: 'FLAGS' });
  return out;
}

async function markAsSeen(session: Session, mailboxId: number, metas: MessageMeta[]) {
  const unseen = metas.filter((m) => !m.flags.includes('\\Seen')).map((m) => m.uid);
  if (unseen.length === 0) return metas;
  const changed = await session.store.storeFlags(mailboxId, unseen, 'add', ['\\Seen']);
  session.selected!.noteReported(changed);
  const byUid = new Map(changed.map((m) => [m.uid, m]));
  return metas.map((m) => byUid.get(m.uid) ?? m);
}
