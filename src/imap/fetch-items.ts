// Encoding of FETCH data items, one message at a time. What the item needs — the stored
// metadata, the bytes, the MIME tree parsed at APPEND — is loaded by the FETCH command.
import type { FetchItem, Partial, Section } from '../protocol/ast.js';
import { astring, atomList, dateTime, literal, literal8, type Wire } from '../protocol/encode.js';
import { extractBinary, binarySize } from '../mime/binary.js';
import { encodeBodyStructure } from '../mime/bodystructure.js';
import { encodeEnvelope } from '../mime/envelope.js';
import { extractSection, RFC822_HEADER, RFC822_TEXT } from '../mime/section.js';
import type { Envelope, MimePart } from '../mime/types.js';
import type { MessageMeta } from '../store/types.js';
import type { Result } from './command.js';

export interface FetchSource {
  meta: MessageMeta;
  /** Flags as this session shows them (with \Recent). */
  flags: string[];
  /** The stored bytes, when an item needs them. */
  body: Buffer | null;
  parsed: { root: MimePart; envelope: Envelope } | null;
}

/** An item that cannot be answered for this message; FETCH then ends with this result. */
export class ItemRefused extends Error {
  constructor(readonly result: Result) {
    super(result.text);
  }
}

/** Items this server does not answer yet: none at present. */
export function unsupportedItem(_item: FetchItem): string | null {
  return null;
}

/** True if the item returns message content, which sets \Seen unless it is a PEEK. */
export function setsSeen(item: FetchItem): boolean {
  if (item.type === 'RFC822' || item.type === 'RFC822.TEXT') return true;
  return (item.type === 'BODY[]' || item.type === 'BINARY[]') && !item.peek;
}

export function needsBody(item: FetchItem): boolean {
  return ['RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'BODY[]', 'BINARY[]', 'BINARY.SIZE'].includes(item.type);
}

export function needsParsed(item: FetchItem): boolean {
  // The whole message (RFC822, BODY[]) is the stored bytes: no tree needed.
  if (item.type === 'RFC822' || (item.type === 'BODY[]' && isWhole(item.section))) return false;
  return needsBody(item) || ['ENVELOPE', 'BODYSTRUCTURE', 'BODY'].includes(item.type);
}

function isWhole(spec: Section): boolean {
  return spec.part.length === 0 && spec.text === undefined;
}

export function encodeItem(item: FetchItem, src: FetchSource): Wire[] {
  const { meta } = src;
  switch (item.type) {
    case 'FLAGS':
      return [`FLAGS ${atomList(src.flags)}`];
    case 'UID':
      return [`UID ${meta.uid}`];
    case 'INTERNALDATE':
      return [`INTERNALDATE ${dateTime(meta.internalDate, meta.internalDateOffset)}`];
    case 'RFC822.SIZE':
      return [`RFC822.SIZE ${meta.size}`];
    case 'EMAILID':
      return [`EMAILID (${meta.emailId})`];
    case 'THREADID':
      return [`THREADID (${meta.threadId})`];
    case 'MODSEQ': // RFC 7162 §3.1.4.2
      return [`MODSEQ (${meta.modseq})`];
    case 'ENVELOPE':
      return ['ENVELOPE ', ...encodeEnvelope(src.parsed!.envelope)];
    case 'BODYSTRUCTURE':
    case 'BODY':
      return [`${item.type} `, ...encodeBodyStructure(src.parsed!.root, item.type === 'BODYSTRUCTURE')];
    case 'RFC822':
      return ['RFC822 ', ...literal(src.body!)];
    case 'RFC822.HEADER':
    case 'RFC822.TEXT':
      return [`${item.type} `, ...literal(section(src, item.type === 'RFC822.HEADER' ? RFC822_HEADER : RFC822_TEXT))];
    case 'BODY[]':
      return ['BODY[', ...sectionLabel(item.section), ']', ...partial(section(src, item.section), item.partial, literal)];
    case 'BINARY[]': {
      const result = extractBinary(src.body!, src.parsed!.root, item.part);
      if (result.kind === 'unknown-cte') throw unknownCte(result.encoding);
      const data = result.kind === 'data' ? result.data : Buffer.alloc(0);
      const encode = result.kind === 'data' && result.hasNul ? literal8 : literal;
      return [`BINARY[${item.part.join('.')}]`, ...partial(data, item.partial, encode)];
    }
    case 'BINARY.SIZE': {
      const result = binarySize(src.body!, src.parsed!.root, item.part);
      if (result.kind === 'unknown-cte') throw unknownCte(result.encoding);
      return [`BINARY.SIZE[${item.part.join('.')}] ${result.size}`];
    }
    default:
      throw new Error(`unsupported fetch item ${(item as FetchItem).type}`);
  }
}

/** A section's bytes; a section that does not exist is an empty string, as Dovecot answers. */
function section(src: FetchSource, spec: Section): Buffer {
  if (isWhole(spec)) return src.body!;
  return extractSection(src.body!, src.parsed!.root, spec) ?? Buffer.alloc(0);
}

/** `<origin.count>` cuts the data; the response names only the origin (RFC 3501 §7.4.2). */
function partial(data: Buffer, range: Partial | undefined, encode: (data: Buffer) => Wire[]): Wire[] {
  if (!range) return [' ', ...encode(data)];
  return [`<${range.origin}> `, ...encode(data.subarray(range.origin, range.origin + range.count))];
}

/** The section spec echoed in the response: `1.2.HEADER.FIELDS (FROM TO)`. */
function sectionLabel(spec: Section): Wire[] {
  const label = [spec.part.join('.'), spec.text ?? ''].filter((p) => p !== '').join('.');
  if (!spec.fields) return [label];
  return [`${label} (`, ...spec.fields.flatMap((f, i) => (i ? [' ', ...astring(f)] : astring(f))), ')'];
}

function unknownCte(encoding: string): ItemRefused {
  return new ItemRefused({ status: 'NO', code: 'UNKNOWN-CTE', text: `Cannot decode Content-Transfer-Encoding ${encoding}` });
}
