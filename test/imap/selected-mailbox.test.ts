// Property tests of the sequence-number bookkeeping: whatever the store reports, in
// whatever order, a client that applies the untagged responses it is sent ends up with
// exactly the server's view, and never hears of an EXPUNGE when one is not allowed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SelectedMailbox } from '../../src/imap/selected-mailbox.js';
import { UidList } from '../../src/imap/uid-list.js';
import type { MailboxChanges, MessageMeta } from '../../src/store/types.js';

const meta = (uid: number, modseq: number, flags: string[] = []): MessageMeta => ({
  uid,
  modseq,
  flags,
  internalDate: 0,
  internalDateOffset: 0,
  size: 1,
  emailId: `E${uid}`,
  instanceId: `I${uid}`,
  threadId: `T${uid}`,
});

/** What a client believes, built only from what it was told. */
class ClientModel {
  constructor(public uids: number[]) {}
  expunge(seq: number) {
    expect(seq).toBeGreaterThanOrEqual(1);
    expect(seq).toBeLessThanOrEqual(this.uids.length);
    this.uids.splice(seq - 1, 1);
  }
}

type Step =
  | { kind: 'append'; count: number }
  | { kind: 'expunge'; picks: number[] }
  | { kind: 'flag'; picks: number[] }
  | { kind: 'sync'; allowExpunge: boolean };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ kind: fc.constant('expunge' as const), picks: fc.array(fc.nat(), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('flag' as const), picks: fc.array(fc.nat(), { maxLength: 3 }) }),
  fc.record({ kind: fc.constant('sync' as const), allowExpunge: fc.boolean() }),
);

