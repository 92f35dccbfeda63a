import { describe, expect, it } from 'vitest';
import { dummyHash, hashPassword, verifyPassword } from '../../src/auth/password.js';
import { FAST_SCRYPT } from './helpers.js';

describe('password hashing', () => {
  it('stores parameters and salt, verifies the right password only', async () => {
    const stored = await hashPassword('correct horse', FAST_SCRYPT);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[A-Za-z0-9_-]+\$[A-Za-z0-9_-]+$/);
    expect(await verifyPassword('correct horse', stored)).toBe(true);
    expect(await verifyPassword('correct horsf', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('salts: the same password hashes differently each time', async () => {
    const a = await hashPassword('pw', FAST_SCRYPT);
    const b = await hashPassword('pw', FAST_SCRYPT);
    expect(a).not.toBe(b);
    expect(await verifyPassword('pw', a)).toBe(true);
    expect(await verifyPassword('pw', b)).toBe(true);
  });

  it('uses the parameters stored in the hash, not the current defaults', async () => {
    const stored = await hashPassword('pw', { N: 2048, r: 4, p: 2 });
    expect(stored.startsWith('scrypt$2048$4$2$')).toBe(true);
    expect(await verifyPassword('pw', stored)).toBe(true);
  });

  it('never matches a malformed stored hash', async () => {
    for (const bad of ['', 'scrypt', 'bcrypt$1$2$3$4$5', 'scrypt$1000$8$1$c2FsdA$aGFzaA', 'scrypt$1024$8$1$$']) {
      expect(await verifyPassword('pw', bad)).toBe(false);
    }
  });

  it('dummy hashes are well-formed and match nothing guessable', async () => {
    const d = await dummyHash(FAST_SCRYPT);
    expect(d.startsWith('scrypt$1024$8$1$')).toBe(true);
    expect(await verifyPassword('', d)).toBe(false);
  });
});
