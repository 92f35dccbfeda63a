import { NOT_AUTHENTICATED, bad, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

/**
 * No certificate is configured on this listener, so STARTTLS is not advertised either.
 * RFC 3501 §6.2.1 allows only OK or BAD here: without TLS the command is unknown to us.
 */
export const starttls: CommandSpec<CommandOf<'STARTTLS'>> = {
  states: NOT_AUTHENTICATED,
  async run() {
    return bad('TLS is not configured on this listener');
  },
};
