// SETACL, DELETEACL, GETACL, LISTRIGHTS, MYRIGHTS (RFC 4314 §3) on the wire, modelled on the
// RFC's examples; the `+`/`-` modifiers, the obsolete `c` and `d` rights, negative rights and
// `anyone`, the owner's fixed rights, NAMESPACE (RFC 2342), other users' mailboxes in LIST, and
// that a mailbox bob may not see answers every command exactly as one that does not exist.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { runTranscript } from '../support/transcript.js';
import { ALL_RIGHTS_SHOWN, Peer, RIGHTS, fetchedFlags, message, shown } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.server.store.createUser('bob', 'pw');
  await server.server.store.createUser('carol', 'pw');
});

afterAll(() => server?.stop());

const login = (user: string, password: string) => `
  S: * OK [CAPABILITY <*>] cpm-imapd ready
  C: L LOGIN ${user} ${password}
  S: L OK [CAPABILITY <*>] Logged in
`;
const ALICE = login('alice', TEST_PASSWORD);
const BOB = login('bob', 'pw');
const CAROL = login('carol', 'pw');
const LOGOUT = `
  C: Z LOGOUT
  S: * BYE cpm-imapd logging out
  S: Z OK LOGOUT completed
  S: (closed)
`;

/** A transcript as alice (bob, carol): login, `lines`, LOGOUT. */
const alice = (lines: string) => runTranscript(server.port, `${ALICE}${lines}${LOGOUT}`);
const bob = (lines: string) => runTranscript(server.port, `${BOB}${lines}${LOGOUT}`);
const carol = (lines: string) => runTranscript(server.port, `${CAROL}${lines}${LOGOUT}`);

