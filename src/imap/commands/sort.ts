// SORT and UID SORT (RFC 5256 §3, RFC 5957 DISPLAYFROM / DISPLAYTO).
import { SELECTED, no, ok, type CommandSpec, type Result } from '../command.js';
import type { CommandOf, SearchKey } from '../../protocol/ast.js';
import type { SortFields } from '../../store/types.js';
import { toStoreKey, UnsupportedSearchKey } from '../search-translate.js';
import type { Session } from '../session.js';
import { sortMessages } from '../sort.js';

const CHARSETS = ['UTF-8', 'US-ASCII'];

/**
 * What SORT and THREAD share: the charset check, the search (through the same translation
 * as SEARCH), and the sort fields of the matching messages the client knows of, in mailbox
 * order. A Result when the command must stop there.
 */
export async function searchedSortFields(session: Session, charset: string, key: SearchKey): Promise<SortFields[] | Result> {
  if (!CHARSETS.includes(charset.toUpperCase())) {
    return no('Unsupported charset', `BADCHARSET (${CHARSETS.join(' ')})`);
  }
  const view = session.selected!;
  let storeKey;
  try {
    storeKey = toStoreKey(key, view);
  } catch (err) {
    if (err instanceof UnsupportedSearchKey) return no(err.message, 'CANNOT');
    throw err;
  }
  const found = await session.store.search(view.mailboxId, storeKey);
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
    const fields = await searchedSortFields(session, command.charset, command.key);
    if (!Array.isArray(fields)) return fields;
    const view = session.selected!;
    const sorted = sortMessages(fields, command.criteria);
    const numbers = sorted.map((f) => (command.uid ? f.uid : view.seqOf(f.uid)));
    await session.send([numbers.length ? `* SORT ${numbers.join(' ')}` : '* SORT']);
    return ok(`${command.uid ? 'UID ' : ''}SORT completed`);
  },
};
