// `cpm-imapd acl` takes INBOX in any case as the first level of a name too, as IMAP does
// (RFC 3501 §5.1): `inbox/Sub` is the account's INBOX/Sub.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { main } from '../../bin/cli.js';
import { ChangeBus } from '../../src/events/bus.js';
import { openStore } from '../../src/store/open.js';

let dir: string;

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-acl-review-'));
  const store = await openStore(dir, new ChangeBus(), { scrypt: { N: 1024, r: 8, p: 1 } });
  await store.createUser('alice', 'pw');
  await store.createUser('bob', 'pw');
  await store.createMailbox((await store.getUser('alice'))!.id, 'INBOX/Sub');
  await store.close();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

it('acl set alice inbox/Sub changes the ACL of INBOX/Sub', async () => {
  expect(await cli('acl', 'set', 'alice', 'inbox/Sub', 'bob', 'lr', '--data', dir)).toMatchObject({ code: 0, out: 'bob\tlr' });
  expect(await cli('acl', 'get', 'alice', 'INBOX/Sub', '--data', dir)).toMatchObject({ code: 0, out: 'alice\tlrswipkxtea\nbob\tlr' });
});
