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
  /**
   * Seconds a connection may stay idle before login, and also the most it may take to log in
   * at all: a client that trickles a byte now and then (slowloris) is cut at this deadline too.
   */
  preLoginTimeout: number;
  /** Seconds an authenticated connection may stay idle (RFC 9051 asks for at least 30 minutes). */
  idleTimeout: number;
  /**
   * Milliseconds before the first failed login is answered; each further failure from the
   * same address or for the same account doubles it, up to 16 times (src/auth/login-throttle.ts).
   */
  failedLoginDelay: number;
  /** Most simultaneous connections. */
  maxConnections: number;
  /**
   * Most simultaneous connections from one address (an IPv4 address, or an IPv6 /64, which is
   * what one subscriber gets). Raise it where many clients share an address (carrier NAT).
   */
  maxConnectionsPerAddress: number;
  /**
   * Octets all connections together may hold in commands still being received (partial lines
   * and literals). When it is used up, new literals are refused with NO [LIMIT] and the
   * connections still sending one stop being read until there is room again.
   */
  maxPendingInput: number;
  /**
   * Octets a connection may queue for a client that does not read, on top of the response
   * being written (which waits for the client to read it): more and the connection is cut.
   */
  maxOutputBacklog: number;
  /**
   * Seconds a response may wait for a client that reads none of it before the connection is
   * cut. A slow reader is fine; only a client that takes nothing at all for this long is not.
   */
  writeStallTimeout: number;
  /**
   * Commands per second a session may pipeline, on average; past it (and past `commandBurst`)
   * the server stops reading from it for a while instead of answering with errors. A command
   * sent after the answer to the one before (in a read of its own) is not counted.
   */
  commandRate: number;
  /** Commands a session may pipeline at once before `commandRate` holds it back. */
  commandBurst: number;
  /** Invalid commands (BAD) in a row before the session is told BYE. */
  maxBadCommands: number;
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
  maxConnectionsPerAddress: 100,
  maxPendingInput: 256 * 1024 * 1024,
  maxOutputBacklog: 1024 * 1024,
  writeStallTimeout: 120,
  commandRate: 200,
  commandBurst: 1000,
  maxBadCommands: 50,
  closeGrace: 10,
  notifyMaxPending: 1000,
  metadataMaxValueSize: 64 * 1024,
  metadataMaxEntries: 1000,
  metadataMaxTotalSize: 16 * 1024 * 1024,
  metadataPrivate: true,
};
