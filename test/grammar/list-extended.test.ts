// LIST-EXTENDED (RFC 5258), SPECIAL-USE options (RFC 6154), LIST-STATUS (RFC 5819), STATUS
// SIZE (RFC 8438), HIGHESTMODSEQ (RFC 7162) and APPENDLIMIT (RFC 7889) in grammar/: the RFCs'
// own examples, and forms that must not match.
import { describe, expect, it } from 'vitest';
import { commandError, responseError } from '../support/grammar.js';

const CRLF = '\r\n';

const validCommands: string[] = [
  // RFC 5258 Section 5
  'A01 LIST "" "*"',
  'A02 LIST (SUBSCRIBED) "" "*"',
  'A03 LIST () "" "%" RETURN (CHILDREN)',
  'A04 LIST (REMOTE) "" "%" RETURN (CHILDREN)',
  'A05 LIST (REMOTE SUBSCRIBED) "" "*"',
  'A06 LIST (REMOTE) "" "*" RETURN (SUBSCRIBED)',
  'BBB LIST "" ("INBOX" "Drafts" "Sent/%")',
  'CA3 LIST "" "%" RETURN (CHILDREN)',
  'C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"',
  'C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)',
  'D03 LIST (RECURSIVEMATCH SUBSCRIBED) "" "*2"',
  'a1 LIST "" ("foo" "foo/*")',
  'a3 LIST (SUBSCRIBED RECURSIVEMATCH) "" foo RETURN (CHILDREN)',
  'a3.1 LIST "" (% music/rock)',
  'a1 LIST (SUBSCRIBED REMOTE RECURSIVEMATCH) "" *',
  'a1 LIST "" * RETURN ()',
  // RFC 6154 Section 5.2
  't2 LIST "" "%" RETURN (SPECIAL-USE)',
  't3 LIST (SPECIAL-USE) "" "*"',
  't3 LIST (SPECIAL-USE SUBSCRIBED RECURSIVEMATCH) "" "*" RETURN (SPECIAL-USE CHILDREN SUBSCRIBED)',
  // RFC 5819 Section 3 (with the space the RFC leaves out before "")
  'A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))',
  'A02 LIST (SUBSCRIBED RECURSIVEMATCH) "" % RETURN (STATUS (MESSAGES))',
  // RFC 8438 Section 3, RFC 7889 Section 3
  'A01 STATUS frop (MESSAGES SIZE UIDNEXT)',
  'A04 LIST "" % RETURN (STATUS (MESSAGES SIZE))',
  't1 LIST "" % RETURN (STATUS (APPENDLIMIT))',
  't1 STATUS INBOX (HIGHESTMODSEQ SIZE APPENDLIMIT MAILBOXID)',
];

const invalidCommands: Array<[string, string]> = [
  ['RECURSIVEMATCH alone', 'a LIST (RECURSIVEMATCH) "" *'],
  ['REMOTE RECURSIVEMATCH', 'a LIST (REMOTE RECURSIVEMATCH) "" *'],
  ['SPECIAL-USE RECURSIVEMATCH (SPECIAL-USE is independent, RFC 6154 Section 6)', 'a LIST (SPECIAL-USE RECURSIVEMATCH) "" *'],
  ['unknown selection option', 'a LIST (FOO) "" *'],
  ['unknown return option', 'a LIST "" * RETURN (FOO)'],
  ['empty pattern list', 'a LIST "" ()'],
  ['RETURN without a list', 'a LIST "" * RETURN'],
  ['STATUS option without items', 'a LIST "" * RETURN (STATUS ())'],
  ['unknown STATUS item', 'a STATUS INBOX (FOO)'],
];

const validResponses: string[] = [
  // RFC 5258 Section 5
  '* LIST (\\Subscribed \\NonExistent) "/" "Fruit/Peach"',
  '* LIST (\\Remote \\Subscribed) "/" "Bread"',
  '* LIST () "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))',
  '* LIST (\\Subscribed) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))',
  '* LIST (\\Subscribed \\HasChildren) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))',
  '* LIST (\\NonExistent) "/" "Foo" ("CHILDINFO" ("SUBSCRIBED"))',
  '* LIST (\\HasNoChildren) "/" foo ("CHILDINFO" ("SUBSCRIBED"))',
  '* LIST (\\NonExistent \\HasChildren) "/" music',
  // RFC 5819 Section 3: the tag without quotes
  '* LIST () "." "foo" (CHILDINFO ("SUBSCRIBED"))',
  '* STATUS "INBOX" (MESSAGES 17 UNSEEN 16)',
  // RFC 8438 Section 3, RFC 7889 Section 3.1
  '* STATUS frop (MESSAGES 8 SIZE 44421 UIDNEXT 242344)',
  '* STATUS big (SIZE 9223372036854775807)',
  '* STATUS INBOX (APPENDLIMIT 257890)',
  '* STATUS INBOX (APPENDLIMIT NIL)',
  '* STATUS INBOX (HIGHESTMODSEQ 7011231777)',
  '* CAPABILITY IMAP4rev1 LIST-EXTENDED LIST-STATUS STATUS=SIZE',
];

const invalidResponses: Array<[string, string]> = [
  ['\\NonExistent with \\Noselect', '* LIST (\\NonExistent \\Noselect) "/" foo'],
  ['unknown extended data item', '* LIST () "/" foo ("X-FOO" ("BAR"))'],
  ['CHILDINFO with an unquoted option', '* LIST () "/" foo ("CHILDINFO" (SUBSCRIBED))'],
  ['CHILDINFO with an empty list', '* LIST () "/" foo ("CHILDINFO" ())'],
  ['SIZE without a number', '* STATUS INBOX (SIZE)'],
];

describe('LIST-EXTENDED, LIST-STATUS and STATUS items in grammar/', () => {
  it.each(validCommands)('valid command: %s', (command) => {
    expect(commandError(command + CRLF)).toBeUndefined();
  });

  it.each(invalidCommands)('invalid command: %s', (_name, command) => {
    expect(commandError(command + CRLF)).toBeDefined();
  });

  it.each(validResponses)('valid response: %s', (response) => {
    expect(responseError(response + CRLF)).toBeUndefined();
  });

  it.each(invalidResponses)('invalid response: %s', (_name, response) => {
    expect(responseError(response + CRLF)).toBeDefined();
  });
});
