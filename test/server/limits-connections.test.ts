// Connections per address and in total (admission.ts): over either cap a client is told
// BYE [UNAVAILABLE] and let go; addresses are counted as one client is (IPv4, IPv4-mapped,
// an IPv6 /64).
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Admission, addressKey } from '../../src/server/admission.js';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer | undefined;
const clients: RawClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  await server?.stop();
  server = undefined;
});

/** A RawClient from a chosen loopback source address (all of 127/8 is local on Linux). */
async function connectFrom(port: number, localAddress: string): Promise<RawClient> {
  const socket = await new Promise<net.Socket>((resolve, reject) => {
    const s = net.connect({ port, host: '127.0.0.1', localAddress }, () => resolve(s));
    s.once('error', reject);
  });
  const client = RawClient.over(socket);
  clients.push(client);
  return client;
}

describe('addressKey', () => {
  it('counts an IPv4-mapped IPv6 address as the IPv4 address', () => {
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('::FFFF:192.0.2.7')).toBe('192.0.2.7');
    expect(addressKey('192.0.2.7')).toBe('192.0.2.7');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    const key = addressKey('2001:db8:1:2:aaaa::1');
    expect(key).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe(key);
    expect(addressKey('2001:db8:1:2::')).toBe(key);
    expect(addressKey('2001:db8:1:3::1')).not.toBe(key);
    expect(addressKey('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(addressKey('::1')).toBe('0:0:0:0::/64');
    expect(addressKey('64:ff9b::192.0.2.1')).toBe('64:ff9b:0:0::/64');
  });
});

describe('Admission', () => {
  it('refuses past the per-address cap, not other addresses, and frees a slot once', () => {
    const admission = new Admission({ maxConnections: 10, maxConnectionsPerAddress: 2 });
    const a = admission.admit('198.51.100.1');
    const b = admission.admit('::ffff:198.51.100.1');
    expect(admission.admit('198.51.100.1')).toBe('address');
    expect(admission.admit('198.51.100.2')).not.toBe('address');
    expect(admission.count('198.51.100.1')).toBe(2);
    if (typeof a === 'string' || typeof b === 'string') throw new Error('admitted expected');
    a.release();
    a.release(); // a second release must not free another connection's slot
    expect(admission.count('198.51.100.1')).toBe(1);
    expect(admission.count()).toBe(2);
    expect(admission.admit('198.51.100.1')).not.toBe('address');
    expect(admission.admit('198.51.100.1')).toBe('address');
  });

  it('refuses past the total cap whatever the address', () => {
    const admission = new Admission({ maxConnections: 2, maxConnectionsPerAddress: 2 });
    admission.admit('203.0.113.1');
    admission.admit('203.0.113.2');
    expect(admission.admit('203.0.113.3')).toBe('total');
  });
});

describe('connection caps on a real server', () => {
  it('tells the client over the per-address cap BYE [UNAVAILABLE], and serves other addresses', async () => {
    server = await startTestServer({ maxConnectionsPerAddress: 2 });
    const a = await connectFrom(server.port, '127.0.0.2');
    const b = await connectFrom(server.port, '127.0.0.2');
    expect(await a.next()).toMatch(/^\* OK \[CAPABILITY /);
    expect(await b.next()).toMatch(/^\* OK \[CAPABILITY /);
    const refused = await connectFrom(server.port, '127.0.0.2');
    expect(await refused.next()).toBe('* BYE [UNAVAILABLE] Too many connections from your address\r\n');
    expect(await refused.closedByServer()).toBe(true);
    const other = await connectFrom(server.port, '127.0.0.3');
    expect(await other.next()).toMatch(/^\* OK \[CAPABILITY /);
    // A slot comes back when its connection closes.
    await a.command('o', 'LOGOUT');
    expect(await a.closedByServer()).toBe(true);
    let again = await connectFrom(server.port, '127.0.0.2');
    for (let i = 0; i < 50 && (await again.next()).startsWith('* BYE'); i++) {
      await new Promise((r) => setTimeout(r, 20)); // the server may not have seen the close yet
      again = await connectFrom(server.port, '127.0.0.2');
    }
    expect(await again.command('n', 'NOOP')).toEqual(['n OK NOOP completed\r\n']);
  });

  it('tells the client over the total cap BYE [UNAVAILABLE], whatever its address', async () => {
    server = await startTestServer({ maxConnections: 2, maxConnectionsPerAddress: 2 });
    for (const from of ['127.0.0.4', '127.0.0.5']) expect(await (await connectFrom(server.port, from)).next()).toMatch(/^\* OK /);
    const refused = await connectFrom(server.port, '127.0.0.6');
    expect(await refused.next()).toBe('* BYE [UNAVAILABLE] Too many connections\r\n');
    expect(await refused.closedByServer()).toBe(true);
  });
});
