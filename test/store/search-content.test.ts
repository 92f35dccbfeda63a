// The content search keys (migration 2): SUBJECT/FROM/TO/CC/BCC/HEADER, BODY, TEXT,
// SENTBEFORE/SENTON/SENTSINCE; case folding beyond ASCII; the FTS5 trigram path and the
// scan for 1–2 character needles; the header index; content rows kept once per blob and
// removed with it; readParsed and sortFields.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoreSearchKey } from '../../src/store/types.js';
import { makeHarness, userWithInbox, type Harness } from './helpers.js';

const crlf = (lines: string[]): Buffer => Buffer.from(lines.join('\r\n'), 'utf8');

// uid 1: encoded-word subject (UTF-8 B), QP UTF-8 body, Date in -0500 late evening.
const M1 = crlf([
  'From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.de>',
  'To: Anna <anna@example.com>, bob@example.org',
  'Cc: carol@example.net',
  'Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgS8O2bG4=?=',
  'Date: Mon, 1 Jan 2024 23:30:00 -0500',
  'Message-ID: <m1@example.de>',
  'Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Caf=C3=A9 in Z=C3=BCrich, =C3=84=C3=96=C3=9C ist gro=C3=9F.',
  '',
]);
// uid 2: base64 Cyrillic body, ISO-8859-1 Q subject, Date with +1400.
const M2 = crlf([
  'From: Ivan <ivan@example.ru>',
  'To: anna@example.com',
  'Bcc: secret@example.com',
  'Subject: =?ISO-8859-1?Q?K=F6ln_=FCber_alles?=',
  'Date: Tue, 2 Jan 2024 01:00:00 +1400',
  'Message-ID: <m2@example.ru>',
  'In-Reply-To: <m1@example.de>',
  'Conversation-ID: 0f000000-aaaa-bbbb-cccc-000000000002',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('Привет, МИР! Quote "here" and (parens) AND * stars -dash', 'utf8').toString('base64'),
  '',
]);
// uid 3: multipart, no Date, a 2-character word, an empty header field.
const M3 = crlf([
  'From: zed@example.com',
  'Subject: plain ascii',
  'X-Empty:',
  'Content-Type: multipart/alternative; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=us-ascii',
  '',
  'ox and zz',
  '--b1',
  'Content-Type: text/html; charset=utf-8',
  '',
  '<p>STRASSE</p>',
  '--b1--',
  '',
]);

