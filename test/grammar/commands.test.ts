// Client commands that must match grammar/ and commands that must not.
// Most valid ones are the RFC examples (RFC 3501 Sections 6-8, 4315, 6851,
// 2342, 2971, 5161, 8474, 7889, 2177, 4959, 7888).
import { describe, expect, it } from 'vitest';
import { assertValidCommand, commandError } from '../support/grammar.js';

const CRLF = '\r\n';
const lit = (data: string, plus = false): string => `{${Buffer.byteLength(data, 'latin1')}${plus ? '+' : ''}}${CRLF}${data}`;

const message = [
  'Date: Mon, 7 Feb 1994 21:52:25 -0800 (PST)',
  'From: Fred Foobar <foobar@Blurdybloop.COM>',
  'Subject: afternoon meeting',
  'To: mooch@owatagu.siam.edu',
  'Message-Id: <B27397-0100000@Blurdybloop.COM>',
  'MIME-Version: 1.0',
  'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
  '',
  'Hello Joe, do you think we can meet at 3:30 tomorrow?',
  '',
].join(CRLF);

const valid: Array<[string, string]> = [
  // --- RFC 3501
  ['CAPABILITY', 'abcd CAPABILITY'],
  ['NOOP', 'a047 NOOP'],
  ['LOGOUT', 'A023 LOGOUT'],
  ['STARTTLS', 'a002 STARTTLS'],
  ['LOGIN', 'a001 LOGIN SMITH SESAME'],
  ['LOGIN quoted', 'a001 LOGIN "joe" "pass word \\"x\\""'],
  ['LOGIN literals (3501 Section 7.5)', `A001 LOGIN ${lit('FRED FOOBAR')} ${lit('fat man')}`],
  ['login lowercase (3501 Section 8)', 'a001 login mrc secret'],
  ['AUTHENTICATE', 'A001 AUTHENTICATE GSSAPI'],
  ['SELECT', 'A142 SELECT INBOX'],
  ['select lowercase', 'a002 select inbox'],
  ['EXAMINE', 'A932 EXAMINE blurdybloop'],
  ['CREATE', 'A003 CREATE owatagusiam/'],
  ['CREATE quoted (2342)', 'A002 CREATE "INBOX.Sent Mail"'],
  ['DELETE', 'A683 DELETE blurdybloop'],
  ['RENAME', 'A683 RENAME blurdybloop sarasoop'],
  ['RENAME INBOX', 'Z433 RENAME INBOX old-mail'],
  ['SUBSCRIBE', 'A002 SUBSCRIBE #news.comp.mail.mime'],
  ['UNSUBSCRIBE', 'A002 UNSUBSCRIBE #news.comp.mail.mime'],
  ['LIST', 'A101 LIST "" ""'],
  ['LIST *', 'A682 LIST "" *'],
  ['LIST %', 'A86 LIST "" %'],
  ['LIST reference', 'A102 LIST #news.comp.mail.misc ""'],
  ['LIST ~', 'A202 LIST ~/Mail/ %'],
  ['LIST pattern with ]', 'A1 LIST "" foo]%'],
  ['LSUB', 'A003 LSUB "#news." "comp.mail.*"'],
  ['STATUS', 'A042 STATUS blurdybloop (UIDNEXT MESSAGES)'],
  ['STATUS all', 'A042 STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)'],
  ['APPEND (3501 Section 6.3.11)', `A003 APPEND saved-messages (\\Seen) ${lit(message)}`],
  ['APPEND date (8474)', `5 append inbox "20-Mar-2018 03:07:37 +1100" ${lit(message)}`],
  ['APPEND flags and date', `A1 APPEND INBOX (\\Seen $Forwarded) " 7-Feb-1994 21:52:25 -0800" ${lit('x')}`],
  ['APPEND empty flags', `A1 APPEND INBOX () ${lit('x')}`],
  ['APPEND 8-bit', `A1 APPEND INBOX ${lit('Subject: \xe9\r\n\r\n\xff')}`],
  ['CHECK', 'FXXZ CHECK'],
  ['CLOSE', 'A341 CLOSE'],
  ['UNSELECT (RFC 3691 / 9051)', 'A342 UNSELECT'],
  ['EXPUNGE', 'A202 EXPUNGE'],
  ['SEARCH', 'A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"'],
  ['SEARCH quoted text', 'A283 SEARCH TEXT "string not in mailbox"'],
  ['SEARCH charset literal', `A284 SEARCH CHARSET UTF-8 TEXT ${lit('XXXXXX')}`],
  ['SEARCH all keys', 'A1 SEARCH ALL ANSWERED BCC x BEFORE "1-Jan-2000" BODY y CC z DELETED DRAFT FLAGGED FROM a HEADER Subject "b" KEYWORD $Junk LARGER 10 NEW OLD ON 01-Jan-2000 RECENT SEEN SENTBEFORE 1-Jan-2000 SENTON 1-Jan-2000 SENTSINCE 1-Jan-2000 SINCE 1-Jan-2000 SMALLER 5 SUBJECT s TEXT t TO u UID 1:* UNANSWERED UNDELETED UNDRAFT UNFLAGGED UNKEYWORD foo UNSEEN'],
  ['SEARCH OR NOT nested', 'A1 SEARCH OR (SEEN FLAGGED) NOT 2:4,7 1:*'],
  ['SEARCH sequence set', 'A1 SEARCH 2,4:7,9,12:*'],
  ['FETCH ALL', 'A003 FETCH 4 ALL'],
  ['FETCH FULL', 'a003 fetch 12 full'],
  ['FETCH FAST', 'A1 FETCH 1:* FAST'],
  ['FETCH body[header]', 'a004 fetch 12 body[header]'],
  ['FETCH list', 'A654 FETCH 2:4 (FLAGS BODY[HEADER.FIELDS (DATE FROM)])'],
  ['FETCH many items', 'A1 FETCH 1 (ENVELOPE FLAGS INTERNALDATE RFC822 RFC822.HEADER RFC822.SIZE RFC822.TEXT BODY BODYSTRUCTURE UID BODY[] BODY.PEEK[1.2.MIME] BODY[TEXT]<0.100> BODY.PEEK[HEADER.FIELDS.NOT (Subject)]<5.10>)'],
  ['FETCH *:4', 'A1 FETCH *:4 UID'],
  ['STORE', 'A003 STORE 2:4 +FLAGS (\\Deleted)'],
  ['store lowercase', 'a005 store 12 +flags \\deleted'],
  ['STORE -FLAGS.SILENT', 'A1 STORE 1 -FLAGS.SILENT (\\Seen $Forwarded)'],
  ['STORE FLAGS ()', 'A1 STORE 1 FLAGS ()'],
  ['COPY', 'A003 COPY 2:4 MEETING'],
  ['UID FETCH', 'A999 UID FETCH 4827313:4828442 FLAGS'],
  ['UID COPY', 'A005 UID COPY 305:310 meeting'],
  ['UID STORE', 'A1 UID STORE 5 +FLAGS.SILENT (\\Flagged)'],
  ['UID SEARCH', 'A1 UID SEARCH UID 1:*'],
  // --- RFC 4315 UIDPLUS
  ['UID EXPUNGE', 'A003 UID EXPUNGE 3000:3002'],
  // --- RFC 6851 MOVE
  ['UID MOVE', 'a UID MOVE 42:69 foo'],
  ['MOVE', '23 move 2 foo'],
  // --- RFC 2342 NAMESPACE
  ['NAMESPACE', 'A001 NAMESPACE'],
  // --- RFC 2971 ID
  ['ID NIL', 'a042 ID NIL'],
  ['ID list', 'a023 ID ("name" "sodr" "version" "19.34" "vendor" "Pink Floyd Music Limited")'],
  // --- RFC 5161 ENABLE
  ['ENABLE', 't2 ENABLE CONDSTORE X-GOOD-IDEA'],
  // --- RFC 2177 IDLE
  ['IDLE', 'A002 IDLE'],
  // --- RFC 8474 OBJECTID
  ['STATUS MAILBOXID', '6 status foo (mailboxid)'],
  ['FETCH EMAILID THREADID', '22 fetch 1:* (emailid threadid)'],
  ['SEARCH EMAILID', '27 search emailid M6d99ac3275bb4e'],
  ['SEARCH THREADID', '28 search threadid T64b478a75b7ea9'],
  // --- RFC 7889 APPENDLIMIT
  ['STATUS APPENDLIMIT', 't1 STATUS INBOX (APPENDLIMIT)'],
  // --- RFC 4959 SASL-IR
  ['AUTHENTICATE initial response', 'A01 AUTHENTICATE PLAIN dGVzdAB0ZXN0AHRlc3Q='],
  ['AUTHENTICATE empty initial response', 'A01 AUTHENTICATE EXTERNAL ='],
  // --- RFC 7888 LITERAL+
  ['APPEND non-synchronizing literal', `A1 APPEND INBOX ${lit(message, true)}`],
  ['LOGIN non-synchronizing literals', `A1 LOGIN ${lit('joe', true)} ${lit('secret', true)}`],
  ['CREATE empty literal', `A1 CREATE ${lit('', true)}`],
  // --- RFC 5464 METADATA (Section 4 examples; folded lines joined)
  ['GETMETADATA server entry', 'a GETMETADATA "" /shared/comment'],
  ['GETMETADATA mailbox entry', 'a GETMETADATA "INBOX" /private/comment'],
  ['GETMETADATA list', 'a GETMETADATA "INBOX" (/shared/comment /private/comment)'],
  ['GETMETADATA MAXSIZE after mailbox (4.2.1)', 'a GETMETADATA "INBOX" (MAXSIZE 1024) (/shared/comment /private/comment)'],
  ['GETMETADATA DEPTH after mailbox (4.2.2)', 'a GETMETADATA "INBOX" (DEPTH 1) (/private/filters/values)'],
  ['GETMETADATA options first (Section 5)', 'a GETMETADATA (DEPTH infinity MAXSIZE 10) INBOX /shared'],
  ['GETMETADATA entries without parentheses (4.4.1)', 'a GETMETADATA "INBOX" /private/comment /shared/comment'],
  ['SETMETADATA literal (4.3)', `a SETMETADATA INBOX (/private/comment ${lit('My new comment across\r\ntwo lines.')})`],
  ['SETMETADATA NIL', 'a SETMETADATA INBOX (/private/comment NIL)'],
  ['SETMETADATA two entries', 'a SETMETADATA INBOX (/private/comment "My new comment" /shared/comment "This one is for you!")'],
  ['SETMETADATA literal8', 'a SETMETADATA "" (/private/bin ~{3}\r\na\x00b)'],
];

