import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSearch } from '../../src/store/search-sql.js';
import type { StoreSearchKey } from '../../src/store/types.js';
import { makeHarness, msg, userWithInbox, type Harness } from './helpers.js';

// Fixture: six messages with distinct flags, sizes and internal dates.
//  uid 1: \Seen \Flagged, Work       size small,  2024-03-10 23:30 at +0000 → day 2024-03-10
//  uid 2: \Answered, $Important     size large,  2024-03-10 23:30 at -0100 → day 2024-03-10 (UTC 03-11 00:30)
//  uid 3: (none)                    size medium, 2024-03-11 00:30 at +0200 → day 2024-03-11 (UTC 03-10 22:30)
//  uid 4: \Deleted \Draft, work2    size small,  2024-03-12 12:00 at +0000
//  uid 5: \Seen, WORK               size large,  2024-02-29 12:00 at +0530
//  uid 6: \Seen, O'Brien            size medium, 2024-03-11 00:00 at +0000
describe('search', () => {
  let h: Harness;
  let box: number;
  const sizes: Record<number, number> = {};

  beforeAll(async () => {
    h = await makeHarness();
    box = (await userWithInbox(h.store)).inbox;
    const add = async (flags: string[], pad: number, utc: number, offset: number) => {
      const r = await h.store.append(box, { data: msg('fixture', 'x'.repeat(pad)), flags, internalDate: utc, internalDateOffset: offset });
      sizes[r.uid] = (await h.store.getMessages(box, [[r.uid, r.uid]]))[0]!.size;
    };
    await add(['\\Seen', '\\Flagged', 'Work'], 0, Date.UTC(2024, 2, 10, 23, 30), 0);
    await add(['\\Answered', '$Important'], 5000, Date.UTC(2024, 2, 11, 0, 30), -60);
    await add([], 1000, Date.UTC(2024, 2, 10, 22, 30), 120);
    await add(['\\Deleted', '\\Draft', 'work2'], 0, Date.UTC(2024, 2, 12, 12, 0), 0);
    await add(['\\Seen', 'WORK'], 5000, Date.UTC(2024, 1, 29, 6, 30), 330);
    await add(['\\Seen', "O'Brien"], 1000, Date.UTC(2024, 2, 11, 0, 0), 0);
    await h.store.storeFlags(box, [5], 'set', ['\\Seen']); // WORK removed again ...
    await h.store.storeFlags(box, [5], 'add', ['WORK']); // ... and back: exercises updates
  });
  afterAll(async () => {
    await h.cleanup();
  });

  const search = (key: StoreSearchKey) => h.store.search(box, key);
  const flag = (f: string, set = true): StoreSearchKey => ({ type: 'flag', flag: f, set });

  it('all and uid sets (inline and large)', async () => {
    expect(await search({ type: 'all' })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await search({ type: 'uids', ranges: [[2, 3], [6, 100]] })).toEqual([2, 3, 6]);
    expect(await search({ type: 'uids', ranges: [] })).toEqual([]);
    // More ranges than are inlined: evaluated through the uid_in_ranges function.
    const many: Array<[number, number]> = [];
    for (let u = 1; u <= 200; u += 2) many.push([u, u]); // odd uids only
    expect(await search({ type: 'uids', ranges: many })).toEqual([1, 3, 5]);
    expect(await search({ type: 'not', key: { type: 'uids', ranges: many } })).toEqual([2, 4, 6]);
  });

  it('system flags, set and unset, case-insensitive', async () => {
    expect(await search(flag('\\Seen'))).toEqual([1, 5, 6]);
    expect(await search(flag('\\seen', false))).toEqual([2, 3, 4]);
    expect(await search(flag('\\ANSWERED'))).toEqual([2]);
    expect(await search(flag('\\Flagged'))).toEqual([1]);
    expect(await search(flag('\\Deleted'))).toEqual([4]);
    expect(await search(flag('\\Draft'))).toEqual([4]);
    expect(await search(flag('\\Draft', false))).toEqual([1, 2, 3, 5, 6]);
    await expect(search(flag('\\Recent'))).rejects.toThrow();
  });

  it('keywords match whole keywords case-insensitively, values are bound not spliced', async () => {
    expect(await search(flag('work'))).toEqual([1, 5]); // not work2
    expect(await search(flag('Work', false))).toEqual([2, 3, 4, 6]);
    expect(await search(flag('WORK2'))).toEqual([4]);
    expect(await search(flag('$important'))).toEqual([2]);
    expect(await search(flag('wor'))).toEqual([]);
    expect(await search(flag("o'brien"))).toEqual([6]);
    expect(await search(flag("x' OR 1=1 --"))).toEqual([]); // not a keyword: matches nothing
    expect(await search(flag("x' OR 1=1 --", false))).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('larger and smaller compare the size strictly', async () => {
    const [small, medium, large] = [sizes[1]!, sizes[3]!, sizes[2]!];
    expect([sizes[4], sizes[6], sizes[5]]).toEqual([small, medium, large]);
    expect(await search({ type: 'larger', size: small })).toEqual([2, 3, 5, 6]);
    expect(await search({ type: 'larger', size: large - 1 })).toEqual([2, 5]);
    expect(await search({ type: 'larger', size: large })).toEqual([]);
    expect(await search({ type: 'smaller', size: medium })).toEqual([1, 4]);
    expect(await search({ type: 'smaller', size: small + 1 })).toEqual([1, 4]);
    expect(await search({ type: 'smaller', size: 0 })).toEqual([]);
    expect(await search({ type: 'larger', size: 10_000_000 })).toEqual([]);
  });

  it('before/on/since compare the calendar day in the stored offset', async () => {
    expect(await search({ type: 'on', day: '2024-03-10' })).toEqual([1, 2]);
    expect(await search({ type: 'on', day: '2024-03-11' })).toEqual([3, 6]);
    expect(await search({ type: 'on', day: '2024-02-29' })).toEqual([5]);
    expect(await search({ type: 'before', day: '2024-03-11' })).toEqual([1, 2, 5]);
    expect(await search({ type: 'since', day: '2024-03-11' })).toEqual([3, 4, 6]);
    expect(await search({ type: 'since', day: '2024-03-13' })).toEqual([]);
    await expect(search({ type: 'on', day: '10-Mar-2024' })).rejects.toThrow();
  });

  it('not, or, and — nested', async () => {
    expect(await search({ type: 'not', key: flag('\\Seen') })).toEqual([2, 3, 4]);
    expect(await search({ type: 'not', key: { type: 'not', key: flag('\\Seen') } })).toEqual([1, 5, 6]);
    expect(await search({ type: 'or', left: flag('\\Answered'), right: flag('\\Draft') })).toEqual([2, 4]);
    expect(await search({ type: 'and', keys: [] })).toEqual([1, 2, 3, 4, 5, 6]);
    expect(await search({ type: 'and', keys: [flag('\\Seen'), flag('work')] })).toEqual([1, 5]);
    // (SEEN and not ON 2024-03-10) or (UNSEEN and (KEYWORD $Important or DELETED))
    expect(
      await search({
        type: 'or',
        left: { type: 'and', keys: [flag('\\Seen'), { type: 'not', key: { type: 'on', day: '2024-03-10' } }] },
        right: {
          type: 'and',
          keys: [flag('\\Seen', false), { type: 'or', left: flag('$Important'), right: flag('\\Deleted') }],
        },
      }),
    ).toEqual([2, 4, 5, 6]);
    expect(
      await search({ type: 'not', key: { type: 'or', left: { type: 'uids', ranges: [[1, 2]] }, right: { type: 'and', keys: [flag('\\Seen')] } } }),
    ).toEqual([3, 4]);
  });

  it('long OR chains and AND lists stay within SQLite limits', async () => {
    let key: StoreSearchKey = { type: 'uids', ranges: [[6, 6]] };
    for (let i = 0; i < 3000; i++) key = { type: 'or', left: { type: 'larger', size: 100_000_000 + i }, right: key };
    expect(await search(key)).toEqual([6]);
    const and: StoreSearchKey = { type: 'and', keys: Array.from({ length: 3000 }, () => flag('\\Seen')) };
    expect(await search(and)).toEqual([1, 5, 6]);
    let not: StoreSearchKey = flag('\\Seen');
    for (let i = 0; i < 3001; i++) not = { type: 'not', key: not };
    expect(await search(not)).toEqual([2, 3, 4]);
  });

  it('unknown mailbox is NONEXISTENT', async () => {
    await expect(h.store.search(9999, { type: 'all' })).rejects.toMatchObject({ code: 'NONEXISTENT' });
  });
});

describe('compileSearch', () => {
  const noRanges = () => {
    throw new Error('no large sets expected');
  };

  it('binds every client value as a parameter', () => {
    const c = compileSearch(
      {
        type: 'and',
        keys: [
          { type: 'flag', flag: 'Kw', set: true },
          { type: 'larger', size: 10 },
          { type: 'since', day: '2024-01-01' },
          { type: 'uids', ranges: [[1, 5]] },
        ],
      },
      noRanges,
    );
    expect(c.params).toEqual([' kw ', 10, '2024-01-01', 1, 5]);
    expect(c.where).not.toMatch(/kw|2024|10/i);
    expect(c.where).toBe('((instr(lower(keywords), ?) > 0 AND size > ?) AND (internal_day >= ? AND uid BETWEEN ? AND ?))');
  });

  it('uses constants for system flags so the partial index applies', () => {
    expect(compileSearch({ type: 'flag', flag: '\\Seen', set: false }, noRanges)).toEqual({ where: 'seen = 0', params: [] });
  });

  it('hands large uid sets to the range registry', () => {
    const ranges: Array<[number, number]> = Array.from({ length: 40 }, (_, i) => [i * 10 + 1, i * 10 + 2]);
    let got: unknown;
    const c = compileSearch({ type: 'uids', ranges }, (r) => {
      got = r;
      return 7;
    });
    expect(c).toEqual({ where: 'uid_in_ranges(?, uid)', params: [7] });
    expect(got).toEqual(ranges);
  });
});
