// A mailbox alice shares with bob, used live: IDLE and NOTIFY (RFC 2177, RFC 5465) tell bob
// of alice's changes and alice of bob's, as for their own mailboxes (contract: "IDLE /
// NOTIFY"); and imapflow, a real client, lists and opens the shared mailbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectFlow } from '../support/imapflow.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { Peer, fetchedFlags, message } from './helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.server.store.createUser('bob', 'pw');
});

afterAll(() => server?.stop());

async function both(): Promise<[Peer, Peer]> {
  return [await Peer.login(server.port, 'alice', TEST_PASSWORD), await Peer.login(server.port, 'bob', 'pw')];
}

async function appended(peer: Peer, mailbox: string, subject: string, flags = ''): Promise<void> {
  expect(await peer.append(mailbox, message(subject), flags)).toMatch(/^OK \[APPENDUID \d+ \d+\] /);
}

/** Starts IDLE on `peer` (tag returned) and waits for the continuation. */
async function idle(peer: Peer): Promise<string> {
  const tag = peer.nextTag();
  peer.raw.send(`${tag} IDLE`);
  expect(await peer.raw.next()).toBe('+ idling\r\n');
  return tag;
}

/** Ends IDLE; the responses before the tagged OK. */
async function done(peer: Peer, tag: string): Promise<string[]> {
  peer.raw.send('DONE');
  const got = (await peer.raw.until(tag)).map((l) => l.replace(/\r\n$/, ''));
  expect(got.pop()).toBe(`${tag} OK IDLE terminated`);
  return got;
}