describe('SelectedMailbox', () => {
  it('keeps a client that applies its responses in step with the store', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 6 }), fc.array(step, { maxLength: 40 }), (initial, steps) => {
        // The store's truth: live messages, the expunge log, a modseq counter.
        let modseq = 1;
        let nextUid = initial + 1;
        const live = new Map<number, MessageMeta>();
        for (let uid = 1; uid <= initial; uid++) live.set(uid, meta(uid, modseq));
        const expungedAt = new Map<number, number>();
        const view = new SelectedMailbox(1, false, UidList.from([...live.keys()]), modseq, []);
        const client = new ClientModel([...live.keys()]);
        // A QRESYNC client (RFC 7162 §3.2.10.2): told `VANISHED uids` instead of EXPUNGEs.
        const qclient = new ClientModel([...live.keys()]);
        const changesSince = (since: number, knownUidMax: number): MailboxChanges => ({
          highestModseq: modseq,
          added: [...live.values()].filter((m) => m.uid > knownUidMax),
          changed: [...live.values()].filter((m) => m.uid <= knownUidMax && m.modseq > since),
          expunged: [...expungedAt].filter(([uid, at]) => uid <= knownUidMax && at > since).map(([uid]) => uid),
        });
        for (const s of steps) {
          const uids = [...live.keys()];
          if (s.kind === 'append') {
            modseq++;
            for (let i = 0; i < s.count; i++) live.set(nextUid, meta(nextUid++, modseq));
          } else if (s.kind === 'expunge' && uids.length) {
            modseq++;
            for (const p of s.picks) {
              const uid = uids[p % uids.length]!;
              if (live.delete(uid)) expungedAt.set(uid, modseq);
            }
          } else if (s.kind === 'flag' && uids.length) {
            modseq++;
            for (const p of s.picks) {
              const uid = uids[p % uids.length]!;
              if (live.has(uid)) live.set(uid, meta(uid, modseq, ['\\Seen']));
            }
          } else if (s.kind === 'sync') {
            view.apply(changesSince(view.modseq, view.uidMax), []);
            const u = view.takeUpdates(s.allowExpunge);
            if (!s.allowExpunge) expect(u.expunged).toEqual([]);
            for (const seq of u.expunged) client.expunge(seq);
            // VANISHED names exactly the same messages, each one the client was told of.
            expect(u.vanished.length).toBe(u.expunged.length);
            expect(u.vanished).toEqual([...u.vanished].sort((a, b) => a - b));
            for (const uid of u.vanished) {
              expect(qclient.uids).toContain(uid);
              qclient.uids.splice(qclient.uids.indexOf(uid), 1);
            }
            if (u.exists !== undefined) for (let seq = qclient.uids.length + 1; seq <= u.exists; seq++) qclient.uids.push(view.uidAt(seq)!);
            if (u.exists !== undefined) {
              expect(u.exists).toBeGreaterThanOrEqual(client.uids.length);
              // New messages are appended at the end, in UID order.
              for (let seq = client.uids.length + 1; seq <= u.exists; seq++) client.uids.push(view.uidAt(seq)!);
            }
            for (const { seq, meta: m } of u.changed) expect(client.uids[seq - 1]).toBe(m.uid);
            expect(qclient.uids).toEqual(client.uids);
            // The client's numbering is the view's numbering.
            expect(client.uids.length).toBe(view.exists);
            client.uids.forEach((uid, i) => expect(view.seqOf(uid)).toBe(i + 1));
            if (s.allowExpunge) expect(client.uids).toEqual([...live.keys()].filter((uid) => uid <= view.uidMax));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('sequence match data: the last pair that matches before the first that does not (RFC 7162 §3.2.5.2)', () => {
    const ranges = (xs: number[]) => SelectedMailbox.toRanges(xs);
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 1, max: 60 }), { maxLength: 40 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 3 })), { maxLength: 20 }),
        (present, picks) => {
          const uids = [...present].sort((a, b) => a - b);
          const view = new SelectedMailbox(1, false, UidList.from(uids), 1, []);
          // Client pairs: ascending sequence numbers, each with the UID it believes (often right).
          const seqs = [...new Set(picks.map(([s]) => s))].sort((a, b) => a - b);
          const claimed: number[] = [];
          for (const seq of seqs) {
            const guess = (uids[seq - 1] ?? seq + 100) + (picks.find(([s]) => s === seq)![1] === 0 ? 1 : 0);
            claimed.push(Math.max(guess, (claimed[claimed.length - 1] ?? 0) + 1));
          }
          let expected = 0;
          for (let i = 0; i < seqs.length; i++) {
            if (uids[seqs[i]! - 1] !== claimed[i]) break;
            expected = claimed[i]!;
          }
          expect(view.lastMatchedUid(ranges(seqs), ranges(claimed))).toBe(expected);
        },
      ),
      { numRuns: 500 },
    );
    const view = new SelectedMailbox(1, false, UidList.from([1, 2, 4, 5, 6, 8, 9, 10, 12]), 1, []);
    expect(view.lastMatchedUid([[1, 3]], [[1, 2], [4, 4]])).toBe(4);
    expect(view.lastMatchedUid([[1, 9]], [[1, 12]])).toBe(2);
    expect(view.lastMatchedUid([[1, 4_000_000_000]], [[1, 4_000_000_000]])).toBe(2); // runs, not pairs
  });

  it('does not report a flag change this session already reported', () => {
    const view = new SelectedMailbox(1, false, UidList.from([1, 2]), 1, []);
    view.noteReported([meta(1, 2, ['\\Seen'])]);
    view.apply({ highestModseq: 3, added: [], changed: [meta(1, 2, ['\\Seen']), meta(2, 3, ['\\Flagged'])], expunged: [] }, []);
    expect(view.takeUpdates(true).changed.map((c) => c.meta.uid)).toEqual([2]);
  });

  it('numbers EXPUNGEs so each accounts for the ones before it', () => {
    const view = new SelectedMailbox(1, false, UidList.from([1, 2, 3, 4, 5]), 1, [3]);
    expect(view.removeNow([2, 4, 5])).toEqual([2, 3, 3]);
    expect(view.exists).toBe(2);
    expect(view.isRecent(3)).toBe(true);
    expect(view.seqOf(3)).toBe(2);
  });
});
