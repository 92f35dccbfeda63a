// Bearer-token guessing on the wire: each bad token counts against the throttle like a wrong
// password, also when the client hangs up instead of acknowledging the error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportJWK, generateKeyPair } from 'jose';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, type TestServer } from '../support/server.js';

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const HELD = 'NO [UNAVAILABLE] Too many failed logins; try again later\r\n';

let server: TestServer;
let keyDir: string;
beforeAll(async () => {
  keyDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cpm-oauth-attack-wire-'));
  const { publicKey } = await generateKeyPair('ES256', { extractable: true });
  fs.writeFileSync(path.join(keyDir, 'jwks.json'), JSON.stringify({ keys: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }] }));
  server = await startTestServer(
    { failedLoginDelay: 1 },
    { server: { loginThrottle: { pairLimit: 2, addressLimit: 1000 }, oauth: { issuer: 'https://issuer.example', audience: 'imap', jwks: path.join(keyDir, 'jwks.json') } } },
  );
});
afterAll(async () => {
  await server.stop();
  fs.rmSync(keyDir, { recursive: true, force: true });
});

async function connect(): Promise<RawClient> {
  const c = await RawClient.connect(server.port);
  await c.next();
  return c;
}

describe('bearer-token guessing', () => {
  it('two forged tokens for alice (one dropped mid-exchange) hold alice on a third connection, for every mechanism', async () => {
    const forged = `${b64('{"alg":"ES256","kid":"k1"}')}.${b64('{"sub":"alice"}')}.c2ln`.replace(/=/g, '');
    const first = await connect();
    first.send(`a AUTHENTICATE OAUTHBEARER ${b64(`n,a=alice,\x01auth=Bearer ${forged}\x01\x01`)}`);
    expect(await first.next()).toBe(`+ ${b64('{"status":"invalid_token"}')}\r\n`);
    first.send(b64('\x01'));
    expect(await first.next()).toBe('a NO [AUTHENTICATIONFAILED] Invalid credentials\r\n');
    first.close();
    const second = await connect();
    second.send(`b AUTHENTICATE XOAUTH2 ${b64(`user=alice\x01auth=Bearer ${forged}\x01\x01`)}`);
    expect(await second.next()).toMatch(/^\+ /);
    second.close(); // gone without acknowledging the error: still a failure
    // Whether alice is held, asked without changing anything: SCRAM's first step checks the
    // throttle, and cancelling after it tries no password.
    const heldNow = async () => {
      const probe = await connect();
      probe.send(`p AUTHENTICATE SCRAM-SHA-256 ${b64('n,,n=alice,r=probe')}`);
      let answer = await probe.next();
      if (answer.startsWith('+ ')) {
        probe.send('*');
        answer = await probe.next();
      }
      probe.close();
      return answer;
    };
    await expect.poll(heldNow).toBe(`p ${HELD}`);
    const fourth = await connect();
    expect(await fourth.command('c', 'LOGIN alice wonderland')).toEqual([`c ${HELD}`]);
    fourth.close();
    const third = await connect();
    expect(await third.command('d', `AUTHENTICATE OAUTHBEARER ${b64(`n,a=alice,\x01auth=Bearer ${forged}\x01\x01`)}`)).toEqual([`d ${HELD}`]);
    third.close();
  });
});
