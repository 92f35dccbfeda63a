// FETCH data items (RFC 3501 §6.4.5, RFC 3516 BINARY, RFC 7162 MODSEQ, RFC 8474 ids).
import type { FetchItem, Partial, Section } from './ast.js';
import { ParseError, type Reader } from './reader.js';

type SimpleItem = Exclude<FetchItem['type'], 'BODY[]' | 'BINARY[]' | 'BINARY.SIZE'>;

const SIMPLE = new Set<string>([
  'FLAGS',
  'UID',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
  'EMAILID',
  'THREADID',
  'MODSEQ',
]);

const simple = (...types: SimpleItem[]): FetchItem[] => types.map((type) => ({ type }));

/** The RFC 3501 macros, valid only on their own, not inside a list. */
const MACROS: Record<string, () => FetchItem[]> = {
  ALL: () => simple('FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'),
  FAST: () => simple('FLAGS', 'INTERNALDATE', 'RFC822.SIZE'),
  FULL: () => simple('FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'),
};

const isItemNameChar = (c: number): boolean =>
  (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2e;

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** The item argument of FETCH: a macro, one item, or a parenthesised list of items. */
export function readFetchItems(r: Reader): FetchItem[] {
  if (r.peek() !== 0x28) {
    const name = r.takeWhile(isItemNameChar).toUpperCase();
    const macro = MACROS[name];
    return macro ? macro() : [readItem(r, name)];
  }
  r.open('Expected (');
  const items: FetchItem[] = [];
  do items.push(readItem(r, r.takeWhile(isItemNameChar).toUpperCase()));
  while (r.accept(0x20));
  r.close('Expected ) after fetch items');
  return items;
}

function readItem(r: Reader, name: string): FetchItem {
  if (name === '') throw new ParseError(r.atEnd() ? 'Missing fetch items' : 'Invalid fetch item');
  // BODY alone is the non-extensible BODYSTRUCTURE; BODY[ starts a section.
  if (SIMPLE.has(name) && !(name === 'BODY' && r.peek() === 0x5b)) return { type: name as SimpleItem };
  switch (name) {
    case 'BODY':
    case 'BODY.PEEK': {
      const section = readSection(r);
      const partial = readPartial(r);
      return { type: 'BODY[]', peek: name === 'BODY.PEEK', section, ...(partial && { partial }) };
    }
    case 'BINARY':
    case 'BINARY.PEEK': {
      const part = readBinaryPart(r);
      const partial = readPartial(r);
      return { type: 'BINARY[]', peek: name === 'BINARY.PEEK', part, ...(partial && { partial }) };
    }
    case 'BINARY.SIZE':
      return { type: 'BINARY.SIZE', part: readBinaryPart(r) };
    default:
      throw new ParseError('Invalid fetch item');
  }
}

/** partial: "<" number64 "." nz-number64 ">" (RFC 9051; RFC 3501 has 32-bit numbers). */
function readPartial(r: Reader): Partial | undefined {
  if (!r.accept(0x3c)) return undefined;
  const origin = r.number64('partial origin');
  r.expect(0x2e, 'Invalid partial');
  const count = r.number64('partial length');
  if (count === 0) throw new ParseError('Invalid partial length');
  r.expect(0x3e, 'Invalid partial');
  return { origin, count };
}

/** section-part: nz-number *("." nz-number), stopping before a "." that starts a name. */
function readPart(r: Reader): number[] {
  const part: number[] = [];
  while (isDigit(r.peek())) {
    part.push(r.nzNumber('section part'));
    if (!(r.peek() === 0x2e && isDigit(r.peekAhead()))) break;
    r.advance();
  }
  return part;
}

function readBinaryPart(r: Reader): number[] {
  r.expect(0x5b, 'Expected [');
  const part = readPart(r);
  r.expect(0x5d, 'Invalid section');
  return part;
}

function readSection(r: Reader): Section {
  r.expect(0x5b, 'Expected [');
  const part = readPart(r);
  if (r.accept(0x5d)) return { part };
  if (part.length > 0) r.expect(0x2e, 'Invalid section');
  const text = r.takeWhile(isItemNameChar).toUpperCase();
  let section: Section;
  switch (text) {
    case 'HEADER':
    case 'TEXT':
      section = { part, text };
      break;
    case 'MIME':
      if (part.length === 0) throw new ParseError('MIME requires a part number');
      section = { part, text };
      break;
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT':
      r.space('header field list');
      section = { part, text, fields: readHeaderList(r) };
      break;
    default:
      throw new ParseError('Invalid section');
  }
  r.expect(0x5d, 'Invalid section');
  return section;
}

/** header-list: "(" header-fld-name *(SP header-fld-name) ")". */
function readHeaderList(r: Reader): string[] {
  r.open('Expected header field list');
  const fields: string[] = [];
  do fields.push(r.astring('header field name'));
  while (r.accept(0x20));
  r.close('Expected ) after header field names');
  return fields;
}
