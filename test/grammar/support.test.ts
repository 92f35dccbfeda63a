// splitResponses(), the grammar files themselves, and speed.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertValidResponse, compileGrammar, grammarFiles, splitResponses } from '../support/grammar.js';

const b = (s: string): Buffer => Buffer.from(s, 'latin1');
const texts = (list: Buffer[]): string[] => list.map((x) => x.toString('latin1'));

describe('splitResponses', () => {
  it('splits lines and keeps literals whole', () => {
    const stream = b('* 1 EXISTS\r\n* 1 FETCH (BODY[] {8}\r\na\r\nb\r\n\r\n UID 2)\r\nA1 OK done\r\n');
    const { responses, rest } = splitResponses(stream);
    expect(texts(responses)).toEqual(['* 1 EXISTS\r\n', '* 1 FETCH (BODY[] {8}\r\na\r\nb\r\n\r\n UID 2)\r\n', 'A1 OK done\r\n']);
    expect(rest.length).toBe(0);
  });

  it('returns an incomplete line as rest', () => {
    const { responses, rest } = splitResponses(b('* 1 EXISTS\r\n* 2 EXI'));
    expect(texts(responses)).toEqual(['* 1 EXISTS\r\n']);
    expect(rest.toString('latin1')).toBe('* 2 EXI');
  });

  it('returns a response whose literal is still arriving as rest', () => {
    const whole = '* 1 FETCH (BODY[] {5}\r\nhello BODY[1] {2}\r\nab)\r\n';
    for (let cut = 0; cut < whole.length; cut += 1) {
      const { responses, rest } = splitResponses(b(whole.slice(0, cut)));
      expect(responses).toHaveLength(0);
      expect(rest.toString('latin1')).toBe(whole.slice(0, cut));
    }
    expect(texts(splitResponses(b(whole)).responses)).toEqual([whole]);
  });

  it('does not look for CRLF inside literal data', () => {
    const { responses } = splitResponses(b('* 1 FETCH (BODY[] {4}\r\n\r\n\r\n)\r\n* 2 EXISTS\r\n'));
    expect(texts(responses)).toEqual(['* 1 FETCH (BODY[] {4}\r\n\r\n\r\n)\r\n', '* 2 EXISTS\r\n']);
  });

  it('frames literal8 and non-synchronizing literals too', () => {
    const { responses } = splitResponses(b('A1 APPEND INBOX {3+}\r\nabc\r\n* 1 FETCH (BINARY[] ~{2}\r\n\x00\x01)\r\n'));
    expect(responses).toHaveLength(2);
  });

  it('returns subarrays of the input, not copies', () => {
    const stream = b('* 1 EXISTS\r\n');
    expect(splitResponses(stream).responses[0]?.buffer).toBe(stream.buffer);
  });

  it('handles an empty stream', () => {
    expect(splitResponses(Buffer.alloc(0))).toEqual({ responses: [], rest: Buffer.alloc(0) });
  });
});

describe('grammar files', () => {
  const files = grammarFiles();
  const dir = dirname(files[0] ?? '.');

  it('loads every .abnf file in grammar/ through manifest.txt', () => {
    const onDisk = readdirSync(dir).filter((f) => f.endsWith('.abnf')).sort();
    expect(files.map((f) => basename(f)).sort()).toEqual(onDisk);
  });

  it('are plain ASCII ABNF (RFC 5234)', () => {
    for (const file of files) {
      const text = readFileSync(file, 'latin1');
      expect(/^[\t\n\r\x20-\x7e]*$/.test(text), file).toBe(true);
    }
  });

  it('name the source RFC before each rule or group of rules', () => {
    for (const file of files) {
      const lines = readFileSync(file, 'utf8').split('\n');
      lines.forEach((text, i) => {
        if (!/^[A-Za-z][A-Za-z0-9_-]*\s*=/.test(text)) return;
        // Walk up over this group's rules and continuation lines to its comment.
        let j = i - 1;
        while (j >= 0 && (/^\s+\S/.test(lines[j] ?? '') || /^[A-Za-z]/.test(lines[j] ?? ''))) j -= 1;
        const comment: string[] = [];
        while (j >= 0 && (lines[j] ?? '').startsWith(';')) comment.push(lines[(j -= 1) + 1] ?? '');
        expect(comment.some((c) => /RFC \d{4}/.test(c)), `${basename(file)}:${i + 1} ${text}`).toBe(true);
      });
    }
  });

  it('compiles fast and once', () => {
    const first = compileGrammar();
    expect(compileGrammar()).toBe(first);
    expect(first.compileMs).toBeLessThan(5000); // about 0.3 s alone, more when forks share the cores
    console.log(`grammar/: ${first.ruleNames.length} rules from ${first.files.length} files compiled in ${first.compileMs.toFixed(0)} ms`);
  });
});

describe('speed', () => {
  it('validates a 100-response FETCH batch in milliseconds', () => {
    compileGrammar();
    const body = 'Subject: test\r\nFrom: a@b.c\r\n\r\n' + 'line of text\r\n'.repeat(200);
    const batch: string[] = [];
    for (let i = 1; i <= 100; i += 1) {
      batch.push(
        `* ${i} FETCH (UID ${i + 1000} FLAGS (\\Seen $Forwarded) INTERNALDATE "17-Jul-1996 02:44:25 -0700" RFC822.SIZE ${body.length} ` +
          'ENVELOPE ("Wed, 17 Jul 1996 02:23:25 -0700 (PDT)" "subject" (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
          '(("Terry Gray" NIL "gray" "cac.washington.edu")) (("Terry Gray" NIL "gray" "cac.washington.edu")) ' +
          '((NIL NIL "imap" "cac.washington.edu")) NIL NIL NIL "<B27397-0100000@cac.washington.edu>") ' +
          'BODYSTRUCTURE (("TEXT" "PLAIN" ("CHARSET" "US-ASCII") NIL NIL "7BIT" 1152 23 NIL NIL NIL NIL)' +
          '("APPLICATION" "OCTET-STREAM" ("NAME" "x.bin") NIL NIL "BASE64" 4554 NIL ("attachment" ("filename" "x.bin")) NIL NIL) "MIXED" ("boundary" "b") NIL NIL NIL) ' +
          `BODY[] {${body.length}}\r\n${body})\r\n`,
      );
    }
    const started = performance.now();
    for (const response of batch) assertValidResponse(response);
    const ms = performance.now() - started;
    console.log(`100 FETCH responses (${batch[0]?.length} octets each): ${ms.toFixed(1)} ms, ${(ms / 100).toFixed(2)} ms per response`);
    expect(ms).toBeLessThan(1000);

    const lines = Array.from({ length: 1000 }, (_, i) => `* ${i + 1} FETCH (FLAGS (\\Seen) UID ${i + 1})\r\n`);
    const t0 = performance.now();
    for (const response of lines) assertValidResponse(response);
    const perLine = (performance.now() - t0) / lines.length;
    console.log(`short FETCH line: ${(perLine * 1000).toFixed(1)} µs per line`);
    expect(perLine).toBeLessThan(2);
  });

  it('validates a 1 MB literal quickly', () => {
    const body = 'x'.repeat(1 << 20);
    const started = performance.now();
    assertValidResponse(`* 1 FETCH (BODY[] {${body.length}}\r\n${body})\r\n`);
    const ms = performance.now() - started;
    console.log(`1 MiB literal: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
  });
});
