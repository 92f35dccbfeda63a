// Shared helpers for the protocol tests.
import type { Command } from '../../src/protocol/ast.js';
import type { ParserEvent, ParserLimits } from '../../src/protocol/events.js';
import { CommandParser } from '../../src/protocol/parser.js';

export const limits: ParserLimits = { maxLineLength: 1000, maxLiteralSize: 2000, maxNesting: 8, maxSequenceRanges: 50 };

/** Drain every event the parser can produce from what it has. */
export function drain(parser: CommandParser): ParserEvent[] {
  const events: ParserEvent[] = [];
  for (let e = parser.next(); e; e = parser.next()) events.push(e);
  return events;
}

/** All events for `input` pushed in one piece. */
export function events(input: string | Buffer, lim: ParserLimits = limits): ParserEvent[] {
  const parser = new CommandParser(lim);
  parser.push(typeof input === 'string' ? Buffer.from(input, 'latin1') : input);
  return drain(parser);
}

/** All events for `input` pushed one byte at a time, draining after each byte. */
export function eventsBytewise(input: string | Buffer, lim: ParserLimits = limits): ParserEvent[] {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const parser = new CommandParser(lim);
  const out: ParserEvent[] = [];
  for (let i = 0; i < bytes.length; i++) {
    parser.push(bytes.subarray(i, i + 1));
    out.push(...drain(parser));
  }
  return out;
}

/** The single command in `line` (CRLF appended), failing loudly otherwise. */
export function command(line: string, lim: ParserLimits = limits): Command {
  const evs = events(line + '\r\n', lim).filter((e) => e.kind !== 'continue');
  if (evs.length !== 1 || evs[0]!.kind !== 'command') throw new Error(`expected one command, got ${JSON.stringify(evs)}`);
  return evs[0].command;
}

/** The single error for `line` (CRLF appended), without `kind`. */
export function error(line: string, lim: ParserLimits = limits): Omit<Extract<ParserEvent, { kind: 'error' }>, 'kind'> {
  const evs = events(line + '\r\n', lim).filter((e) => e.kind !== 'continue');
  if (evs.length !== 1 || evs[0]!.kind !== 'error') throw new Error(`expected one error, got ${JSON.stringify(evs)}`);
  const { kind: _kind, ...rest } = evs[0];
  return rest;
}

/** The text of the single error for `line`. */
export const errorText = (line: string, lim: ParserLimits = limits): string => error(line, lim).text;

/** A SequenceSet of [start, end] pairs, or of single numbers. */
export const seq = (...r: Array<number | '*' | [number | '*', number | '*']>) => ({
  kind: 'ranges' as const,
  ranges: r.map((x) => (Array.isArray(x) ? { start: x[0], end: x[1] } : { start: x, end: x })),
});
