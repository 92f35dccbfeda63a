// Shared by the TLS tests: a self-signed certificate in a temp folder, a TLS server on random
// ports, and `openssl s_client` run as a real client whose output is grammar-checked.
import { spawn, spawnSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from 'selfsigned';
import { assertValidResponses } from '../support/grammar.js';

export interface CertificateFiles {
  cert: string;
  key: string;
  /** The certificate's PEM (a client's `ca`). */
  pem: string;
  fingerprint256: string;
}

/** A fresh temp folder for a test file's certificates. */
export function certDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-tls-'));
}

/** A self-signed certificate for localhost and 127.0.0.1, written as NAME.cert.pem / NAME.key.pem. */
export async function makeCertificate(dir: string, name: string): Promise<CertificateFiles> {
  // Distinct subjects: a client trusting several of them finds each one's issuer by name.
  const pems = await generate([{ name: 'commonName', value: `cpm-imapd test ${name}` }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notAfterDate: new Date(Date.now() + 24 * 60 * 60 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] }],
  });
  const cert = path.join(dir, `${name}.cert.pem`);
  const key = path.join(dir, `${name}.key.pem`);
  fs.writeFileSync(cert, pems.cert);
  fs.writeFileSync(key, pems.private, { mode: 0o600 });
  return { cert, key, pem: pems.cert, fingerprint256: new X509Certificate(pems.cert).fingerprint256 };
}

/** The openssl binary; fails the test clearly when it is missing (no silent skip). */
export function opensslPath(): string {
  const found = spawnSync('which', ['openssl'], { encoding: 'utf8' });
  const bin = found.stdout.trim();
  if (found.status !== 0 || bin === '') throw new Error('openssl is not installed (apt-get install openssl): the s_client tests need it');
  return bin;
}

export interface SClientResult {
  code: number | null;
  /** Every response the server sent after the TLS handshake, grammar-checked. */
  responses: string[];
  stderr: string;
}

/**
 * Runs `openssl s_client ARGS -quiet` against 127.0.0.1:port, sends `lines` (CRLF-terminated)
 * and waits until the server closes the connection (the lines should end with LOGOUT).
 */
export function sClient(port: number, args: string[], lines: string[]): Promise<SClientResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(opensslPath(), ['s_client', '-connect', `127.0.0.1:${port}`, '-quiet', ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      try {
        const responses = assertValidResponses(Buffer.concat(out)).map((b) => b.toString('latin1'));
        resolve({ code, responses, stderr });
      } catch (err) {
        reject(err as Error);
      }
    });
    child.stdin.on('error', () => undefined); // s_client may exit before reading it all
    child.stdin.end(lines.map((l) => `${l}\r\n`).join(''));
  });
}

/** The words of a CAPABILITY response or response code. */
export function capabilityWords(response: string): string[] {
  const m = /(?:\[CAPABILITY |^\* CAPABILITY )([^\]\r\n]*)/.exec(response);
  if (!m) throw new Error(`no capability list in ${JSON.stringify(response)}`);
  return m[1]!.split(' ');
}
