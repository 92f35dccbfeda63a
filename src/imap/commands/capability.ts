import { ANY, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { capabilities } from '../capabilities.js';

export const capability: CommandSpec<CommandOf<'CAPABILITY'>> = {
  states: ANY,
  async run(session) {
    await session.send([`* CAPABILITY ${capabilities(session).join(' ')}`]);
    return ok('CAPABILITY completed');
  },
};
