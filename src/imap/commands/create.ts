import { AUTHENTICATED, no, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { DELIMITER, invalidMailboxName } from '../mailbox-name.js';

export const create: CommandSpec<CommandOf<'CREATE'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    // A trailing delimiter only says children are intended (RFC 3501 §6.3.3).
    const name = command.mailbox.endsWith(DELIMITER) ? command.mailbox.slice(0, -1) : command.mailbox;
    const invalid = invalidMailboxName(name);
    // A well-formed name the server cannot use: RFC 3501 "can't create mailbox with that name" is
    // NO, and RFC 5530 answers adjacent delimiters with [CANNOT].
    if (invalid) return no(invalid, 'CANNOT');
    if (name === 'INBOX') return no('INBOX always exists', 'ALREADYEXISTS');
    await session.store.createMailbox(session.user!.id, name);
    return ok('CREATE completed');
  },
};
