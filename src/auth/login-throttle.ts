// Slows down and briefly stops password guessing, per account and per address.
//
// Design. Every failed login counts against three keys, each within a window (default 15 min):
//   - the address (IPv6 by its /64: one host gets a whole /64, so single addresses are free);
//   - the (account, address) pair;
//   - the account, from all addresses.
// 1. Delay: a failure is answered after base·2^(n−1), capped, where n is the larger of the
//    address's and the account's failures. Successes are never delayed, so a delay caused by
//    someone else costs the real user nothing unless they mistype too.
// 2. Holds (`NO [UNAVAILABLE]`, the password is then not even checked):
//    - the pair, after a few failures, for a few minutes: the user who forgot the password;
//    - the address, after more failures over any accounts, for longer: this carries the
//      weight against one source trying many passwords or many accounts;
//    - the account, after many failures from everywhere (a distributed attack), for a short
//      time only, and never for an address the account logged in from successfully before
//      (kept for 30 days): a botnet cannot lock the real user out of their usual places, and
//      elsewhere for no longer than the short account hold.
//    Every hold is bounded (it ends; the next failure may start a new one).
// Memory is bounded: each table keeps at most `maxEntries` keys, dropping the least recently
// touched. The clock is injected so tests need no sleeping.
import { addressKey } from '../server/admission.js';

/** One client's key (IPv4, or the /64 of IPv6): the same as the connection limits count by. */
export { addressKey };

export interface ThrottleOptions {
  /** Delay of the first failure, in ms (the server's `failedLoginDelay`). */
  baseDelayMs: number;
  /** The delay doubles per failure up to this many times the first one. */
  maxDelayFactor: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
  pairLimit: number;
  pairHoldMs: number;
  addressLimit: number;
  addressHoldMs: number;
  accountLimit: number;
  accountHoldMs: number;
  /** How long a successful login makes an address "known" for its account. */
  knownAddressMs: number;
  maxEntries: number;
}

export const defaultThrottleOptions: ThrottleOptions = {
  baseDelayMs: 1000,
  maxDelayFactor: 16,
  windowMs: 15 * 60_000,
  pairLimit: 10,
  pairHoldMs: 5 * 60_000,
  addressLimit: 30,
  addressHoldMs: 15 * 60_000,
  accountLimit: 100,
  accountHoldMs: 60_000,
  knownAddressMs: 30 * 24 * 3600_000,
  maxEntries: 100_000,
};

interface Counter {
  count: number;
  windowStart: number;
  heldUntil: number;
}

/** A Map that forgets its least recently touched keys beyond a size. */
class BoundedMap<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly max: number) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.max) this.map.delete(this.map.keys().next().value!);
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

export class LoginThrottle {
  private readonly options: ThrottleOptions;
  private readonly addresses: BoundedMap<Counter>;
  private readonly pairs: BoundedMap<Counter>;
  private readonly accounts: BoundedMap<Counter>;
  private readonly known: BoundedMap<number>;

  constructor(options: Partial<ThrottleOptions> = {}, private readonly now: () => number = Date.now) {
    this.options = { ...defaultThrottleOptions, ...options };
    const max = this.options.maxEntries;
    this.addresses = new BoundedMap(max);
    this.pairs = new BoundedMap(max);
    this.accounts = new BoundedMap(max);
    this.known = new BoundedMap(max);
  }

  /** False while a hold applies to this account from this address. */
  admit(account: string, address: string): boolean {
    const now = this.now();
    const addr = addressKey(address);
    if (this.held(this.addresses.get(addr), now)) return false;
    if (this.held(this.pairs.get(pair(account, addr)), now)) return false;
    return !this.held(this.accounts.get(account), now) || this.isKnown(account, addr, now);
  }

  /** Records a failed login; returns the delay in ms before it is answered. */
  failure(account: string | null, address: string): number {
    const now = this.now();
    const o = this.options;
    const addr = addressKey(address);
    let n = this.count(this.addresses, addr, now, o.addressLimit, o.addressHoldMs);
    if (account !== null) {
      this.count(this.pairs, pair(account, addr), now, o.pairLimit, o.pairHoldMs);
      n = Math.max(n, this.count(this.accounts, account, now, o.accountLimit, o.accountHoldMs));
    }
    return o.baseDelayMs * Math.min(o.maxDelayFactor, 2 ** Math.min(30, n - 1));
  }

  /** A successful login: the pair starts afresh and the address becomes known for the account. */
  success(account: string, address: string): void {
    const addr = addressKey(address);
    this.pairs.delete(pair(account, addr));
    this.known.set(pair(account, addr), this.now());
  }

  private isKnown(account: string, addr: string, now: number): boolean {
    const at = this.known.get(pair(account, addr));
    return at !== undefined && now - at < this.options.knownAddressMs;
  }

  private held(counter: Counter | undefined, now: number): boolean {
    return counter !== undefined && now < counter.heldUntil;
  }

  /** Counts one failure against a key; at the limit it starts a hold and a fresh count. Returns the count. */
  private count(table: BoundedMap<Counter>, key: string, now: number, limit: number, holdMs: number): number {
    let c = table.get(key);
    if (!c || now - c.windowStart >= this.options.windowMs) c = { count: 0, windowStart: now, heldUntil: c?.heldUntil ?? 0 };
    c.count++;
    const counted = c.count;
    if (c.count >= limit) {
      c.heldUntil = now + holdMs;
      c.count = 0;
      c.windowStart = now;
    }
    table.set(key, c);
    return counted;
  }
}

const pair = (account: string, addr: string) => `${account}\0${addr}`;
