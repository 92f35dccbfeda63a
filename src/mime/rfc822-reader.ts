// A small RFC 5322 / MIME tokenizer over one header value. It follows Dovecot's rfc822-parser
// step for step (same character classes, same tolerance of broken input) because ENVELOPE and
// BODYSTRUCTURE answers for odd headers are meant to match Dovecot's. Every loop advances, so
// hostile input costs linear time.

// Character classes of Dovecot's rfc822_atext_chars: 1 = atext, 2 = alphanumeric (and 8-bit),
// 4 = atext that is a MIME tspecial ("/", "=", "?").
const CLASS = new Uint8Array(128);
for (const c of "!#$%&'*+-^_`{|}~") CLASS[c.charCodeAt(0)] = 1;
for (let c = 48; c <= 57; c++) CLASS[c] = 2;
for (let c = 65; c <= 90; c++) CLASS[c] = 2;
for (let c = 97; c <= 122; c++) CLASS[c] = 2;
for (const c of '/=?') CLASS[c.charCodeAt(0)] = 4;

const charClass = (code: number): number => (code >= 128 ? 2 : CLASS[code]!);
export const isAtext = (code: number): boolean => charClass(code) !== 0;
const isTokenChar = (code: number): boolean => (charClass(code) & 3) !== 0 || code === 46; // '.'

export class Rfc822Reader {
  pos = 0;
  /** Text of the last comment skipped, when asked to keep it (address display names). */
  lastComment = '';

  constructor(
    readonly text: string,
    private readonly keepComments = false,
  ) {}

  get end(): number {
    return this.text.length;
  }
  atEnd(): boolean {
    return this.pos >= this.text.length;
  }
  peek(): number {
    return this.pos < this.text.length ? this.text.charCodeAt(this.pos) : -1;
  }

  /** Skips white space and comments: 1 when data remains, 0 at the end, -1 on an open comment. */
  skipLwsp(): number {
    const t = this.text;
    while (this.pos < t.length) {
      const c = t.charCodeAt(this.pos);
      if (c === 32 || c === 9 || c === 13 || c === 10) {
        this.pos++;
        continue;
      }
      if (c !== 40) break; // '('
      if (this.skipComment() < 0) return -1;
    }
    return this.pos < t.length ? 1 : 0;
  }

  private skipComment(): number {
    const t = this.text;
    let level = 1;
    let comment = '';
    let start = ++this.pos;
    for (; this.pos < t.length; this.pos++) {
      const c = t.charCodeAt(this.pos);
      if (c === 40) level++;
      else if (c === 41) {
        if (--level === 0) {
          if (this.keepComments) this.lastComment = comment + t.slice(start, this.pos);
          this.pos++;
          return this.pos < t.length ? 1 : 0;
        }
      } else if (c === 92) {
        if (this.keepComments) comment += t.slice(start, this.pos);
        start = this.pos + 1;
        this.pos++;
        if (this.pos >= t.length) return -1;
      }
    }
    return -1;
  }

  /** atom: 1*atext, then CFWS. */
  parseAtom(out: string[]): number {
    if (this.atEnd() || !isAtext(this.peek())) return -1;
    const start = this.pos++;
    while (this.pos < this.end && isAtext(this.text.charCodeAt(this.pos))) this.pos++;
    out.push(this.text.slice(start, this.pos));
    return this.pos < this.end ? this.skipLwsp() : 0;
  }

  /** dot-atom, allowing LWSP around the dots as RFC 822 did. */
  parseDotAtom(out: string[]): number {
    if (this.atEnd() || !isAtext(this.peek())) return -1;
    let start = this.pos++;
    for (;;) {
      while (this.pos < this.end && isAtext(this.text.charCodeAt(this.pos))) this.pos++;
      if (this.pos >= this.end) break;
      out.push(this.text.slice(start, this.pos));
      const ret = this.skipLwsp();
      if (ret <= 0) return ret;
      if (this.peek() !== 46) return 1;
      this.pos++;
      out.push('.');
      const ret2 = this.skipLwsp();
      if (ret2 <= 0) return ret2;
      start = this.pos;
    }
    out.push(this.text.slice(start, this.pos));
    return 0;
  }

  /** MIME token (atext without tspecials, plus "."); may be empty. */
  parseMimeToken(out: string[]): number {
    const start = this.pos;
    while (this.pos < this.end && isTokenChar(this.text.charCodeAt(this.pos))) this.pos++;
    out.push(this.text.slice(start, this.pos));
    return this.pos < this.end ? this.skipLwsp() : 0;
  }

