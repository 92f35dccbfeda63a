// Adversarial probes of the ACL code that found it sound: name tricks that must answer exactly
// as a mailbox that does not exist, reads that must not set \Seen without `s`, a selected
// session that loses its rights, and an account deleted and created again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { Peer, fetchedFlags, message } from '../acl/helpers.js';

let server: TestServer;
let alice: Peer;

beforeAll(async () => {
  server = await startTestServer();
  await server.server.store.createUser('bob', 'pw');
  alice = await Peer.login(server.port, 'alice', TEST_PASSWORD);
  await alice.must('CREATE Box');
  await alice.must('SETACL Box bob lr');
});

afterAll(() => {
  alice?.close();
  return server?.stop();
});

const MISSING = { untagged: [], tagged: 'NO [NONEXISTENT] Mailbox does not exist' };

describe('names that reach nothing answer as a missing mailbox', () => {
  it.each([
    'Other Users/ALICE/Box', // user names are exact
    'other users/alice/Box', // so are namespace prefixes
    'Other Users/alice/box', // and mailbox names below INBOX
    'Other Users/alice/../alice/Box',
    'Other Users/alice//Box',
    'Other Users/bob/INBOX', // oneself through Other Users/
    'Shared/alice/Box', // a user account through the shared namespace
    'Other Users/nobody/INBOX',
    'Other Users/alice',
    'Other Users',
  ])('%s', async (name) => {
    const bob = await Peer.login(server.port, 'bob', 'pw');
    for (const command of [`STATUS "${name}" (MESSAGES)`, `EXAMINE "${name}"`, `MYRIGHTS "${name}"`, `GETACL "${name}"`, `DELETE "${name}"`]) {
      expect(await bob.run(command), command).toEqual(MISSING);
    }
    bob.close();
  });

  it('the same name spelled in modified UTF-7 is the same mailbox, no other', async () => {
    await alice.must('CREATE B&APw-cher');
    const bob = await Peer.login(server.port, 'bob', 'pw');
    expect(await bob.run('STATUS "Other Users/alice/B&APw-cher" (MESSAGES)')).toEqual(MISSING);
    await alice.must('SETACL B&APw-cher bob lr');
    expect(await bob.run('STATUS "Other Users/alice/B&APw-cher" (MESSAGES)')).toEqual({
      untagged: ['* STATUS "Other Users/alice/B&APw-cher" (MESSAGES 0)'],
      tagged: 'OK STATUS completed',
    });
    bob.close();
  });
});

describe('reading with r alone never sets \\Seen (RFC 4314 §4)', () => {
  it.each(['BINARY[]', 'BINARY[1]', 'RFC822.TEXT', 'BODY[1]', 'BODY[TEXT]', 'RFC822'])('FETCH %s', async (item) => {
    await alice.must('CREATE ReadOnce');
    expect(await alice.append('ReadOnce', message('unread'))).toMatch(/^OK /);
    await alice.must('SETACL ReadOnce bob lrwi'); // READ-WRITE, but no s
    const bob = await Peer.login(server.port, 'bob', 'pw');
    expect((await bob.run('SELECT "Other Users/alice/ReadOnce"')).tagged).toBe('OK [READ-WRITE] SELECT completed');
    const fetched = await bob.must(`FETCH 1 (${item})`);
    expect(fetchedFlags(fetched.join(' ')) ?? []).not.toContain('\\Seen');
    bob.close();
    await alice.must('SELECT ReadOnce');
    expect(fetchedFlags((await alice.must('FETCH 1 (FLAGS)')).join(' '))).not.toContain('\\Seen');
    await alice.must('CLOSE');
    await alice.must('DELETE ReadOnce');
  });
});

describe('a selected mailbox whose rights are taken away keeps no write power', () => {
  it('STORE, EXPUNGE, UID EXPUNGE, MOVE are refused, CLOSE expunges nothing, APPEND is refused', async () => {
    await alice.must('CREATE Revoked');
    for (const s of ['one', 'two']) expect(await alice.append('Revoked', message(s), '\\Deleted')).toMatch(/^OK /);
    await alice.must('SETACL Revoked bob lrswite');
    const bob = await Peer.login(server.port, 'bob', 'pw');
    await bob.must('SELECT "Other Users/alice/Revoked"');
    await alice.must('DELETEACL Revoked bob');
    expect((await bob.run('STORE 1 +FLAGS (\\Flagged)')).tagged).toBe('NO [NOPERM] Permission denied (no right to change these flags)');
    expect((await bob.run('STORE 1 -FLAGS (\\Deleted)')).tagged).toBe('NO [NOPERM] Permission denied (no right to change these flags)');
    expect((await bob.run('EXPUNGE')).tagged).toBe('NO [NOPERM] Permission denied (needs right e)');
    expect((await bob.run('UID EXPUNGE 1:*')).tagged).toBe('NO [NOPERM] Permission denied (needs right e)');
    expect((await bob.run('MOVE 1 INBOX')).tagged).toMatch(/^NO \[NOPERM\] /);
    expect(await bob.append('"Other Users/alice/Revoked"', message('three'))).toBe('NO [TRYCREATE] Mailbox does not exist');
    expect((await bob.run('CLOSE')).tagged).toBe('OK CLOSE completed');
    bob.close();
    await alice.must('SELECT Revoked');
    const flags = (await alice.must('FETCH 1:* (FLAGS)')).map(fetchedFlags);
    expect(flags.map((f) => [...(f ?? [])].filter((x) => x !== '\\Recent').sort())).toEqual([['\\Deleted'], ['\\Deleted']]);
    await alice.must('CLOSE');
  });
});

describe('an account deleted and created again', () => {
  it('the new account of the same name inherits no entry', async () => {
    await server.server.store.createUser('dave', 'pw');
    await alice.must('CREATE ForDave');
    await alice.must('SETACL ForDave dave lr');
    await alice.must('SETACL ForDave -dave w');
    await server.server.store.deleteUser('dave');
    expect(await alice.must('GETACL ForDave')).toEqual([`* ACL ForDave alice lrswipkxteacd`]);
    await server.server.store.createUser('dave', 'pw');
    const dave = await Peer.login(server.port, 'dave', 'pw');
    expect(await dave.run('MYRIGHTS "Other Users/alice/ForDave"')).toEqual(MISSING);
    expect((await dave.must('LIST "" "Other Users/*"'))).toEqual([]);
    dave.close();
  });
});
