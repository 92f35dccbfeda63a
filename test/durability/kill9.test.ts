// What a client was told OK for survives kill -9: several clients APPEND in a stream, the
// server is killed mid-stream, and after a restart every acknowledged message is there,
// byte for byte, under the UID it was given, and no UID is used twice.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { cli, exited, spawnServer } from '../support/child-server.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-imapd-kill9-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function messageFor(client: number, n: number): string {
  const filler = 'x'.repeat((client * 131 + n * 17) % 3000);
  return `From: c${client}@example.com\r\nSubject: client ${client} message ${n}\r\n\r\n${filler}\r\nend ${client}/${n}\r\n`;
}

async function appendStream(port: number, client: number, acked: Map<number, string>, stop: () => boolean) {
  const c = await RawClient.connect(port);
  await c.next();
  await c.command('l', 'LOGIN alice pw');
  try {
    for (let n = 0; !stop(); n++) {
      const body = messageFor(client, n);
      const answer = await c.command(`a${n}`, `APPEND INBOX {${Buffer.byteLength(body)}+}\r\n${body}`);
      const tagged = answer[answer.length - 1]!;
      const m = /^a\d+ OK \[APPENDUID \d+ (\d+)\]/.exec(tagged);
      if (!m) throw new Error(`unexpected answer ${tagged}`);
      const uid = Number(m[1]);
      expect(acked.has(uid), `UID ${uid} given twice`).toBe(false);
      acked.set(uid, body);
    }
  } catch (err) {
    // The server was killed under us: the last APPEND was never acknowledged.
    if (!/closed|timed out|ECONNRESET/.test(String(err))) throw err;
  } finally {
    c.close();
  }
}

describe('durability', () => {
  it('keeps every acknowledged APPEND through kill -9', async () => {
    expect(cli(['user', 'add', 'alice', '--password', 'pw', '--data', dataDir]).status).toBe(0);
    const first = await spawnServer(dataDir);
    const acked = new Map<number, string>();
    let killed = false;
    const streams = [0, 1, 2, 3].map((n) => appendStream(first.port, n, acked, () => killed));
    await new Promise((r) => setTimeout(r, 1500));
    first.child.kill('SIGKILL');
    killed = true;
    await Promise.all(streams);
    await exited(first.child);
    expect(acked.size).toBeGreaterThan(20);

    const second = await spawnServer(dataDir);
    try {
      const c = await RawClient.connect(second.port);
      await c.next();
      await c.command('l', 'LOGIN alice pw');
      await c.command('s', 'SELECT INBOX');
      const responses = await c.command('f', 'UID FETCH 1:* (UID BODY.PEEK[])');
      const stored = new Map<number, string>();
      for (const r of responses.slice(0, -1)) {
        const m = /^\* \d+ FETCH \(UID (\d+) BODY\[\] \{(\d+)\}\r\n/.exec(r);
        expect(m, r.slice(0, 80)).not.toBeNull();
        const uid = Number(m![1]);
        expect(stored.has(uid)).toBe(false);
        const start = m![0].length;
        stored.set(uid, Buffer.from(r, 'latin1').subarray(start, start + Number(m![2])).toString('utf8'));
      }
      for (const [uid, body] of acked) expect(stored.get(uid), `UID ${uid}`).toBe(body);
      // Nothing half-written: whatever else is there is one of the messages a client sent.
      for (const body of stored.values()) expect(body).toMatch(/^From: c\d@example\.com\r\nSubject: client (\d) message (\d+)\r\n\r\nx*\r\nend \1\/\2\r\n$/);
      c.close();
    } finally {
      second.child.kill('SIGTERM');
      await exited(second.child);
    }
  });
});
