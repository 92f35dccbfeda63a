// A minimal IMAP client for benchmarks: pipelines commands and counts tagged answers,
// without the per-response grammar checks the tests do.
import net from 'node:net';

export class BenchClient {
  private data = '';
  /** How far `data` has been searched for the awaited tag. */
  private scanned = 0;
  private waiters: Array<{ tag: string; keep: boolean; resolve: (text: string) => void; reject: (e: Error) => void }> = [];
  bytesIn = 0;

  private constructor(private readonly socket: net.Socket) {
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.bytesIn += chunk.length;
      this.data += chunk;
      this.check();
    });
    socket.on('close', () => {
      for (const w of this.waiters) w.reject(new Error('connection closed'));
      this.waiters = [];
    });
  }

  static async connect(host: string, port: number): Promise<BenchClient> {
    const socket = await new Promise<net.Socket>((resolve, reject) => {
      const s = net.connect(port, host, () => resolve(s));
      s.once('error', reject);
    });
    const client = new BenchClient(socket);
    await client.waitFor('*');
    return client;
  }

  /** Resolves with everything received up to and including the line starting with `tag `. */
  waitFor(tag: string, keep = true): Promise<string> {
    return new Promise((resolve, reject) => {
      this.waiters.push({ tag, keep, resolve, reject });
      this.check();
    });
  }

  /** `keep: false` drops the untagged data as it streams in (for huge answers nobody reads). */
  async command(tag: string, text: string | Buffer, keep = true): Promise<string> {
    const done = this.waitFor(tag, keep);
    this.socket.write(typeof text === 'string' ? `${tag} ${text}\r\n` : Buffer.concat([Buffer.from(`${tag} `), text]));
    return done;
  }

  /** Resolves with the time (performance.now()) at which `text` next arrives. */
  arrival(text: string): Promise<number> {
    return new Promise((resolve) => {
      let seen = '';
      const onData = (chunk: string) => {
        seen = (seen + chunk).slice(-(text.length + chunk.length));
        if (!seen.includes(text)) return;
        this.socket.off('data', onData);
        resolve(performance.now());
      };
      this.socket.on('data', onData);
    });
  }

  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  close(): void {
    this.socket.destroy();
  }

  /**
   * Looks for the tagged line in what arrived since the last look, so a FETCH of every body
   * does not make the benchmark client itself quadratic.
   */
  private check(): void {
    while (this.waiters.length) {
      const { tag, keep, resolve } = this.waiters[0]!;
      const at = this.data.startsWith(`${tag} `) ? 0 : this.data.indexOf(`\r\n${tag} `, this.scanned);
      if (at < 0) {
        if (!keep) this.data = this.data.slice(-(tag.length + 3));
        this.scanned = Math.max(0, this.data.length - tag.length - 3);
        return;
      }
      const start = at === 0 ? 0 : at + 2;
      const end = this.data.indexOf('\r\n', start);
      if (end < 0) return;
      const text = this.data.slice(0, end + 2);
      this.data = this.data.slice(end + 2);
      this.scanned = 0;
      this.waiters.shift();
      resolve(text);
    }
  }
}