/** The identifier/rights pairs of one `* ACL` line after the mailbox, in the order sent. */
function aclPairs(line: string): Array<[string, string]> {
  const words = line.replace(/\r\n$/, '').replace(/^\* ACL (?:"[^"]*"|\S+) ?/, '').split(' ');
  const pairs: Array<[string, string]> = [];
  for (let i = 0; i + 1 < words.length; i += 2) pairs.push([words[i]!, words[i + 1]!]);
  return pairs;
}

describe('capabilities and NAMESPACE', () => {
  it('ACL and RIGHTS=texk are advertised after login (RFC 4314 §2, §5.1.1)', async () => {
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    const [caps] = await a.must('CAPABILITY');
    expect(caps!.split(' ')).toEqual(expect.arrayContaining(['ACL', 'RIGHTS=texk']));
    a.close();
  });

  it('personal mailboxes cannot take the other namespaces\' names', async () => {
    await bob(`
      C: a CREATE Shared
      S: a NO <*>
      C: b CREATE "Other Users"
      S: b NO <*>
      C: c CREATE Shared/mine
      S: c NO <*>
      C: d CREATE "Other Users/carol/mine"
      S: d NO <*>
      C: e RENAME INBOX Shared
      S: e NO <*>
    `);
    const b = await Peer.login(server.port, 'bob', 'pw');
    const own = await b.must('LIST "" "*"');
    // Only what alice shares, and (implementation's choice) \Noselect parents of it.
    const personal = own.filter((l) => /"\/" "?(Shared|Other Users)/.test(l) && !l.includes('Other Users/alice/') && !/\\(Noselect|NonExistent)/i.test(l));
    expect(personal).toEqual([]);
    b.close();
  });

  it('NAMESPACE: personal "", Other Users/ and Shared/, all with "/" (RFC 2342 §5)', () =>
    bob(`
      C: a NAMESPACE
      S: * NAMESPACE (("" "/")) (("Other Users/" "/")) (("Shared/" "/"))
      S: a OK NAMESPACE completed
    `));
});

describe('RFC 4314 §3 examples, adapted to this server', () => {
  it('§3.1 SETACL: replace, +cda (c is k, d is x t e, both shown again by GETACL), uppercase and unknown rights are BAD', () =>
    alice(`
      C: a CREATE Drafts41
      S: a OK CREATE completed
      C: b SETACL Drafts41 bob lrswi
      S: b OK SETACL completed
      C: c GETACL Drafts41
      S: * ACL Drafts41 alice ${ALL_RIGHTS_SHOWN} bob lrswi
      S: c OK GETACL completed
      C: d SETACL Drafts41 bob +cda
      S: d OK SETACL completed
      C: e GETACL Drafts41
      S: * ACL Drafts41 alice ${ALL_RIGHTS_SHOWN} bob lrswikxteacd
      S: e OK GETACL completed
      C: f SETACL Drafts41 carol lrQswicda
      S: f BAD <*>Q<*>
      C: g SETACL Drafts41 carol lrqswicda
      S: g BAD <*>q<*>
      C: h GETACL Drafts41
      S: * ACL Drafts41 alice ${ALL_RIGHTS_SHOWN} bob lrswikxteacd
      S: h OK GETACL completed
    `));

  it('§3.2 DELETEACL removes one entry and leaves the negative one', async () => {
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    await a.must('CREATE Box32');
    await a.must(`SETACL Box32 bob ${RIGHTS}`);
    await a.must('SETACL Box32 -bob wetd');
    await a.must('SETACL Box32 carol w');
    const before = await a.must('GETACL Box32');
    expect(before).toHaveLength(1);
    const pairs = aclPairs(before[0]!);
    // The owner's implicit entry comes first; the stored ones follow in an order of the server's.
    expect(pairs[0]).toEqual(['alice', ALL_RIGHTS_SHOWN]);
    // The negative entry shows its virtual d too (RFC 4314 §2.1.1 speaks of any rights list).
    expect(pairs.slice(1).sort()).toEqual([['-bob', 'wxted'], ['bob', ALL_RIGHTS_SHOWN], ['carol', 'w']].sort());
    // "a stable order": the same bytes each time.
    expect(await a.must('GETACL Box32')).toEqual(before);
    expect((await a.run('DELETEACL Box32 bob')).tagged).toBe('OK DELETEACL completed');
    const after = await a.must('GETACL Box32');
    expect(aclPairs(after[0]!)[0]).toEqual(['alice', ALL_RIGHTS_SHOWN]);
    expect(aclPairs(after[0]!).slice(1).sort()).toEqual([['-bob', 'wxted'], ['carol', 'w']].sort());
    a.close();
  });

  it('§3.3 GETACL of a mailbox nobody else has rights on shows only the owner', () =>
    alice(`
      C: a CREATE Lonely
      S: a OK CREATE completed
      C: b GETACL Lonely
      S: * ACL Lonely alice ${ALL_RIGHTS_SHOWN}
      S: b OK GETACL completed
      C: c GETACL INBOX
      S: * ACL INBOX alice ${ALL_RIGHTS_SHOWN}
      S: c OK GETACL completed
    `));

  it('§3.4 LISTRIGHTS: the owner is always granted everything; others each right on its own, c and d too (§2.1.1)', () =>
    alice(`
      C: a CREATE Rights34
      S: a OK CREATE completed
      C: b LISTRIGHTS Rights34 alice
      S: * LISTRIGHTS Rights34 alice ${ALL_RIGHTS_SHOWN}
      S: b OK LISTRIGHTS completed
      C: c LISTRIGHTS Rights34 bob
      S: * LISTRIGHTS Rights34 bob "" l r s w i p k x t e a c d
      S: c OK LISTRIGHTS completed
      C: d listrights Rights34 anyone
      S: * LISTRIGHTS Rights34 anyone "" l r s w i p k x t e a c d
      S: d OK LISTRIGHTS completed
    `));

  it('§3.5 MYRIGHTS of the owner, and of bob with what alice granted', async () => {
    await alice(`
      C: a CREATE Mine
      S: a OK CREATE completed
      C: b MYRIGHTS Mine
      S: * MYRIGHTS Mine ${ALL_RIGHTS_SHOWN}
      S: b OK MYRIGHTS completed
      C: c SETACL Mine bob lrwis
      S: c OK SETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Mine"
      S: * MYRIGHTS "Other Users/alice/Mine" lrswi
      S: a OK MYRIGHTS completed
    `);
  });
});

describe('modifiers and the obsolete rights', () => {
  it('+rights adds, -rights removes, bare rights replace', () =>
    alice(`
      C: a CREATE Mods
      S: a OK CREATE completed
      C: b SETACL Mods bob lr
      S: b OK SETACL completed
      C: c SETACL Mods bob +wi
      S: c OK SETACL completed
      C: d GETACL Mods
      S: * ACL Mods alice ${ALL_RIGHTS_SHOWN} bob lrwi
      S: d OK GETACL completed
      C: e SETACL Mods bob -rw
      S: e OK SETACL completed
      C: f GETACL Mods
      S: * ACL Mods alice ${ALL_RIGHTS_SHOWN} bob li
      S: f OK GETACL completed
      C: g SETACL Mods bob "-x"
      S: g OK SETACL completed
      C: h GETACL Mods
      S: * ACL Mods alice ${ALL_RIGHTS_SHOWN} bob li
      S: h OK GETACL completed
      C: i SETACL Mods bob ea
      S: i OK SETACL completed
      C: j GETACL Mods
      S: * ACL Mods alice ${ALL_RIGHTS_SHOWN} bob ead
      S: j OK GETACL completed
    `));

  it('c means k and d means x t e; RFC 4314 §2.1.1: responses add c exactly when k is there and d exactly when one of x t e is', async () => {
    await alice(`
      C: a CREATE Obsolete
      S: a OK CREATE completed
      C: b SETACL Obsolete bob c
      S: b OK SETACL completed
      C: c GETACL Obsolete
      S: * ACL Obsolete alice ${ALL_RIGHTS_SHOWN} bob kc
      S: c OK GETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Obsolete"
      S: * MYRIGHTS "Other Users/alice/Obsolete" kc
      S: a OK MYRIGHTS completed
    `);
    await alice(`
      C: a SETACL Obsolete bob d
      S: a OK SETACL completed
      C: b GETACL Obsolete
      S: * ACL Obsolete alice ${ALL_RIGHTS_SHOWN} bob xted
      S: b OK GETACL completed
      C: c SETACL Obsolete bob +lc
      S: c OK SETACL completed
      C: d GETACL Obsolete
      S: * ACL Obsolete alice ${ALL_RIGHTS_SHOWN} bob lkxtecd
      S: d OK GETACL completed
      C: e SETACL Obsolete bob -d
      S: e OK SETACL completed
      C: f GETACL Obsolete
      S: * ACL Obsolete alice ${ALL_RIGHTS_SHOWN} bob lkc
      S: f OK GETACL completed
      C: g SETACL Obsolete -bob t
      S: g OK SETACL completed
      C: h GETACL Obsolete
      S: * ACL Obsolete alice ${ALL_RIGHTS_SHOWN} bob lkc -bob td
      S: h OK GETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Obsolete"
      S: * MYRIGHTS "Other Users/alice/Obsolete" lkc
      S: a OK MYRIGHTS completed
    `);
  });

  it('RFC 4314 §2.1.1 for every right alone and every right left out: GETACL and MYRIGHTS show c iff k, d iff one of x t e', async () => {
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    const b = await Peer.login(server.port, 'bob', 'pw');
    await a.must('CREATE Virtual');
    const grants = [...RIGHTS].flatMap((r) => [r, RIGHTS.replace(r, '')]);
    for (const grant of grants) {
      await a.must(`SETACL Virtual bob ${grant}`);
      const entries = aclPairs((await a.must('GETACL Virtual'))[0]!);
      expect(entries, `GETACL after SETACL bob ${grant}`).toEqual([['alice', ALL_RIGHTS_SHOWN], ['bob', shown(grant)]]);
      const bobs = entries[1]![1];
      expect(bobs.includes('c'), `c for ${grant}`).toBe(grant.includes('k'));
      expect(bobs.includes('d'), `d for ${grant}`).toBe(/[xte]/.test(grant));
      // With l added, bob may always ask MYRIGHTS.
      await a.must('SETACL Virtual bob +l');
      expect(await b.must('MYRIGHTS "Other Users/alice/Virtual"'), `MYRIGHTS of l plus ${grant}`).toEqual([
        `* MYRIGHTS "Other Users/alice/Virtual" ${shown(`l${grant}`)}`,
      ]);
    }
    a.close();
    b.close();
  });
});

describe('anyone and negative rights', () => {
  it('anyone gives every user the rights; -bob takes some away from bob only', async () => {
    await alice(`
      C: a CREATE Public
      S: a OK CREATE completed
      C: b SETACL Public anyone lrs
      S: b OK SETACL completed
      C: c GETACL Public
      S: * ACL Public alice ${ALL_RIGHTS_SHOWN} anyone lrs
      S: c OK GETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Public"
      S: * MYRIGHTS "Other Users/alice/Public" lrs
      S: a OK MYRIGHTS completed
    `);
    await alice(`
      C: a SETACL Public -bob s
      S: a OK SETACL completed
    `);
    await alice(`
      C: a APPEND Public {${Buffer.byteLength(message('n'))}+}\\r\\n${message('n').replace(/\r\n/g, '\\r\\n')}
      S: a OK [APPENDUID <n> 1] APPEND completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Public"
      S: * MYRIGHTS "Other Users/alice/Public" lr
      S: a OK MYRIGHTS completed
      C: b SELECT "Other Users/alice/Public"
      S: * 1 EXISTS
      S: * <n> RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 2] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: b OK [READ-ONLY] SELECT completed
      C: c FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]
      S: * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {14}\\r\\nSubject: n\\r\\n\\r\\n)
      S: c OK FETCH completed
      C: d FETCH 1 (FLAGS)
      S: * 1 FETCH (FLAGS (<*>))
      S: d OK FETCH completed
    `);
    // The FETCH without .PEEK did not set \Seen: bob's s is taken away by -bob.
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    await a.must('EXAMINE Public');
    expect(fetchedFlags((await a.must('FETCH 1 (FLAGS)')).join(' '))).not.toContain('\\Seen');
    a.close();
    await carol(`
      C: a MYRIGHTS "Other Users/alice/Public"
      S: * MYRIGHTS "Other Users/alice/Public" lrs
      S: a OK MYRIGHTS completed
      C: b LIST "" "Other Users/alice/Public"
      S: * LIST (\\HasNoChildren) "/" "Other Users/alice/Public"
      S: b OK LIST completed
    `);
  });

  it('-bob lr hides a mailbox anyone may read from bob alone; -anyone takes from everybody', async () => {
    await alice(`
      C: a CREATE Hidden
      S: a OK CREATE completed
      C: b SETACL Hidden anyone lr
      S: b OK SETACL completed
      C: c SETACL Hidden -bob lr
      S: c OK SETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Hidden"
      S: a NO [NONEXISTENT] Mailbox does not exist
      C: b SELECT "Other Users/alice/Hidden"
      S: b NO [NONEXISTENT] Mailbox does not exist
      C: c LIST "" "Other Users/alice/Hidden"
      S: c OK LIST completed
    `);
    await carol(`
      C: a MYRIGHTS "Other Users/alice/Hidden"
      S: * MYRIGHTS "Other Users/alice/Hidden" lr
      S: a OK MYRIGHTS completed
    `);
    await alice(`
      C: a DELETEACL Hidden -bob
      S: a OK DELETEACL completed
      C: b SETACL Hidden carol lrw
      S: b OK SETACL completed
      C: c SETACL Hidden -anyone r
      S: c OK SETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Hidden"
      S: * MYRIGHTS "Other Users/alice/Hidden" l
      S: a OK MYRIGHTS completed
    `);
    await carol(`
      C: a MYRIGHTS "Other Users/alice/Hidden"
      S: * MYRIGHTS "Other Users/alice/Hidden" lw
      S: a OK MYRIGHTS completed
      C: b SELECT "Other Users/alice/Hidden"
      S: b NO [NOPERM] <*>
    `);
  });

  it('DELETEACL of -bob removes only the negative entry (RFC 4314 §2)', async () => {
    await alice(`
      C: a CREATE NegDel
      S: a OK CREATE completed
      C: b SETACL NegDel bob lrw
      S: b OK SETACL completed
      C: c SETACL NegDel -bob w
      S: c OK SETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/NegDel"
      S: * MYRIGHTS "Other Users/alice/NegDel" lr
      S: a OK MYRIGHTS completed
    `);
    await alice(`
      C: a DELETEACL NegDel -bob
      S: a OK DELETEACL completed
      C: b GETACL NegDel
      S: * ACL NegDel alice ${ALL_RIGHTS_SHOWN} bob lrw
      S: b OK GETACL completed
    `);
  });
});

describe('what SETACL and DELETEACL refuse', () => {
  it("the owner's rights cannot be changed: NO [CANNOT]", () =>
    alice(`
      C: a CREATE Owned
      S: a OK CREATE completed
      C: b SETACL Owned alice lr
      S: b NO [CANNOT] <*>
      C: c SETACL Owned -alice r
      S: c NO [CANNOT] <*>
      C: d DELETEACL Owned alice
      S: d NO [CANNOT] <*>
      C: e GETACL Owned
      S: * ACL Owned alice ${ALL_RIGHTS_SHOWN}
      S: e OK GETACL completed
      C: f MYRIGHTS Owned
      S: * MYRIGHTS Owned ${ALL_RIGHTS_SHOWN}
      S: f OK MYRIGHTS completed
    `));

  it('an identifier that names no account: SETACL NO [CANNOT], DELETEACL OK', () =>
    alice(`
      C: a CREATE Unknown
      S: a OK CREATE completed
      C: b SETACL Unknown nosuchuser lr
      S: b NO [CANNOT] Unknown identifier
      C: c DELETEACL Unknown nosuchuser
      S: c OK DELETEACL completed
      C: d DELETEACL Unknown bob
      S: d OK DELETEACL completed
      C: e GETACL Unknown
      S: * ACL Unknown alice ${ALL_RIGHTS_SHOWN}
      S: e OK GETACL completed
    `));

  it('an unknown right letter is BAD whatever the mailbox, and nothing changes', () =>
    alice(`
      C: a CREATE Letters
      S: a OK CREATE completed
      C: b SETACL Letters bob lr
      S: b OK SETACL completed
      C: c SETACL Letters bob +z
      S: c BAD <*>z<*>
      C: d SETACL Letters bob -lrq
      S: d BAD <*>q<*>
      C: e SETACL NoSuchMailbox bob lry
      S: e BAD <*>y<*>
      C: f GETACL Letters
      S: * ACL Letters alice ${ALL_RIGHTS_SHOWN} bob lr
      S: f OK GETACL completed
    `));

  it('missing or extra arguments are BAD', () =>
    alice(`
      C: a SETACL INBOX bob
      S: a BAD <*>
      C: b GETACL
      S: b BAD <*>
      C: c DELETEACL INBOX
      S: c BAD <*>
      C: d MYRIGHTS INBOX extra
      S: d BAD <*>
      C: e LISTRIGHTS INBOX
      S: e BAD <*>
      C: f NOOP
      S: f OK NOOP completed
    `));

  it('ACL commands before login are BAD', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a GETACL INBOX
      S: a BAD <*>
      C: b MYRIGHTS INBOX
      S: b BAD <*>
    `,
    ));
});

describe('refusals to bob', () => {
  it('with l r but not a: GETACL, LISTRIGHTS, SETACL, DELETEACL are NO [NOPERM]; MYRIGHTS works', async () => {
    await alice(`
      C: a CREATE Looked
      S: a OK CREATE completed
      C: b SETACL Looked bob lr
      S: b OK SETACL completed
    `);
    await bob(`
      C: a GETACL "Other Users/alice/Looked"
      S: a NO [NOPERM] <*>
      C: b LISTRIGHTS "Other Users/alice/Looked" bob
      S: b NO [NOPERM] <*>
      C: c SETACL "Other Users/alice/Looked" bob lrswipkxtea
      S: c NO [NOPERM] <*>
      C: d DELETEACL "Other Users/alice/Looked" bob
      S: d NO [NOPERM] <*>
      C: e MYRIGHTS "Other Users/alice/Looked"
      S: * MYRIGHTS "Other Users/alice/Looked" lr
      S: e OK MYRIGHTS completed
    `);
  });

  it('with a, bob administers: he may grant carol, and GETACL shows every entry', async () => {
    await alice(`
      C: a CREATE Delegated
      S: a OK CREATE completed
      C: b SETACL Delegated bob lra
      S: b OK SETACL completed
    `);
    await bob(`
      C: a SETACL "Other Users/alice/Delegated" carol lr
      S: a OK SETACL completed
      C: b SETACL "Other Users/alice/Delegated" alice lr
      S: b NO [CANNOT] <*>
    `);
    await carol(`
      C: a MYRIGHTS "Other Users/alice/Delegated"
      S: * MYRIGHTS "Other Users/alice/Delegated" lr
      S: a OK MYRIGHTS completed
    `);
  });

  it('bob never addresses his own mailboxes through Other Users/bob/…', () =>
    bob(`
      C: a CREATE Own
      S: a OK CREATE completed
      C: b MYRIGHTS Own
      S: * MYRIGHTS Own ${ALL_RIGHTS_SHOWN}
      S: b OK MYRIGHTS completed
      C: c MYRIGHTS "Other Users/bob/Own"
      S: c NO [NONEXISTENT] Mailbox does not exist
      C: d SELECT "Other Users/bob/Own"
      S: d NO [NONEXISTENT] Mailbox does not exist
    `));
});

describe('LIST shows what bob may look up', () => {
  it('Other Users/alice/Box appears after alice grants l and is gone after DELETEACL', async () => {
    const b = await Peer.login(server.port, 'bob', 'pw');
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    await a.must('CREATE Box');
    const before = await b.must('LIST "" "*"');
    // Whole name: Other Users/alice/Box32 (another test) must not count.
    expect(before.filter((l) => l.endsWith('"Other Users/alice/Box"'))).toEqual([]);
    await a.must('SETACL Box bob l');
    const shown = await b.must('LIST "" "*"');
    expect(shown).toContain('* LIST (\\HasNoChildren) "/" "Other Users/alice/Box"');
    // The parents, if listed at all (implementation's choice), are \Noselect: bob has no rights on them.
    for (const line of shown.filter((l) => /"Other Users(\/alice)?"$/.test(l))) expect(line).toMatch(/^\* LIST \((\\Noselect|\\NonExistent)/i);
    await a.must('DELETEACL Box bob');
    const after = await b.must('LIST "" "*"');
    expect(after.filter((l) => l.endsWith('"Other Users/alice/Box"'))).toEqual([]);
    a.close();
    b.close();
  });

  it('a mailbox bob has r on but not l is not listed, and still selectable', async () => {
    await alice(`
      C: a CREATE ReadOnlyR
      S: a OK CREATE completed
      C: b SETACL ReadOnlyR bob r
      S: b OK SETACL completed
    `);
    await bob(`
      C: a LIST "" "Other Users/alice/ReadOnlyR"
      S: a OK LIST completed
      C: b STATUS "Other Users/alice/ReadOnlyR" (MESSAGES)
      S: * STATUS "Other Users/alice/ReadOnlyR" (MESSAGES 0)
      S: b OK STATUS completed
    `);
  });
});

describe('LIST and the hierarchy of another user', () => {
  it('a parent bob may not see is left out or \\Noselect; a child he may not see does not make \\HasChildren', async () => {
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    await a.must('CREATE Tree/Leaf/Hidden');
    await a.must('SETACL Tree/Leaf bob lr');
    a.close();
    const b = await Peer.login(server.port, 'bob', 'pw');
    for (const pattern of ['"Other Users/alice/Tree*"', '"Other Users/alice/Tree/%"', '"Other Users/alice/%"']) {
      const lines = await b.must(`LIST "" ${pattern}`);
      const tree = lines.filter((l) => l.includes('"Other Users/alice/Tree'));
      for (const line of tree) {
        if (line.endsWith('"Other Users/alice/Tree"')) expect(line, pattern).toMatch(/^\* LIST \((\\Noselect|\\NonExistent)/i);
        else if (pattern !== '"Other Users/alice/%"') expect(line, pattern).toBe('* LIST (\\HasNoChildren) "/" "Other Users/alice/Tree/Leaf"');
        else throw new Error(`${pattern}: unexpected ${line}`);
      }
      if (pattern !== '"Other Users/alice/%"') expect(tree, pattern).toContain('* LIST (\\HasNoChildren) "/" "Other Users/alice/Tree/Leaf"');
      expect(tree.join('\n'), pattern).not.toContain('Hidden');
    }
    b.close();
  });
});

describe('existence never leaks', () => {
  // bob has no way to tell alice's mailbox he may not see from a name that does not exist:
  // every command gives him the same bytes for both.
  const COMMANDS: Array<(box: string) => string> = [
    (box) => `SELECT ${box}`,
    (box) => `EXAMINE ${box}`,
    (box) => `STATUS ${box} (MESSAGES UIDNEXT)`,
    (box) => `LIST "" ${box}`,
    (box) => `LIST (SUBSCRIBED) "" ${box} RETURN (CHILDREN)`,
    (box) => `LSUB "" ${box}`,
    (box) => `SUBSCRIBE ${box}`,
    (box) => `UNSUBSCRIBE ${box}`,
    (box) => `CREATE ${box}`,
    (box) => `CREATE ${box.replace(/"$/, '/child"')}`,
    (box) => `DELETE ${box}`,
    (box) => `RENAME ${box} "Other Users/alice/Elsewhere"`,
    (box) => `RENAME "Mine-bob" ${box}`,
    (box) => `RENAME "Mine-bob" ${box.replace(/"$/, '/child"')}`,
    (box) => `APPEND ${box} {12+}\r\nSubject: x\r\n`,
    (box) => `GETACL ${box}`,
    (box) => `SETACL ${box} carol lr`,
    (box) => `DELETEACL ${box} carol`,
    (box) => `LISTRIGHTS ${box} carol`,
    (box) => `MYRIGHTS ${box}`,
    (box) => `GETMETADATA ${box} /shared/comment`,
    (box) => `SETMETADATA ${box} (/shared/comment "x")`,
    (box) => `COPY 1 ${box}`,
    (box) => `MOVE 1 ${box}`,
    (box) => `UID COPY 1:* ${box}`,
    (box) => `LIST "" ${box.replace(/"$/, '*"')}`,
    (box) => `LIST "" ${box.replace(/"$/, '%"')}`,
    (box) => `LIST "" ${box.replace(/"$/, '/%"')}`,
    (box) => `STATUS ${box.replace(/"$/, '/child"')} (MESSAGES)`,
    (box) => `NOTIFY SET STATUS (MAILBOXES ${box} (MessageNew MessageExpunge))`,
  ];

  /** alice's `Secret-<kind>` mailbox, invisible to bob in the way `grant` makes it. */
  const KINDS: Array<[kind: string, grant: string[]]> = [
    ['no entry', []],
    ['rights, but none of l r i k x a', ['SETACL Secret-p bob pswte']],
    ['-bob lr against anyone lr', ['SETACL Secret-n anyone lr', 'SETACL Secret-n -bob lr']],
  ];

  it.each(KINDS)('%s: same answers as for a name that does not exist', async (_kind, grant) => {
    const box = grant.length === 0 ? 'Secret-0' : /^SETACL (\S+)/.exec(grant[0]!)![1]!;
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    await a.must(`CREATE ${box}`);
    await a.must(`CREATE ${box}/child`);
    await a.must(`SETMETADATA ${box} (/shared/comment "secret")`);
    const answer = await a.append(box, message('secret'));
    expect(answer).toMatch(/^OK /);
    for (const line of grant) await a.must(line);
    a.close();

    const b = await Peer.login(server.port, 'bob', 'pw');
    await b.run('CREATE Mine-bob');
    if ((await b.must('STATUS INBOX (MESSAGES)'))[0]!.endsWith('(MESSAGES 0)')) expect(await b.append('INBOX', message('bob'))).toMatch(/^OK /);
    const differences: string[] = [];
    for (const command of COMMANDS) {
      const ask = async (name: string): Promise<string> => {
        // The same tag for both, so the bytes can be compared whole.
        const text = command(`"Other Users/alice/${name}"`);
        b.raw.write(`x ${text}\r\n`);
        const got = await b.raw.until('x');
        return got.join('').split(name).join('<name>');
      };
      // Each ask starts from the same state: bob's INBOX selected.
      await b.must('SELECT INBOX');
      const existing = await ask(box);
      await b.must('SELECT INBOX');
      const missing = await ask('Nothing-here');
      if (existing !== missing) differences.push(`${command('<name>')}:\n  real:    ${JSON.stringify(existing)}\n  missing: ${JSON.stringify(missing)}`);
    }
    b.close();
    expect(differences, differences.join('\n')).toEqual([]);
    // Nothing bob did touched alice's mailbox.
    const check = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    expect(await check.must(`STATUS ${box} (MESSAGES)`)).toEqual([`* STATUS ${box} (MESSAGES 1)`]);
    expect(await check.must(`GETMETADATA ${box} /shared/comment`)).toEqual([`* METADATA ${box} (/shared/comment "secret")`]);
    const acl = aclPairs((await check.must(`GETACL ${box}`))[0]!);
    expect(acl.map(([id]) => id)).not.toContain('carol');
    check.close();
  });
});

describe('ACLs through the life of a mailbox', () => {
  it('rights taken away while bob has the mailbox selected: it stays selected, each command re-checks', async () => {
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    const b = await Peer.login(server.port, 'bob', 'pw');
    await a.must('CREATE Revoked');
    expect(await a.append('Revoked', message('r'))).toMatch(/^OK /);
    await a.must('SETACL Revoked bob lrst');
    expect((await b.run('SELECT "Other Users/alice/Revoked"')).tagged).toBe('OK [READ-WRITE] SELECT completed');
    await a.must('SETACL Revoked bob lr');
    expect((await b.run('STORE 1 +FLAGS (\\Seen)')).tagged).toMatch(/^NO \[NOPERM\] /);
    expect((await b.run('STORE 1 +FLAGS (\\Deleted)')).tagged).toMatch(/^NO \[NOPERM\] /);
    const fetched = await b.run('FETCH 1 (FLAGS)');
    expect(fetched.tagged).toBe('OK FETCH completed');
    expect(fetchedFlags(fetched.untagged.join(' '))).not.toContain('\\Seen');
    a.close();
    b.close();
  });

  it('DELETE removes the ACL: a new mailbox of the same name starts with none', async () => {
    await alice(`
      C: a CREATE Reborn
      S: a OK CREATE completed
      C: b SETACL Reborn bob lr
      S: b OK SETACL completed
      C: c DELETE Reborn
      S: c OK DELETE completed
      C: d CREATE Reborn
      S: d OK CREATE completed
      C: e GETACL Reborn
      S: * ACL Reborn alice ${ALL_RIGHTS_SHOWN}
      S: e OK GETACL completed
    `);
    await bob(`
      C: a MYRIGHTS "Other Users/alice/Reborn"
      S: a NO [NONEXISTENT] Mailbox does not exist
    `);
  });

  it('RENAME never crosses accounts: NO [CANNOT] even with every right on both sides', async () => {
    await alice(`
      C: a CREATE Crossing
      S: a OK CREATE completed
      C: b SETACL Crossing bob ${RIGHTS}
      S: b OK SETACL completed
      C: c SETACL INBOX bob ${RIGHTS}
      S: c OK SETACL completed
    `);
    await bob(`
      C: a CREATE Bobs
      S: a OK CREATE completed
      C: b RENAME "Other Users/alice/Crossing" Taken
      S: b NO [CANNOT] <*>
      C: c RENAME Bobs "Other Users/alice/Bobs"
      S: c NO [CANNOT] <*>
      C: d RENAME "Other Users/alice/Crossing" "Other Users/alice/Crossed"
      S: d OK RENAME completed
    `);
    await alice(`
      C: a LIST "" Cross*
      S: * LIST (\\HasNoChildren) "/" Crossed
      S: a OK LIST completed
      C: b DELETEACL INBOX bob
      S: b OK DELETEACL completed
    `);
  });
});

describe('identifiers (RFC 4314 §3: SASLprep)', () => {
  it('are prepared with SASLprep: a soft hyphen is mapped to nothing; an empty result or a control is BAD', () =>
    alice(`
      C: a CREATE Prepared
      S: a OK CREATE completed
      C: b SETACL Prepared {5+}\\r\\nbob\u00AD lr
      S: b OK SETACL completed
      C: c GETACL Prepared
      S: * ACL Prepared alice ${ALL_RIGHTS_SHOWN} bob lr
      S: c OK GETACL completed
      C: d SETACL Prepared {2+}\\r\\n\u00AD lr
      S: d BAD <*>
      C: e SETACL Prepared {4+}\\r\\nbob\u0007 lr
      S: e BAD <*>
      C: f GETACL Prepared
      S: * ACL Prepared alice ${ALL_RIGHTS_SHOWN} bob lr
      S: f OK GETACL completed
    `));

  it('are case-sensitive: Bob is not bob', () =>
    alice(`
      C: a CREATE CaseBox
      S: a OK CREATE completed
      C: b SETACL CaseBox Bob lr
      S: b NO [CANNOT] Unknown identifier
      C: c GETACL CaseBox
      S: * ACL CaseBox alice ${ALL_RIGHTS_SHOWN}
      S: c OK GETACL completed
    `));
});
