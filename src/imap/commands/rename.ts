import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { invalidMailboxName } from '../mailbox-name.js';

export const rename: CommandSpec<CommandOf<'RENAME'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const invalid = invalidMailboxName(command.to);
    // A well-formed name the server cannot use: RFC 3501 "can't create mailbox with that name" is
    // NO, and RFC 5530 answers adjacent delimiters with [CANNOT].
    if (invalid) return no(invalid, 'CANNOT');
    if (command.to === 'INBOX') return no('INBOX always exists', 'ALREADYEXISTS');
    await session.store.renameMailbox(session.user!.id, command.from, command.to);
    return ok('RENAME completed');
  },
};
