// Puts a server together: store, change bus, logger and listener.
import pino, { type Logger } from 'pino';
import { defaultLimits, type Limits } from '../config.js';
import { ChangeBus } from '../events/bus.js';
import type { ScryptParams } from '../auth/password.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { listen, type Listener } from './listener.js';

export interface ServerOptions {
  dataDir: string;
  host?: string;
  port?: number;
  limits?: Partial<Limits>;
  log?: Logger;
  /** scrypt cost for new password hashes; only tests lower it. */
  scrypt?: ScryptParams;
  /** The CPM default folder of new accounts (src/cpm/default-folder.ts). */
  cpmDefaultFolder?: string;
}

export interface RunningServer {
  store: Store;
  listener: Listener;
  /** Stops accepting, says BYE to every session, and closes the database. */
  stop(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? pino({ level: 'silent' });
  const bus = new ChangeBus();
  const store = await openStore(options.dataDir, bus, {
    scrypt: options.scrypt,
    ...(options.cpmDefaultFolder !== undefined && { cpmDefaultFolder: options.cpmDefaultFolder }),
  });
  const limits = { ...defaultLimits, ...options.limits };
  try {
    const listener = await listen({ store, bus, limits, log }, options.host ?? '127.0.0.1', options.port ?? 1143);
    return {
      store,
      listener,
      async stop() {
        await listener.close();
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
