// RFC 5465 NOTIFY: one session's registration (which events, for which mailboxes), the
// matching of change-bus events against it, and the delivery of what matched: STATUS for
// mailboxes that are not selected, unsolicited EXISTS / EXPUNGE (or VANISHED) / FETCH for the
// selected one (through Session.sendUpdates, so QRESYNC and CONDSTORE rules hold), LIST for
// MailboxName and SubscriptionChange, METADATA for the metadata events.
//
// Delivery: at the end of every command, and at once whenever no command is running or the
// session is in IDLE (the client "listens for event notifications all the time", §3.1).
// What waits is kept coalesced (one STATUS per mailbox, one LIST per name, entry names per
// scope) and capped (limits.notifyMaxPending): past the cap the session is told
// `* OK [NOTIFICATIONOVERFLOW]` and behaves as after NOTIFY NONE (§5.8).
import type { ChangeEvent, MailboxChange } from '../events/bus.js';
import type { Command, FetchItem } from '../protocol/ast.js';
import { astring, atomList, mailbox as encodeMailbox, type Wire } from '../protocol/encode.js';
import type { NotifyArgs, NotifyFilter } from '../protocol/notify.js';
import type { MailboxInfo, MailboxStatusCounts, MessageMeta, User } from '../store/types.js';
import { bad, no, type Result } from './command.js';
import { encodeItem, ItemRefused, needsBody, needsParsed } from './fetch-items.js';
import { DELIMITER, parentsOf } from './mailbox-name.js';
import { metadataMailbox } from './metadata-scope.js';
import { mailboxAsSeen } from './mailbox-lookup.js';
import { isReservedName, visibleName } from './namespace.js';
import { canUseMetadata, effectiveRights, isVisible } from './rights.js';
import { visibleMailboxes } from './visible-mailboxes.js';
import { SelectedMailbox } from './selected-mailbox.js';
import type { Session } from './session.js';

/** Every event this server supports (§5), as BADEVENT lists them. */
export const NOTIFY_EVENTS = [
  'MessageNew',
  'MessageExpunge',
  'FlagChange',
  'AnnotationChange',
  'MailboxName',
  'SubscriptionChange',
  'MailboxMetadataChange',
  'ServerMetadataChange',
] as const;
export type NotifyEvent = (typeof NOTIFY_EVENTS)[number];

const BY_UPPER = new Map<string, NotifyEvent>(NOTIFY_EVENTS.map((e) => [e.toUpperCase(), e]));
const MESSAGE_EVENTS: ReadonlySet<NotifyEvent> = new Set(['MessageNew', 'MessageExpunge', 'FlagChange', 'AnnotationChange']);

type OtherFilter = Exclude<NotifyFilter, { kind: 'selected' | 'selected-delayed' }>;

export interface Registration {
  /** The STATUS indicator of NOTIFY SET (§3.1). */
  statusIndicator: boolean;
  /** SELECTED / SELECTED-DELAYED (§6.1): message events for the selected mailbox. */
  selected: { delayed: boolean; events: ReadonlySet<NotifyEvent>; fetch: FetchItem[] } | null;
  /** The other event groups, in order. */
  groups: Array<{ filter: OtherFilter; events: ReadonlySet<NotifyEvent> }>;
}

const NONE: Registration = { statusIndicator: false, selected: null, groups: [] };

/**
 * Checks NOTIFY SET's event groups (§3.1, §5, §6.1, §8) and turns them into a registration:
 * unknown events are NO [BADEVENT (every supported event)]; the rules between events and
 * specifiers are BAD.
 */
