// A raw IMAP client for tests: sends exact bytes, reads whole responses (literals
// included), and checks every server response against grammar/.
import net from 'node:net';
import tls from 'node:tls';
import { assertValidResponse, splitResponses } from './grammar.js';

export class RawClient {
  private buffer: Buffer = Buffer.alloc(0);
  private readonly queue: Buffer[] = [];
  private waiters: Array<() => void> = [];
  private closed = false;
  /** A response that broke the grammar: reported by the next read, in the test that caused it. */
  private violation: Error | null = null;

  private constructor(private readonly socket: net.Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      const { responses, rest } = splitResponses(this.buffer);
      this.buffer = rest;
      for (const response of responses) {
        try {
          assertValidResponse(response);
        } catch (err) {
          this.violation ??= err as Error;
        }
        this.queue.push(response);
      }
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** A client over a socket the test set up itself (e.g. to look at its TLS parameters first). */
  static over(socket: net.Socket): RawClient {
    return new RawClient(socket);
  }

  /** Connects to an implicit-TLS port; rejects if the handshake fails. */
  static connectTls(port: number, options: tls.ConnectionOptions = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ port, host: '127.0.0.1', ...options }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /**
   * The client side of STARTTLS, after the tagged OK: the same socket continues as TLS. Fails
   * if the server sent anything in plaintext after the responses already read.
   */
  startTls(options: tls.ConnectionOptions = {}): Promise<RawClient> {
    if (this.queue.length > 0 || this.buffer.length > 0) {
      return Promise.reject(new Error(`plaintext after the STARTTLS answer: ${Buffer.concat([...this.queue, this.buffer]).toString('latin1')}`));
    }
    this.socket.removeAllListeners('data');
    this.socket.removeAllListeners('close');
    return new Promise((resolve, reject) => {
      const socket = tls.connect({ socket: this.socket, ...options }, () => resolve(new RawClient(socket)));
      socket.once('error', reject);
    });
  }

  /** Sends bytes exactly as given. */
  write(data: string | Buffer): void {
    this.socket.write(data);
  }

  /** Sends a line, adding CRLF. */
  send(line: string): void {
    this.socket.write(`${line}\r\n`);
  }

  /** The next complete response as text (literal bytes decoded as latin1, so bytes map 1:1). */
  async next(timeoutMs = 5000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    if (this.violation) throw this.violation;
    while (this.queue.length === 0) {
      if (this.closed) throw new Error('connection closed');
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a response');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    if (this.violation) throw this.violation;
    return this.queue.shift()!.toString('latin1');
  }

  /** Sends `tag command` and returns every response up to and including the tagged one. */
  async command(tag: string, text: string): Promise<string[]> {
    this.send(`${tag} ${text}`);
    return this.until(tag);
  }

  /** Reads responses until the one tagged `tag`. */
  async until(tag: string): Promise<string[]> {
    const out: string[] = [];
    for (;;) {
      const response = await this.next();
      out.push(response);
      if (response.startsWith(`${tag} `)) return out;
    }
  }

  /** True once the server has closed the connection. */
  async closedByServer(timeoutMs = 5000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    return this.closed;
  }

  close(): void {
    this.socket.destroy();
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