describe('content search', () => {
  let h: Harness;
  let box: number;

  beforeAll(async () => {
    h = await makeHarness();
    box = (await userWithInbox(h.store)).inbox;
    for (const data of [M1, M2, M3]) await h.store.append(box, { data, flags: [] });
  });
  afterAll(async () => {
    await h.cleanup();
  });

  const search = (key: StoreSearchKey) => h.store.search(box, key);
  const header = (field: string, value: string) => search({ type: 'header', field, value });
  const body = (value: string) => search({ type: 'body', value });
  const text = (value: string) => search({ type: 'text', value });

  it('SUBJECT decodes encoded words and folds case beyond ASCII (ß = SS)', async () => {
    expect(await header('SUBJECT', 'grüsse')).toEqual([1]);
    expect(await header('SUBJECT', 'GRÜSSE AUS KÖLN')).toEqual([1]);
    expect(await header('SUBJECT', 'Köln')).toEqual([1, 2]);
    expect(await header('SUBJECT', 'über')).toEqual([2]);
    expect(await header('SUBJECT', 'koln')).toEqual([]); // diacritics are not removed
    expect(await header('SUBJECT', '=?UTF-8?B?')).toEqual([]); // the decoded text, not the raw
  });

  it('FROM, TO, CC, BCC match decoded address text as substrings', async () => {
    expect(await header('FROM', 'jörg müller')).toEqual([1]);
    expect(await header('FROM', '@EXAMPLE.')).toEqual([1, 2, 3]);
    expect(await header('TO', 'anna@')).toEqual([1, 2]);
    expect(await header('TO', 'bob')).toEqual([1]);
    expect(await header('CC', 'carol')).toEqual([1]);
    expect(await header('BCC', 'secret')).toEqual([2]);
    expect(await header('BCC', 'carol')).toEqual([]);
  });

  it('BODY decodes quoted-printable and base64 and folds Latin and Cyrillic case', async () => {
    expect(await body('CAFÉ')).toEqual([1]);
    expect(await body('zürich')).toEqual([1]);
    expect(await body('äöü')).toEqual([1]);
    expect(await body('GROSS')).toEqual([1]); // "groß"
    expect(await body('straße')).toEqual([3]); // "STRASSE"
    expect(await body('привет')).toEqual([2]);
    expect(await body('мир!')).toEqual([2]);
    expect(await body('Caf=C3')).toEqual([]); // never the encoded form
    expect(await body('nothing like this')).toEqual([]);
  });

  it('BODY is not the headers, TEXT is both', async () => {
    expect(await body('plain ascii')).toEqual([]);
    expect(await text('plain ascii')).toEqual([3]);
    expect(await text('subject: plain')).toEqual([3]);
    expect(await text('zürich')).toEqual([1]);
    expect(await text('ivan@')).toEqual([2]);
  });

  it('multipart: every text part is searched', async () => {
    expect(await body('<p>strasse')).toEqual([3]);
    expect(await body('ox and zz')).toEqual([3]);
  });

  it('needles of 1 and 2 characters are scanned, with the same folding', async () => {
    expect(await body('zz')).toEqual([3]);
    expect(await body('ZZ')).toEqual([3]);
    expect(await body('é')).toEqual([1]);
    expect(await body('Ä')).toEqual([1]);
    expect(await body('ß')).toEqual([1, 3]); // folds to "ss"
    expect(await text('ü')).toEqual([1, 2]);
    expect(await header('SUBJECT', 'ö')).toEqual([1, 2]);
    expect(await header('FROM', 'ze')).toEqual([3]);
    expect(await body('')).toEqual([1, 2, 3]);
  });

  it('FTS5 syntax in a needle is only text', async () => {
    expect(await body('"here"')).toEqual([2]);
    expect(await body('(parens) and *')).toEqual([2]);
    expect(await body('* stars -dash')).toEqual([2]);
    expect(await body('AND')).toEqual([2, 3]);
    expect(await body('"')).toEqual([2]);
    expect(await body('NEAR(a b)')).toEqual([]);
  });

  it('HEADER: any field, substring, case-insensitive name and value; empty value = present', async () => {
    expect(await header('CONVERSATION-ID', 'f81d4fae-7dec-11d0-a765-00a0c91e6bf6')).toEqual([1]);
    expect(await header('Conversation-Id', 'A765-00A0')).toEqual([1]);
    expect(await header('CONVERSATION-ID', '0002')).toEqual([2]);
    expect(await header('CONVERSATION-ID', '')).toEqual([1, 2]);
    expect(await header('MESSAGE-ID', '<m2@example.ru>')).toEqual([2]);
    expect(await header('IN-REPLY-TO', 'm1@')).toEqual([2]);
    expect(await header('X-EMPTY', '')).toEqual([3]);
    expect(await header('X-MISSING', '')).toEqual([]);
    // The value must be in the named field, not merely somewhere in the headers.
    expect(await header('SUBJECT', 'example.de')).toEqual([]);
    expect(await header('MESSAGE-ID', 'm1@')).toEqual([1]);
  });

  it('SENTBEFORE/SENTON/SENTSINCE use the day in the Date header zone; no Date is 1-Jan-1970 (Dovecot)', async () => {
    const sent = (type: 'sentbefore' | 'senton' | 'sentsince', day: string) => search({ type, day });
    // uid 1: 2024-01-01 23:30 -0500 (UTC 01-02 04:30). uid 2: 2024-01-02 01:00 +1400 (UTC 01-01 11:00).
    expect(await sent('senton', '2024-01-01')).toEqual([1]);
    expect(await sent('senton', '2024-01-02')).toEqual([2]);
    expect(await sent('sentbefore', '2024-01-02')).toEqual([1, 3]);
    expect(await sent('senton', '1970-01-01')).toEqual([3]);
    expect(await sent('sentsince', '1970-01-02')).toEqual([1, 2]);
    expect(await sent('sentsince', '2024-01-02')).toEqual([2]);
    expect(await sent('sentsince', '2023-12-31')).toEqual([1, 2]);
    expect(await sent('sentbefore', '2030-01-01')).toEqual([1, 2, 3]);
    expect(await search({ type: 'not', key: { type: 'senton', day: '2024-01-01' } })).toEqual([2, 3]);
    await expect(sent('senton', '1-Jan-2024')).rejects.toThrow();
  });

  it('content keys nest in AND, OR and NOT like the others', async () => {
    expect(
      await search({ type: 'or', left: { type: 'body', value: 'привет' }, right: { type: 'header', field: 'CC', value: 'carol' } }),
    ).toEqual([1, 2]);
    expect(await search({ type: 'not', key: { type: 'text', value: 'example.ru' } })).toEqual([1, 3]);
    expect(
      await search({
        type: 'and',
        keys: [{ type: 'header', field: 'TO', value: 'anna' }, { type: 'not', key: { type: 'body', value: 'zz' } }, { type: 'text', value: 'ü' }],
      }),
    ).toEqual([1, 2]);
    expect(await search({ type: 'not', key: { type: 'header', field: 'X-MISSING', value: 'x' } })).toEqual([1, 2, 3]);
  });

  it('readParsed returns the stored tree and envelope; sortFields the sort keys', async () => {
    const p = await h.store.readParsed(box, 1);
    expect(p).not.toBeNull();
    expect(p!.root.bodyEnd).toBeGreaterThan(0);
    expect(p!.envelope.messageId).toContain('m1@example.de');
    expect(await h.store.readParsed(box, 99)).toBeNull();
    const f = await h.store.sortFields(box, [3, 1, 2, 42]);
    expect(f.map((x) => x.uid)).toEqual([1, 2, 3]);
    expect(f[0]!.sentDate).toBe(Date.UTC(2024, 0, 2, 4, 30));
    expect(f[0]!.messageId).toContain('m1@example.de');
    expect(f[1]!.inReplyTo).toContain('m1@example.de');
    expect(f[2]!.sentDate).toBeNull();
    expect(f[2]!.baseSubject).toBe('plain ascii');
    expect(f[2]!.references).toEqual([]);
  });
});

