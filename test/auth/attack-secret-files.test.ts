// The server secret beside the database: readable by nobody but the server's user, even when
// the file was left (restored from a backup, copied by hand) with wider permissions.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECRET_FILE, loadServerSecret } from '../../src/auth/server-secret.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-secret-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('server secret file', () => {
  it('is created with mode 0600 and read back the same', () => {
    const secret = loadServerSecret(dir);
    expect(fs.statSync(path.join(dir, SECRET_FILE)).mode & 0o777).toBe(0o600);
    expect(loadServerSecret(dir)).toEqual(secret);
  });

  it('an existing secret readable by others is narrowed to 0600 and kept', () => {
    const file = path.join(dir, SECRET_FILE);
    const secret = Buffer.alloc(32, 0x42);
    fs.writeFileSync(file, secret, { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    expect(loadServerSecret(dir)).toEqual(secret);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a damaged (short) secret stops the start, and its bytes are not in the message', () => {
    const file = path.join(dir, SECRET_FILE);
    fs.writeFileSync(file, Buffer.from('0123456789'), { mode: 0o600 });
    expect(() => loadServerSecret(dir)).toThrow(/damaged/);
    try {
      loadServerSecret(dir);
    } catch (err) {
      expect(String((err as Error).message)).not.toContain('0123456789');
    }
  });
});
