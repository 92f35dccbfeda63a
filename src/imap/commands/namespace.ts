import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { DELIMITER } from '../mailbox-name.js';

export const namespace: CommandSpec<CommandOf<'NAMESPACE'>> = {
  states: AUTHENTICATED,
  async run(session) {
    await session.send([`* NAMESPACE (("" "${DELIMITER}")) NIL NIL`]);
    return ok('NAMESPACE completed');
  },
};
