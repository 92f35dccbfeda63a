// SORT, UID SORT (RFC 5256, RFC 5957 DISPLAYFROM / DISPLAYTO), THREAD and UID THREAD
// (ORDEREDSUBJECT, REFERENCES) on the wire; every response is checked against grammar/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawClient } from '../support/imap-client.js';
import { assertValidCommand, assertValidResponse, commandError, responseError } from '../support/grammar.js';
import { exchange, loggedIn, useWireServer } from './helpers.js';

const server = useWireServer();

/** A message with the given header lines and a body of `pad` extra octets. */
function mail(headers: string[], pad = 0): string {
  return `${headers.join('\r\n')}\r\n\r\nHello.${'x'.repeat(pad)}\r\n`;
}

async function appendAt(c: RawClient, box: string, text: string, date: string, flags = ''): Promise<void> {
  const got = await c.command('ap', `APPEND ${box} ${flags ? `(${flags}) ` : ''}"${date}" {${Buffer.byteLength(text)}+}\r\n${text}`);
  expect(got[got.length - 1]).toMatch(/^ap OK /);
}

/**
 * Creates `box` with a first message that is expunged again, so that UIDs are one more
 * than sequence numbers, then the given messages; selects it.
 */
async function mailbox(c: RawClient, box: string, messages: Array<[text: string, date: string]>): Promise<void> {
  expect((await c.command('cr', `CREATE ${box}`)).pop()).toMatch(/^cr OK/);
  await appendAt(c, box, mail(['Subject: gone']), '01-Jan-2020 00:00:00 +0000', '\\Deleted');
  for (const [text, date] of messages) await appendAt(c, box, text, date);
  expect((await c.command('se', `SELECT ${box}`)).pop()).toMatch(/^se OK/);
  expect((await c.command('ex', 'EXPUNGE')).pop()).toMatch(/^ex OK/);
}

// Four messages; per criterion, the expected order of sequence numbers is worked out in
// the comments. UIDs are 2..5 for sequence numbers 1..4.
const SORT_BOX: Array<[string, string]> = [
  [
    mail(
      [
        'From: Xavier <carol@example.com>',
        'To: Zed <zed@example.com>',
        'Subject: Re: banana',
        'Date: Mon, 1 Jan 2024 05:00:00 +0000',
      ],
      3000,
    ),
    '03-Jan-2024 00:00:00 +0000',
  ],
  [
    mail(['From: bob@example.com', 'To: Zoe <amy@example.com>', 'Cc: x@example.com', 'Subject: apple'], 0),
    '01-Jan-2024 01:00:00 +0000',
  ],
  [
    mail(
      ['From: bob <alice@example.com>', 'Cc: b@example.com', 'Subject: [list] Cherry', 'Date: Mon, 1 Jan 2024 02:00:00 +0000'],
      2000,
    ),
    '02-Jan-2024 00:00:00 +0000',
  ],
  [
    mail(
      [
        'From: BOB@example.com',
        'To: Amy <Amy@example.com>',
        'Cc: a@example.com',
        'Subject: Fwd: apple',
        'Date: Sun, 31 Dec 2023 23:00:00 -0500',
      ],
      1000,
    ),
    '04-Jan-2024 00:00:00 +0000',
  ],
];

