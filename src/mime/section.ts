// BODY[section] (RFC 3501 §6.4.5): the bytes of a section of a stored message. Whole parts are
// sub-slices of the stored Buffer (no copy); HEADER.FIELDS[.NOT] builds a new Buffer.
// A section that does not exist gives null; Dovecot then answers with an empty string "".
import type { Section } from '../protocol/ast.js';
import type { MimePart } from './types.js';
import { readHeader, type HeaderField } from './header.js';
import { asciiLower } from './text.js';

/**
 * The part a section number names, as Dovecot resolves it (imap-msgpart.c): in a multipart the
 * n-th child; in anything else only 1, meaning the part itself; a message/rfc822 part followed
 * by more numbers continues inside the encapsulated message.
 */
export function findPart(root: MimePart, numbers: readonly number[]): MimePart | null {
  let part: MimePart | undefined = root;
  for (let i = 0; i < numbers.length; i++) {
    const n = numbers[i]!;
    const more = i + 1 < numbers.length;
    if (part.parts !== undefined) {
      part = part.parts[n - 1];
      if (part === undefined) return null;
    } else if (n !== 1 || (more && encapsulated(part) === null)) return null;
    if (more) part = encapsulated(part) ?? part;
  }
  return part;
}

/**
 * The message inside a message/rfc822 part. message/global is a leaf for sections, as it is in
 * BODYSTRUCTURE (RFC 3501 has no body-type-msg for it) and in Dovecot.
 */
export function encapsulated(part: MimePart): MimePart | null {
  return part.message !== undefined && part.type === 'message' && part.subtype === 'rfc822' ? part.message.root : null;
}

/** The message whose HEADER / TEXT a section means: the top level, or an encapsulated one. */
function messageOf(root: MimePart, numbers: readonly number[]): MimePart | null {
  if (numbers.length === 0) return root;
  const part = findPart(root, numbers);
  return part === null ? null : encapsulated(part);
}

function hasEmptyLine(data: Buffer, part: MimePart): boolean {
  const { headerStart: s, headerEnd: e } = part;
  if (e <= s || data[e - 1] !== 10) return false;
  let p = e - 1;
  if (p > s && data[p - 1] === 13) p--;
  return p === s || data[p - 1] === 10;
}

/** The header lines named (or, with `not`, not named) in `fields`, then the empty line. */
function headerFields(data: Buffer, part: MimePart, fields: readonly string[], not: boolean): Buffer {
  const wanted = new Set(fields.map(asciiLower));
  const block = readHeader(data, part.headerStart, null, part.headerEnd);
  const pieces: Buffer[] = [];
  let crlf = true;
  let first = true;
  let matched = 0;
  for (const f of block.fields as HeaderField[]) {
    if (f.start >= part.headerEnd) break;
    const end = Math.min(f.end, part.headerEnd);
    if (first) {
      crlf = data[end - 2] === 13 || data[end - 1] !== 10;
      first = false;
    }
    if (wanted.has(f.key) !== not) {
      let piece = data.subarray(f.start, end);
      // A last field without its newline (header cut short) still gets one.
      if (piece.length === 0 || piece[piece.length - 1] !== 10) piece = Buffer.concat([piece, Buffer.from('\r\n')]);
      pieces.push(piece);
      matched++;
    }
  }
  // The closing empty line, as Dovecot gives it: always when the header had one; for
  // HEADER.FIELDS also when some field matched.
  if (hasEmptyLine(data, part) || (!not && matched > 0)) pieces.push(Buffer.from(crlf ? '\r\n' : '\n'));
  return Buffer.concat(pieces);
}

/** The bytes of a BODY[section], or null when the section does not exist. */
export function extractSection(data: Buffer, root: MimePart, section: Section): Buffer | null {
  const numbers = section.part;
  switch (section.text) {
    case undefined: {
      if (numbers.length === 0) return data;
      const part = findPart(root, numbers);
      return part === null ? null : data.subarray(part.bodyStart, part.bodyEnd);
    }
    case 'MIME': {
      // The part's own header; for part 1 of a single-part message, the message header.
      if (numbers.length === 0) return null;
      const part = findPart(root, numbers);
      return part === null ? null : data.subarray(part.headerStart, part.headerEnd);
    }
    case 'HEADER': {
      const msg = messageOf(root, numbers);
      return msg === null ? null : data.subarray(msg.headerStart, msg.headerEnd);
    }
    case 'TEXT': {
      const msg = messageOf(root, numbers);
      return msg === null ? null : data.subarray(msg.bodyStart, msg.bodyEnd);
    }
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT': {
      const msg = messageOf(root, numbers);
      return msg === null ? null : headerFields(data, msg, section.fields ?? [], section.text === 'HEADER.FIELDS.NOT');
    }
  }
}

/** RFC822.HEADER is BODY[HEADER]; RFC822.TEXT is BODY[TEXT]; RFC822 is BODY[]. */
export const RFC822_HEADER: Section = { part: [], text: 'HEADER' };
export const RFC822_TEXT: Section = { part: [], text: 'TEXT' };
