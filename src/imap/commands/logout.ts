import { ANY, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

export const logout: CommandSpec<CommandOf<'LOGOUT'>> = {
  states: ANY,
  async run(session) {
    await session.send(['* BYE cpm-imapd logging out']);
    session.leaveMailbox();
    session.state = 'logout';
    return ok('LOGOUT completed');
  },
};
