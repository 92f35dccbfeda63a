// The decoded fields SEARCH, SORT and THREAD index (MessageIndex): encoded words resolved,
// transfer encodings undone, charsets converted to UTF-8. Body text is capped so that indexing
// a huge message stays bounded.
import libmime from 'libmime';
import type { EnvelopeAddress, MessageIndex, MimePart } from './types.js';
import { fieldValue, unfold, type HeaderBlock } from './header.js';
import { parseAddressList } from './address.js';
import { parseRfc5322Date } from './date.js';
import { decodeCharset, paramValue } from './params.js';
import { decodeTransfer } from './transfer-encoding.js';
import { readHeader } from './header.js';
import { parseTree } from './parse.js';

/** At most this many characters of body text are indexed per message. */
export const BODY_TEXT_LIMIT = 1 << 20;

/** RFC 2047 encoded words decoded; the input returned unchanged if libmime chokes on it. */
export function decodeWords(value: string): string {
  if (!value.includes('=?')) return value;
  try {
    return libmime.decodeWords(value);
  } catch {
    return value;
  }
}

interface DecodedAddress {
  name: string;
  mailbox: string;
  host: string;
}

function realAddresses(list: EnvelopeAddress[] | null): DecodedAddress[] {
  const out: DecodedAddress[] = [];
  for (const a of list ?? []) {
    if (a.host === null) continue; // group start or end marker
    out.push({ name: a.name === null ? '' : decodeWords(a.name), mailbox: a.mailbox ?? '', host: a.host });
  }
  return out;
}

const addrSpec = (a: DecodedAddress): string => (a.host === '' ? a.mailbox : `${a.mailbox}@${a.host}`);

function displayList(list: EnvelopeAddress[] | null): string {
  const parts: string[] = [];
  for (const a of list ?? []) {
    if (a.host === null) {
      if (a.mailbox !== null) parts.push(`${decodeWords(a.mailbox)}:`); // group name
      continue;
    }
    const name = a.name === null ? '' : decodeWords(a.name);
    const spec = addrSpec({ name, mailbox: a.mailbox ?? '', host: a.host });
    parts.push(name === '' ? spec : `${name} <${spec}>`);
  }
  return parts.join(', ');
}

/** Message ids in a value: every <...>, or the trimmed value if it has none. */
export function msgIds(value: string): string[] {
  const ids = value.match(/<[^<>]*>/g);
  if (ids !== null) return ids.map((id) => id.replace(/\s+/g, ''));
  const bare = value.trim();
  return bare === '' ? [] : [bare];
}

function lastValue(data: Buffer, block: HeaderBlock, key: string): string | null {
  let value: string | null = null;
  for (const f of block.fields) if (f.key === key) value = fieldValue(data, f);
  return value;
}

class BodyText {
  private chunks: string[] = [];
  private length = 0;

  constructor(private readonly data: Buffer) {}

  get full(): boolean {
    return this.length >= BODY_TEXT_LIMIT;
  }

  add(text: string): void {
    if (this.full || text === '') return;
    const room = BODY_TEXT_LIMIT - this.length;
    const piece = text.length > room ? text.slice(0, room) : text;
    this.chunks.push(piece);
    this.length += piece.length + 1;
  }

  walk(part: MimePart, data: Buffer = this.data): void {
    if (this.full) return;
    if (part.parts !== undefined) {
      for (const child of part.parts) this.walk(child, data);
      return;
    }
    if (part.message !== undefined) {
      const inner = part.message.root;
      this.addHeaders(data, inner);
      this.walk(inner, data);
      return;
    }
    if (part.type === 'message' && part.subtype === 'cpim') {
      this.walkCpim(part, data);
      return;
    }
    if (part.type !== 'text') return;
    // Decode no more raw bytes than the remaining room can use (quoted-printable is at most 3:1).
    const room = BODY_TEXT_LIMIT - this.length;
    const end = Math.min(part.bodyEnd, part.bodyStart + room * 3 + 16);
    const decoded = decodeTransfer(data.subarray(part.bodyStart, end), part.encoding);
    if (decoded === null) return;
    this.add(decodeCharset(decoded, paramValue(part.params, 'charset') ?? 'us-ascii'));
  }

  /**
   * Message/CPIM (RFC 3862), the form of every CPM chat message: CPIM headers, an empty
   * line, then a MIME entity that holds the chat text. Its headers and text are indexed
   * like an encapsulated message's, so BODY and TEXT find what was said.
   */
  private walkCpim(part: MimePart, data: Buffer): void {
    const body = decodeTransfer(data.subarray(part.bodyStart, part.bodyEnd), part.encoding);
    if (body === null) return;
    const cpim = parseTree(body);
    this.addHeaders(body, cpim);
    const entity = body.subarray(cpim.bodyStart, cpim.bodyEnd);
    const root = parseTree(entity);
    this.addHeaders(entity, root);
    this.walk(root, entity);
  }

  private addHeaders(data: Buffer, part: MimePart): void {
    const block = readHeader(data, part.headerStart, null, part.headerEnd);
    for (const f of block.fields) {
      if (f.end > part.headerEnd) break;
      this.add(`${f.name}: ${decodeWords(unfold(fieldValue(data, f)))}`);
    }
  }

  text(): string {
    return this.chunks.join('\n');
  }
}

export function buildIndex(data: Buffer, root: MimePart, header: HeaderBlock): MessageIndex {
  const headers: Array<[string, string]> = header.fields.map((f) => [f.key, decodeWords(unfold(fieldValue(data, f)))]);
  const get = (key: string): string | null => lastValue(data, header, key);

  const from = parseAddressList(get('from') ?? '');
  const to = parseAddressList(get('to') ?? '');
  const cc = parseAddressList(get('cc') ?? '');
  const bcc = parseAddressList(get('bcc') ?? '');
  const firstFrom = realAddresses(from)[0];
  const firstTo = realAddresses(to)[0];
  const firstCc = realAddresses(cc)[0];
  // RFC 5957: the display name, or the address when there is none.
  const display = (a: DecodedAddress | undefined): string => (a === undefined ? '' : a.name !== '' ? a.name : addrSpec(a));

  const date = get('date');
  const messageId = get('message-id');
  const inReplyTo = get('in-reply-to');
  const references = get('references');

  const body = new BodyText(data);
  body.walk(root);

  return {
    subject: decodeWords(unfold(get('subject') ?? '')),
    sentDate: date === null ? null : parseRfc5322Date(unfold(date)),
    from: displayList(from),
    to: displayList(to),
    cc: displayList(cc),
    bcc: displayList(bcc),
    fromAddr: firstFrom?.mailbox ?? '',
    toAddr: firstTo?.mailbox ?? '',
    ccAddr: firstCc?.mailbox ?? '',
    fromDisplay: display(firstFrom),
    toDisplay: display(firstTo),
    messageId: messageId === null ? null : (msgIds(unfold(messageId))[0] ?? null),
    inReplyTo: inReplyTo === null ? null : (msgIds(unfold(inReplyTo))[0] ?? null),
    references: references === null ? [] : msgIds(unfold(references)),
    headers,
    bodyText: body.text(),
  };
}