describe('IDLE in a shared mailbox', () => {
  it('bob (lr) idles in Other Users/alice/Box and hears of alice\'s APPEND', async () => {
    const [alice, bob] = await both();
    await alice.must('CREATE Box');
    await alice.must('SETACL Box bob lr');
    const { tagged } = await bob.run('SELECT "Other Users/alice/Box"');
    expect(tagged).toBe('OK [READ-ONLY] SELECT completed');
    const tag = await idle(bob);
    await appended(alice, 'Box', 'for bob');
    expect(await bob.raw.next(2000)).toBe('* 1 EXISTS\r\n');
    // Whether the new message is \Recent for a READ-ONLY session is the server's affair.
    for (const line of await done(bob, tag)) expect(line).toMatch(/^\* \d+ RECENT$/);
    const fetched = await bob.must('FETCH 1 (BODY.PEEK[HEADER.FIELDS (SUBJECT)])');
    expect(fetched.join('\n')).toContain('Subject: for bob');
    alice.close();
    bob.close();
  });

  it('bob (lr) idling hears alice\'s flag change and EXPUNGE', async () => {
    const [alice, bob] = await both();
    await alice.must('CREATE ChangeBox');
    await appended(alice, 'ChangeBox', 'to change');
    await alice.must('SETACL ChangeBox bob lr');
    await bob.must('SELECT "Other Users/alice/ChangeBox"');
    const tag = await idle(bob);
    await alice.must('SELECT ChangeBox');
    await alice.must('STORE 1 +FLAGS.SILENT (\\Flagged \\Deleted)');
    const pushed = (await bob.raw.next(2000)).replace(/\r\n$/, '');
    expect(pushed).toMatch(/^\* 1 FETCH \(/);
    expect(fetchedFlags(pushed)).toEqual(expect.arrayContaining(['\\Flagged', '\\Deleted']));
    await alice.must('EXPUNGE');
    expect(await bob.raw.next(2000)).toBe('* 1 EXPUNGE\r\n');
    expect(await done(bob, tag)).toEqual([]);
    alice.close();
    bob.close();
  });

  it('bob (lrs) sets \\Seen; alice, idling in her own Box, hears it and sees it', async () => {
    const [alice, bob] = await both();
    await alice.must('CREATE SeenBox');
    await appended(alice, 'SeenBox', 'to be read');
    await alice.must('SETACL SeenBox bob lrs');
    await alice.must('SELECT SeenBox');
    const tag = await idle(alice);

    const select = await bob.run('SELECT "Other Users/alice/SeenBox"');
    expect(select.tagged).toBe('OK [READ-WRITE] SELECT completed');
    const store = await bob.run('STORE 1 +FLAGS (\\Seen)');
    expect(store.tagged).toBe('OK STORE completed');
    expect(fetchedFlags(store.untagged.join(' '))).toContain('\\Seen');

    const pushed = (await alice.raw.next(2000)).replace(/\r\n$/, '');
    expect(pushed).toMatch(/^\* 1 FETCH \(/);
    expect(fetchedFlags(pushed)).toContain('\\Seen');
    await done(alice, tag);
    expect(fetchedFlags((await alice.must('FETCH 1 (FLAGS)')).join(' '))).toContain('\\Seen');
    alice.close();
    bob.close();
  });

  it('bob (lr) cannot set \\Seen, neither by STORE nor by FETCH BODY[]', async () => {
    const [alice, bob] = await both();
    await alice.must('CREATE NoSeenBox');
    await appended(alice, 'NoSeenBox', 'not to be read');
    await alice.must('SETACL NoSeenBox bob lr');
    await bob.must('SELECT "Other Users/alice/NoSeenBox"');
    const refused = await bob.run('STORE 1 +FLAGS (\\Seen)');
    expect(refused.tagged).toMatch(/^NO \[(NOPERM|READ-ONLY)\] /);
    const fetchAsBob = await bob.must('FETCH 1 (BODY[])');
    expect(fetchedFlags(fetchAsBob.join(' ')) ?? []).not.toContain('\\Seen');
    await alice.must('SELECT NoSeenBox');
    expect(fetchedFlags((await alice.must('FETCH 1 (FLAGS)')).join(' '))).not.toContain('\\Seen');
    alice.close();
    bob.close();
  });
});

describe('NOTIFY for a shared mailbox', () => {
  it('bob hears alice\'s APPEND while he may read, not while he may not', async () => {
    const [alice, bob] = await both();
    await alice.must('CREATE NotifyBox');
    await alice.must('SETACL NotifyBox bob lr');
    const name = '"Other Users/alice/NotifyBox"';
    expect((await bob.run(`NOTIFY SET (MAILBOXES ${name} (MessageNew MessageExpunge))`)).tagged).toBe('OK NOTIFY completed');

    await appended(alice, 'NotifyBox', 'one');
    expect(await bob.raw.next(2000)).toBe(`* STATUS ${name} (UIDNEXT 2 MESSAGES 1)\r\n`);

    // With l alone (he may see the mailbox, not read it) bob is told nothing of the second
    // message; with no rights, that he lost access (RFC 5465 §5.9: LIST \NoAccess once `l`
    // goes) and nothing of the third...
    await alice.must('SETACL NotifyBox bob l');
    await appended(alice, 'NotifyBox', 'two');
    await alice.must('DELETEACL NotifyBox bob');
    expect(await bob.raw.next(2000)).toBe(`* LIST (\\NoAccess) "/" ${name}\r\n`);
    await appended(alice, 'NotifyBox', 'three');
    // ...so once he may read again he is told the mailbox is back (§5.9: LIST without
    // \NoAccess), and then hears of the fourth message, not of the second or third.
    await alice.must('SETACL NotifyBox bob lr');
    expect(await bob.raw.next(2000)).toBe(`* LIST (\\HasNoChildren) "/" ${name}\r\n`);
    await appended(alice, 'NotifyBox', 'four');
    expect(await bob.raw.next(2000)).toBe(`* STATUS ${name} (UIDNEXT 5 MESSAGES 4)\r\n`);
    alice.close();
    bob.close();
  });
});

describe('imapflow as bob', () => {
  it('lists Other Users/alice/FlowBox and opens it', async () => {
    const alice = await Peer.login(server.port, 'alice', TEST_PASSWORD);
    await alice.must('CREATE FlowBox');
    await appended(alice, 'FlowBox', 'through imapflow', '\\Flagged');
    await alice.must('SETACL FlowBox bob lr');
    alice.close();

    const { client, violations } = await connectFlow(server.port, 'bob', 'pw');
    try {
      const list = await client.list();
      const shared = list.find((m) => m.path === 'Other Users/alice/FlowBox');
      expect(shared, JSON.stringify(list.map((m) => m.path))).toBeDefined();
      expect(shared!.delimiter).toBe('/');
      const box = await client.mailboxOpen('Other Users/alice/FlowBox');
      expect(box.exists).toBe(1);
      expect(box.readOnly).toBe(true);
      const msg = await client.fetchOne('1', { envelope: true, flags: true });
      expect(msg && msg.envelope?.subject).toBe('through imapflow');
      expect(msg && [...(msg.flags ?? [])]).toContain('\\Flagged');
      await client.logout();
    } finally {
      client.close();
    }
    expect(violations).toEqual([]);
  });
});
