// Time for the limits that depend on it (command rate, login deadline), so that tests can
// drive it by hand instead of waiting.
export interface Clock {
  /** Milliseconds, monotonic. */
  now(): number;
  /** Calls `fn` after `ms` milliseconds; the result cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  after(ms, fn) {
    // unref: a pending deadline must not keep the process alive on shutdown
    const timer = setTimeout(fn, ms).unref();
    return () => clearTimeout(timer);
  },
};

export const sleep = (clock: Clock, ms: number): Promise<void> => new Promise((resolve) => clock.after(ms, resolve));
