// Encoding of the FETCH data items this server answers, one message at a time.
import type { FetchItem } from '../protocol/ast.js';
import { atomList, dateTime, literal, type Wire } from '../protocol/encode.js';
import type { MessageMeta } from '../store/types.js';

/** Items answered from the stored metadata and bytes; the rest come with the message engine. */
export function unsupportedItem(item: FetchItem): string | null {
  switch (item.type) {
    case 'FLAGS':
    case 'UID':
    case 'INTERNALDATE':
    case 'RFC822.SIZE':
    case 'RFC822':
    case 'EMAILID':
    case 'THREADID':
      return null;
    case 'RFC822.HEADER':
    case 'RFC822.TEXT':
      return null;
    case 'BODY[]':
      // The whole message and its top-level HEADER and TEXT need no MIME parsing.
      return item.section.part.length === 0 && (!item.section.text || item.section.text === 'HEADER' || item.section.text === 'TEXT')
        ? null
        : 'BODY[section]';
    default:
      return item.type;
  }
}

/** True if the item returns the message body, which sets \Seen unless it is a PEEK. */
export function setsSeen(item: FetchItem): boolean {
  return item.type === 'RFC822' || item.type === 'RFC822.TEXT' || (item.type === 'BODY[]' && !item.peek);
}

export function needsBody(item: FetchItem): boolean {
  return item.type === 'RFC822' || item.type === 'RFC822.HEADER' || item.type === 'RFC822.TEXT' || item.type === 'BODY[]';
}

/** HEADER is everything up to and including the first empty line; TEXT is the rest (RFC 3501 §6.4.5). */
function topLevelPart(body: Buffer, text: 'HEADER' | 'TEXT'): Buffer {
  const blank = body.indexOf('\r\n\r\n');
  const end = body.subarray(0, 2).equals(CRLF) ? 2 : blank < 0 ? body.length : blank + 4;
  return text === 'HEADER' ? body.subarray(0, end) : body.subarray(end);
}

const CRLF = Buffer.from('\r\n');

export function encodeItem(item: FetchItem, meta: MessageMeta, flags: string[], body: Buffer | null): Wire[] {
  switch (item.type) {
    case 'FLAGS':
      return [`FLAGS ${atomList(flags)}`];
    case 'UID':
      return [`UID ${meta.uid}`];
    case 'INTERNALDATE':
      return [`INTERNALDATE ${dateTime(meta.internalDate, meta.internalDateOffset)}`];
    case 'RFC822.SIZE':
      return [`RFC822.SIZE ${meta.size}`];
    case 'EMAILID':
      return [`EMAILID (${meta.emailId})`];
    case 'THREADID':
      // RFC 8474 §5.2: NIL until threads are computed.
      return ['THREADID NIL'];
    case 'RFC822':
      return ['RFC822 ', ...literal(body!)];
    case 'RFC822.HEADER':
      return ['RFC822.HEADER ', ...literal(topLevelPart(body!, 'HEADER'))];
    case 'RFC822.TEXT':
      return ['RFC822.TEXT ', ...literal(topLevelPart(body!, 'TEXT'))];
    case 'BODY[]': {
      const text = item.section.text;
      const data = text === 'HEADER' || text === 'TEXT' ? topLevelPart(body!, text) : body!;
      const label = `BODY[${text ?? ''}]`;
      if (!item.partial) return [`${label} `, ...literal(data)];
      const { origin, count } = item.partial;
      return [`${label}<${origin}> `, ...literal(data.subarray(origin, origin + count))];
    }
    default:
      throw new Error(`unsupported fetch item ${item.type}`);
  }
}
