// Server configuration with safe defaults. Limits live here, not scattered in code.
import type { ParserLimits } from './protocol/events.js';

/** RFC 5464 METADATA limits (§4.1: at least 1024 octets per value and 10 entries per scope). */
export interface MetadataLimits {
  /** Largest entry value, in octets: SETMETADATA past it is NO [METADATA MAXSIZE n]. */
  metadataMaxValueSize: number;
  /**
   * Most entries a user has in one scope (the server, or one mailbox), /private and /shared
   * together: adding one more is NO [METADATA TOOMANY].
   */
  metadataMaxEntries: number;
  /** Most octets of entry values a user has in all scopes together. */
  metadataMaxTotalSize: number;
  /** Whether /private entries may be set; false answers NO [METADATA NOPRIVATE]. */
  metadataPrivate: boolean;
}

export interface Limits extends ParserLimits, MetadataLimits {
  /** Seconds a connection may stay idle before login. */
  preLoginTimeout: number;
  /** Seconds an authenticated connection may stay idle (RFC 9051 asks for at least 30 minutes). */
  idleTimeout: number;
  /** Milliseconds before a failed login is answered. */
  failedLoginDelay: number;
  /** Most simultaneous connections. */
  maxConnections: number;
  /**
   * Seconds a connection that was told BYE may take to receive it and close before it is cut,
   * and how long shutdown waits for a command in flight.
   */
  closeGrace: number;
  /**
   * RFC 5465 §5.8: most NOTIFY notifications (mailboxes with a STATUS to send, LIST and
   * METADATA responses) a session may have waiting; one more and it is told
   * `* OK [NOTIFICATIONOVERFLOW]` and its NOTIFY registration is dropped.
   */
  notifyMaxPending: number;
}

export const defaultLimits: Limits = {
  maxLineLength: 64 * 1024,
  maxLiteralSize: 64 * 1024 * 1024,
  maxNesting: 32,
  maxSequenceRanges: 10_000,
  preLoginTimeout: 60,
  idleTimeout: 30 * 60,
  failedLoginDelay: 1000,
  maxConnections: 10_000,
  closeGrace: 10,
  notifyMaxPending: 1000,
  metadataMaxValueSize: 64 * 1024,
  metadataMaxEntries: 1000,
  metadataMaxTotalSize: 16 * 1024 * 1024,
  metadataPrivate: true,
};
