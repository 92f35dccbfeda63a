// Mailbox arguments: modified UTF-7 decoded and validated, INBOX spelled one way.
import { decodeModifiedUtf7 } from './mutf7.js';
import { ParseError, type Reader } from './reader.js';

/** A mailbox astring, decoded. */
export function readMailbox(r: Reader, what = 'mailbox name'): string {
  return normaliseMailbox(r.astring(what));
}

/** Decodes a raw name or pattern; INBOX (and an `inbox/` prefix) in any case becomes `INBOX`. */
export function normaliseMailbox(raw: string): string {
  let name: string;
  try {
    name = decodeModifiedUtf7(raw);
  } catch {
    throw new ParseError('Invalid mailbox name');
  }
  if (/^inbox$/i.test(name)) return 'INBOX';
  if (/^inbox\//i.test(name)) return 'INBOX' + name.slice(5);
  return name;
}
