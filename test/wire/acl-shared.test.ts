// Other users' and shared mailboxes as a user sees them: LIST / LSUB / LIST-STATUS under
// "Other Users/<owner>/" and "Shared/<account>/", with \Noselect names on the way; IDLE,
// NOTIFY and unsolicited METADATA for changes in them (RFC 4314, RFC 2342, RFC 5465).
import { describe, expect, it } from 'vitest';
import { addAccounts, useAccounts } from './acl-helpers.js';
import { append, exchange, expectLines, message, useWireServer } from './helpers.js';

const server = useWireServer();
const as = useAccounts(server, [['bob', 'user'], ['public', 'shared']]);

describe('shared mailboxes', () => {
  it('LIST shows what the user may look up, under the names they see it by; parents without l as \\Noselect', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE li-1', ['a OK CREATE completed']);
    await exchange(a, 'b', 'CREATE li-2/child', ['b OK CREATE completed']);
    await exchange(a, 'c', 'CREATE li-3', ['c OK CREATE completed']);
    await exchange(a, 'd', 'SETACL li-1 bob lr', ['d OK SETACL completed']);
    await exchange(a, 'e', 'SETACL li-2/child bob l', ['e OK SETACL completed']);
    await exchange(a, 'f', 'SETACL li-3 bob r', ['f OK SETACL completed']); // readable, not listed
    const b = await as('bob');
    await exchange(b, 'a', 'LIST "" "Other Users/*"', [
      '* LIST (\\Noselect \\HasChildren) "/" "Other Users/alice"',
      '* LIST (\\HasNoChildren) "/" "Other Users/alice/li-1"',
      '* LIST (\\Noselect \\HasChildren) "/" "Other Users/alice/li-2"',
      '* LIST (\\HasNoChildren) "/" "Other Users/alice/li-2/child"',
      'a OK LIST completed',
    ]);
    await exchange(b, 'b', 'LIST "Other Users/" %', ['* LIST (\\Noselect \\HasChildren) "/" "Other Users/alice"', 'b OK LIST completed']);
    await exchange(b, 'c', 'STATUS "Other Users/alice/li-3" (MESSAGES)', ['* STATUS "Other Users/alice/li-3" (MESSAGES 0)', 'c OK STATUS completed']);
    // LIST-STATUS: STATUS only where the user may read.
    await exchange(b, 'd', 'LIST "" "Other Users/alice/li-*" RETURN (STATUS (MESSAGES))', [
      '* LIST () "/" "Other Users/alice/li-1"',
      '* STATUS "Other Users/alice/li-1" (MESSAGES 0)',
      '* LIST (\\Noselect) "/" "Other Users/alice/li-2"',
      '* LIST () "/" "Other Users/alice/li-2/child"',
      'd OK LIST completed',
    ]);
    // LSUB: subscriptions are the user's, by the names the user sees.
    await exchange(b, 'e', 'SUBSCRIBE "Other Users/alice/li-1"', ['e OK SUBSCRIBE completed']);
    await exchange(b, 'f', 'LSUB "" "Other Users/*"', ['* LSUB () "/" "Other Users/alice/li-1"', 'f OK LSUB completed']);
    await exchange(a, 'g', 'DELETEACL li-1 bob', ['g OK DELETEACL completed']);
    await exchange(b, 'g', 'LSUB "" "Other Users/*"', ['* LSUB (\\Noselect) "/" "Other Users/alice/li-1"', 'g OK LSUB completed']);
    await exchange(b, 'h', 'LIST "" "Other Users/alice/li-1"', ['h OK LIST completed']);
  });

  it('the shared namespace: a shared account\'s INBOX given k to anyone lets users create there', async () => {
    await server.server.store.setAcl((await server.server.store.getMailbox((await server.server.store.getUser('public'))!.id, 'INBOX'))!.id, null, false, 'lrk');
    const b = await as('bob');
    await exchange(b, 'a', 'LIST "" %', [
      '* LIST (\\HasNoChildren) "/" INBOX',
      '* LIST (\\HasNoChildren \\Archive) "/" Archive',
      '* LIST (\\HasChildren) "/" CPM',
      '* LIST (\\HasNoChildren \\Drafts) "/" Drafts',
      '* LIST (\\HasNoChildren \\Junk) "/" Junk',
      '* LIST (\\Noselect \\HasChildren) "/" "Other Users"',
      '* LIST (\\HasNoChildren \\Sent) "/" Sent',
      '* LIST (\\Noselect \\HasChildren) "/" Shared',
      '* LIST (\\HasNoChildren \\Trash) "/" Trash',
      'a OK LIST completed',
    ]);
    await exchange(b, 'b', 'CREATE "Shared/public/News"', ['b OK CREATE completed']);
    await exchange(b, 'c', 'LIST "" "Shared/*"', [
      '* LIST (\\Noselect \\HasChildren) "/" Shared/public',
      '* LIST (\\HasNoChildren) "/" Shared/public/INBOX',
      '* LIST (\\HasNoChildren) "/" Shared/public/News',
      'c OK LIST completed',
    ]);
    await exchange(b, 'd', 'MYRIGHTS Shared/public/News', ['* MYRIGHTS Shared/public/News lrkc', 'd OK MYRIGHTS completed']);
    const a = await as('alice');
    await exchange(a, 'a', 'APPEND Shared/public/News {5+}\r\nx\r\n\r\n', ['a NO [NOPERM] Permission denied (needs right i)']);
  });

  it('IDLE: a session with another user\'s mailbox selected hears of its changes', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE id-1', ['a OK CREATE completed']);
    await exchange(a, 'b', 'SETACL id-1 bob lr', ['b OK SETACL completed']);
    const b = await as('bob');
    await exchange(b, 'a', 'EXAMINE "Other Users/alice/id-1"', ['* 0 EXISTS', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'a OK [READ-ONLY] EXAMINE completed']);
    b.send('i IDLE');
    expect(await b.next()).toBe('+ idling\r\n');
    await append(a, 'id-1', message('news'));
    expectLines([await b.next(), await b.next()], ['* 1 EXISTS', '* <n> RECENT']);
    b.send('DONE');
    expectLines(await b.until('i'), ['i OK IDLE terminated']);
  });

  it('NOTIFY: STATUS for a watched shared mailbox, also once granted later; personal leaves others\' mailboxes out', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE no-1', ['a OK CREATE completed']);
    const b = await as('bob');
    await exchange(b, 'a', 'NOTIFY SET (subtree "Other Users/alice/no-1" (MessageNew MessageExpunge))', ['a OK NOTIFY completed']);
    await exchange(a, 'b', 'SETACL no-1 bob lr', ['b OK SETACL completed']);
    await append(a, 'no-1', message('one'));
    expectLines([await b.next()], ['* STATUS "Other Users/alice/no-1" (UIDNEXT 2 MESSAGES 1)']);
    await exchange(b, 'b', 'NOTIFY SET (personal (MessageNew MessageExpunge))', ['b OK NOTIFY completed']);
    await append(a, 'no-1', message('two'));
    await exchange(b, 'c', 'NOOP', ['c OK NOOP completed']);
    // Without r nothing is reported.
    await exchange(b, 'd', 'NOTIFY SET (subtree "Other Users/alice/no-1" (MessageNew MessageExpunge))', ['d OK NOTIFY completed']);
    await exchange(a, 'c', 'SETACL no-1 bob l', ['c OK SETACL completed']);
    await append(a, 'no-1', message('three'));
    await exchange(b, 'e', 'NOOP', ['e OK NOOP completed']);
  });

  it('NOTIFY MailboxName in another account: only for mailboxes the user sees (or saw), by the names the user sees', async () => {
    await addAccounts(server, [['dave', 'user']]);
    const d = await as('dave');
    const b = await as('bob');
    await exchange(b, 'a', 'NOTIFY SET (subtree "Other Users/dave" (MailboxName))', ['a OK NOTIFY completed']);
    await exchange(d, 'a', 'CREATE mn-1', ['a OK CREATE completed']);
    await exchange(d, 'b', 'SETACL mn-1 bob lr', ['b OK SETACL completed']);
    await exchange(d, 'c', 'CREATE mn-secret', ['c OK CREATE completed']);
    await exchange(b, 'b', 'NOOP', ['b OK NOOP completed']);
    await exchange(d, 'd', 'RENAME mn-1 mn-2', ['d OK RENAME completed']);
    expectLines([await b.next()], ['* LIST (\\HasNoChildren) "/" "Other Users/dave/mn-2" ("OLDNAME" ("Other Users/dave/mn-1"))']);
    await exchange(d, 'e', 'DELETE mn-2', ['e OK DELETE completed']);
    expectLines([await b.next()], ['* LIST (\\NonExistent) "/" "Other Users/dave/mn-2"']);
    await exchange(d, 'f', 'DELETE mn-secret', ['f OK DELETE completed']);
    await exchange(b, 'c', 'NOOP', ['c OK NOOP completed']);
  });

  it('unsolicited METADATA (ENABLE METADATA) for a shared mailbox, under the name the user sees', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE md-1', ['a OK CREATE completed']);
    await exchange(a, 'b', 'SETACL md-1 bob lr', ['b OK SETACL completed']);
    const b = await as('bob');
    await exchange(b, 'a', 'ENABLE METADATA', ['* ENABLED METADATA', 'a OK ENABLE completed']);
    await exchange(a, 'c', 'SETMETADATA md-1 (/shared/comment "hello")', ['c OK SETMETADATA completed']);
    await exchange(b, 'b', 'NOOP', ['* METADATA "Other Users/alice/md-1" /shared/comment', 'b OK NOOP completed']);
    await exchange(b, 'c', 'GETMETADATA "Other Users/alice/md-1" /shared/comment', [
      '* METADATA "Other Users/alice/md-1" (/shared/comment "hello")',
      'c OK GETMETADATA completed',
    ]);
    await exchange(b, 'd', 'SETMETADATA "Other Users/alice/md-1" (/shared/comment "bob")', ['d NO [NOPERM] No permission to set shared entries of this mailbox']);
    await exchange(a, 'd', 'SETACL md-1 bob l', ['d OK SETACL completed']);
    await exchange(a, 'e', 'SETMETADATA md-1 (/shared/comment "again")', ['e OK SETMETADATA completed']);
    await exchange(b, 'e', 'NOOP', ['e OK NOOP completed']);
  });

  it('NOTIFY (RFC 5465 §5.9): a monitored mailbox that loses l is LIST \\NoAccess, and listed again when l comes back; an unmonitored one is not mentioned', async () => {
    const a = await as('alice');
    const b = await as('bob');
    await exchange(a, 'a', 'CREATE na-1', ['a OK CREATE completed']);
    await exchange(a, 'b', 'CREATE na-2', ['b OK CREATE completed']);
    await exchange(a, 'c', 'SETACL na-1 bob lr', ['c OK SETACL completed']);
    await exchange(a, 'd', 'SETACL na-2 bob lr', ['d OK SETACL completed']);
    await exchange(b, 'a', 'NOTIFY SET (MAILBOXES "Other Users/alice/na-1" (MessageNew MessageExpunge))', ['a OK NOTIFY completed']);
    // na-2 is not monitored: losing it says nothing.
    await exchange(a, 'e', 'DELETEACL na-2 bob', ['e OK DELETEACL completed']);
    await exchange(b, 'b', 'NOOP', ['b OK NOOP completed']);
    // r alone going away leaves l: still listed, nothing to say.
    await exchange(a, 'f', 'SETACL na-1 bob l', ['f OK SETACL completed']);
    await exchange(b, 'c', 'NOOP', ['c OK NOOP completed']);
    await exchange(a, 'g', 'DELETEACL na-1 bob', ['g OK DELETEACL completed']);
    expect(await b.next()).toBe('* LIST (\\NoAccess) "/" "Other Users/alice/na-1"\r\n');
    await exchange(a, 'h', 'SETACL na-1 bob lr', ['h OK SETACL completed']);
    expect(await b.next()).toBe('* LIST (\\HasNoChildren) "/" "Other Users/alice/na-1"\r\n');
    await exchange(b, 'd', 'NOOP', ['d OK NOOP completed']);
  });
});