const invalid: Array<[string, string]> = [
  ['no tag', 'NOOP'],
  ['tag with +', 'a+ NOOP'],
  ['unknown command (3501 Section 7.1.3)', 'A044 BLURDYBLOOP'],
  ['X command', 'A442 XPIG-LATIN'],
  ['NOOP with argument', 'A1 NOOP x'],
  ['trailing space', 'A1 NOOP '],
  ['double space', 'A1 SELECT  INBOX'],
  ['SELECT without mailbox', 'A1 SELECT'],
  ['LOGIN one argument', 'A1 LOGIN joe'],
  ['LOGIN mailbox with (', 'A1 LOGIN jo(e pass'],
  ['FETCH without items', 'A1 FETCH 1'],
  ['FETCH 0', 'A1 FETCH 0 FLAGS'],
  ['FETCH bad set', 'A1 FETCH 1:2: FLAGS'],
  ['FETCH unbalanced', 'A1 FETCH 1 (FLAGS UID'],
  ['FETCH ALL in list', 'A1 FETCH 1 (ALL)'],
  ['FETCH bad partial', 'A1 FETCH 1 BODY[]<0.0>'],
  ['FETCH BODY.PEEK without section', 'A1 FETCH 1 BODY.PEEK'],
  ['STORE without flags', 'A1 STORE 1 +FLAGS'],
  ['STORE \\*', 'A1 STORE 1 +FLAGS (\\*)'],
  ['STATUS empty list', 'A1 STATUS INBOX ()'],
  ['STATUS unknown item', 'A1 STATUS INBOX (SIZE2)'],
  ['SEARCH nothing', 'A1 SEARCH'],
  ['SEARCH bad date', 'A1 SEARCH SINCE 1-Foo-2000'],
  ['SEARCH OR with one key', 'A1 SEARCH OR SEEN'],
  ['APPEND without literal', 'A1 APPEND INBOX "message"'],
  ['APPEND literal count wrong', 'A1 APPEND INBOX {5}\r\nabc'],
  ['APPEND literal with NUL', 'A1 APPEND INBOX {3}\r\na\x00b'],
  ['UID EXPUNGE without set', 'A1 UID EXPUNGE'],
  ['UID MOVE without mailbox', 'A1 UID MOVE 1:2'],
  ['MOVE without set', 'A1 MOVE foo'],
  ['ENABLE nothing', 'A1 ENABLE'],
  ['ID odd list', 'A1 ID ("name")'],
  ['IDLE with argument', 'A1 IDLE now'],
  ['AUTHENTICATE bad base64', 'A1 AUTHENTICATE PLAIN abc'],
  ['AUTHENTICATE without mechanism', 'A1 AUTHENTICATE'],
  ['NAMESPACE with argument', 'A1 NAMESPACE x'],
  ['UNSELECT with argument', 'A1 UNSELECT INBOX'],
  ['LIST with one argument', 'A1 LIST ""'],
  ['8-bit in quoted', 'A1 SELECT "caf\xe9"'],
  ['GETMETADATA without entries', 'a GETMETADATA INBOX'],
  ['GETMETADATA DEPTH 2', 'a GETMETADATA INBOX (DEPTH 2) /shared/comment'],
  ['GETMETADATA MAXSIZE not a number', 'a GETMETADATA INBOX (MAXSIZE big) /shared/comment'],
  ['GETMETADATA wildcard entry', 'a GETMETADATA INBOX /shared/*'],
  ['SETMETADATA without list', 'a SETMETADATA INBOX /shared/comment "x"'],
  ['SETMETADATA entry without value', 'a SETMETADATA INBOX (/shared/comment)'],
];

