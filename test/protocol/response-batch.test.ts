// ResponseBatch: small responses are joined into larger writes; a large one must not be copied
// into one Buffer (FETCH 1 (BODY.PEEK[] BODY.PEEK[] …) of a 64 MiB message would otherwise
// build gigabytes at once, and keep them while a client that does not read holds the socket).
import { describe, expect, it } from 'vitest';
import { ResponseBatch } from '../../src/protocol/response-batch.js';

describe('ResponseBatch', () => {
  it('joins small responses into one write', async () => {
    const writes: Buffer[] = [];
    const batch = new ResponseBatch(async (d) => void writes.push(d));
    await batch.add(['* 1 FETCH (UID 1)']);
    await batch.add(['* 2 FETCH (UID 2)']);
    await batch.flush();
    expect(writes.map((w) => w.toString())).toEqual(['* 1 FETCH (UID 1)\r\n* 2 FETCH (UID 2)\r\n']);
  });

  it('writes a large response piece by piece, passing literal data through uncopied and in order', async () => {
    const body = Buffer.alloc(1 << 20, 0x61);
    const writes: Buffer[] = [];
    const batch = new ResponseBatch(async (d) => void writes.push(d));
    await batch.add(['* 1 FETCH (UID 1)']);
    const pieces = ['* 2 FETCH (BODY[] {1048576}\r\n', body, ' BODY[] {1048576}\r\n', body, ')'];
    await batch.add(pieces);
    await batch.add(['* 3 FETCH (UID 3)']);
    await batch.flush();
    // no write holds more than a batch plus one piece; the body goes out as the same Buffer
    expect(Math.max(...writes.map((w) => w.length))).toBeLessThanOrEqual(body.length);
    expect(writes.filter((w) => w.buffer === body.buffer)).toHaveLength(2);
    const all = Buffer.concat(writes).toString('latin1');
    const expected = `* 1 FETCH (UID 1)\r\n* 2 FETCH (BODY[] {1048576}\r\n${'a'.repeat(1 << 20)} BODY[] {1048576}\r\n${'a'.repeat(1 << 20)})\r\n* 3 FETCH (UID 3)\r\n`;
    expect(all === expected).toBe(true);
  });
});
