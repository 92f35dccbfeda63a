// SASLprep (RFC 4013) on every path: the helper, and the store's passwords and user names.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepareQuery, prepareStored } from '../../src/auth/saslprep.js';
import { ChangeBus } from '../../src/events/bus.js';
import { openStore } from '../../src/store/open.js';
import { StoreError, type Store } from '../../src/store/types.js';

describe('prepare', () => {
  it('maps non-ASCII spaces to SPACE and soft hyphens to nothing (RFC 4013 §3 examples)', () => {
    expect(prepareQuery('I\u00adX')).toBe('IX');
    expect(prepareQuery('user')).toBe('user');
    expect(prepareQuery('USER')).toBe('USER');
    expect(prepareQuery('\u00aa')).toBe('a');
    expect(prepareQuery('\u2168')).toBe('IX');
    expect(prepareQuery('pass\u00a0word')).toBe('pass word');
  });

  it('refuses prohibited characters, bidi mixtures and what prepares to nothing', () => {
    expect(prepareQuery('\u0007')).toBeNull();
    expect(prepareQuery('a\u0000b')).toBeNull();
    expect(prepareQuery('\u0627\u0031')).toBeNull();
    expect(prepareQuery('\u00ad')).toBeNull();
  });

  it('allows unassigned code points in queries only', () => {
    expect(prepareQuery('a\u0221')).toBe('a\u0221');
    expect(prepareStored('a\u0221')).toBeNull();
  });
});

describe('the store prepares names and passwords', () => {
  let dir: string;
  let store: Store;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-saslprep-'));
    store = await openStore(dir, new ChangeBus(), { scrypt: { N: 1 << 10, r: 8, p: 1 } });
  });
  afterAll(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a password with a non-ASCII space verifies as typed with an ordinary one, and the other way round', async () => {
    const carol = await store.createUser('carol', 'open\u2003sesame');
    expect(await store.verifyPassword('carol', 'open sesame')).toEqual(carol);
    expect(await store.verifyPassword('carol', 'open\u00a0sesame')).toEqual(carol);
    expect(await store.verifyPassword('carol', 'opensesame')).toBeNull();
    await store.setPassword('carol', 'new pass');
    expect(await store.verifyPassword('carol', 'new\u3000pass')).toEqual(carol);
  });

  it('a user name is found by its prepared form', async () => {
    const dave = await store.createUser('dave', 'pw');
    expect(await store.verifyPassword('da\u00adve', 'pw')).toEqual(dave);
  });

  it('refuses passwords with prohibited characters and names not in prepared form', async () => {
    await expect(store.createUser('erin', 'bell\u0007')).rejects.toThrow(StoreError);
    await expect(store.setPassword('dave', 'bell\u0007')).rejects.toThrow(/SASLprep/);
    await expect(store.createUser('\u2168', 'pw')).rejects.toThrow(/SASLprep/);
    expect(await store.verifyPassword('dave', 'bell\u0007')).toBeNull();
  });

  it('user names: no "/", "*" or "%", no leading "-", not "anyone"', async () => {
    for (const name of ['a/b', 'a*b', 'a%', '-bob', 'anyone', 'ANYONE']) {
      await expect(store.createUser(name, 'pw'), name).rejects.toThrow(StoreError);
    }
    await expect(store.createUser('any-one', 'pw')).resolves.toMatchObject({ name: 'any-one' });
  });
});