describe('client commands', () => {
  it.each(valid)('valid: %s', (_name, command) => {
    expect(commandError(command + CRLF)).toBeUndefined();
  });

  it.each(invalid)('invalid: %s', (_name, command) => {
    expect(() => assertValidCommand(command + CRLF)).toThrow(Error);
  });

  it('checks the other client lines with their own entry rules', () => {
    expect(() => assertValidCommand('DONE\r\n', { rule: 'idle-done' })).not.toThrow();
    expect(() => assertValidCommand('done\r\n', { rule: 'idle-done' })).not.toThrow();
    expect(() => assertValidCommand('DONE now\r\n', { rule: 'idle-done' })).toThrow();
    expect(() => assertValidCommand('DONE\r\n')).toThrow();
    for (const line of ['dGVzdAB0ZXN0AHRlc3Q=', '*', '', 'YIIB+wYJKoZIhvcSAQICAQBuggHqMIIB5qADAgEFoQMCAQ6iBw==']) {
      expect(commandError(`${line}\r\n`, { rule: 'authenticate-continuation' })).toBeUndefined();
    }
    expect(() => assertValidCommand('abc\r\n', { rule: 'authenticate-continuation' })).toThrow();
  });

  it('names the failing rule', () => {
    const message = commandError('A1 FETCH 0 FLAGS\r\n') ?? '';
    expect(message).toContain("client command does not match grammar/ rule 'client-command'");
    expect(message).toContain('offset 9');
  });
});