export function registration(args: NotifyArgs): Registration | Result {
  if (args.action === 'none') return NONE;
  const unknown = args.groups.flatMap((g) => g.events).filter((e) => !BY_UPPER.has(e.toUpperCase()));
  if (unknown.length) return no(`Unsupported NOTIFY event ${unknown[0]}`, `BADEVENT (${NOTIFY_EVENTS.join(' ')})`);
  const reg: Registration = { statusIndicator: args.status, selected: null, groups: [] };
  for (const group of args.groups) {
    const events = new Set(group.events.map((e) => BY_UPPER.get(e.toUpperCase())!));
    const isNew = events.has('MessageNew');
    if (isNew !== events.has('MessageExpunge')) return bad('MessageNew and MessageExpunge must be given together');
    if ((events.has('FlagChange') || events.has('AnnotationChange')) && !isNew) {
      return bad('FlagChange and AnnotationChange need MessageNew and MessageExpunge');
    }
    const { filter } = group;
    if (filter.kind === 'selected' || filter.kind === 'selected-delayed') {
      if (reg.selected) return bad('Only one of SELECTED and SELECTED-DELAYED may be given');
      if ([...events].some((e) => !MESSAGE_EVENTS.has(e))) return bad('SELECTED and SELECTED-DELAYED take message events only');
      reg.selected = { delayed: filter.kind === 'selected-delayed', events, fetch: group.fetch ?? [] };
    } else {
      if (group.fetch) return bad('Fetch attributes are only allowed with SELECTED or SELECTED-DELAYED');
      reg.groups.push({ filter, events });
    }
  }
  return reg;
}

function filterMatches(filter: OtherFilter, name: string, subscribed: ReadonlySet<string>): boolean {
  switch (filter.kind) {
    case 'personal':
    case 'inboxes': // §6.3: this server cannot tell where an MDA delivers, so as `personal`
      return !isReservedName(name); // not other users' or shared mailboxes (RFC 2342)
    case 'subscribed':
      return subscribed.has(name);
    case 'subtree':
      return filter.names.some((n) => name === n || name.startsWith(n + DELIMITER));
    case 'mailboxes':
      return filter.names.includes(name);
  }
}

/** The STATUS items a registration asks for, in one fixed order. */
type Counts = MailboxStatusCounts & { messages: number; unseen: number };

interface ListItem {
  name: string;
  oldName?: string;
  /**
   * Set for a mailbox of another account: whether the user could see it (`l`) when the change
   * happened. It is reported only if the user sees it now or saw it then, so a change to a
   * mailbox the user may not see never reveals its name; a parent reported for a created or
   * deleted `child` (§5.4) only under the same condition for the child.
   */
  foreign?: { wasVisible: boolean; child?: { name: string; wasVisible: boolean } };
  /**
   * §5.9: a monitored mailbox of another account lost the `l` right (`LIST (\NoAccess)`), or
   * got it back after that was reported (its LIST without \NoAccess).
   */
  access?: 'lost' | 'regained';
}

export class Notifier {
  reg: Registration = NONE;
  private readonly unsubscribe: () => void;
  private subscribed = new Set<string>();
  /** Last STATUS values seen per mailbox id: what a change is measured against. */
  private readonly snapshots = new Map<number, Counts>();
  /** Mailboxes whose messages changed, not yet looked at. */
  private dirty = new Set<number>();
  private lists = new Map<string, ListItem>();
  private metadata = new Map<number | null, Set<string>>();
  /**
   * Mailboxes of other accounts this user may see (RFC 4314), by id: which of other accounts'
   * events concern the session. Reloaded when an entry for the user or anyone changes (a
   * mailbox created under a shared one inherits entries, so that covers it too); rights are
   * checked again when anything is reported.
   */
  private foreign = new Set<number>();
  /** The owners of those mailboxes, and the names (as the user sees them) of those with `l`. */
  private foreignOwners = new Map<number, User>();
  private foreignListed = new Set<string>();
  /** The same, by mailbox id (what survives a RENAME). */
  private foreignListedIds = new Map<number, string>();
  /** Mailboxes told `\NoAccess` because they lost `l` (§5.9), until told it came back: id → name told. */
  private accessLost = new Map<number, string>();
  private reloadQueued = false;
  private reloading: Promise<void> = Promise.resolve();
  private overflowed = false;
  private pushing: Promise<void> | null = null;
  private again = false;
  private closed = false;

  constructor(private readonly session: Session) {
    this.unsubscribe = session.ctx.bus.subscribe((e) => this.onChange(e));
  }

  close(): void {
    this.closed = true;
    this.unsubscribe();
  }

