// `cpm-imapd user add --kind` and `user list` with kinds, run as a real child process.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run, tempDir } from '../cli/helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('cpm-imapd user add --kind', () => {
  it('creates user, service and shared accounts; list shows the kinds', async () => {
    expect(await run(['user', 'add', 'alice', '--password', 'pw-a', '--data', dir])).toMatchObject({ code: 0, stdout: 'Created user "alice"\n' });
    expect(await run(['user', 'add', 'pf', '--kind', 'service', '--password', 'pw-s', '--data', dir])).toMatchObject({
      code: 0,
      stdout: 'Created service account "pf"\n',
    });
    expect(await run(['user', 'add', 'team', '--kind', 'shared', '--data', dir])).toMatchObject({ code: 0, stdout: 'Created shared account "team"\n' });
    expect(await run(['user', 'list', '--data', dir])).toMatchObject({ code: 0, stdout: 'alice\tuser\npf\tservice\nteam\tshared\n' });
  });

  it('refuses an unknown kind, a password for a shared account, and names the ACL reserves', async () => {
    const bad = await run(['user', 'add', 'x', '--kind', 'admin', '--password', 'p', '--data', dir]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--kind admin');
    const shared = await run(['user', 'add', 'team', '--kind', 'shared', '--password', 'p', '--data', dir]);
    expect(shared.code).toBe(2);
    expect(shared.stderr).toContain('shared account takes no password');
    for (const name of ['anyone', '-neg', 'a/b']) {
      const r = await run(['user', 'add', '--password', 'p', '--data', dir, '--', name]);
      expect(r.code, name).toBe(1);
      expect(r.stderr, name).toContain('invalid user name');
    }
  });
});
