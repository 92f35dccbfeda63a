// Server responses that must match grammar/ and responses that must not.
// Most valid ones are the RFC examples (RFC 3501 Sections 6-8, 4315, 6851,
// 2342, 2971, 5161, 8474, 7889, 6154, 3348, 5530, 2177, 4959), written
// with CRLF; folded example lines are joined with one space.
import { describe, expect, it } from 'vitest';
import { assertValidResponse, assertValidResponses, responseError } from '../support/grammar.js';

const CRLF = '\r\n';
const line = (s: string): string => s + CRLF;
/** A literal with the right octet count (the text is taken as latin1 octets). */
const lit = (data: string): string => `{${Buffer.byteLength(data, 'latin1')}}${CRLF}${data}`;

const rfc3501Header = [
  'Date: Wed, 17 Jul 1996 02:23:25 -0700 (PDT)',
  'From: Terry Gray <gray@cac.washington.edu>',
  'Subject: IMAP4rev1 WG mtg summary and minutes',
  'To: imap@cac.washington.edu',
  'cc: minutes@CNRI.Reston.VA.US, John Klensin <KLENSIN@MIT.EDU>',
  'Message-Id: <B27397-0100000@cac.washington.edu>',
  'MIME-Version: 1.0',
  'Content-Type: TEXT/PLAIN; CHARSET=US-ASCII',
  '',
  '',
].join(CRLF);

