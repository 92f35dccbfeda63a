// LIST-EXTENDED (RFC 5258), SPECIAL-USE selection and return options (RFC 6154 §3, §5),
// LIST-STATUS (RFC 5819) and the STATUS items (RFC 3501, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE,
// RFC 7889 APPENDLIMIT, RFC 8474 MAILBOXID). Each RFC example runs on an account of its own
// holding only INBOX, set up as the example's hierarchy; where this server differs from the
// example's server, the comment before the transcript says how.
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { RawClient } from '../support/imap-client.js';
import { useWireServer, LOGOUT, append, exchange, lit, message } from './helpers.js';

const server = useWireServer();

const PASSWORD = 'pw-list-extended';
let users = 0;

interface Account {
  /** Transcript lines: the greeting and LOGIN tagged `L`. */
  login: string;
  name: string;
  userId: number;
}

/**
 * A new account holding only INBOX (the default mailboxes are removed, nothing subscribed),
 * then `mailboxes` created (with "name:\\Use" for a special use) and `subscribed` subscribed.
 */
async function account(mailboxes: string[] = [], subscribed: string[] = []): Promise<Account> {
  const store = server.server.store;
  const name = `le${++users}`;
  const user = await store.createUser(name, PASSWORD);
  const existing = (await store.listMailboxes(user.id)).map((m) => m.name).filter((n) => n !== 'INBOX');
  for (const mailbox of existing.sort((a, b) => b.length - a.length)) await store.deleteMailbox(user.id, mailbox);
  for (const s of await store.listSubscriptions(user.id)) await store.setSubscribed(user.id, s, false);
  for (const spec of mailboxes) {
    const [mailbox, use] = spec.split(':');
    if (!(await store.getMailbox(user.id, mailbox!))) await store.createMailbox(user.id, mailbox!, use ?? null);
  }
  for (const s of subscribed) await store.setSubscribed(user.id, s, true);
  return {
    name,
    userId: user.id,
    login: `
      S: * OK [CAPABILITY <*>] cpm-imapd ready
      C: L LOGIN ${name} ${PASSWORD}
      S: L OK [CAPABILITY <*>] Logged in`,
  };
}

/** Appends `count` messages (the first `seen` of them \Seen) to a mailbox of the account. */
async function fill(a: Account, mailbox: string, count: number, seen = 0): Promise<void> {
  const store = server.server.store;
  const box = (await store.getMailbox(a.userId, mailbox))!;
  for (let i = 0; i < count; i++) {
    await store.append(box.id, { data: Buffer.from(message(`m${i}`)), flags: i < seen ? ['\\Seen'] : [] });
  }
}

// The hierarchy of RFC 5258 §5 example 1. "Fruit/Peach" is subscribed but does not exist.
const FRUIT = ['Fruit/Apple', 'Fruit/Banana', 'Tofu', 'Vegetable/Broccoli', 'Vegetable/Corn'];
const FRUIT_SUBSCRIBED = ['INBOX', 'Fruit/Banana', 'Fruit/Peach', 'Vegetable', 'Vegetable/Broccoli'];

