// The server-wide budget for bytes of commands still being received (partial lines and
// literals): without it, every connection may hold a whole literal (maxLiteralSize), and a
// few hundred clients announcing large ones could take gigabytes between them.

export class InputBudget {
  private used = 0;
  private readonly waiting = new Set<() => void>();

  constructor(readonly size: number) {}

  /** Bytes still free. */
  get free(): number {
    return Math.max(0, this.size - this.used);
  }

  get exceeded(): boolean {
    return this.used > this.size;
  }

  get held(): number {
    return this.used;
  }

  /** A connection now holds `delta` bytes more (or fewer, when negative). */
  change(delta: number): void {
    this.used += delta;
    if (delta < 0 && !this.exceeded) {
      for (const wake of [...this.waiting]) {
        this.waiting.delete(wake);
        wake();
      }
    }
  }

  /** Calls `fn` once the budget is no longer exceeded; the result cancels the wait. */
  whenRoom(fn: () => void): () => void {
    if (!this.exceeded) {
      fn();
      return () => undefined;
    }
    this.waiting.add(fn);
    return () => this.waiting.delete(fn);
  }
}
