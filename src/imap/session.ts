// One IMAP session: the state machine, command dispatch in order, and the untagged updates
// that other sessions' changes cause. Commands run one at a time; pipelined ones wait.
import type { Logger } from 'pino';
import type { Command, SequenceSet } from '../protocol/ast.js';
import { CommandParser } from '../protocol/parser.js';
import type { ParserEvent } from '../protocol/events.js';
import { resolveSequenceSet } from '../protocol/sequence-set.js';
import { astring, atomList, numberSet, toBytes, type Wire } from '../protocol/encode.js';
import type { ServerContext } from '../server/context.js';
import type { ChangeEvent } from '../events/bus.js';
import { StoreError, type MessageMeta, type User } from '../store/types.js';
import type { CommandSpec, Result } from './command.js';
import { commands } from './commands/index.js';
import { capabilities } from './capabilities.js';
import { SelectedMailbox } from './selected-mailbox.js';
import { metadataMailbox } from './metadata-scope.js';
import { mailboxAsSeen } from './mailbox-lookup.js';
import { canUseMetadata, rightsOn } from './rights.js';
import type { Notifier } from './notify.js';
import { CommandRate } from './command-rate.js';
import { sleep, systemClock, type Clock } from '../server/clock.js';

/** readLine's answer for a line past maxLineLength, when asked to end there. */
export const LINE_TOO_LONG = Symbol('line too long');

export type SessionState = 'notauth' | 'auth' | 'selected' | 'logout';

/** The transport under a session: the server layer implements it over a socket. */
export interface Connection {
  readonly id: string;
  /** `ip:port`, for logs. */
  readonly remoteAddress: string;
  /** The client's IP address alone: what counts one source across its connections (login throttle). */
  readonly remoteIp: string;
  /** Resolves once the data is buffered below the high-water mark (backpressure). */
  write(data: Buffer): Promise<void>;
  end(): void;
  /** Seconds of inactivity before `onTimeout`; 0 disables. */
  setTimeout(seconds: number): void;
  pause(): void;
  resume(): void;
  /** The bytes travel inside TLS: the implicit-TLS port, or since STARTTLS. */
  readonly secure: boolean;
  /** STARTTLS is possible: a plain connection on a listener with a certificate. */
  readonly canStartTls: boolean;
  /**
   * Begins STARTTLS: stops reading plaintext at once; the next write (the tagged OK) is the
   * last plaintext, then the handshake. Resolves false if it failed (the connection is closed).
   */
  startTls(): Promise<boolean>;
}

export class Session {
  state: SessionState = 'notauth';
  user: User | null = null;
  selected: SelectedMailbox | null = null;
  /**
   * RFC 5182 SEARCHRES: the UIDs saved by the last SEARCH RETURN (SAVE), which `$` names.
   * Empty on SELECT/EXAMINE and when leaving the mailbox. Stored as UIDs, so a message
   * expunged since simply no longer resolves (RFC 5182 §2.1).
   */
  savedSearch: number[] = [];
  /** RFC 5161 ENABLE: what this session has enabled (METADATA, METADATA-SERVER; enable.ts). */
  readonly enabled = new Set<string>();
  log: Logger;
  /** RFC 5465 NOTIFY: the registration and its delivery, from the first NOTIFY on (notify.ts). */
  notify: Notifier | null = null;
  /** The command being run, if any (NOTIFY leaves out what the client did itself, RFC 5465 §5). */
  currentCommand: Command | null = null;

  private readonly parser: CommandParser;
  private running = false;
  private closed = false;
  private lineWaiter: ((line: string | null | typeof LINE_TOO_LONG) => void) | null = null;
  /** The line waiter ends at an over-long line instead of skipping it (readLine's option). */
  private endWaitOnOverflow = false;
  private unsubscribe: (() => void) | null = null;
  /** Set when the bus says the selected mailbox changed and the view has not caught up. */
  private stale = false;
  /** While idling, changes are pushed at once instead of at the end of a command. */
  private idling = false;
  private idleFlush: Promise<void> = Promise.resolve();
  private pushing = false;
  /**
   * Unsolicited METADATA (RFC 5464 §4.4.2) after ENABLE METADATA / METADATA-SERVER: a bus
   * subscription for the rest of the session (independent of the selected mailbox), and the
   * entries changed by other sessions not yet reported, by mailbox id (null: server entries).
   */
  private metadataUnsubscribe: (() => void) | null = null;
  private pendingMetadata = new Map<number | null, Set<string>>();

