import { SELECTED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { toStoreKey, UnsupportedSearchKey } from '../search-translate.js';

const CHARSETS = ['UTF-8', 'US-ASCII'];

export const search: CommandSpec<CommandOf<'SEARCH'>> = {
  states: SELECTED,
  expungeAllowed: (command) => command.uid,
  async run(session, command) {
    if (command.charset !== undefined && !CHARSETS.includes(command.charset.toUpperCase())) {
      return no('Unsupported charset', `BADCHARSET (${CHARSETS.join(' ')})`);
    }
    const view = session.selected!;
    let key;
    try {
      key = toStoreKey(command.key, view);
    } catch (err) {
      if (err instanceof UnsupportedSearchKey) return no(err.message, 'CANNOT');
      throw err;
    }
    const found = await session.store.search(view.mailboxId, key);
    // Only messages the client has been told of exist for it.
    const numbers = found.map((uid) => (command.uid ? (view.seqOf(uid) ? uid : 0) : view.seqOf(uid))).filter((n) => n > 0);
    await session.send([numbers.length ? `* SEARCH ${numbers.join(' ')}` : '* SEARCH']);
    return ok(`${command.uid ? 'UID ' : ''}SEARCH completed`);
  },
};
