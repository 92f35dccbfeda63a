// Collects many small responses into larger writes, so a FETCH of 100,000 messages is not
// 100,000 socket writes, and yields between batches so other sessions get their turn.
import { toBytes, type Wire } from './encode.js';

const BATCH_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');

export class ResponseBatch {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly write: (data: Buffer) => Promise<void>) {}

  async add(pieces: readonly Wire[]): Promise<void> {
    // A response bigger than a batch goes out piece by piece: its literal pieces are views of
    // stored bytes, and joining them would copy the whole response (a client may ask for one
    // 64 MiB body many times in one FETCH) into memory at once. The pieces are all handed over
    // before waiting, so nothing else written meanwhile (a BYE) can land inside a literal.
    let length = 0;
    for (const p of pieces) length += p.length;
    if (length > BATCH_BYTES) {
      await this.flush();
      const writes = pieces.map((p) => this.write(typeof p === 'string' ? Buffer.from(p, 'utf8') : p));
      writes.push(this.write(CRLF));
      await Promise.all(writes);
      await new Promise((resolve) => setImmediate(resolve));
      return;
    }
    const bytes = toBytes(pieces);
    this.parts.push(bytes);
    this.size += bytes.length;
    if (this.size >= BATCH_BYTES) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    const data = Buffer.concat(this.parts);
    this.parts = [];
    this.size = 0;
    await this.write(data);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