  // --- limits under attack (config.ts) ---
  private rate: CommandRate | null = null;
  /** Commands run since the session last let other sessions have a turn. */
  private sinceYield = 0;
  /** Invalid commands in a row (maxBadCommands). */
  private badCommands = 0;
  /** Bytes of partial commands this session has counted in the server's input budget. */
  private inputHeld = 0;
  /** Cancels the wait for room in the input budget while reading is stopped for it. */
  private budgetWait: (() => void) | null = null;
  /** The literal limit of the session's state; fitLiteralLimit may lower the parser's below it. */
  private ownLiteralLimit: number;
  private cancelLoginDeadline: (() => void) | null = null;
  private receivedAny = false;
  /** Bytes arrived since the last command began: the next command came in a read of its own. */
  private freshInput = false;

  constructor(
    readonly conn: Connection,
    readonly ctx: ServerContext,
  ) {
    this.parser = new CommandParser(ctx.limits);
    // Before login no command needs a literal longer than a line; APPENDLIMIT comes with login.
    this.ownLiteralLimit = Math.min(ctx.limits.maxLineLength, ctx.limits.maxLiteralSize);
    this.parser.literalLimit = this.ownLiteralLimit;
    this.log = ctx.log.child({ conn: conn.id, remote: conn.remoteAddress });
  }

  get limits() {
    return this.ctx.limits;
  }

  get store() {
    return this.ctx.store;
  }

  /** STARTTLS may be used: the connection is plain and the server has a certificate. */
  get startTlsOffered(): boolean {
    return this.conn.canStartTls;
  }

  /** LOGIN and AUTHENTICATE wait for TLS (--require-tls on a plain connection). */
  get loginDisabled(): boolean {
    return this.ctx.requireTls === true && !this.conn.secure;
  }

  /**
   * STARTTLS (RFC 9051 §6.2.1, RFC 2595 §3.1): nothing the client sent after the command in
   * plaintext may be acted on, so what is buffered is dropped and reading stops; the handshake
   * follows the tagged OK. The client asks for CAPABILITY again afterwards.
   */
  startTls(): Promise<boolean> {
    const upgraded = this.conn.startTls();
    this.parser.discardBuffered();
    return upgraded;
  }

  async start(): Promise<void> {
    this.conn.setTimeout(this.limits.preLoginTimeout);
    this.armLoginDeadline();
    const caps = capabilities(this).join(' ');
    await this.send([`* OK [CAPABILITY ${caps}] cpm-imapd ready`]);
  }

  onData(chunk: Buffer): void {
    if (this.closed) return;
    this.parser.push(chunk);
    this.receivedAny = true;
    this.freshInput = true;
    this.fitLiteralLimit();
    if (this.lineWaiter) this.feedLineWaiter();
    else this.pump();
    // A client may pipeline far ahead of a slow command; stop reading until we catch up.
    if (this.running && !this.lineWaiter && this.parser.bufferedBytes > this.limits.maxLineLength) this.conn.pause();
    this.countInput();
  }

  /** The connection closed under us. */
  onClose(): void {
    if (this.closed) return;
    this.closed = true;
    this.state = 'logout';
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.metadataUnsubscribe?.();
    this.metadataUnsubscribe = null;
    this.notify?.close();
    this.lineWaiter?.(null);
    this.lineWaiter = null;
    this.releaseLimits();
  }

  onTimeout(): void {
    void this.bye('Autologout; idle for too long');
  }

