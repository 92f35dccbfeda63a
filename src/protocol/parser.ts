// The incremental command parser: frames the byte stream into commands (lines and the
// literals `{n}`, `{n+}`, `~{n}` between them) and hands each complete command to the
// grammar in commands.ts. Pull-based: `push` only appends bytes and `next` interprets
// them one event at a time, so the session can switch to raw-line mode (IDLE, SASL)
// before the bytes after a command are looked at.
import type { ParserEvent, ParserLimits } from './events.js';
import { isKnownCommand, parseCommand, readTagAndName } from './commands.js';
import { Reader, isTagChar, type Segment } from './reader.js';

const EMPTY = Buffer.alloc(0);
const LF = 0x0a;
const CR = 0x0d;
/** Enough of a skipped line's end to recognise a literal announcement in it. */
const TAIL_BYTES = 64;

interface Announcement {
  /** Where the announcement (`{`, or `~` for literal8) starts in the line. */
  start: number;
  /** Announced size; undefined if too large to even represent. */
  size: number | undefined;
  sync: boolean;
  binary: boolean;
}

/** A literal announcement ending the line: `{n}`, `{n+}`, `~{n}` or `~{n+}`. */
function literalAnnouncement(line: Buffer): Announcement | null {
  let i = line.length - 1;
  if (line[i] !== 0x7d) return null;
  const sync = line[--i] !== 0x2b;
  if (!sync) i--;
  const digitsEnd = i + 1;
  while (i >= 0 && line[i]! >= 0x30 && line[i]! <= 0x39) i--;
  if (i === digitsEnd - 1 || line[i] !== 0x7b) return null;
  const digits = line.toString('latin1', i + 1, digitsEnd);
  const size = digits.length > 16 || Number(digits) > Number.MAX_SAFE_INTEGER ? undefined : Number(digits);
  const binary = i > 0 && line[i - 1] === 0x7e;
  return { start: binary ? i - 1 : i, size, sync, binary };
}

export class CommandParser {
  /** While true, each line is reported as-is (`{kind:'line'}`) instead of as a command. */
  rawLineMode = false;
  /**
   * Most literal bytes one command may carry now: maxLiteralSize unless the session lowers it
   * (before login, so that an unauthenticated client cannot make it hold that much).
   */
  literalLimit: number;

  // Bytes pushed but not yet interpreted.
  private input: Buffer = EMPTY;
  private inputPos = 0;

  // The line being read.
  private lineChunks: Buffer[] = [];
  private lineLength = 0;

  // The literal being read; `literalChunks` is null when its bytes are discarded.
  private inLiteral = false;
  private literalRemaining = 0;
  private literalChunks: Buffer[] | null = null;
  private literalLength = 0;
  private literalBinary = false;

  // The command being assembled, and what it has cost so far.
  private segments: Segment[] = [];
  private commandLineBytes = 0;
  private commandLiteralBytes = 0;

  /**
   * When set, the rest of the current command is being skipped and this is the answer
   * to give once it has gone by. Only the tail of skipped lines is kept.
   */
  private rejection: ParserEvent | null = null;
  private skipTail: Buffer = EMPTY;
  /** Whether skipped lines may announce literals that must be skipped too. */
  private skipLiterals = true;

  constructor(private readonly limits: ParserLimits) {
    this.literalLimit = limits.maxLiteralSize;
  }

  /** Append received bytes; nothing is interpreted until `next()`. */
  push(chunk: Buffer): void {
    if (this.inputPos >= this.input.length) {
      this.input = chunk;
    } else {
      this.input = Buffer.concat([this.input.subarray(this.inputPos), chunk]);
    }
    this.inputPos = 0;
  }

  /** Bytes held in any form: uninterpreted input plus the command being assembled. */
  get bufferedBytes(): number {
    return this.input.length - this.inputPos + this.lineLength + this.literalLength + this.commandLineBytes + this.commandLiteralBytes;
  }

