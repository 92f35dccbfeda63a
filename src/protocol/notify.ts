// RFC 5465 NOTIFY: the arguments of `NOTIFY SET [STATUS] event-groups` and `NOTIFY NONE`
// (§8). Syntax errors are BAD here; unknown event names are kept (the command answers them
// with NO [BADEVENT ...], §3.1), as are the rules between events, checked by the command.
import type { FetchItem } from './ast.js';
import { readFetchItems } from './fetch.js';
import { readMailbox } from './mailbox-arg.js';
import { ParseError, isAtomChar, type Reader } from './reader.js';

/** The mailbox specifiers of §6 (filter-mailboxes). */
export type NotifyFilter =
  | { kind: 'selected' }
  | { kind: 'selected-delayed' }
  | { kind: 'inboxes' }
  | { kind: 'personal' }
  | { kind: 'subscribed' }
  /** `names` decoded from modified UTF-7, INBOX in its canonical case; never wildcards (§6.6). */
  | { kind: 'subtree'; names: string[] }
  | { kind: 'mailboxes'; names: string[] };

export interface NotifyEventGroup {
  filter: NotifyFilter;
  /** Event names as written (case kept), [] for NONE. */
  events: string[];
  /** The fetch attributes after MessageNew, when given. */
  fetch?: FetchItem[];
}

export type NotifyArgs = { action: 'none' } | { action: 'set'; status: boolean; groups: NotifyEventGroup[] };

export function readNotify(r: Reader): NotifyArgs {
  r.space('NOTIFY SET or NONE');
  const action = r.takeWhile(isAtomChar).toUpperCase();
  if (action === 'NONE') return { action: 'none' };
  if (action !== 'SET') throw new ParseError(action === '' && r.atEnd() ? 'Missing NOTIFY SET or NONE' : 'Expected NOTIFY SET or NONE');
  r.space('event groups');
  let status = false;
  if (r.peek() !== 0x28) {
    const word = r.takeWhile(isAtomChar).toUpperCase();
    if (word !== 'STATUS') throw new ParseError('Expected STATUS or an event group');
    status = true;
    r.space('event groups');
  }
  const groups: NotifyEventGroup[] = [];
  do groups.push(readGroup(r));
  while (r.accept(0x20));
  return { action: 'set', status, groups };
}

function readGroup(r: Reader): NotifyEventGroup {
  if (r.peek() !== 0x28) throw new ParseError(r.atEnd() ? 'Missing event group' : 'Expected ( before an event group');
  r.open('Expected ( before an event group');
  const filter = readFilter(r);
  r.space('events');
  const group: NotifyEventGroup = { filter, events: [] };
  if (r.peek() !== 0x28) {
    if (r.takeWhile(isAtomChar).toUpperCase() !== 'NONE') throw new ParseError('Expected an event list or NONE');
  } else {
    r.open('Expected ( before events');
    do {
      const name = r.takeWhile(isAtomChar);
      if (name === '') throw new ParseError('Expected an event name');
      group.events.push(name);
      if (name.toUpperCase() === 'MESSAGENEW' && r.peek() === 0x20 && r.peekAhead() === 0x28) {
        r.space('fetch attributes');
        if (group.fetch) throw new ParseError('MessageNew given twice with fetch attributes');
        group.fetch = readFetchItems(r);
      }
    } while (r.accept(0x20));
    r.close('Expected ) after events');
  }
  r.close('Expected ) after an event group');
  return group;
}

function readFilter(r: Reader): NotifyFilter {
  const word = r.takeWhile((c) => isAtomChar(c)).toUpperCase();
  switch (word) {
    case 'SELECTED':
    case 'SELECTED-DELAYED':
    case 'INBOXES':
    case 'PERSONAL':
    case 'SUBSCRIBED':
      return { kind: word.toLowerCase() } as NotifyFilter;
    case 'SUBTREE':
    case 'MAILBOXES': {
      r.space('mailbox name');
      const names: string[] = [];
      if (r.peek() === 0x28) {
        r.open('Expected ( before mailbox names');
        do names.push(readMailbox(r));
        while (r.accept(0x20));
        r.close('Expected ) after mailbox names');
      } else {
        names.push(readMailbox(r));
      }
      return { kind: word === 'SUBTREE' ? 'subtree' : 'mailboxes', names };
    }
    case '':
      throw new ParseError('Missing mailbox specifier');
    default:
      throw new ParseError(`Unknown mailbox specifier ${word}`);
  }
}

