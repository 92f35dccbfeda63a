// The byte-offset MIME tree: offsets checked by slicing the stored bytes.
import { describe, expect, it } from 'vitest';
import { parseMessage, parseTree, MAX_NESTING } from '../../src/mime/parse.js';
import { allParts, crlf } from './helpers.js';

const slice = (data: Buffer, a: number, b: number): string => data.subarray(a, b).toString('utf8');

describe('header and body split', () => {
  it('splits at the first empty line (CRLF)', () => {
    const data = crlf('Subject: hi\nX: y\n\nbody line\nmore\n');
    const root = parseTree(data);
    expect(slice(data, root.headerStart, root.headerEnd)).toBe('Subject: hi\r\nX: y\r\n\r\n');
    expect(slice(data, root.bodyStart, root.bodyEnd)).toBe('body line\r\nmore\r\n');
    expect(root.size).toBe(17);
    expect(root.lines).toBe(2);
  });

  it('splits LF-only messages and counts their octets as stored', () => {
    const data = Buffer.from('Subject: hi\n\nline 1\nline 2\n');
    const root = parseTree(data);
    expect(slice(data, root.bodyStart, root.bodyEnd)).toBe('line 1\nline 2\n');
    expect(root.size).toBe(14);
    expect(root.lines).toBe(2);
  });

  it('treats a message without an empty line as all header, empty body', () => {
    const data = crlf('Subject: only header\nFrom: a@b\n');
    const root = parseTree(data);
    expect(root.headerEnd).toBe(data.length);
    expect(root.size).toBe(0);
    expect(root.lines).toBe(0);
  });

  it('handles a body without headers (message starts with an empty line)', () => {
    const data = crlf('\nJust a body\n');
    const root = parseTree(data);
    expect(root.headerEnd).toBe(2);
    expect(slice(data, root.bodyStart, root.bodyEnd)).toBe('Just a body\r\n');
  });

  it('unfolds Content-Type and reads RFC 2231 continuations as Dovecot does', () => {
    const data = crlf(
      'MIME-Version: 1.0\nContent-Type: application/pdf;\n name*0="long";\n name*1=" name.pdf";\n title*=utf-8\'\'%E2%82%AC\n\nx',
    );
    const root = parseTree(data);
    expect(root.type).toBe('application');
    expect(root.params).toEqual([
      ['name', 'long name.pdf'],
      ['title*', "utf-8''%E2%82%AC"],
    ]);
  });

  it('keeps the type as sent beside the lower-case one', () => {
    const root = parseTree(crlf('Content-Type: TEXT/Plain; CHARSET=US-ASCII\n\nx'));
    expect([root.type, root.subtype, root.sentType, root.sentSubtype]).toEqual(['text', 'plain', 'TEXT', 'Plain']);
    expect(root.params).toEqual([['CHARSET', 'US-ASCII']]);
  });

  it('defaults to text/plain and ignores Content-* without MIME-Version or Content-Type', () => {
    const root = parseTree(crlf('Content-Transfer-Encoding: base64\nContent-ID: <x>\n\naGk='));
    expect([root.type, root.subtype, root.encoding, root.id]).toEqual(['text', 'plain', '7bit', null]);
    const mime = parseTree(crlf('MIME-Version: 1.0\nContent-Transfer-Encoding: base64\n\naGk='));
    expect(mime.encoding).toBe('base64');
  });

  it('decodes 8-bit header bytes as UTF-8, or Latin-1 when not valid UTF-8', () => {
    const utf8 = parseMessage(Buffer.concat([Buffer.from('Subject: '), Buffer.from('Grüße', 'utf8'), Buffer.from('\r\n\r\nx')]));
    expect(utf8.envelope.subject).toBe('Grüße');
    const latin1 = parseMessage(Buffer.concat([Buffer.from('Subject: '), Buffer.from('Grüße', 'latin1'), Buffer.from('\r\n\r\nx')]));
    expect(latin1.envelope.subject).toBe('Grüße');
  });
});

