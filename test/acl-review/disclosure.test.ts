// Adversarial review of the ACL code (RFC 4314): what bob can learn of, or do to, alice's
// mailboxes beyond what his rights allow. Each test pins one hole that was found open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { Peer, message } from '../acl/helpers.js';

let server: TestServer;
let alice: Peer;
let bob: Peer;

beforeAll(async () => {
  server = await startTestServer();
  await server.server.store.createUser('bob', 'pw');
  alice = await Peer.login(server.port, 'alice', TEST_PASSWORD);
  bob = await Peer.login(server.port, 'bob', 'pw');
});

afterAll(() => {
  alice?.close();
  bob?.close();
  return server?.stop();
});

describe('UIDPLUS codes for a mailbox bob may insert into but not read (RFC 4315 §3)', () => {
  // "the server SHOULD NOT send an APPENDUID or COPYUID response code as it would disclose
  // information about the mailbox": UIDVALIDITY, and through the UIDs how much mail came in.
  it('APPEND with i (and l) but no r answers without APPENDUID; with r it has one', async () => {
    await alice.must('CREATE DropBox');
    await alice.must('SETACL DropBox bob li');
    expect(await bob.append('"Other Users/alice/DropBox"', message('blind'))).toBe('OK APPEND completed');
    await alice.must('SETACL DropBox bob i');
    expect(await bob.append('"Other Users/alice/DropBox"', message('blind'))).toBe('OK APPEND completed');
    await alice.must('SETACL DropBox bob ir');
    expect(await bob.append('"Other Users/alice/DropBox"', message('seen'))).toMatch(/^OK \[APPENDUID \d+ 3\] APPEND completed$/);
  });

  it('COPY and MOVE into such a mailbox answer without COPYUID', async () => {
    await alice.must('CREATE CopyDrop');
    await alice.must('SETACL CopyDrop bob i');
    await bob.must('CREATE Outbox');
    for (let i = 0; i < 2; i++) expect(await bob.append('Outbox', message(`m${i}`))).toMatch(/^OK /);
    await bob.must('SELECT Outbox');
    expect(await bob.run('COPY 1 "Other Users/alice/CopyDrop"')).toEqual({ untagged: [], tagged: 'OK COPY completed' });
    expect(await bob.run('MOVE 1 "Other Users/alice/CopyDrop"')).toEqual({ untagged: ['* 1 EXPUNGE'], tagged: 'OK MOVE completed' });
    await bob.must('CLOSE');
    await alice.must('SELECT CopyDrop');
    expect((await alice.must('SEARCH ALL'))[0]).toBe('* SEARCH 1 2');
    await alice.must('CLOSE');
  });
});

describe('CREATE and RENAME in alice\'s tree with only l or r on her INBOX', () => {
  // Without `k` anywhere bob can create nothing; the refusal must not depend on whether a
  // mailbox he cannot see sits on the way (RFC 4314 §4: invisible = nonexistent).
  it('a hidden mailbox as the nearest parent answers as an absent one does', async () => {
    await alice.must('CREATE Diary');
    await alice.must('SETACL INBOX bob lr');
    const hidden = await bob.run('CREATE "Other Users/alice/Diary/probe"');
    const absent = await bob.run('CREATE "Other Users/alice/NoSuchBox/probe"');
    expect(absent.tagged).toBe('NO [NOPERM] Permission denied (needs right k)');
    expect(hidden).toEqual(absent);
  });

  it('the same for the new name of a RENAME', async () => {
    await alice.must('CREATE Movable');
    await alice.must('SETACL Movable bob lrx');
    const hidden = await bob.run('RENAME "Other Users/alice/Movable" "Other Users/alice/Diary/probe"');
    const absent = await bob.run('RENAME "Other Users/alice/Movable" "Other Users/alice/NoSuchBox/probe"');
    expect(absent.tagged).toBe('NO [NOPERM] Permission denied (needs right k)');
    expect(hidden).toEqual(absent);
  });

  it('with k on her INBOX, a hidden parent still refuses a child (NOPERM, nothing created)', async () => {
    await alice.must('SETACL INBOX bob lrk');
    expect(await bob.run('CREATE "Other Users/alice/Diary/planted"')).toEqual({ untagged: [], tagged: 'NO [NOPERM] Permission denied (needs right k)' });
    expect(await alice.must('LIST "" "Diary/*"')).toEqual([]);
    await alice.must('SETACL INBOX bob lr');
  });

  it('with no right on her INBOX either, both are NONEXISTENT', async () => {
    await alice.must('DELETEACL INBOX bob');
    const hidden = await bob.run('CREATE "Other Users/alice/Diary/probe"');
    const absent = await bob.run('CREATE "Other Users/alice/NoSuchBox/probe"');
    expect(absent.tagged).toBe('NO [NONEXISTENT] Mailbox does not exist');
    expect(hidden).toEqual(absent);
  });
});

describe('INBOX spelled in any case in another user\'s names', () => {
  // RFC 3501 §5.1: INBOX is case-insensitive, also as the first level of a longer name; alice's
  // own "inbox/Sub" means INBOX/Sub, so bob's must too, or he plants a name she cannot reach.
  it('Other Users/alice/inbox/Sub is her INBOX/Sub', async () => {
    await alice.must('SETACL INBOX bob lrk');
    expect((await bob.run('CREATE "Other Users/alice/inbox/Sub"')).tagged).toBe('OK CREATE completed');
    const listed = await alice.must('LIST "" "*"');
    expect(listed).toContain('* LIST (\\HasNoChildren) "/" INBOX/Sub');
    expect(listed.filter((l) => l.includes('"/" inbox'))).toEqual([]);
    expect((await bob.run('SELECT "Other Users/alice/iNbOx/Sub"')).tagged).toBe('OK [READ-ONLY] SELECT completed');
    await bob.must('CLOSE');
    expect((await alice.run('DELETE inbox/Sub')).tagged).toBe('OK DELETE completed');
    await alice.must('DELETEACL INBOX bob');
  });
});
