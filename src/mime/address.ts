// Address lists (RFC 5322 §3.4) as ENVELOPE shows them. Broken addresses are answered as
// Dovecot answers them (its message-address.c with FILL_MISSING): a missing local part becomes
// "MISSING_MAILBOX", a missing domain "MISSING_DOMAIN", an unreadable <...> "SYNTAX_ERROR", a
// lone comment or phrase becomes the display name. Groups become a start marker
// (NIL NIL "name" NIL) and an end marker (NIL NIL NIL NIL), as RFC 3501 §7.4.2 says.
import type { EnvelopeAddress } from './types.js';
import { Rfc822Reader } from './rfc822-reader.js';

interface Draft {
  name: string | null;
  route: string | null;
  mailbox: string | null;
  domain: string | null;
  invalid: boolean;
}

const blank = (): Draft => ({ name: null, route: null, mailbox: null, domain: null, invalid: false });

/** Text for people, as Dovecot writes names and subjects: white space runs to one space, trimmed. */
export function forHumans(text: string): string {
  return text.replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

class AddressParser {
  readonly out: EnvelopeAddress[] = [];
  private addr: Draft = blank();
  private readonly r: Rfc822Reader;

  constructor(text: string) {
    this.r = new Rfc822Reader(text, true);
  }

  private add(): void {
    const a = this.addr;
    this.out.push({ name: a.name === null ? null : forHumans(a.name), adl: a.route, mailbox: a.mailbox, host: a.domain });
    this.addr = blank();
  }

  private addFixed(): void {
    if (this.addr.mailbox === null) this.addr.mailbox = 'MISSING_MAILBOX';
    if (this.addr.domain === null || this.addr.domain === '') this.addr.domain = 'MISSING_DOMAIN';
    this.add();
  }

  private localPart(): number {
    const s: string[] = [];
    const ret = this.r.peek() === 34 ? this.r.parseQuotedString(s) : this.r.parseDotAtom(s);
    if (ret < 0) return -1;
    this.addr.mailbox = s.join('');
    return ret;
  }

  private domain(): number {
    const s: string[] = [];
    const ret = this.r.parseDomain(s);
    if (ret < 0) return -1;
    this.addr.domain = s.join('');
    return ret;
  }

  private domainList(): number {
    // obs-domain-list = "@" domain *(*(CFWS / ",") [CFWS] "@" domain)
    const s: string[] = [];
    for (;;) {
      if (this.r.atEnd()) return 0;
      if (this.r.peek() !== 64) break;
      if (s.length > 0) s.push(',');
      s.push('@');
      const ret = this.r.parseDomain(s);
      if (ret <= 0) return ret;
      while (this.r.skipLwsp() > 0 && this.r.peek() === 44) this.r.pos++;
    }
    this.addr.route = s.join('');
    return 1;
  }

  private angleAddr(): number {
    this.r.pos++; // '<'
    if (this.r.skipLwsp() <= 0) return -1;
    if (this.r.peek() === 64) {
      if (this.domainList() > 0 && this.r.peek() === 58) this.r.pos++;
      else {
        this.addr.route = 'INVALID_ROUTE';
        if (this.r.atEnd()) return -1;
      }
      if (this.r.skipLwsp() <= 0) return -1;
    }
    if (this.r.peek() !== 62) {
      if (this.localPart() <= 0) return -1;
      if (this.r.peek() === 64 && this.domain() <= 0) return -1;
    }
    if (this.r.peek() !== 62) return -1;
    this.r.pos++;
    return this.r.skipLwsp();
  }

  private nameAddr(): number {
    const s: string[] = [];
    if (this.r.parsePhrase(s) <= 0 || this.r.peek() !== 60) return -1;
    const name = s.join('');
    this.addr.name = name === '' ? null : name;
    if (this.angleAddr() < 0) {
      this.addr.domain = 'SYNTAX_ERROR';
      this.addr.invalid = true;
    }
    return this.r.atEnd() ? 0 : 1;
  }

  private addrSpec(): number {
    let ret2 = -2;
    this.r.lastComment = '';
    const quoted = this.r.peek() === 34;
    let ret = this.localPart();
    if (ret <= 0) this.addr.invalid = true;
    if (ret !== 0 && !this.r.atEnd() && this.r.peek() === 64) {
      ret2 = this.domain();
      if (ret2 <= 0) ret = ret2;
    }
    if (this.r.lastComment.length > 0) this.addr.name = this.r.lastComment;
    else if (ret2 === -2) {
      // "user" alone is a mailbox; "user more words" is a display name.
      const s = [this.addr.mailbox ?? '', ' '];
      const before = s.join('').length;
      this.r.parsePhrase(s);
      const joined = s.join('');
      if (joined.length !== before) {
        this.addr.mailbox = null;
        this.addr.name = joined;
      } else if (!quoted) this.addr.domain = '';
      this.addr.invalid = true;
      ret = -1;
    }
    return ret;
  }

  private mailbox(): number {
    const start = this.r.pos;
    let ret = this.nameAddr();
    if (ret < 0) {
      this.r.pos = start;
      this.addr = blank();
      ret = this.addrSpec();
      const a = this.addr;
      if (a.invalid && a.name === null && a.mailbox !== null && a.domain === null) {
        a.name = a.mailbox;
        a.mailbox = null;
      }
    }
    if (ret < 0) this.addr.invalid = true;
    this.addFixed();
    return ret;
  }

  private group(): number {
    const s: string[] = [];
    if (this.r.parsePhrase(s) <= 0 || this.r.peek() !== 58) return -1;
    this.r.pos++;
    let ret = this.r.skipLwsp();
    this.addr.mailbox = s.join('');
    this.add();
    if (ret > 0 && this.r.peek() !== 59) {
      for (;;) {
        this.mailbox();
        if (this.r.atEnd() || this.r.peek() !== 44) break;
        this.r.pos++;
        if (this.r.skipLwsp() <= 0) {
          ret = -1;
          break;
        }
      }
    }
    if (ret >= 0) {
      if (this.r.atEnd() || this.r.peek() !== 59) ret = -1;
      else {
        this.r.pos++;
        ret = this.r.skipLwsp();
      }
    }
    this.add(); // end of group: all NIL
    return ret === 0 ? 0 : 1;
  }

  private address(): number {
    const start = this.r.pos;
    const ret = this.group();
    if (ret >= 0) return ret;
    this.r.pos = start;
    this.addr = blank();
    return this.mailbox();
  }

  parseList(): void {
    if (this.r.skipLwsp() <= 0) return;
    for (;;) {
      const before = this.r.pos;
      if (this.address() === 0) break;
      if (this.r.atEnd() || this.r.peek() !== 44) break;
      this.r.pos++;
      const ret = this.r.skipLwsp();
      if (ret <= 0) {
        if (ret < 0) this.addFixed(); // ends with garbage
        break;
      }
      if (this.r.pos === before) break; // cannot happen; guards against a loop without progress
    }
  }
}

/** Parses an address header value; null when it holds no address at all (as Dovecot: NIL). */
export function parseAddressList(value: string): EnvelopeAddress[] | null {
  const p = new AddressParser(value);
  p.parseList();
  return p.out.length === 0 ? null : p.out;
}
