// The shared namespace (RFC 2342 §5, contract "Names"): an account of kind 'shared' cannot log
// in; its mailbox M is "Shared/<account>/M" to whoever has rights on it, and invisible until an
// ACL grants them. Nobody can log in as the account to grant the first rights, so the operator
// grants them through the store (Store.setAcl); from then on a user with `a` administers the
// mailbox on the wire.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { User } from '../../src/store/types.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { runTranscript } from '../support/transcript.js';
import { ALL_RIGHTS_SHOWN, Peer } from './helpers.js';

let server: TestServer;
let publicAccount: User;
let alice: User;

beforeAll(async () => {
  server = await startTestServer();
  await server.server.store.createUser('bob', 'pw');
  await server.server.store.createUser('carol', 'pw');
  publicAccount = await server.server.store.createUser('public', 'x', { kind: 'shared' });
  alice = (await server.server.store.getUser('alice'))!;
});

afterAll(() => server?.stop());

/** The operator grants `rights` on public's INBOX to `grantee` (null: anyone). */
async function grantOnPublicInbox(grantee: number | null, rights: string): Promise<void> {
  const store = server.server.store;
  const inbox = await store.getMailbox(publicAccount.id, 'INBOX');
  expect(inbox).not.toBeNull();
  await store.setAcl(inbox!.id, grantee, false, rights);
}

const AS_ALICE = `
  S: * OK [CAPABILITY <*>] cpm-imapd ready
  C: L LOGIN alice ${TEST_PASSWORD}
  S: L OK [CAPABILITY <*>] Logged in
`;

describe('an account of kind shared', () => {
  it('cannot log in, with LOGIN or AUTHENTICATE PLAIN, even with its password', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a LOGIN public x
      S: a NO [AUTHENTICATIONFAILED] <*>
      C: b AUTHENTICATE PLAIN ${Buffer.from('\0public\0x').toString('base64')}
      S: b NO [AUTHENTICATIONFAILED] <*>
      C: c LOGIN alice ${TEST_PASSWORD}
      S: c OK <*>
    `,
    ));

  it('is invisible until granted: the same answers as for an account that does not exist', async () => {
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    for (const command of ['SELECT', 'STATUS', 'MYRIGHTS']) {
      const suffix = command === 'STATUS' ? ' (MESSAGES)' : '';
      const real = await a.run(`${command} "Shared/public/INBOX"${suffix}`);
      const none = await a.run(`${command} "Shared/nobody/INBOX"${suffix}`);
      expect(real.tagged, command).toBe('NO [NONEXISTENT] Mailbox does not exist');
      expect(none.tagged, command).toBe(real.tagged);
      expect(real.untagged, command).toEqual(none.untagged);
    }
    const listed = await a.must('LIST "" "Shared/*"');
    expect(listed.filter((l) => l.includes('Shared/public'))).toEqual([]);
    a.close();
  });

  it('once granted lr through the store, alice lists and selects Shared/public/INBOX read-only', async () => {
    await grantOnPublicInbox(alice.id, 'lr');
    await runTranscript(
      server.port,
      `${AS_ALICE}
      C: a LIST "" "Shared/public/*"
      S: * LIST (\\HasNoChildren) "/" Shared/public/INBOX
      S: a OK LIST completed
      C: b MYRIGHTS "Shared/public/INBOX"
      S: * MYRIGHTS Shared/public/INBOX lr
      S: b OK MYRIGHTS completed
      C: c STATUS "Shared/public/INBOX" (MESSAGES)
      S: * STATUS Shared/public/INBOX (MESSAGES 0)
      S: c OK STATUS completed
      C: d EXAMINE "Shared/public/INBOX"
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: d OK [READ-ONLY] EXAMINE completed
      C: e SELECT "Shared/public/INBOX"
      S: * OK [CLOSED] Previous mailbox closed
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: e OK [READ-ONLY] SELECT completed
      C: f GETACL "Shared/public/INBOX"
      S: f NO [NOPERM] <*>
      C: g APPEND "Shared/public/INBOX" {12+}\\r\\nSubject: x\\r\\n
      S: g NO [NOPERM] <*>
      C: h MYRIGHTS "Other Users/public/INBOX"
      S: h NO [NONEXISTENT] Mailbox does not exist
      C: Z LOGOUT
      S: * BYE cpm-imapd logging out
      S: Z OK LOGOUT completed
      S: (closed)
    `,
    );
    // bob has no entry: still invisible to him.
    const b = await Peer.login(server.port, 'bob', 'pw');
    expect((await b.run('SELECT "Shared/public/INBOX"')).tagged).toBe('NO [NONEXISTENT] Mailbox does not exist');
    b.close();
  });

  it('with i and a from the operator, alice appends and grants bob on the wire', async () => {
    await grantOnPublicInbox(alice.id, 'lria');
    const a = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    expect(await a.append('"Shared/public/INBOX"', 'Subject: notice\r\n\r\nHello all.\r\n')).toMatch(/^OK \[APPENDUID \d+ 1\] /);
    expect((await a.run('SETACL "Shared/public/INBOX" bob lr')).tagged).toBe('OK SETACL completed');
    expect((await a.run('SETACL "Shared/public/INBOX" public lr')).tagged).toMatch(/^NO \[CANNOT\] /);
    const [acl] = await a.must('GETACL "Shared/public/INBOX"');
    const words = acl!.replace(/^\* ACL Shared\/public\/INBOX /, '').split(' ');
    // The owner's implicit entry first, then the stored ones.
    expect(words.slice(0, 2)).toEqual(['public', ALL_RIGHTS_SHOWN]);
    const stored = [];
    for (let i = 2; i + 1 < words.length; i += 2) stored.push(`${words[i]} ${words[i + 1]}`);
    expect(stored.sort()).toEqual(['alice lria', 'bob lr']);
    a.close();

    const b = await Peer.login(server.port, 'bob', 'pw');
    const { untagged, tagged } = await b.run('STATUS "Shared/public/INBOX" (MESSAGES)');
    expect(tagged).toBe('OK STATUS completed');
    expect(untagged).toEqual(['* STATUS Shared/public/INBOX (MESSAGES 1)']);
    b.close();
  });

  it('anyone granted through the store: carol sees it too', async () => {
    const c = await Peer.login(server.port, 'carol', 'pw');
    expect((await c.run('MYRIGHTS "Shared/public/INBOX"')).tagged).toBe('NO [NONEXISTENT] Mailbox does not exist');
    await grantOnPublicInbox(null, 'l');
    const { untagged } = await c.run('MYRIGHTS "Shared/public/INBOX"');
    expect(untagged).toEqual(['* MYRIGHTS Shared/public/INBOX l']);
    const listed = await c.must('LIST "" "Shared/public/*"');
    expect(listed).toEqual(['* LIST (\\HasNoChildren) "/" Shared/public/INBOX']);
    c.close();
  });
});
