// The selected mailbox as one session sees it: the sequence number <-> UID map, and the
// updates (new messages, flag changes, expunges) not yet told to the client. This is the
// one place where sequence numbers and UIDs meet.
import type { MailboxChanges, MessageMeta, UidRanges } from '../store/types.js';
import { UidList } from './uid-list.js';

export interface PendingUpdates {
  /** Sequence numbers to announce as EXPUNGE, in the order they must be sent. */
  expunged: number[];
  /** The same messages by UID, ascending: what `VANISHED` announces once QRESYNC is enabled. */
  vanished: number[];
  /** Messages whose flags changed, with their current sequence numbers. */
  changed: Array<{ seq: number; meta: MessageMeta }>;
  /** New EXISTS count, if it changed. */
  exists?: number;
  /** RECENT count, sent with EXISTS. */
  recent?: number;
}

export class SelectedMailbox {
  /** UIDs in sequence order (ascending). */
  private uids: UidList;
  /**
   * Flag states this session reported itself (STORE, FETCH setting \Seen) since the last
   * catch-up, by UID: the catch-up must not report them again. Kept small on purpose: a
   * per-message map would cost every idle session memory in proportion to its mailbox.
   */
  private reported = new Map<number, number>();
  private readonly recentUids = new Set<number>();
  /** Expunged in the store, not yet announced: still hold their sequence numbers. */
  private readonly expungePending = new Set<number>();
  private changedPending = new Map<number, MessageMeta>();
  private announcedExists: number;
  /** The mailbox HIGHESTMODSEQ this view has caught up with. */
  modseq: number;
  /**
   * Every change with a MODSEQ up to this one has been told to the client (RFC 7162 §3.2: a
   * HIGHESTMODSEQ sent while EXPUNGEs are held back must stay below them). Never above `modseq`.
   */
  announcedModseq: number;

  constructor(
    readonly mailboxId: number,
    readonly readOnly: boolean,
    uids: UidList,
    modseq: number,
    recent: readonly number[],
  ) {
    this.uids = uids;
    for (const uid of recent) if (this.seqOf(uid)) this.recentUids.add(uid);
    this.modseq = modseq;
    this.announcedModseq = modseq;
    this.announcedExists = this.uids.length;
  }

  get exists(): number {
    return this.uids.length;
  }

  get recentCount(): number {
    return this.recentUids.size;
  }

  /** The largest UID the client knows of (0 for an empty mailbox). */
  get uidMax(): number {
    return this.uids.last;
  }

  isRecent(uid: number): boolean {
    return this.recentUids.has(uid);
  }

  recentList(): number[] {
    return [...this.recentUids];
  }

  /** Sequence number of a UID in this view, or 0 if it is not in the view. */
  seqOf(uid: number): number {
    return this.uids.seqOf(uid);
  }

  uidAt(seq: number): number | undefined {
    return this.uids.uidAt(seq);
  }

  /** UIDs of the given sequence number ranges (already resolved against `exists`). */
  uidsOfSeqRanges(ranges: ReadonlyArray<[number, number]>): number[] {
    const out: number[] = [];
    for (const [lo, hi] of ranges) for (let s = lo; s <= hi && s <= this.uids.length; s++) out.push(this.uids.uidAt(s)!);
    return out;
  }

  /** The same as UID ranges, at a cost that grows with the runs of UIDs, not with messages. */
  uidRangesOfSeqRanges(ranges: ReadonlyArray<[number, number]>): UidRanges {
    return ranges.flatMap(([lo, hi]) => this.uids.rangesOfSeqs(lo, hi));
  }

  /** UIDs in the view that fall in the given UID ranges. */
  uidsInRanges(ranges: ReadonlyArray<[number, number]>): number[] {
    return this.uids.within(ranges);
  }

  /** Sorted UIDs as compact ranges, for store queries. */
  static toRanges(uids: readonly number[]): UidRanges {
    const sorted = [...uids].sort((a, b) => a - b);
    const out: UidRanges = [];
    for (const uid of sorted) {
      const last = out[out.length - 1];
      if (last && uid <= last[1] + 1) last[1] = Math.max(last[1], uid);
      else out.push([uid, uid]);
    }
    return out;
  }

  isExpungePending(uid: number): boolean {
    return this.expungePending.has(uid);
  }

  /** Expunges known to the view but not yet told to the client (held during FETCH, STORE, SEARCH). */
  get expungesHeld(): boolean {
    return this.expungePending.size > 0;
  }

  /** The largest MODSEQ FETCH data item sent in the running command (RFC 7162 §6). */
  private modseqTold = 0;

  /** A FETCH response of the running command carried this MODSEQ. */
  noteModseqTold(modseq: number): void {
    if (modseq > this.modseqTold) this.modseqTold = modseq;
  }

  /** The largest MODSEQ sent since the last call (0 for none), for the end of a command. */
  takeModseqTold(): number {
    const told = this.modseqTold;
    this.modseqTold = 0;
    return told;
  }