const valid: Array<[string, string]> = [
  // --- RFC 3501 Section 6-8 examples
  ['greeting OK (3501 Section 8)', '* OK IMAP4rev1 Service Ready'],
  ['greeting with capabilities', '* OK [CAPABILITY IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE AUTH=PLAIN APPENDLIMIT=35651584 OBJECTID SPECIAL-USE] cpm-imapd ready'],
  ['greeting PREAUTH', '* PREAUTH IMAP4rev1 server logged in as Smith'],
  ['greeting BYE', '* BYE Autologout; idle for too long'],
  ['capability (6.1.1)', '* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI'],
  ['capability with LOGINDISABLED', '* CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED'],
  ['capability IMAP4 first', '* CAPABILITY IMAP4 IMAP4rev1 AUTH=PLAIN'],
  ['capability IMAP4rev1 last', '* CAPABILITY STARTTLS AUTH=PLAIN IMAP4rev1'],
  ['tagged OK', 'abcd OK CAPABILITY completed'],
  ['NOOP results', '* 22 EXPUNGE'],
  ['EXISTS', '* 23 EXISTS'],
  ['0 EXISTS is valid', '* 0 EXISTS'],
  ['RECENT', '* 3 RECENT'],
  ['0 RECENT (2177)', '* 0 RECENT'],
  ['FETCH flags', '* 14 FETCH (FLAGS (\\Seen \\Deleted))'],
  ['FETCH empty flags', '* 14 FETCH (FLAGS ())'],
  ['FETCH \\Recent', '* 14 FETCH (FLAGS (\\Seen \\Recent $Forwarded))'],
  ['BYE logout', '* BYE IMAP4rev1 Server logging out'],
  ['empty continuation (GSSAPI, 4959)', '+ '],
  ['base64 continuation', '+ YGgGCSqGSIb3EgECAgIAb1kwV6ADAgEFoQMCAQ+iSzBJoAMC'],
  ['base64 continuation with padding', '+ dGVzdA=='],
  ['continuation text', '+ Ready for literal data'],
  ['continuation idling (2177)', '+ idling'],
  ['UNSEEN code', '* OK [UNSEEN 12] Message 12 is first unseen'],
  ['UIDVALIDITY code', '* OK [UIDVALIDITY 3857529045] UIDs valid'],
  ['UIDNEXT code', '* OK [UIDNEXT 4392] Predicted next UID'],
  ['FLAGS', '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)'],
  ['FLAGS with keywords (2177)', '* FLAGS (Deleted Seen)'],
  ['FLAGS empty', '* FLAGS ()'],
  ['PERMANENTFLAGS', '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited'],
  ['PERMANENTFLAGS empty', '* OK [PERMANENTFLAGS ()] No permanent flags permitted'],
  ['READ-WRITE', 'A142 OK [READ-WRITE] SELECT completed'],
  ['READ-ONLY', 'A932 OK [READ-ONLY] EXAMINE completed'],
  ['TRYCREATE', 'A003 NO [TRYCREATE] Mailbox does not exist'],
  ['ALERT', '* OK [ALERT] System shutdown in 10 minutes'],
  ['PARSE', '* NO [PARSE] Bad header'],
  ['BADCHARSET', 'A1 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset'],
  ['BADCHARSET bare', 'A1 NO [BADCHARSET] Unsupported charset'],
  ['NO inferior names', 'A684 NO Name "foo" has inferior hierarchical names'],
  ['LIST', '* LIST () "/" blurdybloop'],
  ['LIST \\Noselect', '* LIST (\\Noselect) "/" foo'],
  ['LIST hierarchy', '* LIST () "." foo.bar'],
  ['LIST INBOX', '* LIST () "." INBOX'],
  ['LIST INBOX-prefixed name', '* LIST () "." INBOXES'],
  ['LIST empty name', '* LIST (\\Noselect) "/" ""'],
  ['LIST #news.', '* LIST (\\Noselect) "." #news.'],
  ['LIST root', '* LIST (\\Noselect) "/" /'],
  ['LIST ~', '* LIST (\\Noselect) "/" ~/Mail/foo'],
  ['LIST NIL delimiter', '* LIST (\\Noinferiors) NIL INBOX'],
  ['LIST quoted name with escapes', '* LIST () "/" "a \\"quoted\\" \\\\ name"'],
  ['LIST literal name', `* LIST () "/" ${lit('name with\r\nCRLF')}`],
  ['LIST \\ delimiter', '* LIST () "\\\\" foo'],
  ['LIST \\Marked \\Noinferiors', '* LIST (\\Marked \\Noinferiors) "/" foo'],
  ['LIST \\Unmarked', '* LIST (\\Unmarked) "/" foo'],
  ['LSUB', '* LSUB () "." #news.comp.mail.mime'],
  ['LSUB \\NoSelect (case)', '* LSUB (\\NoSelect) "." #news.comp.mail'],
  ['STATUS', '* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)'],
  ['STATUS all items', '* STATUS INBOX (MESSAGES 2 RECENT 0 UIDNEXT 5 UIDVALIDITY 1 UNSEEN 0)'],
  ['STATUS empty', '* STATUS INBOX ()'],
  ['STATUS quoted mailbox', '* STATUS "Sent Mail" (MESSAGES 0)'],
  ['EXPUNGE', '* 3 EXPUNGE'],
  ['SEARCH', '* SEARCH 2 84 882'],
  ['SEARCH empty', '* SEARCH'],
  ['FETCH flags+uid', '* 23 FETCH (FLAGS (\\Seen) UID 4827313)'],
  ['untagged NO', '* NO Disk is 98% full, please delete unnecessary data'],
  ['tagged NO', 'A223 NO COPY failed: disk is full'],
  ['untagged BAD', '* BAD Command line too long'],
  ['tagged BAD with quotes', 'A044 BAD No such command as "BLURDYBLOOP"'],
  ['text with brackets later', 'A1 OK done [really]'],
  ['text with braces not at the end', 'A1 OK {5} is fine here'],
  ['tag with odd chars', 'a.b-c_d!#$&\'/~ OK done'],
  ['tag with ]', 'a] OK done'],
  [
    'FETCH full (3501 Section 8)',
    '* 12 FETCH (FLAGS (\\Seen) INTERNALDATE "17-Jul-1996 02:44:25 -0700" ' +
      'RFC822.SIZE 4286 ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" ' +
      '"IMAP4rev1 WG mtg summary and minutes" ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
      '(("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
      '((NIL NIL "imap" "cac.washington.edu")) ' +
      // folded in the RFC between two addresses: no space on the wire (1*address)
      '((NIL NIL "minutes" "CNRI.Reston.VA.US")' +
      '("John Klensin" NIL "KLENSIN" "MIT.EDU")) NIL NIL ' +
      '"<B27397-0100000@cac.washington.edu>") ' +
      'BODY ("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 3028 92))',
  ],
  ['FETCH BODY[HEADER] literal (3501 Section 8)', `* 12 FETCH (BODY[HEADER] ${lit(rfc3501Header)})`],
  ['FETCH BODY[] literal with CRLFs', `* 1 FETCH (UID 7 BODY[] ${lit('Subject: hi\r\n\r\nline 1\r\nline 2\r\n')} FLAGS (\\Seen))`],
  ['FETCH BODY[] 8-bit literal', `* 1 FETCH (BODY[] ${lit('Subject: caf\xe9\r\n\r\n\xff\x01\r\n')})`],
  ['FETCH empty literal', `* 1 FETCH (BODY[1] ${lit('')})`],
  ['FETCH two literals', `* 1 FETCH (BODY[HEADER] ${lit('A: b\r\n\r\n')} BODY[TEXT] ${lit('text\r\n')})`],
  ['FETCH BODY[] NIL', '* 1 FETCH (BODY[2.1] NIL)'],
  ['FETCH partial', '* 1 FETCH (BODY[]<0> "abc")'],
  ['FETCH BODY[HEADER.FIELDS]', '* 1 FETCH (BODY[HEADER.FIELDS (FROM TO "Subject")] {9}\r\nFrom: a\r\n)'],
  ['FETCH BODY[HEADER.FIELDS.NOT]', '* 1 FETCH (BODY[HEADER.FIELDS.NOT (DATE)] "")'],
  ['FETCH BODY[1.2.MIME]', '* 1 FETCH (BODY[1.2.MIME] "Content-Type: text/plain\\"x\\"")'],
  ['FETCH BODY[1.TEXT]', '* 1 FETCH (BODY[1.TEXT] "x")'],
  ['FETCH RFC822 items', '* 2 FETCH (RFC822.SIZE 44 RFC822.HEADER "a" RFC822.TEXT "b" RFC822 NIL)'],
  ['FETCH INTERNALDATE space-padded day', '* 2 FETCH (INTERNALDATE " 7-Feb-1994 21:52:25 -0800")'],
  [
    'FETCH BODYSTRUCTURE multipart (3501 Section 7.4.2)',
    '* 1 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23)' +
      '("TEXT" "PLAIN" ("CHARSET" "US-ASCII" "NAME" "cc.diff") ' +
      '"<960723163407.20117h@cac.washington.edu>" "Compiler diff" "BASE64" 4554 73) "MIXED"))',
  ],
  [
    'FETCH BODYSTRUCTURE extended',
    '* 3 FETCH (BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 120 4 NIL NIL NIL NIL)' +
      '("image" "png" ("name" "a.png") "<id@x>" NIL "base64" 2000 "md5sum" ("attachment" ("filename" "a.png")) ("en" "de") "http://x/y")' +
      '("message" "rfc822" NIL NIL NIL "7bit" 300 (NIL "sub" NIL NIL NIL NIL NIL NIL NIL NIL) ("text" "plain" NIL NIL NIL "7bit" 10 1) 12)' +
      ' "mixed" ("boundary" "xyz") ("inline" NIL) "en" NIL))',
  ],
  ['FETCH BODYSTRUCTURE application', '* 4 FETCH (BODYSTRUCTURE ("APPLICATION" "OCTET-STREAM" NIL NIL NIL "BINARY" 5))'],
  ['FETCH BODYSTRUCTURE message/global as basic', '* 4 FETCH (BODYSTRUCTURE ("MESSAGE" "GLOBAL" NIL NIL NIL "8BIT" 5))'],
  ['FETCH BODYSTRUCTURE literal type', `* 4 FETCH (BODYSTRUCTURE (${lit('application')} "x-cpm" NIL NIL NIL "7BIT" 5))`],
  ['FETCH ENVELOPE group syntax', '* 5 FETCH (ENVELOPE (NIL NIL ((NIL NIL "undisclosed" NIL)(NIL NIL NIL NIL)) NIL NIL NIL NIL NIL NIL NIL))'],
  ['FETCH ENVELOPE literal subject', `* 5 FETCH (ENVELOPE (NIL ${lit('Gr\xfc\xdfe')} NIL NIL NIL NIL NIL NIL NIL NIL))`],
  ['response code followed by no text (2177)', '* OK [UIDVALIDITY 1]'],
  // --- RFC 4315 UIDPLUS
  ['APPENDUID', 'A003 OK [APPENDUID 38505 3955] APPEND completed'],
  ['COPYUID', 'A004 OK [COPYUID 38505 304,319:320 3956:3958] Done'],
  ['UIDNOTSTICKY', '* NO [UIDNOTSTICKY] Non-persistent UIDs'],
  ['UID EXPUNGE completed', 'A003 OK UID EXPUNGE completed'],
  // --- RFC 6851 MOVE
  ['COPYUID untagged, no text (6851)', '* OK [COPYUID 432432 42:69 1202:1229]'],
  ['MOVE done', 'a OK Done'],
  // --- RFC 5530 codes
  ...(
    [
      'UNAVAILABLE', 'AUTHENTICATIONFAILED', 'AUTHORIZATIONFAILED', 'EXPIRED', 'PRIVACYREQUIRED', 'CONTACTADMIN',
      'NOPERM', 'INUSE', 'EXPUNGEISSUED', 'CORRUPTION', 'SERVERBUG', 'CLIENTBUG', 'CANNOT', 'LIMIT', 'OVERQUOTA',
      'ALREADYEXISTS', 'NONEXISTENT',
    ] as const
  ).map((code): [string, string] => [`5530 ${code}`, `a NO [${code}] Something about ${code.toLowerCase()}`]),
  ['5530 CONTACTADMIN with no text', 'e OK [CONTACTADMIN]'],
  ['5530 example NONEXISTENT', 'p NO [NONEXISTENT] No such mailbox'],
  // --- RFC 9051 / 4469 codes
  ['TOOBIG', 'A1 NO [TOOBIG] Message too large'],
  ['HASCHILDREN', 'A1 NO [HASCHILDREN] Mailbox has children'],
  ['UNKNOWN-CTE', 'A1 NO [UNKNOWN-CTE] Cannot decode'],
  ['USEATTR (6154)', 't3 NO [USEATTR] \\All not supported'],
  // --- RFC 7889 APPENDLIMIT
  ['APPENDLIMIT=n capability', '* CAPABILITY IMAP4rev1 ID APPENDLIMIT=257890'],
  ['APPENDLIMIT capability', '* CAPABILITY IMAP4rev1 ID APPENDLIMIT'],
  ['STATUS APPENDLIMIT', '* STATUS INBOX (APPENDLIMIT 257890)'],
  ['STATUS APPENDLIMIT NIL', '* STATUS INBOX (APPENDLIMIT NIL)'],
  ['STATUS quoted INBOX', '* STATUS "INBOX" (APPENDLIMIT 257890)'],
  // --- RFC 8474 OBJECTID
  ['MAILBOXID code', '3 OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Completed'],
  ['MAILBOXID untagged', '* OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Ok'],
  ['STATUS MAILBOXID', '* STATUS foo (MAILBOXID (F2212ea87-6097-4256-9d51-71338625))'],
  ['STATUS MAILBOXID and more', '* STATUS foo (MESSAGES 3 MAILBOXID (F_x-1) APPENDLIMIT 10)'],
  ['FETCH EMAILID THREADID', '* 1 FETCH (EMAILID (M6d99ac3275bb4e) THREADID (T64b478a75b7ea9))'],
  ['FETCH THREADID NIL', '* 1 FETCH (EMAILID (M00000001) THREADID NIL)'],
  ['8474 tagged', '11 OK Completed (0.001 secs 3 calls)'],
  ['8474 LIST', '* LIST (\\HasNoChildren) "." INBOX'],
  // --- RFC 2342 NAMESPACE
  ['NAMESPACE personal', '* NAMESPACE (("" "/")) NIL NIL'],
  ['NAMESPACE shared only', '* NAMESPACE NIL NIL (("" "."))'],
  ['NAMESPACE public', '* NAMESPACE (("" "/")) NIL (("Public Folders/" "/"))'],
  ['NAMESPACE multiple', '* NAMESPACE (("" "/")) (("~" "/")) (("#shared/" "/")("#public/" "/")("#ftp/" "/")("#news." "."))'],
  ['NAMESPACE extension', '* NAMESPACE (("" "/")("#mh/" "/" "X-PARAM" ("FLAG1" "FLAG2"))) NIL NIL'],
  ['NAMESPACE NIL delimiter', '* NAMESPACE (("" NIL)) NIL NIL'],
  // --- RFC 2971 ID
  ['ID NIL', '* ID NIL'],
  ['ID list', '* ID ("name" "Cyrus" "version" "1.5" "os" "sunos" "os-version" "5.5" "support-url" "mailto:cyrus-bugs+@andrew.cmu.edu")'],
  ['ID with NIL value', '* ID ("name" "cpm-imapd" "vendor" NIL)'],
  ['ID completed', 'a023 OK ID completed'],
  // --- RFC 5161 ENABLE
  ['ENABLED', '* ENABLED X-GOOD-IDEA'],
  ['ENABLED CONDSTORE', '* ENABLED CONDSTORE'],
  ['ENABLED nothing', '* ENABLED'],
  ['5161 capability', '* CAPABILITY IMAP4rev1 ID LITERAL+ ENABLE X-GOOD-IDEA'],
  // --- RFC 2177 IDLE
  ['IDLE terminated', 'A002 OK IDLE terminated'],
  // --- RFC 6154 / 3348 / 5258 LIST attributes
  ['special-use 1', '* LIST (\\Marked \\HasNoChildren) "/" Inbox'],
  ['special-use 2', '* LIST (\\Sent \\HasNoChildren) "/" SentMail'],
  ['special-use 3', '* LIST (\\Marked \\Drafts \\HasNoChildren) "/" MyDrafts'],
  ['special-use all', '* LIST (\\All \\Archive \\Drafts \\Flagged \\Junk \\Sent \\Trash) "/" X'],
  ['children', '* LIST (\\HasChildren) "/" ITEM_1'],
  ['oflag sflag oflag', '* LIST (\\HasChildren \\Noselect \\Subscribed) "/" foo'],
  ['\\NonExistent', '* LIST (\\NonExistent \\Subscribed) "/" gone'],
  ['\\Remote', '* LIST (\\Remote) "/" far'],
  // --- RFC 4959 SASL-IR
  ['4959 capability', '* CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=EXTERNAL'],
  ['4959 success', 'A01 OK Success (tls protection)'],
  // --- RFC 5464 METADATA (Section 4 examples; folded lines joined)
  ['5464 capability', '* CAPABILITY IMAP4rev1 METADATA METADATA-SERVER ENABLE'],
  ['METADATA server entry', '* METADATA "" (/shared/comment "Shared comment")'],
  ['METADATA mailbox entry', '* METADATA "INBOX" (/private/comment "My own comment")'],
  ['METADATA two entries', '* METADATA "INBOX" (/shared/comment "Shared comment" /private/comment "My own comment")'],
  ['METADATA escaped quotes', '* METADATA "INBOX" (/private/filters/values/small "SMALLER 5000" /private/filters/values/boss "FROM \\"boss@example.com\\"")'],
  ['METADATA literal value', `* METADATA INBOX (/private/comment ${lit('My new comment across\r\ntwo lines.')})`],
  ['METADATA literal8 value with NUL', '* METADATA INBOX (/private/bin ~{3}\r\na\x00b)'],
  ['METADATA NIL value', '* METADATA INBOX (/private/comment NIL)'],
  ['METADATA unsolicited one entry', '* METADATA "" /shared/comment'],
  ['METADATA unsolicited two entries', '* METADATA "INBOX" /shared/comment /private/comment'],
  ['LONGENTRIES', 'a OK [METADATA LONGENTRIES 2199] GETMETADATA complete'],
  ['METADATA MAXSIZE', 'a NO [METADATA MAXSIZE 1024] SETMETADATA failed'],
  ['METADATA TOOMANY', 'a NO [METADATA TOOMANY] SETMETADATA failed'],
  ['METADATA NOPRIVATE', 'a NO [METADATA NOPRIVATE] SETMETADATA failed'],
];

