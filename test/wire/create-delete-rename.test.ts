// CREATE, DELETE, RENAME (RFC 3501 §6.3.3–5; RFC 5530 codes; RFC 8474 MAILBOXID).
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, append, exchange, lit, loggedIn, message, statusItem } from './helpers.js';

const server = useWireServer();

describe('CREATE', () => {
  it('creates a mailbox; creating it again is NO [ALREADYEXISTS]', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE cr-1
      S: a OK CREATE completed
      C: b CREATE cr-1
      S: b NO [ALREADYEXISTS] Mailbox already exists
      C: c LIST "" cr-1
      S: * LIST (\\HasNoChildren) "/" cr-1
      S: c OK LIST completed
      ${LOGOUT}`,
    ));

  it('INBOX in any case already exists', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE INBOX
      S: a NO [ALREADYEXISTS] INBOX always exists
      C: b CREATE iNbOx
      S: b NO [ALREADYEXISTS] INBOX always exists
      ${LOGOUT}`,
    ));

  it('creates the superior names that are needed; a trailing delimiter is dropped', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE cr-2/b/c
      S: a OK CREATE completed
      C: b CREATE cr-3/
      S: b OK CREATE completed
      C: c LIST "" cr-*
      S: * LIST (\\HasNoChildren) "/" cr-1
      S: * LIST (\\HasChildren) "/" cr-2
      S: * LIST (\\HasChildren) "/" cr-2/b
      S: * LIST (\\HasNoChildren) "/" cr-2/b/c
      S: * LIST (\\HasNoChildren) "/" cr-3
      S: c OK LIST completed
      ${LOGOUT}`,
    ));

  it('names the server cannot use are NO [CANNOT]; invalid modified UTF-7 is BAD', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE cr-x//y
      S: a NO [CANNOT] Mailbox name has an empty level
      C: b CREATE "cr-x*y"
      S: b NO [CANNOT] Mailbox name contains a wildcard
      C: c CREATE "cr-x%y"
      S: c NO [CANNOT] Mailbox name contains a wildcard
      C: d CREATE ""
      S: d NO [CANNOT] Empty mailbox name
      C: e CREATE /cr-x
      S: e NO [CANNOT] Mailbox name has an empty level
      C: f CREATE &Jjo
      S: f BAD Invalid mailbox name
      C: g CREATE cr-&AGE-
      S: g BAD Invalid mailbox name
      C: h CREATE
      S: h BAD Missing mailbox name
      C: i CREATE cr-x*y
      S: i BAD Unexpected extra arguments
      C: j LIST "" cr-x*
      S: j OK LIST completed
      ${LOGOUT}`,
    ));

  it('is BAD before login', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a CREATE cr-early
      S: a BAD CREATE is not allowed before login
      ${LOGOUT}`,
    ));
});

describe('DELETE', () => {
  it('deletes a mailbox; a missing one is NO [NONEXISTENT]', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE del-1
      S: a OK CREATE completed
      C: b DELETE del-1
      S: b OK DELETE completed
      C: c DELETE del-1
      S: c NO [NONEXISTENT] Mailbox does not exist
      C: d STATUS del-1 (MESSAGES)
      S: d NO [NONEXISTENT] Mailbox does not exist
      ${LOGOUT}`,
    ));

  it('DELETE INBOX is NO [CANNOT]', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a DELETE INBOX
      S: a NO [CANNOT] INBOX cannot be deleted
      C: b DELETE inbox
      S: b NO [CANNOT] INBOX cannot be deleted
      ${LOGOUT}`,
    ));

  it('a parent with children loses its messages and becomes \\Noselect; deleting that again is NO; it goes with its last child', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE del-p/kid
      S: a OK CREATE completed
      C: b APPEND del-p ${lit(message('in parent'))}
      S: b OK [APPENDUID <n> 1] APPEND completed
      C: c DELETE del-p
      S: c OK DELETE completed
      C: d LIST "" del-p*
      S: * LIST (\\Noselect \\HasChildren) "/" del-p
      S: * LIST (\\HasNoChildren) "/" del-p/kid
      S: d OK LIST completed
      C: e DELETE del-p
      S: e NO [CANNOT] Mailbox has children and is already \\Noselect
      C: f DELETE del-p/kid
      S: f OK DELETE completed
      C: g LIST "" del-p*
      S: g OK LIST completed
      ${LOGOUT}`,
    ));

  it('deleting the selected mailbox leaves the selected state', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE del-sel
      S: a OK CREATE completed
      C: b SELECT del-sel
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: b OK [READ-WRITE] SELECT completed
      C: c DELETE del-sel
      S: c OK DELETE completed
      C: d NOOP
      S: d OK NOOP completed
      C: e FETCH 1 FLAGS
      S: e BAD FETCH needs a selected mailbox
      ${LOGOUT}`,
    ));

  it('a recreated mailbox has a new UIDVALIDITY and MAILBOXID', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'a', 'CREATE del-re', ['a OK CREATE completed']);
    const validity = await statusItem(c, 'del-re', 'UIDVALIDITY');
    const id = await statusItem(c, 'del-re', 'MAILBOXID');
    await exchange(c, 'b', 'DELETE del-re', ['b OK DELETE completed']);
    await exchange(c, 'c', 'CREATE del-re', ['c OK CREATE completed']);
    expect(await statusItem(c, 'del-re', 'UIDVALIDITY')).not.toBe(validity);
    expect(await statusItem(c, 'del-re', 'MAILBOXID')).not.toBe(id);
    c.close();
  });
});

describe('RENAME', () => {
  it('renames a mailbox, keeping its messages, UIDVALIDITY and MAILBOXID', async () => {
    const c = await loggedIn(server.port);
    await exchange(c, 'a', 'CREATE ren-1', ['a OK CREATE completed']);
    await append(c, 'ren-1', message('kept'));
    const id = await statusItem(c, 'ren-1', 'MAILBOXID');
    const validity = await statusItem(c, 'ren-1', 'UIDVALIDITY');
    await exchange(c, 'b', 'RENAME ren-1 ren-2', ['b OK RENAME completed']);
    await exchange(c, 'c', 'STATUS ren-2 (MESSAGES UIDNEXT)', ['* STATUS ren-2 (MESSAGES 1 UIDNEXT 2)', 'c OK STATUS completed']);
    expect(await statusItem(c, 'ren-2', 'MAILBOXID')).toBe(id);
    expect(await statusItem(c, 'ren-2', 'UIDVALIDITY')).toBe(validity);
    await exchange(c, 'd', 'STATUS ren-1 (MESSAGES)', ['d NO [NONEXISTENT] Mailbox does not exist']);
    c.close();
  });

  it('renames the children with their parent', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ren-p/c1/d
      S: a OK CREATE completed
      C: b CREATE ren-p/c2
      S: b OK CREATE completed
      C: c RENAME ren-p ren-q
      S: c OK RENAME completed
      C: d LIST "" ren-q*
      S: * LIST (\\HasChildren) "/" ren-q
      S: * LIST (\\HasChildren) "/" ren-q/c1
      S: * LIST (\\HasNoChildren) "/" ren-q/c1/d
      S: * LIST (\\HasNoChildren) "/" ren-q/c2
      S: d OK LIST completed
      ${LOGOUT}`,
    ));

  it('creates the superior names of the new name', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ren-leaf
      S: a OK CREATE completed
      C: b RENAME ren-leaf ren-new/deep/leaf
      S: b OK RENAME completed
      C: c LIST "" ren-new*
      S: * LIST (\\HasChildren) "/" ren-new
      S: * LIST (\\HasChildren) "/" ren-new/deep
      S: * LIST (\\HasNoChildren) "/" ren-new/deep/leaf
      S: c OK LIST completed
      ${LOGOUT}`,
    ));

  it('errors: missing source NO [NONEXISTENT], existing target NO [ALREADYEXISTS], bad names, into itself', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ren-e1
      S: a OK CREATE completed
      C: b CREATE ren-e2
      S: b OK CREATE completed
      C: c RENAME ren-missing ren-e3
      S: c NO [NONEXISTENT] Mailbox does not exist
      C: d RENAME ren-e1 ren-e2
      S: d NO [ALREADYEXISTS] <*>
      C: e RENAME ren-e1 INBOX
      S: e NO [ALREADYEXISTS] INBOX always exists
      C: f RENAME ren-e1 ren//e
      S: f NO [CANNOT] Mailbox name has an empty level
      C: g RENAME ren-e1 "ren*"
      S: g NO [CANNOT] Mailbox name contains a wildcard
      C: h RENAME ren-e1 ren-e1/sub
      S: h NO [CANNOT] Cannot rename a mailbox into its own child
      C: i RENAME ren-e1
      S: i BAD Missing new mailbox name
      C: j RENAME ren-e1 &Jjo
      S: j BAD Invalid mailbox name
      ${LOGOUT}`,
    ));

  it('RENAME INBOX moves its messages to the new mailbox and leaves INBOX empty', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a APPEND INBOX ${lit(message('first'))}
      S: a OK [APPENDUID <n> <n>] APPEND completed
      C: b APPEND INBOX (\\Flagged) ${lit(message('second'))}
      S: b OK [APPENDUID <n> <n>] APPEND completed
      C: c RENAME INBOX ren-old-inbox
      S: c OK RENAME completed
      C: d STATUS INBOX (MESSAGES)
      S: * STATUS INBOX (MESSAGES 0)
      S: d OK STATUS completed
      C: e STATUS ren-old-inbox (MESSAGES)
      S: * STATUS ren-old-inbox (MESSAGES 2)
      S: e OK STATUS completed
      C: f EXAMINE ren-old-inbox
      S: * 2 EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT <n>] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: f OK [READ-ONLY] EXAMINE completed
      C: g FETCH 1:* (FLAGS RFC822.SIZE)
      S: * 1 FETCH (FLAGS (<*>) RFC822.SIZE ${Buffer.byteLength(message('first'))})
      S: * 2 FETCH (FLAGS (\\Flagged<*>) RFC822.SIZE ${Buffer.byteLength(message('second'))})
      S: g OK FETCH completed
      C: h LIST "" INBOX
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: h OK LIST completed
      ${LOGOUT}`,
    ));
});
