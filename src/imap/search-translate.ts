// Turns a parsed SEARCH key into the store's terms: sequence numbers, \Recent, UID sets and
// `$` (RFC 5182, the saved search result) are resolved against the session's view, which
// the store knows nothing of. Everything else passes through unchanged.
import type { CalendarDate, SearchKey } from '../protocol/ast.js';
import { resolveSequenceSet } from '../protocol/sequence-set.js';
import type { StoreSearchKey, UidRanges } from '../store/types.js';
import { no, type Result } from './command.js';
import { SelectedMailbox } from './selected-mailbox.js';

/** The charsets SEARCH, SORT and THREAD accept (see src/imap/commands/search.ts for why). */
export const SEARCH_CHARSETS = ['UTF-8', 'US-ASCII'];

/** NO [BADCHARSET (...)] for a charset other than those, else null. */
export function badCharset(charset: string | undefined): Result | null {
  if (charset === undefined || SEARCH_CHARSETS.includes(charset.toUpperCase())) return null;
  return no('Unsupported charset', `BADCHARSET (${SEARCH_CHARSETS.join(' ')})`);
}

/**
 * `saved` is the session's saved search result (UIDs, RFC 5182): `$` stands for it both as a
 * sequence set and after UID; an empty result is valid and matches nothing.
 */
export function toStoreKey(
  key: SearchKey,
  view: SelectedMailbox,
  saved: readonly number[] = [],
  // `$` and \Recent as ranges, made once per command and not once per key: a command may
  // hold 1,000 keys, and each of these may be 100,000 UIDs.
  memo: { saved?: UidRanges; recent?: UidRanges } = {},
): StoreSearchKey {
  const recurse = (k: SearchKey): StoreSearchKey => toStoreKey(k, view, saved, memo);
  switch (key.type) {
    case 'all':
      return key;
    case 'seq':
    case 'uid': {
      if (key.set.kind === 'saved') return { type: 'uids', ranges: (memo.saved ??= SelectedMailbox.toRanges(saved)) };
      const ranges =
        key.type === 'seq'
          ? view.uidRangesOfSeqRanges(resolveSequenceSet(key.set.ranges, view.exists))
          : resolveSequenceSet(key.set.ranges, view.uidMax);
      return { type: 'uids', ranges };
    }
    case 'flag':
    case 'larger':
    case 'smaller':
    case 'header':
    case 'body':
    case 'text':
      return key;
    case 'recent': {
      const recent: StoreSearchKey = { type: 'uids', ranges: (memo.recent ??= SelectedMailbox.toRanges(view.recentList())) };
      return key.set ? recent : { type: 'not', key: recent };
    }
    case 'before':
    case 'on':
    case 'since':
    case 'sentbefore':
    case 'senton':
    case 'sentsince':
      return { type: key.type, day: isoDay(key.date) };
    case 'not':
      return { type: 'not', key: recurse(key.key) };
    case 'or':
      return { type: 'or', left: recurse(key.left), right: recurse(key.right) };
    case 'and':
      return { type: 'and', keys: key.keys.map(recurse) };
    case 'modseq':
      return { type: 'modseq', min: key.modseq };
  }
}

/** Whether the criteria use the MODSEQ key (RFC 7162 §3.1.5: results then carry a MODSEQ). */
export function usesModseq(key: SearchKey): boolean {
  switch (key.type) {
    case 'modseq':
      return true;
    case 'not':
      return usesModseq(key.key);
    case 'or':
      return usesModseq(key.left) || usesModseq(key.right);
    case 'and':
      return key.keys.some(usesModseq);
    default:
      return false;
  }
}

function isoDay(date: CalendarDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}