describe('SORT', () => {
  let c: RawClient;
  beforeAll(async () => {
    c = await loggedIn(server.port);
    await mailbox(c, 'sort-1', SORT_BOX);
  });
  afterAll(() => c.close());

  const sorts: Array<[criteria: string, expected: string]> = [
    // internal dates: 2 (1 Jan), 3 (2 Jan), 1 (3 Jan), 4 (4 Jan)
    ['ARRIVAL', '2 3 1 4'],
    // sent dates: 2 none (internal 01:00), 3 02:00, 4 04:00 (-0500 zone), 1 05:00
    ['DATE', '2 3 4 1'],
    // sizes grow with the padding: 2, 4, 3, 1
    ['SIZE', '2 4 3 1'],
    // base subjects: apple (2), apple (4), banana (1), Cherry (3)
    ['SUBJECT', '2 4 1 3'],
    // first From mailbox: alice (3), bob (2) = BOB (4), carol (1)
    ['FROM', '3 2 4 1'],
    // first To mailbox: none (3), amy (2) = Amy (4), zed (1)
    ['TO', '3 2 4 1'],
    // first Cc mailbox: none (1), a (4), b (3), x (2)
    ['CC', '1 4 3 2'],
    // display name or address: bob (3), bob@example.com (2) = BOB@example.com (4), Xavier (1)
    ['DISPLAYFROM', '3 2 4 1'],
    // display name or address: none (3), Amy (4), Zed (1), Zoe (2)
    ['DISPLAYTO', '3 4 1 2'],
    ['REVERSE SIZE', '1 3 4 2'],
    // REVERSE does not reverse the implicit sequence order of ties
    ['REVERSE SUBJECT', '3 1 2 4'],
    ['REVERSE FROM', '1 2 4 3'],
    ['SUBJECT REVERSE DATE', '4 2 1 3'],
    ['FROM SIZE', '3 2 4 1'],
    ['FROM REVERSE SIZE', '3 4 2 1'],
    ['reverse arrival', '4 1 3 2'],
  ];
  for (const [criteria, expected] of sorts) {
    it(`SORT (${criteria})`, async () => {
      await exchange(c, 'a', `SORT (${criteria}) UTF-8 ALL`, [`* SORT ${expected}`, 'a OK SORT completed']);
    });
  }

  it('UID SORT answers UIDs, sorted the same way', async () => {
    await exchange(c, 'b', 'UID SORT (SIZE) UTF-8 ALL', ['* SORT 3 5 4 2', 'b OK UID SORT completed']);
    await exchange(c, 'b2', 'UID SORT (SUBJECT REVERSE DATE) US-ASCII ALL', ['* SORT 5 3 2 4', 'b2 OK UID SORT completed']);
  });

  it('sorts only what the search keys match; sequence sets and UID sets as in SEARCH', async () => {
    await exchange(c, 'c', 'SORT (SIZE) UTF-8 2:4', ['* SORT 2 4 3', 'c OK SORT completed']);
    await exchange(c, 'c2', 'SORT (REVERSE ARRIVAL) UTF-8 UID 2:3', ['* SORT 1 2', 'c2 OK SORT completed']);
    await exchange(c, 'c3', 'UID SORT (DATE) utf-8 NOT 1 LARGER 500', ['* SORT 4 5', 'c3 OK UID SORT completed']);
    await exchange(c, 'c4', 'SORT (DATE) "US-ASCII" OR 1 (4)', ['* SORT 4 1', 'c4 OK SORT completed']);
  });

  it('answers an empty SORT when nothing matches', async () => {
    await exchange(c, 'd', 'SORT (SUBJECT) UTF-8 DELETED', ['* SORT', 'd OK SORT completed']);
  });

  it('refuses other charsets with BADCHARSET', async () => {
    await exchange(c, 'e', 'SORT (DATE) KOI8-X ALL', ['e NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset']);
  });

  it('answers bad arguments with BAD', async () => {
    await exchange(c, 'f1', 'SORT DATE UTF-8 ALL', ['f1 BAD Expected ( before sort criteria']);
    await exchange(c, 'f2', 'SORT (DATE FOO) UTF-8 ALL', ['f2 BAD Unknown sort criterion FOO']);
    await exchange(c, 'f3', 'SORT () UTF-8 ALL', ['f3 BAD Missing sort criterion']);
    await exchange(c, 'f4', 'SORT (REVERSE) UTF-8 ALL', ['f4 BAD Expected space before sort criterion after REVERSE']);
    await exchange(c, 'f5', 'SORT (REVERSE REVERSE DATE) UTF-8 ALL', ['f5 BAD Unknown sort criterion REVERSE']);
    await exchange(c, 'f6', 'SORT (DATE) ALL', ['f6 BAD Missing charset or search criteria']);
    await exchange(c, 'f7', 'SORT (DATE)', ['f7 BAD Missing charset']);
    await exchange(c, 'f8', 'SORT (DATE) UTF-8 FOO', ['f8 BAD Unknown search key']);
    await exchange(c, 'f9', 'SORT', ['f9 BAD Missing sort criteria']);
    await exchange(c, 'f10', 'SORT (DATE', ['f10 BAD Expected ) after sort criteria']);
    await exchange(c, 'f11', 'UID SORT (DATE) UTF-8', ['f11 BAD Missing charset or search criteria']);
    await exchange(c, 'f12', 'SORT (DATE)UTF-8 ALL', ['f12 BAD Expected space before charset']);
  });

  it('needs a selected mailbox', async () => {
    const d = await loggedIn(server.port);
    await exchange(d, 'g', 'SORT (DATE) UTF-8 ALL', ['g BAD SORT needs a selected mailbox']);
    await exchange(d, 'g2', 'UID THREAD REFERENCES UTF-8 ALL', ['g2 BAD THREAD needs a selected mailbox']);
    d.close();
  });

  it('advertises SORT and SORT=DISPLAY', async () => {
    const got = await c.command('h', 'CAPABILITY');
    expect(got[0]).toMatch(/^\* CAPABILITY .* SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES( |\r\n)/);
  });
});

