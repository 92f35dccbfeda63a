// ENVELOPE and BODY/BODYSTRUCTURE, against the answers Dovecot 2.3 gives (its own unit tests).
import { describe, expect, it } from 'vitest';
import { parseMessage } from '../../src/mime/parse.js';
import { encodeEnvelope } from '../../src/mime/envelope.js';
import { encodeBodyStructure } from '../../src/mime/bodystructure.js';
import { parseAddressList } from '../../src/mime/address.js';
import { crlf, wireText } from './helpers.js';

const env = (text: string): string => wireText(encodeEnvelope(parseMessage(crlf(text)).envelope));
const bs = (text: string, extended = true): string => wireText(encodeBodyStructure(parseMessage(crlf(text)).root, extended));

describe('ENVELOPE', () => {
  it('writes every field, sender and reply-to defaulting to from', () => {
    expect(env('Message-ID: <msg@id>\nIn-Reply-To: <reply@to.id>\nDate: Thu, 15 Feb 2007 01:02:03 +0200\nSubject: subject header\nFrom: From Real <fromuser@fromdomain.org>\nTo: To Real <touser@todomain.org>\nCc: Cc Real <ccuser@ccdomain.org>\nBcc: Bcc Real <bccuser@bccdomain.org>\n\nbody\n')).toBe(
      '("Thu, 15 Feb 2007 01:02:03 +0200" "subject header" (("From Real" NIL "fromuser" "fromdomain.org")) (("From Real" NIL "fromuser" "fromdomain.org")) (("From Real" NIL "fromuser" "fromdomain.org")) (("To Real" NIL "touser" "todomain.org")) (("Cc Real" NIL "ccuser" "ccdomain.org")) (("Bcc Real" NIL "bccuser" "bccdomain.org")) "<reply@to.id>" "<msg@id>")',
    );
  });

  it('writes groups with start and end markers, comments as names, empty Sender as absent', () => {
    expect(env('Date: Thu, 15 Feb 2007 01:02:03 +0200\nFrom: user@domain (Real Name)\nSender: \nTo: group: g1@d1.org, g2@d2.org;, group2: g3@d3.org;\nCc: group:;, group2: (foo) ;\n\nbody\n')).toBe(
      '("Thu, 15 Feb 2007 01:02:03 +0200" NIL (("Real Name" NIL "user" "domain")) (("Real Name" NIL "user" "domain")) (("Real Name" NIL "user" "domain")) ((NIL NIL "group" NIL)(NIL NIL "g1" "d1.org")(NIL NIL "g2" "d2.org")(NIL NIL NIL NIL)(NIL NIL "group2" NIL)(NIL NIL "g3" "d3.org")(NIL NIL NIL NIL)) ((NIL NIL "group" NIL)(NIL NIL NIL NIL)(NIL NIL "group2" NIL)(NIL NIL NIL NIL)) NIL NIL NIL)',
    );
  });

  it('keeps routes, quoted names and raw encoded words', () => {
    expect(parseAddressList('<@route:user@domain>')).toEqual([{ name: null, adl: '@route', mailbox: 'user', host: 'domain' }]);
    expect(parseAddressList('"Doe, John" <jd@x.org>')).toEqual([{ name: 'Doe, John', adl: null, mailbox: 'jd', host: 'x.org' }]);
    expect(parseAddressList('=?utf-8?q?J=C3=B6?= <j@x.org>')![0]!.name).toBe('=?utf-8?q?J=C3=B6?=');
  });

  it('answers broken addresses as Dovecot does', () => {
    expect(parseAddressList('Real Name')).toEqual([{ name: 'Real Name', adl: null, mailbox: 'MISSING_MAILBOX', host: 'MISSING_DOMAIN' }]);
    expect(parseAddressList('user')).toEqual([{ name: null, adl: null, mailbox: 'user', host: 'MISSING_DOMAIN' }]);
    expect(parseAddressList('broken <a@')).toEqual([{ name: 'broken', adl: null, mailbox: 'a', host: 'SYNTAX_ERROR' }]);
    expect(parseAddressList('')).toBeNull();
  });

  it('collapses white space in the subject and sends 8-bit or folded values as literals', () => {
    const e = parseMessage(crlf('Subject:   a \t b\n  c  \nDate: Mon, 1\n Jan 2024 00:00:00 +0000\n\nx')).envelope;
    expect(e.subject).toBe('a b c');
    expect(e.date).toBe('Mon, 1\n Jan 2024 00:00:00 +0000');
    expect(wireText(encodeEnvelope(e))).toContain('{31}\r\nMon, 1\n Jan 2024 00:00:00 +0000');
    const u = parseMessage(Buffer.from('Subject: Grüße\r\n\r\nx', 'utf8')).envelope;
    expect(wireText(encodeEnvelope(u))).toContain('{7}\r\nGrüße');
  });

  it('takes the last of repeated fields (Dovecot)', () => {
    expect(parseMessage(crlf('Subject: one\nSubject: two\n\nx')).envelope.subject).toBe('two');
  });
});

