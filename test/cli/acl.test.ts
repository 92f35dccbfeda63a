// `cpm-imapd acl get|set|del` (bin/acl.ts), run in-process against a temporary store.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { ChangeBus } from '../../src/events/bus.js';
import { openStore } from '../../src/store/open.js';

let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-acl-cli-'));
  const store = await openStore(dir, new ChangeBus(), { scrypt: { N: 1024, r: 8, p: 1 } });
  await store.createUser('alice', 'pw');
  await store.createUser('bob', 'pw');
  await store.createUser('public', 'pw', { kind: 'shared' });
  await store.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('cpm-imapd acl', () => {
  it('prints help (with the shared-namespace workflow), exit 0', async () => {
    for (const args of [['acl', '--help'], ['acl', 'set', '--help'], ['help', 'acl']]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.out).toMatch(/^Usage: cpm-imapd acl/);
      expect(r.out).toContain('cpm-imapd acl set public INBOX anyone lrk');
    }
    expect((await cli('--help')).out).toContain('acl get|set|del');
  });

  it('sets, adds, removes and deletes entries; get lists the owner first', async () => {
    expect(await cli('acl', 'set', 'public', 'INBOX', 'anyone', 'lrk', '--data', dir)).toMatchObject({ code: 0, out: 'anyone\tlrk' });
    expect(await cli('acl', 'set', 'public', 'inbox', 'bob', '+cd', '--data', dir)).toMatchObject({ code: 0, out: 'bob\tkxte' });
    expect(await cli('acl', 'set', 'public', 'INBOX', 'bob', '--data', dir, '--', '-x')).toMatchObject({ code: 0, out: 'bob\tkte' });
    expect(await cli('acl', 'set', 'public', 'INBOX', '--data', dir, '--', '-bob', 'w')).toMatchObject({ code: 0, out: '-bob\tw' });
    expect(await cli('acl', 'get', 'public', 'INBOX', '--data', dir)).toMatchObject({
      code: 0,
      out: 'public\tlrswipkxtea\nanyone\tlrk\nbob\tkte\n-bob\tw',
    });
    expect(await cli('acl', 'del', 'public', 'INBOX', 'bob', '--data', dir)).toMatchObject({ code: 0, out: 'Removed the entry of bob' });
    expect(await cli('acl', 'del', 'public', 'INBOX', 'bob', '--data', dir)).toMatchObject({ code: 0, out: 'No entry for bob' });
    expect(await cli('acl', 'set', 'public', 'INBOX', 'anyone', '', '--data', dir)).toMatchObject({ code: 0, out: 'Removed the entry of anyone' });
    expect((await cli('acl', 'get', 'public', 'INBOX', '--data', dir)).out).toBe('public\tlrswipkxtea\n-bob\tw');
  });

  it('exits 1 for an unknown account, mailbox or identifier and for the owner; 2 for a bad command line', async () => {
    expect(await cli('acl', 'get', 'nobody', 'INBOX', '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining('no such account "nobody"') });
    expect(await cli('acl', 'get', 'alice', 'Nope', '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining('has no mailbox "Nope"') });
    expect(await cli('acl', 'set', 'alice', 'INBOX', 'carol', 'lr', '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining('unknown identifier "carol"') });
    expect(await cli('acl', 'set', 'alice', 'INBOX', 'alice', 'lr', '--data', dir)).toMatchObject({ code: 1, err: expect.stringContaining("owner's rights") });
    expect(await cli('acl', 'set', 'alice', 'INBOX', 'bob', 'lrZ', '--data', dir)).toMatchObject({ code: 2, err: expect.stringContaining('unknown right "Z"') });
    expect((await cli('acl', 'set', 'alice', 'INBOX', 'bob', '--data', dir)).code).toBe(2);
    expect((await cli('acl', 'get', 'alice', 'INBOX', 'extra', '--data', dir)).code).toBe(2);
    expect((await cli('acl', 'frob')).code).toBe(2);
    expect((await cli('acl', 'get', 'alice', 'INBOX', '--data', path.join(dir, 'missing'))).code).toBe(1);
  });
});