// Threads: 1 <- 2 <- 3 and 1 <- 5 by references; 6 and 7 share a missing parent; 4 and 8
// share a subject and neither is a reply. Sent dates (hours): 1:10 2:11 3:12 4:09 5:13 6:08
// 7:14 8:15.
function threadMail(n: number, subject: string, hour: number, extra: string[] = []): [string, string] {
  const date = `Mon, 1 Jan 2024 ${String(hour).padStart(2, '0')}:00:00 +0000`;
  return [mail([`Subject: ${subject}`, `Message-ID: <t${n}@example.com>`, `Date: ${date}`, ...extra]), '05-Jan-2024 00:00:00 +0000'];
}
const THREAD_BOX: Array<[string, string]> = [
  threadMail(1, 'hello', 10),
  threadMail(2, 'Re: hello', 11, ['In-Reply-To: <t1@example.com>', 'References: <t1@example.com>']),
  threadMail(3, 'RE: [list] hello', 12, ['References: <t1@example.com>\r\n <"t2"@example.com>']),
  threadMail(4, 'other', 9),
  threadMail(5, 'Re: hello', 13, ['In-Reply-To: <t1@example.com> (hello from alice@example.com)']),
  threadMail(6, 'Re: lost', 8, ['References: <gone@example.com>']),
  threadMail(7, 'Re: lost', 14, ['References: <gone@example.com>']),
  threadMail(8, 'other', 15),
];

describe('THREAD', () => {
  let c: RawClient;
  beforeAll(async () => {
    c = await loggedIn(server.port);
    await mailbox(c, 'thread-1', THREAD_BOX);
  });
  afterAll(() => c.close());

  it('REFERENCES: reference chains, a dummy parent, subject merging, sent-date order', async () => {
    await exchange(c, 'a', 'THREAD REFERENCES UTF-8 ALL', ['* THREAD ((6)(7))((4)(8))(1 (2 3)(5))', 'a OK THREAD completed']);
  });

  it('ORDEREDSUBJECT: one thread per base subject, first message the parent of the rest', async () => {
    await exchange(c, 'b', 'THREAD ORDEREDSUBJECT UTF-8 ALL', ['* THREAD (6 7)(4 8)(1 (2)(3)(5))', 'b OK THREAD completed']);
  });

  it('UID THREAD answers UIDs', async () => {
    await exchange(c, 'c', 'UID THREAD REFERENCES US-ASCII ALL', ['* THREAD ((7)(8))((5)(9))(2 (3 4)(6))', 'c OK UID THREAD completed']);
    await exchange(c, 'c2', 'uid thread orderedsubject utf-8 all', ['* THREAD (7 8)(5 9)(2 (3)(4)(6))', 'c2 OK UID THREAD completed']);
  });

  it('threads only the messages the search keys match', async () => {
    await exchange(c, 'd', 'THREAD REFERENCES UTF-8 1:3', ['* THREAD (1 2 3)', 'd OK THREAD completed']);
    // without 1, its replies 2 (with 3 below) and 5 have a dummy parent
    await exchange(c, 'd2', 'THREAD REFERENCES UTF-8 2:3,5', ['* THREAD ((2 3)(5))', 'd2 OK THREAD completed']);
    await exchange(c, 'd3', 'THREAD REFERENCES UTF-8 6', ['* THREAD (6)', 'd3 OK THREAD completed']);
    await exchange(c, 'd4', 'THREAD ORDEREDSUBJECT UTF-8 DELETED', ['* THREAD', 'd4 OK THREAD completed']);
  });

  it('refuses other charsets and bad arguments', async () => {
    await exchange(c, 'e', 'THREAD REFERENCES KOI8-X ALL', ['e NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset']);
    await exchange(c, 'e2', 'THREAD FOO UTF-8 ALL', ['e2 BAD Unknown threading algorithm']);
    await exchange(c, 'e3', 'THREAD REFERENCES', ['e3 BAD Missing charset']);
    await exchange(c, 'e4', 'THREAD REFERENCES ALL', ['e4 BAD Missing charset or search criteria']);
    await exchange(c, 'e5', 'THREAD', ['e5 BAD Missing threading algorithm']);
    await exchange(c, 'e6', 'THREAD (REFERENCES) UTF-8 ALL', ['e6 BAD Invalid threading algorithm']);
    await exchange(c, 'e7', 'UID THREAD REFERENCES UTF-8 ALL extra', ['e7 BAD Unknown search key']);
  });
});

