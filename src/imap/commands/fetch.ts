import { SELECTED, no, ok, type CommandSpec, type Result } from '../command.js';
import type { CommandOf, FetchItem } from '../../protocol/ast.js';
import { ResponseBatch } from '../../protocol/response-batch.js';
import type { Wire } from '../../protocol/encode.js';
import type { MessageMeta } from '../../store/types.js';
import { isResult } from '../mailbox-lookup.js';
import { SelectedMailbox } from '../selected-mailbox.js';
import type { Session } from '../session.js';
import { encodeItem, ItemRefused, needsBody, needsParsed, setsSeen, unsupportedItem } from '../fetch-items.js';

/** Messages are read from the store this many at a time, so memory stays flat. */
const CHUNK = 500;

export const fetch: CommandSpec<CommandOf<'FETCH'>> = {
  states: SELECTED,
  expungeAllowed: (command) => command.uid,
  async run(session, command) {
    const unsupported = command.items.map(unsupportedItem).find((u) => u !== null);
    if (unsupported) return no(`FETCH ${unsupported} is not supported yet`, 'CANNOT');
    const uids = session.resolveSet(command.set, command.uid);
    if (isResult(uids)) return uids;

    const view = session.selected!;
    const items = withImplicitItems(command.items, command.uid, !view.readOnly);
    const markSeen = !view.readOnly && command.items.some(setsSeen);
    const wantsBody = items.some(needsBody);
    const wantsParsed = items.some(needsParsed);
    const batch = new ResponseBatch((data) => session.conn.write(data));
    let missing = 0;
    let refused: Result | null = null;

    for (let i = 0; i < uids.length; i += CHUNK) {
      const chunk = uids.slice(i, i + CHUNK);
      let metas = await session.store.getMessages(view.mailboxId, SelectedMailbox.toRanges(chunk));
      if (markSeen) metas = await markAsSeen(session, view.mailboxId, metas);
      missing += chunk.length - metas.length;
      for (const meta of metas) {
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
 * new FLAGS even when they were not asked for.
 */
function withImplicitItems(items: FetchItem[], uid: boolean, writable: boolean): FetchItem[] {
  const out = [...items];
  if (uid && !out.some((i) => i.type === 'UID')) out.unshift({ type: 'UID' });
  if (writable && out.some(setsSeen) && !out.some((i) => i.type === 'FLAGS')) out.push({ type: 'FLAGS' });
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
