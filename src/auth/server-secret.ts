// A per-installation secret kept beside the database (mode 0600). It keys what must look the
// same across restarts without being guessable, such as the fake SCRAM salts of unknown users.
import { randomBytes } from 'node:crypto';
import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const SECRET_FILE = 'auth-secret';
const SECRET_BYTES = 32;

/** Reads the secret of a data folder, creating it on first use. */
export function loadServerSecret(dataDir: string): Buffer {
  const file = path.join(dataDir, SECRET_FILE);
  try {
    // 'wx': of two processes starting at once, one creates it and the other reads it.
    writeFileSync(file, randomBytes(SECRET_BYTES), { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  // A file restored or copied with wider permissions: narrowed before anything else reads it.
  if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  const secret = readFileSync(file);
  if (secret.length < SECRET_BYTES) throw new Error(`${file} is damaged: expected ${SECRET_BYTES} bytes`);
  return secret;
}
