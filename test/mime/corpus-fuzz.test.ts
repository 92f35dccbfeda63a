// Every corpus message, random bytes and mutated messages: parsing never throws, every offset
// stays inside the data, sections are sub-slices, and hostile input stays linear in time.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseMessage } from '../../src/mime/parse.js';
import { encodeBodyStructure } from '../../src/mime/bodystructure.js';
import { encodeEnvelope } from '../../src/mime/envelope.js';
import { extractSection } from '../../src/mime/section.js';
import { extractBinary } from '../../src/mime/binary.js';
import { toBytes } from '../../src/protocol/encode.js';
import type { MimePart } from '../../src/mime/types.js';
import { allParts, corpus, crlf } from './helpers.js';

/** Numbered section paths of every part, as a client would name them. */
function sectionPaths(root: MimePart): number[][] {
  const out: number[][] = [];
  const walk = (part: MimePart, path: number[]): void => {
    const children = part.parts ?? (part.message && part.subtype === 'rfc822' ? (part.message.root.parts ?? [part.message.root]) : []);
    children.forEach((child, i) => {
      out.push([...path, i + 1]);
      walk(child, [...path, i + 1]);
    });
  };
  walk(root, []);
  return out;
}

function checkMessage(data: Buffer): void {
  const parsed = parseMessage(data);
  for (const p of allParts(parsed.root)) {
    if (!(0 <= p.headerStart && p.headerStart <= p.headerEnd && p.headerEnd <= p.bodyStart && p.bodyStart <= p.bodyEnd && p.bodyEnd <= data.length)) {
      throw new Error(`offsets out of order: ${JSON.stringify([p.headerStart, p.headerEnd, p.bodyStart, p.bodyEnd, data.length])}`);
    }
    if (p.size !== p.bodyEnd - p.bodyStart) throw new Error('size is not the body length');
  }
  // The encoders accept whatever the parser produced.
  toBytes(encodeBodyStructure(parsed.root, true));
  toBytes(encodeBodyStructure(parsed.root, false));
  toBytes(encodeEnvelope(parsed.envelope));
  if (extractSection(data, parsed.root, { part: [] }) !== data) throw new Error('BODY[] is not the stored bytes');
  for (const path of sectionPaths(parsed.root).slice(0, 50)) {
    for (const text of [undefined, 'MIME', 'HEADER', 'TEXT'] as const) {
      const s = extractSection(data, parsed.root, { part: path, ...(text ? { text } : {}) });
      if (s !== null && s.buffer !== data.buffer) throw new Error('a section is not a sub-slice of the stored bytes');
    }
    extractSection(data, parsed.root, { part: path, text: 'HEADER.FIELDS', fields: ['subject'] });
    extractBinary(data, parsed.root, path);
  }
}

describe('the fixture corpus', () => {
  const files = corpus();

  it('holds at least 80 messages', () => {
    expect(files.length).toBeGreaterThanOrEqual(80);
  });

  it.each(files)('%s parses with every offset in bounds and sections as sub-slices', (_name, data) => {
    checkMessage(data);
  });
});

