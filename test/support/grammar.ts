// Checks server responses and client commands against the ABNF in grammar/.
//
// The .abnf files (load order: grammar/manifest.txt) are compiled once per process
// with apg-js's generator, in memory, and parsed with apg-lite. See grammar/README.md.
//
// Literals: a line that ends with "{n}", "{n+}", "~{n}" (before its CRLF) is
// followed by exactly n octets, and then the line goes on. splitResponses() uses
// that to frame responses; in the grammar, the UDT e_literal-octets reads n back
// from the "{n}" CRLF just matched and takes exactly n CHAR8 octets (no NUL), so
// the octet count is checked exactly and literal bytes never meet other rules.
/// <reference path="../../grammar/apg.d.ts" />
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import apgJs from 'apg-js';
import { Parser, identifiers } from 'apg-lite';
import type { ApgCallback, ApgGrammarObject, ApgSysData } from 'apg-lite';

/** Entry rule for one server response (see grammar/imap.abnf). */
export const RESPONSE_RULE = 'server-response';
/** Entry rule for one client command (see grammar/imap.abnf). */
export const COMMAND_RULE = 'client-command';

export interface ValidateOptions {
  /** Entry rule to match instead of the default (e.g. 'greeting', 'idle-done'). */
  rule?: string;
}

export interface SplitResult {
  /** Complete elements: each one line with its CRLF, plus its literals and the rest of the line. */
  responses: Buffer[];
  /** The incomplete tail (no CRLF yet, or a literal still short of octets); empty if none. */
  rest: Buffer;
}

export interface CompiledGrammar {
  grammar: ApgGrammarObject;
  /** Rule names as written in the .abnf files. */
  ruleNames: string[];
  /** The .abnf files, in load order. */
  files: string[];
  compileMs: number;
}

// ---------------------------------------------------------------------------
// Compilation (once per process)

let compiled: CompiledGrammar | undefined;

function grammarDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, 'grammar');
    if (existsSync(join(candidate, 'manifest.txt'))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('grammar/manifest.txt not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** Reads grammar/manifest.txt: the .abnf files in load order. */
export function grammarFiles(): string[] {
  const dir = grammarDir();
  return readFileSync(join(dir, 'manifest.txt'), 'utf8')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.length > 0)
    .map((name) => join(dir, name));
}

/** The compiled grammar; compiled on first use and cached for the process. */
export function compileGrammar(): CompiledGrammar {
  if (compiled) return compiled;
  const started = performance.now();
  const files = grammarFiles();
  const parts: string[] = [];
  const starts: string[] = [];
  let line = 1;
  for (const file of files) {
    let text = readFileSync(file, 'utf8').replace(/\r\n/g, '\n');
    if (!text.endsWith('\n')) text += '\n';
    starts.push(`  line ${line}: ${file}`);
    line += text.split('\n').length - 1;
    parts.push(text);
  }
  const api = new apgJs.apgApi(parts.join(''));
  api.generate();
  if (api.errors.length > 0) {
    throw new Error(
      `grammar/ does not compile:\n${api.errorsToAscii()}\n(line numbers are in the concatenation; files start at:\n${starts.join('\n')})`,
    );
  }
  const object = api.toObject();
  const grammar: ApgGrammarObject = { grammarObject: 'grammarObject', rules: object.rules, udts: object.udts };
  compiled = {
    grammar,
    ruleNames: object.rules.map((r) => r.name),
    files,
    compileMs: performance.now() - started,
  };
  return compiled;
}

// ---------------------------------------------------------------------------
// The literal UDT

const LF = 0x0a;
const CR = 0x0d;

/**
 * e_literal-octets: called right after `"{" number ["+"] "}" CRLF`. Reads the
 * number back from the input and matches exactly that many CHAR8 octets.
 */
const literalOctets: ApgCallback = (sys, chars, phraseIndex) => countedOctets(sys, chars, phraseIndex, 0x01);

/** e_literal8-octets (RFC 3516 literal8, after `"~{" number "}" CRLF`): any octet, NUL too. */
const literal8Octets: ApgCallback = (sys, chars, phraseIndex) => countedOctets(sys, chars, phraseIndex, 0x00);

function countedOctets(sys: ApgSysData, chars: number[], phraseIndex: number, lowest: number): void {
  sys.state = identifiers.NOMATCH;
  sys.phraseLength = 0;
  let i = phraseIndex - 1;
  if (chars[i] !== LF || chars[i - 1] !== CR || chars[i - 2] !== 0x7d /* } */) return;
  i -= 3;
  if (chars[i] === 0x2b /* + */) i -= 1;
  let n = 0;
  let scale = 1;
  let digits = 0;
  while (i >= 0) {
    const c = chars[i] ?? -1;
    if (c < 0x30 || c > 0x39) break;
    n += (c - 0x30) * scale;
    scale *= 10;
    digits += 1;
    i -= 1;
  }
  if (digits === 0 || chars[i] !== 0x7b /* { */) return;
  if (phraseIndex + n > chars.length) return;
  for (let k = phraseIndex; k < phraseIndex + n; k += 1) {
    const c = chars[k] ?? -1;
    if (c < lowest || c > 0xff) return; // CHAR8 = %x01-ff; OCTET = %x00-ff
  }
  sys.state = n === 0 ? identifiers.EMPTY : identifiers.MATCH;
  sys.phraseLength = n;
}

let fastParser: Parser | undefined;

function parser(): Parser {
  if (!fastParser) {
    fastParser = new Parser();
    fastParser.callbacks['e_literal-octets'] = literalOctets;
    fastParser.callbacks['e_literal8-octets'] = literal8Octets;
  }
  return fastParser;
}

// ---------------------------------------------------------------------------
// Framing

interface LiteralMark {
  /** Offset of "{" (or "~" for literal8). */
  at: number;
  octets: number;
  nonSync: boolean;
  binary: boolean;
}

type Frame = { ok: true; end: number; literals: LiteralMark[] } | { ok: false; reason: string };

/** If the line segment [from, crlf) ends with "{n}", "{n+}", "~{n}" or "~{n+}", describes it. */
function literalBefore(buf: Buffer, from: number, crlf: number): LiteralMark | undefined {
  let i = crlf - 1;
  if (i < from || buf[i] !== 0x7d) return undefined;
  i -= 1;
  let nonSync = false;
  if (i >= from && buf[i] === 0x2b) {
    nonSync = true;
    i -= 1;
  }
  const lastDigit = i;
  while (i >= from && (buf[i] ?? 0) >= 0x30 && (buf[i] ?? 0) <= 0x39) i -= 1;
  if (i === lastDigit || i < from || buf[i] !== 0x7b) return undefined;
  const octets = Number(buf.toString('latin1', i + 1, lastDigit + 1));
  const binary = i - 1 >= from && buf[i - 1] === 0x7e;
  return { at: binary ? i - 1 : i, octets, nonSync, binary };
}

/** Finds the end of the protocol element that starts at `start`. */
function frame(buf: Buffer, start: number): Frame {
  const literals: LiteralMark[] = [];
  let segment = start;
  for (;;) {
    const crlf = buf.indexOf('\r\n', segment, 'latin1');
    if (crlf < 0) return { ok: false, reason: 'no CRLF at the end of the line' };
    const mark = literalBefore(buf, segment, crlf);
    if (!mark) return { ok: true, end: crlf + 2, literals };
    literals.push(mark);
    const dataEnd = crlf + 2 + mark.octets;
    if (!Number.isSafeInteger(mark.octets) || dataEnd > buf.length) {
      return {
        ok: false,
        reason: `literal {${mark.octets}} announces ${mark.octets} octets but only ${buf.length - crlf - 2} follow`,
      };
    }
    segment = dataEnd;
  }
}

/**
 * Splits a byte stream (server responses or client commands) into complete
 * elements, honouring literals. Never throws: an incomplete tail is returned as `rest`.
 */
export function splitResponses(stream: Buffer): SplitResult {
  const responses: Buffer[] = [];
  let start = 0;
  while (start < stream.length) {
    const f = frame(stream, start);
    if (!f.ok) break;
    responses.push(stream.subarray(start, f.end));
    start = f.end;
  }
  return { responses, rest: stream.subarray(start) };
}

/** The same framing for a client byte stream. */
export const splitCommands = splitResponses;

// ---------------------------------------------------------------------------
// Validation

function toBuffer(input: Buffer | string): Buffer {
  if (typeof input !== 'string') return input;
  // Strings are taken as latin1 (one char = one octet), as RawClient decodes them.
  for (let i = 0; i < input.length; i += 1) {
    if (input.charCodeAt(i) > 0xff) {
      throw new Error('string has characters above U+00FF: pass the exact bytes as a Buffer');
    }
  }
  return Buffer.from(input, 'latin1');
}

function show(buf: Buffer, from: number, to: number): string {
  let out = '';
  for (let i = from; i < to; i += 1) {
    const c = buf[i] ?? 0;
    if (c === 0x0d) out += '\\r';
    else if (c === 0x0a) out += '\\n';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += `\\x${c.toString(16).padStart(2, '0')}`;
  }
  return out;
}

interface Diagnosis {
  offset: number;
  context: string[];
  after: string | undefined;
  expected: string[];
}

/** Parses again with a callback on every rule to say where and in which rule the match failed. */
function diagnose(g: CompiledGrammar, rule: string, input: string): Diagnosis {
  const p = new Parser();
  const stack: string[] = [];
  let far = -1;
  let context: string[] = [];
  let after: string | undefined;
  let expected = new Set<string>();
  for (const name of g.ruleNames) {
    p.callbacks[name] = (sys, _chars, phraseIndex) => {
      if (sys.state === identifiers.ACTIVE) {
        if (phraseIndex > far) {
          far = phraseIndex;
          expected = new Set([name]);
          context = stack.slice();
          after = undefined;
        } else if (phraseIndex === far) {
          expected.add(name);
        }
        stack.push(name);
        return;
      }
      stack.pop();
      if (sys.state !== identifiers.NOMATCH) {
        const end = phraseIndex + sys.phraseLength;
        if (end > far) {
          far = end;
          expected = new Set();
          context = stack.slice();
          after = name;
        }
      }
    };
  }
  p.callbacks['e_literal-octets'] = literalOctets;
  p.callbacks['e_literal8-octets'] = literal8Octets;
  const result = p.parse(g.grammar, rule, input);
  const offset = Math.max(result.maxMatched, far);
  return { offset, context, after, expected: [...expected] };
}

function describeFailure(kind: string, rule: string, buf: Buffer, d: Diagnosis, partial: boolean): string {
  const offset = Math.min(d.offset, buf.length);
  // The line that holds the failing offset: lines end at CRLF (literal data counts as its own text).
  let lineNo = 1;
  let lineStart = 0;
  for (let i = buf.indexOf('\r\n', 0, 'latin1'); i >= 0 && i + 2 <= offset; i = buf.indexOf('\r\n', i + 2, 'latin1')) {
    lineNo += 1;
    lineStart = i + 2;
  }
  const crlf = buf.indexOf('\r\n', offset, 'latin1');
  const lineEnd = crlf < 0 ? buf.length : crlf + 2;
  const from = Math.max(lineStart, offset - 120);
  const to = Math.min(lineEnd, offset + 80);
  const before = show(buf, from, offset);
  const text = (from > lineStart ? '…' : '') + before + show(buf, offset, to) + (to < lineEnd ? '…' : '');
  const caret = ' '.repeat((from > lineStart ? 1 : 0) + before.length) + '^';
  const lines = [
    `${kind} does not match grammar/ rule '${rule}'` +
      (partial ? ' (it matched a prefix, then bytes were left over)' : '') +
      `: line ${lineNo}, offset ${offset}`,
    `  ${text}`,
    `  ${caret}`,
  ];
  const path = d.context.length > 0 ? d.context.join(' > ') : rule;
  lines.push(`  failing rule: ${d.context[d.context.length - 1] ?? rule}  (${path})`);
  if (d.after) lines.push(`  after: ${d.after}`);
  if (d.expected.length > 0) lines.push(`  expected one of: ${d.expected.join(', ')}`);
  return lines.join('\n');
}

function check(kind: string, input: Buffer | string, rule: string, isResponse: boolean): string | undefined {
  const buf = toBuffer(input);
  const f = frame(buf, 0);
  if (!f.ok) return `${kind} is incomplete: ${f.reason}\n  ${show(buf, 0, Math.min(buf.length, 200))}`;
  if (f.end !== buf.length) {
    return `${kind} holds more than one line: ${buf.length - f.end} bytes follow the first CRLF outside literals\n  ${show(buf, 0, Math.min(buf.length, 200))}`;
  }
  if (isResponse) {
    for (const mark of f.literals) {
      if (mark.nonSync) {
        return `${kind} uses a non-synchronizing literal {${mark.octets}+} at offset ${mark.at}: only clients may send them (RFC 7888)`;
      }
    }
  }
  const g = compileGrammar();
  const text = buf.toString('latin1');
  const result = parser().parse(g.grammar, rule, text);
  if (result.success) return undefined;
  return describeFailure(kind, rule, buf, diagnose(g, rule, text), result.matched > 0 && result.state !== identifiers.NOMATCH);
}

/**
 * Why a server response does not match the grammar, or undefined if it does.
 * The input is one complete response: a line with its CRLF, plus any literals
 * and the rest of the line after each. Strings are taken as latin1.
 */
export function responseError(response: Buffer | string, options: ValidateOptions = {}): string | undefined {
  return check('server response', response, options.rule ?? RESPONSE_RULE, true);
}

/** Why a client command does not match the grammar, or undefined if it does. */
export function commandError(command: Buffer | string, options: ValidateOptions = {}): string | undefined {
  return check('client command', command, options.rule ?? COMMAND_RULE, false);
}

/** Throws an Error naming the failing line, offset and rule if `response` is not one valid server response. */
export function assertValidResponse(response: Buffer | string, options: ValidateOptions = {}): void {
  const error = responseError(response, options);
  if (error) throw new Error(error);
}

/** Throws an Error naming the failing line, offset and rule if `command` is not one valid client command. */
export function assertValidCommand(command: Buffer | string, options: ValidateOptions = {}): void {
  const error = commandError(command, options);
  if (error) throw new Error(error);
}

/**
 * Splits a whole server byte stream and checks every response; throws on the
 * first invalid one, or if the stream ends with an incomplete response.
 */
export function assertValidResponses(stream: Buffer | string): Buffer[] {
  const buf = toBuffer(stream);
  const { responses, rest } = splitResponses(buf);
  responses.forEach((response, i) => {
    const error = responseError(response);
    if (error) throw new Error(`response ${i + 1} of ${responses.length}: ${error}`);
  });
  if (rest.length > 0) {
    const f = frame(rest, 0);
    throw new Error(`stream ends with an incomplete response (${f.ok ? 'unknown' : f.reason}): ${show(rest, 0, Math.min(rest.length, 200))}`);
  }
  return responses;
}