describe('multipart', () => {
  const msg = crlf(
    [
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary="b1"',
      '',
      'preamble',
      '--b1',
      'Content-Type: text/plain',
      '',
      'part one',
      '--b1  ',
      '',
      'part two, no header',
      '--b1',
      'Content-Type: multipart/alternative; boundary=b2',
      '',
      '--b2',
      'Content-Type: text/html',
      '',
      '<p>x</p>',
      '--b2--',
      'inner epilogue',
      '--b1--',
      'epilogue',
      '',
    ].join('\n'),
  );

  it('finds the parts, with the CRLF before a boundary belonging to the boundary', () => {
    const root = parseTree(msg);
    expect(root.parts).toHaveLength(3);
    const [p1, p2, p3] = root.parts!;
    expect(slice(msg, p1!.bodyStart, p1!.bodyEnd)).toBe('part one');
    expect(slice(msg, p1!.headerStart, p1!.headerEnd)).toBe('Content-Type: text/plain\r\n\r\n');
    expect(slice(msg, p2!.bodyStart, p2!.bodyEnd)).toBe('part two, no header');
    expect(p2!.headerEnd - p2!.headerStart).toBe(2);
    expect(p3!.parts).toHaveLength(1);
    expect(slice(msg, p3!.parts![0]!.bodyStart, p3!.parts![0]!.bodyEnd)).toBe('<p>x</p>');
    expect(slice(msg, p3!.bodyStart, p3!.bodyEnd)).toBe('--b2\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n--b2--\r\ninner epilogue');
    expect(slice(msg, root.bodyStart, root.bodyEnd)).toContain('epilogue\r\n');
    expect(root.bodyEnd).toBe(msg.length);
  });

  it('runs a part without a close delimiter to the end', () => {
    const data = crlf('Content-Type: multipart/mixed; boundary=x\n\n--x\n\nlast part\nno close\n');
    const root = parseTree(data);
    expect(slice(data, root.parts![0]!.bodyStart, root.parts![0]!.bodyEnd)).toBe('last part\r\nno close\r\n');
  });

  it('gives a multipart without a boundary parameter no children', () => {
    const root = parseTree(crlf('Content-Type: multipart/mixed\n\n--x\n\nbody\n'));
    expect(root.parts).toEqual([]);
  });

  it('gives a multipart whose boundary never occurs no children', () => {
    const root = parseTree(crlf('Content-Type: multipart/mixed; boundary=nope\n\n--x\n\nbody\n'));
    expect(root.parts).toEqual([]);
    expect(root.size).toBeGreaterThan(0);
  });

  it('matches a boundary as a prefix of the line, preferring the longest (Dovecot)', () => {
    const data = crlf('Content-Type: multipart/mixed; boundary=ab\n\n--ab\nContent-Type: multipart/mixed; boundary=abc\n\n--abc\n\ninner\n--abc--\n--abXYZ\n\nsecond\n--ab--\n');
    const root = parseTree(data);
    expect(root.parts).toHaveLength(2);
    expect(root.parts![0]!.parts).toHaveLength(1);
    expect(slice(data, root.parts![1]!.bodyStart, root.parts![1]!.bodyEnd)).toBe('second');
  });

  it('lets an outer boundary end inner parts and headers', () => {
    const data = crlf('Content-Type: multipart/mixed; boundary=o\n\n--o\nContent-Type: multipart/mixed; boundary=i\n\n--i\nContent-Type: text/plain\n--o\n\nafter\n--o--\n');
    const root = parseTree(data);
    expect(root.parts).toHaveLength(2);
    const inner = root.parts![0]!.parts![0]!;
    expect(slice(data, inner.headerStart, inner.headerEnd)).toBe('Content-Type: text/plain');
    expect(inner.size).toBe(0);
    expect(slice(data, root.parts![1]!.bodyStart, root.parts![1]!.bodyEnd)).toBe('after');
  });

  it('gives the empty line before an enclosing boundary to the boundary (empty body)', () => {
    const data = crlf('Content-Type: multipart/mixed; boundary=E\n\n--E\nContent-Type: text/plain\n\n--E--\n');
    const part = parseTree(data).parts![0]!;
    expect(slice(data, part.headerStart, part.headerEnd)).toBe('Content-Type: text/plain\r\n');
    expect(part.size).toBe(0);
  });

  it('defaults parts of multipart/digest to message/rfc822', () => {
    const data = crlf('Content-Type: multipart/digest; boundary=d\n\n--d\n\nSubject: inner\n\nhello\n--d--\n');
    const part = parseTree(data).parts![0]!;
    expect([part.type, part.subtype]).toEqual(['message', 'rfc822']);
    expect(part.message?.envelope.subject).toBe('inner');
  });

  it('stops nesting at the limit and keeps the deeper part as an opaque leaf', () => {
    let text = '';
    for (let i = 0; i < MAX_NESTING + 5; i++) text += `Content-Type: multipart/mixed; boundary=b${i}\n\n--b${i}\n`;
    text += 'Content-Type: text/plain\n\ndeep\n';
    const root = parseTree(crlf(text));
    let depth = 0;
    let p = root;
    while (p.parts && p.parts.length > 0) {
      p = p.parts[0]!;
      depth++;
    }
    expect(depth).toBe(MAX_NESTING - 1);
    expect(p.type).toBe('multipart');
    expect(p.parts).toBeUndefined();
  });
});

describe('message/rfc822 and message/global', () => {
  it('parses the encapsulated message: envelope and tree', () => {
    const data = crlf(
      'Content-Type: multipart/mixed; boundary=m\n\n--m\nContent-Type: message/rfc822\n\nFrom: a@b.c\nSubject: inner\nContent-Type: multipart/alternative; boundary=n\n\n--n\n\ntext\n--n--\n--m--\n',
    );
    const part = parseTree(data).parts![0]!;
    expect(part.message!.envelope.subject).toBe('inner');
    expect(part.message!.root.parts).toHaveLength(1);
    // After a close delimiter the rest of its line stays in the body (Dovecot): 8 line ends.
    expect(part.lines).toBe(8);
    expect(slice(data, part.bodyStart, part.bodyEnd)).toMatch(/^From: a@b.c\r\n[\s\S]*--n--\r\n$/);
  });

  it('parses message/global too', () => {
    const data = crlf('MIME-Version: 1.0\nContent-Type: message/global\n\nSubject: Grüße\n\nhi\n');
    const root = parseTree(data);
    expect(root.message?.envelope.subject).toBe('Grüße');
  });
});

describe('every offset lies inside the data', () => {
  it('holds for a message with every kind of part', () => {
    const data = crlf('Content-Type: multipart/mixed; boundary=q\n\n--q\nContent-Type: message/rfc822\n\nSubject: x\n\nbody\n--q\n\n--q--\n');
    for (const p of allParts(parseTree(data))) {
      expect(0 <= p.headerStart && p.headerStart <= p.headerEnd && p.headerEnd <= p.bodyStart && p.bodyStart <= p.bodyEnd && p.bodyEnd <= data.length).toBe(true);
      expect(p.size).toBe(p.bodyEnd - p.bodyStart);
    }
  });
});
