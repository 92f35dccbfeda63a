// The connection wrapper every store module works through: a cache of prepared statements,
// write transactions that hand out the account MODSEQ and collect change events, and the
// rule that events are published only after COMMIT.
import type Database from 'better-sqlite3';
import type { ChangeBus, ChangeEvent, MailboxChange } from '../events/bus.js';
import { collectGarbage } from './blobs.js';

type Statement = Database.Statement<unknown[], unknown>;

const DYNAMIC_CACHE_SIZE = 256;

/** State of one write transaction. */
export class Tx {
  private readonly modseqs = new Map<number, number>();
  private readonly events: ChangeEvent[] = [];
  private readonly messageEvents = new Map<number, { userId: number; modseq: number }>();
  private readonly mailboxListUsers = new Set<number>();
  /** What changed in each account's mailbox list, for the `mailboxes` event (NOTIFY). */
  private readonly mailboxChanges = new Map<number, MailboxChange[]>();
  private readonly metadataEvents = new Map<string, Extract<ChangeEvent, { entries: string[] }>>();
  /** Set when blob references were released: garbage is collected before COMMIT. */
  blobsReleased = false;

  constructor(readonly db: StoreDb) {}

  /**
   * The MODSEQ of this transaction for the account: taken from the account's counter the
   * first time it is asked for, then the same value for the rest of the transaction.
   */
  modseq(userId: number): number {
    let value = this.modseqs.get(userId);
    if (value === undefined) {
      const row = this.db
        .stmt('UPDATE users SET modseq = modseq + 1 WHERE id = ? RETURNING modseq')
        .get(userId) as { modseq: number } | undefined;
      if (!row) throw new Error(`no user ${userId}`);
      value = row.modseq;
      this.modseqs.set(userId, value);
    }
    return value;
  }

  /** Messages of a mailbox changed; its HIGHESTMODSEQ is now `modseq`. */
  messagesChanged(userId: number, mailboxId: number, modseq: number): void {
    this.messageEvents.set(mailboxId, { userId, modseq });
  }

  needsBlobCollection(): void {
    this.blobsReleased = true;
  }

  mailboxDeleted(userId: number, mailboxId: number): void {
    this.messageEvents.delete(mailboxId);
    this.events.push({ kind: 'mailbox-deleted', userId, mailboxId });
  }

  /** An ACL entry of a mailbox owned by `userId` changed (src/store/acl.ts); granteeId null: anyone. */
  aclChanged(userId: number, mailboxId: number, granteeId: number | null): void {
    this.events.push({ kind: 'acl', userId, mailboxId, granteeId });
  }

  mailboxesChanged(userId: number, change?: MailboxChange): void {
    this.mailboxListUsers.add(userId);
    if (!change) return;
    let list = this.mailboxChanges.get(userId);
    if (!list) this.mailboxChanges.set(userId, (list = []));
    list.push(change);
  }

  /**
   * RFC 5464 entries changed (src/store/metadata.ts): one event per scope (the account's
   * server entries, or a mailbox) and per /private owner, with the entry names in order.
   */
  metadataChanged(userId: number, mailboxId: number | null, privateTo: number | null, entry: string, origin?: string): void {
    const key = `${userId}\u0000${mailboxId ?? ''}\u0000${privateTo ?? ''}\u0000${origin ?? ''}`;
    let event = this.metadataEvents.get(key);
    if (!event) {
      event =
        mailboxId === null
          ? { kind: 'server-metadata', userId, privateTo, entries: [], ...(origin !== undefined && { origin }) }
          : { kind: 'mailbox-metadata', userId, mailboxId, privateTo, entries: [], ...(origin !== undefined && { origin }) };
      this.metadataEvents.set(key, event);
    }
    if (!event.entries.includes(entry)) event.entries.push(entry);
  }

  /** The events to publish once the transaction has committed, in a stable order. */
  collected(): ChangeEvent[] {
    const out: ChangeEvent[] = [];
    for (const [mailboxId, { userId, modseq }] of this.messageEvents) {
      out.push({ kind: 'messages', userId, mailboxId, modseq });
    }
    out.push(...this.events);
    for (const userId of this.mailboxListUsers) {
      const changes = this.mailboxChanges.get(userId);
      out.push(changes ? { kind: 'mailboxes', userId, changes } : { kind: 'mailboxes', userId });
    }
    out.push(...this.metadataEvents.values());
    return out;
  }
}

export class StoreDb {
  private readonly statements = new Map<string, Statement>();
  private readonly dynamicStatements = new Map<string, Statement>();
  private readonly runWrite: Database.Transaction<(fn: () => unknown) => unknown>;
  private readonly runRead: Database.Transaction<(fn: () => unknown) => unknown>;

  constructor(
    readonly db: Database.Database,
    private readonly bus: ChangeBus,
  ) {
    const run = db.transaction((fn: () => unknown) => fn());
    // BEGIN IMMEDIATE: take the write lock up front, so a second process (the CLI) waits on
    // busy_timeout instead of failing with SQLITE_BUSY half-way through.
    this.runWrite = run.immediate as unknown as typeof run;
    this.runRead = run.deferred as unknown as typeof run;
  }

  /** A cached prepared statement. Only ever called with SQL text built from constants. */
  stmt(sql: string): Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** A cached prepared statement that returns rows as arrays (faster for wide, many-row reads). */
  raw(sql: string): Statement {
    const key = '\u0000raw\u0000' + sql;
    let s = this.statements.get(key);
    if (!s) {
      s = this.db.prepare(sql).raw(true);
      this.statements.set(key, s);
    }
    return s;
  }

  /**
   * A prepared raw statement for generated SQL (search), kept in a small bounded cache since
   * the number of distinct texts is open-ended. The text must contain no client values.
   */
  dynamic(sql: string): Statement {
    let s = this.dynamicStatements.get(sql);
    if (s) {
      // Refresh its place in the (insertion-ordered) map: least recently used goes first.
      this.dynamicStatements.delete(sql);
    } else {
      s = this.db.prepare(sql).raw(true);
      if (this.dynamicStatements.size >= DYNAMIC_CACHE_SIZE) {
        this.dynamicStatements.delete(this.dynamicStatements.keys().next().value as string);
      }
    }
    this.dynamicStatements.set(sql, s);
    return s;
  }

  /** Runs `fn` in one write transaction; publishes its events after COMMIT, none on failure. */
  write<T>(fn: (tx: Tx) => T): T {
    const tx = new Tx(this);
    const result = this.runWrite(() => {
      const value = fn(tx);
      if (tx.blobsReleased) collectGarbage(this);
      return value;
    }) as T;
    for (const event of tx.collected()) {
      try {
        this.bus.publish(event);
      } catch (err) {
        // The change is committed; a failing listener must not turn it into an error.
        process.emitWarning(`change bus listener failed: ${String(err)}`);
      }
    }
    return result;
  }

  /** Runs `fn` in one read transaction: a consistent snapshot across several statements. */
  read<T>(fn: () => T): T {
    if (this.db.inTransaction) return fn();
    return this.runRead(fn) as T;
  }

  close(): void {
    this.statements.clear();
    this.dynamicStatements.clear();
    this.db.close();
  }
}
