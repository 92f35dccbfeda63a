// imapflow as a test client, with every byte the server sends checked against grammar/.
import { ImapFlow, type ImapFlowOptions } from 'imapflow';
import { assertValidResponse, splitResponses } from './grammar.js';
import { TEST_PASSWORD, TEST_USER } from './server.js';

export interface CheckedClient {
  client: ImapFlow;
  /** Grammar violations seen so far (an empty list is the expectation). */
  violations: string[];
}

/** `options` adds to or overrides the defaults (TLS: `secure`, `doSTARTTLS`, `tls`). */
export async function connectFlow(port: number, user = TEST_USER, pass = TEST_PASSWORD, options: Partial<ImapFlowOptions> = {}): Promise<CheckedClient> {
  const violations: string[] = [];
  let pending: Buffer = Buffer.alloc(0);
  const onServerBytes = (data: Buffer) => {
    pending = Buffer.concat([pending, data]);
    const { responses, rest } = splitResponses(pending);
    pending = rest;
    for (const response of responses) {
      try {
        assertValidResponse(response);
      } catch (err) {
        violations.push(String(err));
      }
    }
  };
  const quiet = () => undefined;
  const logger = {
    trace(entry: { src?: string; data?: string }) {
      if (entry?.src === 's' && entry.data) onServerBytes(Buffer.from(entry.data, 'base64'));
    },
    debug: quiet,
    info: quiet,
    warn: quiet,
    error: quiet,
  };
  const client = new ImapFlow({ host: '127.0.0.1', port, secure: false, auth: { user, pass }, logger, logRaw: true, verifyOnly: false, ...options });
  await client.connect();
  return { client, violations };
}
