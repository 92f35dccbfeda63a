// THREAD and UID THREAD (RFC 5256 §3): ORDEREDSUBJECT and REFERENCES.
import { SELECTED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { formatThreads, threadOrderedSubject, threadReferences } from '../thread.js';
import { searchedSortFields } from './sort.js';

export const thread: CommandSpec<CommandOf<'THREAD'>> = {
  states: SELECTED,
  // RFC 5256 §3: no EXPUNGE while answering THREAD; UID THREAD may have them.
  expungeAllowed: (command) => command.uid,
  async run(session, command) {
    const fields = await searchedSortFields(session, command.charset, command.key);
    if (!Array.isArray(fields)) return fields;
    const view = session.selected!;
    const threads = command.algorithm === 'REFERENCES' ? threadReferences(fields) : threadOrderedSubject(fields);
    const text = formatThreads(threads, command.uid ? (uid) => uid : (uid) => view.seqOf(uid));
    await session.send([text ? `* THREAD ${text}` : '* THREAD']);
    return ok(`${command.uid ? 'UID ' : ''}THREAD completed`);
  },
};
