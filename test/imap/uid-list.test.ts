// UidList against a plain sorted array: same numbering, lookups and removals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UidList } from '../../src/imap/uid-list.js';

const sortedUids = fc.uniqueArray(fc.integer({ min: 1, max: 300 }), { maxLength: 120 }).map((a) => a.sort((x, y) => x - y));

describe('UidList', () => {
  it('numbers, finds and removes like a sorted array', () => {
    fc.assert(
      fc.property(sortedUids, fc.array(fc.integer({ min: 1, max: 300 })), fc.array(fc.tuple(fc.nat(320), fc.nat(320))), (uids, remove, ranges) => {
        const list = UidList.from(uids);
        expect(list.length).toBe(uids.length);
        expect(list.last).toBe(uids.length ? uids[uids.length - 1] : 0);
        uids.forEach((uid, i) => {
          expect(list.seqOf(uid)).toBe(i + 1);
          expect(list.uidAt(i + 1)).toBe(uid);
        });
        for (let uid = 0; uid <= 301; uid++) if (!uids.includes(uid)) expect(list.seqOf(uid)).toBe(0);
        expect(list.uidAt(0)).toBeUndefined();
        expect(list.uidAt(uids.length + 1)).toBeUndefined();
        const asRanges = ranges.map(([a, b]) => [Math.min(a, b), Math.max(a, b)] as [number, number]);
        expect(list.within(asRanges)).toEqual(asRanges.flatMap(([lo, hi]) => uids.filter((u) => u >= lo && u <= hi)));
        const gone = new Set(remove);
        const kept = list.without(gone);
        const expected = uids.filter((u) => !gone.has(u));
        expect(kept.length).toBe(expected.length);
        expected.forEach((uid, i) => expect(kept.uidAt(i + 1)).toBe(uid));
      }),
      { numRuns: 200 },
    );
  });

  it('keeps an unbroken mailbox as one run', () => {
    const list = UidList.from(Array.from({ length: 100_000 }, (_, i) => i + 1));
    expect(list.seqOf(54_321)).toBe(54_321);
    expect(list.uidAt(100_000)).toBe(100_000);
    expect(list.without(new Set([50_000])).uidAt(50_000)).toBe(50_001);
  });
});
