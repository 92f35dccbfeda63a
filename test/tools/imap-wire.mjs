// A small IMAP client and response parser for the reference tools (plain Node, node:net).
// Shared by test/tools/dovecot-reference.mjs and, through a .d.ts-free import, by the
// Dovecot comparison test. Responses are kept as Buffers (exact bytes).
import net from 'node:net';

export class WireClient {
  /** @param {net.Socket} socket */
  constructor(socket) {
    this.socket = socket;
    this.buf = Buffer.alloc(0);
    /** @type {Buffer[]} */
    this.queue = [];
    this.waiters = [];
    this.closed = false;
    this.tagN = 0;
    socket.on('data', (chunk) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      for (;;) {
        const end = responseEnd(this.buf, 0);
        if (end < 0) break;
        this.queue.push(this.buf.subarray(0, end));
        this.buf = this.buf.subarray(end);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(port, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, host, () => resolve(new WireClient(socket)));
      socket.once('error', reject);
    });
  }

  wake() {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  /** The next complete response (without its final CRLF kept: it is included). */
  async next(timeoutMs = 30000) {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a response');
      await new Promise((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.queue.shift();
  }

  /**
   * Sends a command made of pieces: strings are sent as they are, {literal: Buffer|string}
   * pieces are sent as synchronizing literals (waiting for the "+" continuation).
   * Returns all responses up to and including the tagged one.
   */
  async command(pieces, tag = `T${++this.tagN}`) {
    const out = [];
    let line = Buffer.from(`${tag} `);
    for (const piece of Array.isArray(pieces) ? pieces : [pieces]) {
      if (typeof piece === 'string') {
        line = Buffer.concat([line, Buffer.from(piece, 'utf8')]);
        continue;
      }
      const data = Buffer.isBuffer(piece.literal) ? piece.literal : Buffer.from(piece.literal, 'utf8');
      this.socket.write(Buffer.concat([line, Buffer.from(`{${data.length}}\r\n`)]));
      for (;;) {
        const r = await this.next();
        if (r[0] === 0x2b /* + */) break;
        out.push(r);
        if (r.toString('latin1').startsWith(`${tag} `)) return { tag, responses: out, tagged: r };
      }
      this.socket.write(data);
      line = Buffer.alloc(0);
    }
    this.socket.write(Buffer.concat([line, Buffer.from('\r\n')]));
    for (;;) {
      const r = await this.next();
      out.push(r);
      if (r.toString('latin1').startsWith(`${tag} `)) return { tag, responses: out.slice(0, -1), tagged: r };
    }
  }

  close() {
    this.socket.destroy();
  }
}

/** End offset of the first complete response in buf (after its final CRLF), or -1. */
export function responseEnd(buf, start) {
  let pos = start;
  for (;;) {
    const nl = buf.indexOf('\r\n', pos, 'latin1');
    if (nl < 0) return -1;
    const m = /\{(\d+)\+?\}$/.exec(buf.subarray(Math.max(pos, nl - 24), nl).toString('latin1'));
    if (!m) return nl + 2;
    const after = nl + 2 + Number(m[1]);
    if (after > buf.length) return -1;
    pos = after;
  }
}

/**
 * Parses one IMAP value at `pos` of a response Buffer: NIL, number, atom, quoted string,
 * literal, or parenthesised list. Returns { value, end } where strings are Buffers,
 * NIL is null, atoms/numbers are {atom: string} and lists are arrays.
 */
export function parseValue(buf, pos) {
  while (buf[pos] === 0x20) pos++;
  const c = buf[pos];
  if (c === 0x28 /* ( */) {
    const list = [];
    pos++;
    for (;;) {
      while (buf[pos] === 0x20) pos++;
      if (buf[pos] === 0x29) return { value: list, end: pos + 1 };
      if (pos >= buf.length) throw new Error('unterminated list');
      const r = parseValue(buf, pos);
      list.push(r.value);
      pos = r.end;
    }
  }
  if (c === 0x22 /* " */) {
    const bytes = [];
    pos++;
    for (;;) {
      const b = buf[pos++];
      if (b === undefined) throw new Error('unterminated quoted string');
      if (b === 0x5c) bytes.push(buf[pos++]);
      else if (b === 0x22) break;
      else bytes.push(b);
    }
    return { value: Buffer.from(bytes), end: pos };
  }
  if (c === 0x7b /* { */ || (c === 0x7e && buf[pos + 1] === 0x7b) /* ~{ literal8 */) {
    const open = c === 0x7e ? pos + 1 : pos;
    const close = buf.indexOf('}', open, 'latin1');
    const n = Number(buf.subarray(open + 1, close).toString('latin1').replace('+', ''));
    const start = close + 3;
    return { value: buf.subarray(start, start + n), end: start + n };
  }
  // atom, number, NIL, or a bracketed atom like BODY[HEADER.FIELDS (A B)]<0>
  let end = pos;
  let depth = 0;
  while (end < buf.length) {
    const b = buf[end];
    if (b === 0x5b) depth++;
    else if (b === 0x5d) depth--;
    else if (depth === 0 && (b === 0x20 || b === 0x29 || b === 0x28 || b === 0x0d)) break;
    end++;
  }
  const atom = buf.subarray(pos, end).toString('latin1');
  if (atom === 'NIL') return { value: null, end };
  return { value: { atom }, end };
}

/**
 * Splits the data of an untagged FETCH response into its items: [[name, rawValueBuffer], ...]
 * where rawValueBuffer holds the exact bytes of the value as sent (literal header included).
 */
export function fetchItems(response) {
  const text = response.toString('latin1');
  const m = /^\* (\d+) FETCH \(/.exec(text);
  if (!m) return null;
  let pos = m[0].length;
  const items = [];
  for (;;) {
    while (response[pos] === 0x20) pos++;
    if (response[pos] === 0x29) break;
    const name = parseValue(response, pos);
    const nameText = name.value.atom;
    let vStart = name.end;
    while (response[vStart] === 0x20) vStart++;
    const val = parseValue(response, vStart);
    items.push([nameText, response.subarray(vStart, val.end)]);
    pos = val.end;
  }
  return { seq: Number(m[1]), items };
}

/** The name the server uses in its answer for a requested fetch item (PEEK dropped, partial origin only). */
export function answerName(item) {
  return item
    .replace(/^BODY\.PEEK\[/, 'BODY[')
    .replace(/^BINARY\.PEEK\[/, 'BINARY[')
    .replace(/<(\d+)\.\d+>$/, '<$1>');
}

/** Section paths of a parsed BODYSTRUCTURE: [{path, kind: 'leaf'|'multipart'|'message'}]. */
export function sectionPaths(bs) {
  const out = [];
  const isMultipart = (b) => Array.isArray(b) && Array.isArray(b[0]);
  const str = (v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v && v.atom ? v.atom : '');
  const node = (b, p) => {
    if (isMultipart(b)) {
      out.push({ path: p, kind: 'multipart' });
      b.filter(Array.isArray).forEach((child, i) => node(child, `${p}.${i + 1}`));
      return;
    }
    const type = str(b[0]).toLowerCase();
    const sub = str(b[1]).toLowerCase();
    if (type === 'message' && (sub === 'rfc822' || sub === 'global') && Array.isArray(b[7]) && b[7].length === 10 && Array.isArray(b[8])) {
      out.push({ path: p, kind: 'message' });
      entity(b[8], p);
      return;
    }
    out.push({ path: p, kind: 'leaf' });
  };
  const entity = (b, base) => {
    if (isMultipart(b)) b.filter(Array.isArray).forEach((child, i) => node(child, base ? `${base}.${i + 1}` : `${i + 1}`));
    else node(b, base ? `${base}.1` : '1');
  };
  entity(bs, '');
  return out;
}

/** The FETCH items recorded for one message, given its BODYSTRUCTURE section paths. */
export function itemsFor(paths) {
  const fixed = [
    'ENVELOPE',
    'BODYSTRUCTURE',
    'BODY',
    'RFC822.SIZE',
    'RFC822.HEADER',
    'BODY.PEEK[HEADER]',
    'BODY.PEEK[TEXT]',
    'BODY.PEEK[1]',
    'BODY.PEEK[1.MIME]',
    'BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE)]',
    'BODY.PEEK[HEADER.FIELDS.NOT (RECEIVED)]',
    'BODY.PEEK[2]',
    'BODY.PEEK[1.1]',
    'BODY.PEEK[2.1]',
    'BINARY.PEEK[1]',
    'BINARY.SIZE[1]',
    'BODY.PEEK[]<0.64>',
    'BODY.PEEK[TEXT]<4.30>',
    'BODY.PEEK[1]<2.10>',
  ];
  const extra = [];
  for (const { path, kind } of paths.slice(0, 60)) {
    extra.push(`BODY.PEEK[${path}]`, `BODY.PEEK[${path}.MIME]`);
    if (kind === 'leaf') extra.push(`BINARY.PEEK[${path}]`, `BINARY.SIZE[${path}]`);
    if (kind === 'message')
      extra.push(`BODY.PEEK[${path}.HEADER]`, `BODY.PEEK[${path}.TEXT]`, `BODY.PEEK[${path}.1]`, `BODY.PEEK[${path}.HEADER.FIELDS (SUBJECT)]`);
  }
  return [...new Set([...fixed, ...extra])];
}

/** How a value is stored in the JSON fixtures: 7-bit text as a string, anything else as {base64}. */
export function storeValue(buf) {
  for (const b of buf) if (b > 0x7e || (b < 0x20 && b !== 0x0d && b !== 0x0a && b !== 0x09)) return { base64: buf.toString('base64') };
  return buf.toString('latin1');
}

/** The bytes a stored fixture value stands for. */
export function storedBytes(v) {
  return typeof v === 'string' ? Buffer.from(v, 'latin1') : Buffer.from(v.base64, 'base64');
}

/** A tagged NO/BAD as stored: status, response code and text, Dovecot's timing suffix removed. */
export function taggedText(tagged, tag) {
  return tagged
    .toString('latin1')
    .slice(tag.length + 1)
    .replace(/\r\n$/, '')
    .replace(/ \(\d+\.\d+ \+ \d+\.\d+(?: \+ \d+\.\d+)? secs\)\.$/, '');
}
