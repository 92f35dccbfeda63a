// Who may open one more connection: at most `maxConnections` in all and
// `maxConnectionsPerAddress` from one address, counted over every listener of the server.
import net from 'node:net';
import type { Limits } from '../config.js';

export type Refusal = 'total' | 'address';

export interface Admitted {
  /** Gives the slot back; the listener calls it when the socket closes. Idempotent. */
  release(): void;
}

export class Admission {
  private total = 0;
  private readonly perAddress = new Map<string, number>();

  constructor(private readonly limits: Pick<Limits, 'maxConnections' | 'maxConnectionsPerAddress'>) {}

  /** Takes a slot for a connection from `remoteAddress`, or says which cap it would pass. */
  admit(remoteAddress: string | undefined): Admitted | Refusal {
    if (this.total >= this.limits.maxConnections) return 'total';
    const key = addressKey(remoteAddress);
    const count = this.perAddress.get(key) ?? 0;
    if (count >= this.limits.maxConnectionsPerAddress) return 'address';
    this.total++;
    this.perAddress.set(key, count + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        this.total--;
        const left = this.perAddress.get(key)! - 1;
        if (left === 0) this.perAddress.delete(key);
        else this.perAddress.set(key, left);
      },
    };
  }

  /** Connections counted now, in all and from the address `remoteAddress` is in. */
  count(remoteAddress?: string): number {
    return remoteAddress === undefined ? this.total : (this.perAddress.get(addressKey(remoteAddress)) ?? 0);
  }
}

/**
 * What one client is counted by: an IPv4 address (also when it comes IPv4-mapped,
 * `::ffff:a.b.c.d`), or the /64 prefix of an IPv6 address, since a single subscriber is
 * usually given a whole /64 and could otherwise open connections from endless addresses.
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined) return '';
  const address = remoteAddress.replace(/%.*$/, ''); // zone index of a link-local address
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1]!;
  if (!net.isIPv6(address)) return address;
  return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight 16-bit groups of an IPv6 address, in lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
  let text = address;
  // A trailing dotted quad (::ffff:1.2.3.4 aside, e.g. 64:ff9b::1.2.3.4) is two groups.
  const quad = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (quad) {
    const [a, b, c, d] = quad.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, quad.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.split('::') as [string, string | undefined];
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const middle = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  return [...left, ...middle, ...right].map((g) => parseInt(g, 16).toString(16));
}
