import { ANY, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

/** NOOP does nothing itself; the updates sent at the end of every command are its point. */
export const noop: CommandSpec<CommandOf<'NOOP'>> = {
  states: ANY,
  async run() {
    return ok('NOOP completed');
  },
};
