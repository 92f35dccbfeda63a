// SCRAM-SHA-256 (RFC 5802, RFC 7677) server exchange, driven with a fake backend.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SaslBackend, SaslStep } from '../../src/auth/sasl.js';
import { decodeSaslName, decodeVerifier, encodeVerifier, fakeVerifier, makeVerifier, scramSha256 } from '../../src/auth/scram.js';
import type { ScramVerifier, User } from '../../src/store/types.js';

const USER: User = { id: 1, name: 'user', kind: 'user' };
const SALT = Buffer.from('W22ZaJ0SNY7soEsUEjb6gQ==', 'base64');
const SERVER_NONCE = '%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0';

function backend(verifiers: Record<string, ScramVerifier>, admitted = true): SaslBackend {
  return {
    admit: () => admitted,
    verifyPassword: async () => null,
    scramCredentials: async (name) =>
      verifiers[name] ? { user: { ...USER, name }, verifier: verifiers[name]! } : { user: null, verifier: fakeVerifier(name, Buffer.alloc(32, 7)) },
    tokenSubject: async () => null,
    getUser: async () => null,
  };
}

async function exchange(b: SaslBackend, nonce = SERVER_NONCE) {
  return scramSha256(() => nonce).start(b).exchange;
}

const text = (step: SaslStep) => (step.kind === 'challenge' ? step.data.toString() : step.kind === 'success' ? step.data?.toString() : undefined);

/** The client side, computed independently with node:crypto. */
function clientFinal(password: string, clientFirstBare: string, serverFirst: string, gs2 = 'n,,', tamper?: (m: string) => string) {
  const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  let withoutProof = `c=${Buffer.from(gs2).toString('base64')},r=${attrs.r}`;
  if (tamper) withoutProof = tamper(withoutProof);
  const authMessage = `${clientFirstBare},${serverFirst},${withoutProof}`;
  const signature = createHmac('sha256', storedKey).update(authMessage).digest();
  const proof = Buffer.from(clientKey.map((b, i) => b ^ signature[i]!));
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const expectedServer = createHmac('sha256', serverKey).update(authMessage).digest().toString('base64');
  return { message: `${withoutProof},p=${proof.toString('base64')}`, expectedServer };
}

