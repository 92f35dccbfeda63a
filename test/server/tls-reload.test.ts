// Certificate reload (SIGHUP → RunningServer.reloadTls): sessions already open keep working,
// new handshakes (implicit TLS and STARTTLS) get the new certificate, a bad file changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';
import { certDir, makeCertificate, type CertificateFiles } from './tls-fixtures.js';

let dir: string;
let first: CertificateFiles;
let second: CertificateFiles;
let certFile: string;
let keyFile: string;
let server: TestServer;

beforeAll(async () => {
  dir = certDir();
  [first, second] = await Promise.all([makeCertificate(dir, 'first'), makeCertificate(dir, 'second')]);
  certFile = path.join(dir, 'live.cert.pem');
  keyFile = path.join(dir, 'live.key.pem');
  install(first);
  server = await startTestServer({}, { server: { tls: { cert: certFile, key: keyFile, tlsPort: 0 } } });
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Puts a certificate in the files the server was started with (what a renewal does). */
function install(c: CertificateFiles): void {
  fs.copyFileSync(c.cert, certFile);
  fs.copyFileSync(c.key, keyFile);
}

const trustBoth = (): tls.ConnectionOptions => ({ ca: [first.pem, second.pem], servername: 'localhost' });

function connectTls(): Promise<{ fingerprint: string; client: RawClient }> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({ port: server.server.tlsListener!.port, host: '127.0.0.1', ...trustBoth() }, () => {
      resolve({ fingerprint: socket.getPeerCertificate().fingerprint256, client: RawClient.over(socket) });
    });
    socket.once('error', reject);
  });
}

/** STARTTLS on the plain listener; the certificate the server showed. */
async function startTls(): Promise<{ fingerprint: string; client: RawClient }> {
  const plain = await RawClient.connect(server.port);
  await plain.next();
  expect(await plain.command('s', 'STARTTLS')).toEqual(['s OK Begin TLS negotiation now\r\n']);
  let fingerprint = '';
  const client = await plain.startTls({
    ...trustBoth(),
    checkServerIdentity: (host, peer) => {
      fingerprint = peer.fingerprint256;
      return tls.checkServerIdentity(host, peer);
    },
  });
  return { fingerprint, client };
}

describe('reloadTls', () => {
  it('keeps open sessions and shows the new certificate to new connections', async () => {
    const implicit = await connectTls();
    const upgraded = await startTls();
    expect(implicit.fingerprint).toBe(first.fingerprint256);
    expect(upgraded.fingerprint).toBe(first.fingerprint256);
    await implicit.client.next();
    expect((await implicit.client.command('a', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`)).at(-1)).toMatch(/^a OK /);

    install(second);
    await server.server.reloadTls();

    expect(await implicit.client.command('b', 'SELECT INBOX')).toContain('b OK [READ-WRITE] SELECT completed\r\n');
    expect((await upgraded.client.command('c', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`)).at(-1)).toMatch(/^c OK /);
    const newImplicit = await connectTls();
    const newUpgraded = await startTls();
    expect(newImplicit.fingerprint).toBe(second.fingerprint256);
    expect(newUpgraded.fingerprint).toBe(second.fingerprint256);
    for (const c of [implicit, upgraded, newImplicit, newUpgraded]) c.client.close();
  });

  it('rejects a key that does not match, and keeps serving the certificate it had', async () => {
    install(second);
    await server.server.reloadTls();
    fs.copyFileSync(first.key, keyFile); // the first key beside the second certificate
    await expect(server.server.reloadTls()).rejects.toThrow(/key values mismatch/);
    fs.writeFileSync(certFile, 'not a certificate');
    await expect(server.server.reloadTls()).rejects.toThrow();
    const after = await connectTls();
    expect(after.fingerprint).toBe(second.fingerprint256);
    expect(await after.client.next()).toMatch(/^\* OK /);
    after.client.close();
    const upgraded = await startTls();
    expect(upgraded.fingerprint).toBe(second.fingerprint256);
    upgraded.client.close();
  });
});
