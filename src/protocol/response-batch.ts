// Collects many small responses into larger writes, so a FETCH of 100,000 messages is not
// 100,000 socket writes, and yields between batches so other sessions get their turn.
import { toBytes, type Wire } from './encode.js';

const BATCH_BYTES = 64 * 1024;

export class ResponseBatch {
  private parts: Buffer[] = [];
  private size = 0;

  constructor(private readonly write: (data: Buffer) => Promise<void>) {}

  async add(pieces: readonly Wire[]): Promise<void> {
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
