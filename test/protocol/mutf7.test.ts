import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { decodeModifiedUtf7, encodeModifiedUtf7 } from '../../src/protocol/mutf7.js';

describe('modified UTF-7', () => {
  const examples: Array<[string, string]> = [
    ['INBOX', 'INBOX'],
    ['&', '&-'],
    ['a&b', 'a&-b'],
    ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
    ['Entwürfe', 'Entw&APw-rfe'],
    ['Gesendete Objekte', 'Gesendete Objekte'],
    ['\u00e9', '&AOk-'],
    ['😀', '&2D3eAA-'],
    ['tab\there', 'tab&AAk-here'],
  ];
  it.each(examples)('encodes and decodes %j', (text, wire) => {
    expect(encodeModifiedUtf7(text)).toBe(wire);
    expect(decodeModifiedUtf7(wire)).toBe(text);
  });

  it.each([
    ['unterminated shift', '&AOk', /Unterminated/],
    ['bad base64 character', '&A/k-', /Invalid modified BASE64/],
    ['encoded printable ASCII', '&AGE-', /printable ASCII/],
    ['non-zero padding bits', '&AOl-', /padding/],
    ['too many padding digits', '&AOkA-', /padding/],
    ['adjacent shifts', '&AOk-&AOk-', /Superfluous shift/],
    ['raw 8-bit', 'caf\u00e9', /Invalid character/],
    ['control character', 'a\u0001b', /Invalid character/],
    ['lone high surrogate', '&2D0-', /surrogate/],
    ['lone low surrogate', '&3gA-', /surrogate/],
    ['high surrogate at the end of a longer run', '&AOnYPQ-', /surrogate/],
  ])('rejects %s', (_what, wire, message) => {
    expect(() => decodeModifiedUtf7(wire)).toThrow(message);
  });

  it('allows a literal & right after a shift', () => {
    expect(decodeModifiedUtf7('&AOk-&-')).toBe('é&');
  });

  it('refuses to encode lone surrogates', () => {
    expect(() => encodeModifiedUtf7('\ud800')).toThrow(Error);
  });

  it('round-trips any Unicode string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        expect(decodeModifiedUtf7(encodeModifiedUtf7(s))).toBe(s);
      }),
    );
  });

  it('re-encodes every name it accepts to the same bytes', () => {
    const wireish = fc.string({ unit: fc.constantFrom(...'&-AOkU,BTFw2D3eAA+ab/'.split('')), maxLength: 20 });
    fc.assert(
      fc.property(wireish, (raw) => {
        let decoded: string;
        try {
          decoded = decodeModifiedUtf7(raw);
        } catch {
          return;
        }
        expect(encodeModifiedUtf7(decoded)).toBe(raw);
      }),
      { numRuns: 2000 },
    );
  });
});
