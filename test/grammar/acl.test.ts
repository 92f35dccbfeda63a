// grammar/rfc4314-acl.abnf: the RFC 4314 examples (Sections 3 and 4) and what cpm-imapd sends.
import { describe, expect, it } from 'vitest';
import { assertValidCommand, assertValidResponse } from '../support/grammar.js';

describe('ACL grammar', () => {
  it.each([
    '* CAPABILITY IMAP4rev1 ACL RIGHTS=texk',
    // RFC 4314 Section 3.3, 3.4, 3.5
    '* ACL INBOX Fred rwipslxetad',
    '* LISTRIGHTS ~/Mail/saved smith la r swicdkxte',
    '* LISTRIGHTS archive/imap anyone "" l r s w i p k x t e c d a 0 1 2 3 4 5 6 7 8 9',
    '* MYRIGHTS INBOX rwiptsldaex',
    // cpm-imapd's own forms
    '* ACL "Other Users/alice/Box" alice lrswipkxteacd anyone lr bob lrkxtecd -bob td',
    '* ACL Box alice lrswipkxteacd',
    '* LISTRIGHTS Box alice lrswipkxteacd',
    '* LISTRIGHTS Box bob "" l r s w i p k x t e a c d',
    '* MYRIGHTS "Shared/public/News" lrkc',
    'a NO [NOPERM] Permission denied (needs right a)',
    'b NO [CANNOT] Unknown identifier',
  ])('response %s', (line) => assertValidResponse(`${line}\r\n`));

  it.each([
    // RFC 4314 Section 3.1, 3.2, 3.3, 3.4, 3.5, 4
    'A035 SETACL INBOX/Drafts John lrQswicda',
    'A002 SETACL INBOX/Drafts Fred rwipslxetad',
    'A036 SETACL INBOX/Drafts John lrswicda',
    'A001 SETACL INBOX/Drafts Chris +cda',
    'A002 SETACL INBOX/Drafts -Fred -w',
    'A002 DELETEACL INBOX/Drafts Chris',
    'A002 GETACL INBOX',
    'a001 LISTRIGHTS ~/Mail/saved smith',
    'A003 MYRIGHTS INBOX',
    'a SETACL "Other Users/alice/Box" anyone ""',
  ])('command %s', (line) => assertValidCommand(`${line}\r\n`));

  it('refuses malformed ACL data', () => {
    expect(() => assertValidResponse('* MYRIGHTS INBOX\r\n')).toThrow();
    expect(() => assertValidResponse('* MYRIGHTS INBOX LR\r\n')).toThrow();
    expect(() => assertValidResponse('* ACL INBOX alice\r\n')).toThrow();
    expect(() => assertValidResponse('* LISTRIGHTS INBOX bob\r\n')).toThrow();
    expect(() => assertValidCommand('a SETACL INBOX bob\r\n')).toThrow();
    expect(() => assertValidCommand('a GETACL\r\n')).toThrow();
  });
});
