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
    case 'BODY[]':
      return item.section.part.length === 0 && !item.section.text ? null : 'BODY[section]';
    default:
      return item.type;
  }
}

/** True if the item returns the message body, which sets \Seen unless it is a PEEK. */
export function setsSeen(item: FetchItem): boolean {
  return item.type === 'RFC822' || (item.type === 'BODY[]' && !item.peek);
}

export function needsBody(item: FetchItem): boolean {
  return item.type === 'RFC822' || item.type === 'BODY[]';
}

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
    case 'BODY[]': {
      if (!item.partial) return ['BODY[] ', ...literal(body!)];
      const { origin, count } = item.partial;
      return [`BODY[]<${origin}> `, ...literal(body!.subarray(origin, origin + count))];
    }
    default:
      throw new Error(`unsupported fetch item ${item.type}`);
  }
}
