// SEARCH and UID SEARCH (RFC 3501 §6.4.4, §6.4.8).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, lit, message } from './helpers.js';

const server = useWireServer();

const SMALL = message('small');
const LARGE = message('large', 'x'.repeat(500));

/**
 * `box` gets: 1 \Seen (internal date 01-Jan-2020), 2 \Flagged $Work (15-Jun-2023, large),
 * 3 unflagged (10-Mar-2025). Message 1 is expunged first so UIDs are 2, 3, 4.
 */
function setup(box: string): string {
  return `${LOGIN}
      C: s0 CREATE ${box}
      S: s0 OK CREATE completed
      C: s1 APPEND ${box} (\\Deleted) ${lit(SMALL)}
      S: s1 OK [APPENDUID <n> 1] APPEND completed
      C: s2 APPEND ${box} (\\Seen) "01-Jan-2020 12:00:00 +0000" ${lit(SMALL)}
      S: s2 OK [APPENDUID <n> 2] APPEND completed
      C: s3 APPEND ${box} (\\Flagged $Work) "15-Jun-2023 12:00:00 +0000" ${lit(LARGE)}
      S: s3 OK [APPENDUID <n> 3] APPEND completed
      C: s4 APPEND ${box} "10-Mar-2025 12:00:00 +0000" ${lit(SMALL)}
      S: s4 OK [APPENDUID <n> 4] APPEND completed
      C: s5 SELECT ${box}
      S: * 4 EXISTS
      S: * 4 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 5] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: s5 OK [READ-WRITE] SELECT completed
      C: s6 EXPUNGE
      S: * 1 EXPUNGE
      S: s6 OK EXPUNGE completed`;
}