describe('grammar/rfc5256-sort-thread.abnf', () => {
  it('accepts the RFC 5256 and RFC 5957 examples and this server’s answers', () => {
    for (const r of [
      '* SORT 2 84 882',
      '* SORT',
      '* THREAD',
      '* THREAD (2)(3 6 (4 23)(44 7 96))',
      '* THREAD ((3)(5))',
      '* THREAD (166)(167)(168)(169)(172)((170)(179))(171)(173)((174)(175)(176)(178)(181)(180))((177)(183)(182)(188 (184)(189))(185 186)(187))(190)(191)(192)(193)((194)(195 196))(197 198)(199)(200 202)(201)(203)(204)(205 206 207)(208)',
      '* THREAD (166)(167)(168)(169)(172)(170)(171)(173)(174 (175)(176)(178)(181)(180))(179)(177 (183)(182)(188)(184)(185)(186)(187)(189))(190)(191)(192)(193)(194 195)(196 (197)(198))(199)(200 202)(201)(203)(204)(205)(206 207)(208)',
      '* CAPABILITY IMAP4rev1 SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES',
    ]) {
      assertValidResponse(`${r}\r\n`);
    }
    for (const cmd of [
      'A282 SORT (SUBJECT) UTF-8 SINCE 1-Feb-1994',
      'A283 SORT (SUBJECT REVERSE DATE) UTF-8 ALL',
      'A284 SORT (SUBJECT) US-ASCII TEXT "not in mailbox"',
      'A1 UID SORT (DISPLAYFROM REVERSE DISPLAYTO ARRIVAL CC SIZE) "UTF-8" 1:5 UNSEEN',
      'A283 THREAD ORDEREDSUBJECT UTF-8 SINCE 5-MAR-2000',
      'A285 THREAD REFERENCES UTF-8 SINCE 5-MAR-2000',
      'A2 UID THREAD REFERENCES US-ASCII ALL',
    ]) {
      assertValidCommand(`${cmd}\r\n`);
    }
  });

  it('refuses what the syntax does not allow', () => {
    for (const r of ['* SORT 0', '* SORT 1  2', '* THREAD ()', '* THREAD (1 (2))', '* THREAD ((1))', '* THREAD 1 2', '* THREAD (1)(']) {
      expect(responseError(`${r}\r\n`), r).toBeDefined();
    }
    for (const cmd of ['A1 SORT () UTF-8 ALL', 'A1 SORT (DATE) ALL', 'A1 SORT DATE UTF-8 ALL', 'A1 THREAD REFERENCES ALL']) {
      expect(commandError(`${cmd}\r\n`), cmd).toBeDefined();
    }
  });
});
