import { SELECTED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

/** Every command is already durable when answered, so CHECK has nothing left to do. */
export const check: CommandSpec<CommandOf<'CHECK'>> = {
  states: SELECTED,
  async run() {
    return ok('CHECK completed');
  },
};
