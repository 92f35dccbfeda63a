// grammar/rfc5465-notify.abnf: the RFC 5465 examples, with folded lines joined by one space.
import { describe, expect, it } from 'vitest';
import { assertValidCommand, assertValidResponse } from '../support/grammar.js';

describe('NOTIFY grammar', () => {
  it.each([
    '* CAPABILITY IMAP4rev1 NOTIFY',
    '* STATUS Lists/Lemonade (UIDVALIDITY 4 UIDNEXT 9999 MESSAGES 500)',
    '* 127 FETCH (UID 127001 BODY[HEADER.FIELDS (From To Subject)] {75}\r\nSubject: Re: good morning\r\nFrom: alice@example.org\r\nTo: bob@example.org\r\n\r\n)',
    '* 99 FETCH (UID 9999 FLAGS ($Junk))',
    '* STATUS Lists/Lemonade (HIGHESTMODSEQ 65666665 UIDVALIDITY 101)',
    '* STATUS Lists/Lemonade (UIDNEXT 10002 MESSAGES 503)',
    '* VANISHED 5444',
    '* LIST () "/" "NewMailbox"',
    '* LIST (\\NonExistent) "." "INBOX.DeletedMailbox"',
    '* LIST () "/" "NewMailbox" ("OLDNAME" ("OldMailbox"))',
    '* LIST (\\HasNoChildren) "/" top/other (OLDNAME (top/kid))',
    '* LIST (\\Subscribed) "/" "SubscribedMailbox"',
    '* LIST (\\NoAccess) "/" box',
    '* METADATA "INBOX" /shared/comment',
    '* METADATA "" /shared/comment',
    '* OK [NOTIFICATIONOVERFLOW] ...A comment can go here...',
    'n2 NO [BADEVENT (MessageNew MessageExpunge FlagChange AnnotationChange MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange)] Unsupported',
  ])('response %s', (line) => assertValidResponse(`${line}\r\n`));

  it.each([
    // §3.1 (with MessageExpunge added to the subtree group, as §5 requires)
    'b notify set status (selected (MessageNew (uid body.peek[header.fields (from to subject)]) MessageExpunge)) (subtree Lists (MessageNew MessageExpunge))',
    // §3.1 as written: the grammar allows MessageNew alone; the server answers it BAD (§5)
    'e notify set (selected (MessageNew (uid body.peek[header.fields (from to subject)]) MessageExpunge)) (subtree Lists (MessageNew)) (mailboxes misc (MessageNew))',
    'a notify set (mailboxes INBOX (Messagenew messageExpunge)) (personal (SubscriptionChange))',
    'a notify set (selected (Messagenew (uid flags) messageExpunge)) (personal (MessageNew FlagChange MessageExpunge))',
    'a NOTIFY SET (selected-delayed (MessageNew MessageExpunge)) (inboxes NONE) (subscribed (MailboxName)) (mailboxes (a "b c") (MailboxMetadataChange ServerMetadataChange))',
    'a NOTIFY NONE',
  ])('command %s', (line) => assertValidCommand(`${line}\r\n`));

  it('refuses what the RFC does not allow', () => {
    expect(() => assertValidCommand('a NOTIFY\r\n')).toThrow();
    expect(() => assertValidCommand('a NOTIFY SET\r\n')).toThrow();
    expect(() => assertValidCommand('a NOTIFY SET (personal ())\r\n')).toThrow();
    expect(() => assertValidResponse('* OK [BADEVENT ()] x\r\n')).toThrow();
  });
});
