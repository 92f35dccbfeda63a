// Shared set-up for store tests: a store in a fresh temporary directory, a record of the
// events it publishes, direct SQL access for checks the API cannot make, and clean-up.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { ChangeBus, type ChangeEvent } from '../../src/events/bus.js';
import { DATABASE_FILE, openStore } from '../../src/store/open.js';
import type { Store, User } from '../../src/store/types.js';

/** Cheap scrypt for tests; stored hashes carry their own parameters. */
export const FAST_SCRYPT = { N: 1024, r: 8, p: 1 };

export interface Harness {
  dir: string;
  bus: ChangeBus;
  events: ChangeEvent[];
  store: Store;
  /** Closes and opens the store again on the same directory. */
  reopen(): Promise<Store>;
  /** A second, independent connection to the database file. */
  sql(): Database.Database;
  cleanup(): Promise<void>;
}

export async function makeHarness(): Promise<Harness> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-store-'));
  const bus = new ChangeBus();
  const events: ChangeEvent[] = [];
  bus.subscribe((e) => events.push(e));
  const connections: Database.Database[] = [];
  const h: Harness = {
    dir,
    bus,
    events,
    store: await openStore(dir, bus, { scrypt: FAST_SCRYPT }),
    async reopen() {
      await h.store.close();
      h.store = await openStore(dir, bus, { scrypt: FAST_SCRYPT });
      return h.store;
    },
    sql() {
      const db = new Database(path.join(dir, DATABASE_FILE));
      db.pragma('busy_timeout = 5000');
      connections.push(db);
      return db;
    },
    async cleanup() {
      for (const c of connections) if (c.open) c.close();
      await h.store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return h;
}

export async function userWithInbox(store: Store, name = 'alice'): Promise<{ user: User; inbox: number }> {
  const user = await store.createUser(name, 'secret');
  const inbox = (await store.getMailbox(user.id, 'INBOX'))!.id;
  return { user, inbox };
}

export function msg(n: number | string, extra = ''): Buffer {
  return Buffer.from(`From: a@example.com\r\nSubject: message ${n}\r\n\r\nBody ${n}${extra}\r\n`);
}
