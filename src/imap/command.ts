// The declarative command descriptor: which states a command runs in, whether its end may
// carry EXPUNGE responses, and its handler. Dispatch is one table lookup, not a switch.
import type { Command, CommandName, CommandOf } from '../protocol/ast.js';
import type { Session, SessionState } from './session.js';

export interface Result {
  status: 'OK' | 'NO' | 'BAD';
  /** Response code without brackets, e.g. `APPENDUID 38505 3955`. */
  code?: string;
  text: string;
}

export const ok = (text: string, code?: string): Result => ({ status: 'OK', text, code });
export const no = (text: string, code?: string): Result => ({ status: 'NO', text, code });
export const bad = (text: string, code?: string): Result => ({ status: 'BAD', text, code });

export interface CommandSpec<C extends Command> {
  states: readonly SessionState[];
  /**
   * RFC 3501 §7.4.1: no EXPUNGE response while answering FETCH, STORE or SEARCH (their UID
   * forms are fine). Defaults to true.
   */
  expungeAllowed?(command: C): boolean;
  run(session: Session, command: C, tag: string): Promise<Result>;
}

export type CommandTable = { [N in CommandName]: CommandSpec<CommandOf<N>> };

export const AUTHENTICATED: readonly SessionState[] = ['auth', 'selected'];
export const SELECTED: readonly SessionState[] = ['selected'];
export const NOT_AUTHENTICATED: readonly SessionState[] = ['notauth'];
export const ANY: readonly SessionState[] = ['notauth', 'auth', 'selected'];
