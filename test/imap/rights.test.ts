// The rights model (src/imap/rights.ts, RFC 4314 §2, §4) and how METADATA applies it
// (src/imap/metadata-scope.ts).
import { describe, expect, it } from 'vitest';
import {
  canonicalRights,
  canSetSharedMetadata,
  canUseMetadata,
  canWriteMailbox,
  effectiveRights,
  mayChangeFlag,
  myRights,
  parseRights,
  refusal,
  rightsForResponse,
} from '../../src/imap/rights.js';
import { metadataScope } from '../../src/imap/metadata-scope.js';
import type { Session } from '../../src/imap/session.js';
import type { MailboxAccess, MailboxInfo, User } from '../../src/store/types.js';

const alice: User = { id: 1, name: 'alice', kind: 'user' };
const bob: User = { id: 2, name: 'bob', kind: 'user' };

const box = (id: number, name: string): MailboxInfo => ({
  id, objectId: `M${id}`, name, uidValidity: 1, uidNext: 1, highestModseq: 1, specialUse: null, noselect: false,
});

/**
 * A session of alice over a store in which mailbox 10 "Mine" is alice's, and bob's mailboxes
 * 20 "Theirs" (no entry for alice), 21 "Shared" (alice: lr) and 22 "Post" (alice: p only).
 */
function fakeSession(): Session {
  const access = new Map<number, MailboxAccess>([
    [10, { owner: alice, granted: '', denied: '' }],
    [20, { owner: bob, granted: '', denied: '' }],
    [21, { owner: bob, granted: 'lr', denied: '' }],
    [22, { owner: bob, granted: 'p', denied: '' }],
  ]);
  const byName = new Map<string, [User, MailboxInfo]>([
    ['alice/Mine', [alice, box(10, 'Mine')]],
    ['bob/Theirs', [bob, box(20, 'Theirs')]],
    ['bob/Shared', [bob, box(21, 'Shared')]],
    ['bob/Post', [bob, box(22, 'Post')]],
  ]);
  return {
    user: alice,
    store: {
      mailboxAccess: async (_user: number, id: number) => access.get(id) ?? null,
      getUser: async (name: string) => [alice, bob].find((u) => u.name === name) ?? null,
      getMailbox: async (userId: number, name: string) => {
        const owner = userId === 1 ? 'alice' : userId === 2 ? 'bob' : '';
        return byName.get(`${owner}/${name}`)?.[1] ?? null;
      },
    },
  } as unknown as Session;
}

const rights = (s: string): Set<string> => new Set(s);

