// SEARCH and UID SEARCH (RFC 3501 §6.4.4, RFC 9051 §6.4.4), with ESEARCH's RETURN options
// (RFC 4731: MIN MAX COUNT ALL) and SEARCHRES (RFC 5182: SAVE, and `$` in the criteria).
//
// CHARSET: exactly UTF-8 and US-ASCII (US-ASCII being a subset of UTF-8, both are read as
// UTF-8). Every other name gets NO [BADCHARSET (UTF-8 US-ASCII)], as RFC 9051 §6.4.4 allows
// ("the server MUST support US-ASCII and UTF-8"). Accepting every charset iconv-lite knows
// was considered and left out: clients that matter send UTF-8, and an unknown-but-decodable
// charset that decodes differently from what the client meant would silently match wrongly.
// Message text, on the other hand, is decoded from any charset iconv-lite knows, at APPEND.
import { SELECTED, ok, type CommandSpec } from '../command.js';
import type { CommandOf, SearchReturnOption } from '../../protocol/ast.js';
import { badCharset, toStoreKey, usesModseq } from '../search-translate.js';

export const search: CommandSpec<CommandOf<'SEARCH'>> = {
  states: SELECTED,
  expungeAllowed: (command) => command.uid,
  async run(session, command, tag) {
    const returns = command.returns;
    const save = returns?.includes('SAVE') ?? false;
    const refused = badCharset(command.charset);
    if (refused) {
      // RFC 5182 §2.1: a SEARCH with SAVE that fails with NO empties the saved result.
      if (save) session.savedSearch = [];
      return refused;
    }
    const view = session.selected!;
    // RFC 7162 §3.1.5: the MODSEQ key makes SEARCH a CONDSTORE enabling command, and the
    // results then carry the highest MODSEQ of the messages returned.
    const withModseq = usesModseq(command.key);
    if (withModseq) await session.enableCondstore();
    // `$` in the criteria is the result saved before this command (RFC 5182 §2.1).
    const key = toStoreKey(command.key, view, session.savedSearch);
    let found: number[];
    const modseqOf = new Map<number, number>();
    try {
      if (withModseq) {
        for (const [uid, modseq] of await session.store.searchModseq(view.mailboxId, key)) modseqOf.set(uid, modseq);
        found = [...modseqOf.keys()];
      } else {
        found = await session.store.search(view.mailboxId, key);
      }
    } catch (err) {
      if (save) session.savedSearch = [];
      throw err; // the session answers NO (StoreError code, e.g. LIMIT) or NO [SERVERBUG]
    }
    // Only messages the client has been told of exist for it.
    const uids = found.filter((uid) => view.seqOf(uid) > 0);
    const numbers = command.uid ? uids : uids.map((uid) => view.seqOf(uid));
    const done = `${command.uid ? 'UID ' : ''}SEARCH completed`;

    const highest = (of: readonly number[]): number => of.reduce((max, uid) => Math.max(max, modseqOf.get(uid) ?? 0), 0);

    if (returns === undefined) {
      const modseq = withModseq && uids.length ? ` (MODSEQ ${highest(uids)})` : '';
      await session.send([numbers.length ? `* SEARCH ${numbers.join(' ')}${modseq}` : '* SEARCH']);
      return ok(done);
    }
    if (save) session.savedSearch = savedResult(returns, uids);
    let line = esearchLine(tag, command.uid, returns, numbers);
    // RFC 4731 §3.2: MIN and/or MAX alone: the MODSEQ of those messages; otherwise of all found.
    if (line !== null && withModseq && uids.length) {
      const options = returns.filter((o) => o !== 'SAVE');
      const onlyMinMax = options.length > 0 && options.every((o) => o === 'MIN' || o === 'MAX');
      const reported = onlyMinMax
        ? [...(options.includes('MIN') ? [uids[0]!] : []), ...(options.includes('MAX') ? [uids[uids.length - 1]!] : [])]
        : uids;
      line += ` MODSEQ ${highest(reported)}`;
    }
    if (line !== null) await session.send([line]);
    return ok(done);
  },
};

/**
 * What SAVE keeps (RFC 5182 §2.4): only MIN and/or MAX if those are the only other options,
 * otherwise every message found. UIDs, ascending.
 */
function savedResult(returns: readonly SearchReturnOption[], uids: readonly number[]): number[] {
  const others = returns.filter((o) => o !== 'SAVE');
  const onlyMinMax = others.length > 0 && others.every((o) => o === 'MIN' || o === 'MAX');
  if (!onlyMinMax || uids.length === 0) return [...uids];
  const out: number[] = [];
  if (others.includes('MIN')) out.push(uids[0]!);
  if (others.includes('MAX') && uids[uids.length - 1] !== out[0]) out.push(uids[uids.length - 1]!);
  return out;
}

/**
 * `* ESEARCH (TAG "t") [UID] [MIN n] [MAX n] [COUNT n] [ALL set]` (RFC 4731 §3.1). RETURN ()
 * means ALL; MIN, MAX and ALL are left out when nothing matched, COUNT never is. Null for
 * RETURN (SAVE) alone, which answers with no untagged response (RFC 5182 §2.2, example 1).
 */
function esearchLine(tag: string, uid: boolean, returns: readonly SearchReturnOption[], numbers: readonly number[]): string | null {
  const options = returns.length === 0 ? ['ALL'] : returns.filter((o) => o !== 'SAVE');
  if (options.length === 0) return null;
  // A tag has no quoted-specials (RFC 3501 tag / ASTRING-CHAR), so it can be quoted as is.
  let line = `* ESEARCH (TAG "${tag}")${uid ? ' UID' : ''}`;
  const empty = numbers.length === 0;
  if (options.includes('MIN') && !empty) line += ` MIN ${numbers[0]}`;
  if (options.includes('MAX') && !empty) line += ` MAX ${numbers[numbers.length - 1]}`;
  if (options.includes('COUNT')) line += ` COUNT ${numbers.length}`;
  if (options.includes('ALL') && !empty) line += ` ALL ${sequenceSet(numbers)}`;
  return line;
}

/** Ascending numbers as a compact sequence set: 1:3,7,9:10. */
export function sequenceSet(numbers: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < numbers.length; ) {
    let j = i;
    while (j + 1 < numbers.length && numbers[j + 1] === numbers[j]! + 1) j++;
    parts.push(j === i ? String(numbers[i]) : `${numbers[i]}:${numbers[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}
