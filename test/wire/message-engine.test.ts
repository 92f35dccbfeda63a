// The message engine on the wire: BODYSTRUCTURE with extension data, every section form,
// partials, BINARY with literal8, UNKNOWN-CTE, THREADID shared by a reply (RFC 3501 §6.4.5,
// §7.4.2; RFC 3516; RFC 8474). Types are shown as written and defaults in lower case, as
// Dovecot does (the Dovecot comparison in test/mime covers the whole corpus).
// (Sizes: the CRLF before a boundary belongs to the boundary, RFC 2046 §5.1.1, so part 1 is
// the 9 octets "Caf=C3=A9" with no line end.)
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, lit, loggedIn, slit } from './helpers.js';

const server = useWireServer();

const MIXED =
  'From: "Ann Example" <ann@example.com>\r\nTo: bob@example.com, "Team" <team@example.com>\r\n' +
  'Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <m1@example.com>\r\nDate: Sat, 21 Nov 2026 10:00:00 +0100\r\n' +
  'MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="b1"\r\n\r\n' +
  '--b1\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=C3=A9\r\n' +
  '--b1\r\nContent-Type: application/octet-stream; name="x.bin"\r\nContent-Disposition: attachment; filename="x.bin"\r\n' +
  'Content-Transfer-Encoding: base64\r\n\r\nAAEC\r\n' +
  '--b1\r\nContent-Type: text/plain\r\nContent-Transfer-Encoding: x-bogus\r\n\r\n???\r\n--b1--\r\n';

function setup(box: string): string {
  return `${LOGIN}
      C: s1 CREATE ${box}
      S: s1 OK CREATE completed
      C: s2 APPEND ${box} ${lit(MIXED)}
      S: s2 OK [APPENDUID <n> 1] APPEND completed
      C: s3 EXAMINE ${box}
      S: * 1 EXISTS
      S: * 1 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS ()] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 2] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: * OK [UNSEEN 1] First unseen message
      S: s3 OK [READ-ONLY] EXAMINE completed`;
}

describe('message engine', () => {
  it('answers ENVELOPE and BODYSTRUCTURE with extension data', () =>
    runTranscript(
      server.port,
      `${setup('me-struct')}
      C: a FETCH 1 (ENVELOPE BODYSTRUCTURE)
      S: * 1 FETCH (ENVELOPE ("Sat, 21 Nov 2026 10:00:00 +0100" "=?UTF-8?Q?Gr=C3=BC=C3=9Fe?=" (("Ann Example" NIL "ann" "example.com")) (("Ann Example" NIL "ann" "example.com")) (("Ann Example" NIL "ann" "example.com")) ((NIL NIL "bob" "example.com")("Team" NIL "team" "example.com")) NIL NIL NIL "<m1@example.com>") BODYSTRUCTURE (("text" "plain" ("charset" "utf-8") NIL NIL "quoted-printable" 9 0 NIL NIL NIL NIL)("application" "octet-stream" ("name" "x.bin") NIL NIL "base64" 4 NIL ("attachment" ("filename" "x.bin")) NIL NIL)("text" "plain" ("charset" "us-ascii") NIL NIL "x-bogus" 3 0 NIL NIL NIL NIL) "mixed" ("boundary" "b1") NIL NIL NIL))
      S: a OK FETCH completed
      ${LOGOUT}`,
    ));

  it('answers every section form, and "" for a part that does not exist', () =>
    runTranscript(
      server.port,
      `${setup('me-sect')}
      C: a FETCH 1 (BODY.PEEK[1] BODY.PEEK[1.MIME] BODY.PEEK[HEADER.FIELDS (SUBJECT message-id)] BODY.PEEK[2]<1.4> BODY.PEEK[9])
      S: * 1 FETCH (BODY[1] ${slit('Caf=C3=A9')} BODY[1.MIME] ${slit('Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n')} BODY[HEADER.FIELDS (SUBJECT message-id)] ${slit('Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?=\r\nMessage-ID: <m1@example.com>\r\n\r\n')} BODY[2]<1> ${slit('AEC')} BODY[9] {0}\\r\\n)
      S: a OK FETCH completed
      C: b FETCH 1 BODY.PEEK[HEADER.FIELDS.NOT (To From Date Subject Message-ID MIME-Version)]
      S: * 1 FETCH (BODY[HEADER.FIELDS.NOT (To From Date Subject Message-ID MIME-Version)] ${slit('Content-Type: multipart/mixed; boundary="b1"\r\n\r\n')})
      S: b OK FETCH completed
      ${LOGOUT}`,
    ));

  it('decodes BINARY (literal8 when NUL is inside), gives BINARY.SIZE, refuses an unknown encoding', () =>
    runTranscript(
      server.port,
      `${setup('me-bin')}
      C: a FETCH 1 (BINARY.PEEK[1] BINARY.SIZE[1] BINARY.SIZE[2])
      S: * 1 FETCH (BINARY[1] {5}\\r\\nCaf\xc3\xa9 BINARY.SIZE[1] 5 BINARY.SIZE[2] 3)
      S: a OK FETCH completed
      C: b FETCH 1 BINARY.PEEK[2]
      S: * 1 FETCH (BINARY[2] ~{3}\\r\\n\x00\x01\x02)
      S: b OK FETCH completed
      C: c FETCH 1 BINARY.PEEK[3]
      S: c NO [UNKNOWN-CTE] Cannot decode Content-Transfer-Encoding x-bogus
      ${LOGOUT}`,
    ));

  it('gives a reply the THREADID of the message it answers', async () => {
    const c = await loggedIn(server.port);
    const reply = 'Subject: Re: x\r\nMessage-ID: <m2@example.com>\r\nIn-Reply-To: <m1@example.com>\r\n\r\nyes\r\n';
    const other = 'Subject: y\r\nMessage-ID: <m3@example.com>\r\n\r\nno\r\n';
    await c.command('a', 'CREATE me-thread');
    for (const m of [MIXED, reply, other]) await c.command('b', `APPEND me-thread {${Buffer.byteLength(m)}+}\r\n${m}`);
    await c.command('c', 'SELECT me-thread');
    const lines = await c.command('d', 'FETCH 1:3 THREADID');
    const ids = lines.slice(0, 3).map((l) => /THREADID \(([A-Za-z0-9_-]+)\)/.exec(l)![1]);
    expect(ids[1]).toBe(ids[0]);
    expect(ids[2]).not.toBe(ids[0]);
    c.close();
  });
});
