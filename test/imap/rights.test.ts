// The rights model (src/imap/rights.ts) and how METADATA applies it (src/imap/metadata-scope.ts).
import { describe, expect, it } from 'vitest';
import { canSetSharedMetadata, canUseMetadata, myRights } from '../../src/imap/rights.js';
import { metadataScope } from '../../src/imap/metadata-scope.js';
import type { Session } from '../../src/imap/session.js';
import type { MailboxInfo } from '../../src/store/types.js';

const box = (id: number, name: string): MailboxInfo => ({
  id, objectId: `M${id}`, name, uidValidity: 1, uidNext: 1, highestModseq: 1, specialUse: null, noselect: false,
});

/** A session of user 1 over a store in which mailbox 10 is user 1's and mailbox 20 user 2's. */
function fakeSession(): Session {
  const owners = new Map([[10, 1], [20, 2]]);
  const mailboxes = new Map([['Mine', box(10, 'Mine')], ['Theirs', box(20, 'Theirs')]]);
  return {
    user: { id: 1, name: 'alice', kind: 'user' },
    store: {
      mailboxOwner: async (id: number) => owners.get(id) ?? null,
      getMailbox: async (_user: number, name: string) => mailboxes.get(name) ?? null,
    },
  } as unknown as Session;
}

describe('rights', () => {
  it('the owner has every right; anyone else none (no sharing yet)', async () => {
    const session = fakeSession();
    expect([...(await myRights(session, box(10, 'Mine')))].join('')).toBe('lrswipkxtea');
    expect((await myRights(session, box(20, 'Theirs'))).size).toBe(0);
    expect((await myRights(session, box(99, 'Gone'))).size).toBe(0);
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

  it('METADATA scope: "" is the server; a mailbox the user cannot see answers as missing', async () => {
    const session = fakeSession();
    expect(await metadataScope(session, '')).toEqual({ mailboxId: null, name: '', rights: new Set() });
    expect(await metadataScope(session, 'Mine')).toMatchObject({ mailboxId: 10, name: 'Mine' });
    const missing = { status: 'NO', code: 'NONEXISTENT', text: 'Mailbox does not exist' };
    expect(await metadataScope(session, 'Theirs')).toEqual(missing);
    expect(await metadataScope(session, 'Nowhere')).toEqual(missing);
  });
});
