// The login throttle with a fake clock: delays, holds per pair / address / account, and their ends.
import { describe, expect, it } from 'vitest';
import { LoginThrottle, addressKey, type ThrottleOptions } from '../../src/auth/login-throttle.js';

const OPTIONS: Partial<ThrottleOptions> = {
  baseDelayMs: 100,
  maxDelayFactor: 8,
  windowMs: 60_000,
  pairLimit: 3,
  pairHoldMs: 10_000,
  addressLimit: 6,
  addressHoldMs: 120_000,
  accountLimit: 5,
  accountHoldMs: 5_000,
  knownAddressMs: 3_600_000,
};

function setup(options: Partial<ThrottleOptions> = OPTIONS) {
  const clock = { t: 1_000_000 };
  return { clock, throttle: new LoginThrottle(options, () => clock.t) };
}

describe('LoginThrottle', () => {
  it('doubles the delay per failure, up to the cap', () => {
    const { throttle } = setup({ ...OPTIONS, pairLimit: 100, addressLimit: 100, accountLimit: 100 });
    const delays = Array.from({ length: 6 }, () => throttle.failure('alice', '192.0.2.1'));
    expect(delays).toEqual([100, 200, 400, 800, 800, 800]);
  });

  it('holds an account for one address after a few failures, for a bounded time', () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 2; i++) throttle.failure('alice', '192.0.2.1');
    expect(throttle.admit('alice', '192.0.2.1')).toBe(true);
    throttle.failure('alice', '192.0.2.1');
    expect(throttle.admit('alice', '192.0.2.1')).toBe(false);
    // The same account from elsewhere, and other accounts from here, are not held.
    expect(throttle.admit('alice', '192.0.2.2')).toBe(true);
    expect(throttle.admit('bob', '192.0.2.1')).toBe(true);
    clock.t += 9_999;
    expect(throttle.admit('alice', '192.0.2.1')).toBe(false);
    clock.t += 1;
    expect(throttle.admit('alice', '192.0.2.1')).toBe(true);
  });

  it('holds an address trying many accounts, for all of them', () => {
    const { clock, throttle } = setup();
    for (let i = 0; i < 6; i++) throttle.failure(`user${i}`, '198.51.100.7');
    expect(throttle.admit('someone-else', '198.51.100.7')).toBe(false);
    expect(throttle.admit('someone-else', '198.51.100.8')).toBe(true);
    clock.t += 120_000;
    expect(throttle.admit('someone-else', '198.51.100.7')).toBe(true);
  });

  it('a distributed attack holds the account only briefly, and never where the user logged in before', () => {
    const { clock, throttle } = setup();
    throttle.success('alice', '203.0.113.5'); // the real user's usual place
    for (let i = 0; i < 5; i++) throttle.failure('alice', `192.0.2.${10 + i}`);
    expect(throttle.admit('alice', '192.0.2.99')).toBe(false); // a new place: briefly held
    expect(throttle.admit('alice', '203.0.113.5')).toBe(true); // the known place: never
    clock.t += 5_000;
    expect(throttle.admit('alice', '192.0.2.99')).toBe(true); // the account hold ends soon
  });

  it('a known address expires', () => {
    const { clock, throttle } = setup();
    throttle.success('alice', '203.0.113.5');
    clock.t += 3_600_000;
    for (let i = 0; i < 5; i++) throttle.failure('alice', `192.0.2.${10 + i}`);
    expect(throttle.admit('alice', '203.0.113.5')).toBe(false);
  });

  it('failures are forgotten after the window, and a success clears the pair', () => {
    const { clock, throttle } = setup();
    throttle.failure('alice', '192.0.2.1');
    throttle.failure('alice', '192.0.2.1');
    clock.t += 60_000;
    expect(throttle.failure('alice', '192.0.2.1')).toBe(100); // a fresh window
    expect(throttle.admit('alice', '192.0.2.1')).toBe(true);
    throttle.failure('alice', '192.0.2.1');
    throttle.success('alice', '192.0.2.1');
    throttle.failure('alice', '192.0.2.1');
    expect(throttle.admit('alice', '192.0.2.1')).toBe(true);
  });

  it('a failure for no known account still counts against the address', () => {
    const { throttle } = setup();
    for (let i = 0; i < 6; i++) throttle.failure(null, '192.0.2.1');
    expect(throttle.admit('alice', '192.0.2.1')).toBe(false);
  });

  it('IPv6 addresses count by /64; IPv4-mapped ones as IPv4', () => {
    expect(addressKey('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    const { throttle } = setup();
    for (let i = 0; i < 6; i++) throttle.failure(`u${i}`, `2001:db8:1:2::${i + 1}`);
    expect(throttle.admit('x', '2001:db8:1:2:ffff::1')).toBe(false);
    expect(throttle.admit('x', '2001:db8:1:3::1')).toBe(true);
  });

  it('keeps at most maxEntries keys per table', () => {
    const { throttle } = setup({ ...OPTIONS, maxEntries: 2 });
    for (let i = 0; i < 3; i++) throttle.failure('alice', '192.0.2.1');
    expect(throttle.admit('alice', '192.0.2.1')).toBe(false);
    throttle.failure('b', '192.0.2.2');
    throttle.failure('c', '192.0.2.3');
    // The oldest pair was forgotten: memory stays bounded (at the price of that hold).
    expect(throttle.admit('alice', '192.0.2.1')).toBe(true);
  });
});
