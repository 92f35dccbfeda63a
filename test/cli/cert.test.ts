// `cpm-imapd cert selfsigned`, run as a real child process: the files it writes make a working
// TLS server (checked with node:tls against `serve --cert --key --tls-listen`).
import { X509Certificate, createPrivateKey } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { ServeProcess, run, tempDir } from './helpers.js';

let dir: string;
let cleanup: () => void;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('cpm-imapd cert selfsigned', () => {
  it('writes cert.pem and key.pem (0600) for the given names and days', async () => {
    const out = path.join(dir, 'tls');
    const r = await run(['cert', 'selfsigned', '--out', out, '--days', '30', '--host', 'mail.example.com', '--host', '192.0.2.7']);
    expect(r.code, r.stderr).toBe(0);
    const certPem = fs.readFileSync(path.join(out, 'cert.pem'), 'utf8');
    const x509 = new X509Certificate(certPem);
    expect(r.stdout).toContain(`SHA-256 fingerprint: ${x509.fingerprint256}`);
    expect(x509.subject).toBe('CN=mail.example.com');
    expect(x509.subjectAltName).toBe('DNS:mail.example.com, IP Address:192.0.2.7');
    const days = (Date.parse(x509.validTo) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(29);
    expect(days).toBeLessThanOrEqual(30);
    expect(x509.checkPrivateKey(createPrivateKey(fs.readFileSync(path.join(out, 'key.pem'))))).toBe(true);
    expect(fs.statSync(path.join(out, 'key.pem')).mode & 0o777).toBe(0o600);

    // Never overwrites.
    const again = await run(['cert', 'selfsigned', '--out', out]);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/exists; not overwriting it/);
    expect(fs.readFileSync(path.join(out, 'cert.pem'), 'utf8')).toBe(certPem);
  });

  it('exits 2 on usage errors', async () => {
    for (const args of [['cert'], ['cert', 'frob'], ['cert', 'selfsigned', 'x'], ['cert', 'selfsigned', '--days', '0'], ['cert', 'selfsigned', '--days', 'ten'], ['cert', 'selfsigned', '--host', 'a b']]) {
      const r = await run([...args, '--out', dir]);
      expect(r.code, args.join(' ')).toBe(2);
    }
  });

  it('makes a certificate that serve uses for implicit TLS and STARTTLS; SIGHUP reloads it', async () => {
    expect((await run(['cert', 'selfsigned', '--out', dir])).code).toBe(0);
    const cert = path.join(dir, 'cert.pem');
    const key = path.join(dir, 'key.pem');
    const data = path.join(dir, 'data');
    const { proc, port } = await ServeProcess.start([
      '--data', data, '--listen', '127.0.0.1:0', '--cert', cert, '--key', key, '--tls-listen', '127.0.0.1:0', '--require-tls',
    ]);
    try {
      const tlsPort = Number((await proc.waitFor(/IMAP over TLS on 127\.0\.0\.1:(\d+)/))[1]);
      expect(proc.stdout).toMatch(/listening on 127\.0\.0\.1:\d+ \(STARTTLS required; IMAP over TLS on /);
      const first = fs.readFileSync(cert, 'utf8');
      // Trusts only the certificate in the files now: the server must be showing that one.
      const seen = (): Promise<string> =>
        new Promise((resolve, reject) => {
          const s = tls.connect({ port: tlsPort, host: '127.0.0.1', ca: fs.readFileSync(cert, 'utf8'), servername: 'localhost' }, () => {
            const fingerprint = s.getPeerCertificate().fingerprint256;
            const client = RawClient.over(s);
            client.next().then(
              (greeting) => {
                expect(greeting).toMatch(/^\* OK \[CAPABILITY /);
                client.close();
                resolve(fingerprint);
              },
              reject,
            );
          });
          s.once('error', reject);
        });
      expect(await seen()).toBe(new X509Certificate(first).fingerprint256);

      const plain = await RawClient.connect(port);
      expect(await plain.next()).toMatch(/ STARTTLS .*LOGINDISABLED/);
      expect(await plain.command('a', 'STARTTLS')).toEqual(['a OK Begin TLS negotiation now\r\n']);
      const upgraded = await plain.startTls({ ca: first, servername: 'localhost' });
      expect((await upgraded.command('b', 'CAPABILITY'))[0]).not.toMatch(/LOGINDISABLED|STARTTLS/);
      upgraded.close();

      // Renewal: new files, SIGHUP, new handshakes see them.
      fs.rmSync(cert);
      fs.rmSync(key);
      const renewed = await run(['cert', 'selfsigned', '--out', dir]);
      expect(renewed.code).toBe(0);
      proc.child.kill('SIGHUP');
      await proc.waitFor(/TLS certificate reloaded/);
      expect(await seen()).toBe(new X509Certificate(fs.readFileSync(cert, 'utf8')).fingerprint256);
    } finally {
      proc.child.kill('SIGTERM');
      await proc.exited;
    }
  });
});

describe('cpm-imapd serve TLS options', () => {
  it('refuses incomplete or contradictory TLS options (exit 2) and unreadable files (exit 1)', async () => {
    const data = path.join(dir, 'data');
    for (const args of [
      ['--cert', 'c.pem'],
      ['--key', 'k.pem'],
      ['--require-tls'],
      ['--tls-listen', 'nowhere'],
      ['--tls-listen', '127.0.0.1:99999'],
    ]) {
      const r = await run(['serve', '--data', data, '--listen', '127.0.0.1:0', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^cpm-imapd serve: /);
    }
    const missing = await run(['serve', '--data', data, '--listen', '127.0.0.1:0', '--cert', path.join(dir, 'no.pem'), '--key', path.join(dir, 'no.key')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/no such file or directory/);
  });
});
