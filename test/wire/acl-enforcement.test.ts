// RFC 4314 §4 on the wire: each command with and without the rights it needs on another
// user's mailbox, the visibility rule (NONEXISTENT / TRYCREATE vs NOPERM), flags filtered by
// s, t and w, READ-ONLY from the rights, CLOSE without e, and CREATE/RENAME/DELETE across
// accounts. (The full command × right matrix is test/acl/.)
import { describe, it } from 'vitest';
import type { RawClient } from '../support/imap-client.js';
import { useAccounts } from './acl-helpers.js';
import { append, exchange, message, useWireServer } from './helpers.js';

const server = useWireServer();
const as = useAccounts(server, [['bob', 'user']]);

/** alice's mailbox `name` with one message flagged \Flagged and kw, bob given `rights`. */
async function sharedBox(a: RawClient, name: string, rights: string): Promise<void> {
  await exchange(a, 'sc', `CREATE ${name}`, ['sc OK CREATE completed']);
  await append(a, name, message('one'), '\\Flagged kw');
  if (rights) await exchange(a, 'ss', `SETACL ${name} bob ${rights}`, ['ss OK SETACL completed']);
}

describe('ACL enforcement', () => {
  it('SELECT/EXAMINE/STATUS need r: invisible is NONEXISTENT, visible without r NOPERM', async () => {
    const a = await as('alice');
    await sharedBox(a, 'en-1', '');
    const b = await as('bob');
    const name = '"Other Users/alice/en-1"';
    await exchange(b, 'a', `SELECT ${name}`, ['a NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'b', `STATUS ${name} (MESSAGES)`, ['b NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'c', `SUBSCRIBE ${name}`, ['c NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'a', 'SETACL en-1 bob l', ['a OK SETACL completed']);
    await exchange(b, 'd', `SELECT ${name}`, ['d NO [NOPERM] Permission denied (needs right r)']);
    await exchange(b, 'e', `EXAMINE ${name}`, ['e NO [NOPERM] Permission denied (needs right r)']);
    await exchange(b, 'f', `STATUS ${name} (MESSAGES)`, ['f NO [NOPERM] Permission denied (needs right r)']);
    await exchange(b, 'g', `SUBSCRIBE ${name}`, ['g OK SUBSCRIBE completed']);
    await exchange(b, 'h', `UNSUBSCRIBE ${name}`, ['h OK UNSUBSCRIBE completed']);
    await exchange(a, 'b', 'SETACL en-1 bob lr', ['b OK SETACL completed']);
    await exchange(b, 'i', `STATUS ${name} (MESSAGES)`, [`* STATUS ${name} (MESSAGES 1)`, 'i OK STATUS completed']);
  });

  it('lr: SELECT is READ-ONLY with no permanent flags; FETCH BODY[] does not set \\Seen', async () => {
    const a = await as('alice');
    await sharedBox(a, 'en-2', 'lr');
    const b = await as('bob');
    await exchange(b, 'a', 'SELECT "Other Users/alice/en-2"', [
      '* 1 EXISTS',
      '* 1 RECENT',
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft kw)',
      '* OK [PERMANENTFLAGS ()] Flags permitted',
      '* OK [UIDVALIDITY <n>] UIDs valid',
      '* OK [UIDNEXT 2] Predicted next UID',
      '* OK [MAILBOXID (<id>)] Ok',
      '* OK [UNSEEN 1] First unseen message',
      'a OK [READ-ONLY] SELECT completed',
    ]);
    await exchange(b, 'b', 'FETCH 1 BODY[HEADER.FIELDS (SUBJECT)]', ['* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {16}\r\nSubject: one\r\n\r\n)', 'b OK FETCH completed']);
    await exchange(b, 'c', 'FETCH 1 FLAGS', ['* 1 FETCH (FLAGS (\\Flagged kw \\Recent))', 'c OK FETCH completed']);
    await exchange(b, 'd', 'STORE 1 +FLAGS (\\Seen)', ['d NO [READ-ONLY] Mailbox is read-only']);
  });

  it('lrw: READ-WRITE, but FETCH BODY[] does not set \\Seen without s; keywords may change', async () => {
    const a = await as('alice');
    await sharedBox(a, 'en-2w', 'lrw');
    const b = await as('bob');
    await exchange(b, 'a', 'SELECT "Other Users/alice/en-2w"', [
      '<*>', '<*>', '<*>',
      '* OK [PERMANENTFLAGS (\\Answered \\Flagged \\Draft kw \\*)] Flags permitted',
      '<*>', '<*>', '<*>', '<*>',
      'a OK [READ-WRITE] SELECT completed',
    ]);
    await exchange(b, 'b', 'FETCH 1 BODY[]', ['* 1 FETCH (BODY[] {<n>}\r\n<*>\r\n)', 'b OK FETCH completed']);
    await exchange(b, 'c', 'FETCH 1 RFC822.TEXT', ['* 1 FETCH (RFC822.TEXT {<n>}\r\n<*>)', 'c OK FETCH completed']);
    await exchange(b, 'd', 'STORE 1 -FLAGS (kw \\Seen)', ['* 1 FETCH (FLAGS (\\Flagged \\Recent))', 'd OK STORE completed']);
    await exchange(b, 'e', 'STORE 1 +FLAGS (\\Seen)', ['e NO [NOPERM] Permission denied (no right to change these flags)']);
  });

  it('lrs: READ-WRITE; only \\Seen changes; FLAGS () leaves the other flags; NOPERM when none may change', async () => {
    const a = await as('alice');
    await sharedBox(a, 'en-3', 'lrs');
    const b = await as('bob');
    await exchange(b, 'a', 'SELECT "Other Users/alice/en-3"', [
      '* 1 EXISTS',
      '* 1 RECENT',
      '* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft kw)',
      '* OK [PERMANENTFLAGS (\\Seen)] Flags permitted',
      '* OK [UIDVALIDITY <n>] UIDs valid',
      '* OK [UIDNEXT 2] Predicted next UID',
      '* OK [MAILBOXID (<id>)] Ok',
      '* OK [UNSEEN 1] First unseen message',
      'a OK [READ-WRITE] SELECT completed',
    ]);
    await exchange(b, 'b', 'STORE 1 +FLAGS (\\Deleted)', ['b NO [NOPERM] Permission denied (no right to change these flags)']);
    await exchange(b, 'c', 'STORE 1 +FLAGS (\\Seen \\Deleted other)', ['* 1 FETCH (FLAGS (\\Seen \\Flagged kw \\Recent))', 'c OK STORE completed']);
    await exchange(b, 'd', 'STORE 1 FLAGS ()', ['* 1 FETCH (FLAGS (\\Flagged kw \\Recent))', 'd OK STORE completed']);
    await exchange(b, 'e', 'FETCH 1 BODY[]', ['* 1 FETCH (BODY[] {<n>}\r\n<*>\r\n FLAGS (\\Seen \\Flagged kw \\Recent))', 'e OK FETCH completed']);
    // No e: EXPUNGE refused, CLOSE only closes.
    await exchange(b, 'f', 'EXPUNGE', ['f NO [NOPERM] Permission denied (needs right e)']);
    await exchange(a, 'a', 'SETACL en-3 bob lrst', ['a OK SETACL completed']);
    await exchange(b, 'g', 'STORE 1 +FLAGS.SILENT (\\Deleted)', ['g OK STORE completed']);
    await exchange(b, 'h', 'CLOSE', ['h OK CLOSE completed']);
    await exchange(b, 'i', 'STATUS "Other Users/alice/en-3" (MESSAGES)', ['* STATUS "Other Users/alice/en-3" (MESSAGES 1)', 'i OK STATUS completed']);
    // With e, EXPUNGE works.
    await exchange(a, 'b', 'SETACL en-3 bob +e', ['b OK SETACL completed']);
    await exchange(b, 'j', 'SELECT "Other Users/alice/en-3"', ['* 1 EXISTS', '* 0 RECENT', '<*>', '<*>', '<*>', '<*>', '<*>', 'j OK [READ-WRITE] SELECT completed']);
    await exchange(b, 'k', 'EXPUNGE', ['* 1 EXPUNGE', 'k OK EXPUNGE completed']);
  });

  it('APPEND/COPY need i on the target (TRYCREATE when invisible) and keep only the flags the user may set', async () => {
    const a = await as('alice');
    await sharedBox(a, 'en-4', '');
    const b = await as('bob');
    const name = '"Other Users/alice/en-4"';
    await exchange(b, 'a', `APPEND ${name} {5+}\r\nx\r\n\r\n`, ['a NO [TRYCREATE] Mailbox does not exist']);
    await exchange(a, 'a', 'SETACL en-4 bob l', ['a OK SETACL completed']);
    await exchange(b, 'b', `APPEND ${name} {5+}\r\nx\r\n\r\n`, ['b NO [NOPERM] Permission denied (needs right i)']);
    // i alone: bob may post into a mailbox he cannot see (RFC 4314 §4), flags dropped; without r
    // no APPENDUID or COPYUID (RFC 4315 §3: they would disclose UIDVALIDITY and UIDs).
    await exchange(a, 'b0', 'SETACL en-4 bob i', ['b0 OK SETACL completed']);
    await exchange(b, 'b1', `APPEND ${name} (\\Seen) {5+}\r\nx\r\n\r\n`, ['b1 OK APPEND completed']);
    await exchange(b, 'b2', `STATUS ${name} (MESSAGES)`, ['b2 NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'b', 'SETACL en-4 bob lis', ['b OK SETACL completed']);
    await exchange(b, 'c', `APPEND ${name} (\\Seen \\Flagged \\Deleted kw) {5+}\r\nx\r\n\r\n`, ['c OK APPEND completed']);
    await append(b, 'INBOX', message('from bob'), '\\Seen \\Answered');
    await exchange(b, 'd', 'SELECT INBOX', ['<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'd OK [READ-WRITE] SELECT completed']);
    await exchange(b, 'e', `COPY 1 ${name}`, ['e OK COPY completed']);
    // MOVE also needs t and e on the source: bob owns his INBOX, so it is the target that counts.
    await exchange(a, 'c', 'SETACL en-4 bob lr', ['c OK SETACL completed']);
    await exchange(b, 'f', `MOVE 1 ${name}`, ['f NO [NOPERM] Permission denied (needs right i)']);
    await exchange(a, 'd', 'SELECT en-4', ['<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'd OK [READ-WRITE] SELECT completed']);
    await exchange(a, 'e', 'FETCH 2:4 FLAGS', [
      '* 2 FETCH (FLAGS (\\Recent))',
      '* 3 FETCH (FLAGS (\\Seen \\Recent))',
      '* 4 FETCH (FLAGS (\\Seen \\Recent))',
      'e OK FETCH completed',
    ]);
  });

  it('RFC 4314 §4 COPY example: with rwis the copies lose \\Deleted; with rsti they lose \\Answered, $Forwarded, \\Draft', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE en-copy', ['a OK CREATE completed']);
    const b = await as('bob');
    await exchange(b, 'a', 'CREATE en-copy-src', ['a OK CREATE completed']);
    await append(b, 'en-copy-src', message('1'), '\\Draft \\Deleted');
    await append(b, 'en-copy-src', message('2'), '\\Answered');
    await append(b, 'en-copy-src', message('3'), '$Forwarded \\Seen');
    await exchange(b, 'b', 'EXAMINE en-copy-src', ['<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'b OK [READ-ONLY] EXAMINE completed']);
    const target = '"Other Users/alice/en-copy"';
    await exchange(a, 'b', 'SETACL en-copy bob rwis', ['b OK SETACL completed']);
    await exchange(b, 'c', `COPY 1:3 ${target}`, ['c OK [COPYUID <n> 1:3 1:3] COPY completed']);
    await exchange(a, 'c', 'SETACL en-copy bob rsti', ['c OK SETACL completed']);
    await exchange(b, 'd', `COPY 1:3 ${target}`, ['d OK [COPYUID <n> 1:3 4:6] COPY completed']);
    await exchange(b, 'e', `EXAMINE ${target}`, ['* OK [CLOSED] Previous mailbox closed', '* 6 EXISTS', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'e OK [READ-ONLY] EXAMINE completed']);
    await exchange(b, 'f', 'FETCH 1:6 (FLAGS)', [
      '* 1 FETCH (FLAGS (\\Draft \\Recent))',
      '* 2 FETCH (FLAGS (\\Answered \\Recent))',
      '* 3 FETCH (FLAGS (\\Seen $Forwarded \\Recent))',
      '* 4 FETCH (FLAGS (\\Deleted \\Recent))',
      '* 5 FETCH (FLAGS (\\Recent))',
      '* 6 FETCH (FLAGS (\\Seen \\Recent))',
      'f OK FETCH completed',
    ]);
  });

  it('MOVE out of a shared mailbox needs t and e there; nothing is copied without them', async () => {
    const a = await as('alice');
    await sharedBox(a, 'en-5', 'lrs');
    const b = await as('bob');
    await exchange(b, 'a', 'SELECT "Other Users/alice/en-5"', ['<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', '<*>', 'a OK [READ-WRITE] SELECT completed']);
    await exchange(b, 'b', 'CREATE en-5-mine', ['b OK CREATE completed']);
    await exchange(b, 'c', 'MOVE 1 en-5-mine', ['c NO [NOPERM] Permission denied (MOVE needs rights t and e on the source)']);
    await exchange(b, 'd', 'STATUS en-5-mine (MESSAGES)', ['* STATUS en-5-mine (MESSAGES 0)', 'd OK STATUS completed']);
    await exchange(a, 'a', 'SETACL en-5 bob lrste', ['a OK SETACL completed']);
    await exchange(b, 'e', 'MOVE 1 en-5-mine', ['* OK [COPYUID <n> 1 1] Moved', '* 1 EXPUNGE', 'e OK MOVE completed']);
  });

  it('CREATE needs k on the nearest parent (INBOX at the top) and inherits its ACL; DELETE needs x; RENAME x and k, never across accounts', async () => {
    const a = await as('alice');
    await sharedBox(a, 'en-6', 'lr');
    const b = await as('bob');
    await exchange(b, 'a', 'CREATE "Other Users/alice/en-6/sub"', ['a NO [NOPERM] Permission denied (needs right k)']);
    await exchange(b, 'b', 'CREATE "Other Users/alice/top"', ['b NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'a', 'SETACL en-6 bob lrk', ['a OK SETACL completed']);
    await exchange(b, 'c', 'CREATE "Other Users/alice/en-6/sub"', ['c OK CREATE completed']);
    await exchange(a, 'b', 'GETACL en-6/sub', ['* ACL en-6/sub alice lrswipkxteacd bob lrkc', 'b OK GETACL completed']);
    await exchange(b, 'd', 'DELETE "Other Users/alice/en-6/sub"', ['d NO [NOPERM] Permission denied (needs right x)']);
    await exchange(b, 'e', 'RENAME "Other Users/alice/en-6/sub" mine', ['e NO [NOPERM] Permission denied (needs right x)']);
    await exchange(a, 'c', 'SETACL en-6/sub bob lrkx', ['c OK SETACL completed']);
    await exchange(b, 'f', 'RENAME "Other Users/alice/en-6/sub" mine', ['f NO [CANNOT] RENAME cannot move a mailbox to another account']);
    await exchange(b, 'g', 'RENAME "Other Users/alice/en-6/sub" "Other Users/alice/en-6/sub2"', ['g OK RENAME completed']);
    await exchange(b, 'h', 'RENAME "Other Users/alice/en-6/sub2" "Other Users/alice/elsewhere"', ['h NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(b, 'i', 'DELETE "Other Users/alice/en-6/sub2"', ['i OK DELETE completed']);
    await exchange(a, 'd', 'LIST "" en-6*', ['* LIST (\\HasNoChildren) "/" en-6', 'd OK LIST completed']);
    await exchange(b, 'j', 'RENAME INBOX "Other Users/alice/x"', ['j NO [CANNOT] RENAME cannot move a mailbox to another account']);
  });

  it('personal names may not enter the other namespaces', async () => {
    const a = await as('alice');
    await exchange(a, 'a', 'CREATE "Other Users"', ['a NO [CANNOT] That name is a namespace, not a mailbox']);
    await exchange(a, 'b', 'CREATE "Shared/"', ['b NO [CANNOT] That name is a namespace, not a mailbox']);
    await exchange(a, 'c', 'CREATE "Other Users/bob"', ['c NO [CANNOT] That name is a namespace, not a mailbox']);
    await exchange(a, 'd', 'CREATE "Other Users/nobody/x"', ['d NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'e', 'CREATE "Other Users/alice/x"', ['e NO [NONEXISTENT] Mailbox does not exist']);
    await exchange(a, 'f', 'CREATE en-7', ['f OK CREATE completed']);
    await exchange(a, 'g', 'RENAME en-7 "Shared/x/y"', ['g NO [CANNOT] RENAME cannot move a mailbox to another account']);
    await exchange(a, 'h', 'RENAME en-7 Shared', ['h NO [CANNOT] That name is a namespace, not a mailbox']);
  });
});
