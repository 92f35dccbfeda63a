// Configured limits (DESIGN.md "Limits are configuration"): line length, literal size /
// APPENDLIMIT (RFC 7889, RFC 7888 LITERAL+, RFC 4469 TOOBIG), nesting, sequence-set size.
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT } from './helpers.js';

const server = useWireServer({ maxLineLength: 1000, maxLiteralSize: 100, maxNesting: 8, maxSequenceRanges: 5 });

describe('limits', () => {
  it('APPENDLIMIT is advertised and reported by STATUS', () =>
    runTranscript(
      server.port,
      `
      S: * OK [CAPABILITY <*> APPENDLIMIT=100 AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN] cpm-imapd ready
      C: L LOGIN alice wonderland
      S: L OK [CAPABILITY <*> APPENDLIMIT=100] Logged in
      C: a STATUS INBOX (APPENDLIMIT)
      S: * STATUS INBOX (APPENDLIMIT 100)
      S: a OK STATUS completed
      ${LOGOUT}`,
    ));

  it('an over-long line is BAD [TOOBIG] and the session goes on', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a NOOP ${'x'.repeat(1200)}
      S: a BAD [TOOBIG] Command line too long
      C: b NOOP
      S: b OK NOOP completed
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: c LIST "" "${'y'.repeat(5000)}"
      S: c BAD [TOOBIG] Command line too long
      C: d NOOP
      S: d OK NOOP completed
      ${LOGOUT}`,
    ));

  it('a line of exactly the limit is accepted', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a LIST "" "${'z'.repeat(1000 - 'a LIST "" ""'.length)}"
      S: a OK LIST completed
      ${LOGOUT}`,
    ));

  it('an over-long line ending in a LITERAL+ announcement: the literal is skipped too', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a APPEND INBOX (${'$k '.repeat(400)}) {8+}\\r\\nb NOOP\\r\\n
      S: a BAD [TOOBIG] Command line too long
      C: c NOOP
      S: c OK NOOP completed
      ${LOGOUT}`,
    ));

  it('a synchronizing literal over the limit: NO [TOOBIG] and no continuation', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a APPEND INBOX {101}
      S: a NO [TOOBIG] Literal too big
      C: b NOOP
      S: b OK NOOP completed
      C: c STATUS INBOX (MESSAGES)
      S: * STATUS INBOX (MESSAGES 0)
      S: c OK STATUS completed
      ${LOGOUT}`,
    ));

  it('a LITERAL+ over the limit is read and discarded, then NO [TOOBIG], and the session goes on', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a APPEND INBOX {150+}\\r\\n${'b NOOP\\r\\n'.repeat(18)}xxxxxx
      S: a NO [TOOBIG] Literal too big
      C: c NOOP
      S: c OK NOOP completed
      C: d STATUS INBOX (MESSAGES)
      S: * STATUS INBOX (MESSAGES 0)
      S: d OK STATUS completed
      ${LOGOUT}`,
    ));

  it('a literal of exactly the limit is accepted', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE lim-exact
      S: a OK CREATE completed
      C: b APPEND lim-exact {100+}\\r\\n${'Subject: x\\r\\n\\r\\n'}${'y'.repeat(100 - 15)}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c STATUS lim-exact (MESSAGES)
      S: * STATUS lim-exact (MESSAGES 1)
      S: c OK STATUS completed
      ${LOGOUT}`,
    ));

  it('parentheses nested too deep are BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT INBOX
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT <n>] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: a OK [READ-WRITE] SELECT completed
      C: b SEARCH ${'('.repeat(9)}ALL${')'.repeat(9)}
      S: b BAD [LIMIT] Too deeply nested
      C: c SEARCH ${'('.repeat(7)}ALL${')'.repeat(7)}
      S: * SEARCH<*>
      S: c OK SEARCH completed
      C: d SEARCH ${'NOT '.repeat(9)}ALL
      S: d BAD [LIMIT] Too deeply nested
      C: e NOOP
      S: e OK NOOP completed
      ${LOGOUT}`,
    ));

  it('a sequence set with too many ranges is BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SELECT INBOX
      S: * <n> EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT <n>] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: a OK [READ-WRITE] SELECT completed
      C: b UID FETCH 1,3,5,7,9,11 FLAGS
      S: b BAD [LIMIT] Too many ranges in sequence set
      C: c UID FETCH 1,3,5,7,9 FLAGS
      S: c OK UID FETCH completed
      ${LOGOUT}`,
    ));
});
