#!/usr/bin/env node
// Writes the MIME / CPM test corpus to fixtures/messages/*.eml, deterministically.
//
//   node test/tools/make-corpus.mjs            (writes fixtures/messages/ and its README.md)
//
// Every message is written for this project. Binary payloads come from a seeded PRNG, so a
// re-run produces byte-identical files. Text written here with "\n" becomes CRLF unless the
// message is marked lf (LF-only) or a chunk is a Buffer (raw bytes, written as they are).
// Encoded words in legacy charsets are produced with iconv-lite (a dependency of mailparser).
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const iconv = require('iconv-lite');

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'fixtures/messages');

// ---------------------------------------------------------------- helpers

/** xorshift32 PRNG: deterministic bytes for a seed. */
function randomBytes(seed, n, { noNul = false, noCrLf = false } = {}) {
  let x = seed >>> 0 || 1;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; ) {
    x ^= x << 13; x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5; x >>>= 0;
    const b = x & 0xff;
    if (noNul && b === 0) continue;
    if (noCrLf && (b === 10 || b === 13)) continue;
    out[i++] = b;
  }
  return out;
}

/** LF to CRLF on bytes (bare LF only). */
function toCrlf(buf) {
  const out = [];
  for (let i = 0; i < buf.length; i++) {
    if (buf[i] === 10 && (i === 0 || buf[i - 1] !== 13)) out.push(13);
    out.push(buf[i]);
  }
  return Buffer.from(out);
}

/** Base64 in lines of `width` characters, each ended by "\n" (made CRLF later). */
function b64(buf, width = 76) {
  const s = (buf.isText ? toCrlf(buf) : Buffer.from(buf)).toString('base64');
  const lines = [];
  for (let i = 0; i < s.length; i += width) lines.push(s.slice(i, i + width));
  return lines.join('\n') + '\n';
}

/** A fake JPEG / PNG / GIF: right magic numbers, pseudo-random inside. */
const fakeJpeg = (seed, n) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0]), randomBytes(seed, n), Buffer.from([0xff, 0xd9])]);
const fakePng = (seed, n) => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(seed, n)]);
const fakeGif = (seed, n) => Buffer.concat([Buffer.from('GIF89a', 'latin1'), randomBytes(seed, n)]);

/** RFC 2047 encoded word of `text` in `charset`, B or Q. */
function ew(charset, enc, text) {
  const bytes = encodeCharset(charset, text);
  if (enc.toUpperCase() === 'B') return `=?${charset}?${enc}?${bytes.toString('base64')}?=`;
  let q = '';
  for (const b of bytes) {
    if (b === 0x20) q += '_';
    else if ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) q += String.fromCharCode(b);
    else q += '=' + b.toString(16).toUpperCase().padStart(2, '0');
  }
  return `=?${charset}?${enc}?${q}?=`;
}

/** Bytes of `text` in `charset`; ISO-2022-JP made by hand from EUC-JP (JIS X 0208 only). */
function encodeCharset(charset, text) {
  const cs = charset.toLowerCase();
  if (cs === 'iso-2022-jp') {
    const euc = iconv.encode(text, 'euc-jp');
    const out = [0x1b, 0x24, 0x42]; // ESC $ B
    for (const b of euc) out.push(b & 0x7f);
    out.push(0x1b, 0x28, 0x42); // ESC ( B
    return Buffer.from(out);
  }
  if (cs === 'utf-8' || cs === 'us-ascii') return Buffer.from(text, 'utf8');
  return iconv.encode(text, cs);
}

/** Quoted-printable body (RFC 2045 §6.7) of bytes, soft breaks at 76. */
function qp(bytes) {
  const lines = Buffer.from(bytes).toString('latin1').split('\n');
  const out = [];
  for (const line of lines) {
    let cur = '';
    const chars = [...line];
    chars.forEach((ch, idx) => {
      const c = ch.charCodeAt(0);
      const last = idx === chars.length - 1;
      let enc;
      if (c === 0x3d || c > 126 || (c < 32 && c !== 9) || ((c === 32 || c === 9) && last)) enc = '=' + c.toString(16).toUpperCase().padStart(2, '0');
      else enc = ch;
      if (cur.length + enc.length > 75) {
        out.push(cur + '=');
        cur = '';
      }
      cur += enc;
    });
    out.push(cur);
  }
  return out.join('\n');
}

/** Text bytes: "\n" in them becomes CRLF like the strings (unlike raw binary Buffers). */
const txt = (buf) => Object.assign(Buffer.from(buf), { isText: true });
const utf8 = (s) => txt(Buffer.from(s, 'utf8'));
const enc = (s, cs) => txt(encodeCharset(cs, s));

/** Classic uuencode (begin / length-prefixed lines / ` / end). */
function uuencode(name, text) {
  const data = Buffer.from(text, 'latin1');
  const ch = (v) => (v === 0 ? '`' : String.fromCharCode(v + 32));
  let out = `begin 644 ${name}\n`;
  for (let i = 0; i < data.length; i += 45) {
    const chunk = data.subarray(i, i + 45);
    let line = ch(chunk.length);
    for (let j = 0; j < chunk.length; j += 3) {
      const a = chunk[j], b = chunk[j + 1] ?? 0, c = chunk[j + 2] ?? 0;
      line += ch(a >> 2) + ch(((a & 3) << 4) | (b >> 4)) + ch(((b & 15) << 2) | (c >> 6)) + ch(c & 63);
    }
    out += line + '\n';
  }
  return out + '`\nend\n';
}

// ---------------------------------------------------------------- the corpus

/** @type {Array<{name: string, about: string, lf?: boolean, chunks: () => Array<string|Buffer>}>} */
const corpus = [];
const add = (name, about, chunks, opts = {}) => corpus.push({ name, about, chunks, ...opts });

// --- plain text
add('plain-ascii-crlf', 'Minimal RFC 5322 message, US-ASCII, CRLF, no MIME headers at all (defaults: text/plain; charset=us-ascii, 7bit).', () => [
  `From: Alice Example <alice@example.com>
To: Bob Example <bob@example.org>
Subject: Lunch on Thursday?
Date: Mon, 03 Mar 2025 09:15:00 +0000
Message-ID: <plain-ascii-1@example.com>

Hi Bob,

Are we still on for lunch on Thursday? The usual place at noon.

-- 
Alice
`]);

add('plain-lf-only', 'The same kind of message with bare LF line ends throughout (Dovecot outputs CRLF).', () => [
  `From: Carol <carol@example.net>
To: dave@example.org
Subject: LF only line endings
Date: Tue, 04 Mar 2025 14:00:00 -0800
Message-ID: <lf-only-2@example.net>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This message was written by a Unix tool
and uses bare LF line ends everywhere.
Line three.
`], { lf: true });

add('plain-utf8-8bit-body', 'text/plain; charset=utf-8 with Content-Transfer-Encoding: 8bit and raw UTF-8 in the body.', () => [
  `From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>
To: anna@example.de
Subject: =?utf-8?q?Gr=C3=BC=C3=9Fe_aus_K=C3=B6ln?=
Date: Wed, 05 Mar 2025 08:30:00 +0100
Message-ID: <utf8-body-3@example.de>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Liebe Anna,

viele Grüße aus Köln! Das Wetter ist schön, der Dom steht noch.
Straße, Maß, Öl, Ärger — naïve café.
日本語のテキストも少し。 Ελληνικά. Русский текст.

Jürgen
`]);

add('plain-mime-version-only', 'MIME-Version present but no Content-Type or Content-Transfer-Encoding.', () => [
  `From: eve@example.com
To: frank@example.com
Subject: MIME-Version without Content-Type
Date: Thu, 06 Mar 2025 23:59:59 +0000
Message-ID: <mime-version-only-4@example.com>
MIME-Version: 1.0

Just text. The defaults of RFC 2045 apply.
`]);

add('headers-only-no-body', 'A header block that ends without the empty line: no body at all.', () => [
  `From: grace@example.com
To: heidi@example.com
Subject: Header block only
Date: Fri, 07 Mar 2025 10:00:00 +0000
Message-ID: <headers-only-5@example.com>
`]);

add('headers-empty-body', 'Headers, the empty line, then nothing: a zero-length body.', () => [
  `From: ivan@example.com
To: judy@example.com
Subject: Empty body
Date: Sat, 08 Mar 2025 10:00:00 +0000
Message-ID: <empty-body-6@example.com>
Content-Type: text/plain; charset=us-ascii

`]);

add('body-without-headers', 'Starts with an empty line: no header fields, everything is body.', () => [
  `
This message has no header fields at all.
It starts with an empty line, so all of it is body.
`]);

add('plain-qp-soft-breaks', 'Quoted-printable with soft line breaks, =XX escapes, =3D, trailing white space encoded.', () => [
  `From: Mallory <mallory@example.com>
To: niaj@example.com
Subject: Quoted-printable soft breaks
Date: Sun, 09 Mar 2025 12:00:00 +0000
Message-ID: <qp-7@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

`, qp(iconv.encode(`Ceci est un long paragraphe en français qui dépasse largement la limite de soixante-seize caractères par ligne, donc il faut des coupures douces.
Équation: a=b+c, 50% of 100 = 50.
Tabs\tand trailing space here 
Caractères accentués: àâäéèêëïîôöùûüÿç ÀÂÄÉÈÊËÏÎÔÖÙÛÜŸÇ
Le mot clé est "softbreakneedle".
`, 'latin1')), `
`]);

add('plain-base64-utf8', 'text/plain; charset=utf-8 in base64.', () => [
  `From: olivia@example.com
To: peggy@example.com
Subject: Base64 text body
Date: Mon, 10 Mar 2025 07:45:00 +0530
Message-ID: <b64-text-8@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="utf-8"
Content-Transfer-Encoding: base64

`, b64(utf8(`This body is base64 encoded UTF-8.
It contains the word base64needle and some non-ASCII: naïve résumé — 東京.
`))]);

add('plain-unknown-cte-bogus', 'Content-Transfer-Encoding: x-bogus (unknown): BINARY must answer UNKNOWN-CTE.', () => [
  `From: quentin@example.com
To: rupert@example.com
Subject: Unknown transfer encoding
Date: Tue, 11 Mar 2025 11:11:11 +0000
Message-ID: <bogus-cte-9@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: x-bogus-encoding

Zvkrq hc grkg juvpu ab bar pna qrpbqr.
`]);

