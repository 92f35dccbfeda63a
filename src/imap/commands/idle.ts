import { AUTHENTICATED, bad, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

export const idle: CommandSpec<CommandOf<'IDLE'>> = {
  states: AUTHENTICATED,
  async run(session) {
    await session.send(['+ idling']);
    const done = await session.idle();
    return done ? ok('IDLE terminated') : bad('Expected DONE');
  },
};
