// Server configuration with safe defaults. Limits live here, not scattered in code.
import type { ParserLimits } from './protocol/events.js';

export interface Limits extends ParserLimits {
  /** Seconds a connection may stay idle before login. */
  preLoginTimeout: number;
  /** Seconds an authenticated connection may stay idle (RFC 9051 asks for at least 30 minutes). */
  idleTimeout: number;
  /** Milliseconds before a failed login is answered. */
  failedLoginDelay: number;
  /** Most simultaneous connections. */
  maxConnections: number;
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
};
