// NOTIFY (RFC 5465): SET / NONE, every mailbox specifier and event, STATUS for mailboxes that
// are not selected, overflow, BADEVENT, IDLE with NOTIFY, bad input.
import { describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import type { TestServer } from '../support/server.js';
import { runTranscript } from '../support/transcript.js';
import { LOGIN, LOGOUT, append, exchange, expectLines, message, slit, useWireServer } from './helpers.js';

const server = useWireServer();
const overflowServer = useWireServer({ notifyMaxPending: 3 });

const EVENTS = 'MessageNew MessageExpunge FlagChange AnnotationChange MailboxName SubscriptionChange MailboxMetadataChange ServerMetadataChange';

let users = 0;
/** A fresh account (so `personal` sees only this test's mailboxes) and `n` sessions logged in to it. */
async function sessions(n: number, srv: TestServer = server): Promise<RawClient[]> {
  const name = `nu${++users}`;
  await srv.server.store.createUser(name, 'pw');
  const out: RawClient[] = [];
  for (let i = 0; i < n; i++) {
    const c = await RawClient.connect(srv.port);
    await c.next();
    const r = await c.command('L', `LOGIN ${name} pw`);
    expect(r[r.length - 1]).toMatch(/^L OK /);
    out.push(c);
  }
  return out;
}

/** Nothing arrives on `c` for a while. */
async function silent(c: RawClient, ms = 80): Promise<void> {
  await expect(c.next(ms)).rejects.toThrow('timed out');
}

/** The untagged responses of SELECT, then its tagged OK. */
async function select(c: RawClient, mailbox: string): Promise<void> {
  const got = await c.command('sel', `SELECT ${mailbox}`);
  expect(got[got.length - 1]).toMatch(/^sel OK /);
}

function closeAll(...cs: RawClient[]): void {
  for (const c of cs) c.close();
}

describe('RFC 5465 §3.1 example, adapted', () => {
  it('STATUS for the watched subtree, then pushed STATUS and EXISTS + FETCH with the asked attributes', async () => {
    const [a, b] = await sessions(2);
    await exchange(b, 'c1', 'CREATE Lists/Lemonade', ['c1 OK CREATE completed']);
    await exchange(b, 'c2', 'CREATE Lists/Im2000', ['c2 OK CREATE completed']);
    await append(b, 'Lists/Lemonade', message('one'));
    // The RFC's example has (subtree Lists MessageNew), which its own §5 makes BAD: MessageNew
    // and MessageExpunge go together.
    await exchange(
      a!,
      'b',
      'NOTIFY SET STATUS (selected (MessageNew (uid body.peek[header.fields (from to subject)]) MessageExpunge)) (subtree Lists (MessageNew MessageExpunge))',
      [
        '* STATUS Lists (UIDVALIDITY <n> UIDNEXT 1 MESSAGES 0)', // the subtree's own mailbox (§6.5)
        '* STATUS Lists/Im2000 (UIDVALIDITY <n> UIDNEXT 1 MESSAGES 0)',
        '* STATUS Lists/Lemonade (UIDVALIDITY <n> UIDNEXT 2 MESSAGES 1)',
        'b OK NOTIFY completed',
      ],
    );
    await select(a!, 'INBOX');
    await append(b!, 'Lists/Lemonade', message('two'));
    expect(await a!.next(1000)).toBe('* STATUS Lists/Lemonade (UIDNEXT 3 MESSAGES 2)\r\n');
    const text = 'Subject: Re: good morning\r\nFrom: alice@example.org\r\nTo: bob@example.org\r\n\r\nHi\r\n';
    await append(b!, 'INBOX', text);
    expectLines([await a!.next(1000), await a!.next(), await a!.next()], [
      '* 1 EXISTS',
      '* 1 RECENT',
      // Field names as the client wrote them, as FETCH answers them.
      `* 1 FETCH (UID 1 BODY[HEADER.FIELDS (from to subject)] ${slit('Subject: Re: good morning\r\nFrom: alice@example.org\r\nTo: bob@example.org\r\n\r\n')})`,
    ]);
    // §3.1, second half: STATUS asked explicitly, then NOTIFY SET without the indicator.
    await exchange(b!, 'c3', 'CREATE misc', ['c3 OK CREATE completed']);
    await exchange(a!, 'd', 'STATUS misc (UIDVALIDITY UIDNEXT MESSAGES)', ['* STATUS misc (UIDVALIDITY <n> UIDNEXT 1 MESSAGES 0)', 'd OK STATUS completed']);
    await exchange(
      a!,
      'e',
      'NOTIFY SET (selected (MessageNew (uid body.peek[header.fields (from to subject)]) MessageExpunge)) (subtree Lists (MessageNew MessageExpunge)) (mailboxes misc (MessageNew MessageExpunge))',
      ['e OK NOTIFY completed'],
    );
    await append(b!, 'misc', message('three'));
    expect(await a!.next(1000)).toBe('* STATUS misc (UIDNEXT 2 MESSAGES 1)\r\n');
    closeAll(a!, b!);
  });

  it('§6: several groups may apply to one mailbox', async () => {
    const [a, b] = await sessions(2);
    await exchange(a!, 'a', 'notify set (mailboxes INBOX (Messagenew messageExpunge)) (personal (SubscriptionChange))', ['a OK NOTIFY completed']);
    await append(b!, 'INBOX', message('x'));
    expect(await a!.next(1000)).toBe('* STATUS INBOX (UIDNEXT 2 MESSAGES 1)\r\n');
    await exchange(b!, 's', 'SUBSCRIBE INBOX', ['s OK SUBSCRIBE completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren \\Subscribed) "/" INBOX\r\n');
    closeAll(a!, b!);
  });
});

describe('message events in mailboxes that are not selected', () => {
  it('MessageNew and MessageExpunge: STATUS (UIDNEXT MESSAGES)', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await exchange(a!, 'n', 'NOTIFY SET (personal (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await append(b!, 'box', message('1'));
    expect(await a!.next(1000)).toBe('* STATUS box (UIDNEXT 2 MESSAGES 1)\r\n');
    await select(b!, 'box');
    await exchange(b!, 's', 'STORE 1 +FLAGS.SILENT (\\Deleted)', ['s OK STORE completed']);
    await silent(a!); // a flag change: not asked for
    await exchange(b!, 'x', 'EXPUNGE', ['* 1 EXPUNGE', 'x OK EXPUNGE completed']);
    expect(await a!.next(1000)).toBe('* STATUS box (UIDNEXT 2 MESSAGES 0)\r\n');
    closeAll(a!, b!);
  });

  it('FlagChange: STATUS (UIDVALIDITY UNSEEN), with HIGHESTMODSEQ once CONDSTORE is on', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await append(b!, 'box', message('1'));
    await exchange(a!, 'n', 'NOTIFY SET (mailboxes box (MessageNew MessageExpunge FlagChange))', ['n OK NOTIFY completed']);
    await select(b!, 'box');
    await exchange(b!, 's', 'STORE 1 +FLAGS.SILENT (\\Seen)', ['s OK STORE completed']);
    expect(await a!.next(1000)).toMatch(/^\* STATUS box \(UIDVALIDITY \d+ UNSEEN 0\)\r\n$/);
    // Without CONDSTORE a change that leaves UNSEEN as it was says nothing.
    await exchange(b!, 's2', 'STORE 1 +FLAGS.SILENT (\\Flagged)', ['s2 OK STORE completed']);
    await silent(a!);
    await exchange(a!, 'e', 'ENABLE CONDSTORE', ['* ENABLED CONDSTORE', 'e OK ENABLE completed']);
    await exchange(b!, 's3', 'STORE 1 -FLAGS.SILENT (\\Flagged)', ['s3 OK STORE completed']);
    expect(await a!.next(1000)).toMatch(/^\* STATUS box \(UIDVALIDITY \d+ UNSEEN 0 HIGHESTMODSEQ \d+\)\r\n$/);
    await append(b!, 'box', message('2'));
    expect(await a!.next(1000)).toMatch(/^\* STATUS box \(UIDNEXT 3 MESSAGES 2 UIDVALIDITY \d+ UNSEEN 1 HIGHESTMODSEQ \d+\)\r\n$/);
    closeAll(a!, b!);
  });

  it('STATUS with the indicator carries what each event needs (§3.1)', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await exchange(a!, 'n', 'NOTIFY SET STATUS (mailboxes box (MessageNew MessageExpunge FlagChange))', [
      '* STATUS box (UIDVALIDITY <n> UIDNEXT 1 MESSAGES 0 HIGHESTMODSEQ <n>)',
      'n OK NOTIFY completed',
    ]);
    // AnnotationChange is accepted (nothing produces it yet).
    await exchange(a!, 'n2', 'NOTIFY SET STATUS (mailboxes box (MessageNew MessageExpunge AnnotationChange))', [
      '* STATUS box (UIDVALIDITY <n> UIDNEXT 1 MESSAGES 0 HIGHESTMODSEQ <n>)',
      'n2 OK NOTIFY completed',
    ]);
    // No STATUS for the selected mailbox, nor for a group without message events.
    await select(a!, 'box');
    await exchange(a!, 'n3', 'NOTIFY SET STATUS (mailboxes box (MessageNew MessageExpunge)) (personal (MailboxName))', ['n3 OK NOTIFY completed']);
    closeAll(a!, b!);
  });
});