describe('SEARCH', () => {
  it('ALL, flags, keywords, sizes and sequence sets', () =>
    runTranscript(
      server.port,
      `${setup('se-1')}
      C: a SEARCH ALL
      S: * SEARCH 1 2 3
      S: a OK SEARCH completed
      C: b SEARCH SEEN
      S: * SEARCH 1
      S: b OK SEARCH completed
      C: c SEARCH UNSEEN
      S: * SEARCH 2 3
      S: c OK SEARCH completed
      C: d SEARCH FLAGGED KEYWORD $Work
      S: * SEARCH 2
      S: d OK SEARCH completed
      C: e SEARCH UNKEYWORD $Work
      S: * SEARCH 1 3
      S: e OK SEARCH completed
      C: f SEARCH LARGER 200
      S: * SEARCH 2
      S: f OK SEARCH completed
      C: g SEARCH SMALLER 200
      S: * SEARCH 1 3
      S: g OK SEARCH completed
      C: h SEARCH 2:*
      S: * SEARCH 2 3
      S: h OK SEARCH completed
      C: i SEARCH DELETED
      S: * SEARCH
      S: i OK SEARCH completed
      C: j SEARCH UID 3:4
      S: * SEARCH 2 3
      S: j OK SEARCH completed
      ${LOGOUT}`,
    ));

  it('OR, NOT and parenthesised groups', () =>
    runTranscript(
      server.port,
      `${setup('se-2')}
      C: a SEARCH OR SEEN FLAGGED
      S: * SEARCH 1 2
      S: a OK SEARCH completed
      C: b SEARCH NOT SEEN
      S: * SEARCH 2 3
      S: b OK SEARCH completed
      C: c SEARCH (SEEN) (ALL)
      S: * SEARCH 1
      S: c OK SEARCH completed
      C: d SEARCH NOT (OR SEEN FLAGGED)
      S: * SEARCH 3
      S: d OK SEARCH completed
      C: e SEARCH OR (SEEN SMALLER 200) 3
      S: * SEARCH 1 3
      S: e OK SEARCH completed
      ${LOGOUT}`,
    ));

  it('BEFORE, ON and SINCE compare the internal date by day', () =>
    runTranscript(
      server.port,
      `${setup('se-3')}
      C: a SEARCH BEFORE 15-Jun-2023
      S: * SEARCH 1
      S: a OK SEARCH completed
      C: b SEARCH ON 15-Jun-2023
      S: * SEARCH 2
      S: b OK SEARCH completed
      C: c SEARCH SINCE 15-Jun-2023
      S: * SEARCH 2 3
      S: c OK SEARCH completed
      C: d SEARCH SINCE 1-Jan-2020 BEFORE 1-Jan-2021
      S: * SEARCH 1
      S: d OK SEARCH completed
      C: e SEARCH ON "10-Mar-2025"
      S: * SEARCH 3
      S: e OK SEARCH completed
      ${LOGOUT}`,
    ));

  it("RECENT, NEW and OLD follow this session's \\Recent", () =>
    runTranscript(
      server.port,
      `${setup('se-4')}
      C: a SEARCH RECENT
      S: * SEARCH 1 2 3
      S: a OK SEARCH completed
      C: b SEARCH NEW
      S: * SEARCH 2 3
      S: b OK SEARCH completed
      C: c SEARCH OLD
      S: * SEARCH
      S: c OK SEARCH completed
      ${LOGOUT}`,
    ));

  it('UID SEARCH answers with UIDs', () =>
    runTranscript(
      server.port,
      `${setup('se-5')}
      C: a UID SEARCH ALL
      S: * SEARCH 2 3 4
      S: a OK UID SEARCH completed
      C: b UID SEARCH UNSEEN
      S: * SEARCH 3 4
      S: b OK UID SEARCH completed
      C: c UID SEARCH UID 1:3
      S: * SEARCH 2 3
      S: c OK UID SEARCH completed
      C: d UID SEARCH 1
      S: * SEARCH 2
      S: d OK UID SEARCH completed
      ${LOGOUT}`,
    ));

  it('CHARSET: UTF-8 and US-ASCII are accepted, others are NO [BADCHARSET]', () =>
    runTranscript(
      server.port,
      `${setup('se-6')}
      C: a SEARCH CHARSET UTF-8 SEEN
      S: * SEARCH 1
      S: a OK SEARCH completed
      C: b SEARCH CHARSET us-ascii ALL
      S: * SEARCH 1 2 3
      S: b OK SEARCH completed
      C: c SEARCH CHARSET KOI8-R ALL
      S: c NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset
      ${LOGOUT}`,
    ));

  it('header and text keys are answered (RFC 3501 §6.4.4)', () =>
    runTranscript(
      server.port,
      `${setup('se-7')}
      C: a SEARCH SUBJECT large
      S: * SEARCH 2
      S: a OK SEARCH completed
      C: b SEARCH FROM alice@example.com
      S: * SEARCH 1 2 3
      S: b OK SEARCH completed
      C: c SEARCH BODY xxxxx
      S: * SEARCH 2
      S: c OK SEARCH completed
      C: d SEARCH TEXT Subject
      S: * SEARCH 1 2 3
      S: d OK SEARCH completed
      ${LOGOUT}`,
    ));

  it('errors: bad keys and sets are BAD; no mailbox selected is BAD', () =>
    runTranscript(
      server.port,
      `${setup('se-8')}
      C: a SEARCH
      S: a BAD <*>
      C: b SEARCH FOO
      S: b BAD <*>
      C: c SEARCH (SEEN
      S: c BAD Expected ) after search keys
      C: d SEARCH SEEN)
      S: d BAD <*>
      C: e SEARCH BEFORE 32-Jan-2020
      S: e BAD <*>
      C: f SEARCH LARGER x
      S: f BAD <*>
      C: g SEARCH 0
      S: g BAD <*>
      C: h SEARCH OR SEEN
      S: h BAD <*>
      C: i UNSELECT
      S: i OK UNSELECT completed
      C: j SEARCH ALL
      S: j BAD SEARCH needs a selected mailbox
      ${LOGOUT}`,
    ));
});
