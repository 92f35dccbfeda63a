// Every SEARCH key of RFC 3501 §6.4.4 / RFC 9051 §6.4.4 over the wire, CHARSET, ESEARCH
// (RFC 4731) and SEARCHRES (RFC 5182), and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawClient } from '../support/imap-client.js';
import { exchange, loggedIn, useWireServer } from './helpers.js';

const server = useWireServer();

const lines = (...l: string[]) => l.join('\r\n');

// 1: \Seen \Answered, internal 01-Jan-2024, small; Date 1 Jan 23:30 -0500 (UTC: 2 Jan).
const M1 = lines(
  'From: Alice Example <alice@example.com>',
  'To: bob@example.org',
  'Cc: carol@example.net',
  'Subject: Meeting notes',
  'Date: Mon, 01 Jan 2024 23:30:00 -0500',
  'Message-ID: <one@example.com>',
  'Conversation-ID: conv-111-aaa',
  '',
  'Agenda: budget review',
  '',
);
// 2: \Flagged $Work, internal 15-Jun-2023, large; encoded words, base64 UTF-8 body; Date 2 Jan +0100.
const M2 = lines(
  'From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>',
  'To: alice@example.com',
  'Bcc: dave@example.com',
  'Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=',
  'Date: Tue, 02 Jan 2024 08:00:00 +0100',
  'Message-ID: <two@example.de>',
  'In-Reply-To: <one@example.com>',
  'Conversation-ID: conv-222-bbb',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from(`Schöne Grüße aus Köln! ${'Füllung '.repeat(80)}`, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n'),
  '',
);
// 3: \Draft \Deleted, internal 10-Mar-2025; no Date; quoted-printable body.
const M3 = lines(
  'From: eve@example.com',
  'To: bob@example.org',
  'Subject: Re: Meeting notes',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Un caf=C3=A9 noir, s=27il vous pla=C3=AEt.',
  '',
);
// 4: no flags, internal 05-Jan-2024; Date 5 Jan.
const M4 = lines('From: alice@example.com', 'Subject: hello', 'Date: Fri, 05 Jan 2024 12:00:00 +0000', '', 'hi', '');

async function fill(c: RawClient, box: string): Promise<void> {
  await exchange(c, 'c', `CREATE ${box}`, ['c OK CREATE completed']);
  const add = async (text: string, flags: string, date: string) => {
    c.write(`ap APPEND ${box} (${flags}) "${date}" {${Buffer.byteLength(text)}+}\r\n${text}\r\n`);
    const got = await c.until('ap');
    expect(got[got.length - 1]).toMatch(/^ap OK /);
  };
  await add(M1, '\\Seen \\Answered', '01-Jan-2024 10:00:00 +0000');
  await add(M2, '\\Flagged $Work', '15-Jun-2023 10:00:00 +0000');
  await add(M3, '\\Draft \\Deleted', '10-Mar-2025 10:00:00 +0000');
  await add(M4, '', '05-Jan-2024 10:00:00 +0000');
  const got = await c.command('s', `SELECT ${box}`);
  expect(got[got.length - 1]).toMatch(/^s OK \[READ-WRITE\]/);
}

/** SEARCH `criteria` must answer exactly `* SEARCH <expected>`. */
async function expectSearch(c: RawClient, criteria: string, expected: string, uid = false): Promise<void> {
  const cmd = `${uid ? 'UID ' : ''}SEARCH`;
  await exchange(c, 't', `${cmd} ${criteria}`, [expected ? `* SEARCH ${expected}` : '* SEARCH', `t OK ${cmd} completed`]);
}

describe('every search key', () => {
  let c: RawClient;
  beforeAll(async () => {
    c = await loggedIn(server.port);
    await fill(c, 'keys');
  });
  afterAll(() => c.close());

  it.each([
    ['ALL', '1 2 3 4'],
    ['ANSWERED', '1'],
    ['UNANSWERED', '2 3 4'],
    ['DELETED', '3'],
    ['UNDELETED', '1 2 4'],
    ['DRAFT', '3'],
    ['UNDRAFT', '1 2 4'],
    ['FLAGGED', '2'],
    ['UNFLAGGED', '1 3 4'],
    ['SEEN', '1'],
    ['UNSEEN', '2 3 4'],
    ['KEYWORD $Work', '2'],
    ['KEYWORD $work', '2'],
    ['UNKEYWORD $Work', '1 3 4'],
    ['RECENT', '1 2 3 4'],
    ['NEW', '2 3 4'],
    ['OLD', ''],
    ['LARGER 500', '2'],
    ['SMALLER 300', '1 3 4'],
    ['BEFORE 5-Jan-2024', '1 2'],
    ['ON 05-Jan-2024', '4'],
    ['SINCE 5-Jan-2024', '3 4'],
    ['SENTBEFORE 2-Jan-2024', '1 3'],
    ['SENTON 1-Jan-2024', '1'],
    ['SENTON 2-Jan-2024', '2'],
    ['SENTSINCE 2-Jan-2024', '2 4'],
    ['SENTON 1-Jan-1970', '3'], // no Date: header counts as time 0, as in Dovecot
    ['SENTSINCE 2-Jan-1970', '1 2 4'],
    ['FROM alice', '1 4'],
    ['FROM "jörg müller"', '2'],
    ['FROM EXAMPLE.DE', '2'],
    ['TO bob@example.org', '1 3'],
    ['CC carol', '1'],
    ['BCC dave', '2'],
    ['SUBJECT meeting', '1 3'],
    ['SUBJECT "re: meeting"', '3'],
    ['SUBJECT "GRÜSSE"', '2'],
    ['SUBJECT ""', '1 2 3 4'],
    ['BODY budget', '1'],
    ['BODY "köln"', '2'],
    ['BODY "CAFÉ"', '3'],
    ['BODY "s\'il vous"', '3'],
    ['BODY subject', ''],
    ['TEXT subject', '1 2 3 4'],
    ['TEXT "agenda: budget"', '1'],
    ['TEXT hi', '4'],
    ['TEXT "é"', '3'],
    ['HEADER Conversation-ID conv-222', '2'],
    ['HEADER CONVERSATION-ID ""', '1 2'],
    ['HEADER Message-ID <one@example.com>', '1'],
    ['HEADER In-Reply-To one@', '2'],
    ['HEADER X-Missing ""', ''],
    ['UID 2:3', '2 3'],
    ['2,4', '2 4'],
    ['*', '4'],
    ['NOT SEEN', '2 3 4'],
    ['NOT NOT SEEN', '1'],
    ['OR SEEN FLAGGED', '1 2'],
    ['OR OR SEEN FLAGGED DRAFT', '1 2 3'],
    ['NOT (OR SEEN FLAGGED)', '3 4'],
    ['(FROM alice) (OR SUBJECT hello BODY budget)', '1 4'],
    ['OR (SEEN FROM alice) (TEXT "köln" NOT DELETED)', '1 2'],
    ['UNDELETED (NOT (NOT (TEXT meeting)))', '1'],
  ])('SEARCH %s', (criteria, expected) => expectSearch(c, criteria, expected));

  it('UID SEARCH answers with UIDs', async () => {
    await expectSearch(c, 'FROM alice', '1 4', true);
    await expectSearch(c, 'TEXT "köln"', '2', true);
  });

  it('a second session sees OLD, not RECENT or NEW', async () => {
    const d = await loggedIn(server.port);
    try {
      await d.command('s', 'SELECT keys');
      await expectSearch(d, 'RECENT', '');
      await expectSearch(d, 'NEW', '');
      await expectSearch(d, 'OLD', '1 2 3 4');
    } finally {
      d.close();
    }
  });
});

describe('CHARSET', () => {
  let c: RawClient;
  beforeAll(async () => {
    c = await loggedIn(server.port);
    await fill(c, 'charset');
  });
  afterAll(() => c.close());

  it('UTF-8 (also in a literal) and US-ASCII are accepted', async () => {
    await expectSearch(c, 'CHARSET UTF-8 SUBJECT {7+}\r\nGrüße', '2');
    await expectSearch(c, 'CHARSET utf-8 BODY "köln"', '2');
    await expectSearch(c, 'CHARSET US-ASCII TEXT budget', '1');
    await expectSearch(c, 'CHARSET "us-ascii" ALL', '1 2 3 4');
  });

  it('any other charset is NO [BADCHARSET (UTF-8 US-ASCII)]', async () => {
    await exchange(c, 'k', 'SEARCH CHARSET KOI8-R TEXT x', ['k NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset']);
    await exchange(c, 'l', 'SEARCH CHARSET ISO-8859-1 ALL', ['l NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset']);
    await exchange(c, 'm', 'SEARCH CHARSET NO-SUCH-CHARSET ALL', ['m NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset']);
  });
});

describe('ESEARCH (RFC 4731)', () => {
  let c: RawClient;
  beforeAll(async () => {
    c = await loggedIn(server.port);
    await fill(c, 'esearch');
  });
  afterAll(() => c.close());

  it('MIN MAX COUNT ALL, in any order and case', async () => {
    await exchange(c, 'e1', 'SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN', [
      '* ESEARCH (TAG "e1") MIN 2 MAX 4 COUNT 3 ALL 2:4',
      'e1 OK SEARCH completed',
    ]);
    await exchange(c, 'e2', 'SEARCH RETURN (all min) OR SEEN DRAFT', ['* ESEARCH (TAG "e2") MIN 1 ALL 1,3', 'e2 OK SEARCH completed']);
    await exchange(c, 'e3', 'SEARCH RETURN (COUNT) FROM alice', ['* ESEARCH (TAG "e3") COUNT 2', 'e3 OK SEARCH completed']);
    await exchange(c, 'e4', 'SEARCH RETURN (MAX) ALL', ['* ESEARCH (TAG "e4") MAX 4', 'e4 OK SEARCH completed']);
  });

  it('RETURN () is ALL; UID SEARCH says UID and answers UIDs', async () => {
    await exchange(c, 'e5', 'SEARCH RETURN () FROM alice', ['* ESEARCH (TAG "e5") ALL 1,4', 'e5 OK SEARCH completed']);
    await exchange(c, 'e6', 'UID SEARCH RETURN (MIN MAX COUNT) TEXT meeting', [
      '* ESEARCH (TAG "e6") UID MIN 1 MAX 3 COUNT 2',
      'e6 OK UID SEARCH completed',
    ]);
  });

  it('no match: MIN, MAX and ALL are left out, COUNT 0 stays, the response is still sent', async () => {
    await exchange(c, 'e7', 'SEARCH RETURN (MIN MAX ALL COUNT) SUBJECT nothing-like-this', [
      '* ESEARCH (TAG "e7") COUNT 0',
      'e7 OK SEARCH completed',
    ]);
    await exchange(c, 'e8', 'UID SEARCH RETURN (MIN) SUBJECT nothing-like-this', ['* ESEARCH (TAG "e8") UID', 'e8 OK UID SEARCH completed']);
  });

  it('with CHARSET after RETURN', async () => {
    await exchange(c, 'e9', 'SEARCH RETURN (COUNT) CHARSET UTF-8 BODY {5+}\r\nköln', ['* ESEARCH (TAG "e9") COUNT 1', 'e9 OK SEARCH completed']);
  });

  it('bad RETURN syntax is BAD', async () => {
    await exchange(c, 'b1', 'SEARCH RETURN (FOO) ALL', ['b1 BAD <*>']);
    await exchange(c, 'b2', 'SEARCH RETURN MIN ALL', ['b2 BAD <*>']);
    await exchange(c, 'b3', 'SEARCH RETURN (MIN ALL', ['b3 BAD <*>']);
    await exchange(c, 'b4', 'SEARCH RETURN (MIN)', ['b4 BAD <*>']);
  });
});

describe('SEARCHRES (RFC 5182)', () => {
  let c: RawClient;
  beforeAll(async () => {
    c = await loggedIn(server.port);
    await fill(c, 'saved');
  });
  afterAll(() => c.close());

  it('$ is empty before any SAVE: FETCH $ is OK and answers nothing', async () => {
    await exchange(c, 'f0', 'FETCH $ (UID)', ['f0 OK FETCH completed']);
    await expectSearch(c, '$', '');
  });

  it('SAVE alone answers no ESEARCH; $ then works in FETCH, UID FETCH, SEARCH, UID SEARCH, STORE, COPY', async () => {
    await exchange(c, 's1', 'SEARCH RETURN (SAVE) FROM alice', ['s1 OK SEARCH completed']);
    await exchange(c, 'f1', 'FETCH $ (UID)', ['* 1 FETCH (UID 1)', '* 4 FETCH (UID 4)', 'f1 OK FETCH completed']);
    await exchange(c, 'f2', 'UID FETCH $ (FLAGS)', ['* 1 FETCH (<*>)', '* 4 FETCH (<*>)', 'f2 OK UID FETCH completed']);
    await expectSearch(c, '$', '1 4');
    await expectSearch(c, '$ SEEN', '1');
    await expectSearch(c, 'OR $ FLAGGED', '1 2 4');
    await expectSearch(c, 'UID $', '1 4', true);
    await expectSearch(c, 'NOT $', '2 3');
    await exchange(c, 'st', 'STORE $ +FLAGS.SILENT (\\Flagged)', ['st OK STORE completed']);
    await expectSearch(c, 'FLAGGED', '1 2 4');
    await exchange(c, 'cr', 'CREATE saved-copy', ['cr OK CREATE completed']);
    await exchange(c, 'cp', 'COPY $ saved-copy', ['cp OK [COPYUID <n> 1,4 1:2] COPY completed']);
  });

  it('SAVE with other options answers ESEARCH; SAVE with MIN/MAX only keeps those', async () => {
    await exchange(c, 's2', 'SEARCH RETURN (SAVE ALL) UNSEEN', ['* ESEARCH (TAG "s2") ALL 2:4', 's2 OK SEARCH completed']);
    await expectSearch(c, '$', '2 3 4');
    await exchange(c, 's3', 'SEARCH RETURN (MIN SAVE) UNSEEN', ['* ESEARCH (TAG "s3") MIN 2', 's3 OK SEARCH completed']);
    await expectSearch(c, '$', '2');
    await exchange(c, 's4', 'SEARCH RETURN (MAX SAVE MIN) UNSEEN', ['* ESEARCH (TAG "s4") MIN 2 MAX 4', 's4 OK SEARCH completed']);
    await expectSearch(c, '$', '2 4');
    await exchange(c, 's5', 'SEARCH RETURN (SAVE COUNT MIN) UNSEEN', ['* ESEARCH (TAG "s5") MIN 2 COUNT 3', 's5 OK SEARCH completed']);
    await expectSearch(c, '$', '2 3 4');
  });

  it('UID SEARCH SAVE keeps messages: $ in a sequence-number FETCH gives their numbers', async () => {
    await exchange(c, 's6', 'UID SEARCH RETURN (SAVE) TEXT "köln"', ['s6 OK UID SEARCH completed']);
    await exchange(c, 'f3', 'FETCH $ (UID)', ['* 2 FETCH (UID 2)', 'f3 OK FETCH completed']);
  });

  it('$ in SEARCH is the result before the SAVE of the same command', async () => {
    await exchange(c, 's7', 'SEARCH RETURN (SAVE) SEEN', ['s7 OK SEARCH completed']);
    await exchange(c, 's8', 'SEARCH RETURN (SAVE ALL) OR $ DRAFT', ['* ESEARCH (TAG "s8") ALL 1,3', 's8 OK SEARCH completed']);
    await expectSearch(c, '$', '1 3');
  });

  it('BAD leaves $ alone; NO with SAVE empties it; NO without SAVE leaves it', async () => {
    await exchange(c, 's9', 'SEARCH RETURN (SAVE) FLAGGED', ['s9 OK SEARCH completed']);
    await exchange(c, 'x1', 'SEARCH RETURN (SAVE) FOO', ['x1 BAD <*>']);
    await expectSearch(c, '$', '1 2 4');
    await exchange(c, 'x2', 'SEARCH CHARSET KOI8-R ALL', ['x2 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset']);
    await expectSearch(c, '$', '1 2 4');
    await exchange(c, 'x3', 'SEARCH RETURN (SAVE) CHARSET KOI8-R ALL', ['x3 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset']);
    await expectSearch(c, '$', '');
  });

  it('pipelined SAVE and $ run in order', async () => {
    c.write('p1 SEARCH RETURN (SAVE) DRAFT\r\np2 FETCH $ (UID)\r\n');
    expect(await c.until('p1')).toEqual(['p1 OK SEARCH completed\r\n']);
    expect(await c.until('p2')).toEqual(['* 3 FETCH (UID 3)\r\n', 'p2 OK FETCH completed\r\n']);
  });

  it('expunged messages leave $; SELECT resets it', async () => {
    await exchange(c, 's10', 'SEARCH RETURN (SAVE) OR DRAFT FROM alice', ['s10 OK SEARCH completed']);
    await exchange(c, 'ex', 'EXPUNGE', ['* 3 EXPUNGE', 'ex OK EXPUNGE completed']);
    await exchange(c, 'f4', 'FETCH $ (UID)', ['* 1 FETCH (UID 1)', '* 3 FETCH (UID 4)', 'f4 OK FETCH completed']);
    const got = await c.command('s', 'SELECT saved');
    expect(got[got.length - 1]).toMatch(/^s OK /);
    await exchange(c, 'f5', 'FETCH $ (UID)', ['f5 OK FETCH completed']);
  });
});

describe('bad input', () => {
  let c: RawClient;
  beforeAll(async () => {
    c = await loggedIn(server.port);
    await fill(c, 'bad');
  });
  afterAll(() => c.close());

  it.each([
    ['unknown key', 'SEARCH FOO'],
    ['unknown key inside a group', 'SEARCH (SEEN BOGUS)'],
    ['unbalanced (', 'SEARCH (SEEN'],
    ['unbalanced )', 'SEARCH SEEN)'],
    ['empty group', 'SEARCH ()'],
    ['bad date', 'SEARCH SINCE 2024-01-01'],
    ['impossible date', 'SEARCH SENTON 32-Jan-2024'],
    ['bad month', 'SEARCH BEFORE 1-Foo-2024'],
    ['missing HEADER value', 'SEARCH HEADER Subject'],
    ['missing string', 'SEARCH SUBJECT'],
    ['OR with one key', 'SEARCH OR SEEN'],
    ['bad number', 'SEARCH LARGER -1'],
    ['bad sequence set', 'SEARCH 1:x'],
    ['CHARSET without a key', 'SEARCH CHARSET UTF-8'],
  ])('%s is BAD', async (_name, command) => {
    await exchange(c, 'b', command, ['b BAD <*>']);
  });

  it('a huge OR chain or key list is BAD [LIMIT]; a long flat list is answered; the session goes on', async () => {
    await exchange(c, 'h1', `SEARCH ${'OR SEEN '.repeat(5000)}SEEN`, ['h1 BAD [LIMIT] <*>']);
    // 256 keys at most (src/protocol/search.ts): each costs work per message in one query
    await exchange(c, 'h2', `SEARCH ${'(OR SEEN DRAFT) '.repeat(2000)}ALL`, ['h2 BAD [LIMIT] Too many search keys']);
    await exchange(c, 'h2b', `SEARCH ${'(OR SEEN DRAFT) '.repeat(63)}ALL`, ['* SEARCH 1 3', 'h2b OK SEARCH completed']);
    await exchange(c, 'h3', `SEARCH ${'OR SEEN '.repeat(30)}DRAFT`, ['* SEARCH 1 3', 'h3 OK SEARCH completed']);
    await exchange(c, 'h4', `SEARCH ${'TEXT xyz-'.repeat(1)}${' NOT BODY abc'.repeat(127)}`, ['* SEARCH', 'h4 OK SEARCH completed']);
    await exchange(c, 'n', 'NOOP', ['n OK NOOP completed']);
  });
});
