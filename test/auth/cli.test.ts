// `cpm-imapd user add --kind`, `user list` with kinds, and `serve --oauth-*`, run as real child processes.
import fs from 'node:fs';
import path from 'node:path';
import { exportJWK, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient, ServeProcess, run, tempDir } from '../cli/helpers.js';

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

describe('cpm-imapd serve --oauth-*', () => {
  it('offers OAUTHBEARER and XOAUTH2 with an issuer, audience and JWKS file', async () => {
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const jwks = path.join(dir, 'jwks.json');
    fs.writeFileSync(jwks, JSON.stringify({ keys: [await exportJWK(publicKey)] }));
    const args = ['--data', path.join(dir, 'data'), '--listen', '127.0.0.1:0', '--log-level', 'silent'];
    const { proc, host, port } = await ServeProcess.start([...args, '--oauth-issuer', 'https://issuer.example', '--oauth-audience', 'imap', '--oauth-jwks', jwks]);
    try {
      const client = await RawClient.connect(host, port);
      const [greeting] = await client.waitFor(/^\* OK \[CAPABILITY [^\]]*\]/m);
      expect(greeting).toMatch(/ AUTH=SCRAM-SHA-256 AUTH=PLAIN AUTH=LOGIN AUTH=OAUTHBEARER AUTH=XOAUTH2\]$/);
      client.destroy();
    } finally {
      expect((await proc.stop()).result).toEqual({ code: 0, signal: null });
    }
  });

  it('wants all three options together', async () => {
    const r = await run(['serve', '--data', dir, '--oauth-issuer', 'https://issuer.example']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--oauth-issuer, --oauth-audience and --oauth-jwks go together');
  });
});
