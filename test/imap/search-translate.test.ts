// The session's half of SEARCH: sequence numbers, $, \Recent resolved to UID ranges for the
// store. A command may hold up to 256 keys (src/protocol/search.ts) and a mailbox 100,000 messages: the cost of each
// key must not grow with the mailbox.
import { describe, expect, it } from 'vitest';
import type { SearchKey } from '../../src/protocol/ast.js';
import { SelectedMailbox } from '../../src/imap/selected-mailbox.js';
import { UidList } from '../../src/imap/uid-list.js';
import { toStoreKey } from '../../src/imap/search-translate.js';

const N = 100_000;
const all = Array.from({ length: N }, (_, i) => i + 1);

describe('toStoreKey', () => {
  it('translates 1,000 keys of 1:*, $ and RECENT on a 100,000-message view quickly', () => {
    // every message recent, and saved by SEARCHRES; UIDs with a gap (2 was expunged)
    const uids = all.filter((u) => u !== 2);
    const view = new SelectedMailbox(1, false, UidList.from(uids), 1, uids);
    const keys: SearchKey[] = [];
    for (let i = 0; i < 333; i++) {
      keys.push({ type: 'seq', set: { kind: 'ranges', ranges: [{ start: 1, end: '*' }] } });
      keys.push({ type: 'seq', set: { kind: 'saved' } });
      keys.push({ type: 'recent', set: true });
    }
    const started = performance.now();
    const out = toStoreKey({ type: 'and', keys }, view, uids);
    expect(performance.now() - started).toBeLessThan(500);
    const want = { type: 'uids', ranges: [[1, 1], [3, N]] };
    expect(out).toEqual({ type: 'and', keys: keys.map(() => want) });
  });

  it('maps a sequence range to the UIDs of exactly those messages', () => {
    const view = new SelectedMailbox(1, false, UidList.from([2, 3, 4, 10, 11, 20]), 1, []);
    const seq = (start: number, end: number | '*'): SearchKey => ({ type: 'seq', set: { kind: 'ranges', ranges: [{ start, end }] } });
    expect(toStoreKey(seq(2, 5), view)).toEqual({ type: 'uids', ranges: [[3, 4], [10, 11]] });
    expect(toStoreKey(seq(6, '*'), view)).toEqual({ type: 'uids', ranges: [[20, 20]] });
    expect(toStoreKey(seq(7, 9), view)).toEqual({ type: 'uids', ranges: [] });
    expect(toStoreKey(seq(1, 1), view)).toEqual({ type: 'uids', ranges: [[2, 2]] });
  });
});