describe('RFC 5258 §5 examples', () => {
  // INBOX here may have children, so it is not \NoInferiors; nothing is \Marked.
  it('1: the complete hierarchy; 2: LIST (SUBSCRIBED), with a subscribed name that does not exist', async () => {
    const a = await account(FRUIT, FRUIT_SUBSCRIBED);
    await runTranscript(
      server.port,
      `${a.login}
      C: A01 LIST "" "*"
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: * LIST (\\HasChildren) "/" Fruit
      S: * LIST (\\HasNoChildren) "/" Fruit/Apple
      S: * LIST (\\HasNoChildren) "/" Fruit/Banana
      S: * LIST (\\HasNoChildren) "/" Tofu
      S: * LIST (\\HasChildren) "/" Vegetable
      S: * LIST (\\HasNoChildren) "/" Vegetable/Broccoli
      S: * LIST (\\HasNoChildren) "/" Vegetable/Corn
      S: A01 OK LIST completed
      C: A02 LIST (SUBSCRIBED) "" "*"
      S: * LIST (\\Subscribed) "/" INBOX
      S: * LIST (\\Subscribed) "/" Fruit/Banana
      S: * LIST (\\NonExistent \\Subscribed) "/" Fruit/Peach
      S: * LIST (\\Subscribed) "/" Vegetable
      S: * LIST (\\Subscribed) "/" Vegetable/Broccoli
      S: A02 OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('3: RETURN (CHILDREN); 4: (REMOTE) adds nothing here, there are no remote mailboxes', async () => {
    const a = await account(FRUIT, FRUIT_SUBSCRIBED);
    await runTranscript(
      server.port,
      `${a.login}
      C: A03 LIST () "" "%" RETURN (CHILDREN)
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: * LIST (\\HasChildren) "/" Fruit
      S: * LIST (\\HasNoChildren) "/" Tofu
      S: * LIST (\\HasChildren) "/" Vegetable
      S: A03 OK LIST completed
      C: A04 LIST (REMOTE) "" "%" RETURN (CHILDREN)
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: * LIST (\\HasChildren) "/" Fruit
      S: * LIST (\\HasNoChildren) "/" Tofu
      S: * LIST (\\HasChildren) "/" Vegetable
      S: A04 OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('5: (REMOTE SUBSCRIBED); 6: (REMOTE) with RETURN (SUBSCRIBED), which lists no nonexistent name', async () => {
    const a = await account(FRUIT, FRUIT_SUBSCRIBED);
    await runTranscript(
      server.port,
      `${a.login}
      C: A05 LIST (REMOTE SUBSCRIBED) "" "*"
      S: * LIST (\\Subscribed) "/" INBOX
      S: * LIST (\\Subscribed) "/" Fruit/Banana
      S: * LIST (\\NonExistent \\Subscribed) "/" Fruit/Peach
      S: * LIST (\\Subscribed) "/" Vegetable
      S: * LIST (\\Subscribed) "/" Vegetable/Broccoli
      S: A05 OK LIST completed
      C: A06 LIST (REMOTE) "" "*" RETURN (SUBSCRIBED)
      S: * LIST (\\Subscribed) "/" INBOX
      S: * LIST () "/" Fruit
      S: * LIST () "/" Fruit/Apple
      S: * LIST (\\Subscribed) "/" Fruit/Banana
      S: * LIST () "/" Tofu
      S: * LIST (\\Subscribed) "/" Vegetable
      S: * LIST (\\Subscribed) "/" Vegetable/Broccoli
      S: * LIST () "/" Vegetable/Corn
      S: A06 OK LIST completed
      ${LOGOUT}`,
    );
  });

  // Names come back in one order (INBOX, then by name), each once, whichever patterns matched.
  it('7: several patterns', async () => {
    const a = await account(['Drafts', 'Sent/March2004', 'Sent/December2003', 'Sent/August2004']);
    await runTranscript(
      server.port,
      `${a.login}
      C: BBB LIST "" ("INBOX" "Drafts" "Sent/%")
      S: * LIST () "/" INBOX
      S: * LIST () "/" Drafts
      S: * LIST () "/" Sent/August2004
      S: * LIST () "/" Sent/December2003
      S: * LIST () "/" Sent/March2004
      S: BBB OK LIST completed
      C: BBC LIST "" ("inbox" "Sent/*" "Sent/%" "*" "")
      S: * LIST () "/" INBOX
      S: * LIST () "/" Drafts
      S: * LIST () "/" Sent
      S: * LIST () "/" Sent/August2004
      S: * LIST () "/" Sent/December2003
      S: * LIST () "/" Sent/March2004
      S: BBC OK LIST completed
      ${LOGOUT}`,
    );
  });

  // A2 needs a "Foo" that does not exist: this server creates parents, so Foo and its
  // children are deleted while "Foo/Baz" stays subscribed.
  it('8: \\HasChildren versus CHILDINFO (A, A1, A2, B, C)', async () => {
    const a = await account(['Foo/Bar', 'Foo/Baz', 'Moo'], ['Foo/Baz']);
    await runTranscript(
      server.port,
      `${a.login}
      C: C01 LIST "" "*"
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: * LIST (\\HasChildren) "/" Foo
      S: * LIST (\\HasNoChildren) "/" Foo/Bar
      S: * LIST (\\HasNoChildren) "/" Foo/Baz
      S: * LIST (\\HasNoChildren) "/" Moo
      S: C01 OK LIST completed
      C: CA3 LIST "" "%" RETURN (CHILDREN)
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: * LIST (\\HasChildren) "/" Foo
      S: * LIST (\\HasNoChildren) "/" Moo
      S: CA3 OK LIST completed
      C: C02 LIST (SUBSCRIBED) "" "*"
      S: * LIST (\\Subscribed) "/" Foo/Baz
      S: C02 OK LIST completed
      C: C03 LIST (SUBSCRIBED) "" "%"
      S: C03 OK LIST completed
      C: C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
      S: * LIST () "/" Foo ("CHILDINFO" ("SUBSCRIBED"))
      S: C04 OK LIST completed
      C: A1a SUBSCRIBE Foo
      S: A1a OK SUBSCRIBE completed
      C: A1b LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
      S: * LIST (\\Subscribed) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))
      S: A1b OK LIST completed
      C: A1c LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)
      S: * LIST (\\HasChildren \\Subscribed) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))
      S: A1c OK LIST completed
      C: A2a UNSUBSCRIBE Foo
      S: A2a OK UNSUBSCRIBE completed
      C: A2b DELETE Foo/Bar
      S: A2b OK DELETE completed
      C: A2c DELETE Foo/Baz
      S: A2c OK DELETE completed
      C: A2d DELETE Foo
      S: A2d OK DELETE completed
      C: A2e LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
      S: * LIST (\\NonExistent) "/" Foo ("CHILDINFO" ("SUBSCRIBED"))
      S: A2e OK LIST completed
      C: Ba UNSUBSCRIBE Foo/Baz
      S: Ba OK UNSUBSCRIBE completed
      C: Bb CREATE Foo/Bar
      S: Bb OK CREATE completed
      C: Bc CREATE Foo/Baz
      S: Bc OK CREATE completed
      C: Bd LIST (SUBSCRIBED RECURSIVEMATCH) "" "%"
      S: Bd OK LIST completed
      C: Ca SUBSCRIBE Foo
      S: Ca OK SUBSCRIBE completed
      C: Cb SUBSCRIBE Moo
      S: Cb OK SUBSCRIBE completed
      C: C04 LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (CHILDREN)
      S: * LIST (\\HasChildren \\Subscribed) "/" Foo
      S: * LIST (\\HasNoChildren \\Subscribed) "/" Moo
      S: C04 OK LIST completed
      ${LOGOUT}`,
    );
  });

  // "qux2" exists here (parents are created). For "*2", "baz2" and "qux2" are left out as
  // §3.5 asks (all their subscribed children are listed). For "*" this server follows §3.3
  // rule 2B and §3.5 too, so "foo2" and "baz2" are not listed (the RFC's second listing shows
  // them with redundant CHILDINFO); "eps2" meets the criteria and keeps its CHILDINFO.
  it('9: CHILDINFO whether or not the children match the pattern', async () => {
    const a = await account(
      ['foo2/bar1', 'foo2/bar2', 'baz2/bar2', 'baz2/bar22', 'baz2/bar222', 'eps2/mamba', 'qux2/bar2'],
      ['foo2/bar1', 'foo2/bar2', 'baz2/bar2', 'baz2/bar22', 'baz2/bar222', 'eps2', 'eps2/mamba', 'qux2/bar2'],
    );
    await runTranscript(
      server.port,
      `${a.login}
      C: D01 LIST "" "*"
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: * LIST (\\HasChildren) "/" baz2
      S: * LIST (\\HasNoChildren) "/" baz2/bar2
      S: * LIST (\\HasNoChildren) "/" baz2/bar22
      S: * LIST (\\HasNoChildren) "/" baz2/bar222
      S: * LIST (\\HasChildren) "/" eps2
      S: * LIST (\\HasNoChildren) "/" eps2/mamba
      S: * LIST (\\HasChildren) "/" foo2
      S: * LIST (\\HasNoChildren) "/" foo2/bar1
      S: * LIST (\\HasNoChildren) "/" foo2/bar2
      S: * LIST (\\HasChildren) "/" qux2
      S: * LIST (\\HasNoChildren) "/" qux2/bar2
      S: D01 OK LIST completed
      C: D02 LIST (SUBSCRIBED) "" "*"
      S: * LIST (\\Subscribed) "/" baz2/bar2
      S: * LIST (\\Subscribed) "/" baz2/bar22
      S: * LIST (\\Subscribed) "/" baz2/bar222
      S: * LIST (\\Subscribed) "/" eps2
      S: * LIST (\\Subscribed) "/" eps2/mamba
      S: * LIST (\\Subscribed) "/" foo2/bar1
      S: * LIST (\\Subscribed) "/" foo2/bar2
      S: * LIST (\\Subscribed) "/" qux2/bar2
      S: D02 OK LIST completed
      C: D03 LIST (RECURSIVEMATCH SUBSCRIBED) "" "*2"
      S: * LIST (\\Subscribed) "/" baz2/bar2
      S: * LIST (\\Subscribed) "/" baz2/bar22
      S: * LIST (\\Subscribed) "/" baz2/bar222
      S: * LIST (\\Subscribed) "/" eps2 ("CHILDINFO" ("SUBSCRIBED"))
      S: * LIST () "/" foo2 ("CHILDINFO" ("SUBSCRIBED"))
      S: * LIST (\\Subscribed) "/" foo2/bar2
      S: * LIST (\\Subscribed) "/" qux2/bar2
      S: D03 OK LIST completed
      C: D04 LIST (RECURSIVEMATCH SUBSCRIBED) "" "*"
      S: * LIST (\\Subscribed) "/" baz2/bar2
      S: * LIST (\\Subscribed) "/" baz2/bar22
      S: * LIST (\\Subscribed) "/" baz2/bar222
      S: * LIST (\\Subscribed) "/" eps2 ("CHILDINFO" ("SUBSCRIBED"))
      S: * LIST (\\Subscribed) "/" eps2/mamba
      S: * LIST (\\Subscribed) "/" foo2/bar1
      S: * LIST (\\Subscribed) "/" foo2/bar2
      S: * LIST (\\Subscribed) "/" qux2/bar2
      S: D04 OK LIST completed
      C: D05 LIST (RECURSIVEMATCH SUBSCRIBED) "" "%"
      S: * LIST () "/" baz2 ("CHILDINFO" ("SUBSCRIBED"))
      S: * LIST (\\Subscribed) "/" eps2 ("CHILDINFO" ("SUBSCRIBED"))
      S: * LIST () "/" foo2 ("CHILDINFO" ("SUBSCRIBED"))
      S: * LIST () "/" qux2 ("CHILDINFO" ("SUBSCRIBED"))
      S: D05 OK LIST completed
      ${LOGOUT}`,
    );
  });

  // "foo/bar" is subscribed and was deleted.
  it('10: several patterns; CHILDINFO without \\HasChildren', async () => {
    const a = await account(['foo/bar'], ['foo/bar']);
    await runTranscript(
      server.port,
      `${a.login}
      C: x DELETE foo/bar
      S: x OK DELETE completed
      C: a1 LIST "" ("foo" "foo/*")
      S: * LIST () "/" foo
      S: a1 OK LIST completed
      C: a2 LIST (SUBSCRIBED) "" "foo/*"
      S: * LIST (\\NonExistent \\Subscribed) "/" foo/bar
      S: a2 OK LIST completed
      C: a3 LIST (SUBSCRIBED RECURSIVEMATCH) "" foo RETURN (CHILDREN)
      S: * LIST (\\HasNoChildren) "/" foo ("CHILDINFO" ("SUBSCRIBED"))
      S: a3 OK LIST completed
      ${LOGOUT}`,
    );
  });

  // Parents always exist here and there are no remote mailboxes, so only a3.1 applies.
  it('11: a pattern list mixing a wildcard and a full name', async () => {
    const a = await account(['music/rock']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a2 LIST () "" %
      S: * LIST () "/" INBOX
      S: * LIST () "/" music
      S: a2 OK LIST completed
      C: a3.1 LIST "" (% music/rock)
      S: * LIST () "/" INBOX
      S: * LIST () "/" music
      S: * LIST () "/" music/rock
      S: a3.1 OK LIST completed
      ${LOGOUT}`,
    );
  });
});

describe('LIST-EXTENDED details', () => {
  it('an empty pattern is no request for the delimiter in an extended LIST, and matches nothing', async () => {
    const a = await account(['x']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a LIST () "" ""
      S: a OK LIST completed
      C: b LIST "" ("" x)
      S: * LIST () "/" x
      S: b OK LIST completed
      C: c LIST "" "" RETURN ()
      S: c OK LIST completed
      C: d LIST "" ""
      S: * LIST (\\Noselect) "/" ""
      S: d OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('the reference is prefixed to every pattern; options are case-insensitive and count once', async () => {
    const a = await account(['r/a', 'r/b/c', 'q'], ['r/b/c']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a LIST (subscribed Subscribed) r/ ("%" "b/*") return (children CHILDREN)
      S: * LIST (\\HasNoChildren \\Subscribed) "/" r/b/c
      S: a OK LIST completed
      C: b LIST () r/ ("%" "b/*") RETURN (SUBSCRIBED)
      S: * LIST () "/" r/a
      S: * LIST () "/" r/b
      S: * LIST (\\Subscribed) "/" r/b/c
      S: b OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('a deleted parent is \\Noselect, not \\NonExistent; subscribed, it is listed with \\Subscribed', async () => {
    const a = await account(['p/c'], ['p', 'p/c']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a DELETE p
      S: a OK DELETE completed
      C: b LIST (SUBSCRIBED) "" p* RETURN (CHILDREN STATUS (MESSAGES))
      S: * LIST (\\Noselect \\HasChildren \\Subscribed) "/" p
      S: * LIST (\\HasNoChildren \\Subscribed) "/" p/c
      S: * STATUS p/c (MESSAGES 0)
      S: b OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('INBOX matches in any case, in patterns and subscriptions', async () => {
    const a = await account(['INBOX/sub'], ['INBOX/sub']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a LIST (SUBSCRIBED RECURSIVEMATCH) "" inBox
      S: * LIST () "/" INBOX ("CHILDINFO" ("SUBSCRIBED"))
      S: a OK LIST completed
      C: b LIST "" (inbox/% Inbox) RETURN (CHILDREN)
      S: * LIST (\\HasChildren) "/" INBOX
      S: * LIST (\\HasNoChildren) "/" INBOX/sub
      S: b OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('names that need quoting or modified UTF-7 come back as they must be sent', async () => {
    const a = await account(['日本語/a b', 'plain'], ['日本語/a b']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a LIST (SUBSCRIBED RECURSIVEMATCH) "" "%" RETURN (STATUS (MESSAGES))
      S: * LIST () "/" &ZeVnLIqe- ("CHILDINFO" ("SUBSCRIBED"))
      S: a OK LIST completed
      C: b LIST (SUBSCRIBED) "" * RETURN (STATUS (MESSAGES))
      S: * LIST (\\Subscribed) "/" "&ZeVnLIqe-/a b"
      S: * STATUS "&ZeVnLIqe-/a b" (MESSAGES 0)
      S: b OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('LSUB is unchanged: \\Noselect for unsubscribed parents, no \\Subscribed', async () => {
    const a = await account(['ls/c/d'], ['ls/c/d']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a LSUB "" %
      S: * LSUB (\\Noselect) "/" ls
      S: a OK LSUB completed
      C: b LSUB "" *
      S: * LSUB () "/" ls/c/d
      S: b OK LSUB completed
      ${LOGOUT}`,
    );
  });
});

describe('RFC 6154 §5 examples (SPECIAL-USE)', () => {
  // The mailboxes of §5.1; "\Marked" is not used by this server.
  const SPECIAL = ['ToDo', 'Projects/x', 'SentMail:\\Sent', 'MyDrafts:\\Drafts', 'Trash:\\Trash'];

  it('5.1 plain LIST; 5.2 RETURN (SPECIAL-USE) and the SPECIAL-USE selection option', async () => {
    const a = await account(SPECIAL, ['Trash']);
    await runTranscript(
      server.port,
      `${a.login}
      C: t1 LIST "" "%"
      S: * LIST (\\HasNoChildren) "/" INBOX
      S: * LIST (\\HasNoChildren \\Drafts) "/" MyDrafts
      S: * LIST (\\HasChildren) "/" Projects
      S: * LIST (\\HasNoChildren \\Sent) "/" SentMail
      S: * LIST (\\HasNoChildren) "/" ToDo
      S: * LIST (\\HasNoChildren \\Trash) "/" Trash
      S: t1 OK LIST completed
      C: t2 LIST "" "%" RETURN (SPECIAL-USE)
      S: * LIST () "/" INBOX
      S: * LIST (\\Drafts) "/" MyDrafts
      S: * LIST () "/" Projects
      S: * LIST (\\Sent) "/" SentMail
      S: * LIST () "/" ToDo
      S: * LIST (\\Trash) "/" Trash
      S: t2 OK LIST completed
      C: t3 LIST (SPECIAL-USE) "" "*"
      S: * LIST (\\Drafts) "/" MyDrafts
      S: * LIST (\\Sent) "/" SentMail
      S: * LIST (\\Trash) "/" Trash
      S: t3 OK LIST completed
      C: t4 LIST (SPECIAL-USE SUBSCRIBED) "" "*" RETURN (CHILDREN)
      S: * LIST (\\HasNoChildren \\Subscribed \\Trash) "/" Trash
      S: t4 OK LIST completed
      C: t5 LIST (SPECIAL-USE) "" "%" RETURN (SPECIAL-USE STATUS (MESSAGES))
      S: * LIST (\\Drafts) "/" MyDrafts
      S: * STATUS MyDrafts (MESSAGES 0)
      S: * LIST (\\Sent) "/" SentMail
      S: * STATUS SentMail (MESSAGES 0)
      S: * LIST (\\Trash) "/" Trash
      S: * STATUS Trash (MESSAGES 0)
      S: t5 OK LIST completed
      ${LOGOUT}`,
    );
  });
});

describe('RFC 5819 §3 examples (LIST-STATUS)', () => {
  // "bar" is \Noselect because it was deleted while it had a child.
  it('A01: STATUS after each selectable mailbox, none for \\Noselect', async () => {
    const a = await account(['foo', 'bar/x']);
    await fill(a, 'INBOX', 3, 1);
    await fill(a, 'foo', 2, 1);
    await runTranscript(
      server.port,
      `${a.login}
      C: x DELETE bar
      S: x OK DELETE completed
      C: A01 LIST "" % RETURN (STATUS (MESSAGES UNSEEN))
      S: * LIST () "/" INBOX
      S: * STATUS INBOX (MESSAGES 3 UNSEEN 2)
      S: * LIST (\\Noselect) "/" bar
      S: * LIST () "/" foo
      S: * STATUS foo (MESSAGES 2 UNSEEN 1)
      S: A01 OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('A02: no STATUS for a name listed only for CHILDINFO', async () => {
    const a = await account(['foo/sub'], ['INBOX', 'foo/sub']);
    await fill(a, 'INBOX', 4);
    await runTranscript(
      server.port,
      `${a.login}
      C: A02 LIST (SUBSCRIBED RECURSIVEMATCH) "" % RETURN (STATUS (MESSAGES))
      S: * LIST (\\Subscribed) "/" INBOX
      S: * STATUS INBOX (MESSAGES 4)
      S: * LIST () "/" foo ("CHILDINFO" ("SUBSCRIBED"))
      S: A02 OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('never a STATUS for a \\NonExistent name', async () => {
    const a = await account(['gone'], ['gone']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a DELETE gone
      S: a OK DELETE completed
      C: b LIST (SUBSCRIBED) "" * RETURN (STATUS (MESSAGES UIDNEXT))
      S: * LIST (\\NonExistent \\Subscribed) "/" gone
      S: b OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('every STATUS item, in the order asked; the same values as the STATUS command', async () => {
    const a = await account(['box']);
    await fill(a, 'box', 2, 1);
    const c = await RawClient.connect(server.port);
    try {
      await c.next();
      await exchange(c, 'L', `LOGIN ${a.name} ${PASSWORD}`, ['L OK [CAPABILITY <*>] Logged in']);
      const items = 'SIZE MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ APPENDLIMIT MAILBOXID';
      const size = 2 * Buffer.byteLength(message('m0'));
      const listed = await exchange(c, 'a', `LIST "" box RETURN (STATUS (${items}))`, [
        '* LIST () "/" box',
        `* STATUS box (SIZE ${size} MESSAGES 2 RECENT 2 UIDNEXT 3 UIDVALIDITY <n> UNSEEN 1 HIGHESTMODSEQ <n> APPENDLIMIT 67108864 MAILBOXID (<id>))`,
        'a OK LIST completed',
      ]);
      const status = await exchange(c, 'b', `STATUS box (${items})`, ['* STATUS box (<*>)', 'b OK STATUS completed']);
      expect(status[0]).toBe(listed[1]);
    } finally {
      c.close();
    }
  });

  it('on the selected mailbox too, RECENT counting what this session holds as \\Recent', async () => {
    const a = await account(['sel']);
    await fill(a, 'sel', 2);
    await runTranscript(
      server.port,
      `${a.login}
      C: a SELECT sel
      S: * 2 EXISTS
      S: * 2 RECENT
      S: <*>
      S: <*>
      S: <*>
      S: <*>
      S: <*>
      S: <*>
      S: a OK [READ-WRITE] SELECT completed
      C: b LIST "" sel RETURN (STATUS (MESSAGES RECENT UNSEEN))
      S: * LIST () "/" sel
      S: * STATUS sel (MESSAGES 2 RECENT 2 UNSEEN 2)
      S: b OK LIST completed
      C: c APPEND sel ${lit(message('third'))}
      S: * 3 EXISTS
      S: * 3 RECENT
      S: c OK [APPENDUID <n> 3] APPEND completed
      C: d STATUS sel (MESSAGES RECENT)
      S: * STATUS sel (MESSAGES 3 RECENT 3)
      S: d OK STATUS completed
      ${LOGOUT}`,
    );
  });
});

describe('STATUS items', () => {
  it('SIZE is the total of RFC822.SIZE and follows APPEND and EXPUNGE (RFC 8438)', async () => {
    const a = await account(['sz']);
    const c = await RawClient.connect(server.port);
    try {
      await c.next();
      await exchange(c, 'L', `LOGIN ${a.name} ${PASSWORD}`, ['L OK [CAPABILITY <*>] Logged in']);
      await exchange(c, 'a', 'STATUS sz (SIZE MESSAGES)', ['* STATUS sz (SIZE 0 MESSAGES 0)', 'a OK STATUS completed']);
      const texts = [message('one'), message('two', 'x'.repeat(5000)), message('three', 'é'.repeat(100))];
      for (const t of texts) await append(c, 'sz', t);
      const total = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
      await exchange(c, 'b', 'STATUS sz (SIZE)', [`* STATUS sz (SIZE ${total})`, 'b OK STATUS completed']);
      await exchange(c, 'c', 'SELECT sz', ['* 3 EXISTS', '* 3 RECENT', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'c OK [READ-WRITE] SELECT completed']);
      await exchange(c, 'd', 'FETCH 1:* RFC822.SIZE', [
        `* 1 FETCH (RFC822.SIZE ${Buffer.byteLength(texts[0]!)})`,
        `* 2 FETCH (RFC822.SIZE ${Buffer.byteLength(texts[1]!)})`,
        `* 3 FETCH (RFC822.SIZE ${Buffer.byteLength(texts[2]!)})`,
        'd OK FETCH completed',
      ]);
      await exchange(c, 'e', 'STORE 2 +FLAGS.SILENT (\\Deleted)', ['e OK STORE completed']);
      await exchange(c, 'f', 'EXPUNGE', ['* 2 EXPUNGE', 'f OK EXPUNGE completed']);
      const left = total - Buffer.byteLength(texts[1]!);
      await exchange(c, 'g', 'STATUS sz (SIZE MESSAGES)', [`* STATUS sz (SIZE ${left} MESSAGES 2)`, 'g OK STATUS completed']);
    } finally {
      c.close();
    }
  });

  it('HIGHESTMODSEQ moves with every change; UIDNEXT and UIDVALIDITY are the mailbox\'s', async () => {
    const a = await account(['hm']);
    const c = await RawClient.connect(server.port);
    try {
      await c.next();
      await exchange(c, 'L', `LOGIN ${a.name} ${PASSWORD}`, ['L OK [CAPABILITY <*>] Logged in']);
      const modseq = async (tag: string): Promise<number> => {
        const got = await exchange(c, tag, 'STATUS hm (HIGHESTMODSEQ UIDNEXT)', ['* STATUS hm (HIGHESTMODSEQ <n> UIDNEXT <n>)', `${tag} OK STATUS completed`]);
        return Number(/HIGHESTMODSEQ (\d+)/.exec(got[0]!)![1]);
      };
      const m0 = await modseq('a');
      expect(m0).toBeGreaterThan(0);
      await append(c, 'hm', message('x'));
      const m1 = await modseq('b');
      expect(m1).toBeGreaterThan(m0);
      const box = (await server.server.store.getMailbox(a.userId, 'hm'))!;
      expect(m1).toBe(box.highestModseq);
      await exchange(c, 'c', 'STATUS hm (UIDNEXT UIDVALIDITY)', [`* STATUS hm (UIDNEXT 2 UIDVALIDITY ${box.uidValidity})`, 'c OK STATUS completed']);
    } finally {
      c.close();
    }
  });

  it('STATUS (HIGHESTMODSEQ) is a CONDSTORE enabling command (RFC 7162 §3.1)', async () => {
    const a = await account(['cs1', 'cs2']);
    await fill(a, 'cs1', 1);
    const c = await RawClient.connect(server.port);
    try {
      await c.next();
      await exchange(c, 'L', `LOGIN ${a.name} ${PASSWORD}`, ['L OK [CAPABILITY <*>] Logged in']);
      const examined = await c.command('a', 'EXAMINE cs1');
      expect(examined.join('')).not.toMatch(/HIGHESTMODSEQ/);
      await exchange(c, 'b', 'STATUS cs2 (MESSAGES)', ['* STATUS cs2 (MESSAGES 0)', 'b OK STATUS completed']);
      // Now CONDSTORE-aware: told the selected mailbox's HIGHESTMODSEQ, once.
      await exchange(c, 'c', 'STATUS cs2 (HIGHESTMODSEQ)', ['* OK [HIGHESTMODSEQ <n>] <*>', '* STATUS cs2 (HIGHESTMODSEQ <n>)', 'c OK STATUS completed']);
      await exchange(c, 'd', 'LIST "" cs2 RETURN (STATUS (HIGHESTMODSEQ))', ['* LIST () "/" cs2', '* STATUS cs2 (HIGHESTMODSEQ <n>)', 'd OK LIST completed']);
    } finally {
      c.close();
    }
  });

  it('APPENDLIMIT is given per mailbox, in STATUS and LIST-STATUS (RFC 7889 §3)', async () => {
    const a = await account(['al/sub']);
    await runTranscript(
      server.port,
      `${a.login}
      C: t1 STATUS INBOX (APPENDLIMIT)
      S: * STATUS INBOX (APPENDLIMIT 67108864)
      S: t1 OK STATUS completed
      C: t2 LIST "" % RETURN (STATUS (APPENDLIMIT))
      S: * LIST () "/" INBOX
      S: * STATUS INBOX (APPENDLIMIT 67108864)
      S: * LIST () "/" al
      S: * STATUS al (APPENDLIMIT 67108864)
      S: t2 OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('STATUS on a missing or \\Noselect mailbox is NO [NONEXISTENT]', async () => {
    const a = await account(['np/c']);
    await runTranscript(
      server.port,
      `${a.login}
      C: a DELETE np
      S: a OK DELETE completed
      C: b STATUS np (SIZE)
      S: b NO [NONEXISTENT] Mailbox does not exist
      C: c STATUS nowhere (MESSAGES)
      S: c NO [NONEXISTENT] Mailbox does not exist
      ${LOGOUT}`,
    );
  });
});

describe('bad input', () => {
  it('unknown options, RECURSIVEMATCH alone, bad STATUS items: BAD, and the session goes on', async () => {
    const a = await account();
    await runTranscript(
      server.port,
      `${a.login}
      C: a LIST (FOO) "" *
      S: a BAD Unknown LIST selection option FOO
      C: b LIST "" * RETURN (FOO)
      S: b BAD Unknown LIST return option FOO
      C: c LIST (RECURSIVEMATCH) "" *
      S: c BAD RECURSIVEMATCH needs the SUBSCRIBED selection option
      C: d LIST (REMOTE RECURSIVEMATCH) "" *
      S: d BAD RECURSIVEMATCH needs the SUBSCRIBED selection option
      C: e LIST (SPECIAL-USE RECURSIVEMATCH) "" *
      S: e BAD RECURSIVEMATCH needs the SUBSCRIBED selection option
      C: f LIST "" * RETURN (STATUS (MESSAGES FOO))
      S: f BAD Unknown STATUS item FOO
      C: g LIST "" * RETURN (STATUS ())
      S: g BAD Invalid status item
      C: h LIST "" * RETURN (STATUS MESSAGES)
      S: h BAD Expected ( before status items
      C: i LIST "" * RETURN
      S: i BAD Missing return options
      C: j LIST "" * RETURN (CHILDREN
      S: j BAD Expected ) after return options
      C: k LIST "" ()
      S: k BAD Invalid mailbox pattern
      C: l LIST "" ("a" "b"
      S: l BAD Expected ) after mailbox patterns
      C: m LIST (SUBSCRIBED "" *
      S: m BAD <*>
      C: n LIST "" * CHILDREN
      S: n BAD Unexpected extra arguments
      C: o STATUS INBOX (SIZE DELETED)
      S: o BAD Unknown STATUS item DELETED
      C: p STATUS INBOX (SIZE
      S: p BAD Expected ) after status items
      C: q LIST "" INBOX RETURN (STATUS (SIZE))
      S: * LIST () "/" INBOX
      S: * STATUS INBOX (SIZE 0)
      S: q OK LIST completed
      ${LOGOUT}`,
    );
  });

  it('an extended LIST is BAD before login', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a LIST (SUBSCRIBED) "" * RETURN (STATUS (MESSAGES))
      S: a BAD LIST is not allowed before login
      ${LOGOUT}`,
    ));
});

describe('a large tree', () => {
  it('LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN SIZE)) answers for 1,000 mailboxes', async () => {
    const a = await account();
    const store = server.server.store;
    for (let i = 0; i < 1000; i++) {
      const box = await store.createMailbox(a.userId, `perf/${String(i).padStart(4, '0')}`);
      if (i % 10 === 0) {
        await store.appendMany(box.id, [0, 1, 2].map((n) => ({ data: Buffer.from(message(`p${i}.${n}`)), flags: n === 0 ? ['\\Seen'] : [] })));
      }
    }
    const c = await RawClient.connect(server.port);
    try {
      await c.next();
      await c.command('L', `LOGIN ${a.name} ${PASSWORD}`);
      const lines = (await c.command('a', 'LIST "" "*" RETURN (STATUS (MESSAGES UNSEEN SIZE))')).map((l) => l.slice(0, -2));
      // INBOX, perf (created as the parent) and 1,000 children: a LIST and a STATUS line each.
      expect(lines.length).toBe(2 * 1002 + 1);
      const size = [0, 1, 2].reduce((n, k) => n + Buffer.byteLength(message(`p10.${k}`)), 0);
      expect(lines).toContain(`* STATUS perf/0010 (MESSAGES 3 UNSEEN 2 SIZE ${size})`);
      expect(lines).toContain('* STATUS perf/0011 (MESSAGES 0 UNSEEN 0 SIZE 0)');
      expect(lines).toContain('* LIST () "/" perf');
    } finally {
      c.close();
    }
  });
});