  /** NOTIFY SET / NONE: replaces the registration; with STATUS, sends the STATUS responses (§3.1). */
  async set(reg: Registration): Promise<void> {
    const session = this.session;
    this.reg = reg;
    this.dirty = new Set();
    this.lists = new Map();
    this.metadata = new Map();
    this.overflowed = false;
    this.snapshots.clear();
    this.accessLost.clear();
    this.subscribed = new Set(await session.store.listSubscriptions(session.user!.id));
    if (reg === NONE) return;
    // The mailboxes with message events (other than the selected one): their STATUS now, as
    // what later changes are measured against, and for the STATUS indicator.
    const watched: Array<{ mailbox: MailboxInfo; events: Set<NotifyEvent> }> = [];
    const noAccess: string[] = [];
    const visible = await visibleMailboxes(session);
    await this.reloadForeign();
    for (const mailbox of visible) {
      if (mailbox.noselect) continue;
      const events = this.eventsFor(mailbox.name, mailbox.id);
      if (![...events].some((e) => MESSAGE_EVENTS.has(e))) continue;
      const rights = mailbox.rights;
      if (!rights.has('l')) continue; // as if it did not exist (§3.1)
      if (!rights.has('r')) {
        noAccess.push(mailbox.name);
        continue;
      }
      watched.push({ mailbox, events });
    }
    const selectedId = session.selected?.mailboxId;
    const ids = watched.map((w) => w.mailbox.id);
    if (selectedId !== undefined && reg.selected) ids.push(selectedId);
    const counts = await session.store.statusCounts(ids, ['messages', 'unseen']);
    for (const [id, c] of counts) this.snapshots.set(id, c as Counts);
    for (const name of noAccess) await session.send([`* LIST (\\NoAccess) "${DELIMITER}" `, ...encodeMailbox(name)]);
    if (!reg.statusIndicator) return;
    for (const { mailbox, events } of watched) {
      const c = counts.get(mailbox.id);
      if (!c) continue;
      const items: string[] = [];
      if (events.has('MessageNew')) items.push('UIDVALIDITY', 'UIDNEXT', 'MESSAGES');
      if (events.has('FlagChange') || events.has('AnnotationChange')) items.push('UIDVALIDITY', 'HIGHESTMODSEQ');
      await session.send(statusLine(mailbox.name, [...new Set(items)], c as Counts));
    }
  }

  /** Events that apply to a mailbox of the account (message events of the selected mailbox come from `reg.selected`). */
  private eventsFor(name: string, mailboxId: number | null, subscribed: ReadonlySet<string> = this.subscribed): Set<NotifyEvent> {
    const out = new Set<NotifyEvent>();
    const isSelected = mailboxId !== null && this.session.selected?.mailboxId === mailboxId;
    for (const g of this.reg.groups) {
      if (!filterMatches(g.filter, name, subscribed)) continue;
      for (const e of g.events) if (!(isSelected && MESSAGE_EVENTS.has(e))) out.add(e);
    }
    if (isSelected && this.reg.selected) for (const e of this.reg.selected.events) out.add(e);
    return out;
  }

  private get wantsAny(): boolean {
    return this.reg.selected !== null || this.reg.groups.some((g) => g.events.size > 0);
  }

  // --- events from the bus ---

  /**
   * Reloads `foreign` once for all the events published together (one transaction may change
   * many entries: a CREATE that inherits them for several new mailboxes).
   */
  private scheduleReload(): void {
    if (this.reloadQueued) return;
    this.reloadQueued = true;
    queueMicrotask(() => {
      this.reloadQueued = false;
      // One reload at a time, so the last to finish reads the latest state.
      this.reloading = this.reloading
        .then(async () => {
          if (this.closed) return;
          await this.reloadForeign(true);
          this.poke();
        })
        .catch(() => undefined);
    });
  }

  /**
   * Which mailboxes of other accounts the user sees now. After an ACL change (`report`), a
   * monitored mailbox that lost `l` is told `\NoAccess`, and told again without it if `l`
   * comes back (§5.9; monitoring itself follows the rights, as every event is checked).
   */
  private async reloadForeign(report = false): Promise<void> {
    const session = this.session;
    const shared = await session.store.sharedMailboxes(session.user!.id);
    const user = session.user!;
    const seen = shared.filter((s) => isVisible(effectiveRights(s, user.id)));
    this.foreign = new Set(seen.map((s) => s.mailbox.id));
    this.foreignOwners = new Map(seen.map((s) => [s.owner.id, s.owner]));
    const listed = seen.filter((s) => effectiveRights(s, user.id).has('l'));
    const before = this.foreignListedIds;
    this.foreignListedIds = new Map(listed.map((s) => [s.mailbox.id, visibleName(user, s.owner, s.mailbox.name)]));
    this.foreignListed = new Set(this.foreignListedIds.values());
    if (!report) return;
    // By id: a RENAME is no loss; a mailbox gone is no loss either (MailboxName tells of it).
    for (const [id, name] of before) {
      if (this.foreignListedIds.has(id) || this.eventsFor(name, null).size === 0) continue;
      if (!(await session.store.getMailboxById(id))) continue;
      this.accessLost.set(id, name);
      this.lists.set(`A\0${id}`, { name, access: 'lost' });
    }
    for (const [id, name] of this.foreignListedIds) {
      if (!this.accessLost.delete(id)) continue;
      // Lost and back before the client heard of it: nothing to tell.
      if (this.lists.get(`A\0${id}`)?.access === 'lost') this.lists.delete(`A\0${id}`);
      else this.lists.set(`A\0${id}`, { name, access: 'regained' });
    }
  }

