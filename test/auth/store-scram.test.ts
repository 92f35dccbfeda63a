// The store's SCRAM verifiers: written with every password, never the password itself; filled in
// by a password login for accounts made before SCRAM; fakes for unknown and shared accounts.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeVerifier, makeVerifier } from '../../src/auth/scram.js';
import { ChangeBus } from '../../src/events/bus.js';
import { DATABASE_FILE, openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/types.js';

let dir: string;
let store: Store;
const scryptLow = { N: 1 << 10, r: 8, p: 1 };

function column(name: string): { scram: string | null; password_hash: string } {
  const db = new Database(path.join(dir, DATABASE_FILE), { readonly: true });
  try {
    return db.prepare('SELECT scram, password_hash FROM users WHERE name = ?').get(name) as { scram: string | null; password_hash: string };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-scram-store-'));
  store = await openStore(dir, new ChangeBus(), { scrypt: scryptLow, scramIterations: 4096 });
});
afterAll(async () => {
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('SCRAM verifiers in the store', () => {
  it('createUser and setPassword store a verifier of the password, not the password', async () => {
    const alice = await store.createUser('alice', 'pencil-and-paper');
    const row = column('alice');
    expect(row.scram).not.toContain('pencil');
    const v = decodeVerifier(row.scram!)!;
    expect(v.iterations).toBe(4096);
    expect(await makeVerifier('pencil-and-paper', v.iterations, v.salt)).toEqual(v);
    expect(await store.scramCredentials('alice')).toEqual({ user: alice, verifier: v });
    await store.setPassword('alice', 'ink');
    const changed = decodeVerifier(column('alice').scram!)!;
    expect(await makeVerifier('ink', changed.iterations, changed.salt)).toEqual(changed);
  });

  it('an account without a verifier gets a fake, until a password login fills it in', async () => {
    const bob = await store.createUser('bob', 'builder');
    const db = new Database(path.join(dir, DATABASE_FILE));
    db.prepare("UPDATE users SET scram = NULL WHERE name = 'bob'").run();
    db.close();
    const before = await store.scramCredentials('bob');
    expect(before.user).toBeNull();
    expect(await store.verifyPassword('bob', 'wrong')).toBeNull();
    expect(column('bob').scram).toBeNull();
    expect(await store.verifyPassword('bob', 'builder')).toEqual(bob);
    const after = await store.scramCredentials('bob');
    expect(after.user).toEqual(bob);
    expect(await makeVerifier('builder', after.verifier.iterations, after.verifier.salt)).toEqual(after.verifier);
  });

  it('unknown and shared accounts get a fake verifier, the same each time and across restarts', async () => {
    await store.createUser('lobby', 'x-unusable', { kind: 'shared' });
    const unknown = await store.scramCredentials('mallory');
    expect(unknown.user).toBeNull();
    expect(unknown.verifier.iterations).toBe(4096);
    expect((await store.scramCredentials('mallory')).verifier).toEqual(unknown.verifier);
    expect((await store.scramCredentials('lobby')).user).toBeNull();
    expect((await store.scramCredentials('eve')).verifier.salt).not.toEqual(unknown.verifier.salt);
    await store.close();
    store = await openStore(dir, new ChangeBus(), { scrypt: scryptLow, scramIterations: 4096 });
    expect((await store.scramCredentials('mallory')).verifier).toEqual(unknown.verifier);
    expect(fs.statSync(path.join(dir, 'auth-secret')).mode & 0o077).toBe(0);
  });
});
