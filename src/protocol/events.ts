// What the incremental command parser reports to the session.
import type { Command } from './ast.js';

export interface ParserLimits {
  /** Longest command line (without literals), in bytes. */
  maxLineLength: number;
  /** Largest literal accepted (also advertised as APPENDLIMIT). */
  maxLiteralSize: number;
  /** Deepest parenthesis nesting in one command. */
  maxNesting: number;
  /** Most ranges in one sequence set. */
  maxSequenceRanges: number;
}

export type ParserEvent =
  /** A complete, well-formed command. */
  | { kind: 'command'; tag: string; command: Command }
  /**
   * A command that could not be accepted. `tag` is null when no valid tag could be read
   * (answer with an untagged BAD). `status` is BAD for syntax, NO for e.g. an over-large
   * literal. `code` is an RFC 5530 response code such as TOOBIG or CLIENTBUG.
   * `fatal` means the stream cannot be resynchronised: send BYE and close.
   */
  | { kind: 'error'; tag: string | null; status: 'BAD' | 'NO'; code?: string; text: string; fatal?: boolean }
  /** A synchronising literal `{n}` was announced and accepted: send a `+` continuation. */
  | { kind: 'continue' }
  /** A raw line, in raw-line mode (SASL exchanges, IDLE's DONE). Without CRLF. */
  | { kind: 'line'; line: string };
