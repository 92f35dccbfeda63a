// `cpm-imapd metadata get|set`, `user add --cpm-default-folder` and `serve --cpm-default-folder`,
// run as real child processes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient, ServeProcess, run, tempDir } from './helpers.js';

const ENTRY = '/shared/OMNA/OMACPM20/DefaultFolderLocation';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const addUser = async (name: string, ...extra: string[]) => {
  const r = await run(['user', 'add', name, '--password', 'pw', '--data', dir, ...extra]);
  expect(r, r.stderr).toMatchObject({ code: 0 });
};

describe('cpm-imapd metadata', () => {
  it('prints help, exit 0', async () => {
    for (const args of [['metadata', '--help'], ['metadata', 'get', '--help'], ['metadata', 'set', '-h'], ['help', 'metadata'], ['help', 'metadata', 'set']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Usage: cpm-imapd metadata/);
    }
    expect((await run(['--help'])).stdout).toContain('metadata get');
  });

  it('reads the CPM default-folder entry of a new account, sets, changes and removes server and mailbox entries', async () => {
    await addUser('alice');
    const get = await run(['metadata', 'get', 'alice', ENTRY, '--data', dir]);
    expect(get).toMatchObject({ code: 0, stdout: 'CPM/default/\n', stderr: '' });
    // MAILBOX "" is the server too.
    expect((await run(['metadata', 'get', 'alice', '', ENTRY, '--data', dir])).stdout).toBe('CPM/default/\n');

    const set = await run(['metadata', 'set', 'alice', '/shared/admin', 'mailto:postmaster@example.com', '--data', dir]);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toContain('/shared/admin');
    expect((await run(['metadata', 'get', 'alice', '/shared/ADMIN', '--data', dir])).stdout).toBe('mailto:postmaster@example.com\n');

    expect((await run(['metadata', 'set', 'alice', 'INBOX', '/private/comment', 'multi word value', '--data', dir])).code).toBe(0);
    expect((await run(['metadata', 'get', 'alice', 'inbox', '/private/comment', '--data', dir])).stdout).toBe('multi word value\n');
    // A server entry of that name does not exist: scopes are apart.
    expect((await run(['metadata', 'get', 'alice', '/private/comment', '--data', dir])).code).toBe(1);

    const removed = await run(['metadata', 'set', 'alice', 'INBOX', '/private/comment', '--nil', '--data', dir]);
    expect(removed).toMatchObject({ code: 0 });
    expect(removed.stdout).toMatch(/^Removed /);
    const gone = await run(['metadata', 'get', 'alice', 'INBOX', '/private/comment', '--data', dir]);
    expect(gone).toMatchObject({ code: 1, stdout: '' });
    expect(gone.stderr).toMatch(/no entry \/private\/comment/);

    expect((await run(['metadata', 'set', 'alice', ENTRY, 'Chats/', '--data', dir])).code).toBe(0);
    expect((await run(['metadata', 'get', 'alice', ENTRY, '--data', dir])).stdout).toBe('Chats/\n');
  });

  it('exits 1 for an unknown user, mailbox or entry, and for refused values', async () => {
    await addUser('bob');
    const cases: Array<[string[], RegExp]> = [
      [['metadata', 'get', 'nobody', ENTRY], /no such user "nobody"/],
      [['metadata', 'get', 'bob', 'Nowhere', '/shared/comment'], /has no mailbox "Nowhere"/],
      [['metadata', 'get', 'bob', '/shared/comment'], /no entry \/shared\/comment/],
      [['metadata', 'set', 'bob', ENTRY, 'no-separator'], /must be a mailbox name followed by/],
      [['metadata', 'set', 'bob', '/shared/big', 'x'.repeat(70_000)], /MAXSIZE 65536/],
    ];
    for (const [args, message] of cases) {
      const r = await run([...args, '--data', dir]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    // No store at all: a mistyped --data.
    const noStore = await run(['metadata', 'get', 'bob', ENTRY, '--data', `${dir}/missing`]);
    expect(noStore.code).toBe(1);
    expect(noStore.stderr).toMatch(/no store in/);
    expect((await run(['metadata', 'get', 'bob', ENTRY, '--data', dir])).stdout).toBe('CPM/default/\n');
  });

  it('exits 2 on usage errors', async () => {
    await addUser('carol');
    for (const args of [
      ['metadata'],
      ['metadata', 'frob'],
      ['metadata', 'get'],
      ['metadata', 'get', 'carol'],
      ['metadata', 'get', 'carol', 'INBOX'],
      ['metadata', 'get', 'carol', 'INBOX', '/shared/a', 'extra'],
      ['metadata', 'get', 'carol', '/shared'],
      ['metadata', 'get', 'carol', '/shared/a/'],
      ['metadata', 'get', 'carol', '/shared/a*'],
      ['metadata', 'get', 'carol', 'INBOX', 'comment'],
      ['metadata', 'set', 'carol', '/shared/a'],
      ['metadata', 'set', 'carol', 'INBOX', '/shared/a'],
      ['metadata', 'set', 'carol', '/shared/a', 'v', 'extra'],
      ['metadata', 'set', 'carol', '/shared/a', 'v', '--nil'],
      ['metadata', 'set', 'carol', '/private', 'v'],
      ['metadata', 'get', 'carol', ENTRY, '--bogus'],
      ['user', 'add', 'dave', '--password', 'pw', '--cpm-default-folder', 'a//b'],
      ['user', 'add', 'dave', '--password', 'pw', '--cpm-default-folder', ''],
      ['serve', '--cpm-default-folder', 'x*y'],
      ['serve', '--limit', 'metadataPrivate=maybe'],
    ]) {
      const r = await run([...args, '--data', dir]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/cpm-imapd/);
    }
    expect((await run(['user', 'list', '--data', dir])).stdout).toBe('carol\tuser\n');
  });

  it('user add --cpm-default-folder creates that folder and names it in the entry', async () => {
    await addUser('erin', '--cpm-default-folder', 'RCS/Default/');
    expect((await run(['metadata', 'get', 'erin', ENTRY, '--data', dir])).stdout).toBe('RCS/Default/\n');
    // The folder exists: an entry can be set on it.
    expect((await run(['metadata', 'set', 'erin', 'RCS/Default', '/shared/comment', 'cpm', '--data', dir])).code).toBe(0);
  });
});

describe('cpm-imapd serve --cpm-default-folder and boolean limits', () => {
  it('new accounts made by the server (the demo account) get the configured folder; metadataPrivate=false is applied', async () => {
    const { proc, host, port } = await ServeProcess.start([
      '--data', dir, '--listen', '127.0.0.1:0', '--log-level', 'silent',
      '--cpm-default-folder', 'Chat/Main', '--limit', 'metadataPrivate=false',
    ]);
    try {
      const password = (await proc.waitFor(/password: (\S+)/))[1]!;
      const c = await RawClient.connect(host, port);
      c.send(`a LOGIN demo ${password}`);
      await c.waitFor(/a OK/);
      c.send(`b GETMETADATA "" ${ENTRY}`);
      await c.waitFor(/b OK/);
      expect(c.received).toContain(`* METADATA "" (${ENTRY} "Chat/Main/")`);
      c.send('c SETMETADATA INBOX (/private/comment "x")');
      await c.waitFor(/c NO/);
      expect(c.received).toContain('c NO [METADATA NOPRIVATE]');
      c.destroy();
    } finally {
      await proc.stop();
    }
  });
});
