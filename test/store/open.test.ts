import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChangeBus } from '../../src/events/bus.js';
import { migrate, migrations, schemaVersion } from '../../src/store/migrations.js';
import { DATABASE_FILE, openStore } from '../../src/store/open.js';
import { FAST_SCRYPT, makeHarness, msg, type Harness } from './helpers.js';

describe('openStore', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await makeHarness();
  });
  afterEach(async () => {
    await h.cleanup();
  });

  it('creates a missing data directory and a WAL database with the schema applied', async () => {
    const dir = path.join(h.dir, 'nested', 'data');
    const store = await openStore(dir, new ChangeBus(), { scrypt: FAST_SCRYPT });
    await store.close();
    expect(fs.existsSync(path.join(dir, DATABASE_FILE))).toBe(true);
    const db = new Database(path.join(dir, DATABASE_FILE));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('makes the database files readable by their owner only, even in a folder open to all', async () => {
    const dir = path.join(h.dir, 'open-folder');
    fs.mkdirSync(dir, { mode: 0o755 });
    fs.chmodSync(dir, 0o755);
    const store = await openStore(dir, new ChangeBus(), { scrypt: FAST_SCRYPT });
    await store.createUser('perm', 'password');
    for (const suffix of ['', '-wal', '-shm']) {
      expect((fs.statSync(path.join(dir, DATABASE_FILE + suffix)).mode & 0o777).toString(8)).toBe('600');
    }
    await store.close();
    // A file loosened afterwards (a restore from a backup) is narrowed again at the next open.
    fs.chmodSync(path.join(dir, DATABASE_FILE), 0o644);
    await (await openStore(dir, new ChangeBus(), { scrypt: FAST_SCRYPT })).close();
    expect((fs.statSync(path.join(dir, DATABASE_FILE)).mode & 0o777).toString(8)).toBe('600');
  });

  it('keeps everything across close and reopen', async () => {
    const user = await h.store.createUser('alice', 'pw');
    const box = await h.store.createMailbox(user.id, 'Keep');
    const appended = await h.store.append(box.id, { data: msg(1), flags: ['\\Seen', 'Work'] });
    await h.store.setSubscribed(user.id, 'Elsewhere', true);
    const before = await h.store.listMessages(box.id);
    const store = await h.reopen();
    expect(await store.verifyPassword('alice', 'pw')).toEqual(user);
    expect(await store.getMailbox(user.id, 'Keep')).toEqual({ ...box, uidNext: 2, highestModseq: appended.modseq });
    expect(await store.listMessages(box.id)).toEqual(before);
    expect((await store.readMessage(box.id, appended.uid))!.equals(msg(1))).toBe(true);
    expect(await store.listSubscriptions(user.id)).toContain('Elsewhere');
    // Counters continue where they were.
    const next = await store.append(box.id, { data: msg(2), flags: [] });
    expect(next.uid).toBe(2);
    expect(next.modseq).toBeGreaterThan(appended.modseq);
  });

  it('refuses operations after close', async () => {
    await h.store.close();
    await expect(h.store.listUsers()).rejects.toThrow(/closed/);
    h.store = await openStore(h.dir, h.bus, { scrypt: FAST_SCRYPT }); // so cleanup can close it
  });
});

describe('migrations', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-migrate-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('apply once and are idempotent', () => {
    const db = new Database(path.join(dir, 'm.sqlite'));
    expect(migrate(db)).toBe(migrations.length);
    expect(schemaVersion(db)).toBe(migrations.length);
    expect(migrate(db)).toBe(0);
    expect(schemaVersion(db)).toBe(migrations.length);
    db.close();
  });

  it('apply only the new steps, each in its own transaction', () => {
    const db = new Database(path.join(dir, 'm.sqlite'));
    const steps = ['CREATE TABLE a (x)', 'CREATE TABLE b (x)'];
    expect(migrate(db, steps.slice(0, 1))).toBe(1);
    expect(migrate(db, steps)).toBe(1);
    expect(schemaVersion(db)).toBe(2);
    // A failing step leaves the version and the schema as they were before it.
    expect(() => migrate(db, [...steps, 'CREATE TABLE c (x); CREATE TABLE a (x)'])).toThrow();
    expect(schemaVersion(db)).toBe(2);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'c'").get()).toEqual({ n: 0 });
    db.close();
  });

  it('refuses a database newer than the code', () => {
    const db = new Database(path.join(dir, 'm.sqlite'));
    db.pragma(`user_version = ${migrations.length + 1}`);
    expect(() => migrate(db)).toThrow(/newer/);
    db.close();
  });
});
