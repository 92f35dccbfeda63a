// RFC 5256 §2.1 base subject extraction.
import { describe, expect, it } from 'vitest';
import { baseSubject, extractBaseSubject, isReplyOrForward } from '../../src/mime/base-subject.js';

const cases: Array<[input: string, base: string, replyOrForward: boolean]> = [
  // plain subjects
  ['hello', 'hello', false],
  ['', '', false],
  ['Hello World', 'Hello World', false],
  // (1) whitespace: tabs, continuations, runs of spaces
  ['hello\tworld', 'hello world', false],
  ['hello \r\n world', 'hello world', false],
  ['hello\r\n\tworld', 'hello world', false],
  ['a    b', 'a b', false],
  ['   spaced   out   ', 'spaced out', false],
  // (3) leaders: re / fw / fwd, any case, WSP before the colon, a blob before the colon
  ['Re: hello', 'hello', true],
  ['RE: hello', 'hello', true],
  ['re:hello', 'hello', true],
  ['Fw: hello', 'hello', true],
  ['FWD: hello', 'hello', true],
  ['fwd : hello', 'hello', true],
  ['Re   : hello', 'hello', true],
  ['Re[2]: hello', 'hello', true],
  ['Re [2]: hello', 'hello', true],
  ['Re [2] : hello', 'hello', true],
  ['Re: Re: Re: hello', 'hello', true],
  ['Re:Fwd:Re: hello', 'hello', true],
  // not leaders
  ['Regarding: hello', 'Regarding: hello', false],
  ['Fwdx: hello', 'Fwdx: hello', false],
  ['Re hello', 'Re hello', false],
  ['Fwd hello', 'Fwd hello', false],
  ['Ref: hello', 'Ref: hello', false],
  ['Re[2] hello', 'Re[2] hello', false],
  ['Re: [x]y: z', 'y: z', true], // (4) removes the blob: "y: z" is a subj-base
  // blobs before a leader go with it
  ['[list] Re: hello', 'hello', true],
  ['[list][x] Re: hello', 'hello', true],
  ['[list]Re: hello', 'hello', true],
  // (4) a blob alone is removed only if a non-empty subj-base is left
  ['[list] hello', 'hello', false],
  ['[list] [other] hello', 'hello', false],
  ['[list]', '[list]', false],
  ['[list] ', '[list]', false],
  ['[a] [b]', '[b]', false],
  ['Re: [list]', '[list]', true],
  ['[list] Re:', '', true],
  ['Re:', '', true],
  ['Re: ', '', true],
  ['[]', '[]', false],
  ['[] x', 'x', false],
  // a "[" without its "]" is no blob
  ['[unclosed hello', '[unclosed hello', false],
  ['Re: [unclosed hello', '[unclosed hello', true],
  // nested markers
  ['Re: [list] Fwd: hello', 'hello', true],
  ['[list] Re: [other] Fwd: [x] hello', 'hello', true],
  ['Re: [list] Re: [list] hello world', 'hello world', true],
  // (2) trailers
  ['hello (fwd)', 'hello', true],
  ['hello (FWD)', 'hello', true],
  ['hello(fwd)', 'hello', true],
  ['hello (fwd) (fwd)', 'hello', true],
  ['hello (fwd)   ', 'hello', true],
  ['hello (fwd) x', 'hello (fwd) x', false],
  ['hello ( fwd)', 'hello ( fwd)', false],
  ['(fwd)', '', true],
  // (6) [fwd: ...] wrapping, then back to (2)
  ['[Fwd: hello]', 'hello', true],
  ['[fwd: Re: hello]', 'hello', true],
  ['[FWD: [fwd: hello]]', 'hello', true],
  ['[fwd: hello (fwd)]', 'hello', true],
  ['[fwd: hello] (fwd)', 'hello', true],
  ['Re: [Fwd: Re: hello]', 'hello', true],
  ['[fwd: [list] hello]', 'hello', true],
  ['[fwd:hello]', 'hello', true],
  // a "[fwd: x]" blob followed by text is an ordinary blob, removed by (4)
  ['[fwd: hello] world', 'world', false],
  // "[fwd: ...]" needs the closing bracket at the very end
  ['[fwd: hello', '[fwd: hello', false],
  ['[fwd: hello] ]', ']', false],
  // Unicode is untouched, case included
  ['Re: Grüße aus Köln', 'Grüße aus Köln', true],
  ['AW: Hallo', 'AW: Hallo', false],
  ['Re: 日本語', '日本語', true],
];

describe('baseSubject (RFC 5256 §2.1)', () => {
  for (const [input, base, replyOrForward] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(base)}${replyOrForward ? ' (reply/forward)' : ''}`, () => {
      expect(baseSubject(input)).toBe(base);
      expect(isReplyOrForward(input)).toBe(replyOrForward);
      expect(extractBaseSubject(input)).toEqual({ base, replyOrForward });
    });
  }

  it('is idempotent on its own output', () => {
    for (const [input] of cases) {
      const once = baseSubject(input);
      expect(baseSubject(once)).toBe(once);
    }
  });

  it('stays fast on pathological input', () => {
    const many = '[a] '.repeat(2000) + 'x';
    const started = performance.now();
    expect(baseSubject(many)).toBe('x');
    expect(baseSubject('Re: '.repeat(5000) + 'y')).toBe('y');
    expect(baseSubject('x' + ' (fwd)'.repeat(5000))).toBe('x');
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('stays linear on a long run of subject blobs (a 200 KB Subject must not stall APPEND)', () => {
    const blobs = '[a] '.repeat(50_000);
    const started = performance.now();
    expect(baseSubject(blobs + 'x')).toBe('x');
    expect(baseSubject(blobs + '[b]')).toBe('[b]'); // only blobs: the last one stays
    expect(baseSubject(blobs + 'Re: x')).toBe('x');
    expect(isReplyOrForward(blobs + 'x')).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
