// Opens (creating if need be) the SQLite store in a data directory.
import { chmodSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { defaultScryptParams, dummyHash, type ScryptParams } from '../auth/password.js';
import { DEFAULT_SCRAM_ITERATIONS } from '../auth/scram.js';
import { loadServerSecret } from '../auth/server-secret.js';
import type { ChangeBus } from '../events/bus.js';
import { StoreDb } from './db.js';
import { migrate } from './migrations.js';
import { UidRangeSets } from './search-sql.js';
import { SqliteStore } from './sqlite-store.js';
import type { Store } from './types.js';

export const DATABASE_FILE = 'cpm-imapd.sqlite';

export interface OpenStoreOptions {
  /** scrypt cost for new password hashes (tests lower it; stored hashes carry their own). */
  scrypt?: ScryptParams;
  /** Milliseconds to wait for another process's write lock. */
  busyTimeout?: number;
  /** The CPM default folder of new accounts (default CPM/default; src/cpm/default-folder.ts). */
  cpmDefaultFolder?: string;
  /** SCRAM-SHA-256 iterations for new verifiers (default DEFAULT_SCRAM_ITERATIONS; tests lower it). */
  scramIterations?: number;
}

export function openDatabase(dataDir: string, busyTimeout = 5000): Database.Database {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, DATABASE_FILE);
  const db = new Database(file);
  try {
    // Password hashes, SCRAM verifiers and PSK keys live here: owner only, whatever the umask
    // or the folder's mode (SQLite gives the -wal and -shm files the database file's mode).
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (String(mode).toLowerCase() !== 'wal') throw new Error(`cannot enable WAL mode (got ${String(mode)})`);
    // FULL: every COMMIT is fsynced, so what a client was told OK for survives power loss.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeout))}`);
    migrate(db);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export async function openStore(dataDir: string, bus: ChangeBus, options: OpenStoreOptions = {}): Promise<Store> {
  const scrypt = options.scrypt ?? defaultScryptParams;
  const dummy = await dummyHash(scrypt);
  const db = openDatabase(dataDir, options.busyTimeout);
  const uidSets = new UidRangeSets();
  uidSets.install(db);
  return new SqliteStore(new StoreDb(db, bus), uidSets, {
    scrypt,
    dummyHash: dummy,
    scramIterations: options.scramIterations ?? DEFAULT_SCRAM_ITERATIONS,
    authSecret: loadServerSecret(dataDir),
    ...(options.cpmDefaultFolder !== undefined && { cpmDefaultFolder: options.cpmDefaultFolder }),
  });
}