  /** Drop everything received and not yet reported (e.g. plaintext sent before STARTTLS completed). */
  discardBuffered(): void {
    this.input = EMPTY;
    this.inputPos = 0;
    this.resetCommand();
  }

  /** The next event, or null when more bytes are needed. Never throws. */
  next(): ParserEvent | null {
    try {
      return this.step();
    } catch {
      this.discardBuffered();
      return { kind: 'error', tag: null, status: 'BAD', text: 'Internal parser error', fatal: true };
    }
  }

  private step(): ParserEvent | null {
    for (;;) {
      if (this.inLiteral) {
        if (!this.readLiteral()) return null;
        continue;
      }
      const line = this.readLine();
      if (line === null) return null;
      const event = this.rejection ? this.onSkippedLine() : this.onLine(line);
      if (event) return event;
    }
  }

  /** Consume literal bytes; true once the literal is complete. */
  private readLiteral(): boolean {
    const take = Math.min(this.literalRemaining, this.input.length - this.inputPos);
    if (take > 0) {
      if (this.literalChunks) {
        this.literalChunks.push(this.input.subarray(this.inputPos, this.inputPos + take));
        this.literalLength += take;
      }
      this.inputPos += take;
      this.literalRemaining -= take;
    }
    if (this.literalRemaining > 0) return false;
    if (this.literalChunks) {
      this.segments[this.segments.length - 1]!.literal = { data: Buffer.concat(this.literalChunks), binary: this.literalBinary };
      this.commandLiteralBytes += this.literalLength;
    }
    this.inLiteral = false;
    this.literalChunks = null;
    this.literalLength = 0;
    return true;
  }

  /** Longest line allowed now: what is left of the command's line budget. */
  private lineBudget(): number {
    return this.limits.maxLineLength - this.commandLineBytes;
  }

  /**
   * Consume bytes up to the end of a line. Returns the line without CR LF, or null if the
   * line is not complete yet. While skipping, only the line's tail is kept and returned.
   */
  private readLine(): Buffer | null {
    const lf = this.input.indexOf(LF, this.inputPos);
    const end = lf < 0 ? this.input.length : lf;
    const piece = this.input.subarray(this.inputPos, end);
    this.inputPos = lf < 0 ? this.input.length : lf + 1;
    if (this.rejection) {
      this.keepTail(piece);
    } else {
      this.lineChunks.push(piece);
      this.lineLength += piece.length;
      // One byte of slack for the CR before the LF; the exact check is made on the whole line.
      if (this.lineLength > this.lineBudget() + 1) this.overflow();
    }
    if (lf < 0) return null;
    if (this.rejection) {
      if (this.skipTail[this.skipTail.length - 1] === CR) this.skipTail = this.skipTail.subarray(0, -1);
      return this.skipTail;
    }
    let line = Buffer.concat(this.lineChunks, this.lineLength);
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    this.lineChunks = [];
    this.lineLength = 0;
    if (line.length <= this.lineBudget()) return line;
    this.lineChunks = [line];
    this.lineLength = line.length;
    this.overflow();
    return this.skipTail;
  }

  private keepTail(piece: Buffer): void {
    const joined = Buffer.concat([this.skipTail, piece.subarray(Math.max(0, piece.length - TAIL_BYTES))]);
    this.skipTail = joined.subarray(Math.max(0, joined.length - TAIL_BYTES));
  }

  /** The line being read is too long: answer TOOBIG once the command has gone by. */
  private overflow(): void {
    const raw = this.rawLineMode && this.segments.length === 0;
    const partial = Buffer.concat(this.lineChunks, this.lineLength);
    // Look only at the bytes seen when the limit was passed, so that chunking cannot matter.
    const tag = raw ? null : this.tagOf(this.segments[0]?.text ?? partial.subarray(0, this.lineBudget() + 2));
    this.resetCommand();
    this.keepTail(partial);
    this.skipLiterals = !raw;
    this.rejection = { kind: 'error', tag, status: 'BAD', code: 'TOOBIG', text: raw ? 'Line too long' : 'Command line too long' };
  }