describe('fuzz', () => {
  it('never throws on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2000 }), (bytes) => {
        checkMessage(Buffer.from(bytes));
      }),
      { numRuns: 500 },
    );
  });

  const pieces = ['--b\r\n', '--b--\r\n', '--c\r\n', '\r\n', '\n', 'Content-Type: multipart/mixed; boundary=b\r\n', 'Content-Type: multipart/alternative; boundary="c"\r\n', 'Content-Type: message/rfc822\r\n', 'Content-Type: text/plain; charset*0*=utf-8\'\'%C3; charset*1=x\r\n', 'Content-Transfer-Encoding: base64\r\n', 'From: "a\\" <b@c>, (x(y)) d@e, g: h;\r\n', ' folded\r\n', 'text line\r\n', 'aGVsbG8=\r\n', '=C3=A9=\r\n', ':\r\n', '\0', '\u00ff'];

  it('never throws on MIME-shaped input', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 80 }), (parts) => {
        checkMessage(Buffer.from(parts.join(''), 'latin1'));
      }),
      { numRuns: 1000 },
    );
  });

  it('never throws on mutated corpus messages', () => {
    const files = corpus().map(([, data]) => data);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: files.length - 1 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.constantFrom('set', 'delete', 'insert')), { minLength: 1, maxLength: 20 }),
        (index, edits) => {
          let bytes = [...files[index]!];
          for (const [at, value, op] of edits) {
            const i = bytes.length === 0 ? 0 : at % bytes.length;
            if (op === 'set') bytes[i] = value;
            else if (op === 'delete') bytes.splice(i, 1);
            else bytes.splice(i, 0, value);
          }
          checkMessage(Buffer.from(bytes));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('hostile input stays linear', () => {
  const timeOf = (data: Buffer): number => {
    const t = performance.now();
    parseMessage(data);
    return performance.now() - t;
  };
  // Doubling the input must not much more than double the time (quadratic would quadruple).
  const linear = (make: (n: number) => Buffer): void => {
    timeOf(make(2000));
    const small = Math.min(...[0, 1, 2].map(() => timeOf(make(20_000))));
    const large = Math.min(...[0, 1, 2].map(() => timeOf(make(80_000))));
    expect(large).toBeLessThan(Math.max(small, 2) * 10);
  };

  it('many boundary-like lines', () => {
    linear((n) => crlf(`Content-Type: multipart/mixed; boundary=abcdef\n\n${'--abcde\n--abcdeX\n'.repeat(n / 2)}`));
  });
  it('many empty parts', () => {
    linear((n) => crlf(`Content-Type: multipart/mixed; boundary=b\n\n${'--b\n'.repeat(n)}`));
  });
  it('deep nesting repeated', () => {
    linear((n) => crlf(`Content-Type: multipart/mixed; boundary=b0\n\n${Array.from({ length: n / 10 }, (_, i) => `--b${i % 90}\nContent-Type: multipart/mixed; boundary=b${(i % 90) + 1}\n\n`).join('')}`));
  });
  it('nested message/rfc822', () => {
    linear((n) => crlf(`${'Content-Type: message/rfc822\n\n'.repeat(150)}${'line\n'.repeat(n)}`));
  });
  it('huge headers, address lists and comments', () => {
    linear((n) => crlf(`From: ${'"a\\\\b" <x@y>, (c (d) e) f@g, '.repeat(n / 10)}\nSubject: ${'=?utf-8?q?x?= '.repeat(n / 10)}\n${'X: y\n'.repeat(n / 10)}\nbody\n`));
  });
  it('header lines without colons and endless folding', () => {
    linear((n) => crlf(`Subject: x\n${' more\n'.repeat(n / 2)}${'no colon here\n'.repeat(n / 2)}`));
  });
  it('long unterminated quoted strings and comments in parameters', () => {
    linear((n) => crlf(`Content-Type: text/plain; a="${'\\"'.repeat(n)}; b=(${'('.repeat(n)}\n\nx`));
  });
});

describe('speed', () => {
  it('parses a typical 5 KB message well under a millisecond', () => {
    const body = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n'.repeat(25);
    const data = crlf(`From: "Alice" <alice@example.com>\nTo: bob@example.org\nSubject: =?utf-8?q?r=C3=A9sum=C3=A9?=\nDate: Mon, 1 Jan 2024 00:00:00 +0000\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary="xyz"\n\n--xyz\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: quoted-printable\n\n${body}\n--xyz\nContent-Type: text/html; charset=utf-8\n\n<p>${body}</p>\n--xyz--\n`);
    for (let i = 0; i < 200; i++) parseMessage(data);
    const start = performance.now();
    for (let i = 0; i < 1000; i++) parseMessage(data);
    // Measured about 0.05 ms; the bound leaves room for slow CI machines.
    expect((performance.now() - start) / 1000).toBeLessThan(1);
  });
});