describe('content rows', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await makeHarness();
  });
  afterAll(async () => {
    await h.cleanup();
  });

  it('are stored once per blob and removed with the last message that uses it', async () => {
    const { user, inbox } = await userWithInbox(h.store);
    const other = (await h.store.createMailbox(user.id, 'Other')).id;
    await h.store.append(inbox, { data: M1, flags: ['\\Deleted'] });
    await h.store.append(inbox, { data: M1, flags: [] });
    await h.store.copy(inbox, [1], other);
    const db = h.sql();
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    expect(count('SELECT count(*) AS n FROM blob_parsed')).toBe(1);
    expect(count('SELECT count(*) AS n FROM fts_body')).toBe(1);
    expect(await h.store.search(other, { type: 'body', value: 'zürich' })).toEqual([1]);
    expect(await h.store.search(inbox, { type: 'body', value: 'zürich' })).toEqual([1, 2]);
    await h.store.expunge(inbox);
    expect(count('SELECT count(*) AS n FROM blob_parsed')).toBe(1);
    await h.store.storeFlags(inbox, [2], 'add', ['\\Deleted']);
    await h.store.expunge(inbox);
    await h.store.deleteMailbox(user.id, 'Other');
    for (const t of ['blob_parsed', 'blob_headers', 'fts_body', 'fts_headers', 'blobs']) {
      expect(count(`SELECT count(*) AS n FROM ${t}`), t).toBe(0);
    }
  });

  it('LIKE wildcards and backslashes in a needle are plain characters', async () => {
    const { inbox } = await userWithInbox(h.store, 'carol');
    for (const line of ['save 50%_off now', 'save 50 off now', 'path c:\\dir\\file', '100%']) {
      await h.store.append(inbox, { data: Buffer.from(`Subject: t\r\n\r\n${line}\r\n`), flags: [] });
    }
    const body = (value: string) => h.store.search(inbox, { type: 'body', value });
    expect(await body('50%_off')).toEqual([1]);
    expect(await body('%_')).toEqual([1]);
    expect(await body('_')).toEqual([1]);
    expect(await body('%')).toEqual([1, 4]);
    expect(await body('0%')).toEqual([1, 4]);
    expect(await body('c:\\dir')).toEqual([3]);
    expect(await body('\\')).toEqual([3]);
    expect(await h.store.search(inbox, { type: 'header', field: 'SUBJECT', value: '%' })).toEqual([]);
  });

  it('APPEND never fails on odd bytes: no headers, binary, NUL', async () => {
    const { inbox } = await userWithInbox(h.store, 'bob');
    for (const data of [Buffer.from(''), Buffer.from('Subject: only headers'), Buffer.from([0, 255, 13, 10, 0x80, 0x81])]) {
      await h.store.append(inbox, { data, flags: [] });
    }
    expect(await h.store.search(inbox, { type: 'text', value: 'ONLY HEADERS' })).toEqual([2]);
    expect(await h.store.search(inbox, { type: 'senton', day: '2024-01-01' })).toEqual([]);
  });
});
