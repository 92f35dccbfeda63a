// Bounds what a connection may hold for a client that does not read. A response waits for
// the client to take it (the write resolves on 'drain'), so a slow reader costs one response;
// these catch the rest: writes made while one is already waiting (BYE, pushes, answers to
// errors in IDLE) and a client that takes nothing at all.
import type net from 'node:net';

export interface WriteGuardLimits {
  maxOutputBacklog: number;
  writeStallTimeout: number;
}

export class WriteGuard {
  /** Bytes written since the socket last drained, while a write was already waiting. */
  private backlog = 0;
  private stallTimer: NodeJS.Timeout | null = null;
  /**
   * True in the turn in which the buffer filled: a large response hands all of its pieces
   * over at once (ResponseBatch), and those are one response, not a backlog.
   */
  private sameTurn = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly limits: WriteGuardLimits,
  ) {}

  /**
   * Called before a write of `bytes` made while an earlier one waits for 'drain'; false (and
   * the socket destroyed) once the backlog passes the cap.
   */
  allowQueued(bytes: number): boolean {
    if (this.sameTurn) return true;
    this.backlog += bytes;
    if (this.backlog <= this.limits.maxOutputBacklog) return true;
    this.socket.destroy();
    return false;
  }

  /** The socket's buffer is full: cut it if the client takes no byte of it for too long. */
  waiting(): void {
    if (this.stallTimer) return;
    this.sameTurn = true;
    queueMicrotask(() => (this.sameTurn = false));
    let sent = this.sent();
    this.stallTimer = setInterval(() => {
      const now = this.sent();
      if (now === sent) this.socket.destroy();
      sent = now;
    }, this.limits.writeStallTimeout * 1000).unref();
  }

  /** The socket drained (or closed). */
  drained(): void {
    this.backlog = 0;
    if (this.stallTimer) clearInterval(this.stallTimer);
    this.stallTimer = null;
  }

  /** Bytes handed to the kernel so far (bytesWritten counts the ones still queued too). */
  private sent(): number {
    return this.socket.bytesWritten - this.socket.writableLength;
  }
}