  /** Server shutdown: let the command in flight finish, then say BYE. */
  async shutdown(): Promise<void> {
    // IDLE and a SASL exchange wait for the client and have nothing in flight: they simply end
    // with the BYE. A command stuck writing to a client that stopped reading gets the close
    // grace time, then the BYE regardless (the connection is cut soon after anyway).
    const deadline = Date.now() + this.limits.closeGrace * 1000;
    while (this.running && !this.idling && !this.lineWaiter && !this.closed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    await this.bye('Server shutting down');
  }

  async bye(text: string): Promise<void> {
    if (this.closed) return;
    // Queued, not awaited: waiting for a client that does not read would keep the connection
    // (and a shutdown) forever. conn.end() cuts it if it is not gone within the grace time.
    void this.send([`* BYE ${text}`]).catch(() => undefined);
    this.conn.end();
    this.onClose();
  }

  /** Writes one response (untagged, continuation or tagged). */
  async send(pieces: readonly Wire[]): Promise<void> {
    if (this.closed) return;
    await this.conn.write(toBytes(pieces));
  }

  /**
   * Reads one raw line (SASL exchange, IDLE's DONE); null if the connection closed. A line past
   * maxLineLength is answered `* BAD [TOOBIG]` and skipped (IDLE waits on for DONE), or, with
   * `endOnOverflow`, gives LINE_TOO_LONG so that the command can end with a tagged BAD (a SASL
   * response, RFC 3501 §6.2.2).
   */
  readLine(options: { endOnOverflow?: boolean } = {}): Promise<string | null | typeof LINE_TOO_LONG> {
    if (this.closed) return Promise.resolve(null);
    return new Promise((resolve) => {
      this.parser.rawLineMode = true;
      this.endWaitOnOverflow = options.endOnOverflow ?? false;
      this.lineWaiter = (line) => {
        this.parser.rawLineMode = false;
        this.lineWaiter = null;
        resolve(line);
      };
      this.feedLineWaiter();
    });
  }

  // --- state changes used by the commands ---

  authenticated(user: User): void {
    this.user = user;
    this.state = 'auth';
    this.ownLiteralLimit = this.limits.maxLiteralSize;
    this.fitLiteralLimit();
    this.log = this.log.child({ user: user.name });
    this.conn.setTimeout(this.limits.idleTimeout);
    this.log.info('authenticated');
  }

  enterMailbox(view: SelectedMailbox): void {
    this.leaveMailbox();
    this.savedSearch = [];
    this.selected = view;
    this.state = 'selected';
    this.unsubscribe = this.ctx.bus.subscribe((e) => this.onChange(e));
  }

  leaveMailbox(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.selected = null;
    this.savedSearch = [];
    this.stale = false;
    if (this.state === 'selected') this.state = 'auth';
  }

  /** Resolves a sequence set (or UID set) against the view: the UIDs it names, in order. */
  resolveSet(set: SequenceSet, uid: boolean): number[] | Result {
    const view = this.selected!;
    // RFC 5182: `$` is the saved search result (UIDs), for sequence-number and UID commands
    // alike; the messages of it still in the view, ascending; empty is valid (matches none).
    if (set.kind === 'saved') return view.uidsInRanges(SelectedMailbox.toRanges(this.savedSearch));
    if (uid) return view.uidsInRanges(resolveSequenceSet(set.ranges, view.uidMax));
    const ranges = resolveSequenceSet(set.ranges, view.exists);
    for (const [, hi] of ranges) {
      if (hi > view.exists) return { status: 'BAD', text: 'Invalid message sequence number', code: 'CLIENTBUG' };
    }
    return view.uidsOfSeqRanges(ranges);
  }

  /** Catches the view up with the store and sends what the client must be told. */
  async sendUpdates(allowExpunge: boolean): Promise<void> {
    const view = this.selected;
    if (!view || this.closed) return;
    if (this.stale) {
      this.stale = false;
      const claimed = view.readOnly ? [] : await this.store.claimRecent(view.mailboxId);
      const changes = await this.store.changesSince(view.mailboxId, view.modseq, view.uidMax);
      view.apply(changes, claimed);
    }
    const u = view.takeUpdates(allowExpunge);
    const lines: Wire[][] = [];
    // RFC 7162 §3.2.10.2: once QRESYNC is enabled, one VANISHED instead of the EXPUNGEs.
    if (this.qresync) {
      if (u.vanished.length) lines.push([`* VANISHED ${numberSet(u.vanished)}`]);
    } else {
      for (const seq of u.expunged) lines.push([`* ${seq} EXPUNGE`]);
    }
    if (u.exists !== undefined) lines.push([`* ${u.exists} EXISTS`], [`* ${u.recent ?? 0} RECENT`]);
    for (const { seq, meta } of u.changed) lines.push([this.flagUpdate(seq, meta)]);
    // RFC 7162 §3.2, §6: a client keeps the largest MODSEQ it was sent in a command unless a
    // HIGHESTMODSEQ code came; while expunges are held back, that code must stay below them.
    let told = view.takeModseqTold();
    if (this.condstore) for (const { meta } of u.changed) told = Math.max(told, meta.modseq);
    if (view.expungesHeld && this.condstore && told > view.announcedModseq) {
      lines.push([`* OK [HIGHESTMODSEQ ${view.announcedModseq}] Expunges held back`]);
    }
    for (const line of lines) await this.send(line);
  }

  // --- RFC 7162 CONDSTORE and QRESYNC ---

  /** A CONDSTORE enabling command was issued (RFC 7162 §3.1): FETCH responses carry MODSEQ. */
  get condstore(): boolean {
    return this.enabled.has('CONDSTORE');
  }

  /** ENABLE QRESYNC was answered (RFC 7162 §3.2.3): VANISHED instead of EXPUNGE. */
  get qresync(): boolean {
    return this.enabled.has('QRESYNC');
  }

  /**
   * Marks the session CONDSTORE-aware. The first time, with a mailbox selected, the client is
   * told its HIGHESTMODSEQ (RFC 7162 §3.1): the MODSEQ up to which it has heard everything,
   * so it is never above an EXPUNGE still held back (§3.2).
   */
  async enableCondstore(): Promise<void> {
    if (this.condstore) return;
    this.enabled.add('CONDSTORE');
    const view = this.selected;
    if (view) await this.send([`* OK [HIGHESTMODSEQ ${view.announcedModseq}] Highest`]);
  }

  /** An unsolicited flag update: with UID and MODSEQ once CONDSTORE-aware (RFC 7162 §3.2.4). */
  flagUpdate(seq: number, meta: MessageMeta): string {
    const flags = `FLAGS ${atomList(this.flagsOf(meta.uid, meta.flags))}`;
    if (!this.condstore) return `* ${seq} FETCH (${flags})`;
    return `* ${seq} FETCH (UID ${meta.uid} ${flags} MODSEQ (${meta.modseq}))`;
  }

  /**
   * Tells the client of messages this session's own command removed (EXPUNGE, UID EXPUNGE,
   * MOVE): `* VANISHED uids` with QRESYNC enabled, else `* n EXPUNGE` each.
   */
  async announceExpunged(uids: readonly number[]): Promise<void> {
    const view = this.selected!;
    if (this.qresync) {
      const gone = view.removeNowVanished(uids);
      if (gone.length) await this.send([`* VANISHED ${numberSet(gone)}`]);
      return;
    }
    for (const seq of view.removeNow(uids)) await this.send([`* ${seq} EXPUNGE`]);
  }

  /** Flags as the client sees them: the stored ones plus \Recent where this session has it. */
  flagsOf(uid: number, flags: readonly string[]): string[] {
    return this.selected?.isRecent(uid) ? [...flags, '\\Recent'] : [...flags];
  }

  /** The connection is gone: a long command stops producing what nobody will read. */
  get gone(): boolean {
    return this.closed;
  }

  /** A command is running (IDLE aside): untagged updates must wait for its end (NOTIFY). */
  get commandRunning(): boolean {
    return this.running && !this.idling;
  }

  /** In IDLE now (NOTIFY: SELECTED-DELAYED may send EXPUNGE then, RFC 5465 §6.1.2). */
  get idlingNow(): boolean {
    return this.idling;
  }

  /** Resolves when IDLE's own push of updates has been written. */
  updatesSettled(): Promise<void> {
    return this.idleFlush;
  }

  // --- the command loop ---

  private feedLineWaiter(): void {
    // An error (an over-long raw line: BAD [TOOBIG]) does not end the wait, so look further:
    // the line waited for may already be buffered behind it.
    while (this.lineWaiter) {
      const event = this.parser.next();
      if (!event) return;
      if (event.kind === 'line') this.lineWaiter(event.line);
      else if (event.kind === 'error' && event.code === 'TOOBIG' && this.endWaitOnOverflow) this.lineWaiter(LINE_TOO_LONG);
      else void this.handle(event);
    }
  }

  private pump(): void {
    if (this.running || this.closed) return;
    this.running = true;
    void this.loop();
  }

  private async loop(): Promise<void> {
    try {
      for (let event = this.parser.next(); event && !this.closed; event = this.parser.next()) {
        await this.handle(event);
      }
    } catch (err) {
      this.log.error({ err }, 'session failed');
      await this.bye('Internal server error').catch(() => undefined);
    } finally {
      this.running = false;
      if (!this.closed) this.conn.resume();
      this.notify?.poke(); // RFC 5465: what arrived during the command's last bytes
    }
  }

  private async handle(event: ParserEvent): Promise<void> {
    this.countInput();
    if (event.kind === 'command' || event.kind === 'error') await this.takeTurn();
    if (this.closed) return;
    switch (event.kind) {
      case 'continue':
        await this.send(['+ Ready for literal data']);
        break;
      case 'line':
        // A raw line nobody waits for (e.g. a stray DONE): answer as a bad command.
        await this.send(['* BAD Unexpected line']);
        await this.countBad();
        break;
      case 'error': {
        // The literal was refused for want of room server-wide, not for its own size.
        const short = event.code === 'TOOBIG' && event.status === 'NO' && this.parser.literalLimit < this.ownLiteralLimit;
        const code = short ? ' [LIMIT]' : event.code ? ` [${event.code}]` : '';
        const text = short ? 'The server is receiving too much now; send the literal again later' : event.text;
        await this.send([`${event.tag ?? '*'} ${event.status}${code} ${text}`]);
        if (event.fatal) await this.bye('Too many protocol errors');
        else if (event.status === 'BAD') await this.countBad();
        break;
      }
      case 'command':
        await this.execute(event.tag, event.command);
    }
    this.fitLiteralLimit();
  }

  /**
   * commandRate: waits for the session's turn. A command that came in a read of its own is
   * paced by its client waiting for answers and costs nothing; commands queued behind others
   * (pipelined, a flood) take a token each. While a session waits it stops reading (the
   * command loop is busy, so onData pauses the socket once a line's worth is buffered), and
   * every few commands it lets the other sessions run even when it need not wait.
   */
  private async takeTurn(): Promise<void> {
    if (this.freshInput) {
      this.freshInput = false;
      return;
    }
    this.rate ??= new CommandRate(this.limits.commandRate, this.limits.commandBurst, this.clock.now());
    const wait = this.rate.take(this.clock.now());
    if (wait > 0) {
      this.sinceYield = 0;
      await sleep(this.clock, wait);
    } else if (++this.sinceYield >= 32) {
      this.sinceYield = 0;
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** maxBadCommands: a client that sends only invalid commands is not speaking IMAP. */
  private async countBad(): Promise<void> {
    if (++this.badCommands >= this.limits.maxBadCommands) await this.bye('Too many invalid commands');
  }

  private get clock(): Clock {
    return this.ctx.clock ?? systemClock;
  }

  /** preLoginTimeout as a deadline: trickling bytes (slowloris) keeps the idle timer, not this. */
  private armLoginDeadline(): void {
    this.cancelLoginDeadline = this.clock.after(this.limits.preLoginTimeout * 1000, () => {
      if (this.state !== 'notauth') return;
      void this.bye(this.receivedAny ? 'Autologout; took too long to log in' : 'Autologout; idle for too long');
    });
  }

  /**
   * maxPendingInput: keeps this session's share of the server's input budget current. When the
   * budget is used up, a session that is in the middle of a literal stops being read until
   * there is room again (one holding a line at most cannot grow anyway).
   */
  private countInput(): void {
    const budget = this.ctx.inputBudget;
    if (!budget || this.closed) return;
    const held = this.parser.bufferedBytes;
    budget.change(held - this.inputHeld);
    this.inputHeld = held;
    // Paused again on every read while over: the command loop resumes reading when it ends.
    if (budget.exceeded && held > this.limits.maxLineLength) {
      this.conn.pause();
      this.budgetWait ??= budget.whenRoom(() => {
        this.budgetWait = null;
        if (!this.closed) this.conn.resume();
      });
    }
  }

  /**
   * No more literal than the input budget has room for: a literal announced past it is
   * answered NO [LIMIT] (handle). The limit the session itself sets (lower before login) is
   * kept as the ceiling.
   */
  private fitLiteralLimit(): void {
    this.parser.literalLimit = Math.min(this.ownLiteralLimit, this.ctx.inputBudget?.free ?? Infinity);
  }

  private releaseLimits(): void {
    this.cancelLoginDeadline?.();
    this.budgetWait?.();
    this.budgetWait = null;
    this.ctx.inputBudget?.change(-this.inputHeld);
    this.inputHeld = 0;
  }

  private async execute(tag: string, command: Command): Promise<void> {
    const spec = commands[command.name] as CommandSpec<Command>;
    let result: Result;
    await this.notify?.settled(); // no NOTIFY push beside a command
    if (!spec.states.includes(this.state)) {
      result = { status: 'BAD', text: wrongState(this.state, command.name, spec.states) };
    } else {
      this.currentCommand = command;
      try {
        result = await spec.run(this, command as never, tag);
      } catch (err) {
        result = this.failure(err, command.name);
      }
      await this.notify?.settled();
    }
    if (this.closed) return;
    const expungeAllowed = spec.expungeAllowed ? spec.expungeAllowed(command as never) : true;
    if (this.state === 'selected') {
      if (this.notify) await this.notify.selectedUpdates(expungeAllowed, command); // RFC 5465 §5.2
      else await this.sendUpdates(expungeAllowed);
    }
    if (this.state === 'selected' || this.state === 'auth') await this.sendMetadataUpdates();
    if (this.notify && (this.state === 'selected' || this.state === 'auth')) await this.notify.flush();
    this.currentCommand = null;
    const code = result.code ? ` [${result.code}]` : '';
    await this.send([`${tag} ${result.status}${code} ${result.text}`]);
    if (this.state === 'logout') {
      this.conn.end();
      this.onClose();
    }
    if (result.status !== 'BAD') this.badCommands = 0;
    else await this.countBad();
  }

  private failure(err: unknown, name: string): Result {
    if (err instanceof StoreError) return { status: 'NO', code: err.code, text: err.message };
    this.log.error({ err, command: name }, 'command failed');
    return { status: 'NO', code: 'SERVERBUG', text: 'Internal error; the command was not carried out' };
  }

  // --- updates from other sessions ---

  private onChange(event: ChangeEvent): void {
    const view = this.selected;
    if (!view || !('mailboxId' in event) || event.mailboxId !== view.mailboxId) return;
    if (event.kind === 'mailbox-deleted') {
      void this.bye('Selected mailbox was deleted');
      return;
    }
    if (event.kind !== 'messages' || event.modseq <= view.modseq) return;
    this.stale = true;
    if (this.idling && !this.notify) this.pushUpdates(); // with NOTIFY, notify.ts decides (RFC 5465 §4)
  }

  // --- unsolicited METADATA (RFC 5464 §4.4.2), after ENABLE METADATA / METADATA-SERVER ---

  /** Starts listening for entry changes made by other sessions (ENABLE calls this). */
  watchMetadata(): void {
    if (this.metadataUnsubscribe || this.closed) return;
    this.metadataUnsubscribe = this.ctx.bus.subscribe((e) => this.onMetadataChange(e));
  }

  private onMetadataChange(event: ChangeEvent): void {
    if (event.kind !== 'mailbox-metadata' && event.kind !== 'server-metadata') return;
    const user = this.user;
    // Not our own change, not someone else's /private entries.
    if (!user || event.origin === this.conn.id || (event.privateTo !== null && event.privateTo !== user.id)) return;
    // Server entries: only the account's own. Mailbox entries: also of other accounts'
    // mailboxes, checked against the user's rights when reported (sendMetadataUpdates).
    if (event.kind === 'server-metadata' && event.userId !== user.id) return;
    if (event.kind === 'mailbox-metadata' && !this.enabled.has('METADATA')) return;
    if (event.kind === 'mailbox-metadata' && event.userId !== user.id) {
      // Another account's mailbox: kept only if the user may use its entries, decided now, so
      // that changes to the many mailboxes the user cannot see never pile up here.
      const { mailboxId, entries } = event;
      rightsOn(this, mailboxId).then(
        (rights) => {
          if (canUseMetadata(rights)) this.queueMetadata(mailboxId, entries);
        },
        (err: unknown) => this.log.warn({ err }, 'metadata rights check failed'),
      );
      return;
    }
    this.queueMetadata(event.kind === 'mailbox-metadata' ? event.mailboxId : null, event.entries);
  }

  private queueMetadata(key: number | null, names: readonly string[]): void {
    if (this.closed) return;
    let entries = this.pendingMetadata.get(key);
    if (!entries) this.pendingMetadata.set(key, (entries = new Set()));
    for (const name of names) entries.add(name);
    if (this.idling && !this.notify) this.pushUpdates(); // with NOTIFY, notify.ts decides (RFC 5465 §4)
  }

  /** Sends `* METADATA mailbox entry...` (names only) for what other sessions changed. */
  async sendMetadataUpdates(): Promise<void> {
    if (this.pendingMetadata.size === 0 || this.closed) return;
    const pending = this.pendingMetadata;
    this.pendingMetadata = new Map();
    for (const [mailboxId, names] of pending) {
      let name = '';
      if (mailboxId !== null) {
        const mailbox = await mailboxAsSeen(this, mailboxId);
        if (!mailbox || !canUseMetadata(mailbox.rights)) continue; // gone, or not (or no longer) ours to see
        name = mailbox.name;
      }
      const entries = [...names].flatMap((entry) => [' ', ...astring(entry)]);
      await this.send(['* METADATA ', ...metadataMailbox(name), ...entries]);
    }
  }

  /**
   * In IDLE the client waits for news: push it now. One push runs at a time and loops while
   * more changes arrive, so a client that stops reading costs one pending write, not a
   * growing queue.
   */
  private pushUpdates(): void {
    if (this.pushing) return;
    this.pushing = true;
    this.idleFlush = (async () => {
      try {
        do {
          await this.sendUpdates(true);
          await this.sendMetadataUpdates();
        } while ((this.stale || this.pendingMetadata.size > 0) && this.idling && !this.closed);
      } catch (err) {
        this.log.warn({ err }, 'idle update failed');
      } finally {
        this.pushing = false;
      }
    })();
  }

  /** IDLE: push updates until the client sends DONE. Returns false if DONE was not what came. */
  async idle(): Promise<boolean> {
    this.idling = true;
    try {
      if (this.selected) this.stale = true;
      // With NOTIFY, IDLE sends what NOTIFY asked for, nothing more (RFC 5465 §4; notify.ts).
      if (!this.notify) this.pushUpdates();
      const line = await this.readLine();
      await this.idleFlush;
      return typeof line === 'string' && line.toUpperCase() === 'DONE';
    } finally {
      this.idling = false;
    }
  }
}

function wrongState(state: SessionState, name: string, allowed: readonly SessionState[]): string {
  if (state === 'notauth') return `${name} is not allowed before login`;
  // LOGIN, AUTHENTICATE and STARTTLS after login lack no mailbox: they are simply too late.
  if (state === 'auth' && allowed.includes('selected')) return `${name} needs a selected mailbox`;
  return `${name} is not allowed after login`;
}
