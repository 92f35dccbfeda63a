// `cpm-imapd psk add|del|list`, run as a real child process; the keys it issues log in over
// TLS (see test/server/tls-psk.test.ts for the protocol side).
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import path from 'node:path';
import { ChangeBus } from '../../src/events/bus.js';
import { openStore } from '../../src/store/open.js';
import { run, tempDir } from './helpers.js';

let dir: string;
let data: string;
let cleanup: () => void;

beforeEach(async () => {
  ({ dir, cleanup } = tempDir());
  data = path.join(dir, 'data');
  expect((await run(['user', 'add', 'alice', '--password', 'secret-1', '--data', data])).code).toBe(0);
});
afterEach(() => cleanup());

/** The key stored for an identity, read from the store directly. */
async function storedKey(identity: string): Promise<{ key: string; user: string } | null> {
  const store = await openStore(data, new ChangeBus());
  try {
    const found = store.pskForHandshake(identity);
    return found && { key: found.key.toString('hex'), user: found.user.name };
  } finally {
    await store.close();
  }
}

describe('cpm-imapd psk', () => {
  it('add issues a random 32-byte key, prints it once, and list never shows it', async () => {
    const added = await run(['psk', 'add', 'alice', '--identity', 'phone-1', '--data', data]);
    expect(added.code, added.stderr).toBe(0);
    const m = /^identity: phone-1\nkey: ([0-9a-f]{64})\n\(the key is shown only this once\)\n$/.exec(added.stdout);
    expect(m, added.stdout).not.toBeNull();
    expect(await storedKey('phone-1')).toEqual({ key: m![1], user: 'alice' });

    const second = await run(['psk', 'add', 'alice', '--data', data]);
    expect(second.code).toBe(0);
    const generated = /^identity: (alice-[0-9a-f]{12})\nkey: ([0-9a-f]{64})\n/.exec(second.stdout);
    expect(generated, second.stdout).not.toBeNull();
    expect(generated![2]).not.toBe(m![1]);

    const list = await run(['psk', 'list', '--data', data]);
    expect(list.code).toBe(0);
    expect(list.stdout).toBe([`${generated![1]} alice`, 'phone-1 alice'].sort().join('\n') + '\n');
    expect(list.stdout).not.toContain(m![1]);
    expect(list.stdout).not.toContain(generated![2]);
  });

  it('del revokes a key; deleting it again fails', async () => {
    await run(['psk', 'add', 'alice', '--identity', 'phone-1', '--data', data]);
    const del = await run(['psk', 'del', 'phone-1', '--data', data]);
    expect(del).toMatchObject({ code: 0, stdout: 'Deleted the key "phone-1"\n' });
    expect(await storedKey('phone-1')).toBeNull();
    expect(await run(['psk', 'del', 'phone-1', '--data', data])).toMatchObject({
      code: 1,
      stderr: 'cpm-imapd: psk del: no such identity "phone-1"\n',
    });
    expect((await run(['psk', 'list', '--data', data])).stdout).toBe('');
  });

  it('refuses unknown users, taken identities and unprintable identities (exit 1)', async () => {
    expect(await run(['psk', 'add', 'nobody', '--data', data])).toMatchObject({ code: 1, stderr: 'cpm-imapd: psk add: no such user "nobody"\n' });
    await run(['psk', 'add', 'alice', '--identity', 'phone-1', '--data', data]);
    const taken = await run(['psk', 'add', 'alice', '--identity', 'phone-1', '--data', data]);
    expect(taken).toMatchObject({ code: 1, stderr: 'cpm-imapd: psk add: the identity "phone-1" is taken\n' });
    for (const identity of ['a b', 'x'.repeat(129), 'tab\there']) {
      const bad = await run(['psk', 'add', 'alice', '--identity', identity, '--data', data]);
      expect(bad.code, identity).toBe(1);
      expect(bad.stderr).toMatch(/PSK identity is 1 to 128 printable ASCII characters/);
    }
    expect(await storedKey('phone-1')).not.toBeNull();
  });

  it('exits 2 on usage errors and 1 without a store', async () => {
    for (const args of [['psk'], ['psk', 'frob'], ['psk', 'add'], ['psk', 'add', 'a', 'b'], ['psk', 'del'], ['psk', 'list', 'x'], ['psk', 'add', 'alice', '--identity=']]) {
      const r = await run([...args, '--data', data]);
      expect(r.code, args.join(' ')).toBe(2);
    }
    const missing = await run(['psk', 'list', '--data', path.join(dir, 'nowhere')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no store in/);
    const help = await run(['psk', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: cpm-imapd psk /);
  });
});
