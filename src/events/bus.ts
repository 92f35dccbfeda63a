// The change bus: the store publishes here after a transaction commits; sessions with the
// mailbox selected (and, later, NOTIFY) listen and pull what changed from the store.
import { EventEmitter } from 'node:events';

export type ChangeEvent =
  /** Messages were added, changed or expunged; `modseq` is the mailbox's new HIGHESTMODSEQ. */
  | { kind: 'messages'; userId: number; mailboxId: number; modseq: number }
  /** A mailbox was deleted (sessions that have it selected must leave it). */
  | { kind: 'mailbox-deleted'; userId: number; mailboxId: number }
  /** Mailboxes were created, renamed or subscribed; carries no detail yet. */
  | { kind: 'mailboxes'; userId: number };

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
