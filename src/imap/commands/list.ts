import { AUTHENTICATED, ok, type CommandSpec, type Result } from '../command.js';
import type { CommandOf, ListExtended } from '../../protocol/ast.js';
import { atomList, mailbox as encodeMailbox, type Wire } from '../../protocol/encode.js';
import { ResponseBatch } from '../../protocol/response-batch.js';
import { listMatcher, type NameMatcher } from '../list-pattern.js';
import { DELIMITER, parentsOf } from '../mailbox-name.js';
import type { Session } from '../session.js';
import type { MailboxInfo, MailboxStatusCounts } from '../../store/types.js';
import { visibleMailboxes, type VisibleMailbox } from '../visible-mailboxes.js';
import { countFields, statusResponse } from './status.js';

/**
 * LIST and LSUB (RFC 3501 §6.3.8–9) with CHILDREN (RFC 3348) and SPECIAL-USE (RFC 6154);
 * LIST-EXTENDED (RFC 5258) and LIST-STATUS (RFC 5819) when the extended syntax is used.
 */
export const list: CommandSpec<CommandOf<'LIST' | 'LSUB'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    if (command.name === 'LIST' && command.extended) return extendedList(session, command.reference, command.extended);
    const userId = session.user!.id;
    if (command.name === 'LIST' && command.pattern === '') {
      // An empty pattern asks for the delimiter and the root of the reference.
      await session.send([`* LIST (\\Noselect) "${DELIMITER}" ""`]);
      return ok('LIST completed');
    }
    const matches = listMatcher(command.reference, command.pattern);
    const mailboxes = await visibleMailboxes(session);
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

/** One name the extended LIST answers for. */
interface Listed {
  name: string;
  /** The mailbox, or undefined for a name that does not exist (\NonExistent). */
  mailbox: VisibleMailbox | undefined;
  /** Whether the name meets the selection criteria (not only listed for CHILDINFO). */
  meets: boolean;
  /** RECURSIVEMATCH: a descendant meets the selection criteria. */
  childInfo: boolean;
}

/**
 * RFC 5258 LIST. The selection criteria (SUBSCRIBED, SPECIAL-USE; REMOTE changes nothing,
 * there are no remote mailboxes) choose the names; each selection option implies its return
 * option. Without RETURN (CHILDREN) / (SPECIAL-USE) those attributes are left out, as in the
 * RFC's examples. RECURSIVEMATCH (only ever with SUBSCRIBED, see the parser) adds CHILDINFO to
 * a listed name with a descendant that meets the criteria, and lists a name that does not meet
 * them only when such a descendant is not listed itself (§3.3 rule 2B, §3.5's SHOULD).
 * RETURN (STATUS ...) (RFC 5819) follows each listed selectable mailbox that meets the
 * criteria with its STATUS; all STATUS values come from one store query.
 */
async function extendedList(session: Session, reference: string, ext: ListExtended): Promise<Result> {
  const userId = session.user!.id;
  const { select } = ext;
  const returns = {
    subscribed: ext.returns.subscribed || select.subscribed,
    children: ext.returns.children,
    specialUse: ext.returns.specialUse || select.specialUse,
    status: ext.returns.status,
  };
  // "" patterns are ignored for matching (§3); the rest match together.
  const matchers: NameMatcher[] = ext.patterns.filter((p) => p !== '').map((p) => listMatcher(reference, p));
  const matches = (name: string): boolean => matchers.some((m) => m(name));

  const mailboxes = await visibleMailboxes(session);
  const byName = new Map(mailboxes.map((m) => [m.name, m]));
  const subscriptions = select.subscribed || returns.subscribed ? new Set(await session.store.listSubscriptions(userId)) : new Set<string>();
  const meets = (name: string): boolean =>
    (!select.subscribed || subscriptions.has(name)) && (!select.specialUse || !!byName.get(name)?.specialUse);

  // The names that may meet the criteria: the subscribed ones, or else the mailboxes.
  const candidates = select.subscribed ? [...subscriptions] : mailboxes.map((m) => m.name);
  const listed = new Map<string, Listed>();
  for (const name of candidates) {
    if (matches(name) && meets(name)) listed.set(name, { name, mailbox: byName.get(name), meets: true, childInfo: false });
  }
  if (select.recursiveMatch) {
    // Ancestors of every name meeting the criteria, pattern or not (§3.1 Note 2).
    const unlisted = new Set<string>(); // ancestors with a descendant that meets but is not listed
    const ancestors = new Set<string>();
    for (const name of candidates) {
      if (!meets(name)) continue;
      for (const parent of parentsOf(name)) {
        ancestors.add(parent);
        if (!listed.has(name)) unlisted.add(parent);
      }
    }
    for (const name of ancestors) {
      const entry = listed.get(name);
      if (entry) entry.childInfo = true;
      else if (unlisted.has(name) && matches(name)) {
        listed.set(name, { name, mailbox: byName.get(name), meets: false, childInfo: true });
      }
    }
  }

  const rows = sortNames([...listed.values()]);
  let counts = new Map<number, MailboxStatusCounts>();
  if (returns.status) {
    // Asking for HIGHESTMODSEQ here is taken as STATUS (HIGHESTMODSEQ) is: CONDSTORE enabling
    // (RFC 7162 §3.1).
    if (returns.status.includes('HIGHESTMODSEQ')) await session.enableCondstore();
    // STATUS of another user's mailbox needs `r` (RFC 4314 §4); without it none is sent.
    const ids = rows.flatMap((r) => (r.meets && r.mailbox && !r.mailbox.noselect && r.mailbox.rights.has('r') ? [r.mailbox.id] : []));
    counts = await session.store.statusCounts(ids, countFields(returns.status));
  }
  const parents = returns.children ? new Set(mailboxes.flatMap((m) => parentsOf(m.name))) : new Set<string>();
  const batch = new ResponseBatch((data) => session.conn.write(data));
  for (const row of rows) {
    const { name, mailbox } = row;
    const readable = !!mailbox && !mailbox.noselect && mailbox.rights.has('r');
    const status = returns.status && row.meets && readable ? counts.get(mailbox.id) : undefined;
    const attributes: string[] = [];
    // A mailbox whose STATUS could not be read (deleted meanwhile) is \Noselect (RFC 5819 §2).
    if (!mailbox) attributes.push('\\NonExistent');
    else if (mailbox.noselect || (returns.status && row.meets && readable && !status)) attributes.push('\\Noselect');
    if (returns.children) attributes.push(parents.has(name) ? '\\HasChildren' : '\\HasNoChildren');
    if (returns.subscribed && subscriptions.has(name)) attributes.push('\\Subscribed');
    if (returns.specialUse && mailbox?.specialUse) attributes.push(mailbox.specialUse);
    const line: Wire[] = [`* LIST ${atomList(attributes)} "${DELIMITER}" `, ...encodeMailbox(name)];
    if (row.childInfo) line.push(' ("CHILDINFO" ("SUBSCRIBED"))');
    await batch.add(line);
    if (status && mailbox) await batch.add(statusResponse(session, mailbox, returns.status!, status));
  }
  await batch.flush();
  return ok('LIST completed');
}
