// grammar/rfc7162-condstore-qresync.abnf: the RFC 7162 examples (and RFC 4731 §3.2), with
// folded lines joined by one space.
import { describe, expect, it } from 'vitest';
import { assertValidCommand, assertValidResponse } from '../support/grammar.js';

describe('CONDSTORE and QRESYNC grammar', () => {
  it.each([
    '* OK [HIGHESTMODSEQ 715194045007]',
    '* OK [HIGHESTMODSEQ 715194045007] Highest',
    '* OK [NOMODSEQ] Sorry, this mailbox format doesn\'t support modsequences',
    '* 1 FETCH (UID 4 MODSEQ (12121231000))',
    '* 50 FETCH (MODSEQ (12111230047))',
    'd105 OK [MODIFIED 7,9] Conditional STORE failed',
    '* 7 FETCH (MODSEQ (320162342) FLAGS (\\Seen \\Deleted))',
    'a102 OK [MODIFIED 12] Conditional STORE failed',
    'B001 NO [MODIFIED 2] Some of the messages no longer exist.',
    '* 1 FETCH (UID 4 MODSEQ (65402) FLAGS (\\Seen))',
    '* 4 FETCH (UID 8 MODSEQ (29738) FLAGS ($NoJunk $AutoJunk $MDNSent))',
    '* 7 FETCH (FLAGS (\\Deleted \\Answered) MODSEQ (12121231000))',
    '* SEARCH 2 5 6 7 11 12 18 19 20 23 (MODSEQ 917162500)',
    '* SEARCH',
    '* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292 HIGHESTMODSEQ 7011231777)',
    '* ESEARCH (TAG "a") ALL 1:3,5 MODSEQ 1236',
    '* ESEARCH (TAG "a1") MIN 2 MODSEQ 917162488',
    '* ESEARCH (TAG "a4") MIN 2 COUNT 10 MODSEQ 917162500',
    '* SORT 5 3 2 1 (MODSEQ 1236)',
    '* SORT 5 3',
    '* OK [CLOSED]',
    '* OK [CLOSED] Previous mailbox closed',
    '* VANISHED (EARLIER) 41,43:116,118,120:211,214:540',
    '* 49 FETCH (UID 117 FLAGS (\\Seen \\Answered) MODSEQ (90060115194045001))',
    '* VANISHED 405,407,410,425',
    'B202 OK [HIGHESTMODSEQ 20010715194045319] expunged',
    'A03 OK [READ-WRITE] mailbox selected',
    '* CAPABILITY IMAP4rev1 CONDSTORE QRESYNC ENABLE',
    '* ENABLED QRESYNC',
  ])('response %s', (line) => assertValidResponse(`${line}\r\n`));

  it.each([
    'a103 UID STORE 6,4,8 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)',
    'a104 STORE * (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted $Processed)',
    'a102 STORE 12 (UNCHANGEDSINCE 0) +FLAGS.SILENT ($MDNSent)',
    's100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)',
    'a FETCH 1:3 (MODSEQ)',
    'a SEARCH MODSEQ "/flags/\\\\draft" all 620162338',
    't SEARCH OR NOT MODSEQ 720162338 LARGER 50000',
    'A042 STATUS blurdybloop (UIDNEXT MESSAGES HIGHESTMODSEQ)',
    'A142 SELECT INBOX (CONDSTORE)',
    'a SEARCH RETURN (ALL) MODSEQ 1234',
    'A02 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))',
    'B04 SELECT INBOX (QRESYNC (67890007 90060115194045000 1:29997 (5000,7500,9000,9990:9999 15000,22500,27000,29970,29973,29976,29979,29982,29985,29988,29991,29994,29997)))',
    'A1 EXAMINE INBOX (QRESYNC (1 2))',
    's100 UID FETCH 300:500 (FLAGS) (CHANGEDSINCE 12345 VANISHED)',
    'x ENABLE QRESYNC',
    'A142 SELECT INBOX',
    'a FETCH 1 FLAGS',
  ])('command %s', (line) => assertValidCommand(`${line}\r\n`));

  it('refuses what the RFC does not allow', () => {
    expect(() => assertValidResponse('* VANISHED (EARLIER)\r\n')).toThrow();
    expect(() => assertValidResponse('* 1 FETCH (MODSEQ 5)\r\n')).toThrow();
    expect(() => assertValidResponse('* OK [MODIFIED] x\r\n')).toThrow();
    expect(() => assertValidResponse('* SEARCH (MODSEQ 5)\r\n')).toThrow();
    expect(() => assertValidCommand('a SELECT INBOX ()\r\n')).toThrow();
    expect(() => assertValidCommand('a STORE 1 (UNCHANGEDSINCE) +FLAGS x\r\n')).toThrow();
  });
});
