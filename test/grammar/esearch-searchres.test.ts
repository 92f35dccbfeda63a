// grammar/rfc4731-esearch.abnf and grammar/rfc5182-searchres.abnf: the RFCs' own examples.
import { describe, expect, it } from 'vitest';
import { assertValidCommand, assertValidResponse } from '../support/grammar.js';

describe('ESEARCH and SEARCHRES grammar', () => {
  it.each([
    '* ESEARCH (TAG "A282") MIN 2 COUNT 3',
    '* ESEARCH (TAG "A283") ALL 2,10:11',
    '* ESEARCH (TAG "A285") UID MIN 7 MAX 3800',
    '* ESEARCH (TAG "A286") COUNT 15',
    '* ESEARCH (TAG "x")',
    '* ESEARCH (TAG "x") UID',
    '* CAPABILITY IMAP4rev1 ESEARCH SEARCHRES',
    'a NO [NOTSAVED] Search result not saved',
  ])('response %s', (line) => assertValidResponse(`${line}\r\n`));

  it.each([
    'A282 SEARCH RETURN (MIN COUNT) FLAGGED SINCE 1-Feb-1994 NOT FROM "Smith"',
    'A283 SEARCH RETURN () FLAGGED',
    'A285 UID SEARCH RETURN (MIN MAX) 1:5000',
    'A282 SEARCH RETURN (SAVE) FLAGGED',
    'A283 FETCH $ (UID INTERNALDATE FLAGS)',
    'A301 UID SEARCH UID $ SMALLER 4096',
    'P283 SEARCH RETURN (ALL) CHARSET UTF-8 (OR $ 1,3000:3021) TEXT x',
  ])('command %s', (line) => assertValidCommand(`${line}\r\n`));

  it('refuses what the RFCs do not allow', () => {
    expect(() => assertValidResponse('* ESEARCH MIN 0\r\n')).toThrow();
    expect(() => assertValidResponse('* ESEARCH (TAG a) MIN 1\r\n')).toThrow();
  });
});