/** The third element, if true, says the bytes are given exactly (no CRLF added). */
const invalid: Array<[string, string, boolean?]> = [
  ['missing space after tag', 'A1OK done'],
  ['double space', '* NAMESPACE (("INBOX." ".")) NIL  NIL'],
  ['double space before mailbox (7889 typo)', '* LIST () "."  "INBOX"'],
  ['unknown tagged status', 'A1 MAYBE done'],
  ['tagged PREAUTH', 'A1 PREAUTH done'],
  ['tagged BYE', 'A1 BYE done'],
  ['no text', 'A1 OK'],
  ['empty text (trailing space)', 'A1 OK '],
  ['code with trailing space and no text', 'A1 OK [READ-WRITE] '],
  ['missing CRLF', 'A1 OK done', true],
  ['bare LF', '* OK done\n', true],
  ['CRLF then junk', '* OK done\r\nx', true],
  ['CR inside text', '* OK do\rne'],
  ['NUL inside text', '* OK do\x00ne'],
  ['8-bit in text', '* OK caf\xe9'],
  ['tag with +', 'A+1 OK done'],
  ['tag with *', 'A*1 OK done'],
  ['tag with (', 'A(1 OK done'],
  ['0 EXPUNGE', '* 0 EXPUNGE'],
  ['0 FETCH', '* 0 FETCH (FLAGS ())'],
  ['EXISTS without number', '* EXISTS'],
  ['negative EXISTS', '* -1 EXISTS'],
  ['unknown untagged', '* FOO bar'],
  ['APPENDUID 0', '* OK [APPENDUID 0 5] done'],
  ['APPENDUID uid 0', 'A1 OK [APPENDUID 5 0] done'],
  ['APPENDUID set (no MULTIAPPEND)', 'A1 OK [APPENDUID 5 1:2] done'],
  ['COPYUID missing set', 'A1 OK [COPYUID 5 1:2] done'],
  ['COPYUID with *', 'A1 OK [COPYUID 5 1:* 2:3] done'],
  ['UIDVALIDITY 0', '* OK [UIDVALIDITY 0] bad'],
  ['unknown response code', 'A1 NO [NOSUCHCODE] nope'],
  ['misspelt response code', 'A1 NO [TRYCREAT] nope'],
  ['unclosed response code', 'A1 NO [TRYCREATE nope'],
  ['response code with junk', 'A1 OK [READ-WRITE junk] done'],
  ['\\* in FLAGS', '* FLAGS (\\Answered \\*)'],
  ['FLAGS unbalanced', '* FLAGS (\\Answered \\Seen'],
  ['FLAGS extra paren', '* FLAGS (\\Answered))'],
  ['FLAGS double space', '* FLAGS (\\Answered  \\Seen)'],
  ['FETCH unbalanced parens', '* 1 FETCH (FLAGS (\\Seen)'],
  ['FETCH empty', '* 1 FETCH ()'],
  ['FETCH UID 0', '* 1 FETCH (FLAGS (\\Seen) UID 0)'],
  ['FETCH unknown item', '* 1 FETCH (FOO 1)'],
  ['FETCH BODY[] atom', '* 1 FETCH (BODY[] abc)'],
  ['FETCH \\* flag', '* 1 FETCH (FLAGS (\\*))'],
  ['quoted with raw "', '* LIST () "/" "a"b"'],
  ['quoted with CR', '* LIST () "/" "a\rb"'],
  ['quoted with LF', '* LIST () "/" "a\nb"'],
  ['quoted with 8-bit', '* LIST () "/" "caf\xe9"'],
  ['quoted with bad escape', '* LIST () "/" "a\\b"'],
  ['unterminated quoted', '* LIST () "/" "abc'],
  ['LIST two sflags', '* LIST (\\Noselect \\Marked) "/" foo'],
  ['LIST two sflags apart', '* LIST (\\Noselect \\HasChildren \\Marked) "/" foo'],
  ['LIST unknown attribute', '* LIST (\\Fancy) "/" foo'],
  ['LIST misspelt attribute', '* LIST (\\HasNoChilden) "/" foo'],
  ['LIST attribute with suffix', '* LIST (\\Sentx) "/" foo'],
  ['LIST long delimiter', '* LIST () "//" foo'],
  ['LIST delimiter unquoted', '* LIST () / foo'],
  ['LIST no mailbox', '* LIST () "/"'],
  ['LIST mailbox with space', '* LIST () "/" foo bar'],
  ['STATUS unknown item', '* STATUS INBOX (FOO 1)'],
  ['STATUS UIDNEXT 0', '* STATUS INBOX (UIDNEXT 0)'],
  ['STATUS item without value', '* STATUS INBOX (MESSAGES)'],
  ['SEARCH 0', '* SEARCH 1 0'],
  ['SEARCH trailing space', '* SEARCH '],
  ['capability without IMAP4rev1', '* CAPABILITY IMAP4 AUTH=PLAIN'],
  ['capability IMAP4rev1x only', '* CAPABILITY IMAP4rev1x'],
  ['capability code without IMAP4rev1', '* OK [CAPABILITY AUTH=PLAIN] hi'],
  ['continuation without space', '+'],
  ['continuation with broken code', '+ [abc'],
  ['literal count too small', '* 1 FETCH (BODY[] {3}\r\nabcd)'],
  ['literal count too large', '* 1 FETCH (BODY[] {10}\r\nabcd)'],
  ['literal with NUL', '* 1 FETCH (BODY[] {3}\r\na\x00b)'],
  ['non-synchronizing literal from server', '* 1 FETCH (BODY[] {3+}\r\nabc)'],
  ['literal not followed by CRLF', '* 1 FETCH (BODY[] {3}abc)'],
  ['MAILBOXID empty', '* OK [MAILBOXID ()] x'],
  ['MAILBOXID bad char', '* OK [MAILBOXID (a.b)] x'],
  ['MAILBOXID too long', `* OK [MAILBOXID (${'a'.repeat(256)})] x`],
  ['EMAILID NIL', '* 1 FETCH (EMAILID NIL)'],
  ['THREADID without parens', '* 1 FETCH (THREADID T1)'],
  ['NAMESPACE missing one', '* NAMESPACE (("" "/")) NIL'],
  ['NAMESPACE empty list', '* NAMESPACE () NIL NIL'],
  ['ID odd list', '* ID ("name")'],
  ['ID atom values', '* ID (name cyrus)'],
  ['ENABLED trailing space', '* ENABLED '],
  ['INTERNALDATE bad month', '* 2 FETCH (INTERNALDATE "17-Foo-1996 02:44:25 -0700")'],
  ['INTERNALDATE one-digit day', '* 2 FETCH (INTERNALDATE "7-Feb-1994 21:52:25 -0800")'],
  ['INTERNALDATE no zone', '* 2 FETCH (INTERNALDATE "17-Jul-1996 02:44:25")'],
  ['ENVELOPE too short', '* 5 FETCH (ENVELOPE (NIL NIL NIL))'],
  ['BODYSTRUCTURE missing lines for text', '* 1 FETCH (BODYSTRUCTURE ("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5))'],
  ['BODYSTRUCTURE message/rfc822 without envelope', '* 1 FETCH (BODYSTRUCTURE ("MESSAGE" "RFC822" NIL NIL NIL "7BIT" 5))'],
  ['ENVELOPE space between addresses', '* 5 FETCH (ENVELOPE (NIL NIL ((NIL NIL "a" "b") (NIL NIL "c" "d")) NIL NIL NIL NIL NIL NIL NIL))'],
  ['BODYSTRUCTURE multipart without subtype', '* 1 FETCH (BODYSTRUCTURE (("TEXT" "PLAIN" NIL NIL NIL "7BIT" 5 1)))'],
  ['BODY section unclosed', '* 1 FETCH (BODY[HEADER "x")'],
  ['BODY section 0', '* 1 FETCH (BODY[0] "x")'],
  ['two responses in one', '* 1 EXISTS\r\n* 2 EXISTS'],
  ['METADATA empty value list', '* METADATA INBOX ()'],
  ['METADATA entry without value', '* METADATA INBOX (/shared/comment)'],
  ['METADATA without entries', '* METADATA INBOX'],
  ['METADATA unknown code', 'a NO [METADATA TOOBIG] SETMETADATA failed'],
  ['LONGENTRIES without number', 'a OK [METADATA LONGENTRIES] done'],
];

