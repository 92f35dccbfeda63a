import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

/** No extension that needs enabling is implemented yet, so nothing is ever enabled. */
export const enable: CommandSpec<CommandOf<'ENABLE'>> = {
  states: AUTHENTICATED,
  async run(session) {
    await session.send(['* ENABLED']);
    return ok('ENABLE completed');
  },
};