  /** An event of another account: whether it concerns this session (an ACL change reloads `foreign`). */
  private concernsForeign(event: ChangeEvent, userId: number): boolean {
    switch (event.kind) {
      case 'acl':
        if (event.granteeId === null || event.granteeId === userId) this.scheduleReload();
        return false;
      case 'mailboxes':
        return this.foreignOwners.has(event.userId); // MailboxName in an account the user sees into
      case 'messages':
      case 'mailbox-metadata':
        return this.foreign.has(event.mailboxId) || this.session.selected?.mailboxId === event.mailboxId;
      case 'mailbox-deleted':
        return this.foreign.has(event.mailboxId);
      default:
        return false;
    }
  }

  private onChange(event: ChangeEvent): void {
    const user = this.session.user;
    if (this.closed || !user || !this.wantsAny) return;
    if (event.userId !== user.id && !this.concernsForeign(event, user.id)) return;
    switch (event.kind) {
      case 'messages':
        // Only mailboxes some group watches for message events (or the selected one, with SELECTED).
        if (!this.reg.groups.some((g) => [...g.events].some((e) => MESSAGE_EVENTS.has(e))) && !(this.reg.selected && this.session.selected?.mailboxId === event.mailboxId)) return;
        this.dirty.add(event.mailboxId);
        break;
      case 'mailbox-deleted':
        this.snapshots.delete(event.mailboxId);
        return;
      case 'mailboxes': {
        const owner = event.userId === user.id ? null : this.foreignOwners.get(event.userId);
        for (const change of event.changes ?? []) {
          if (!owner) this.onMailboxChange(change);
          else if (change.type !== 'subscribed' && change.type !== 'unsubscribed') this.onMailboxChange(asSeen(user, owner, change), true);
        }
        if (owner) this.scheduleReload(); // names moved or went
        break;
      }
      case 'mailbox-metadata':
      case 'server-metadata': {
        if (event.origin === this.session.conn.id || (event.privateTo !== null && event.privateTo !== user.id)) return;
        const key = event.kind === 'mailbox-metadata' ? event.mailboxId : null;
        let entries = this.metadata.get(key);
        if (!entries) this.metadata.set(key, (entries = new Set()));
        for (const name of event.entries) entries.add(name);
        break;
      }
    }
    if (this.pendingCount() > this.session.limits.notifyMaxPending) this.overflow();
    this.poke();
  }

  private onMailboxChange(change: MailboxChange, foreign = false): void {
    const before = this.subscribed;
    if (change.type === 'subscribed' || change.type === 'unsubscribed') {
      this.subscribed = new Set(before);
      if (change.type === 'subscribed') this.subscribed.add(change.name);
      else this.subscribed.delete(change.name);
    }
    // §5: not the client's own change (CREATE, DELETE, RENAME, (UN)SUBSCRIBE it is running).
    if (isOwnChange(this.session.currentCommand, change)) return;
    const wanted = (name: string, event: NotifyEvent): boolean =>
      this.eventsFor(name, null, before).has(event) || this.eventsFor(name, null, this.subscribed).has(event);
    const seen = (name: string): boolean => this.foreignListed.has(name);
    const mark = (...names: string[]) => (foreign ? { foreign: { wasVisible: names.some(seen) } } : {});
    switch (change.type) {
      case 'created':
      case 'deleted': {
        if (!wanted(change.name, 'MailboxName')) break;
        // §5.4: the mailbox and its direct parent are affected.
        this.lists.set(`N\0${change.name}`, { name: change.name, ...mark(change.name) });
        const parent = parentsOf(change.name).at(-1);
        if (parent === undefined) break;
        const child = { name: change.name, wasVisible: seen(change.name) };
        this.lists.set(`N\0${parent}`, { name: parent, ...(foreign && { foreign: { wasVisible: seen(parent), child } }) });
        break;
      }
      case 'renamed':
        if (wanted(change.name, 'MailboxName') || wanted(change.oldName, 'MailboxName')) {
          this.lists.set(`R\0${change.name}\0${change.oldName}`, { name: change.name, oldName: change.oldName, ...mark(change.name, change.oldName) });
        }
        break;
      case 'subscribed':
      case 'unsubscribed':
        if (wanted(change.name, 'SubscriptionChange')) this.lists.set(`N\0${change.name}`, { name: change.name });
        break;
    }
  }

