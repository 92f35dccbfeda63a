// STATUS (RFC 3501 §6.3.10; RFC 8474 MAILBOXID; RFC 7889 APPENDLIMIT).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, lit, message } from './helpers.js';

const server = useWireServer();

describe('STATUS', () => {
  it('answers every item, in the order asked', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE st-1
      S: a OK CREATE completed
      C: b APPEND st-1 (\\Seen) ${lit(message('one'))}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c APPEND st-1 ${lit(message('two'))}
      S: c OK [APPENDUID <n> 2] APPEND completed
      C: d STATUS st-1 (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN MAILBOXID APPENDLIMIT)
      S: * STATUS st-1 (MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY <n> UNSEEN 1 MAILBOXID (<id>) APPENDLIMIT 67108864)
      S: d OK STATUS completed
      C: e status st-1 (unseen messages)
      S: * STATUS st-1 (UNSEEN 1 MESSAGES 2)
      S: e OK STATUS completed
      ${LOGOUT}`,
    ));

  it('RECENT drops to 0 once a read-write session has seen the messages', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE st-2
      S: a OK CREATE completed
      C: b APPEND st-2 ${lit(message('one'))}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c STATUS st-2 (RECENT)
      S: * STATUS st-2 (RECENT 1)
      S: c OK STATUS completed
      C: d SELECT st-2
      S: * 1 EXISTS
      S: * 1 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 2] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: d OK [READ-WRITE] SELECT completed
      C: e UNSELECT
      S: e OK UNSELECT completed
      C: f STATUS st-2 (RECENT MESSAGES)
      S: * STATUS st-2 (RECENT 0 MESSAGES 1)
      S: f OK STATUS completed
      ${LOGOUT}`,
    ));

  it('names are returned as the client must send them', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE st-&ZeVnLIqe-
      S: a OK CREATE completed
      C: b STATUS st-&ZeVnLIqe- (MESSAGES)
      S: * STATUS st-&ZeVnLIqe- (MESSAGES 0)
      S: b OK STATUS completed
      C: c CREATE "st sp"
      S: c OK CREATE completed
      C: d STATUS "st sp" (MESSAGES)
      S: * STATUS "st sp" (MESSAGES 0)
      S: d OK STATUS completed
      C: e STATUS inbox (MESSAGES)
      S: * STATUS INBOX (MESSAGES 0)
      S: e OK STATUS completed
      ${LOGOUT}`,
    ));

  it('a missing or \\Noselect mailbox is NO [NONEXISTENT]', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a STATUS st-missing (MESSAGES)
      S: a NO [NONEXISTENT] Mailbox does not exist
      C: b CREATE st-p/c
      S: b OK CREATE completed
      C: c DELETE st-p
      S: c OK DELETE completed
      C: d STATUS st-p (MESSAGES)
      S: d NO [NONEXISTENT] Mailbox does not exist
      ${LOGOUT}`,
    ));

  it('malformed STATUS commands are BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a STATUS INBOX (FOO)
      S: a BAD Unknown STATUS item FOO
      C: b STATUS INBOX (MESSAGES
      S: b BAD Expected ) after status items
      C: c STATUS INBOX
      S: c BAD Missing status items
      C: d STATUS INBOX MESSAGES
      S: d BAD Expected ( before status items
      C: e STATUS INBOX ()
      S: e BAD <*>
      C: f STATUS
      S: f BAD Missing mailbox name
      ${LOGOUT}`,
    ));

  it('is BAD before login', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a STATUS INBOX (MESSAGES)
      S: a BAD STATUS is not allowed before login
      ${LOGOUT}`,
    ));
});
