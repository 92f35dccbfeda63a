// A cursor over one framed command: its lines, each possibly followed by a literal.
// Lexical rules of RFC 3501 §9 (atoms, strings, numbers, parentheses) live here; the
// grammar of each command lives in the modules that use this reader.

/** One line of a command (without CRLF and without its trailing literal announcement). */
export interface Segment {
  text: Buffer;
  /** The literal announced at the end of this line, once received. */
  literal?: { data: Buffer; binary: boolean };
}

/** A rejected command; `text` is the human text of the tagged response. */
export class ParseError extends Error {
  constructor(
    message: string,
    readonly status: 'BAD' | 'NO' = 'BAD',
    readonly code?: string,
  ) {
    super(message);
  }
}

export const END = -1;
const LITERAL = -2;

const SP = 0x20;
const DQUOTE = 0x22;
const BACKSLASH = 0x5c;
const MAX_NUMBER = 4294967295;

/** ATOM-CHAR: any CHAR except atom-specials `( ) { SP CTL % * " \ ]`. */
export function isAtomChar(c: number): boolean {
  return c > 0x20 && c < 0x7f && c !== 0x28 && c !== 0x29 && c !== 0x7b && c !== 0x25 && c !== 0x2a && c !== 0x22 && c !== 0x5c && c !== 0x5d;
}

/** ASTRING-CHAR: ATOM-CHAR or `]`. */
function isAstringChar(c: number): boolean {
  return isAtomChar(c) || c === 0x5d;
}

/** tag: 1*<any ASTRING-CHAR except "+">. */
export function isTagChar(c: number): boolean {
  return isAstringChar(c) && c !== 0x2b;
}

/** list-char: ATOM-CHAR, list-wildcards `%` `*`, or `]`. */
function isListChar(c: number): boolean {
  return isAstringChar(c) || c === 0x25 || c === 0x2a;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const utf8Lenient = new TextDecoder('utf-8');

/** How a string's bytes become text; SEARCH swaps in its CHARSET. */
export type Decode = (bytes: Uint8Array, quoted: boolean) => string;

const defaultDecode: Decode = (bytes, quoted) => {
  if (!quoted) return utf8Lenient.decode(bytes);
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ParseError('Invalid UTF-8 in quoted string');
  }
};

export class Reader {
  private seg = 0;
  private pos = 0;
  private depth = 0;

  constructor(
    private readonly segments: Segment[],
    private readonly maxNesting: number,
  ) {}

  /** The next byte, END at the end of the command, or LITERAL where a literal starts. */
  peek(): number {
    const s = this.segments[this.seg]!;
    if (this.pos < s.text.length) return s.text[this.pos]!;
    return s.literal ? LITERAL : END;
  }

  /** The byte after the next one, within the current line (END otherwise). */
  peekAhead(): number {
    const s = this.segments[this.seg]!;
    return this.pos + 1 < s.text.length ? s.text[this.pos + 1]! : END;
  }

  atEnd(): boolean {
    return this.peek() === END;
  }

  advance(): void {
    this.pos++;
  }

  /** Consume `c` if it is next. */
  accept(c: number): boolean {
    if (this.peek() !== c) return false;
    this.pos++;
    return true;
  }

  expect(c: number, message: string): void {
    if (!this.accept(c)) throw new ParseError(message);
  }

  /**
   * The space before an argument. At the end of the command this is `Missing <what>`,
   * which is the most useful thing to tell a client that left an argument out.
   */
  space(what: string): void {
    const c = this.peek();
    if (c === SP) {
      this.pos++;
      return;
    }
    throw new ParseError(c === END ? `Missing ${what}` : `Expected space before ${what}`);
  }

  /** Require the end of the command. */
  end(): void {
    if (!this.atEnd()) throw new ParseError('Unexpected extra arguments');
  }

  /** The longest run of bytes satisfying `pred`, as ASCII text (maybe empty). */
  takeWhile(pred: (c: number) => boolean): string {
    const s = this.segments[this.seg]!;
    const start = this.pos;
    while (this.pos < s.text.length && pred(s.text[this.pos]!)) this.pos++;
    return s.text.toString('latin1', start, this.pos);
  }

  atom(what: string): string {
    const text = this.takeWhile(isAtomChar);
    if (text === '') throw new ParseError(this.atEnd() ? `Missing ${what}` : `Invalid ${what}`);
    return text;
  }

  /** astring: 1*ASTRING-CHAR / string. */
  astring(what: string, decode: Decode = defaultDecode): string {
    const c = this.peek();
    if (c === DQUOTE || c === LITERAL) return this.string(decode);
    const text = this.takeWhile(isAstringChar);
    if (text === '') throw new ParseError(c === END ? `Missing ${what}` : `Invalid ${what}`);
    return text;
  }

