// A token bucket for the commands of one session: `burst` at once, `rate` per second on
// average. A session over it is made to wait rather than refused, so a pipelining client
// that is merely eager loses nothing, and a flooding one gets only its share of the server.

export class CommandRate {
  private tokens: number;
  private last: number;

  constructor(
    private readonly rate: number,
    private readonly burst: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  /**
   * Takes a token for one command at time `now` (ms); returns how many milliseconds the
   * command must wait for it (0: none). Tokens owed are taken ahead, so calls made before
   * the wait is over queue up behind it.
   */
  take(now: number): number {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.rate) / 1000);
    this.last = now;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    return Math.ceil((-this.tokens * 1000) / this.rate);
  }
}