describe('the selected mailbox', () => {
  it('SELECTED: EXISTS, EXPUNGE and flag FETCH are pushed with no command running', async () => {
    const [a, b] = await sessions(2);
    await append(b!, 'INBOX', message('1'));
    await append(b!, 'INBOX', message('2'));
    await select(b!, 'INBOX');
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected (MessageNew (UID FLAGS) MessageExpunge FlagChange))', ['n OK NOTIFY completed']);
    await exchange(b!, 's', 'STORE 2 +FLAGS.SILENT (\\Flagged)', ['s OK STORE completed']);
    expect(await a!.next(1000)).toBe('* 2 FETCH (FLAGS (\\Flagged))\r\n');
    await exchange(b!, 's2', 'STORE 1 +FLAGS.SILENT (\\Deleted)', ['s2 OK STORE completed']);
    expect(await a!.next(1000)).toBe('* 1 FETCH (FLAGS (\\Deleted))\r\n');
    await exchange(b!, 'x', 'EXPUNGE', ['* 1 EXPUNGE', 'x OK EXPUNGE completed']);
    expect(await a!.next(1000)).toBe('* 1 EXPUNGE\r\n');
    await append(b!, 'INBOX', message('3'));
    expectLines([await a!.next(1000), await a!.next(), await a!.next()], ['* 2 EXISTS', '* 1 RECENT', '* 2 FETCH (UID 3 FLAGS (\\Recent))']);
    // The client's own APPEND gets EXISTS but no FETCH (§5.2).
    await exchange(a!, 'ap', `APPEND INBOX {${message('4').length}+}\r\n${message('4')}`, ['* 3 EXISTS', '* 2 RECENT', 'ap OK [APPENDUID <n> 4] APPEND completed']);
    closeAll(a!, b!);
  });

  it('SELECTED without FlagChange: flag changes wait for a command', async () => {
    const [a, b] = await sessions(2);
    await append(b!, 'INBOX', message('1'));
    await select(b!, 'INBOX');
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await exchange(b!, 's', 'STORE 1 +FLAGS.SILENT (\\Flagged)', ['s OK STORE completed']);
    await silent(a!);
    await exchange(a!, 'p', 'NOOP', ['* 1 FETCH (FLAGS (\\Flagged))', 'p OK NOOP completed']);
    await append(b!, 'INBOX', message('2'));
    expectLines([await a!.next(1000), await a!.next()], ['* 2 EXISTS', '* 1 RECENT']); // no fetch attributes asked
    await silent(a!);
    closeAll(a!, b!);
  });

  it('a mailbox selected after NOTIFY SET: flag changes not asked for are not pushed', async () => {
    const [a, b] = await sessions(2);
    await append(b!, 'INBOX', message('1'));
    await select(b!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await select(a!, 'INBOX');
    await exchange(b!, 's', 'STORE 1 +FLAGS.SILENT (\\Flagged)', ['s OK STORE completed']);
    await silent(a!);
    await append(b!, 'INBOX', message('2'));
    expectLines([await a!.next(1000), await a!.next(), await a!.next()], ['* 2 EXISTS', '* 1 RECENT', '* 1 FETCH (FLAGS (\\Flagged))']);
    closeAll(a!, b!);
  });

  it('with QRESYNC, MessageExpunge is VANISHED', async () => {
    const [a, b] = await sessions(2);
    await append(b!, 'INBOX', message('1'));
    await append(b!, 'INBOX', message('2'), '\\Deleted');
    await select(b!, 'INBOX');
    await exchange(a!, 'e', 'ENABLE QRESYNC', ['* ENABLED QRESYNC', 'e OK ENABLE completed']);
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await exchange(b!, 'x', 'UID EXPUNGE 2', ['* 2 EXPUNGE', 'x OK UID EXPUNGE completed']);
    expect(await a!.next(1000)).toBe('* VANISHED 2\r\n');
    closeAll(a!, b!);
  });

  it('SELECTED-DELAYED: EXPUNGE waits for a command that allows it; EXISTS does not', async () => {
    const [a, b] = await sessions(2);
    await append(b!, 'INBOX', message('1'), '\\Deleted');
    await select(b!, 'INBOX');
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected-delayed (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await exchange(b!, 'x', 'EXPUNGE', ['* 1 EXPUNGE', 'x OK EXPUNGE completed']);
    await silent(a!);
    // The message number still stands for the expunged message.
    await exchange(a!, 'f', 'FETCH 1 (UID)', ['f OK [EXPUNGEISSUED] FETCH completed; some messages were expunged']);
    await exchange(a!, 'p', 'NOOP', ['* 1 EXPUNGE', 'p OK NOOP completed']);
    await append(b!, 'INBOX', message('2'));
    expectLines([await a!.next(1000), await a!.next()], ['* 1 EXISTS', '* 1 RECENT']);
    closeAll(a!, b!);
  });

  it('no SELECTED group: the selected mailbox is not pushed, even if a group names it', async () => {
    const [a, b] = await sessions(2);
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (personal (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await append(b!, 'INBOX', message('1'));
    await silent(a!);
    await exchange(a!, 'p', 'NOOP', ['* 1 EXISTS', '* 1 RECENT', 'p OK NOOP completed']);
    closeAll(a!, b!);
  });
});

describe('mailbox events', () => {
  it('MailboxName: LIST for create (and the parent), delete (\\NonExistent) and rename (OLDNAME)', async () => {
    const [a, b] = await sessions(2);
    await exchange(a!, 'n', 'NOTIFY SET (personal (MailboxName))', ['n OK NOTIFY completed']);
    await exchange(b!, 'c', 'CREATE top', ['c OK CREATE completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren) "/" top\r\n');
    await exchange(b!, 'c2', 'CREATE top/kid', ['c2 OK CREATE completed']);
    expectLines([await a!.next(1000), await a!.next()], ['* LIST (\\HasNoChildren) "/" top/kid', '* LIST (\\HasChildren) "/" top']);
    await exchange(b!, 'r', 'RENAME top/kid top/other', ['r OK RENAME completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren) "/" top/other ("OLDNAME" (top/kid))\r\n');
    await exchange(b!, 'd', 'DELETE top/other', ['d OK DELETE completed']);
    expectLines([await a!.next(1000), await a!.next()], ['* LIST (\\NonExistent) "/" top/other', '* LIST (\\HasNoChildren) "/" top']);
    // The client's own changes are not reported (§5).
    await exchange(a!, 'c3', 'CREATE mine', ['c3 OK CREATE completed']);
    await exchange(a!, 'd3', 'DELETE mine', ['d3 OK DELETE completed']);
    await silent(a!);
    closeAll(a!, b!);
  });

  it('SubscriptionChange: LIST with \\Subscribed if and only if subscribed', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await exchange(a!, 'n', 'NOTIFY SET (personal (SubscriptionChange))', ['n OK NOTIFY completed']);
    await exchange(b!, 's', 'SUBSCRIBE box', ['s OK SUBSCRIBE completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren \\Subscribed) "/" box\r\n');
    await exchange(b!, 'u', 'UNSUBSCRIBE box', ['u OK UNSUBSCRIBE completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren) "/" box\r\n');
    await exchange(b!, 's2', 'SUBSCRIBE box', ['s2 OK SUBSCRIBE completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren \\Subscribed) "/" box\r\n');
    await exchange(b!, 'd', 'DELETE box', ['d OK DELETE completed']); // MailboxName not asked
    await exchange(b!, 'c2', 'CREATE other', ['c2 OK CREATE completed']); // MailboxName not asked
    await silent(a!);
    closeAll(a!, b!);
  });

  it('MailboxMetadataChange and ServerMetadataChange: METADATA with the entry names, no ENABLE needed', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await exchange(a!, 'n', 'NOTIFY SET (mailboxes box (MailboxMetadataChange ServerMetadataChange))', ['n OK NOTIFY completed']);
    await exchange(b!, 'm', 'SETMETADATA box (/shared/comment "hi")', ['m OK SETMETADATA completed']);
    expect(await a!.next(1000)).toBe('* METADATA box /shared/comment\r\n');
    await exchange(b!, 'm2', 'SETMETADATA box (/shared/comment NIL)', ['m2 OK SETMETADATA completed']);
    expect(await a!.next(1000)).toBe('* METADATA box /shared/comment\r\n');
    await exchange(b!, 'm3', 'SETMETADATA "" (/private/comment "x")', ['m3 OK SETMETADATA completed']);
    expect(await a!.next(1000)).toBe('* METADATA "" /private/comment\r\n');
    await exchange(b!, 'm4', 'SETMETADATA INBOX (/shared/comment "not watched")', ['m4 OK SETMETADATA completed']);
    await silent(a!);
    // Its own change is not reported.
    await exchange(a!, 'm5', 'SETMETADATA box (/shared/comment "mine")', ['m5 OK SETMETADATA completed']);
    await silent(a!);
    closeAll(a!, b!);
  });
});

describe('mailbox specifiers', () => {
  it('subtree: the mailbox and those below it, not a name that only starts the same', async () => {
    const [a, b] = await sessions(2);
    for (const name of ['Lists', 'Lists/x', 'Listsx']) await exchange(b!, 'c', `CREATE ${name}`, ['c OK CREATE completed']);
    await exchange(a!, 'n', 'NOTIFY SET (subtree (Lists) (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await append(b!, 'Listsx', message('1'));
    await append(b!, 'Lists/x', message('1'));
    expect(await a!.next(1000)).toBe('* STATUS Lists/x (UIDNEXT 2 MESSAGES 1)\r\n');
    await append(b!, 'Lists', message('1'));
    expect(await a!.next(1000)).toBe('* STATUS Lists (UIDNEXT 2 MESSAGES 1)\r\n');
    await silent(a!);
    closeAll(a!, b!);
  });

  it('mailboxes: exact names, no wildcards (§6.6); a list of names', async () => {
    const [a, b] = await sessions(2);
    for (const name of ['one', 'two', 'three']) await exchange(b!, 'c', `CREATE ${name}`, ['c OK CREATE completed']);
    await exchange(a!, 'n', 'NOTIFY SET (mailboxes ("t*" one "two") (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await append(b!, 'three', message('1'));
    await append(b!, 'two', message('1'));
    expect(await a!.next(1000)).toBe('* STATUS two (UIDNEXT 2 MESSAGES 1)\r\n');
    await append(b!, 'one', message('1'));
    expect(await a!.next(1000)).toBe('* STATUS one (UIDNEXT 2 MESSAGES 1)\r\n');
    await silent(a!);
    closeAll(a!, b!);
  });

  it('subscribed: re-evaluated when the subscriptions change (§6.4)', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await exchange(a!, 'n', 'NOTIFY SET (subscribed (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await append(b!, 'box', message('1'));
    await silent(a!);
    await exchange(b!, 's', 'SUBSCRIBE box', ['s OK SUBSCRIBE completed']);
    await append(b!, 'box', message('2'));
    expect(await a!.next(1000)).toBe('* STATUS box (UIDNEXT 3 MESSAGES 2)\r\n');
    await exchange(b!, 'u', 'UNSUBSCRIBE box', ['u OK UNSUBSCRIBE completed']);
    await append(b!, 'box', message('3'));
    await silent(a!);
    closeAll(a!, b!);
  });

  it('inboxes and personal: every mailbox of the account (§6.2, §6.3)', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    for (const spec of ['inboxes', 'personal']) {
      await exchange(a!, 'n', `NOTIFY SET (${spec} (MessageNew MessageExpunge))`, ['n OK NOTIFY completed']);
      await append(b!, 'box', message(spec));
      expect(await a!.next(1000)).toMatch(/^\* STATUS box \(UIDNEXT \d+ MESSAGES \d+\)\r\n$/);
      await append(b!, 'INBOX', message(spec));
      expect(await a!.next(1000)).toMatch(/^\* STATUS INBOX \(UIDNEXT \d+ MESSAGES \d+\)\r\n$/);
    }
    closeAll(a!, b!);
  });

  it('mailboxes the user may not see are answered as if they did not exist', async () => {
    const [a] = await sessions(1);
    const [bob] = await sessions(1);
    await exchange(bob!, 'c', 'CREATE Secret', ['c OK CREATE completed']);
    // "Secret" names no mailbox of a's: the same answer as for a name that exists nowhere.
    await exchange(a!, 'n', 'NOTIFY SET STATUS (mailboxes (Secret Nowhere) (MessageNew MessageExpunge MailboxName))', ['n OK NOTIFY completed']);
    await append(bob!, 'Secret', message('1'));
    await exchange(bob!, 'r', 'RENAME Secret Secret2', ['r OK RENAME completed']);
    await silent(a!);
    closeAll(a!, bob!);
  });
});

describe('NOTIFY NONE, overflow, BADEVENT', () => {
  it('NOTIFY NONE stops every notification; IDLE then reports nothing (§4)', async () => {
    const [a, b] = await sessions(2);
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected (MessageNew MessageExpunge)) (personal (MessageNew MessageExpunge MailboxName))', ['n OK NOTIFY completed']);
    await exchange(a!, 'n2', 'NOTIFY NONE', ['n2 OK NOTIFY NONE completed']);
    await append(b!, 'INBOX', message('1'));
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await append(b!, 'box', message('1'));
    await silent(a!);
    a!.send('i IDLE');
    expect(await a!.next()).toBe('+ idling\r\n');
    await append(b!, 'INBOX', message('2'));
    await silent(a!);
    a!.send('DONE');
    // The end of a command still tells the client of its selected mailbox (RFC 3501).
    expectLines(await a!.until('i'), ['* 2 EXISTS', '* 2 RECENT', 'i OK IDLE terminated']);
    closeAll(a!, b!);
  });

  it('NOTIFY SET ... NONE is accepted (a snapshot, §5)', async () => {
    const [a] = await sessions(1);
    await exchange(a!, 'n', 'NOTIFY SET STATUS (mailboxes INBOX NONE)', ['n OK NOTIFY completed']);
    closeAll(a!);
  });

  it('too many waiting notifications: * OK [NOTIFICATIONOVERFLOW], then as after NOTIFY NONE (§5.8)', async () => {
    const [a, b] = await sessions(2, overflowServer);
    await exchange(a!, 'n', 'NOTIFY SET (personal (MailboxName MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    await exchange(b!, 'c', 'CREATE x1/x2/x3/x4', ['c OK CREATE completed']); // 4 mailboxes in one transaction
    expect(await a!.next(1000)).toBe('* OK [NOTIFICATIONOVERFLOW] Too many notifications; NOTIFY is now off\r\n');
    await exchange(b!, 'c2', 'CREATE y', ['c2 OK CREATE completed']);
    await append(b!, 'y', message('1'));
    await silent(a!);
    // A new NOTIFY SET works again.
    await exchange(a!, 'n2', 'NOTIFY SET (personal (MailboxName))', ['n2 OK NOTIFY completed']);
    await exchange(b!, 'c3', 'CREATE z', ['c3 OK CREATE completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren) "/" z\r\n');
    closeAll(a!, b!);
  });

  it('an unsupported event: NO [BADEVENT (every supported event)], registration unchanged', async () => {
    const [a, b] = await sessions(2);
    await exchange(a!, 'n', 'NOTIFY SET (personal (MailboxName))', ['n OK NOTIFY completed']);
    await exchange(a!, 'n2', 'NOTIFY SET (personal (MessageNew MessageExpunge MessageRead))', [`n2 NO [BADEVENT (${EVENTS})] Unsupported NOTIFY event MessageRead`]);
    await exchange(a!, 'n3', 'NOTIFY SET (selected (Flagchange MessageNew MessageExpunge)) (inboxes (Bogus))', [`n3 NO [BADEVENT (${EVENTS})] Unsupported NOTIFY event Bogus`]);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    expect(await a!.next(1000)).toBe('* LIST (\\HasNoChildren) "/" box\r\n');
    closeAll(a!, b!);
  });
});

describe('IDLE with NOTIFY (§4)', () => {
  it('STATUS of another mailbox and EXISTS + FETCH of the selected one reach the idler within 100 ms', async () => {
    const [a, b] = await sessions(2);
    await exchange(b!, 'c', 'CREATE box', ['c OK CREATE completed']);
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected (MessageNew (UID) MessageExpunge)) (personal (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    a!.send('i IDLE');
    expect(await a!.next()).toBe('+ idling\r\n');

    const text = message('pushed');
    let sent = performance.now();
    b!.write(`p APPEND box {${text.length}+}\r\n${text}\r\n`);
    expect(await a!.next(1000)).toBe('* STATUS box (UIDNEXT 2 MESSAGES 1)\r\n');
    expect(performance.now() - sent).toBeLessThan(100);
    await b!.until('p');

    sent = performance.now();
    b!.write(`q APPEND INBOX {${text.length}+}\r\n${text}\r\n`);
    expect(await a!.next(1000)).toBe('* 1 EXISTS\r\n');
    expect(performance.now() - sent).toBeLessThan(100);
    expectLines([await a!.next(), await a!.next()], ['* 1 RECENT', '* 1 FETCH (UID 1)']);
    await b!.until('q');

    // Not asked for: a flag change in the selected mailbox is not pushed during IDLE.
    await select(b!, 'INBOX');
    await exchange(b!, 's', 'STORE 1 +FLAGS.SILENT (\\Flagged)', ['s OK STORE completed']);
    await silent(a!);
    a!.send('DONE');
    expectLines(await a!.until('i'), ['* 1 FETCH (FLAGS (\\Flagged \\Recent))', 'i OK IDLE terminated']);
    closeAll(a!, b!);
  });

  it('SELECTED-DELAYED: IDLE allows EXPUNGE, so it is pushed', async () => {
    const [a, b] = await sessions(2);
    await append(b!, 'INBOX', message('1'), '\\Deleted');
    await select(b!, 'INBOX');
    await select(a!, 'INBOX');
    await exchange(a!, 'n', 'NOTIFY SET (selected-delayed (MessageNew MessageExpunge))', ['n OK NOTIFY completed']);
    a!.send('i IDLE');
    expect(await a!.next()).toBe('+ idling\r\n');
    await exchange(b!, 'x', 'EXPUNGE', ['* 1 EXPUNGE', 'x OK EXPUNGE completed']);
    expect(await a!.next(1000)).toBe('* 1 EXPUNGE\r\n');
    a!.send('DONE');
    expectLines(await a!.until('i'), ['i OK IDLE terminated']);
    closeAll(a!, b!);
  });
});

describe('bad input', () => {
  it('is answered BAD (or NO for an unknown event), and the session goes on', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a NOTIFY
      S: a BAD <*>
      C: b NOTIFY FOO
      S: b BAD Expected NOTIFY SET or NONE
      C: c NOTIFY SET
      S: c BAD <*>
      C: d NOTIFY SET (nowhere (MessageNew MessageExpunge))
      S: d BAD Unknown mailbox specifier NOWHERE
      C: e NOTIFY SET (selected (MailboxName))
      S: e BAD SELECTED and SELECTED-DELAYED take message events only
      C: f NOTIFY SET (selected (MessageNew))
      S: f BAD MessageNew and MessageExpunge must be given together
      C: g NOTIFY SET (personal (FlagChange))
      S: g BAD FlagChange and AnnotationChange need MessageNew and MessageExpunge
      C: h NOTIFY SET (personal (MessageNew (UID) MessageExpunge))
      S: h BAD Fetch attributes are only allowed with SELECTED or SELECTED-DELAYED
      C: i NOTIFY SET (selected (MessageNew MessageExpunge)) (selected-delayed (MessageNew MessageExpunge))
      S: i BAD Only one of SELECTED and SELECTED-DELAYED may be given
      C: j NOTIFY SET (personal ())
      S: j BAD Expected an event name
      C: k NOTIFY SET (subtree (MessageNew MessageExpunge))
      S: k BAD <*>
      C: l NOTIFY SET STATUS
      S: l BAD <*>
      C: m NOTIFY SET (personal (MessageNew (UID FOO) MessageExpunge))
      S: m BAD <*>
      C: n NOTIFY NONE extra
      S: n BAD Unexpected extra arguments
      C: o NOTIFY SET (personal (MessageNew MessageExpunge)
      S: o BAD <*>
      C: p NOTIFY SET (personal MessageNew)
      S: p BAD Expected an event list or NONE
      C: q NOOP
      S: q OK NOOP completed
      ${LOGOUT}`,
    ));

  it('is BAD before login', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a NOTIFY NONE
      S: a BAD NOTIFY is not allowed before login
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b NOTIFY NONE
      S: b OK NOTIFY NONE completed
      ${LOGOUT}`,
    ));
});
