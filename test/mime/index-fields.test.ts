// The decoded fields for SEARCH, SORT and THREAD.
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mime/parse.js';
import { parseRfc5322Date } from '../../src/mime/date.js';
import { decodeQuotedPrintable, decodeBase64 } from '../../src/mime/transfer-encoding.js';
import { paramValue } from '../../src/mime/params.js';
import { BODY_TEXT_LIMIT } from '../../src/mime/index-fields.js';
import { crlf } from './helpers.js';

describe('MessageIndex', () => {
  const m = crlf(
    [
      'From: =?utf-8?q?J=C3=B6rg?= <jorg@example.de>, other@example.org',
      'To: undisclosed:;, "Bob B" <bob@example.com>',
      'Cc: carol@example.net',
      'Subject: =?iso-8859-1?q?caf=E9?= =?utf-8?b?w6k=?=',
      'Date: Thu, 15 Feb 2007 01:02:03 +0200',
      'Message-ID: <id1@example.com>',
      'In-Reply-To: <id0@example.com> (comment)',
      'References: <a@x>\n <b@x>   <c@x>',
      'X-Folded: one\n two',
      'MIME-Version: 1.0',
      'Content-Type: multipart/mixed; boundary=b',
      '',
      '--b',
      'Content-Type: text/plain; charset=iso-8859-1',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Gr=FC=DFe',
      '--b',
      'Content-Type: text/html; charset=utf-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<b>héllo</b>').toString('base64'),
      '--b',
      'Content-Type: image/png',
      'Content-Transfer-Encoding: base64',
      '',
      'iVBORw0KGgo=',
      '--b',
      'Content-Type: message/rfc822',
      '',
      'Subject: =?utf-8?q?inner_=C3=A9?=',
      '',
      'inner text',
      '--b--',
      '',
    ].join('\n'),
  );
  const index = parseMessage(m).index;

  it('decodes subject and address lists', () => {
    expect(index.subject).toBe('caféé');
    expect(index.from).toBe('Jörg <jorg@example.de>, other@example.org');
    expect(index.to).toBe('undisclosed:, Bob B <bob@example.com>');
    expect(index.cc).toBe('carol@example.net');
    expect(index.bcc).toBe('');
  });

  it('gives the first address mailbox and display name for SORT', () => {
    expect(index.fromAddr).toBe('jorg');
    expect(index.fromDisplay).toBe('Jörg');
    expect(index.toAddr).toBe('bob');
    expect(index.toDisplay).toBe('Bob B');
    expect(index.ccAddr).toBe('carol');
  });

  it('reads the sent date and message ids', () => {
    expect(index.sentDate).toBe(Date.UTC(2007, 1, 14, 23, 2, 3));
    expect(index.messageId).toBe('<id1@example.com>');
    expect(index.inReplyTo).toBe('<id0@example.com>');
    expect(index.references).toEqual(['<a@x>', '<b@x>', '<c@x>']);
  });

  it('lists every top-level header, unfolded and decoded', () => {
    expect(index.headers).toContainEqual(['x-folded', 'one two']);
    expect(index.headers).toContainEqual(['subject', 'caféé']);
    expect(index.headers.length).toBe(11);
  });

  it('decodes text parts into the body text, skips other types, includes encapsulated messages', () => {
    expect(index.bodyText).toContain('Grüße');
    expect(index.bodyText).toContain('<b>héllo</b>');
    expect(index.bodyText).toContain('Subject: inner é');
    expect(index.bodyText).toContain('inner text');
    expect(index.bodyText).not.toContain('iVBOR');
  });

  it('caps the body text', () => {
    const big = crlf(`Subject: big\n\n${'x'.repeat(BODY_TEXT_LIMIT + 5000)}\n`);
    expect(parseMessage(big).index.bodyText.length).toBe(BODY_TEXT_LIMIT);
  });

  it('is empty where headers are missing', () => {
    const i = parseMessage(crlf('\nbody\n')).index;
    expect([i.subject, i.sentDate, i.messageId, i.fromAddr, i.fromDisplay]).toEqual(['', null, null, '', '']);
  });
});

describe('RFC 5322 dates', () => {
  it.each([
    ['Thu, 15 Feb 2007 01:02:03 +0200', Date.UTC(2007, 1, 14, 23, 2, 3)],
    ['15 Feb 2007 01:02 GMT', Date.UTC(2007, 1, 15, 1, 2, 0)],
    ['Mon, 1 Jan 90 00:00:00 EST', Date.UTC(1990, 0, 1, 5, 0, 0)],
    ['Mon, 1 Jan 05 00:00:00 -0000', Date.UTC(2005, 0, 1)],
    ['Fri, 21 Nov 1997 09:55:06 -0600 (MDT)', Date.UTC(1997, 10, 21, 15, 55, 6)],
    ['Tue, 1 Jul 2003 10:52:37 Z', Date.UTC(2003, 6, 1, 10, 52, 37)],
    ['not a date', null],
    ['', null],
    ['32 Jan 2020 00:00:00 +0000', null],
  ])('%s', (text, expected) => {
    expect(parseRfc5322Date(text)).toBe(expected);
  });
});

describe('transfer decoding and parameters', () => {
  it('decodes quoted-printable: soft breaks, trailing white space, stray "="', () => {
    expect(decodeQuotedPrintable(Buffer.from('a=3Db =\r\nc  \r\nd=ZZ=')).toString()).toBe('a=b c\r\nd=ZZ');
  });

  it('decodes base64, skipping characters outside the alphabet', () => {
    expect(decodeBase64(Buffer.from('aGVs\r\nbG8=')).toString()).toBe('hello');
    expect(decodeBase64(Buffer.from('aG!!VsbG8')).toString()).toBe('hello');
  });

  it('decodes RFC 2231 values on request', () => {
    expect(paramValue([['title*', "iso-8859-1'en'%E9t%E9"]], 'TITLE')).toBe('été');
    expect(paramValue([['Charset', 'UTF-8']], 'charset')).toBe('UTF-8');
    expect(paramValue([], 'charset')).toBeNull();
  });
});

describe('body text of CPM and Japanese messages', () => {
  it('indexes the chat text inside Message/CPIM, also when base64-encoded', () => {
    const cpim = 'From: <sip:anonymous@anonymous.invalid>\nDateTime: 2026-11-21T10:00:00Z\n\nContent-Type: text/plain; charset=utf-8\n\nSee you at the café\n';
    const plain = parseMessage(crlf(`Content-Type: Message/CPIM\n\n${cpim}`));
    expect(plain.index.bodyText).toContain('See you at the café');
    expect(plain.index.bodyText).toContain('DateTime: 2026-11-21T10:00:00Z');
    const encoded = Buffer.from(crlf(cpim)).toString('base64');
    const b64 = parseMessage(crlf(`Content-Type: message/cpim\nContent-Transfer-Encoding: base64\n\n${encoded}\n`));
    expect(b64.index.bodyText).toContain('See you at the café');
  });

  it('decodes ISO-2022-JP, which iconv-lite does not know', () => {
    // "日本語" in ISO-2022-JP: ESC $ B, the JIS X 0208 bytes, ESC ( B.
    const jis = Buffer.concat([Buffer.from('Content-Type: text/plain; charset=ISO-2022-JP\r\n\r\n'), Buffer.from([0x1b, 0x24, 0x42, 0x46, 0x7c, 0x4b, 0x5c, 0x38, 0x6c, 0x1b, 0x28, 0x42]), Buffer.from('\r\n')]);
    expect(parseMessage(jis).index.bodyText).toContain('日本語');
  });
});
