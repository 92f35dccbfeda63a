// Shared set-up for the ACL wire tests: a second and third account beside alice, and logging
// in as any of them.
import { afterEach, beforeAll, expect } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';

export const OTHER_PASSWORD = 'secret-pw';

/** Creates accounts (kind user unless given) on the running test server. */
export async function addAccounts(server: TestServer, accounts: Array<[string, 'user' | 'shared']>): Promise<void> {
  for (const [name, kind] of accounts) await server.server.store.createUser(name, OTHER_PASSWORD, { kind });
}

/** Connects, reads the greeting and logs in as `user` (alice has her own password). */
export async function loginAs(port: number, user: string, password = OTHER_PASSWORD): Promise<RawClient> {
  const c = await RawClient.connect(port);
  await c.next();
  const r = await c.command('L', `LOGIN ${user} ${password}`);
  expect(r[r.length - 1]).toMatch(/^L OK /);
  return c;
}

/**
 * A test file's accounts beside alice (made before its tests), and a login as any of them
 * (alice included); every session opened by a test is closed after it.
 */
export function useAccounts(server: TestServer, accounts: Array<[string, 'user' | 'shared']>): (user: string) => Promise<RawClient> {
  const open: RawClient[] = [];
  beforeAll(() => addAccounts(server, accounts));
  afterEach(() => {
    for (const c of open.splice(0)) c.close();
  });
  return async (user) => {
    const c = await loginAs(server.port, user, user === TEST_USER ? TEST_PASSWORD : undefined);
    open.push(c);
    return c;
  };
}
