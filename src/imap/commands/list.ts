import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { atomList, mailbox as encodeMailbox } from '../../protocol/encode.js';
import { listMatcher } from '../list-pattern.js';
import { DELIMITER, parentsOf } from '../mailbox-name.js';
import type { MailboxInfo } from '../../store/types.js';

/** LIST and LSUB (RFC 3501 §6.3.8–9) with CHILDREN (RFC 3348) and SPECIAL-USE (RFC 6154). */
export const list: CommandSpec<CommandOf<'LIST' | 'LSUB'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    const userId = session.user!.id;
    if (command.name === 'LIST' && command.pattern === '') {
      // An empty pattern asks for the delimiter and the root of the reference.
      await session.send([`* LIST (\\Noselect) "${DELIMITER}" ""`]);
      return ok('LIST completed');
    }
    const matches = listMatcher(command.reference, command.pattern);
    const mailboxes = await session.store.listMailboxes(userId);
    const rows =
      command.name === 'LIST'
        ? listRows(mailboxes, matches)
        : lsubRows(await session.store.listSubscriptions(userId), mailboxes, matches, command.pattern.endsWith('%'));
    for (const [name, attributes] of rows) {
      await session.send([`* ${command.name} ${atomList(attributes)} "${DELIMITER}" `, ...encodeMailbox(name)]);
    }
    return ok(`${command.name} completed`);
  },
};

type Row = [name: string, attributes: string[]];

function listRows(mailboxes: MailboxInfo[], matches: (name: string) => boolean): Row[] {
  const parents = new Set(mailboxes.flatMap((m) => parentsOf(m.name)));
  return sortNames(mailboxes.filter((m) => matches(m.name))).map((m) => {
    const attributes = [parents.has(m.name) ? '\\HasChildren' : '\\HasNoChildren'];
    if (m.noselect) attributes.unshift('\\Noselect');
    if (m.specialUse) attributes.push(m.specialUse);
    return [m.name, attributes];
  });
}

function lsubRows(subscribed: string[], mailboxes: MailboxInfo[], matches: (name: string) => boolean, percent: boolean): Row[] {
  const selectable = new Set(mailboxes.filter((m) => !m.noselect).map((m) => m.name));
  const rows = new Map<string, string[]>();
  for (const name of subscribed) {
    if (matches(name)) rows.set(name, selectable.has(name) ? [] : ['\\Noselect']);
  }
  if (percent) {
    // A '%' that stops above a subscribed child lists the parent as \Noselect (RFC 3501 §6.3.9).
    for (const name of subscribed) {
      for (const parent of parentsOf(name)) if (!rows.has(parent) && matches(parent)) rows.set(parent, ['\\Noselect']);
    }
  }
  return sortNames([...rows.keys()].map((name) => ({ name }))).map(({ name }) => [name, rows.get(name)!]);
}

/** INBOX first, then by name. */
function sortNames<T extends { name: string }>(items: T[]): T[] {
  return [...items].sort((a, b) => (a.name === 'INBOX' ? -1 : b.name === 'INBOX' ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
