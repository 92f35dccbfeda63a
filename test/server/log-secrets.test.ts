// No password, token, SCRAM proof, PLAIN blob or message body in any log line, at any level:
// a server logging at `trace` into memory sees logins with every mechanism (good and bad) and
// an APPEND, and its whole log is searched for each secret.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import { SignJWT, exportJWK, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

const ISSUER = 'https://issuer.example';
const AUDIENCE = 'imap.example';
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

let logText = '';
let server: TestServer;
let dir: string;
const secrets: string[] = [];
let goodToken = '';
let otherToken = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-log-secrets-'));
  const pair = await generateKeyPair('ES256', { extractable: true });
  fs.writeFileSync(path.join(dir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' }] }));
  const sign = (sub: string) =>
    new SignJWT({ sub }).setProtectedHeader({ alg: 'ES256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(pair.privateKey);
  goodToken = await sign('alice');
  otherToken = await sign('bob');
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      logText += chunk.toString('utf8');
      done();
    },
  });
  server = await startTestServer(
    {},
    { server: { log: pino({ level: 'trace' }, sink), oauth: { issuer: ISSUER, audience: AUDIENCE, jwks: path.join(dir, 'jwks.json') } } },
  );
  await server.server.store.createUser('svc', 'Svc-Pa55-secret', { kind: 'service' });
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function session(steps: (c: RawClient) => Promise<void>): Promise<void> {
  const c = await RawClient.connect(server.port);
  await c.next();
  try {
    await steps(c);
  } finally {
    c.close();
  }
}

/** Sends a line and reads one response. */
async function say(c: RawClient, line: string): Promise<string> {
  c.send(line);
  return c.next();
}

async function scram(c: RawClient, tag: string, user: string, password: string): Promise<string> {
  const bare = `n=${user},r=clientnonce${tag}`;
  const serverFirst = Buffer.from((await say(c, `${tag} AUTHENTICATE SCRAM-SHA-256 ${b64(`n,,${bare}`)}`)).slice(2), 'base64').toString();
  const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const withoutProof = `c=biws,r=${attrs.r}`;
  const signature = createHmac('sha256', createHash('sha256').update(clientKey).digest()).update(`${bare},${serverFirst},${withoutProof}`).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64');
  const final = b64(`${withoutProof},p=${proof}`);
  secrets.push(proof, final, salted.toString('base64'), clientKey.toString('base64'));
  let answer = await say(c, final);
  if (answer.startsWith('+ ')) answer = await say(c, '');
  return answer;
}

describe('logs', () => {
  it('carry no password, token, proof, PLAIN blob or message body', async () => {
    const marker = 'BODY-MARKER-7f3c9e1a';
    const passwords = ['wonderland', 'Wrong-Guess-42', 'Svc-Pa55-secret'];
    const plainGood = b64('\0alice\0wonderland');
    const plainBad = b64('\0alice\0Wrong-Guess-42');
    const plainProxy = b64('alice\0svc\0Svc-Pa55-secret');
    secrets.push(...passwords, plainGood, plainBad, plainProxy, goodToken, otherToken, goodToken.split('.')[2]!, marker);

    await session(async (c) => {
      expect(await c.command('a', 'LOGIN alice Wrong-Guess-42')).toEqual(['a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n']);
      expect((await c.command('b', 'LOGIN alice wonderland')).at(-1)).toMatch(/^b OK/);
      const message = `Subject: secret\r\n\r\n${marker}\r\n`;
      c.write(`c APPEND INBOX {${message.length}+}\r\n${message}\r\n`);
      expect((await c.until('c')).at(-1)).toMatch(/^c OK/);
    });
    await session(async (c) => {
      expect(await say(c, `a AUTHENTICATE PLAIN ${plainBad}`)).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
      expect(await say(c, 'b AUTHENTICATE PLAIN')).toBe('+ \r\n');
      expect(await say(c, plainGood)).toMatch(/^b OK/);
    });
    await session(async (c) => expect(await say(c, `a AUTHENTICATE PLAIN ${plainProxy}`)).toMatch(/^a OK/));
    await session(async (c) => {
      expect(await scram(c, 'a', 'alice', 'Wrong-Guess-42')).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
      expect(await scram(c, 'b', 'alice', 'wonderland')).toMatch(/^b OK/);
    });
    await session(async (c) => {
      expect(await say(c, 'a AUTHENTICATE LOGIN')).toBe(`+ ${b64('Username:')}\r\n`);
      expect(await say(c, b64('alice'))).toBe(`+ ${b64('Password:')}\r\n`);
      expect(await say(c, b64('Wrong-Guess-42'))).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
      expect(await say(c, `b AUTHENTICATE LOGIN ${b64('alice')}`)).toBe(`+ ${b64('Password:')}\r\n`);
      expect(await say(c, b64('wonderland'))).toMatch(/^b OK/);
    });
    const bearer = (token: string) => b64(`n,a=alice,\x01auth=Bearer ${token}\x01\x01`);
    const xoauth = (token: string) => b64(`user=alice\x01auth=Bearer ${token}\x01\x01`);
    secrets.push(bearer(goodToken), bearer(otherToken), xoauth(goodToken), xoauth(otherToken));
    await session(async (c) => {
      expect(await say(c, `a AUTHENTICATE OAUTHBEARER ${bearer(otherToken)}`)).toMatch(/^\+ /);
      expect(await say(c, 'AQ==')).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
      expect(await say(c, `b AUTHENTICATE OAUTHBEARER ${bearer(goodToken)}`)).toMatch(/^b OK/);
    });
    await session(async (c) => {
      expect(await say(c, `a AUTHENTICATE XOAUTH2 ${xoauth(otherToken)}`)).toMatch(/^\+ /);
      expect(await say(c, '')).toMatch(/^a NO \[AUTHENTICATIONFAILED\]/);
      expect(await say(c, `b AUTHENTICATE XOAUTH2 ${xoauth(goodToken)}`)).toMatch(/^b OK/);
    });

    expect(logText).toContain('login failed');
    expect(logText).toContain('authenticated');
    expect(logText).toContain('service account acting as user');
    for (const secret of secrets) expect(logText.includes(secret), `log contains ${JSON.stringify(secret.slice(0, 24))}…`).toBe(false);
  });
});