describe('server responses', () => {
  it.each(valid)('valid: %s', (_name, response) => {
    const error = responseError(line(response));
    expect(error).toBeUndefined();
  });

  it.each(invalid)('invalid: %s', (_name, response, exact) => {
    expect(() => assertValidResponse(exact ? response : line(response))).toThrow(Error);
  });

  it('accepts a Buffer with raw octets', () => {
    const body = Buffer.from([0x53, 0x3a, 0x20, 0xc3, 0xa9, 0x0d, 0x0a, 0xff, 0x80, 0x01]);
    const response = Buffer.concat([Buffer.from(`* 9 FETCH (BODY[] {${body.length}}\r\n`), body, Buffer.from(' UID 3)\r\n')]);
    expect(() => assertValidResponse(response)).not.toThrow();
  });

  it('PREAUTH is accepted by the greeting rule', () => {
    expect(() => assertValidResponse('* PREAUTH ready\r\n', { rule: 'greeting' })).not.toThrow();
    expect(() => assertValidResponse('* 1 EXISTS\r\n', { rule: 'greeting' })).toThrow();
  });

  it('names the failing line, offset and rule', () => {
    const message = responseError('* 1 FETCH (FLAGS (\\Seen) UID 0)\r\n') ?? '';
    expect(message).toContain("rule 'server-response'");
    expect(message).toContain('line 1, offset 29');
    expect(message).toContain('failing rule: msg-att-static');
    expect(message).toContain('nz-number');
  });

  it('reports a failing line after a literal', () => {
    const message = responseError('* 1 FETCH (BODY[] {4}\r\nab\r\n UID 0)\r\n') ?? '';
    expect(message).toContain('line 3');
    expect(message).toContain('uniqueid');
  });

  it('reports wrong literal counts clearly', () => {
    expect(responseError('* 1 FETCH (BODY[] {10}\r\nabcd)\r\n')).toMatch(/literal \{10\} announces 10 octets but only 7 follow/);
    expect(responseError('* 1 FETCH (BODY[] {3+}\r\nabc)\r\n')).toMatch(/non-synchronizing literal/);
  });

  it('rejects strings that are not octets', () => {
    expect(() => assertValidResponse('* OK \u20ac\r\n')).toThrow(/Buffer/);
  });

  it('validates a whole stream', () => {
    const stream =
      '* OK [CAPABILITY IMAP4rev1] ready\r\n' +
      `* 1 FETCH (BODY[] ${lit('a\r\nb')})\r\n` +
      'A1 OK FETCH completed\r\n';
    expect(assertValidResponses(stream)).toHaveLength(3);
    expect(() => assertValidResponses(stream + '* 2 FETCH (BODY[] {5}\r\nab')).toThrow(/incomplete/);
    expect(() => assertValidResponses('* OK ready\r\nA1 MAYBE\r\n')).toThrow(/response 2 of 2/);
  });
});
