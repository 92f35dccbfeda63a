// Starts a real server in-process on a random loopback port with its own temp data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer, type ServerOptions } from '../../src/server/start.js';
import type { Limits } from '../../src/config.js';

export interface TestServer {
  port: number;
  dataDir: string;
  server: RunningServer;
  stop(): Promise<void>;
}

export const TEST_USER = 'alice';
export const TEST_PASSWORD = 'wonderland';

export interface TestServerOptions {
  /** The CPM default folder of new accounts (serve --cpm-default-folder). */
  cpmDefaultFolder?: string;
  /** Anything else startServer takes (TLS, OAuth, ...). */
  server?: Partial<ServerOptions>;
}

export async function startTestServer(limits: Partial<Limits> = {}, options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-test-'));
  const server = await startServer({
    dataDir,
    host: '127.0.0.1',
    port: 0,
    limits: { failedLoginDelay: 20, ...limits },
    // Every test logs in; the production scrypt cost (~100 ms of CPU) would make that slow.
    scrypt: { N: 1 << 10, r: 8, p: 1 },
    scramIterations: 4096, // RFC 7677's minimum, for the same reason
    ...(options.cpmDefaultFolder !== undefined && { cpmDefaultFolder: options.cpmDefaultFolder }),
    ...options.server,
  });
  await server.store.createUser(TEST_USER, TEST_PASSWORD);
  return {
    port: server.listener.port,
    dataDir,
    server,
    async stop() {
      await server.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
