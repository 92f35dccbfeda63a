// The change bus: the store publishes here after a transaction commits; sessions with the
// mailbox selected (and, later, NOTIFY) listen and pull what changed from the store.
import { EventEmitter } from 'node:events';

/**
 * One change to an account's mailbox list (RFC 5423 MailboxCreate / MailboxDelete /
 * MailboxRename / MailboxSubscribe / MailboxUnSubscribe). A rename names only the mailbox
 * renamed, not its children (RFC 5465 §5.4).
 */
export type MailboxChange =
  | { type: 'created' | 'deleted' | 'subscribed' | 'unsubscribed'; name: string }
  | { type: 'renamed'; name: string; oldName: string };

export type ChangeEvent =
  /** Messages were added, changed or expunged; `modseq` is the mailbox's new HIGHESTMODSEQ. */
  | { kind: 'messages'; userId: number; mailboxId: number; modseq: number }
  /** A mailbox was deleted (sessions that have it selected must leave it). */
  | { kind: 'mailbox-deleted'; userId: number; mailboxId: number }
  /**
   * An RFC 4314 ACL entry of the mailbox (owned by `userId`) was set, changed or removed;
   * `granteeId` is the user it names, null for anyone (who may now see the mailbox changed).
   */
  | { kind: 'acl'; userId: number; mailboxId: number; granteeId: number | null }
  /**
   * Mailboxes were created, deleted, renamed or (un)subscribed. `changes` says what, in the
   * order it happened (NOTIFY's MailboxName and SubscriptionChange, RFC 5465 §5.4, §5.5).
   */
  | { kind: 'mailboxes'; userId: number; changes?: MailboxChange[] }
  /**
   * RFC 5464 entries of a mailbox were set, changed or removed (NOTIFY's MailboxMetadataChange,
   * RFC 5465 §5.7). `userId` owns the mailbox; `privateTo` is the user whose /private entries
   * these are (only that user may hear of them), null for /shared entries. `entries` are the
   * entry names as stored. `origin` is the connection id of the session that made the change,
   * if a session did (it is not told of its own change); absent for changes the server made.
   */
  | { kind: 'mailbox-metadata'; userId: number; mailboxId: number; privateTo: number | null; entries: string[]; origin?: string }
  /** The same for server entries of the account `userId` (NOTIFY's ServerMetadataChange, §5.8). */
  | { kind: 'server-metadata'; userId: number; privateTo: number | null; entries: string[]; origin?: string };

export class ChangeBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // One listener per selected session: thousands are normal, not a leak.
    this.emitter.setMaxListeners(0);
  }

  publish(event: ChangeEvent): void {
    this.emitter.emit('change', event);
  }

  subscribe(listener: (event: ChangeEvent) => void): () => void {
    this.emitter.on('change', listener);
    return () => this.emitter.off('change', listener);
  }
}
