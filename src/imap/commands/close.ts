import { SELECTED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { rightsOn } from '../rights.js';

/**
 * CLOSE expunges silently (unless read-only, or without `e`: then it only closes, RFC 4314
 * §4); UNSELECT just leaves (RFC 3691).
 */
export const close: CommandSpec<CommandOf<'CLOSE' | 'UNSELECT'>> = {
  states: SELECTED,
  async run(session, command) {
    const view = session.selected!;
    if (command.name === 'CLOSE' && !view.readOnly && (await rightsOn(session, view.mailboxId)).has('e')) {
      await session.store.expunge(view.mailboxId);
    }
    session.leaveMailbox();
    return ok(`${command.name} completed`);
  },
};
