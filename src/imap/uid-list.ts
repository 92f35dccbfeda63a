// The UIDs of a selected mailbox in sequence order, kept as runs of consecutive UIDs.
// Mailboxes are mostly unbroken runs (gaps come only from expunges), so a session with a
// 100,000-message mailbox open holds a few numbers, not 100,000 of them.

export class UidList {
  private starts: number[] = [];
  private ends: number[] = [];
  /** Messages before each run: the sequence number of starts[i] is before[i] + 1. */
  private before: number[] = [];
  private count = 0;

  /** Builds the list from UIDs in ascending order. */
  static from(uids: Iterable<number>): UidList {
    const list = new UidList();
    for (const uid of uids) list.push(uid);
    return list;
  }

  /** Builds the list from inclusive runs in ascending order. */
  static fromRuns(runs: ReadonlyArray<readonly [number, number]>): UidList {
    const list = new UidList();
    for (const [start, end] of runs) list.pushRun(start, end);
    return list;
  }

  get length(): number {
    return this.count;
  }

  /** The largest UID, or 0 when empty. */
  get last(): number {
    return this.ends.length ? this.ends[this.ends.length - 1]! : 0;
  }

  /** Appends a UID larger than every UID in the list. */
  push(uid: number): void {
    this.pushRun(uid, uid);
  }

  /** Sequence number of a UID, or 0 if it is not in the list. */
  seqOf(uid: number): number {
    const i = this.runAtOrBefore(uid);
    if (i < 0 || uid > this.ends[i]!) return 0;
    return this.before[i]! + (uid - this.starts[i]!) + 1;
  }

  /** UID at a sequence number (1-based), or undefined past the end. */
  uidAt(seq: number): number | undefined {
    if (seq < 1 || seq > this.count) return undefined;
    const i = this.runOfSeq(seq);
    return this.starts[i]! + (seq - 1 - this.before[i]!);
  }

  /**
   * The UIDs at sequence numbers `lo`..`hi` (clipped to the list) as ascending UID ranges:
   * one per run touched, so `1:*` on 100,000 messages costs one range, not 100,000 numbers.
   */
  rangesOfSeqs(lo: number, hi: number): Array<[number, number]> {
    const out: Array<[number, number]> = [];
    const from = Math.max(1, lo);
    const to = Math.min(hi, this.count);
    if (from > to) return out;
    for (let i = this.runOfSeq(from); i < this.starts.length && this.before[i]! < to; i++) {
      const first = Math.max(from, this.before[i]! + 1) - 1 - this.before[i]!;
      const last = Math.min(to, this.before[i]! + this.ends[i]! - this.starts[i]! + 1) - 1 - this.before[i]!;
      out.push([this.starts[i]! + first, this.starts[i]! + last]);
    }
    return out;
  }

  /** UIDs in the list that fall in the given inclusive ranges, ascending per range. */
  within(ranges: ReadonlyArray<[number, number]>): number[] {
    const out: number[] = [];
    for (const [lo, hi] of ranges) {
      for (let i = Math.max(0, this.runAtOrBefore(lo)); i < this.starts.length && this.starts[i]! <= hi; i++) {
        const from = Math.max(lo, this.starts[i]!);
        const to = Math.min(hi, this.ends[i]!);
        for (let uid = from; uid <= to; uid++) out.push(uid);
      }
    }
    return out;
  }

  /** A new list without the given UIDs; cost grows with runs and removals, not messages. */
  without(remove: ReadonlySet<number>): UidList {
    const gone = [...remove].sort((a, b) => a - b);
    const next = new UidList();
    let g = 0;
    for (let i = 0; i < this.starts.length; i++) {
      let from = this.starts[i]!;
      const end = this.ends[i]!;
      while (g < gone.length && gone[g]! < from) g++;
      while (g < gone.length && gone[g]! <= end) {
        const uid = gone[g++]!;
        if (uid > from) next.pushRun(from, uid - 1);
        from = uid + 1;
      }
      if (from <= end) next.pushRun(from, end);
    }
    return next;
  }

  private pushRun(from: number, to: number): void {
    const n = this.ends.length;
    if (n && from === this.ends[n - 1]! + 1) this.ends[n - 1] = to;
    else {
      this.starts.push(from);
      this.ends.push(to);
      this.before.push(this.count);
    }
    this.count += to - from + 1;
  }

  /** Index of the run holding sequence number `seq` (1 <= seq <= length). */
  private runOfSeq(seq: number): number {
    let lo = 0;
    let hi = this.before.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.before[mid]! < seq) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Index of the last run starting at or before `uid`, or -1. */
  private runAtOrBefore(uid: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.starts[mid]! <= uid) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }
}