describe('SCRAM-SHA-256', () => {
  it('reproduces the RFC 7677 §3 example exchange byte for byte', async () => {
    const verifier = await makeVerifier('pencil', 4096, SALT);
    const x = await exchange(backend({ user: verifier }));
    const first = await x.step(Buffer.from('n,,n=user,r=rOprNGfwEbeRWgbNEkqO'));
    expect(first.kind).toBe('challenge');
    expect(text(first)).toBe('r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096');
    const final = await x.step(
      Buffer.from('c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ='),
    );
    expect(final).toMatchObject({ kind: 'success', user: { name: 'user' }, authzid: null });
    expect(text(final)).toBe('v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=');
  });

  it('the verifier survives its stored form, and a damaged one is refused', async () => {
    const v = await makeVerifier('pencil', 4096, SALT);
    const stored = encodeVerifier(v);
    expect(stored).not.toContain('pencil');
    expect(decodeVerifier(stored)).toEqual(v);
    expect(decodeVerifier(stored.replace('SCRAM-SHA-256', 'SCRAM-SHA-1'))).toBeNull();
    expect(decodeVerifier(stored.slice(0, -8))).toBeNull();
  });

  it('a wrong password fails without a server signature', async () => {
    const x = await exchange(backend({ user: await makeVerifier('pencil', 4096, SALT) }));
    const bare = 'n=user,r=abc';
    const first = await x.step(Buffer.from(`n,,${bare}`));
    const { message } = clientFinal('pen', bare, text(first)!);
    expect(await x.step(Buffer.from(message))).toEqual({ kind: 'failure', reason: 'credentials', account: 'user' });
  });

  it('a right password from a client computed independently succeeds, with its server signature', async () => {
    const x = await exchange(backend({ user: await makeVerifier('pencil', 4096) }), 'srv-nonce');
    const bare = 'n=user,r=client-nonce';
    const first = await x.step(Buffer.from(`n,,${bare}`));
    const { message, expectedServer } = clientFinal('pencil', bare, text(first)!);
    const final = await x.step(Buffer.from(message));
    expect(final.kind).toBe('success');
    expect(text(final)).toBe(`v=${expectedServer}`);
  });

  it('a tampered nonce fails even with a proof computed over it', async () => {
    const x = await exchange(backend({ user: await makeVerifier('pencil', 4096) }));
    const bare = 'n=user,r=abc';
    const first = await x.step(Buffer.from(`n,,${bare}`));
    const { message } = clientFinal('pencil', bare, text(first)!, 'n,,', (m) => m.replace(/r=abc/, 'r=abd'));
    expect(await x.step(Buffer.from(message))).toMatchObject({ kind: 'failure', reason: 'credentials' });
  });

  it('an unknown user gets a stable salt and the same failure as a wrong password', async () => {
    const b = backend({});
    const salts = [];
    for (let i = 0; i < 2; i++) {
      const x = await exchange(b);
      const first = await x.step(Buffer.from('n,,n=mallory,r=abc'));
      expect(first.kind).toBe('challenge');
      salts.push(/s=([^,]+)/.exec(text(first)!)![1]);
      const { message } = clientFinal('anything', 'n=mallory,r=abc', text(first)!);
      expect(await x.step(Buffer.from(message))).toEqual({ kind: 'failure', reason: 'credentials', account: 'mallory' });
    }
    expect(salts[0]).toBe(salts[1]);
    expect(/s=([^,]+)/.exec(text(await (await exchange(b)).step(Buffer.from('n,,n=eve,r=abc')))!)![1]).not.toBe(salts[0]);
  });

  it('refuses channel binding it does not offer (p=), accepts "y"', async () => {
    const b = backend({ user: await makeVerifier('pencil', 4096) });
    const p = await (await exchange(b)).step(Buffer.from('p=tls-server-end-point,,n=user,r=abc'));
    expect(p).toMatchObject({ kind: 'failure', reason: 'unsupported' });
    expect((p as { data: Buffer }).data.toString()).toBe('e=channel-binding-not-supported');
    const x = await exchange(b);
    const first = await x.step(Buffer.from('y,,n=user,r=abc'));
    const { message } = clientFinal('pencil', 'n=user,r=abc', text(first)!, 'y,,');
    expect((await x.step(Buffer.from(message))).kind).toBe('success');
  });

  it('c= must repeat the gs2-header', async () => {
    const x = await exchange(backend({ user: await makeVerifier('pencil', 4096) }));
    const first = await x.step(Buffer.from('y,,n=user,r=abc'));
    const { message } = clientFinal('pencil', 'n=user,r=abc', text(first)!, 'n,,');
    const final = await x.step(Buffer.from(message));
    expect(final).toMatchObject({ kind: 'failure', reason: 'credentials' });
    expect((final as { data: Buffer }).data.toString()).toBe('e=channel-bindings-dont-match');
  });

  it('mandatory extensions are refused; malformed messages are malformed', async () => {
    const b = backend({});
    expect(await (await exchange(b)).step(Buffer.from('n,,m=x,n=user,r=abc'))).toMatchObject({ reason: 'unsupported' });
    for (const bad of ['', 'n,,', 'x,,n=user,r=abc', 'n,,r=abc,n=user', 'n,,n=user', 'n,,n=,r=abc', 'n,,n=us=er,r=abc', 'n,,n=user,r=a,b', 'n,,n=user,r=', Buffer.from([0x6e, 0x2c, 0x2c, 0x6e, 0x3d, 0xff, 0x2c, 0x72, 0x3d, 0x61])]) {
      const step = await (await exchange(b)).step(Buffer.isBuffer(bad) ? bad : Buffer.from(bad));
      expect(step, String(bad)).toMatchObject({ kind: 'failure', reason: 'malformed' });
    }
    const x = await exchange(b);
    await x.step(Buffer.from('n,,n=user,r=abc'));
    expect(await x.step(Buffer.from('c=biws,r=abc'))).toMatchObject({ reason: 'malformed' });
    const y = await exchange(b);
    const first = await y.step(Buffer.from('n,,n=user,r=abc'));
    const nonce = /r=([^,]+)/.exec(text(first)!)![1];
    expect(await y.step(Buffer.from(`c=biws,r=${nonce},p=not*base64`))).toMatchObject({ reason: 'malformed' });
  });

  it('names escape "," and "=" as =2C and =3D, and are SASLprepped', async () => {
    expect(decodeSaslName('a=2Cb=3Dc')).toBe('a,b=c');
    expect(decodeSaslName('a=2')).toBeNull();
    expect(decodeSaslName('a=3d')).toBeNull();
    const seen: string[] = [];
    const b = { ...backend({}), scramCredentials: async (name: string) => (seen.push(name), { user: null, verifier: fakeVerifier(name, Buffer.alloc(32)) }) };
    await (await exchange(b)).step(Buffer.from('n,,n=we=2Cird=3Dname,r=abc'));
    await (await exchange(b)).step(Buffer.from('n,,n=I\u00adX,r=abc'));
    expect(seen).toEqual(['we,ird=name', 'IX']);
  });

  it('an account held by the throttle is unavailable before any salt is sent', async () => {
    const step = await (await exchange(backend({}, false))).step(Buffer.from('n,,n=user,r=abc'));
    expect(step).toEqual({ kind: 'failure', reason: 'unavailable', account: 'user' });
  });

  it('carries the authorization identity (a=)', async () => {
    const x = await exchange(backend({ svc: await makeVerifier('pw', 4096) }));
    const first = await x.step(Buffer.from('n,a=alice,n=svc,r=abc'));
    const { message } = clientFinal('pw', 'n=svc,r=abc', text(first)!, 'n,a=alice,');
    expect(await x.step(Buffer.from(message))).toMatchObject({ kind: 'success', authzid: 'alice', user: { name: 'svc' } });
  });
});
