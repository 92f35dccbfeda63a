import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { parseSequenceSet, resolveSequenceSet } from '../../src/protocol/sequence-set.js';
import { seq } from './helpers.js';

describe('parseSequenceSet', () => {
  it('parses numbers, ranges and *', () => {
    expect(parseSequenceSet('1', 10)).toEqual(seq(1));
    expect(parseSequenceSet('1:3,5,*:7,9:*,*', 10)).toEqual(seq([1, 3], 5, ['*', 7], [9, '*'], '*'));
    expect(parseSequenceSet('4294967295', 10)).toEqual(seq(4294967295));
  });

  it('parses $ only on its own', () => {
    expect(parseSequenceSet('$', 10)).toEqual({ kind: 'saved' });
    expect(() => parseSequenceSet('$,1', 10)).toThrow('Invalid sequence set');
    expect(() => parseSequenceSet('1:$', 10)).toThrow('Invalid sequence set');
  });

  it.each(['', '0', '0:3', '1:0', '4294967296', '1:2:3', '1,', ',1', '1,,2', '01', '-1', 'a', '1:', '**', '99999999999'])(
    'rejects %j',
    (text) => {
      expect(() => parseSequenceSet(text, 10)).toThrow('Invalid sequence set');
    },
  );

  it('limits the number of ranges', () => {
    expect(parseSequenceSet('1,2,3', 3)).toEqual(seq(1, 2, 3));
    expect(() => parseSequenceSet('1,2,3,4', 3)).toThrow('Too many ranges in sequence set');
  });
});

describe('resolveSequenceSet', () => {
  const r = (text: string, max: number) => {
    const set = parseSequenceSet(text, 100);
    if (set.kind !== 'ranges') throw new Error('saved');
    return resolveSequenceSet(set.ranges, max);
  };

  it('sorts, orders and merges ranges', () => {
    expect(r('5:3,1,2,10:12,11,20', 100)).toEqual([
      [1, 5],
      [10, 12],
      [20, 20],
    ]);
  });

  it('resolves * to the largest number, also in reverse ranges', () => {
    expect(r('*', 7)).toEqual([[7, 7]]);
    expect(r('3:*', 7)).toEqual([[3, 7]]);
    expect(r('*:3', 7)).toEqual([[3, 7]]);
    expect(r('9:*', 7)).toEqual([[7, 9]]);
  });

  it('resolves * to nothing in an empty mailbox', () => {
    expect(r('*', 0)).toEqual([]);
    expect(r('1:*', 0)).toEqual([]);
    expect(r('1:*,4', 0)).toEqual([[4, 4]]);
  });

  it('agrees with a naive expansion', () => {
    const num = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant('*' as const));
    fc.assert(
      fc.property(fc.array(fc.record({ start: num, end: num }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 30 }), (set, max) => {
        const expected = new Set<number>();
        for (const { start, end } of set) {
          if (max === 0 && (start === '*' || end === '*')) continue;
          const a = start === '*' ? max : start;
          const b = end === '*' ? max : end;
          for (let n = Math.min(a, b); n <= Math.max(a, b); n++) expected.add(n);
        }
        const got = resolveSequenceSet(set, max);
        const expanded = got.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i));
        expect(expanded).toEqual([...expected].sort((x, y) => x - y));
        for (let i = 1; i < got.length; i++) expect(got[i]![0]).toBeGreaterThan(got[i - 1]![1] + 1);
      }),
    );
  });
});