  private pendingCount(): number {
    let n = this.dirty.size + this.lists.size;
    for (const entries of this.metadata.values()) n += entries.size;
    return n;
  }

  /** §5.8: too much waiting; drop it all and behave as after NOTIFY NONE. */
  private overflow(): void {
    this.reg = NONE;
    this.dirty = new Set();
    this.lists = new Map();
    this.metadata = new Map();
    this.snapshots.clear();
    this.overflowed = true;
    this.session.log.warn('NOTIFY overflow: notifications dropped');
  }

  // --- delivery ---

  /** Pushes what is waiting now, unless a command is running (its end delivers it). */
  poke(): void {
    if (this.closed || this.session.commandRunning) return;
    if (!this.overflowed && this.dirty.size === 0 && this.lists.size === 0 && this.metadata.size === 0) return;
    if (this.pushing) {
      this.again = true;
      return;
    }
    this.pushing = (async () => {
      try {
        do {
          this.again = false;
          await this.session.updatesSettled();
          if (this.session.commandRunning) break;
          await this.deliver(true);
        } while (this.again && !this.closed);
      } catch (err) {
        this.session.log.warn({ err }, 'NOTIFY push failed');
      } finally {
        this.pushing = null;
      }
    })();
  }

  /** Resolves once no push is being written (a command must not run beside one). */
  async settled(): Promise<void> {
    while (this.pushing) await this.pushing;
  }

  /** At the end of a command: everything waiting (the selected mailbox was caught up already). */
  async flush(): Promise<void> {
    await this.deliver(false);
  }

  /**
   * The selected mailbox's updates at the end of a command (in place of Session.sendUpdates):
   * the same, plus MessageNew's fetch attributes for messages others added (§5.2: not for
   * those this command added itself).
   */
  async selectedUpdates(allowExpunge: boolean, command: Command): Promise<void> {
    const view = this.session.selected;
    const sel = this.reg.selected;
    if (!view || !sel) {
      await this.session.sendUpdates(allowExpunge);
      return;
    }
    let own = false;
    if (command.name === 'APPEND' || command.name === 'COPY' || command.name === 'MOVE') {
      own = (await mailboxAsSeen(this.session, view.mailboxId))?.name === command.mailbox;
    }
    const before = view.uidMax;
    await this.session.sendUpdates(allowExpunge);
    if (!own && sel.events.has('MessageNew')) await this.sendNewMessages(before);
    // A mailbox selected after NOTIFY SET: what later changes are measured against.
    if (!this.snapshots.has(view.mailboxId)) {
      const counts = (await this.session.store.statusCounts([view.mailboxId], ['messages', 'unseen'])).get(view.mailboxId);
      if (counts) this.snapshots.set(view.mailboxId, counts as Counts);
    }
  }

  private async deliver(push: boolean): Promise<void> {
    const session = this.session;
    if (this.overflowed) {
      this.overflowed = false;
      await session.send(['* OK [NOTIFICATIONOVERFLOW] Too many notifications; NOTIFY is now off']);
    }
    if (this.dirty.size) {
      const ids = [...this.dirty];
      this.dirty = new Set();
      await this.deliverMessageChanges(ids, push);
    }
    if (this.lists.size) {
      const items = [...this.lists.values()];
      this.lists = new Map();
      await this.deliverLists(items);
    }
    if (this.metadata.size) {
      const pending = this.metadata;
      this.metadata = new Map();
      await this.deliverMetadata(pending);
    }
    // Unsolicited METADATA of ENABLE METADATA (RFC 5464 §4.4.2) goes out with the rest.
    if (push) await session.sendMetadataUpdates();
  }

