// The selected mailbox as one session sees it: the sequence number <-> UID map, and the
// updates (new messages, flag changes, expunges) not yet told to the client. This is the
// one place where sequence numbers and UIDs meet.
import type { MailboxChanges, MessageMeta, UidRanges } from '../store/types.js';
import { UidList } from './uid-list.js';

export interface PendingUpdates {
  /** Sequence numbers to announce as EXPUNGE, in the order they must be sent. */
  expunged: number[];
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

  constructor(
    readonly mailboxId: number,
    readonly readOnly: boolean,
    uids: readonly number[],
    modseq: number,
    recent: readonly number[],
  ) {
    this.uids = UidList.from(uids);
    for (const uid of recent) if (this.seqOf(uid)) this.recentUids.add(uid);
    this.modseq = modseq;
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
    return this.takeExpunges();
  }

  /** Takes what must be told to the client; expunges only when `allowExpunge`. */
  takeUpdates(allowExpunge: boolean): PendingUpdates {
    const expunged = allowExpunge ? this.takeExpunges() : [];
    const changed: PendingUpdates['changed'] = [];
    for (const [uid, meta] of [...this.changedPending].sort((a, b) => a[0] - b[0])) {
      const seq = this.seqOf(uid);
      if (seq === 0 || this.expungePending.has(uid)) continue;
      changed.push({ seq, meta });
    }
    this.changedPending = new Map();
    const updates: PendingUpdates = { expunged, changed };
    // EXPUNGEs already told the client the smaller count; only growth needs EXISTS, and
    // RECENT goes with it.
    if (this.uids.length !== this.announcedExists) {
      updates.exists = this.uids.length;
      updates.recent = this.recentUids.size;
      this.announcedExists = this.uids.length;
    }
    return updates;
  }

  private takeExpunges(): number[] {
    if (this.expungePending.size === 0) return [];
    // Each EXPUNGE renumbers the messages after it, so later numbers shift down.
    const gone = [...this.expungePending].sort((a, b) => a - b);
    const seqs = gone.map((uid, k) => this.uids.seqOf(uid) - k);
    for (const uid of gone) this.recentUids.delete(uid);
    this.uids = this.uids.without(this.expungePending);
    this.expungePending.clear();
    this.announcedExists -= seqs.length;
    return seqs;
  }
}
