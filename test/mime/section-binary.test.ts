// BODY[section] and BINARY[part]: what each section form gives, and where Dovecot's answers decide.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mime/parse.js';
import { extractSection, findPart, RFC822_HEADER, RFC822_TEXT } from '../../src/mime/section.js';
import { extractBinary, binarySize } from '../../src/mime/binary.js';
import type { Section } from '../../src/protocol/ast.js';
import { crlf } from './helpers.js';

const msg = crlf(
  [
    'From: a@example.com',
    'Subject: outer',
    'Received: by x',
    'MIME-Version: 1.0',
    'Content-Type: multipart/mixed; boundary=o',
    '',
    '--o',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: quoted-printable',
    '',
    'caf=C3=A9 =',
    'soft',
    '--o',
    'Content-Type: message/rfc822',
    '',
    'From: b@example.com',
    'Subject: inner',
    'Content-Type: multipart/alternative; boundary=i',
    '',
    '--i',
    'Content-Type: text/plain',
    '',
    'inner one',
    '--i',
    'Content-Type: application/octet-stream',
    'Content-Transfer-Encoding: base64',
    '',
    'AAECAw==',
    '--i--',
    '--o',
    'Content-Type: text/plain',
    'Content-Transfer-Encoding: x-uuencode',
    '',
    'begin 644 x',
    '--o--',
    '',
  ].join('\n'),
);
const { root } = parseMessage(msg);
const get = (section: Section): string | null => extractSection(msg, root, section)?.toString('utf8') ?? null;

describe('BODY[section]', () => {
  it('gives the whole message for BODY[] and the same bytes object', () => {
    expect(extractSection(msg, root, { part: [] })).toBe(msg);
  });

  it('gives HEADER, TEXT and their RFC822 aliases', () => {
    expect(get(RFC822_HEADER)).toBe('From: a@example.com\r\nSubject: outer\r\nReceived: by x\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n');
    expect(get(RFC822_TEXT)!.startsWith('--o\r\n')).toBe(true);
    expect(get({ part: [], text: 'HEADER' })).toBe(get(RFC822_HEADER));
  });

  it('gives numbered parts at any depth, continuing inside message/rfc822', () => {
    expect(get({ part: [1] })).toBe('caf=C3=A9 =\r\nsoft');
    expect(get({ part: [2] })!.startsWith('From: b@example.com\r\n')).toBe(true);
    expect(get({ part: [2, 1] })).toBe('inner one');
    expect(get({ part: [2, 2] })).toBe('AAECAw==');
    // A leaf's part 1 is the leaf itself, at any depth (Dovecot's imap_msgpart_find).
    expect(get({ part: [2, 1, 1] })).toBe('inner one');
    expect(get({ part: [2, 1, 2] })).toBeNull();
    expect(get({ part: [9] })).toBeNull();
  });

  it('gives MIME headers of parts and HEADER/TEXT of encapsulated messages', () => {
    expect(get({ part: [1], text: 'MIME' })).toBe('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n');
    expect(get({ part: [2], text: 'MIME' })).toBe('Content-Type: message/rfc822\r\n\r\n');
    expect(get({ part: [2], text: 'HEADER' })).toBe('From: b@example.com\r\nSubject: inner\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n');
    expect(get({ part: [2], text: 'TEXT' })!.startsWith('--i\r\n')).toBe(true);
    expect(get({ part: [2, 1], text: 'MIME' })).toBe('Content-Type: text/plain\r\n\r\n');
  });

  it('has no HEADER or TEXT for a part that is not a message', () => {
    expect(get({ part: [1], text: 'HEADER' })).toBeNull();
    expect(get({ part: [1], text: 'TEXT' })).toBeNull();
    expect(get({ part: [], text: 'MIME' })).toBeNull();
  });

  it('selects header fields case-insensitively, in message order, with the empty line', () => {
    expect(get({ part: [], text: 'HEADER.FIELDS', fields: ['subject', 'FROM'] })).toBe('From: a@example.com\r\nSubject: outer\r\n\r\n');
    expect(get({ part: [], text: 'HEADER.FIELDS.NOT', fields: ['Received', 'mime-version', 'content-type'] })).toBe('From: a@example.com\r\nSubject: outer\r\n\r\n');
    expect(get({ part: [2], text: 'HEADER.FIELDS', fields: ['Subject'] })).toBe('Subject: inner\r\n\r\n');
    expect(get({ part: [], text: 'HEADER.FIELDS', fields: ['X-None'] })).toBe('\r\n');
  });

  it('keeps folded fields whole', () => {
    const data = crlf('Subject: a\n b\nX: y\n\nz');
    expect(extractSection(data, parseMessage(data).root, { part: [], text: 'HEADER.FIELDS', fields: ['subject'] })!.toString()).toBe('Subject: a\r\n b\r\n\r\n');
  });

  it('treats part 1 of a single-part message as its body, 1.MIME as its header', () => {
    const data = crlf('Subject: s\n\nbody\n');
    const r = parseMessage(data).root;
    expect(findPart(r, [1])).toBe(r);
    expect(extractSection(data, r, { part: [1] })!.toString()).toBe('body\r\n');
    expect(extractSection(data, r, { part: [1], text: 'MIME' })!.toString()).toBe('Subject: s\r\n\r\n');
    expect(extractSection(data, r, { part: [2] })).toBeNull();
    expect(extractSection(data, r, { part: [1, 1] })).toBeNull();
  });

  it('returns sub-slices of the stored bytes', () => {
    const s = extractSection(msg, root, { part: [2, 1] })!;
    expect(s.buffer).toBe(msg.buffer);
  });
});