describe('BODY and BODYSTRUCTURE', () => {
  it('adds the default charset to text parts and writes 7bit when absent', () => {
    expect(bs('From: user@domain.org\nMime-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\nbody\n')).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL NIL)');
    expect(bs('Subject: no mime\n\nbody\n', false)).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1)');
    expect(bs('Content-Type: text/plain; format=flowed\n\nx')).toBe('("text" "plain" ("format" "flowed" "charset" "us-ascii") NIL NIL "7bit" 1 0 NIL NIL NIL NIL)');
  });

  it('matches Dovecot on a multipart with a message/rfc822 part (CRLF sizes)', () => {
    const m = 'From: user@domain.org\nDate: Sat, 24 Mar 2017 23:00:00 +0200\nMime-Version: 1.0\nContent-Type: multipart/mixed; boundary="foo bar"\n\n--foo bar\nContent-Type: text/plain; charset=us-ascii\n\nSee attached...\n\n--foo bar\nContent-Type: message/rfc822\n\nFrom: user@domain.org\nDate: Sat, 24 Mar 2017 23:00:00 +0200\nMime-Version: 1.0\nContent-Type: text/plain; charset=us-ascii\n\nbody\n\n--foo bar--\n\n';
    expect(bs(m)).toBe(
      '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 17 1 NIL NIL NIL NIL)("message" "rfc822" NIL NIL NIL "7bit" 133 ("Sat, 24 Mar 2017 23:00:00 +0200" NIL ((NIL NIL "user" "domain.org")) ((NIL NIL "user" "domain.org")) ((NIL NIL "user" "domain.org")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1 NIL NIL NIL NIL) 6 NIL NIL NIL NIL) "mixed" ("boundary" "foo bar") NIL NIL NIL)',
    );
    expect(bs(m, false)).toBe(
      '(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 17 1)("message" "rfc822" NIL NIL NIL "7bit" 133 ("Sat, 24 Mar 2017 23:00:00 +0200" NIL ((NIL NIL "user" "domain.org")) ((NIL NIL "user" "domain.org")) ((NIL NIL "user" "domain.org")) NIL NIL NIL NIL NIL) ("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 6 1) 6) "mixed")',
    );
  });

  it('writes all extension data', () => {
    const m = 'Mime-Version: 1.0\nContent-Type: multipart/mixed; boundary="x"\nContent-Language: en\n\n--x\nContent-Type: text/x-myown; charset=us-ascii; foo="quoted\\"string"\nContent-ID: <foo@example.com>\nContent-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==\nContent-Disposition: inline; foo=bar\nContent-Description: hellodescription\nContent-Language: en, fi, se\nContent-Location: http://example.com/test.txt\n\nhello\n\n--x\nContent-Type: image/png\nContent-Transfer-Encoding: base64\nContent-Disposition: attachment; filename="pigeon.png"\n\naGk=\n--x--\n';
    expect(bs(m)).toBe(
      '(("text" "x-myown" ("charset" "us-ascii" "foo" "quoted\\"string") "<foo@example.com>" "hellodescription" "7bit" 7 1 "Q2hlY2sgSW50ZWdyaXR5IQ==" ("inline" ("foo" "bar")) ("en" "fi" "se") "http://example.com/test.txt")("image" "png" NIL NIL NIL "base64" 4 NIL ("attachment" ("filename" "pigeon.png")) NIL NIL) "mixed" ("boundary" "x") NIL ("en") NIL)',
    );
  });

  it('shows an empty text/plain part for a multipart without children', () => {
    expect(bs('Content-Type: multipart/mixed; boundary="foo"\n\n')).toBe('(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL) "mixed" ("boundary" "foo") NIL NIL NIL)');
    expect(bs('Content-Type: multipart/mixed; boundary="foo"\n\n', false)).toBe('(("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0) "mixed")');
  });

  it('keeps type, subtype and encoding as sent, and drops an invalid encoding to 7bit', () => {
    expect(bs('Content-Type: TEXT/HTML\nContent-Transfer-Encoding: ?invalid\n\nx', false)).toBe('("TEXT" "HTML" ("charset" "us-ascii") NIL NIL "7bit" 1 0)');
    expect(bs('Mime-Version: 1.0\nContent-Transfer-Encoding: Base64\n\naGk=', false)).toBe('("text" "plain" ("charset" "us-ascii") NIL NIL "Base64" 4 0)');
  });

  it('shows RFC 2231 parameters joined but still encoded, after the plain ones', () => {
    expect(bs("Content-Type: application/x; b*1=\"2\"; a=1; b*0=\"1\"; c*=utf-8''%C3%A9\n\nx", false)).toBe('("application" "x" ("a" "1" "b" "12" "c*" "utf-8\'\'%C3%A9") NIL NIL "7bit" 1)');
  });

  it('writes message/global as a basic body (RFC 3501 has no body-type-msg for it)', () => {
    expect(bs('Mime-Version: 1.0\nContent-Type: message/global\n\nSubject: x\n\ny\n', false)).toBe('("message" "global" NIL NIL NIL "7bit" 17)');
  });

  it('sends 8-bit parameter values as literals', () => {
    expect(bs('Content-Type: text/plain; name="é"\n\nx', false)).toBe('("text" "plain" ("name" {2}\r\né "charset" "us-ascii") NIL NIL "7bit" 1 0)');
  });
});
