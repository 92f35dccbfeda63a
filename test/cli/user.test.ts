// `cpm-imapd user …` and the top-level command line, run as a real child process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { bin, run, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('cpm-imapd', () => {
  it('prints its version and help, exit 0', async () => {
    const version = await run(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^cpm-imapd \d+\.\d+\.\d+\n$/);

    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: cpm-imapd <command>');
    for (const args of [['serve', '--help'], ['user', '--help'], ['user', 'add', '--help'], ['user', 'list', '-h']]) {
      const r = await run(args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.stdout, args.join(' ')).toMatch(/^Usage: cpm-imapd /);
    }
  });

  it('works through a symbolic link (as npm installs bin links), from any directory', () => {
    const link = path.join(dir, 'cpm-imapd');
    fs.symlinkSync(bin, link);
    const r = spawnSync(process.execPath, [link, '--version'], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^cpm-imapd \d/);
  });

  it('says how to build when dist/ is missing', () => {
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.copyFileSync(bin, path.join(dir, 'bin/cpm-imapd'));
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"module"}');
    const r = spawnSync(process.execPath, [path.join(dir, 'bin/cpm-imapd'), '--version'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/npm ci/);
    expect(r.stderr).toMatch(/npm run build/);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [
      [],
      ['frobnicate'],
      ['--bogus'],
      ['user'],
      ['user', 'frob'],
      ['user', 'add'],
      ['user', 'add', 'a', 'b', '--password', 'x'],
      ['user', 'add', 'a', '--password', 'x', '--password-stdin'],
      ['user', 'list', '--nope'],
      ['serve', '--listen', 'nonsense'],
      ['serve', '--listen', '::1:1143'],
      ['serve', '--listen', '127.0.0.1:99999'],
      ['serve', '--log-level', 'loud'],
      ['serve', '--limit', 'noSuchLimit=1'],
    ]) {
      const r = await run([...args, ...(args[0] === 'serve' ? ['--data', dir] : [])]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr, args.join(' ')).toMatch(/cpm-imapd/);
    }
    // Nothing was created by a refused serve.
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});

describe('cpm-imapd user', () => {
  it('adds, lists, changes the password of and deletes users', async () => {
    const data = path.join(dir, 'nested', 'data'); // created on demand
    const add = await run(['user', 'add', 'alice', '--password', 'secret-a', '--data', data]);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(add.stdout).toContain('alice');
    expect(add.stdout).not.toContain('secret-a');
    expect(fs.existsSync(data)).toBe(true);

    expect((await run(['user', 'add', 'bob', '--password', 'secret-b', '--data', data])).code).toBe(0);

    const list = await run(['user', 'list', '--data', data]);
    expect(list).toMatchObject({ code: 0, stdout: 'alice\tuser\nbob\tuser\n', stderr: '' });

    const passwd = await run(['user', 'passwd', 'bob', '--password', 'new-secret', '--data', data]);
    expect(passwd.code).toBe(0);
    expect(passwd.stdout + passwd.stderr).not.toContain('new-secret');

    const del = await run(['user', 'del', 'alice', '--data', data]);
    expect(del.code).toBe(0);
    expect((await run(['user', 'list', '--data', data])).stdout).toBe('bob\tuser\n');
  });

  it('reads the password from the first line of stdin', async () => {
    const add = await run(['user', 'add', 'carol', '--password-stdin', '--data', dir], 'from-stdin\r\nignored\n');
    expect(add.code).toBe(0);
    expect(add.stdout + add.stderr).not.toContain('from-stdin');
    // No trailing newline at all is fine too.
    expect((await run(['user', 'passwd', 'carol', '--password-stdin', '--data', dir], 'other')).code).toBe(0);
    // Empty stdin: no password.
    const empty = await run(['user', 'add', 'dave', '--password-stdin', '--data', dir]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toMatch(/password/);
    expect((await run(['user', 'list', '--data', dir])).stdout).toBe('carol\tuser\n');
  });

  it('exits 1 with a message for refused operations', async () => {
    expect((await run(['user', 'add', 'erin', '--password', 'pw1', '--data', dir])).code).toBe(0);

    const duplicate = await run(['user', 'add', 'erin', '--password', 'pw2', '--data', dir]);
    expect(duplicate).toMatchObject({ code: 1, stdout: '' });
    expect(duplicate.stderr).toMatch(/already exists/);
    expect(duplicate.stderr).not.toContain('pw2');

    const unknownPasswd = await run(['user', 'passwd', 'nobody', '--password', 'pw3', '--data', dir]);
    expect(unknownPasswd.code).toBe(1);
    expect(unknownPasswd.stderr).toMatch(/no such user "nobody"/);

    const unknownDel = await run(['user', 'del', 'nobody', '--data', dir]);
    expect(unknownDel.code).toBe(1);
    expect(unknownDel.stderr).toMatch(/no such user "nobody"/);

    const badName = await run(['user', 'add', 'two words', '--password', 'pw4', '--data', dir]);
    expect(badName.code).toBe(1);
    expect(badName.stderr).toMatch(/user name/i);

    const noPassword = await run(['user', 'add', 'frank', '--data', dir]);
    expect(noPassword.code).toBe(1);
    expect(noPassword.stderr).toMatch(/missing password/);

    const emptyPassword = await run(['user', 'add', 'frank', '--password=', '--data', dir]);
    expect(emptyPassword.code).toBe(1);

    expect((await run(['user', 'list', '--data', dir])).stdout).toBe('erin\tuser\n');
  });

  it('does not create a store for list, passwd or del on a missing data folder', async () => {
    const missing = path.join(dir, 'missing');
    for (const args of [['list'], ['del', 'x'], ['passwd', 'x', '--password', 'y']]) {
      const r = await run(['user', ...args, '--data', missing]);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr).toMatch(/no store/);
    }
    expect(fs.existsSync(missing)).toBe(false);
  });
});