describe('BINARY', () => {
  it('decodes quoted-printable and base64', () => {
    const qp = extractBinary(msg, root, [1]);
    expect(qp).toEqual({ kind: 'data', data: Buffer.from('café soft'), hasNul: false });
    const b64 = extractBinary(msg, root, [2, 2]);
    expect(b64).toEqual({ kind: 'data', data: Buffer.from([0, 1, 2, 3]), hasNul: true });
    expect(binarySize(msg, root, [2, 2])).toEqual({ kind: 'size', size: 4 });
  });

  it('refuses an unknown transfer encoding', () => {
    expect(extractBinary(msg, root, [3])).toEqual({ kind: 'unknown-cte', encoding: 'x-uuencode' });
    expect(binarySize(msg, root, [3])).toEqual({ kind: 'unknown-cte', encoding: 'x-uuencode' });
  });

  it('gives a multipart as stored: its own encoding is an identity, its parts keep theirs', () => {
    const whole = extractBinary(msg, root, []);
    expect(whole.kind === 'data' && whole.data).toBe(msg);
    expect(binarySize(msg, root, [])).toEqual({ kind: 'size', size: msg.length });
    const plain = crlf('Content-Type: multipart/mixed; boundary=p\n\n--p\n\nx\n--p--\n');
    const r = extractBinary(plain, parseMessage(plain).root, []);
    expect(r.kind === 'data' && r.data).toBe(plain);
  });

  it('says when a part does not exist', () => {
    expect(extractBinary(msg, root, [7])).toEqual({ kind: 'missing' });
    expect(binarySize(msg, root, [7])).toEqual({ kind: 'size', size: 0 });
  });

  it('passes 7bit/8bit/binary through and decodes a single-part message body with its header', () => {
    const data = crlf('MIME-Version: 1.0\nContent-Transfer-Encoding: base64\n\naGVsbG8=\n');
    const r = extractBinary(data, parseMessage(data).root, []);
    expect(r.kind === 'data' && r.data.toString()).toBe('MIME-Version: 1.0\r\nContent-Transfer-Encoding: base64\r\n\r\nhello');
    const id = crlf('Subject: x\n\nplain\n');
    const p = extractBinary(id, parseMessage(id).root, [1]);
    expect(p.kind === 'data' && p.data.toString()).toBe('plain\r\n');
  });
});
