// LIST, LSUB, SUBSCRIBE, UNSUBSCRIBE (RFC 3501 §6.3.6–9, §5.1.3 names; RFC 3348 CHILDREN;
// RFC 6154 SPECIAL-USE).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT } from './helpers.js';

const server = useWireServer();

describe('LIST', () => {
  it('LIST "" "" gives the hierarchy delimiter', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a LIST "" ""
      S: * LIST (\\Noselect) "/" ""
      S: a OK LIST completed
      C: b LIST li-anything/ ""
      S: * LIST (\\Noselect) "/" ""
      S: b OK LIST completed
      ${LOGOUT}`,
    ));

  it('INBOX matches in any case; special-use mailboxes carry their attribute', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a LIST "" inbox
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: a OK LIST completed
      C: b LIST "" Sent
      S: * LIST (\\HasNoChildren \\Sent) "/" Sent
      S: b OK LIST completed
      C: c LIST "" Trash
      S: * LIST (\\HasNoChildren \\Trash) "/" Trash
      S: c OK LIST completed
      ${LOGOUT}`,
    ));

  it('% stops at the delimiter, * does not, and the reference is prefixed', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE li-t/a/b
      S: a OK CREATE completed
      C: b CREATE li-t/c
      S: b OK CREATE completed
      C: c LIST "" li-t%
      S: * LIST (\\HasChildren) "/" li-t
      S: c OK LIST completed
      C: d LIST "" li-t/%
      S: * LIST (\\HasChildren) "/" li-t/a
      S: * LIST (\\HasNoChildren) "/" li-t/c
      S: d OK LIST completed
      C: e LIST "" li-t/*
      S: * LIST (\\HasChildren) "/" li-t/a
      S: * LIST (\\HasNoChildren) "/" li-t/a/b
      S: * LIST (\\HasNoChildren) "/" li-t/c
      S: e OK LIST completed
      C: f LIST li-t/ %
      S: * LIST (\\HasChildren) "/" li-t/a
      S: * LIST (\\HasNoChildren) "/" li-t/c
      S: f OK LIST completed
      C: g LIST li-t/a/ *
      S: * LIST (\\HasNoChildren) "/" li-t/a/b
      S: g OK LIST completed
      C: h LIST "" li-t/%/b
      S: * LIST (\\HasNoChildren) "/" li-t/a/b
      S: h OK LIST completed
      C: i LIST "" li-nothing-matches*
      S: i OK LIST completed
      ${LOGOUT}`,
    ));

  it('non-ASCII names are sent and listed back in modified UTF-7; "&" is "&-"', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE lu-&ZeVnLIqe-
      S: a OK CREATE completed
      C: b CREATE lu-&AOk-t&AOk-/sub
      S: b OK CREATE completed
      C: c CREATE lu-a&-b
      S: c OK CREATE completed
      C: d LIST "" lu-*
      S: * LIST (\\HasNoChildren) "/" lu-a&-b
      S: * LIST (\\HasChildren) "/" lu-&AOk-t&AOk-
      S: * LIST (\\HasNoChildren) "/" lu-&AOk-t&AOk-/sub
      S: * LIST (\\HasNoChildren) "/" lu-&ZeVnLIqe-
      S: d OK LIST completed
      C: e LIST "" lu-&ZeVnLIqe-
      S: * LIST (\\HasNoChildren) "/" lu-&ZeVnLIqe-
      S: e OK LIST completed
      C: f LIST "" lu-&AOk-t&AOk-/%
      S: * LIST (\\HasNoChildren) "/" lu-&AOk-t&AOk-/sub
      S: f OK LIST completed
      C: g LIST "" lu-&*
      S: g BAD Invalid mailbox name
      ${LOGOUT}`,
    ));

  it('names with a quote, a backslash or a space come back as quoted strings with escapes', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE "li-q\\"b\\\\c"
      S: a OK CREATE completed
      C: b CREATE "li-q sp"
      S: b OK CREATE completed
      C: c LIST "" li-q*
      S: * LIST (\\HasNoChildren) "/" "li-q sp"
      S: * LIST (\\HasNoChildren) "/" "li-q\\"b\\\\c"
      S: c OK LIST completed
      C: d SELECT "li-q\\"b\\\\c"
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: d OK [READ-WRITE] SELECT completed
      ${LOGOUT}`,
    ));

  it('a name may be sent as a literal', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE {7+}\\r\\nli-lit1
      S: a OK CREATE completed
      C: b LIST "" {7}
      S: + Ready for literal data
      C: li-lit*
      S: * LIST (\\HasNoChildren) "/" li-lit1
      S: b OK LIST completed
      ${LOGOUT}`,
    ));

  it('malformed LIST commands are BAD; LIST is BAD before login', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a LIST "" *
      S: a BAD LIST is not allowed before login
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b LIST ""
      S: b BAD Missing mailbox pattern
      C: c LIST
      S: c BAD Missing reference name
      C: d LIST "" ()
      S: d BAD <*>
      C: e LIST "" "unterminated
      S: e BAD Unterminated quoted string
      ${LOGOUT}`,
    ));
});

describe('SUBSCRIBE, UNSUBSCRIBE and LSUB', () => {
  it('the default mailboxes are subscribed', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a LSUB "" INBOX
      S: * LSUB () "/" INBOX
      S: a OK LSUB completed
      C: b LSUB "" Drafts
      S: * LSUB () "/" Drafts
      S: b OK LSUB completed
      ${LOGOUT}`,
    ));

  it('SUBSCRIBE, LSUB, UNSUBSCRIBE', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ls-1
      S: a OK CREATE completed
      C: b LSUB "" ls-1
      S: b OK LSUB completed
      C: c SUBSCRIBE ls-1
      S: c OK SUBSCRIBE completed
      C: d LSUB "" ls-1
      S: * LSUB () "/" ls-1
      S: d OK LSUB completed
      C: e UNSUBSCRIBE ls-1
      S: e OK UNSUBSCRIBE completed
      C: f LSUB "" ls-1
      S: f OK LSUB completed
      C: g UNSUBSCRIBE ls-1
      S: g NO [NONEXISTENT] Not subscribed to that name
      ${LOGOUT}`,
    ));

  it('LSUB with % lists an unsubscribed parent of a subscribed name as \\Noselect', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ls-p/c/d
      S: a OK CREATE completed
      C: b SUBSCRIBE ls-p/c/d
      S: b OK SUBSCRIBE completed
      C: c LSUB "" ls-%
      S: * LSUB (\\Noselect) "/" ls-p
      S: c OK LSUB completed
      C: d LSUB "" ls-p/%
      S: * LSUB (\\Noselect) "/" ls-p/c
      S: d OK LSUB completed
      C: e LSUB "" ls-p*
      S: * LSUB () "/" ls-p/c/d
      S: e OK LSUB completed
      C: f LSUB ls-p/ *
      S: * LSUB () "/" ls-p/c/d
      S: f OK LSUB completed
      ${LOGOUT}`,
    ));

  it('SUBSCRIBE to a missing mailbox is NO [NONEXISTENT]', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SUBSCRIBE ls-missing
      S: a NO [NONEXISTENT] Mailbox does not exist
      C: b SUBSCRIBE
      S: b BAD Missing mailbox name
      ${LOGOUT}`,
    ));

  it('a subscription outlives its mailbox (RFC 3501 §6.3.6: never removed unilaterally)', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ls-gone
      S: a OK CREATE completed
      C: b SUBSCRIBE ls-gone
      S: b OK SUBSCRIBE completed
      C: c DELETE ls-gone
      S: c OK DELETE completed
      C: d LSUB "" ls-gone
      S: * LSUB (\\Noselect) "/" ls-gone
      S: d OK LSUB completed
      C: e UNSUBSCRIBE ls-gone
      S: e OK UNSUBSCRIBE completed
      ${LOGOUT}`,
    ));

  it('non-ASCII subscribed names are listed in modified UTF-7', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ls-&ZeVnLIqe-
      S: a OK CREATE completed
      C: b SUBSCRIBE ls-&ZeVnLIqe-
      S: b OK SUBSCRIBE completed
      C: c LSUB "" ls-&ZeVnLIqe-
      S: * LSUB () "/" ls-&ZeVnLIqe-
      S: c OK LSUB completed
      ${LOGOUT}`,
    ));
});