add('attachment-x-uuencode', 'multipart/mixed with an x-uuencode attachment part.', () => [
  `From: sybil@example.com
To: trent@example.com
Subject: uuencoded attachment
Date: Wed, 12 Mar 2025 16:20:00 -0500
Message-ID: <uuencode-10@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="uu-boundary"

--uu-boundary
Content-Type: text/plain

See attached.
--uu-boundary
Content-Type: application/octet-stream; name="hello.txt"
Content-Transfer-Encoding: x-uuencode
Content-Disposition: attachment; filename="hello.txt"

${uuencode('hello.txt', 'hello world!\nThis file was uuencoded.\n')}--uu-boundary--
`]);

// --- multipart structures
add('multipart-mixed-simple', 'multipart/mixed: text part and a base64 PDF-like attachment.', () => [
  `From: Victor <victor@example.com>
To: Walter <walter@example.com>
Subject: Quarterly report attached
Date: Thu, 13 Mar 2025 09:00:00 +0000
Message-ID: <mixed-11@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="----=_Part_0_1234567890"

------=_Part_0_1234567890
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

Please find the quarterly report attached.
------=_Part_0_1234567890
Content-Type: application/pdf; name="report-q1.pdf"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="report-q1.pdf"

`, b64(Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1'), randomBytes(11, 1500)])), `------=_Part_0_1234567890--
`]);

add('multipart-alternative', 'multipart/alternative: text/plain and text/html.', () => [
  `From: "Wendy W." <wendy@example.com>
To: xavier@example.com
Subject: Alternative text and HTML
Date: Fri, 14 Mar 2025 18:00:00 +0100
Message-ID: <alt-12@example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary=alt42

--alt42
Content-Type: text/plain; charset=utf-8; format=flowed
Content-Transfer-Encoding: 7bit

Hello in plain text. alternativeneedle
--alt42
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: 7bit

<html><body><p>Hello in <b>HTML</b>. alternativeneedle</p></body></html>
--alt42--
`]);

add('multipart-related-html-image', 'multipart/related with type= and start= parameters; HTML root referencing a cid: image.', () => [
  `From: yvonne@example.com
To: zoe@example.com
Subject: Related HTML with image
Date: Sat, 15 Mar 2025 10:10:10 +0000
Message-ID: <related-13@example.com>
MIME-Version: 1.0
Content-Type: multipart/related; boundary="rel-b"; type="text/html"; start="<root.13@example.com>"

--rel-b
Content-Type: text/html; charset=us-ascii
Content-ID: <root.13@example.com>

<html><body><img src="cid:logo.13@example.com" alt="logo"></body></html>
--rel-b
Content-Type: image/png
Content-Transfer-Encoding: base64
Content-ID: <logo.13@example.com>
Content-Disposition: inline

`, b64(fakePng(13, 600)), `--rel-b--
`]);

add('multipart-preamble-epilogue', 'Preamble before the first delimiter and epilogue after the close delimiter.', () => [
  `From: aaron@example.com
To: beth@example.com
Subject: Preamble and epilogue
Date: Sun, 16 Mar 2025 10:00:00 +0000
Message-ID: <pre-epi-14@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="XyZ"

This is the preamble. A MIME reader ignores it.
It has two lines.

--XyZ
Content-Type: text/plain

First part.
--XyZ
Content-Type: text/plain

Second part.
--XyZ--

This is the epilogue. It is ignored too.
`]);

add('multipart-missing-boundary', 'Content-Type: multipart/mixed without a boundary parameter.', () => [
  `From: carl@example.com
To: dora@example.com
Subject: Multipart without boundary
Date: Mon, 17 Mar 2025 10:00:00 +0000
Message-ID: <no-boundary-15@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed

--something
Content-Type: text/plain

Is this a part? Without a boundary parameter nobody can tell.
--something--
`]);

add('multipart-wrong-boundary', 'The declared boundary never appears in the body.', () => [
  `From: ed@example.com
To: fay@example.com
Subject: Boundary that never appears
Date: Tue, 18 Mar 2025 10:00:00 +0000
Message-ID: <wrong-boundary-16@example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="declared-boundary"

--actual-boundary
Content-Type: text/plain

Text part under the wrong boundary.
--actual-boundary
Content-Type: text/html

<p>HTML part under the wrong boundary.</p>
--actual-boundary--
`]);

add('multipart-missing-close', 'The close delimiter is missing; the last part runs to the end.', () => [
  `From: gus@example.com
To: hal@example.com
Subject: No close delimiter
Date: Wed, 19 Mar 2025 10:00:00 +0000
Message-ID: <no-close-17@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="open-ended"

--open-ended
Content-Type: text/plain

Part one.
--open-ended
Content-Type: text/plain

Part two runs to the end of the message,
because the close delimiter never comes.
`]);

add('multipart-empty-parts', 'Empty parts: a part with headers and no body, a part with no headers and no body, a part with no headers.', () => [
  `From: ida@example.com
To: jack@example.com
Subject: Empty parts
Date: Thu, 20 Mar 2025 10:00:00 +0000
Message-ID: <empty-parts-18@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="E"

--E
Content-Type: text/plain

--E

--E
Content-Type: application/octet-stream
--E

Body of a part without headers.
--E--
`]);

add('multipart-parts-without-content-type', 'Parts without Content-Type in multipart/mixed (text/plain default) plus Content-Type with no subtype and an invalid type.', () => [
  `From: kim@example.com
To: lee@example.com
Subject: Parts without Content-Type
Date: Fri, 21 Mar 2025 10:00:00 +0000
Message-ID: <no-ct-19@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="noct"

--noct
Content-Disposition: inline

Part one has no Content-Type.
--noct
Content-Transfer-Encoding: quoted-printable

Part two has only a transfer encoding: caf=C3=A9.
--noct
Content-Type: text

Part three says "text" without a subtype.
--noct
Content-Type: this-is-not-a-type

Part four has an invalid Content-Type.
--noct--
`]);

const digestMsg = (n, subj, body) => `From: digest-member-${n}@example.org
Subject: ${subj}
Date: Sat, 01 Mar 2025 0${n}:00:00 +0000
Message-ID: <digest-member-${n}@example.org>

${body}
`;
add('multipart-digest', 'multipart/digest whose parts have no Content-Type: each defaults to message/rfc822.', () => [
  `From: list-owner@lists.example.org
To: subscriber@example.com
Subject: Example-list digest, Vol 12, Issue 3
Date: Sat, 22 Mar 2025 06:00:00 +0000
Message-ID: <digest-20@lists.example.org>
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="digest-sep"

Today's topics: three messages.

--digest-sep

`, digestMsg(1, 'First digest message', 'Body of the first digest message. digestneedle'), `
--digest-sep

`, digestMsg(2, 'Second digest message', 'Body of the second.'), `
--digest-sep

`, digestMsg(3, 'Third digest message', 'Body of the third.'), `
--digest-sep--
`]);

add('multipart-digest-mixed-types', 'multipart/digest with an explicit text/plain part and a part with only Content-Type: message/rfc822.', () => [
  `From: list-owner@lists.example.org
To: subscriber@example.com
Subject: Example-list digest, Vol 12, Issue 4
Date: Sun, 23 Mar 2025 06:00:00 +0000
Message-ID: <digest-21@lists.example.org>
MIME-Version: 1.0
Content-Type: multipart/digest; boundary=ds2

--ds2
Content-Type: text/plain

Table of contents (an explicit text/plain part).
--ds2
Content-Type: message/rfc822

`, digestMsg(4, 'Explicitly typed member', 'Explicit message/rfc822.'), `
--ds2

`, digestMsg(5, 'Implicitly typed member', 'Default message/rfc822.'), `--ds2--
`]);

function nested(depth, i = 1) {
  const kinds = ['mixed', 'alternative', 'related', 'mixed', 'parallel', 'mixed', 'alternative'];
  if (depth === 0) return `Content-Type: text/plain; charset=us-ascii\n\nLeaf at the bottom of the nesting. deepneedle\n`;
  const b = `level${i}`;
  return `Content-Type: multipart/${kinds[(i - 1) % kinds.length]}; boundary="${b}"

--${b}
Content-Type: text/plain

Level ${i} text part.
--${b}
${nested(depth - 1, i + 1)}--${b}--
`;
}
add('nested-multipart-7-deep', 'Multipart nesting seven levels deep (mixed/alternative/related/parallel), each level with a text part; the leaf is part 2.2.2.2.2.2.2.', () => [
  `From: mona@example.com
To: ned@example.com
Subject: Deeply nested multiparts
Date: Mon, 24 Mar 2025 10:00:00 +0000
Message-ID: <nested-22@example.com>
MIME-Version: 1.0
`, nested(7)]);

add('nested-mixed-alternative-related', 'Typical client mail: mixed( alternative( text, related( html, image ) ), attachment ).', () => [
  `From: Oscar <oscar@example.com>
To: Pam <pam@example.com>
Subject: Typical nested structure
Date: Tue, 25 Mar 2025 10:00:00 +0000
Message-ID: <typical-23@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="middle"

--middle
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Hello Pam, see the chart below =E2=80=94 and the spreadsheet attached.
--middle
Content-Type: multipart/related; boundary="inner"

--inner
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

<p>Hello Pam, see the chart <img src=3D"cid:chart@example.com"> =E2=80=94 a=
nd the spreadsheet attached.</p>
--inner
Content-Type: image/gif
Content-ID: <chart@example.com>
Content-Transfer-Encoding: base64

`, b64(fakeGif(23, 300)), `--inner--

--middle--

--outer
Content-Type: application/vnd.oasis.opendocument.spreadsheet; name="numbers.ods"
Content-Disposition: attachment; filename="numbers.ods"
Content-Transfer-Encoding: base64

`, b64(randomBytes(2300, 800)), `--outer--
`]);

const innerMessage = `From: Original Sender <original@example.org>
To: Forwarder <forwarder@example.com>
Cc: Someone Else <else@example.org>
Subject: The original message
Date: Wed, 26 Feb 2025 08:00:00 -0300
Message-ID: <original-inner@example.org>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii

This is the original message, forwarded as an attachment. innerneedle
`;

add('message-rfc822-attachment', 'multipart/mixed with a message/rfc822 attachment (part 2): BODY[2.HEADER], [2.TEXT], [2.1].', () => [
  `From: forwarder@example.com
To: recipient@example.com
Subject: Fwd: The original message
Date: Wed, 26 Mar 2025 10:00:00 +0000
Message-ID: <fwd-24@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="fwd"

--fwd
Content-Type: text/plain

Forwarding the message below.
--fwd
Content-Type: message/rfc822
Content-Disposition: attachment; filename="original.eml"
Content-Description: Forwarded message

`, innerMessage, `--fwd--
`]);

add('message-rfc822-nested-twice', 'A message/rfc822 inside a message/rfc822 inside multipart/mixed.', () => [
  `From: third@example.com
To: fourth@example.com
Subject: Fwd: Fwd: nested forwards
Date: Thu, 27 Mar 2025 10:00:00 +0000
Message-ID: <fwdfwd-25@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="lvl1"

--lvl1
Content-Type: text/plain

Two levels of forwarding.
--lvl1
Content-Type: message/rfc822

From: second@example.com
To: third@example.com
Subject: Fwd: nested forwards
Date: Thu, 27 Mar 2025 09:00:00 +0000
Message-ID: <fwd-inner-25@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="lvl2"

--lvl2
Content-Type: text/plain

One level of forwarding.
--lvl2
Content-Type: message/rfc822

From: first@example.com
To: second@example.com
Subject: nested forwards
Date: Thu, 27 Mar 2025 08:00:00 +0000
Message-ID: <innermost-25@example.com>

The innermost message. innermostneedle
--lvl2--
--lvl1--
`]);

add('message-rfc822-top-level', 'The whole message is Content-Type: message/rfc822 (BODY[1] is the encapsulated message, [1.1] its text).', () => [
  `From: wrapper@example.com
To: target@example.com
Subject: Top-level message/rfc822
Date: Fri, 28 Mar 2025 10:00:00 +0000
Message-ID: <toplevel-rfc822-26@example.com>
MIME-Version: 1.0
Content-Type: message/rfc822

`, innerMessage]);

add('message-global-utf8', 'message/global (RFC 6532) attachment whose inner headers are raw UTF-8.', () => [
  `From: intl@example.com
To: user@example.com
Subject: Forwarded internationalized message
Date: Sat, 29 Mar 2025 10:00:00 +0000
Message-ID: <global-27@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="glob"

--glob
Content-Type: text/plain

An internationalized message is attached.
--glob
Content-Type: message/global
Content-Disposition: attachment

`, utf8(`From: Jöran Ågren <jöran@exämple.se>
To: 佐藤 <佐藤@例え.jp>
Subject: Smörgåsbord och 寿司
Date: Sat, 29 Mar 2025 09:00:00 +0100
Message-ID: <global-inner-27@exämple.se>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Hej! Smörgåsbord med 寿司 ikväll?
`), `--glob--
`]);

add('message-rfc822-multipart-inside', 'A forwarded message/rfc822 whose body is itself multipart/alternative: parts 2.1 and 2.2.', () => [
  `From: forwarder@example.com
To: recipient@example.com
Subject: Fwd: newsletter
Date: Sun, 30 Mar 2025 10:00:00 +0000
Message-ID: <fwd-multi-28@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="f28"

--f28
Content-Type: text/plain

FYI.
--f28
Content-Type: message/rfc822

From: news@example.org
To: forwarder@example.com
Subject: Weekly news
Date: Sat, 29 Mar 2025 10:00:00 +0000
Message-ID: <weekly-28@example.org>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="inner28"

--inner28
Content-Type: text/plain

Weekly news in text.
--inner28
Content-Type: text/html

<p>Weekly news in HTML.</p>
--inner28--
--f28--
`]);

add('message-rfc822-base64', 'message/rfc822 with Content-Transfer-Encoding: base64 (forbidden by RFC 2046, seen in the wild).', () => [
  `From: odd@example.com
To: recipient@example.com
Subject: Base64 encoded message/rfc822
Date: Mon, 31 Mar 2025 10:00:00 +0000
Message-ID: <b64-rfc822-29@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b29"

--b29
Content-Type: text/plain

The attachment is a base64-encoded message.
--b29
Content-Type: message/rfc822
Content-Transfer-Encoding: base64

`, b64(Buffer.from(innerMessage.replace(/\n/g, '\r\n'))), `--b29--
`]);

// --- headers: 8-bit and encoded words
add('headers-8bit-raw-utf8', 'Raw UTF-8 bytes (no encoded words) in From, To, Subject and a custom header.', () => [
  utf8(`From: Zoë Ångström <zoe@example.com>
To: "Ñandú, José" <jose@example.es>
Subject: Raw UTF-8 subject: Ünïcödé 📧 héllo
Date: Tue, 01 Apr 2025 10:00:00 +0200
Message-ID: <raw-utf8-30@example.com>
X-Comment: Größenordnung
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: 8bit

Headers with raw UTF-8.
`)]);

add('ew-utf8-b', 'Encoded words UTF-8 B in Subject, From and To display names.', () => [
  `From: ${ew('UTF-8', 'B', 'Søren Kierkegård')} <soren@example.dk>
To: ${ew('UTF-8', 'B', '山田 太郎')} <taro@example.jp>
Subject: ${ew('UTF-8', 'B', 'Привет из Москвы — UTF-8 base64 subject ✓')}
Date: Wed, 02 Apr 2025 10:00:00 +0300
Message-ID: <ew-utf8-b-31@example.dk>

Body in ASCII.
`]);

add('ew-utf8-q', 'Encoded words UTF-8 Q, including underscores, =20 and a long subject split into several encoded words.', () => [
  `From: ${ew('utf-8', 'Q', 'François Lefèvre')} <francois@example.fr>
To: marie@example.fr
Subject: ${ew('utf-8', 'Q', 'Réunion de l’équipe:')}
 ${ew('utf-8', 'Q', ' ordre du jour et café')}
Date: Thu, 03 Apr 2025 10:00:00 +0200
Message-ID: <ew-utf8-q-32@example.fr>

Corps en ASCII.
`]);

add('ew-iso-8859-1', 'Encoded words ISO-8859-1 (Q and B) and a latin-1 body.', () => [
  `From: ${ew('ISO-8859-1', 'Q', 'José Núñez')} <jose@example.es>
To: ${ew('iso-8859-1', 'B', 'Renée Müller')} <renee@example.ch>
Subject: ${ew('ISO-8859-1', 'Q', 'Café crème à Genève')}
Date: Fri, 04 Apr 2025 10:00:00 +0200
Message-ID: <ew-latin1-33@example.es>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-8859-1
Content-Transfer-Encoding: 8bit

`, enc('Un café crème à Genève, s\'il vous plaît. Größe: groß.\n', 'latin1')]);

add('ew-iso-8859-15', 'Encoded words ISO-8859-15 with the euro sign and œ.', () => [
  `From: ${ew('ISO-8859-15', 'Q', 'Œdipe Dupré')} <oedipe@example.fr>
To: shop@example.fr
Subject: ${ew('ISO-8859-15', 'Q', "Prix: 100 € pour l'œuvre")}
Date: Sat, 05 Apr 2025 10:00:00 +0200
Message-ID: <ew-latin9-34@example.fr>

Euro sign in the subject.
`]);

add('ew-windows-1252', 'Encoded words windows-1252 with curly quotes, en dash, ellipsis and euro.', () => [
  `From: ${ew('windows-1252', 'Q', '“Smart” Quotes Ltd.')} <sales@example.com>
To: buyer@example.com
Subject: ${ew('windows-1252', 'B', 'Offer – “50% off” … only 9 €')}
Date: Sun, 06 Apr 2025 10:00:00 +0000
Message-ID: <ew-cp1252-35@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=windows-1252
Content-Transfer-Encoding: quoted-printable

`, qp(iconv.encode('“Smart quotes” – and an ellipsis… for 9 €.\n', 'windows-1252')), `
`]);

add('ew-koi8-r', 'Encoded words KOI8-R (B) and a KOI8-R body.', () => [
  `From: ${ew('koi8-r', 'B', 'Иван Петров')} <ivan@example.ru>
To: olga@example.ru
Subject: ${ew('KOI8-R', 'B', 'Привет, мир')}
Date: Mon, 07 Apr 2025 10:00:00 +0300
Message-ID: <ew-koi8r-36@example.ru>
MIME-Version: 1.0
Content-Type: text/plain; charset=koi8-r
Content-Transfer-Encoding: 8bit

`, enc('Здравствуйте! Это письмо в кодировке KOI8-R.\n', 'koi8-r')]);

add('ew-iso-2022-jp', 'Encoded words ISO-2022-JP (B) and an ISO-2022-JP (7bit) body.', () => [
  `From: ${ew('ISO-2022-JP', 'B', '鈴木一郎')} <suzuki@example.jp>
To: tanaka@example.jp
Subject: ${ew('ISO-2022-JP', 'B', 'こんにちは世界')}
Date: Tue, 08 Apr 2025 10:00:00 +0900
Message-ID: <ew-iso2022jp-37@example.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=ISO-2022-JP
Content-Transfer-Encoding: 7bit

`, enc('日本語のメールです', 'iso-2022-jp'), `
`]);

add('ew-gb2312-gbk', 'Encoded words GB2312 (B) and GBK (Q), GB2312 body in base64.', () => [
  `From: ${ew('GB2312', 'B', '王小明')} <wang@example.cn>
To: ${ew('GBK', 'Q', '李华')} <li@example.cn>
Subject: ${ew('gb2312', 'B', '中文邮件测试')}
Date: Wed, 09 Apr 2025 10:00:00 +0800
Message-ID: <ew-gb-38@example.cn>
MIME-Version: 1.0
Content-Type: text/plain; charset=gb2312
Content-Transfer-Encoding: base64

`, b64(enc('你好，这是一封测试邮件。\n', 'gb2312'))]);

add('ew-shift-jis', 'Encoded words Shift_JIS (B) and a Shift_JIS 8bit body.', () => [
  `From: ${ew('Shift_JIS', 'B', '佐藤花子')} <hanako@example.jp>
To: taro@example.jp
Subject: ${ew('Shift_JIS', 'B', '日本語のテスト')}
Date: Thu, 10 Apr 2025 10:00:00 +0900
Message-ID: <ew-sjis-39@example.jp>
MIME-Version: 1.0
Content-Type: text/plain; charset=Shift_JIS
Content-Transfer-Encoding: 8bit

`, enc('シフトJISの本文です。\n', 'shift_jis')]);

add('ew-big5', 'Encoded words Big5 (B and Q).', () => [
  `From: ${ew('Big5', 'Q', '陳大文')} <chan@example.tw>
To: lin@example.tw
Subject: ${ew('big5', 'B', '繁體中文測試')}
Date: Fri, 11 Apr 2025 10:00:00 +0800
Message-ID: <ew-big5-40@example.tw>

Body in ASCII.
`]);

add('ew-edge-cases', 'Encoded-word edge cases: adjacent words (whitespace dropped), unknown charset, malformed word, word inside a quoted string, RFC 2231 language in a word, lower-case q.', () => [
  `From: "=?utf-8?q?Quoted_Encoded?=" <quoted-ew@example.com>
To: ${ew('utf-8', 'B', 'Ana')} ${ew('utf-8', 'B', 'María')} <ana@example.com>, =?x-unknown?B?SGVsbG8=?= <unknown-cs@example.com>
Subject: =?utf-8?q?adjacent?= =?utf-8?q?_words?= and =?utf-8*en?q?language_tagged?= and =?utf-8?q?broken
Date: Sat, 12 Apr 2025 10:00:00 +0000
Message-ID: <ew-edge-41@example.com>

Body.
`]);

// --- RFC 2231
add('rfc2231-filename-continuations', 'RFC 2231 filename*0*= / filename*1*= with UTF-8 charset and percent encoding.', () => [
  `From: files@example.com
To: user@example.com
Subject: RFC 2231 continuations
Date: Sun, 13 Apr 2025 10:00:00 +0000
Message-ID: <rfc2231-42@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="r42"

--r42
Content-Type: text/plain

Attachment with a long UTF-8 file name.
--r42
Content-Type: application/octet-stream;
 name*0*=utf-8''%E6%97%A5%E6%9C%AC%E8%AA%9E%20;
 name*1*=%E3%81%AE%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.bin
Content-Disposition: attachment;
 filename*0*=utf-8''%E6%97%A5%E6%9C%AC%E8%AA%9E%20;
 filename*1*=%E3%81%AE%E3%83%95%E3%82%A1%E3%82%A4%E3%83%AB.bin
Content-Transfer-Encoding: base64

`, b64(randomBytes(42, 300)), `--r42--
`]);

add('rfc2231-charset-language', 'RFC 2231 title*=us-ascii\'en\'… with charset and language, on Content-Type and Content-Disposition.', () => [
  `From: files@example.com
To: user@example.com
Subject: RFC 2231 charset and language
Date: Mon, 14 Apr 2025 10:00:00 +0000
Message-ID: <rfc2231-43@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii;
 title*=us-ascii'en'This%20is%20%2A%2A%2Afun%2A%2A%2A
Content-Disposition: inline; filename*=iso-8859-1'fr'r%E9sum%E9.txt

Parameters with charset and language.
`]);

add('rfc2231-mixed-continuations', 'RFC 2231 continuations mixing encoded (*n*) and unencoded (*n) pieces, out of order, with a quoted piece.', () => [
  `From: files@example.com
To: user@example.com
Subject: RFC 2231 mixed continuation pieces
Date: Tue, 15 Apr 2025 10:00:00 +0000
Message-ID: <rfc2231-44@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="r44"

--r44
Content-Type: application/x-stuff;
 title*2="isn't it!";
 title*0*=us-ascii'en'This%20is%20even%20more%20;
 title*1*=%2A%2A%2Afun%2A%2A%2A%20
Content-Disposition: attachment;
 filename*0="Price list ";
 filename*1*=%E2%82%AC%20;
 filename*2="2025.txt"

Stuff.
--r44
Content-Type: text/plain; name="=?utf-8?B?w6lsw6hWZS50eHQ=?="
Content-Disposition: attachment; filename="=?utf-8?B?w6lsw6hWZS50eHQ=?="

Encoded word in a parameter value (not RFC 2231, common in the wild).
--r44--
`]);

// --- binary attachments
add('attachment-base64-random', 'application/octet-stream attachment of 6 KiB pseudo-random bytes in base64, plus an odd line length (64).', () => [
  `From: backup@example.com
To: admin@example.com
Subject: Binary attachment
Date: Wed, 16 Apr 2025 10:00:00 +0000
Message-ID: <b64-bin-45@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="bin45"

--bin45
Content-Type: application/octet-stream; name="random.bin"
Content-Transfer-Encoding: base64
Content-Disposition: attachment; filename="random.bin"; size=6144

`, b64(randomBytes(45, 6144), 64), `--bin45
Content-Type: text/plain

The first part is binary.
--bin45--
`]);

add('attachment-binary-cte', 'A Content-Transfer-Encoding: binary part of raw 8-bit bytes (no NUL, no bare CR or LF), lines of varied length.', () => {
  const bytes = randomBytes(46, 3000, { noNul: true, noCrLf: true });
  const lines = [];
  for (let i = 0, n = 0; i < bytes.length; n++) {
    const len = 20 + ((n * 37) % 180);
    lines.push(bytes.subarray(i, i + len));
    i += len;
  }
  const body = Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\r\n')]));
  return [`From: raw@example.com
To: admin@example.com
Subject: Binary transfer encoding
Date: Thu, 17 Apr 2025 10:00:00 +0000
Message-ID: <binary-cte-46@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="bin46"

--bin46
Content-Type: application/octet-stream; name="raw.dat"
Content-Transfer-Encoding: binary

`, body, `--bin46
Content-Type: text/plain

Text after the binary part.
--bin46--
`];
});

add('attachment-binary-bare-crlf', 'A binary part whose bytes include bare CR and bare LF (stored bytes must stay untouched; Dovecot normalises line ends).', () => [
  `From: raw@example.com
To: admin@example.com
Subject: Binary with bare CR and LF
Date: Fri, 18 Apr 2025 10:00:00 +0000
Message-ID: <binary-bare-47@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="bin47"

--bin47
Content-Type: application/octet-stream
Content-Transfer-Encoding: binary

`, randomBytes(47, 400, { noNul: true }), `
--bin47--
`]);

add('qp-html-and-text', 'multipart/alternative, both parts quoted-printable UTF-8 with =XX, soft breaks, =3D in HTML attributes.', () => [
  `From: "Marketing Team" <marketing@example.com>
To: customer@example.com
Subject: =?UTF-8?Q?Sp=C3=A9cial_offer_=E2=80=94_qpneedle?=
Date: Sat, 19 Apr 2025 10:00:00 +0000
Message-ID: <qp-alt-48@example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="qp48"

--qp48
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

`, qp(utf8('Spécial offer — only this week: 20% off everything in the store, including the things you did not know you needed. Code: SAVE20\n')), `
--qp48
Content-Type: text/html; charset=UTF-8
Content-Transfer-Encoding: quoted-printable

`, qp(utf8('<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"></head><body><p style="color:#333333;font-family:Arial">Spécial offer — only this week: <a href="https://example.com/shop?code=SAVE20&amp;utm_source=mail">shop now</a></p></body></html>\n')), `
--qp48--
`]);

// --- MIME extension fields
add('content-disposition-params', 'Content-Disposition with filename, size, creation-date and modification-date parameters; inline and attachment.', () => [
  `From: docs@example.com
To: user@example.com
Subject: Disposition parameters
Date: Sun, 20 Apr 2025 10:00:00 +0000
Message-ID: <disp-49@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="d49"

--d49
Content-Type: text/plain
Content-Disposition: INLINE

Inline text.
--d49
Content-Type: text/csv; charset=us-ascii; name="data.csv"
Content-Disposition: attachment; filename="data.csv"; size=42;
 creation-date="Wed, 12 Feb 1997 16:29:51 -0500";
 modification-date="Thu, 13 Feb 1997 09:00:00 -0500"; read-date="Fri, 14 Feb 1997 12:00:00 -0500"

id,name,value
1,alpha,10
2,beta,20
--d49--
`]);

add('mime-extension-fields', 'A single part with Content-ID, Content-Description, Content-MD5, Content-Language (two tags), Content-Location and disposition.', () => [
  `From: ext@example.com
To: user@example.com
Subject: All body extension fields
Date: Mon, 21 Apr 2025 10:00:00 +0000
Message-ID: <ext-50@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=us-ascii; format=flowed
Content-ID: <part-id-50@example.com>
Content-Description: A description of the body
Content-MD5: Q2hlY2sgSW50ZWdyaXR5IQ==
Content-Language: en-GB, fr-CA
Content-Location: https://example.com/docs/body.txt
Content-Disposition: inline; filename="body.txt"

Every body extension field is present.
`]);

add('multipart-extension-fields', 'Extension fields on multipart entities and their children: disposition, language, location on the multipart itself.', () => [
  `From: ext@example.com
To: user@example.com
Subject: Extension fields on multipart
Date: Tue, 22 Apr 2025 10:00:00 +0000
Message-ID: <ext-51@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="e51"; charset=us-ascii
Content-Disposition: inline
Content-Language: de
Content-Location: http://example.com/multipart

--e51
Content-Type: multipart/alternative; boundary="e51b"
Content-Language: en, de
Content-Location: "http://example.com/alt"

--e51b
Content-Type: text/plain
Content-Language: en

English.
--e51b
Content-Type: text/plain
Content-Language: de

Deutsch.
--e51b--
--e51
Content-Type: image/jpeg
Content-Transfer-Encoding: base64
Content-ID: <photo-51@example.com>
Content-Description: =?utf-8?q?Ein_Foto_vom_M=C3=BCnster?=
Content-MD5: 1B2M2Y8AsgTpgAmY7PhCfg==
Content-Disposition: attachment; filename="photo.jpg"
Content-Location: photo.jpg

`, b64(fakeJpeg(51, 200)), `--e51--
`]);

// --- huge headers
add('huge-header-100kb', 'A header block of about 100 KB: 1600 X-Filler fields of 60 characters.', () => {
  const fill = [];
  for (let i = 0; i < 1600; i++) fill.push(`X-Filler-${String(i).padStart(4, '0')}: ${'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVW'.slice(0, 30 + (i % 30))}\n`);
  return [`From: big@example.com
To: user@example.com
Subject: Huge header block
Date: Wed, 23 Apr 2025 10:00:00 +0000
Message-ID: <huge-header-52@example.com>
`, fill.join(''), `MIME-Version: 1.0
Content-Type: text/plain

Small body after a huge header. hugeheaderneedle
`];
});

add('huge-folded-subject-20kb', 'A single Subject of about 20 KB folded over many lines.', () => {
  const words = [];
  for (let i = 0; i < 2600; i++) words.push(`word${i}`);
  const lines = [];
  let line = 'Subject: longsubjectstart';
  for (const w of words) {
    if (line.length + w.length + 1 > 76) {
      lines.push(line);
      line = ' ' + w;
    } else line += ' ' + w;
  }
  lines.push(line + ' longsubjectend');
  return [`From: big@example.com
To: user@example.com
${lines.join('\n')}
Date: Thu, 24 Apr 2025 10:00:00 +0000
Message-ID: <huge-subject-53@example.com>

Body after a huge subject.
`];
});

add('received-1000-lines', '1000 Received header fields (HEADER.FIELDS.NOT (RECEIVED) removes them all).', () => {
  const r = [];
  for (let i = 1000; i >= 1; i--) r.push(`Received: from relay${i}.example.net (relay${i}.example.net [192.0.2.${i % 250}])\n\tby relay${i + 1}.example.net with ESMTP id ${(i * 7919).toString(36)}; Fri, 25 Apr 2025 10:${String(i % 60).padStart(2, '0')}:00 +0000\n`);
  return [r.join(''), `From: looping@example.com
To: user@example.com
Subject: A thousand hops
Date: Fri, 25 Apr 2025 10:00:00 +0000
Message-ID: <many-received-54@example.com>

Delivered at last.
`];
});

// --- addresses
add('address-group-undisclosed', 'To: undisclosed-recipients:; (an empty group).', () => [
  `From: sender@example.com
To: undisclosed-recipients:;
Bcc: hidden@example.com
Subject: Empty group
Date: Sat, 26 Apr 2025 10:00:00 +0000
Message-ID: <group-empty-55@example.com>

Body.
`]);

add('address-group-members', 'A group with members and a normal address in the same field; Cc with an encoded-word group name.', () => [
  `From: sender@example.com
To: Team A: alice@example.com, "Bob B." <bob@example.com>;, carol@example.com
Cc: =?utf-8?q?Gr=C3=BCppe?=: dieter@example.de;
Subject: Group with members
Date: Sun, 27 Apr 2025 10:00:00 +0000
Message-ID: <group-members-56@example.com>

Body.
`]);

add('address-quoted-names', 'Quoted display names with commas, escaped quotes, backslashes; quoted local part.', () => [
  `From: "Doe, John \\"JD\\" (Sales)" <john.doe@example.com>
To: "Smith, Jane" <jane.smith@example.com>, "O'Brien \\\\ Co" <obrien@example.com>
Cc: "very.unusual.@.unusual.com"@example.com, "Last, First" <"first last"@example.com>
Subject: Quoted display names
Date: Mon, 28 Apr 2025 10:00:00 +0000
Message-ID: <quoted-57@example.com>

Body.
`]);

add('address-comments', 'Addresses with comments: name in a comment, comments inside angle addresses and around.', () => [
  `From: pete@example.com (Pete Comment)
To: (leading comment) Mary <mary@example.com> (trailing comment), jdoe@example.org (John (nested) Doe)
Cc: Chris <chris(at home)@example.com>
Subject: Comments in addresses
Date: Tue, 29 Apr 2025 10:00:00 +0000 (UTC)
Message-ID: <comments-58@example.com>

Body.
`]);

add('address-route', 'Obsolete route addresses <@route1,@route2:user@host> (ENVELOPE adl).', () => [
  `From: Router <@relay1.example.net,@relay2.example.net:router@example.com>
To: <@hop.example.org:target@example.org>
Subject: Route addresses
Date: Wed, 30 Apr 2025 10:00:00 +0000
Message-ID: <route-59@example.com>

Body.
`]);

add('address-broken', 'Broken addresses: missing @, unbalanced < and >, bare domain, trailing comma, empty field.', () => [
  `From: no-at-sign
To: <unbalanced@example.com, Bad> Close <bad@example.com>>, @example.com, example.org, ,
Cc: Name Only
Bcc:
Reply-To: "Unterminated <x@example.com>
Subject: Broken addresses
Date: Thu, 01 May 2025 10:00:00 +0000
Message-ID: <broken-addr-60@example.com>

Body.
`]);

add('missing-date-from-subject', 'No Date, From or Subject header fields (ENVELOPE NILs).', () => [
  `To: someone@example.com
Message-ID: <missing-61@example.com>
MIME-Version: 1.0

A message without Date, From and Subject.
`]);

add('invalid-date', 'An unparseable Date header (SENTON etc. fall back to INTERNALDATE in Dovecot).', () => [
  `From: timewarp@example.com
To: user@example.com
Subject: Invalid date
Date: Thirtysecond of Smarch, year of the clock
Message-ID: <invalid-date-62@example.com>

Body.
`]);

add('in-reply-to-references', 'In-Reply-To with two ids and a comment, References folded over several lines with odd forms.', () => [
  `From: replier@example.com
To: user@example.com
Subject: Re: Re: thread test
Date: Fri, 02 May 2025 10:00:00 +0000
Message-ID: <reply-63@example.com>
In-Reply-To: <parent-63@example.com> (Parent's message) <other-63@example.com>
References: <root-63@example.com>
 <mid-63@example.com> <parent-63@example.com>
 not-an-id <no-brackets-then@example.com>

Reply.
`]);

add('message-id-variants', 'Message-ID without angle brackets, In-Reply-To as a phrase, References with a single id and white space.', () => [
  `From: ids@example.com
To: user@example.com
Subject: Message-ID variants
Date: Sat, 03 May 2025 10:00:00 +0000
Message-ID: bare-id-64@example.com
In-Reply-To: Your message of "Fri, 02 May 2025"
References:    <  spaced-64@example.com  >

Body.
`]);

add('message-id-with-comment', 'Message-ID with a comment and folded over two lines; duplicate Message-ID header fields.', () => [
  `From: ids@example.com
To: user@example.com
Subject: Message-ID with comment
Date: Sun, 04 May 2025 10:00:00 +0000
Message-ID: (generated by a very old mailer)
 <commented-65@example.com>
Message-ID: <second-65@example.com>

Body.
`]);

add('sender-reply-to', 'Sender and Reply-To different from From; multiple From addresses.', () => [
  `From: Author One <one@example.com>, Author Two <two@example.com>
Sender: Secretary <secretary@example.com>
Reply-To: Replies <replies@example.com>, other-replies@example.com
To: list@example.org
Subject: Sender and Reply-To
Date: Mon, 05 May 2025 10:00:00 +0000
Message-ID: <sender-66@example.com>

Body.
`]);

add('many-recipients', 'To, Cc and Bcc with many recipients, folded; a Bcc search target.', () => {
  const to = Array.from({ length: 30 }, (_, i) => `"Recipient ${i}" <rcpt${i}@example.com>`).join(',\n ');
  const cc = Array.from({ length: 10 }, (_, i) => `cc${i}@example.net`).join(', ');
  return [`From: mass@example.com
To: ${to}
Cc: ${cc}
Bcc: secret-bcc-needle@example.org, another-bcc@example.org
Subject: Many recipients
Date: Tue, 06 May 2025 10:00:00 -0700
Message-ID: <many-67@example.com>

Body.
`];
});

// --- CPM objects (OMA CPM Message Storage, Appendices C-F)
const cpimChat = (from, to, dt, text, extra = '') => `From: ${from}
To: ${to}
DateTime: ${dt}
NS: imdn <urn:ietf:params:imdn>
imdn.Message-ID: ${extra || 'Msg6ZjV4ZCZmIDkM'}
imdn.Disposition-Notification: positive-delivery, display
Content-type: text/plain; charset=utf-8

${text}
`;

add('cpm-chat-message-cpim', 'CPM chat message object (Appendix D): Message/CPIM with CPIM headers and an IMDN request, CPM headers on the outer message.', () => [
  `From: John Doe <jdoe@machine.example>
To: Alice <sip:alice@example.com>
Date: Wed, 13 Dec 2000 13:40:00 -0800
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: abcdef-1234-5678-90ab-cdef01234567
IMDN-Message-ID: 654131a654131a654131a654131a8994656
Message-ID: <cpm-chat-68@machine.example>
Content-Type: Message/CPIM

`, cpimChat('John Doe <sip:jdoe@machine.example>', 'Alice <sip:alice@example.com>', '2000-12-13T13:40:00-08:00', 'Here is the text of my message. cpmchatneedle', '654131a654131a654131a654131a8994656')]);

add('cpm-chat-message-cpim-base64', 'CPM chat message whose CPIM content is base64 (as Appendix D notes) with UTF-8 text and InReplyTo-Contribution-ID.', () => [
  `From: Alice <sip:alice@example.com>
To: John Doe <jdoe@machine.example>
Date: Wed, 13 Dec 2000 13:45:00 -0800
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: abcdef-1234-5678-90ab-cdef01234567
InReplyTo-Contribution-ID: 01234567-89ab-cdef-0123-456789abcdef
IMDN-Message-ID: 7a3c1e9f2b4d6a8c0e1f3a5b7c9d1e2f
Message-ID: <cpm-chat-69@example.com>
Content-Type: Message/CPIM
Content-Transfer-Encoding: base64

`, b64(utf8(cpimChat('Alice <sip:alice@example.com>', 'John Doe <sip:jdoe@machine.example>', '2000-12-13T13:45:00-08:00', 'Hope you enjoy the music. Grüße 🎵', '7a3c1e9f2b4d6a8c0e1f3a5b7c9d1e2f').replace(/\n/g, '\r\n')))]);

add('cpm-imdn-notification', 'IMDN disposition notification stored as a message object: Message/CPIM containing message/imdn+xml.', () => [
  `From: Alice <sip:alice@example.com>
To: John Doe <jdoe@machine.example>
Date: Wed, 13 Dec 2000 13:41:00 -0800
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: abcdef-1234-5678-90ab-cdef01234567
IMDN-Message-ID: 9c8b7a6f5e4d3c2b1a09
Message-ID: <cpm-imdn-70@example.com>
Content-Type: Message/CPIM

From: Alice <sip:alice@example.com>
To: John Doe <sip:jdoe@machine.example>
DateTime: 2000-12-13T13:41:00-08:00
NS: imdn <urn:ietf:params:imdn>
imdn.Message-ID: 9c8b7a6f5e4d3c2b1a09
Content-type: message/imdn+xml
Content-Disposition: notification

<?xml version="1.0" encoding="UTF-8"?>
<imdn xmlns="urn:ietf:params:xml:ns:imdn">
 <message-id>654131a654131a654131a654131a8994656</message-id>
 <datetime>2000-12-13T13:41:00-08:00</datetime>
 <display-notification>
  <status><displayed/></status>
 </display-notification>
</imdn>
`]);

const ftXml = (thumbCid, fileCid) => `<?xml version="1.0" encoding="UTF-8"?>
<file-transfer>
<file-transfer-type>1-1</file-transfer-type>
<invited-participants>jdoe@machine.example; sip:alice@example.com</invited-participants>
<imdn>NS: imdn &lt;urn:ietf:params:imdn&gt;
imdn.Message-ID: 654131a654131a131bfrufh37846r44tcbrfb94656
imdn.Disposition-Notification: positive-delivery</imdn>
<sdp>
i=This is my latest picture
a=sendonly
a=file-selector:name:"My picture.jpg" type:image/jpeg size:4092
a=file-disposition:render
a=file-date:creation:"Mon, 15 May 2006 15:01:31 +0300"
a=file-icon:cid:${thumbCid}
</sdp>
<file-object>
<cid>cid:${fileCid}</cid>
</file-object>
</file-transfer>
`;

add('cpm-file-transfer-thumbnail', 'CPM file transfer history object (Appendix E): multipart/related; boundary=cpm; type="Application/X-CPM-File-Transfer", root XML, thumbnail and file (base64).', () => [
  `From: John Doe <jdoe@machine.example.com>
To: Alice <sip:alice@example.com>
Date: Fri, 21 Nov 1997 09:55:06 -0600
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: abcdef-1234-5678-90ab-cdef01234567
InReplyTo-Contribution-ID: 01234567-89ab-cdef-0123-456789abcdef
P-Asserted-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.filetransfer
IMDN-Message-ID: 654131a654131a131bfrufh37846r44tcbrfb94656
Message-ID: <cpm-ft-71@machine.example.com>
Content-Type: multipart/related;boundary=cpm; type="Application/X-CPM-File-Transfer"

--cpm
Content-Type: Application/X-CPM-File-Transfer

`, ftXml('mythumbnail@example.com', '1234@example.com'), `
--cpm
Content-Type: image/jpeg
Content-Transfer-Encoding: base64
Content-ID: <mythumbnail@example.com>

`, b64(fakeJpeg(711, 700)), `
--cpm
Content-Type: image/jpeg
Content-Transfer-Encoding: base64
Content-ID: <1234@example.com>
Content-Disposition: attachment; filename="My picture.jpg"

`, b64(fakeJpeg(712, 4092 - 13)), `
--cpm--
`]);

add('cpm-file-transfer-binary', 'CPM file transfer history object with Content-Transfer-Encoding: binary thumbnail and file, as written in Appendix E, group transfer.', () => {
  const thumb = randomBytes(721, 300, { noNul: true, noCrLf: true });
  const file = randomBytes(722, 900, { noNul: true, noCrLf: true });
  return [`From: John Doe <jdoe@machine.example.com>
To: Alice <sip:alice@example.com>
Date: Sat, 22 Nov 1997 10:00:00 -0600
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: ft-group-72-abcdef
P-Asserted-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.filetransfer
IMDN-Message-ID: ft72aa55bb66cc77dd88ee99
Message-ID: <cpm-ft-72@machine.example.com>
Content-type: multipart/related;boundary=cpm; type="Application/X-CPM-File-Transfer"

--cpm
Content-Type: Application/X-CPM-File-Transfer

`, ftXml('thumb72@example.com', 'file72@example.com').replace('<file-transfer-type>1-1', '<file-transfer-type>Ad-Hoc'), `
--cpm
Content-Type: image/jpeg
Content-Transfer-Encoding: binary
Content-ID: <thumb72@example.com>

`, thumb, `
--cpm
Content-Type: application/octet-stream
Content-Transfer-Encoding: binary
Content-ID: <file72@example.com>

`, file, `
--cpm--
`];
});

add('cpm-session-info', 'CPM session info object (Appendix D): Application/X-CPM-Session with Subject, Conversation-ID, Contribution-ID, InReplyTo-Contribution-ID.', () => [
  `From: John Doe <jdoe@machine.example>
Date: Fri, 21 Nov 1997 09:55:06 -0600
Subject: the weather will be fine today
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: abcdef-1234-5678-90ab-cdef01234567
InReplyTo-Contribution-ID: 01234567-89ab-cdef-0123-456789abcdef
P-Asserted-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.session
Message-ID: <cpm-session-73@machine.example>
Content-Type: Application/X-CPM-Session

<?xml version="1.0" encoding="UTF-8"?>
<session>
<session-type>Group</session-type>
<invited-participants>jdoe@machine.example; sip:alice@example.com; tel:+15145551212</invited-participants>
<sdp>
v=0
o=jdoe 2890844526 2890842807 IN IP4 192.0.2.10
a=sendonly
m=message 7394 TCP/MSRP *
a=accept-types:message/cpim
</sdp>
</session>
`]);

add('cpm-group-state-object', 'CPM group state object (section 5.2.8, Appendix G): application/group-state-object+xml.', () => [
  `From: John Doe <jdoe@machine.example>
To: Alice <sip:alice@example.com>
Date: Wed, 13 Jun 2012 16:39:57 -0500
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: abcdef-1234-5678-90ab-cdef01234567
Message-ID: <cpm-gso-74@machine.example>
Content-Type: application/group-state-object+xml

<?xml version="1.0" encoding="UTF-8"?>
<groupstate
          timestamp="2012-06-13T16:39:57-05:00"
          lastfocussessionid="da9274453@company.com"
          contributionid="abcdef-1234-5678-90ab-cdef01234567"
          group-type="closed">
<participant name="bob" comm-addr="tel:+16135551212"/>
<participant name="alice" comm-addr="tel:+15195551212"/>
<participant name="bernie" comm-addr="tel:+15145551212"/>
</groupstate>
`]);

add('cpm-standalone-media', 'CPM standalone media object: an audio/basic clip wrapped as a MIME message with Content-ID (no CPM message headers required).', () => [
  `From: John Doe <jdoe@machine.example>
To: Alice <sip:alice@example.com>
Date: Fri, 21 Nov 1997 10:05:00 -0600
Message-ID: <cpm-media-75@machine.example>
MIME-Version: 1.0
Content-Type: audio/basic
Content-Transfer-Encoding: base64
Content-ID: <1234@example.com>
Content-Disposition: inline; filename="greeting.au"

`, b64(Buffer.concat([Buffer.from('.snd', 'latin1'), randomBytes(75, 1200)]))]);

add('cpm-pager-sms', 'CPM pager-mode / legacy SMS message object: Message-Context: pager-message, Message-Correlator (encoded word), P-Asserted-Service.', () => [
  `From: <tel:+15195551212>
To: <tel:+16135551212>
Date: Thu, 08 May 2025 10:00:00 +0000
Subject: SMS
P-Asserted-Service: urn:urn-7:3gpp-service.ims.icsi.oma.cpm.msg
Conversation-ID: 0c2f6a1e-sms-conv-76
Contribution-ID: 9a8b7c6d-sms-contrib-76
IMDN-Message-ID: sms76generated0001
Message-Correlator: =?utf-8?b?U01TIGNvcnJlbGF0b3Igw6k=?=
Message-Context: pager-message
Message-ID: <cpm-sms-76@example.com>
Content-Type: Message/CPIM

From: <tel:+15195551212>
To: <tel:+16135551212>
DateTime: 2025-05-08T10:00:00Z
Content-type: text/plain; charset=utf-8

Running late, be there in 10 min. smsneedle
`]);

add('cpm-mms-legacy', 'CPM legacy MMS message object: Message-Context: multimedia-message with a multipart/related CPIM content (SMIL, text, image).', () => [
  `From: <tel:+15195551212>
To: <tel:+16135551212>
Date: Fri, 09 May 2025 10:00:00 +0000
Subject: Holiday photo
Conversation-ID: 0c2f6a1e-sms-conv-76
Contribution-ID: mms-contrib-77
IMDN-Message-ID: mms-77-0123456789
Message-Correlator: MMS-77-correlator
Message-Context: multimedia-message
Message-ID: <cpm-mms-77@example.com>
Content-Type: Message/CPIM

From: <tel:+15195551212>
To: <tel:+16135551212>
DateTime: 2025-05-09T10:00:00Z
Content-Type: multipart/related; boundary="mms77"; type="application/smil"; start="<smil77>"

--mms77
Content-Type: application/smil
Content-ID: <smil77>

<smil><body><par><img src="cid:img77"/><text src="cid:txt77"/></par></body></smil>
--mms77
Content-Type: text/plain; charset=utf-8
Content-ID: <txt77>

Greetings from the beach!
--mms77
Content-Type: image/jpeg
Content-ID: <img77>
Content-Transfer-Encoding: base64

`, b64(fakeJpeg(77, 400)), `--mms77--
`]);

add('cpm-session-history-related', 'Appendix I style session history: Message/CPIM outer with multipart/related; type="Application/X-CPM-Session" holding CPIM chat parts and the session part.', () => [
  `Content-type: multipart/related;boundary=cpm; type="Application/X-CPM-Session"
From: John Doe <jdoe@machine.example>
To: Alice <sip:alice@example.com>
Date: Fri, 21 Nov 1997 09:55:06 -0600
Subject: the weather will be fine today
Conversation-ID: f81d4fae-7dec-11d0-a765-00a0c91e6bf6
Contribution-ID: abcdef-1234-5678-90ab-cdef01234567
InReplyTo-Contribution-ID: 01234567-89ab-cdef-0123-456789abcdef
Message-ID: <cpm-hist-78@machine.example>

--cpm
Content-type: Message/CPIM

From: John Doe <jdoe@machine.example>
To: Alice <sip:alice@example.com>
DateTime: 2000-12-13T13:40:00-08:00
Content-type: text/plain; charset=utf-8

Hello, here is the text of my message.
--cpm
Content-type: Message/CPIM

From: Alice <sip:alice@example.com>
To: John Doe <jdoe@machine.example>
DateTime: 2000-12-13T13:45:00-08:00
Content-type: text/plain; charset=utf-8

Hope you enjoy the music.
--cpm
Content-Type: Application/X-CPM-Session

<session-type>1-1</session-type>
<invited-participants>jdoe@machine.example; sip:alice@example.com</invited-participants>
<sdp>
a=sendonly
m=audio 49170 RTP/AVP 0 97
</sdp>
--cpm
Content-Type: audio/basic
Content-Transfer-Encoding: base64
Content-ID:<1234@example.com>

`, b64(randomBytes(78, 256)), `--cpm--
`]);

// --- newsletters
const newsHtml = (n) => `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Example Weekly #${n}</title>
<style>body{font-family:Helvetica,Arial,sans-serif;color:#222} .hero{width:600px}</style></head>
<body>
<table width="600" cellpadding="0" cellspacing="0" border="0"><tr><td>
<img class="hero" src="cid:hero${n}@news.example.com" alt="This week's hero image" width="600" height="200">
<h1>Example Weekly — issue ${n}</h1>
<p>Welcome to this week's newsletter. We have three stories for you. newsletterneedle</p>
<p><img src="cid:icon1-${n}@news.example.com" width="32" height="32"> Story one: the garden is blooming.</p>
<p><img src="cid:icon2-${n}@news.example.com" width="32" height="32"> Story two: new café opens on Main Street.</p>
<p><a href="https://news.example.com/unsubscribe?u=12345&amp;list=weekly">Unsubscribe</a></p>
</td></tr></table>
</body></html>
`;
add('newsletter-related-inline-images', 'Real-world newsletter: multipart/related( multipart/alternative( text, html ), three inline images by cid: ) with List-Unsubscribe etc.', () => [
  `Return-Path: <bounce-12345@news.example.com>
Received: from mta1.news.example.com (mta1.news.example.com [198.51.100.7])
	by mx.example.com with ESMTPS id 4Xy7Zk2Vq1z9sNp
	for <reader@example.com>; Sat, 10 May 2025 07:00:03 +0000 (UTC)
DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=news.example.com; s=s1;
	h=from:to:subject:date:message-id:list-unsubscribe; bh=47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=;
	b=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZSwganVzdCBhIHRlc3QgZml4dHVyZQ==
From: Example Weekly <weekly@news.example.com>
To: reader@example.com
Subject: =?UTF-8?Q?Example_Weekly_=E2=80=94_issue_79:_the_garden_is_blooming?=
Date: Sat, 10 May 2025 07:00:00 +0000
Message-ID: <weekly-79.20250510070000@news.example.com>
List-Unsubscribe: <https://news.example.com/unsubscribe?u=12345>, <mailto:unsubscribe@news.example.com>
List-Unsubscribe-Post: List-Unsubscribe=One-Click
List-Id: Example Weekly <weekly.news.example.com>
Precedence: bulk
MIME-Version: 1.0
Content-Type: multipart/related; boundary="=_rel_79"; type="multipart/alternative"

--=_rel_79
Content-Type: multipart/alternative; boundary="=_alt_79"

--=_alt_79
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

`, qp(utf8(`Example Weekly =E2=80=94 issue 79
Welcome to this week's newsletter. We have three stories for you. newsletterneedle
* Story one: the garden is blooming.
* Story two: new café opens on Main Street.
Unsubscribe: https://news.example.com/unsubscribe?u=12345&list=weekly
`.replace('=E2=80=94', '—'))), `
--=_alt_79
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: quoted-printable

`, qp(utf8(newsHtml(79))), `
--=_alt_79--

--=_rel_79
Content-Type: image/jpeg; name="hero.jpg"
Content-Transfer-Encoding: base64
Content-ID: <hero79@news.example.com>
Content-Disposition: inline; filename="hero.jpg"

`, b64(fakeJpeg(791, 3000)), `
--=_rel_79
Content-Type: image/png; name="icon1.png"
Content-Transfer-Encoding: base64
Content-ID: <icon1-79@news.example.com>
Content-Disposition: inline; filename="icon1.png"

`, b64(fakePng(792, 400)), `
--=_rel_79
Content-Type: image/png; name="icon2.png"
Content-Transfer-Encoding: base64
Content-ID: <icon2-79@news.example.com>
Content-Disposition: inline; filename="icon2.png"

`, b64(fakePng(793, 400)), `
--=_rel_79--
`]);

add('newsletter-mixed-related-alternative', 'Newsletter variant: mixed( related( alternative( text, html ), image ), PDF attachment ) with base64 HTML.', () => [
  `From: "Shop Example" <newsletter@shop.example>
To: "Reader, Dear" <reader@example.com>
Subject: Your May catalogue
Date: Sun, 11 May 2025 08:00:00 +0200
Message-ID: <catalogue-80@shop.example>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="mix80"

--mix80
Content-Type: multipart/related; boundary="rel80"

--rel80
Content-Type: multipart/alternative; boundary="alt80"

--alt80
Content-Type: text/plain; charset=us-ascii

Our May catalogue is attached. cataloguneedle
--alt80
Content-Type: text/html; charset=utf-8
Content-Transfer-Encoding: base64

`, b64(utf8(newsHtml(80).replace('newsletterneedle', 'cataloguneedle'))), `--alt80--

--rel80
Content-Type: image/jpeg
Content-ID: <hero80@news.example.com>
Content-Transfer-Encoding: base64

`, b64(fakeJpeg(80, 900)), `--rel80--

--mix80
Content-Type: application/pdf; name="catalogue-may.pdf"
Content-Disposition: attachment; filename="catalogue-may.pdf"
Content-Transfer-Encoding: base64

`, b64(Buffer.concat([Buffer.from('%PDF-1.7\n', 'latin1'), randomBytes(801, 5000)])), `--mix80--
`]);

// --- line-end variants and syntax oddities
add('lf-only-multipart', 'multipart/mixed with LF-only line ends, including an attachment.', () => [
  `From: unix@example.com
To: user@example.com
Subject: LF-only multipart
Date: Mon, 12 May 2025 10:00:00 +0000
Message-ID: <lf-multi-81@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="lf81"

--lf81
Content-Type: text/plain

LF text part. lfneedle
--lf81
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

`, b64(randomBytes(81, 200)), `--lf81--
`], { lf: true });

add('lf-only-message-rfc822', 'LF-only message with a message/rfc822 part.', () => [
  `From: unix@example.com
To: user@example.com
Subject: LF-only forward
Date: Tue, 13 May 2025 10:00:00 +0000
Message-ID: <lf-fwd-82@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="lf82"

--lf82
Content-Type: text/plain

See below.
--lf82
Content-Type: message/rfc822

`, innerMessage, `--lf82--
`], { lf: true });

add('mixed-line-endings', 'CRLF header, body lines mixing LF and CRLF (written as raw bytes).', () => [
  Buffer.from(`From: mixed@example.com\r\nTo: user@example.com\r\nSubject: Mixed line endings\r\nDate: Wed, 14 May 2025 10:00:00 +0000\r\nMessage-ID: <mixed-eol-83@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary="m83"\r\n\r\n--m83\nContent-Type: text/plain\r\n\nLF after header, CRLF here\r\nand LF here\n--m83\r\nContent-Type: text/plain\r\n\r\nSecond part CRLF\r\n--m83--\n`, 'latin1'),
]);

add('header-syntax-oddities', 'Header oddities: white-space-only continuation line, a line without a colon in the header block, space before the colon, empty field values, duplicate Subject.', () => [
  `From: odd@example.com
To: user@example.com
Subject: First subject
Subject: Second subject
X-Empty:
X-Space-Before-Colon : value
X-Continued: first
 \t
 third
This line has no colon
Date: Thu, 15 May 2025 10:00:00 +0000
Message-ID: <oddities-84@example.com>

Body.
`]);

add('content-type-oddities', 'Content-Type oddities: upper case, comments, spaces around =, unquoted parameter with dot, duplicate parameter.', () => [
  `From: odd@example.com
To: user@example.com
Subject: Content-Type oddities
Date: Fri, 16 May 2025 10:00:00 +0000
Message-ID: <ct-odd-85@example.com>
MIME-Version: 1.0
Content-Type: MULTIPART/Mixed (a comment) ; BOUNDARY = "Odd85" ; Foo=bar.baz; foo=again

--Odd85
Content-Type: TEXT/PLAIN; CHARSET=US-ASCII (comment); Format="Flowed"
Content-Transfer-Encoding: 7BIT

Upper-case type.
--Odd85
Content-Type: text/plain;charset=utf-8;;name=noquotes.txt
Content-Transfer-Encoding: Quoted-Printable

Lower-case qp: =C3=A9t=C3=A9.
--Odd85--
`]);

add('text-flowed-delsp', 'text/plain; charset="ISO-8859-1"; format=flowed; delsp=yes with flowed lines.', () => [
  `From: flowed@example.com
To: user@example.com
Subject: Format flowed
Date: Sat, 17 May 2025 10:00:00 +0000
Message-ID: <flowed-86@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset="ISO-8859-1"; format=flowed; delsp=yes
Content-Transfer-Encoding: 8bit

`, enc('This is a flowed paragraph that goes on and on so that the \nsoftware wraps it with trailing spaces and delsp=yes meaning the \nspace is deleted. Ça va très bien.\n> quoted flowed \n> text\n', 'latin1')]);

add('latin1-qp-body', 'ISO-8859-1 quoted-printable body and an ISO-8859-1 encoded-word search target "Müller".', () => [
  `From: ${ew('iso-8859-1', 'Q', 'Hans Müller')} <hans@example.de>
To: user@example.com
Subject: ${ew('iso-8859-1', 'Q', 'Grüße von Müller')}
Date: Sun, 18 May 2025 10:00:00 +0200
Message-ID: <latin1-qp-87@example.de>
MIME-Version: 1.0
Content-Type: text/plain; charset=iso-8859-1
Content-Transfer-Encoding: quoted-printable

`, qp(enc('Schöne Grüße aus München, Ihr Müller. Überweisung folgt.\n', 'latin1')), `
`]);

add('boundary-special-chars', 'Boundary using the full RFC 2046 bchars set, including spaces and punctuation (quoted).', () => [
  `From: bchars@example.com
To: user@example.com
Subject: Boundary with special characters
Date: Mon, 19 May 2025 10:00:00 +0000
Message-ID: <bchars-88@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="'()+_,-./:=? and more"

--'()+_,-./:=? and more
Content-Type: text/plain

Part one.
--'()+_,-./:=? and more
Content-Type: text/plain

Part two.
--'()+_,-./:=? and more--
`]);

add('boundary-traps', 'Boundary traps: delimiter with trailing white space (valid), a line that starts with the boundary plus more text (not a delimiter), a nested boundary that is a prefix of the outer.', () => [
  `From: traps@example.com
To: user@example.com
Subject: Boundary traps
Date: Tue, 20 May 2025 10:00:00 +0000
Message-ID: <traps-89@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="trap"

--trap  \t
Content-Type: text/plain

--trapdoor is not a delimiter.
---trap is not one either.
--trap
Content-Type: multipart/alternative; boundary="trap-inner"

--trap-inner
Content-Type: text/plain

Inner one.
--trap-inner
Content-Type: text/plain

Inner two.
--trap-inner--
--trap--
`]);

add('single-blank-line', 'The message is a single CRLF: no header fields, an empty body.', () => [Buffer.from('\r\n')]);

add('text-calendar', 'text/calendar; method=REQUEST; charset=UTF-8 inside multipart/alternative with a text part (an invitation).', () => [
  `From: Organizer <organizer@example.com>
To: attendee@example.com
Subject: Invitation: Planning meeting
Date: Wed, 21 May 2025 10:00:00 +0000
Message-ID: <ics-91@example.com>
MIME-Version: 1.0
Content-Type: multipart/alternative; boundary="ics91"

--ics91
Content-Type: text/plain; charset=UTF-8

You are invited to the planning meeting.
--ics91
Content-Type: text/calendar; method=REQUEST; charset=UTF-8
Content-Transfer-Encoding: 7bit

BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Corpus//EN
METHOD:REQUEST
BEGIN:VEVENT
UID:91@example.com
DTSTART:20250601T090000Z
DTEND:20250601T100000Z
SUMMARY:Planning meeting
END:VEVENT
END:VCALENDAR
--ics91--
`]);

add('multipart-signed', 'multipart/signed; protocol="application/pgp-signature"; micalg=pgp-sha256 with a detached signature.', () => [
  `From: signer@example.com
To: user@example.com
Subject: Signed message
Date: Thu, 22 May 2025 10:00:00 +0000
Message-ID: <signed-92@example.com>
MIME-Version: 1.0
Content-Type: multipart/signed; micalg=pgp-sha256;
 protocol="application/pgp-signature"; boundary="sig92"

This is an OpenPGP/MIME signed message (RFC 4880 and 3156)
--sig92
Content-Type: text/plain; charset=us-ascii
Content-Transfer-Encoding: 7bit

This text is signed.

--sig92
Content-Type: application/pgp-signature; name="signature.asc"
Content-Description: OpenPGP digital signature
Content-Disposition: attachment; filename="signature.asc"

-----BEGIN PGP SIGNATURE-----

`, b64(randomBytes(92, 180), 64), `=AbCd
-----END PGP SIGNATURE-----

--sig92--
`]);

add('multipart-encrypted', 'multipart/encrypted; protocol="application/pgp-encrypted" with version part and armored octet-stream.', () => [
  `From: crypt@example.com
To: user@example.com
Subject: Encrypted message
Date: Fri, 23 May 2025 10:00:00 +0000
Message-ID: <encrypted-93@example.com>
MIME-Version: 1.0
Content-Type: multipart/encrypted; protocol="application/pgp-encrypted"; boundary="enc93"

--enc93
Content-Type: application/pgp-encrypted
Content-Description: PGP/MIME version identification

Version: 1

--enc93
Content-Type: application/octet-stream; name="encrypted.asc"
Content-Description: OpenPGP encrypted message
Content-Disposition: inline; filename="encrypted.asc"

-----BEGIN PGP MESSAGE-----

`, b64(randomBytes(93, 400), 64), `-----END PGP MESSAGE-----

--enc93--
`]);

add('delivery-status-report', 'multipart/report; report-type=delivery-status with message/delivery-status and text/rfc822-headers parts (a bounce).', () => [
  `From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: sender@example.com
Subject: Undelivered Mail Returned to Sender
Date: Sat, 24 May 2025 10:00:00 +0000
Message-ID: <dsn-94@mx.example.com>
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="dsn94"

--dsn94
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients. bounceneedle
--dsn94
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com
Arrival-Date: Sat, 24 May 2025 09:59:58 +0000

Final-Recipient: rfc822; nobody@example.org
Original-Recipient: rfc822;nobody@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <nobody@example.org>: Recipient address rejected

--dsn94
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers

From: sender@example.com
To: nobody@example.org
Subject: Hello?
Date: Sat, 24 May 2025 09:59:50 +0000
Message-ID: <hello-94@example.com>

--dsn94--
`]);

add('message-partial', 'message/partial; id=…; number=1; total=2 (RFC 2046 §5.2.2).', () => [
  `From: splitter@example.com
To: user@example.com
Subject: Large file (part 1/2)
Date: Sun, 25 May 2025 10:00:00 +0000
Message-ID: <partial-95@example.com>
MIME-Version: 1.0
Content-Type: message/partial; id="ABC@example.com"; number=1; total=2

Message-ID: <whole-95@example.com>
MIME-Version: 1.0
Content-Type: text/plain

First half of the text.
`]);

add('digest-nested-rfc822', 'multipart/digest whose member is itself multipart/mixed with a message/rfc822: part 1.2.1.', () => [
  `From: list-owner@lists.example.org
To: subscriber@example.com
Subject: Digest with nested forward
Date: Mon, 26 May 2025 06:00:00 +0000
Message-ID: <digest-96@lists.example.org>
MIME-Version: 1.0
Content-Type: multipart/digest; boundary="d96"

--d96

From: member@example.org
Subject: A forward in a digest
Date: Mon, 26 May 2025 05:00:00 +0000
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="d96m"

--d96m
Content-Type: text/plain

Forward follows.
--d96m
Content-Type: message/rfc822

`, innerMessage, `--d96m--

--d96--
`]);

add('multipart-no-parts', 'A multipart whose body is the close delimiter alone (no body parts at all).', () => [
  `From: empty@example.com
To: user@example.com
Subject: Multipart with no parts
Date: Tue, 27 May 2025 10:00:00 +0000
Message-ID: <no-parts-97@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="np97"

--np97--
`]);

add('base64-malformed', 'base64 bodies with white space, a missing padding, and invalid characters (BINARY decoding leniency).', () => [
  `From: lenient@example.com
To: user@example.com
Subject: Malformed base64
Date: Wed, 28 May 2025 10:00:00 +0000
Message-ID: <bad-b64-98@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b98"

--b98
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

SGVsbG8g V29y
bGQh IA==
--b98
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: base64

TWlzc2luZyBwYWRkaW5n
--b98
Content-Type: application/octet-stream
Content-Transfer-Encoding: base64

SW52YWxpZCEhIGNoYXJz$$$
--b98--
`]);

add('qp-malformed', 'Quoted-printable with lower-case hex, a lone = at the end, invalid escapes =ZZ and a long unbroken line.', () => [
  `From: lenient@example.com
To: user@example.com
Subject: Malformed quoted-printable
Date: Thu, 29 May 2025 10:00:00 +0000
Message-ID: <bad-qp-99@example.com>
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Lower-case hex: caf=c3=a9.
Invalid escape: 100=ZZ percent.
A soft break at the very end=
 continues here.
Trailing equals=
${'x'.repeat(300)}
=
`]);

add('cpm-chat-group-private', 'A CPM group chat message (Message/CPIM) with several CPIM To headers (a private message in a group session) and Subject encoded word.', () => [
  `From: Bob <sip:bob@example.com>
To: Alice <sip:alice@example.com>
Date: Fri, 30 May 2025 12:00:00 +0000
Subject: =?utf-8?b?R3J1cHBlbmNoYXQg8J+Ssw==?=
Conversation-ID: group-conv-100-aabbcc
Contribution-ID: group-contrib-100-ddeeff
IMDN-Message-ID: grp100msg0001
Message-ID: <cpm-group-100@example.com>
Content-Type: Message/CPIM

From: Bob <sip:bob@example.com>
To: Alice <sip:alice@example.com>
To: Bernie <tel:+15145551212>
cc: <sip:conf-factory@example.com>
DateTime: 2025-05-30T12:00:00Z
NS: imdn <urn:ietf:params:imdn>
imdn.Message-ID: grp100msg0001
imdn.Disposition-Notification: positive-delivery, negative-delivery, display
Content-type: text/plain; charset=utf-8

Private note in the group: meet at 3? groupneedle
`]);

// ---------------------------------------------------------------- write

function render(entry) {
  const chunks = entry.chunks();
  const bufs = chunks.map((c) => {
    if (Buffer.isBuffer(c)) return c.isText && !entry.lf ? toCrlf(c) : c; // binary stays as it is
    const s = entry.lf ? c.replace(/\r\n/g, '\n') : c.replace(/\r?\n/g, '\r\n');
    return Buffer.from(s, 'utf8');
  });
  let out = Buffer.concat(bufs);
  // Buffers written from utf8() text still hold "\n": convert them too, except raw binary
  // chunks made by randomBytes (those are marked by never containing text markers).
  return out;
}

// Text that went through utf8()/iconv into a Buffer keeps bare "\n"; convert those, but not
// random binary. Tag such chunks: only Buffers created from text need conversion.
function renderAll() {
  fs.mkdirSync(outDir, { recursive: true });
  for (const f of fs.readdirSync(outDir)) if (f.endsWith('.eml')) fs.rmSync(path.join(outDir, f));
  const rows = [];
  corpus.forEach((entry, i) => {
    const file = `${String(i + 1).padStart(3, '0')}-${entry.name}.eml`;
    const bytes = render(entry);
    fs.writeFileSync(path.join(outDir, file), bytes);
    rows.push({ file, about: entry.about, size: bytes.length, lf: !!entry.lf });
  });
  return rows;
}

export { corpus, renderAll };

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = renderAll();
  const total = rows.reduce((a, r) => a + r.size, 0);
  writeReadme(rows, total);
  console.log(`${rows.length} messages, ${total} bytes, in ${path.relative(process.cwd(), outDir)}`);
}

function writeReadme(rows, total) {
  const lines = [
    '# MIME and CPM message corpus',
    '',
    'Messages written for cpm-imapd (none copied from elsewhere), used by the MIME unit tests and by the',
    'Dovecot comparison (`fixtures/dovecot/`, `test/mime/dovecot-compare.test.ts`). They are appended to one',
    'mailbox in file-name order, so message `NNN-…` is sequence number and UID NNN.',
    '',
    'Generated by `node test/tools/make-corpus.mjs` (deterministic: pseudo-random payloads come from a seeded',
    'xorshift generator, legacy charsets from iconv-lite). Do not edit the .eml files by hand; change the',
    'generator and re-run it, then regenerate `fixtures/dovecot/` (see its README).',
    '',
    'Line ends are CRLF unless the entry says LF-only; binary chunks are written byte for byte.',
    `${rows.length} messages, ${total} bytes in all.`,
    '',
    '| file | bytes | exercises |',
    '|---|---:|---|',
    ...rows.map((r) => `| \`${r.file}\` | ${r.size} | ${r.lf ? '(LF-only) ' : ''}${r.about.replace(/\|/g, '\\|')} |`),
    '',
  ];
  fs.writeFileSync(path.join(outDir, 'README.md'), lines.join('\n'));
}