  private async deliverMessageChanges(ids: number[], push: boolean): Promise<void> {
    const session = this.session;
    const all = await session.store.statusCounts(ids, ['messages', 'unseen']);
    const condstore = session.condstore || session.qresync;
    for (const id of ids) {
      const now = all.get(id) as Counts | undefined;
      if (!now) continue; // deleted, or \Noselect
      const prev = this.snapshots.get(id);
      this.snapshots.set(id, now);
      const added = !prev || now.uidNext > prev.uidNext || now.uidValidity !== prev.uidValidity;
      const expunged = !prev || now.messages < prev.messages + (now.uidNext - prev.uidNext);
      const modseqMoved = !prev || now.highestModseq > prev.highestModseq;
      const view = session.selected;
      if (view && view.mailboxId === id) {
        const sel = this.reg.selected;
        if (!push || !sel) continue; // the end of the command reports it
        const wanted = (sel.events.has('MessageNew') && (added || expunged)) || ((sel.events.has('FlagChange') || sel.events.has('AnnotationChange')) && modseqMoved);
        if (!wanted) continue;
        const before = view.uidMax;
        // SELECTED-DELAYED (§6.1.2): EXPUNGE waits for a command that allows it (IDLE does).
        await session.sendUpdates(!sel.delayed || session.idlingNow);
        if (sel.events.has('MessageNew')) await this.sendNewMessages(before);
        continue;
      }
      const mailbox = await mailboxAsSeen(session, id);
      if (!mailbox) continue;
      const events = this.eventsFor(mailbox.name, id);
      const rights = mailbox.rights;
      if (!rights.has('l') || !rights.has('r')) continue;
      const items: string[] = [];
      if (events.has('MessageNew') && (added || expunged)) items.push('UIDNEXT', 'MESSAGES');
      const flagEvents = events.has('FlagChange') || events.has('AnnotationChange');
      if (flagEvents && modseqMoved && (condstore || !prev || now.unseen !== prev.unseen)) items.push('UIDVALIDITY', 'UNSEEN');
      if (items.length === 0) continue;
      if (prev && now.uidValidity !== prev.uidValidity && !items.includes('UIDVALIDITY')) items.push('UIDVALIDITY');
      if (condstore) items.push('HIGHESTMODSEQ');
      await session.send(statusLine(mailbox.name, items, now));
    }
  }

  /** `* n FETCH (...)` with MessageNew's attributes for messages of the view above `before`. */
  private async sendNewMessages(before: number): Promise<void> {
    const session = this.session;
    const view = session.selected;
    const items = this.reg.selected?.fetch ?? [];
    if (!view || items.length === 0 || view.uidMax <= before) return;
    const uids = view.uidsInRanges([[before + 1, view.uidMax]]);
    const metas: MessageMeta[] = await session.store.getMessages(view.mailboxId, SelectedMailbox.toRanges(uids));
    const wantsBody = items.some(needsBody);
    const wantsParsed = items.some(needsParsed);
    for (const meta of metas) {
      const seq = view.seqOf(meta.uid);
      if (!seq) continue;
      const body = wantsBody ? await session.store.readMessage(view.mailboxId, meta.uid) : null;
      const parsed = wantsParsed ? await session.store.readParsed(view.mailboxId, meta.uid) : null;
      if ((wantsBody && !body) || (wantsParsed && !parsed)) continue;
      const source = { meta, flags: session.flagsOf(meta.uid, meta.flags), body, parsed };
      const parts: Wire[] = [`* ${seq} FETCH (`];
      let n = 0;
      for (const item of items) {
        // \Seen is never set by a notification: BODY[...] is answered as BODY.PEEK[...].
        const peeked = item.type === 'BODY[]' || item.type === 'BINARY[]' ? { ...item, peek: true } : item;
        try {
          const encoded = encodeItem(peeked, source);
          if (n++ > 0) parts.push(' ');
          parts.push(...encoded);
        } catch (err) {
          if (!(err instanceof ItemRefused)) throw err;
        }
      }
      parts.push(')');
      await session.send(parts);
    }
  }

