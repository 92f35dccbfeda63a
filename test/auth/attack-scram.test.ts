// Attacks on the SCRAM-SHA-256 server exchange (RFC 5802 §5.1, §7): messages out of order,
// replays, forged channel-binding data and proofs; each must fail without a server signature.
import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { SaslBackend, SaslStep } from '../../src/auth/sasl.js';
import { DEFAULT_SCRAM_ITERATIONS, fakeVerifier, makeVerifier, scramSha256 } from '../../src/auth/scram.js';
import type { ScramVerifier } from '../../src/store/types.js';

const SECRET = Buffer.alloc(32, 9);

function backend(verifiers: Record<string, ScramVerifier>): SaslBackend {
  return {
    admit: () => true,
    verifyPassword: async () => null,
    scramCredentials: async (name) =>
      verifiers[name] ? { user: { id: 1, name, kind: 'user' }, verifier: verifiers[name]! } : { user: null, verifier: fakeVerifier(name, SECRET) },
    tokenSubject: async () => null,
    getUser: async () => null,
  };
}

const challengeText = (step: SaslStep) => {
  if (step.kind !== 'challenge') throw new Error(`expected a challenge, got ${JSON.stringify(step)}`);
  return step.data.toString();
};

/** An honest client's final message over `withoutProof` (which the test may have bent). */
function prove(password: string, bare: string, serverFirst: string, withoutProof: string): string {
  const attrs = Object.fromEntries(serverFirst.split(',').map((a) => [a[0], a.slice(2)]));
  const salted = pbkdf2Sync(password, Buffer.from(attrs.s!, 'base64'), Number(attrs.i), 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const signature = createHmac('sha256', storedKey).update(`${bare},${serverFirst},${withoutProof}`).digest();
  return `${withoutProof},p=${Buffer.from(clientKey.map((b, i) => b ^ signature[i]!)).toString('base64')}`;
}

async function begin(gs2 = 'n,,', bare = 'n=user,r=cnonce', nonce = 'snonce') {
  const b = backend({ user: await makeVerifier('pencil', 4096) });
  const x = scramSha256(() => nonce).start(b).exchange;
  const serverFirst = challengeText(await x.step(Buffer.from(gs2 + bare)));
  return { x, serverFirst, combined: /r=([^,]+)/.exec(serverFirst)![1]! };
}

describe('SCRAM attacks', () => {
  it('client-final attributes out of order (r= before c=) are malformed even with a matching proof', async () => {
    const { x, serverFirst, combined } = await begin();
    const message = prove('pencil', 'n=user,r=cnonce', serverFirst, `r=${combined},c=biws`);
    expect(await x.step(Buffer.from(message))).toMatchObject({ kind: 'failure', reason: 'malformed' });
  });

  it('a second p= (or a repeated r= or c=) in the client-final message is malformed, not an extension', async () => {
    for (const extra of ['p=AAAA', `r=${'x'}`, 'c=biws']) {
      const { x, serverFirst, combined } = await begin();
      const message = prove('pencil', 'n=user,r=cnonce', serverFirst, `c=biws,r=${combined},${extra}`);
      expect(await x.step(Buffer.from(message)), extra).toMatchObject({ kind: 'failure', reason: 'malformed' });
    }
  });

  it('a replayed client-final from an earlier exchange fails: the server nonce is new', async () => {
    const first = await begin('n,,', 'n=user,r=cnonce', 'one');
    const recorded = prove('pencil', 'n=user,r=cnonce', first.serverFirst, `c=biws,r=${first.combined}`);
    expect((await first.x.step(Buffer.from(recorded))).kind).toBe('success');
    const second = await begin('n,,', 'n=user,r=cnonce', 'two');
    expect(await second.x.step(Buffer.from(recorded))).toMatchObject({ kind: 'failure', reason: 'credentials' });
  });

  it('the nonce must be the whole combined nonce: the client part alone, or a prefix, fails', async () => {
    for (const bent of ['cnonce', 'cnoncesnonc', 'cnoncesnoncex']) {
      const { x, serverFirst } = await begin();
      const message = prove('pencil', 'n=user,r=cnonce', serverFirst, `c=biws,r=${bent}`);
      expect(await x.step(Buffer.from(message)), bent).toMatchObject({ kind: 'failure', reason: 'credentials' });
    }
  });

  it('c= must carry the authzid of the gs2-header too: dropping it is a channel-binding mismatch', async () => {
    const { x, serverFirst, combined } = await begin('n,a=alice,');
    const message = prove('pencil', 'n=user,r=cnonce', serverFirst, `c=biws,r=${combined}`);
    const step = await x.step(Buffer.from(message));
    expect(step).toMatchObject({ kind: 'failure', reason: 'credentials' });
    expect((step as { data?: Buffer }).data?.toString()).toBe('e=channel-bindings-dont-match');
  });

  it('a proof of the wrong length, or an empty one, fails as credentials', async () => {
    for (const proof of ['', 'AAAA', Buffer.alloc(33).toString('base64')]) {
      const { x, combined } = await begin();
      expect(await x.step(Buffer.from(`c=biws,r=${combined},p=${proof}`)), proof).toMatchObject({ kind: 'failure', reason: 'credentials' });
    }
  });

  it('an unknown account is offered the same iteration count as a real one', async () => {
    const b = backend({ user: await makeVerifier('pencil', DEFAULT_SCRAM_ITERATIONS) });
    const real = challengeText(await scramSha256().start(b).exchange.step(Buffer.from('n,,n=user,r=a')));
    const fake = challengeText(await scramSha256().start(b).exchange.step(Buffer.from('n,,n=nobody,r=a')));
    expect(/,i=(\d+)$/.exec(fake)![1]).toBe(/,i=(\d+)$/.exec(real)![1]);
    expect(Buffer.from(/s=([^,]+)/.exec(fake)![1]!, 'base64').length).toBe(Buffer.from(/s=([^,]+)/.exec(real)![1]!, 'base64').length);
  });

  it('m= before the name is refused as unsupported; m= or a second n= after it is malformed', async () => {
    const b = backend({});
    expect(await scramSha256().start(b).exchange.step(Buffer.from('n,,m=ext,n=user,r=a'))).toMatchObject({ reason: 'unsupported' });
    for (const bad of ['n,,n=user,m=ext,r=a', 'n,,n=user,r=a,m=ext', 'n,,n=user,r=a,n=admin']) {
      expect(await scramSha256().start(b).exchange.step(Buffer.from(bad)), bad).toMatchObject({ reason: 'malformed' });
    }
  });
});
