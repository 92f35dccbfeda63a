// The UID runs SELECT reads (migration 5's triggers) always equal the mailbox's real UIDs,
// whatever mix of APPEND, EXPUNGE, MOVE, COPY and DELETE made them; and the migration's
// backfill computes them for a database that already holds messages.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { makeHarness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.cleanup();
  h = undefined;
});

/** Inclusive runs of consecutive numbers, from ascending numbers. */
function runsOf(uids: number[]): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (const uid of uids) {
    const last = out[out.length - 1];
    if (last && uid === last[1] + 1) last[1] = uid;
    else out.push([uid, uid]);
  }
  return out;
}

type Op = { kind: 'append'; count: number } | { kind: 'expunge' | 'move' | 'copy'; picks: number[] };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('append' as const), count: fc.integer({ min: 1, max: 6 }) }),
  fc.record({ kind: fc.constantFrom('expunge' as const, 'move' as const, 'copy' as const), picks: fc.array(fc.nat(), { minLength: 1, maxLength: 4 }) }),
);

describe('UID runs', () => {
  it('match the mailbox after any sequence of changes', async () => {
    h = await makeHarness();
    const user = await h.store.createUser('runs', 'password');
    let round = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 25 }), async (ops) => {
        const store = h!.store;
        const a = await store.createMailbox(user.id, `a${round}`);
        const b = await store.createMailbox(user.id, `b${round++}`);
        for (const o of ops) {
          const uids = (await store.listMessages(a.id)).map((m) => m.uid);
          if (o.kind === 'append') {
            await store.appendMany(a.id, Array.from({ length: o.count }, (_, i) => ({ data: Buffer.from(`Subject: ${i}\r\n\r\nx\r\n`), flags: [] })));
            continue;
          }
          if (uids.length === 0) continue;
          const picked = [...new Set(o.picks.map((p) => uids[p % uids.length]!))];
          if (o.kind === 'expunge') {
            await store.storeFlags(a.id, picked, 'add', ['\\Deleted']);
            await store.expunge(a.id, picked);
          } else if (o.kind === 'move') await store.move(a.id, picked, b.id);
          else await store.copy(a.id, picked, b.id);
        }
        for (const box of [a, b]) {
          const uids = (await store.listMessages(box.id)).map((m) => m.uid);
          expect((await store.mailboxSummary(box.id)).runs).toEqual(runsOf(uids));
        }
        await store.deleteMailbox(user.id, b.name);
      }),
      { numRuns: 40 },
    );
  });

  it('are computed for existing messages when migration 5 runs', async () => {
    h = await makeHarness();
    const user = await h.store.createUser('backfill', 'password');
    const box = await h.store.createMailbox(user.id, 'Old');
    await h.store.appendMany(box.id, Array.from({ length: 20 }, (_, i) => ({ data: Buffer.from(`Subject: ${i}\r\n\r\nx\r\n`), flags: [] })));
    await h.store.storeFlags(box.id, [3, 4, 10, 20], 'add', ['\\Deleted']);
    await h.store.expunge(box.id);
    // Take the database back to before migration 5, as an older server left it (undoing 6 first).
    const db = h.sql();
    db.exec('DROP TABLE psk; DROP TABLE acl; ALTER TABLE users DROP COLUMN scram; ALTER TABLE users DROP COLUMN kind;');
    db.exec('DROP TRIGGER uid_runs_insert; DROP TRIGGER uid_runs_delete; DROP INDEX messages_keywords; DROP TABLE uid_runs; PRAGMA user_version = 4;');
    db.close();
    const store = await h.reopen();
    expect((await store.mailboxSummary(box.id)).runs).toEqual([
      [1, 2],
      [5, 9],
      [11, 19],
    ]);
    expect((await store.mailboxSummary((await store.getMailbox(user.id, 'INBOX'))!.id)).runs).toEqual([]);
  });
});