describe('rights', () => {
  it('the owner has every right, always; anyone else what the entries give', async () => {
    const session = fakeSession();
    expect([...(await myRights(session, box(10, 'Mine')))].join('')).toBe('lrswipkxtea');
    expect((await myRights(session, box(20, 'Theirs'))).size).toBe(0);
    expect(canonicalRights(await myRights(session, box(21, 'Shared')))).toBe('lr');
    expect((await myRights(session, box(99, 'Gone'))).size).toBe(0);
  });

  it('effective rights: (anyone ∪ user) minus (-anyone ∪ -user); negative entries never touch the owner', () => {
    expect(canonicalRights(effectiveRights({ owner: bob, granted: 'lr' + 'rsw', denied: 'w' }, alice.id))).toBe('lrs');
    expect(canonicalRights(effectiveRights({ owner: bob, granted: 'lrswi', denied: 'lrswi' }, alice.id))).toBe('');
    expect(canonicalRights(effectiveRights({ owner: alice, granted: '', denied: 'lrswipkxtea' }, alice.id))).toBe('lrswipkxtea');
  });

  it('rights strings: canonical order, c → k and d → xte (RFC 4314 §2.1.1), unknown letters named', () => {
    expect(canonicalRights('arl')).toBe('lra');
    expect(canonicalRights(parseRights('c') as Set<string>)).toBe('k');
    expect(canonicalRights(parseRights('d') as Set<string>)).toBe('xte');
    expect(canonicalRights(parseRights('lrcd') as Set<string>)).toBe('lrkxte');
    expect(canonicalRights(parseRights('') as Set<string>)).toBe('');
    expect(parseRights('lrQ')).toEqual({ unknown: 'Q' });
    expect(parseRights('L')).toEqual({ unknown: 'L' });
    expect(parseRights('l1')).toEqual({ unknown: '1' });
  });

  it('rights in MYRIGHTS and ACL responses: canonical order, then c when k is there, d when one of x t e is (RFC 4314 §2.1.1)', () => {
    expect(rightsForResponse('')).toBe('');
    expect(rightsForResponse('lr')).toBe('lr');
    expect(rightsForResponse('k')).toBe('kc');
    expect(rightsForResponse('t')).toBe('td');
    expect(rightsForResponse('lrswipkxtea')).toBe('lrswipkxteacd');
    expect(rightsForResponse('xe')).toBe('xed');
    expect(rightsForResponse('ekx')).toBe('kxecd');
    expect(rightsForResponse(new Set('al'))).toBe('la');
  });

  it('rightsForResponse for every set of rights: each right once in canonical order, c iff k, d iff one of x t e', () => {
    const order = 'lrswipkxtea';
    for (let mask = 0; mask < 1 << order.length; mask++) {
      const have = [...order].filter((_, i) => (mask >> i) & 1);
      const expected = have.join('') + (have.includes('k') ? 'c' : '') + (have.some((r) => 'xte'.includes(r)) ? 'd' : '');
      // Given in reverse, so the order of the answer cannot come from the input.
      expect(rightsForResponse([...have].reverse()), have.join('')).toBe(expected);
    }
  });

  it('refusals: lacking a right, invisible (neither l nor r) as missing, visible NOPERM; with the rights none', () => {
    const missing = { status: 'NO' as const, code: 'NONEXISTENT', text: 'Mailbox does not exist' };
    expect(refusal(rights('ipktea'), 'x', missing)).toBe(missing);
    // A right works without l or r (RFC 4314 §4: i alone posts into a mailbox one cannot see).
    expect(refusal(rights('i'), 'i', missing)).toBeNull();
    expect(refusal(rights('te'), 'te', missing)).toBeNull();
    expect(refusal(rights('l'), 'r', missing)).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(refusal(rights('r'), 'a', missing)).toMatchObject({ status: 'NO', code: 'NOPERM' });
    expect(refusal(rights('lr'), 'r', missing)).toBeNull();
    expect(refusal(rights('r'), '', missing)).toBeNull();
    expect(refusal(rights(''), '', missing)).toBe(missing);
  });

  it('flags: \\Seen needs s, \\Deleted t, every other flag and keyword w (RFC 4314 §4)', () => {
    expect(mayChangeFlag(rights('s'), '\\Seen')).toBe(true);
    expect(mayChangeFlag(rights('s'), '\\SEEN')).toBe(true);
    expect(mayChangeFlag(rights('tw'), '\\Seen')).toBe(false);
    expect(mayChangeFlag(rights('t'), '\\Deleted')).toBe(true);
    expect(mayChangeFlag(rights('sw'), '\\Deleted')).toBe(false);
    for (const flag of ['\\Answered', '\\Flagged', '\\Draft', '$Forwarded', 'custom']) {
      expect(mayChangeFlag(rights('w'), flag), flag).toBe(true);
      expect(mayChangeFlag(rights('st'), flag), flag).toBe(false);
    }
  });

  it('SELECT is read-write with any of i e s w t', () => {
    for (const r of 'iesw' + 't') expect(canWriteMailbox(rights(`lr${r}`)), r).toBe(true);
    expect(canWriteMailbox(rights('lrpkxa'))).toBe(false);
  });

  it('RFC 5464 §3.3: l and one of r s w i p to use entries; /shared also needs w', () => {
    expect(canUseMetadata(new Set('l'))).toBe(false);
    expect(canUseMetadata(new Set('r'))).toBe(false);
    for (const r of 'rswip') expect(canUseMetadata(new Set(['l', r])), r).toBe(true);
    expect(canUseMetadata(new Set('lkxtea'))).toBe(false);
    expect(canSetSharedMetadata(new Set('lr'))).toBe(false);
    expect(canSetSharedMetadata(new Set('lw'))).toBe(true);
    expect(canSetSharedMetadata(new Set('w'))).toBe(false);
  });

  it('METADATA scope: "" is the server; invisible answers as missing, visible without the rights NOPERM', async () => {
    const session = fakeSession();
    expect(await metadataScope(session, '')).toEqual({ mailboxId: null, name: '', rights: new Set() });
    expect(await metadataScope(session, 'Mine')).toMatchObject({ mailboxId: 10, name: 'Mine' });
    expect(await metadataScope(session, 'Other Users/bob/Shared')).toMatchObject({ mailboxId: 21, name: 'Other Users/bob/Shared' });
    const missing = { status: 'NO', code: 'NONEXISTENT', text: 'Mailbox does not exist' };
    expect(await metadataScope(session, 'Theirs')).toEqual(missing);
    expect(await metadataScope(session, 'Other Users/bob/Theirs')).toEqual(missing);
    expect(await metadataScope(session, 'Other Users/bob/Post')).toEqual(missing);
    expect(await metadataScope(session, 'Other Users/alice/Mine')).toEqual(missing);
    expect(await metadataScope(session, 'Nowhere')).toEqual(missing);
  });
});
