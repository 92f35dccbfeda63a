// A real client program: Python's imaplib runs an ordinary session against the server.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';
import { startCheckingProxy, type CheckingProxy } from '../support/checking-proxy.js';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'imaplib_flow.py');
let server: TestServer;
let proxy: CheckingProxy;
beforeAll(async () => {
  server = await startTestServer();
  proxy = await startCheckingProxy(server.port);
});
afterAll(async () => {
  await proxy.close();
  await server.stop();
});

it('passes an imaplib session: LOGIN CREATE APPEND SELECT FETCH STORE SEARCH EXPUNGE LOGOUT', async () => {
  // Runs asynchronously: the server lives in this process and must keep answering.
  // Through the proxy, so every server response imaplib reads is checked against grammar/.
  const child = spawn('python3', [script, '127.0.0.1', String(proxy.port), TEST_USER, TEST_PASSWORD]);
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const code = await new Promise((resolve) => child.on('exit', resolve));
  expect(output).toContain('imaplib flow ok');
  expect(code).toBe(0);
  expect(proxy.violations).toEqual([]);
});
