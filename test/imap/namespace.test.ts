// RFC 2342 name translation (src/imap/namespace.ts): a client's name to {owner, name in the
// owner's store} and back, and the names that can never be mailboxes.
import { describe, expect, it } from 'vitest';
import { isNamespaceNode, isReservedName, NAMESPACE_RESPONSE, resolveName, visibleName } from '../../src/imap/namespace.js';
import type { Session } from '../../src/imap/session.js';
import type { User } from '../../src/store/types.js';

const alice: User = { id: 1, name: 'alice', kind: 'user' };
const bob: User = { id: 2, name: 'bob', kind: 'user' };
const svc: User = { id: 3, name: 'pf', kind: 'service' };
const pub: User = { id: 4, name: 'public', kind: 'shared' };
const odd: User = { id: 5, name: 'Jörg Ω', kind: 'user' };

const session = {
  user: alice,
  store: { getUser: async (name: string) => [alice, bob, svc, pub, odd].find((u) => u.name === name) ?? null },
} as unknown as Session;

describe('namespaces', () => {
  it('NAMESPACE: personal "", other users "Other Users/", shared "Shared/", all with "/"', () => {
    expect(NAMESPACE_RESPONSE).toBe('* NAMESPACE (("" "/")) (("Other Users/" "/")) (("Shared/" "/"))');
  });

  it.each([
    ['INBOX', alice, 'INBOX', true],
    ['Work/2026', alice, 'Work/2026', true],
    ['Other Users/bob/INBOX', bob, 'INBOX', false],
    ['Other Users/bob/inbox', bob, 'INBOX', false],
    ['Other Users/bob/Inbox/sub', bob, 'INBOX/sub', false], // as the parser spells a personal inbox/sub (RFC 3501 §5.1)
    ['Other Users/bob/a/b', bob, 'a/b', false],
    ['Other Users/bob', bob, '', false],
    ['Other Users/pf/INBOX', svc, 'INBOX', false],
    ['Other Users/Jörg Ω/x', odd, 'x', false],
    ['Shared/public/News', pub, 'News', false],
    ['Shared/public', pub, '', false],
  ])('%j names %s\'s %j', async (name, owner, inStore, personal) => {
    expect(await resolveName(session, name)).toEqual({ owner, name: inStore, personal });
  });

  it.each([
    'Other Users',
    'Other Users/',
    'Other Users//x',
    'Other Users/alice/INBOX', // one's own account is never reached this way
    'Other Users/nobody/INBOX',
    'Other Users/public/INBOX', // a shared account is in Shared/
    'Shared',
    'Shared/bob/INBOX', // a user account is in Other Users/
    'Shared/nobody/x',
  ])('%j names nothing', async (name) => {
    expect(await resolveName(session, name)).toBeNull();
  });

  it('names are case-sensitive apart from INBOX: "other users/bob/x" is a personal name', async () => {
    expect(await resolveName(session, 'other users/bob/x')).toEqual({ owner: alice, name: 'other users/bob/x', personal: true });
    expect(await resolveName(session, 'Other Users/Bob/x')).toBeNull();
  });

  it('the reverse: the name a user sees for a mailbox of an owner', () => {
    expect(visibleName(alice, alice, 'Box')).toBe('Box');
    expect(visibleName(alice, bob, 'Box/sub')).toBe('Other Users/bob/Box/sub');
    expect(visibleName(bob, alice, 'INBOX')).toBe('Other Users/alice/INBOX');
    expect(visibleName(alice, pub, 'News')).toBe('Shared/public/News');
  });

  it('reserved names and namespace nodes', () => {
    for (const name of ['Other Users', 'Other Users/x', 'Shared', 'Shared/x/y']) expect(isReservedName(name), name).toBe(true);
    for (const name of ['Other', 'Other Usersx', 'Sharedx', 'INBOX/Shared']) expect(isReservedName(name), name).toBe(false);
    for (const name of ['Other Users', 'Other Users/', 'Other Users/bob', 'Shared', 'Shared/public']) expect(isNamespaceNode(name), name).toBe(true);
    for (const name of ['Other Users/bob/x', 'Shared/public/x', 'Box', 'Sharedx']) expect(isNamespaceNode(name), name).toBe(false);
  });
});
