// SORT and UID SORT (RFC 5256 §3, RFC 5957 DISPLAYFROM / DISPLAYTO).
import { SELECTED, ok, type CommandSpec, type Result } from '../command.js';
import type { CommandOf, SearchKey } from '../../protocol/ast.js';
import type { SortFields } from '../../store/types.js';
import { badCharset, toStoreKey, usesModseq } from '../search-translate.js';
import type { Session } from '../session.js';
import { SelectedMailbox } from '../selected-mailbox.js';
import { sortMessages } from '../sort.js';

/**
 * What SORT and THREAD share: the charset check, the search (through the same translation
 * as SEARCH), and the sort fields of the matching messages the client knows of, in mailbox
 * order. A Result when the command must stop there.
 */
export async function searchedSortFields(session: Session, charset: string, key: SearchKey): Promise<SortFields[] | Result> {
  const refused = badCharset(charset);
  if (refused) return refused;
  const view = session.selected!;
  // `$` is the saved search result here too (RFC 5182 §2.1).
  const found = await session.store.search(view.mailboxId, toStoreKey(key, view, session.savedSearch));
  // Only messages the client has been told of exist for it.
  const uids = found.filter((uid) => view.seqOf(uid) > 0).sort((a, b) => a - b);
  if (uids.length === 0) return [];
  return session.store.sortFields(view.mailboxId, uids);
}

export const sort: CommandSpec<CommandOf<'SORT'>> = {
  states: SELECTED,
  // RFC 5256 §3: no EXPUNGE while answering SORT; UID SORT may have them.
  expungeAllowed: (command) => command.uid,
  async run(session, command) {
    // RFC 7162 §3.1.9: with the MODSEQ key (a CONDSTORE enabling command) a non-empty SORT
    // response ends with the highest MODSEQ of the messages returned.
    const withModseq = usesModseq(command.key);
    if (withModseq) await session.enableCondstore();
    const fields = await searchedSortFields(session, command.charset, command.key);
    if (!Array.isArray(fields)) return fields;
    const view = session.selected!;
    const sorted = sortMessages(fields, command.criteria);
    const numbers = sorted.map((f) => (command.uid ? f.uid : view.seqOf(f.uid)));
    let modseq = '';
    if (withModseq && fields.length) {
      const metas = await session.store.getMessages(view.mailboxId, SelectedMailbox.toRanges(fields.map((f) => f.uid)));
      const highest = metas.reduce((max, m) => Math.max(max, m.modseq), 0);
      if (highest > 0) modseq = ` (MODSEQ ${highest})`;
    }
    await session.send([numbers.length ? `* SORT ${numbers.join(' ')}${modseq}` : '* SORT']);
    return ok(`${command.uid ? 'UID ' : ''}SORT completed`);
  },
};
