// A loopback TCP proxy that checks every byte the server sends against grammar/, for
// clients the tests do not control (Python's imaplib, command-line programs).
import net from 'node:net';
import { responseError, splitResponses } from './grammar.js';

export interface CheckingProxy {
  port: number;
  /** Grammar violations seen so far (an empty list is the expectation). */
  violations: string[];
  close(): Promise<void>;
}

export function startCheckingProxy(serverPort: number): Promise<CheckingProxy> {
  const violations: string[] = [];
  const sockets = new Set<net.Socket>();
  const proxy = net.createServer((client) => {
    const upstream = net.connect(serverPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    let pending: Buffer = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const { responses, rest } = splitResponses(pending);
      pending = rest;
      for (const response of responses) {
        const error = responseError(response);
        if (error) violations.push(error);
      }
      client.write(chunk);
    });
    client.pipe(upstream);
    upstream.on('end', () => client.end());
    client.on('end', () => upstream.end());
  });
  return new Promise((resolve) => {
    proxy.listen(0, '127.0.0.1', () => {
      resolve({
        port: (proxy.address() as net.AddressInfo).port,
        violations,
        close: () =>
          new Promise((done) => {
            for (const s of sockets) s.destroy();
            proxy.close(() => done());
          }),
      });
    });
  });
}
