import { NOT_AUTHENTICATED, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { logIn } from '../login-result.js';

export const login: CommandSpec<CommandOf<'LOGIN'>> = {
  states: NOT_AUTHENTICATED,
  run: (session, command) => logIn(session, command.user, command.password),
};
