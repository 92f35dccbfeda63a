import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { NAMESPACE_RESPONSE } from '../namespace.js';

/** NAMESPACE (RFC 2342): personal "", other users "Other Users/", shared "Shared/" (src/imap/namespace.ts). */
export const namespace: CommandSpec<CommandOf<'NAMESPACE'>> = {
  states: AUTHENTICATED,
  async run(session) {
    await session.send([NAMESPACE_RESPONSE]);
    return ok('NAMESPACE completed');
  },
};