  /** quoted-string at a '"': folding line breaks removed, quoted-pairs unescaped. */
  parseQuotedString(out: string[]): number {
    const t = this.text;
    this.pos++;
    let start = this.pos;
    for (; this.pos < t.length; this.pos++) {
      const c = t.charCodeAt(this.pos);
      if (c === 34) {
        out.push(t.slice(start, this.pos));
        this.pos++;
        return this.skipLwsp();
      }
      if (c === 10) {
        let e = this.pos;
        if (e > start && t.charCodeAt(e - 1) === 13) e--;
        out.push(t.slice(start, e));
        start = this.pos + 1;
      } else if (c === 92) {
        this.pos++;
        if (this.pos >= t.length) return -1;
        out.push(t.slice(start, this.pos - 1));
        start = this.pos;
      }
    }
    return -1;
  }

  private parseAtomOrDot(out: string[]): number {
    const start = this.pos;
    while (this.pos < this.end) {
      const c = this.text.charCodeAt(this.pos);
      if (!isAtext(c) && c !== 46) break;
      this.pos++;
    }
    out.push(this.text.slice(start, this.pos));
    return this.pos < this.end ? this.skipLwsp() : 0;
  }

  /** phrase: words (atoms, dots, quoted strings) joined by single spaces. */
  parsePhrase(out: string[]): number {
    if (this.atEnd()) return 0;
    if (this.peek() === 46) return -1;
    for (;;) {
      const ret = this.peek() === 34 ? this.parseQuotedString(out) : this.parseAtomOrDot(out);
      if (ret <= 0) return ret;
      const c = this.peek();
      if (!isAtext(c) && c !== 34 && c !== 46) break;
      out.push(' ');
    }
    return this.skipLwsp();
  }

  /** domain after an '@': dot-atom or [domain-literal] (kept with its brackets). */
  parseDomain(out: string[]): number {
    this.pos++;
    if (this.skipLwsp() <= 0) return -1;
    if (this.peek() !== 91) return this.parseDotAtom(out);
    const t = this.text;
    const start = this.pos;
    for (; this.pos < t.length; this.pos++) {
      const c = t.charCodeAt(this.pos);
      if (c === 92) {
        this.pos++;
        if (this.pos >= t.length) break;
      } else if (c === 93) {
        this.pos++;
        out.push(t.slice(start, this.pos));
        return this.skipLwsp();
      }
    }
    return -1;
  }

  /** "type/subtype" as far as it can be read; ok is false for a broken value. */
  parseContentType(): { value: string; ok: boolean } {
    if (this.skipLwsp() <= 0) return { value: '', ok: false };
    const type: string[] = [];
    if (this.parseMimeToken(type) <= 0) return { value: type.join(''), ok: false };
    if (this.peek() !== 47) return { value: type.join(''), ok: false };
    this.pos++;
    if (this.skipLwsp() <= 0) return { value: type.join(''), ok: false };
    const sub: string[] = [];
    const ret = this.parseMimeToken(sub);
    return { value: `${type.join('')}/${sub.join('')}`, ok: ret >= 0 };
  }

  /** One `; key=value`: 1 with the pair, 0 at the end, -1 on broken input (pair dropped). */
  parseContentParam(): { ret: number; key: string; value: string } {
    if (this.atEnd()) return { ret: 0, key: '', value: '' };
    if (this.peek() !== 59) return { ret: -1, key: '', value: '' };
    this.pos++;
    if (this.skipLwsp() <= 0) return { ret: -1, key: '', value: '' };
    const key: string[] = [];
    if (this.parseMimeToken(key) <= 0) return { ret: -1, key: '', value: '' };
    if (this.peek() !== 61) return { ret: -1, key: '', value: '' };
    this.pos++;
    const value: string[] = [];
    let ret = this.skipLwsp();
    if (ret <= 0) {
      // broken or no value
    } else if (this.peek() === 34) {
      ret = this.parseQuotedString(value);
    } else if (this.peek() === 61) {
      // Dovecot's workaround for name==?utf-8?b?...?= : take up to the next ';' or white space.
      const start = this.pos;
      while (this.pos < this.end) {
        const c = this.text.charCodeAt(this.pos);
        if (c === 59 || c === 32 || c === 9 || c === 13 || c === 10) break;
        this.pos++;
      }
      value.push(this.text.slice(start, this.pos));
    } else {
      ret = this.parseMimeToken(value);
    }
    return { ret: ret < 0 ? -1 : 1, key: key.join(''), value: value.join('') };
  }
}
