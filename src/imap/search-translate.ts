// Turns a parsed SEARCH key into the store's terms: sequence numbers, \Recent and UID
// sets are resolved against the session's view, which the store knows nothing of.
import type { CalendarDate, SearchKey } from '../protocol/ast.js';
import { resolveSequenceSet } from '../protocol/sequence-set.js';
import type { StoreSearchKey } from '../store/types.js';
import { SelectedMailbox } from './selected-mailbox.js';

/** Thrown for keys the store cannot evaluate yet. */
export class UnsupportedSearchKey extends Error {}

export function toStoreKey(key: SearchKey, view: SelectedMailbox): StoreSearchKey {
  switch (key.type) {
    case 'all':
      return key;
    case 'seq':
    case 'uid': {
      if (key.set.kind === 'saved') throw new UnsupportedSearchKey('No saved search result ($) in this server');
      const ranges =
        key.type === 'seq'
          ? SelectedMailbox.toRanges(view.uidsOfSeqRanges(resolveSequenceSet(key.set.ranges, view.exists)))
          : resolveSequenceSet(key.set.ranges, view.uidMax);
      return { type: 'uids', ranges };
    }
    case 'flag':
    case 'larger':
    case 'smaller':
      return key;
    case 'recent': {
      const recent: StoreSearchKey = { type: 'uids', ranges: SelectedMailbox.toRanges(view.recentList()) };
      return key.set ? recent : { type: 'not', key: recent };
    }
    case 'before':
    case 'on':
    case 'since':
      return { type: key.type, day: isoDay(key.date) };
    case 'not':
      return { type: 'not', key: toStoreKey(key.key, view) };
    case 'or':
      return { type: 'or', left: toStoreKey(key.left, view), right: toStoreKey(key.right, view) };
    case 'and':
      return { type: 'and', keys: key.keys.map((k) => toStoreKey(k, view)) };
    default:
      throw new UnsupportedSearchKey(`Searching by ${key.type.toUpperCase()} is not supported yet`);
  }
}

function isoDay(date: CalendarDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}