  /** Records flag states this session itself reported, so they are not reported twice. */
  noteReported(metas: readonly MessageMeta[]): void {
    for (const m of metas) {
      this.reported.set(m.uid, Math.max(m.modseq, this.reported.get(m.uid) ?? 0));
      this.changedPending.delete(m.uid);
    }
  }

  /** Applies what the store says changed since `modseq`; `claimed` are UIDs this session made recent. */
  apply(changes: MailboxChanges, claimed: readonly number[]): void {
    for (const uid of changes.expunged) {
      if (this.seqOf(uid)) this.expungePending.add(uid);
    }
    for (const meta of changes.changed) {
      if (meta.modseq <= (this.reported.get(meta.uid) ?? 0) || this.expungePending.has(meta.uid)) continue;
      if (this.seqOf(meta.uid)) this.changedPending.set(meta.uid, meta);
    }
    this.reported = new Map();
    for (const meta of changes.added) {
      if (meta.uid > this.uidMax) this.uids.push(meta.uid);
    }
    for (const uid of claimed) if (this.seqOf(uid)) this.recentUids.add(uid);
    this.modseq = Math.max(this.modseq, changes.highestModseq);
  }

  /**
   * Removes messages this session expunged itself and returns their sequence numbers in
   * the order the EXPUNGE responses must be sent.
   */
  removeNow(uids: readonly number[]): number[] {
    for (const uid of uids) if (this.seqOf(uid)) this.expungePending.add(uid);
    return this.takeExpunges().seqs;
  }

  /** As removeNow, for a QRESYNC client (RFC 7162 §3.2.10.2): the UIDs removed, ascending. */
  removeNowVanished(uids: readonly number[]): number[] {
    for (const uid of uids) if (this.seqOf(uid)) this.expungePending.add(uid);
    return this.takeExpunges().uids;
  }

  /**
   * RFC 7162 §3.2.5.2 sequence match data: walks the (sequence number, UID) pairs in order
   * and returns the UID of the last pair that matches this view before the first that does
   * not (0 if the first does not). The client knows of every expunge up to that UID. Works on
   * runs of pairs, not single pairs: uidAt(s) - s never decreases with s, so the pairs of a
   * run that match are a prefix of it, found by binary search; the cost is O(runs · log).
   */
  lastMatchedUid(seqs: ReadonlyArray<[number, number]>, uids: ReadonlyArray<[number, number]>): number {
    let i = 0;
    let j = 0;
    let seq = seqs[0]?.[0] ?? 0;
    let uid = uids[0]?.[0] ?? 0;
    let last = 0;
    while (i < seqs.length && j < uids.length) {
      const len = Math.min(seqs[i]![1] - seq, uids[j]![1] - uid) + 1;
      if (this.uids.uidAt(seq) !== uid) return last;
      let lo = 0;
      let hi = len - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >>> 1;
        if (this.uids.uidAt(seq + mid) === uid + mid) lo = mid;
        else hi = mid - 1;
      }
      last = uid + lo;
      if (lo < len - 1) return last;
      seq += len;
      uid += len;
      if (seq > seqs[i]![1] && ++i < seqs.length) seq = seqs[i]![0];
      if (uid > uids[j]![1] && ++j < uids.length) uid = uids[j]![0];
    }
    return last;
  }

  /** Takes what must be told to the client; expunges only when `allowExpunge`. */
  takeUpdates(allowExpunge: boolean): PendingUpdates {
    const taken = allowExpunge ? this.takeExpunges() : { seqs: [], uids: [] };
    const changed: PendingUpdates['changed'] = [];
    for (const [uid, meta] of [...this.changedPending].sort((a, b) => a[0] - b[0])) {
      const seq = this.seqOf(uid);
      if (seq === 0 || this.expungePending.has(uid)) continue;
      changed.push({ seq, meta });
    }
    this.changedPending = new Map();
    const updates: PendingUpdates = { expunged: taken.seqs, vanished: taken.uids, changed };
    // With nothing held back, the client now knows everything up to the view's MODSEQ.
    if (this.expungePending.size === 0) this.announcedModseq = this.modseq;
    // EXPUNGEs already told the client the smaller count; only growth needs EXISTS, and
    // RECENT goes with it.
    if (this.uids.length !== this.announcedExists) {
      updates.exists = this.uids.length;
      updates.recent = this.recentUids.size;
      this.announcedExists = this.uids.length;
    }
    return updates;
  }

  private takeExpunges(): { seqs: number[]; uids: number[] } {
    if (this.expungePending.size === 0) return { seqs: [], uids: [] };
    // Each EXPUNGE renumbers the messages after it, so later numbers shift down.
    const gone = [...this.expungePending].sort((a, b) => a - b);
    const seqs = gone.map((uid, k) => this.uids.seqOf(uid) - k);
    for (const uid of gone) this.recentUids.delete(uid);
    this.uids = this.uids.without(this.expungePending);
    this.expungePending.clear();
    this.announcedExists -= seqs.length;
    return { seqs, uids: gone };
  }
}