  /** list-mailbox: 1*list-char / string. */
  listMailbox(what: string): string {
    const c = this.peek();
    if (c === DQUOTE || c === LITERAL) return this.string(defaultDecode);
    const text = this.takeWhile(isListChar);
    if (text === '') throw new ParseError(c === END ? `Missing ${what}` : `Invalid ${what}`);
    return text;
  }

  /** string: quoted / literal. */
  string(decode: Decode = defaultDecode): string {
    const c = this.peek();
    if (c === DQUOTE) return decode(this.quotedBytes(), true);
    if (c === LITERAL) return decode(this.literal(false).data, false);
    throw new ParseError(c === END ? 'Missing string' : 'Expected a string');
  }

  /** nstring: NIL / string. */
  nstring(): string | null {
    const c = this.peek();
    if (c !== DQUOTE && c !== LITERAL) {
      if (this.takeWhile(isAtomChar).toUpperCase() === 'NIL') return null;
      throw new ParseError('Expected a string or NIL');
    }
    return this.string();
  }

  /**
   * RFC 5464 `value = nstring / literal8`, as octets: null for NIL; a quoted string, a
   * literal or a literal8 (which may hold NUL) as the exact bytes sent.
   */
  valueBytes(what: string): Buffer | null {
    const c = this.peek();
    if (c === DQUOTE) return Buffer.from(this.quotedBytes());
    if (c === LITERAL) return this.literal(true).data;
    const atom = this.takeWhile(isAtomChar);
    if (atom.toUpperCase() === 'NIL') return null;
    throw new ParseError(c === END ? `Missing ${what}` : `Invalid ${what}: expected a string, a literal or NIL`);
  }

  /** A quoted string's content bytes, unescaped. */
  quotedBytes(): Uint8Array {
    this.expect(DQUOTE, 'Expected a quoted string');
    const s = this.segments[this.seg]!;
    const text = s.text;
    const out: number[] = [];
    for (;;) {
      if (this.pos >= text.length) throw new ParseError('Unterminated quoted string');
      const c = text[this.pos++]!;
      if (c === DQUOTE) return Uint8Array.from(out);
      if (c === BACKSLASH) {
        const e = text[this.pos++];
        if (e !== DQUOTE && e !== BACKSLASH) throw new ParseError('Invalid escape in quoted string');
        out.push(e);
      } else if (c === 0x0d || c === 0x0a || c === 0) {
        throw new ParseError('Invalid character in quoted string');
      } else {
        out.push(c);
      }
    }
  }

  /** A literal; `{n}`/`{n+}` always, `~{n}` (literal8) only if `allowBinary`. */
  literal(allowBinary: boolean): { data: Buffer; binary: boolean } {
    if (this.peek() !== LITERAL) throw new ParseError('Expected a literal');
    const lit = this.segments[this.seg]!.literal!;
    if (lit.binary && !allowBinary) throw new ParseError('Binary literal not allowed here');
    this.seg++;
    this.pos = 0;
    return lit;
  }

  private digits(what: string): string {
    const text = this.takeWhile((c) => c >= 0x30 && c <= 0x39);
    if (text === '') throw new ParseError(this.atEnd() ? `Missing ${what}` : `Invalid ${what}`);
    return text;
  }

  /** number: 32-bit unsigned. */
  number(what: string): number {
    const text = this.digits(what);
    const n = text.length > 10 ? Infinity : Number(text);
    if (n > MAX_NUMBER) throw new ParseError(`Invalid ${what}`);
    return n;
  }

  nzNumber(what: string): number {
    const n = this.number(what);
    if (n === 0) throw new ParseError(`Invalid ${what}`);
    return n;
  }

  /** number64 (RFC 9051), bounded here by what a JS number holds exactly. */
  number64(what: string): number {
    const text = this.digits(what);
    const n = text.length > 16 ? Infinity : Number(text);
    if (n > Number.MAX_SAFE_INTEGER) throw new ParseError(`Invalid ${what}`);
    return n;
  }

  /** Consume `(` and count the nesting it opens. */
  open(message: string): void {
    this.expect(0x28, message);
    this.enter();
  }

  /** Consume `)` closing the innermost open parenthesis. */
  close(message: string): void {
    this.expect(0x29, message);
    this.leave();
  }

  /** Count one level of nesting (parentheses, or NOT/OR in SEARCH). */
  enter(): void {
    if (++this.depth > this.maxNesting) throw new ParseError('Too deeply nested', 'BAD', 'LIMIT');
  }

  leave(): void {
    this.depth--;
  }
}