  private async deliverLists(items: ListItem[]): Promise<void> {
    const session = this.session;
    // The user's own mailboxes and those of other accounts with `l`, by the names the user sees.
    const mailboxes = await visibleMailboxes(session);
    const byName = new Map(mailboxes.map((m) => [m.name, m]));
    const parents = new Set(mailboxes.flatMap((m) => parentsOf(m.name)));
    for (const { name, oldName, foreign, access } of items) {
      const mailbox = byName.get(name);
      const visible = mailbox !== undefined;
      if (access === 'lost') {
        if (!visible) await session.send([`* LIST (\\NoAccess) "${DELIMITER}" `, ...encodeMailbox(name)]);
        continue;
      }
      if (access === 'regained' && !visible) continue;
      if (foreign && ((!visible && !foreign.wasVisible) || (foreign.child && !byName.has(foreign.child.name) && !foreign.child.wasVisible))) continue;
      const attributes: string[] = [];
      if (!visible) attributes.push('\\NonExistent');
      else {
        if (mailbox.noselect) attributes.push('\\Noselect');
        attributes.push(parents.has(name) ? '\\HasChildren' : '\\HasNoChildren');
        if (mailbox.specialUse) attributes.push(mailbox.specialUse);
      }
      if (this.subscribed.has(name)) attributes.push('\\Subscribed');
      const line: Wire[] = [`* LIST ${atomList(attributes)} "${DELIMITER}" `, ...encodeMailbox(name)];
      if (oldName !== undefined) line.push(' ("OLDNAME" (', ...encodeMailbox(oldName), '))');
      await session.send(line);
    }
  }

  private async deliverMetadata(pending: Map<number | null, Set<string>>): Promise<void> {
    const session = this.session;
    for (const [mailboxId, names] of pending) {
      let name = '';
      if (mailboxId === null) {
        // The session reports these itself after ENABLE METADATA / METADATA-SERVER.
        if (session.enabled.has('METADATA') || session.enabled.has('METADATA-SERVER')) continue;
        if (!this.reg.groups.some((g) => g.events.has('ServerMetadataChange'))) continue;
      } else {
        if (session.enabled.has('METADATA')) continue;
        const mailbox = await mailboxAsSeen(session, mailboxId);
        if (!mailbox || !canUseMetadata(mailbox.rights)) continue;
        if (!this.eventsFor(mailbox.name, null).has('MailboxMetadataChange')) continue;
        name = mailbox.name;
      }
      const entries = [...names].flatMap((entry) => [' ', ...astring(entry)]);
      await session.send(['* METADATA ', ...metadataMailbox(name), ...entries]);
    }
  }
}

function statusLine(name: string, items: string[], c: Counts): Wire[] {
  const value = (item: string): number => {
    switch (item) {
      case 'MESSAGES':
        return c.messages;
      case 'UIDNEXT':
        return c.uidNext;
      case 'UIDVALIDITY':
        return c.uidValidity;
      case 'UNSEEN':
        return c.unseen;
      default:
        return c.highestModseq;
    }
  };
  return ['* STATUS ', ...encodeMailbox(name), ` (${items.map((i) => `${i} ${value(i)}`).join(' ')})`];
}

/** A change in another account's mailbox list, with the names `self` sees. */
function asSeen(self: User, owner: User, change: MailboxChange): MailboxChange {
  const name = visibleName(self, owner, change.name);
  return change.type === 'renamed' ? { type: 'renamed', name, oldName: visibleName(self, owner, change.oldName) } : { type: change.type, name };
}

/** Whether the command being run made this change itself (§5: the client is not told). */
function isOwnChange(command: Command | null, change: MailboxChange): boolean {
  if (!command) return false;
  switch (command.name) {
    case 'CREATE':
      return change.type === 'created' && (change.name === command.mailbox || command.mailbox.startsWith(change.name + DELIMITER) || command.mailbox === change.name + DELIMITER);
    case 'DELETE':
      return change.type === 'deleted' && (change.name === command.mailbox || command.mailbox.startsWith(change.name + DELIMITER));
    case 'RENAME':
      return (
        (change.type === 'renamed' && change.oldName === command.from) ||
        (change.type === 'created' && (command.to === change.name || command.to.startsWith(change.name + DELIMITER))) ||
        (change.type === 'deleted' && command.from.startsWith(change.name + DELIMITER))
      );
    case 'SUBSCRIBE':
      return change.type === 'subscribed' && change.name === command.mailbox;
    case 'UNSUBSCRIBE':
      return change.type === 'unsubscribed' && change.name === command.mailbox;
    default:
      return false;
  }
}