  /** The tag of a command whose first line (maybe cut short) is `firstLine`, if it is complete and valid. */
  private tagOf(firstLine: Buffer): string | null {
    const end = firstLine.indexOf(0x20);
    if (end <= 0 || !firstLine.subarray(0, end).every(isTagChar)) return null;
    return firstLine.toString('latin1', 0, end);
  }

  private onLine(line: Buffer): ParserEvent | null {
    if (this.segments.length === 0) {
      if (this.rawLineMode) return { kind: 'line', line: line.toString('utf8') };
      if (line.length === 0) return null; // a stray empty line is harmless; ignore it
    }
    const announcement = literalAnnouncement(line);
    if (!announcement) {
      this.segments.push({ text: line });
      const event = parseCommand(this.segments, this.limits);
      this.resetCommand();
      return event;
    }
    this.segments.push({ text: line.subarray(0, announcement.start) });
    this.commandLineBytes += line.length;
    const refused = this.segments.length === 1 ? this.checkStart() : null;
    if (refused) return this.refuseLiteral(refused, announcement);
    const { size } = announcement;
    if (size === undefined || size > this.literalLimit - this.commandLiteralBytes) {
      return this.refuseLiteral(this.tooBig(), announcement);
    }
    this.startLiteral(size, true, announcement.binary);
    return announcement.sync ? { kind: 'continue' } : null;
  }

  /** Before inviting a literal, make sure the command is one that could be accepted. */
  private checkStart(): ParserEvent | null {
    const head = readTagAndName(new Reader([this.segments[0]!], this.limits.maxNesting));
    if (!head) return { kind: 'error', tag: null, status: 'BAD', text: 'Invalid tag' };
    if (head.name === '') return { kind: 'error', tag: head.tag, status: 'BAD', text: 'Missing command' };
    if (!isKnownCommand(head.name)) return { kind: 'error', tag: head.tag, status: 'BAD', text: 'Unknown command' };
    return null;
  }

  private tooBig(): ParserEvent {
    return { kind: 'error', tag: this.tagOf(this.segments[0]!.text), status: 'NO', code: 'TOOBIG', text: 'Literal too big' };
  }

  /**
   * Refuse a command at a literal announcement. A client waits for `+` before sending a
   * synchronising literal, so that command simply ends here; a non-synchronising literal
   * is coming anyway and must be skipped, along with the rest of the command.
   */
  private refuseLiteral(event: ParserEvent, announcement: Announcement): ParserEvent | null {
    this.resetCommand();
    if (announcement.sync) return event;
    if (announcement.size === undefined) return { ...event, fatal: true } as ParserEvent;
    this.rejection = event;
    this.startLiteral(announcement.size, false, announcement.binary);
    return null;
  }

  private onSkippedLine(): ParserEvent | null {
    const announcement = this.skipLiterals ? literalAnnouncement(this.skipTail) : null;
    this.skipTail = EMPTY;
    if (announcement && !announcement.sync) {
      if (announcement.size === undefined) {
        const event = { ...this.rejection!, fatal: true } as ParserEvent;
        this.resetCommand();
        return event;
      }
      this.startLiteral(announcement.size, false, announcement.binary);
      return null;
    }
    const event = this.rejection;
    this.resetCommand();
    return event;
  }

  private startLiteral(size: number, keep: boolean, binary: boolean): void {
    this.inLiteral = true;
    this.literalRemaining = size;
    this.literalChunks = keep ? [] : null;
    this.literalLength = 0;
    this.literalBinary = binary;
  }

  private resetCommand(): void {
    this.lineChunks = [];
    this.lineLength = 0;
    this.inLiteral = false;
    this.literalRemaining = 0;
    this.literalChunks = null;
    this.literalLength = 0;
    this.segments = [];
    this.commandLineBytes = 0;
    this.commandLiteralBytes = 0;
    this.rejection = null;
    this.skipTail = EMPTY;
    this.skipLiterals = true;
  }
}
