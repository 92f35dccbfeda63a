// ENABLE METADATA (RFC 5464 §4.4.2): a session hears of entry changes on mailboxes it may use,
// its own and shared ones. Changes other accounts make to mailboxes the user may not see must
// not pile up in the session (a memory and work amplifier for any account on the server): they
// are dropped when they happen, not when the session next reports.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { Peer } from '../acl/helpers.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await server.server.store.createUser('bob', 'pw');
});

afterAll(() => server?.stop());

it('entry changes on mailboxes bob cannot see leave nothing waiting in his session', async () => {
  const alice = await Peer.login(server.port, 'alice', TEST_PASSWORD);
  const bob = await Peer.login(server.port, 'bob', 'pw');
  await bob.must('ENABLE METADATA');
  await alice.must('CREATE Seen-by-bob');
  await alice.must('SETACL Seen-by-bob bob lr');
  for (let i = 0; i < 20; i++) await alice.must(`CREATE Private${i}`);
  for (let i = 0; i < 20; i++) await alice.must(`SETMETADATA Private${i} (/shared/comment "c${i}")`);
  await alice.must('SETMETADATA Seen-by-bob (/shared/comment "for bob")');

  const lookups = vi.spyOn(server.server.store, 'getMailboxById');
  try {
    // Bob hears of the one he may see, and his session looks up nothing else to tell him.
    expect(await bob.run('NOOP')).toEqual({ untagged: ['* METADATA "Other Users/alice/Seen-by-bob" /shared/comment'], tagged: 'OK NOOP completed' });
    expect(lookups.mock.calls.length).toBeLessThanOrEqual(1);
  } finally {
    lookups.mockRestore();
  }
  alice.close();
  bob.close();
});
