import { ANY, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { string } from '../../protocol/encode.js';
import { SERVER_VERSION } from '../../version.js';

export const id: CommandSpec<CommandOf<'ID'>> = {
  states: ANY,
  async run(session, command) {
    if (command.params) session.log.info({ clientId: Object.fromEntries(command.params) }, 'client id');
    await session.send(['* ID ("name" "cpm-imapd" "version" ', ...string(SERVER_VERSION), ')']);
    return ok('ID completed');
  },
};
