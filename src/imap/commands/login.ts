import { NOT_AUTHENTICATED, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { logIn } from '../login-result.js';

// LOGIN (RFC 3501 §6.2.3): a password login like AUTHENTICATE PLAIN, through login-result.ts.
export const login: CommandSpec<CommandOf<'LOGIN'>> = {
  states: NOT_AUTHENTICATED,
  run: (session, command) => logIn(session, command.user, command.password),
};
