// The CPM synchronisation procedure (seed 001_… §6.7, §6.8; RFC 7162 §3.2, §6): a client that
// keeps a local copy of every folder must, after any mix of changes made by another client
// while it was offline or waiting in IDLE, end with exactly the server's state: per folder
// UIDVALIDITY, MAILBOXID, name, and uid -> flags and EMAILID. The server's state is read
// through the store API, not through IMAP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';
import { CpmSyncClient, type LocalFolder, type SyncMode } from './cpm-sync-client.js';

let server: TestServer;
let userId: number;
beforeAll(async () => {
  server = await startTestServer();
  const users = await server.server.store.listUsers();
  userId = users.find((u) => u.name === TEST_USER)!.id;
});
afterAll(async () => {
  await server.stop();
});

interface FolderState {
  name: string;
  uidValidity: number;
  messages: Record<number, { flags: string[]; emailId: string }>;
}

/** Every selectable folder of the account, by MAILBOXID, as the store has it. */
async function serverState(): Promise<Record<string, FolderState>> {
  const store = server.server.store;
  const out: Record<string, FolderState> = {};
  for (const mb of await store.listMailboxes(userId)) {
    if (mb.noselect) continue;
    const messages: FolderState['messages'] = {};
    for (const m of await store.listMessages(mb.id)) messages[m.uid] = { flags: [...m.flags].sort(), emailId: m.emailId };
    out[mb.objectId] = { name: mb.name, uidValidity: mb.uidValidity, messages };
  }
  return out;
}

function localFolderState(f: LocalFolder): FolderState {
  const messages: FolderState['messages'] = {};
  for (const [uid, m] of f.messages) messages[uid] = { flags: [...m.flags].sort(), emailId: m.emailId };
  return { name: f.name, uidValidity: f.uidValidity, messages };
}

function localState(client: CpmSyncClient): Record<string, FolderState> {
  const out: Record<string, FolderState> = {};
  for (const [id, f] of client.folders) out[id] = localFolderState(f);
  return out;
}

async function highestModseqs(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const mb of await server.server.store.listMailboxes(userId)) out.set(mb.objectId, mb.highestModseq);
  return out;
}

/** A small, seeded PRNG (mulberry32): the same rounds on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The other device: makes changes over plain IMAP (no CONDSTORE, no QRESYNC). */
class Mutator {
  private n = 0;
  private folderNo = 0;
  private constructor(private readonly c: RawClient) {}

  static async connect(prefix: string): Promise<Mutator> {
    const c = await RawClient.connect(server.port);
    await c.next();
    const m = new Mutator(c);
    m.prefix = prefix;
    await m.ok(`LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    return m;
  }

  prefix = 'm';

  async run(command: string): Promise<string[]> {
    const tag = `m${++this.n}`;
    return this.c.command(tag, command);
  }

  async ok(command: string): Promise<string[]> {
    const got = await this.run(command);
    expect(got[got.length - 1], `${command}\n${got.join('')}`).toMatch(/^m\d+ OK /);
    return got;
  }

  async append(folder: string, subject: string, flags: string[]): Promise<void> {
    const text = `From: bob@example.com\r\nSubject: ${subject}\r\nMessage-ID: <${subject}@example.com>\r\n\r\nHi.\r\n`;
    await this.ok(`APPEND "${folder}" (${flags.join(' ')}) {${Buffer.byteLength(text)}+}\r\n${text}`);
  }

  newName(): string {
    return `${this.prefix}${++this.folderNo}`;
  }

  close(): void {
    this.c.close();
  }
}

const FLAGS = ['\\Seen', '\\Flagged', '\\Answered', '$Important'];

function pick<T>(rng: () => number, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

function subset<T>(rng: () => number, items: readonly T[], p = 0.4): T[] {
  return items.filter(() => rng() < p);
}

/** One random change in the account. */
async function mutate(rng: () => number, m: Mutator): Promise<string> {
  const store = server.server.store;
  const boxes = (await store.listMailboxes(userId)).filter((b) => !b.noselect && b.name.startsWith(m.prefix) || b.name === 'INBOX');
  const box = pick(rng, boxes);
  const uids = (await store.listMessages(box.id)).map((x) => x.uid);
  const others = boxes.filter((b) => b.id !== box.id);
  const r = rng();
  const some = (): number[] => {
    const s = subset(rng, uids, 0.3);
    return s.length ? s : [pick(rng, uids)];
  };
  if (r < 0.3 || uids.length === 0) {
    await m.append(box.name, `msg-${Math.floor(rng() * 1e9)}`, subset(rng, FLAGS));
    return `APPEND ${box.name}`;
  }
  if (r < 0.5) {
    const sel = some();
    await m.ok(`SELECT "${box.name}"`);
    const op = pick(rng, ['+FLAGS', '-FLAGS', 'FLAGS']);
    await m.ok(`UID STORE ${sel.join(',')} ${op} (${subset(rng, FLAGS, 0.5).join(' ')})`);
    await m.ok('UNSELECT');
    return `STORE ${box.name}`;
  }
  if (r < 0.62) {
    const sel = some();
    await m.ok(`SELECT "${box.name}"`);
    await m.ok(`UID STORE ${sel.join(',')} +FLAGS.SILENT (\\Deleted)`);
    await m.ok(rng() < 0.5 ? 'EXPUNGE' : `UID EXPUNGE ${sel.join(',')}`);
    await m.ok('UNSELECT');
    return `EXPUNGE ${box.name}`;
  }
  if (r < 0.77 && others.length > 0) {
    const sel = some();
    const dest = pick(rng, others);
    const verb = rng() < 0.7 ? 'MOVE' : 'COPY';
    await m.ok(`SELECT "${box.name}"`);
    await m.ok(`UID ${verb} ${sel.join(',')} "${dest.name}"`);
    await m.ok('UNSELECT');
    return `${verb} ${box.name} -> ${dest.name}`;
  }
  const mine = boxes.filter((b) => b.name !== 'INBOX');
  if (r < 0.85 && mine.length > 0) {
    // Now and then RENAME INBOX: its messages move to a new folder, INBOX stays, empty (RFC 3501 §6.3.5).
    const from = rng() < 0.15 || mine.length === 0 ? boxes.find((b) => b.name === 'INBOX')! : pick(rng, mine);
    const to = m.newName();
    await m.ok(`RENAME "${from.name}" "${to}"`);
    return `RENAME ${from.name} ${to}`;
  }
  if (r < 0.92 && mine.length > 1) {
    const gone = pick(rng, mine);
    await m.ok(`DELETE "${gone.name}"`);
    return `DELETE ${gone.name}`;
  }
  if (mine.length < 5) {
    const name = m.newName();
    await m.ok(`CREATE "${name}"`);
    if (rng() < 0.5) await m.append(name, `first-${name}`, subset(rng, FLAGS));
    return `CREATE ${name}`;
  }
  await m.append(box.name, `msg-${Math.floor(rng() * 1e9)}`, subset(rng, FLAGS));
  return `APPEND ${box.name}`;
}

/** The local copy restricted to the test's folders (INBOX and those named with the prefix). */
function only(state: Record<string, FolderState>, prefix: string): Record<string, FolderState> {
  return Object.fromEntries(Object.entries(state).filter(([, f]) => f.name === 'INBOX' || f.name.startsWith(prefix)));
}

/** The commands a sync sent for one folder: those after its SELECT, up to the next SELECT. */
function commandsFor(trace: string[], name: string): string[] {
  const at = trace.findIndex((c) => c.startsWith(`SELECT "${name}"`));
  expect(at, trace.join('\n')).toBeGreaterThanOrEqual(0);
  const rest = trace.slice(at + 1);
  const end = rest.findIndex((c) => c.startsWith('SELECT') || c.startsWith('LIST'));
  return end < 0 ? rest : rest.slice(0, end);
}

describe('CPM §6.7 synchronisation procedure, step by step', () => {
  it('new UIDs above the last known, VANISHED through the UID FETCH modifier, \\Seen by the shorter search', async () => {
    const m = await Mutator.connect('p');
    await m.ok('CREATE p-a');
    for (let i = 0; i < 6; i++) await m.append('p-a', `p-a-${i}`, i < 5 ? ['\\Seen'] : []);
    const client = new CpmSyncClient(server.port, 'cpm');
    await client.connect();
    await client.syncAll();
    expect(only(localState(client), 'p')).toEqual(only(await serverState(), 'p'));

    // Nothing new: `UID FETCH n+1:*` still returns the last message, which must not be taken as new.
    await m.ok('SELECT p-a');
    await m.ok('UID STORE 1 -FLAGS (\\Seen)');
    await m.ok('UID STORE 2 +FLAGS (\\Deleted)');
    await m.ok('EXPUNGE');
    await m.ok('UNSELECT');
    await client.syncAll();
    const forA = commandsFor(client.trace, 'p-a');
    expect(forA).toHaveLength(3);
    expect(forA[0]).toBe('UID FETCH 7:* (UID FLAGS EMAILID)'); // step 1
    expect(forA[1]).toMatch(/^UID FETCH 1:6 \(FLAGS\) \(CHANGEDSINCE \d+ VANISHED\)$/); // step 2
    expect(forA[2]).toBe('UID SEARCH UNSEEN UID 1:6'); // step 3a: most are seen
    expect(only(localState(client), 'p')).toEqual(only(await serverState(), 'p'));

    // Mostly unseen now: the client searches SEEN instead.
    await m.ok('SELECT p-a');
    await m.ok('UID STORE 3:6 -FLAGS (\\Seen)');
    await m.ok('UNSELECT');
    await client.syncAll();
    await m.ok('SELECT p-a');
    await m.ok('UID STORE 4 +FLAGS (\\Seen)');
    await m.ok('UNSELECT');
    await client.syncAll();
    expect(commandsFor(client.trace, 'p-a')).toContain('UID SEARCH SEEN UID 1:6'); // mostly unseen now
    expect(only(localState(client), 'p')).toEqual(only(await serverState(), 'p'));

    // Rename and delete: followed by MAILBOXID, not by name.
    const idA = [...client.folders.values()].find((f) => f.name === 'p-a')!.mailboxId;
    await m.ok('RENAME p-a p-b');
    await m.ok('CREATE p-a');
    await client.syncAll();
    expect(client.folders.get(idA)!.name).toBe('p-b');
    expect(only(localState(client), 'p')).toEqual(only(await serverState(), 'p'));
    await m.ok('DELETE p-b');
    await m.ok('DELETE p-a');
    await client.syncAll();
    expect(client.folders.has(idA)).toBe(false);
    expect(only(localState(client), 'p')).toEqual(only(await serverState(), 'p'));
    await client.logout();
    m.close();
  });

  it('the QRESYNC client learns the same through SELECT (QRESYNC (uidvalidity modseq known-uids))', async () => {
    const m = await Mutator.connect('q');
    await m.ok('CREATE q-a');
    for (let i = 0; i < 5; i++) await m.append('q-a', `q-a-${i}`, ['\\Seen']);
    const client = new CpmSyncClient(server.port, 'qresync');
    await client.connect();
    await client.syncAll();
    await m.ok('SELECT q-a');
    await m.ok('UID STORE 2 -FLAGS (\\Seen)');
    await m.ok('UID STORE 4 +FLAGS (\\Deleted)');
    await m.ok('EXPUNGE');
    await m.ok('UNSELECT');
    await m.append('q-a', 'q-a-new', []);
    client.disconnect();
    await client.connect();
    await client.syncAll();
    expect(client.trace.some((c) => /^SELECT "q-a" \(QRESYNC \(\d+ \d+ 1:5\)\)$/.test(c))).toBe(true);
    expect(client.trace).toContain('UID FETCH 6:* (UID FLAGS EMAILID)');
    expect(client.trace.some((c) => c.includes('CHANGEDSINCE'))).toBe(false);
    expect(only(localState(client), 'q')).toEqual(only(await serverState(), 'q'));
    await client.logout();
    m.close();
  });
});

async function randomRounds(mode: SyncMode, seed: number, rounds: number): Promise<void> {
  const prefix = mode === 'cpm' ? 'rc' : 'rq';
  const rng = prng(seed);
  const m = await Mutator.connect(prefix);
  for (let i = 0; i < 3; i++) {
    const name = m.newName();
    await m.ok(`CREATE ${name}`);
    for (let j = 0; j < 4; j++) await m.append(name, `${name}-${j}`, subset(rng, FLAGS));
  }
  const client = new CpmSyncClient(server.port, mode);
  await client.connect();
  await client.syncAll();
  const log: string[] = [];
  const stats = { online: 0, offline: 0, pushes: 0, idledGone: 0 };
  for (let round = 0; round < rounds; round++) {
    const online = rng() < 0.6;
    stats[online ? 'online' : 'offline']++;
    let idled: string | null = null;
    if (online) {
      if (!client.online) {
        await client.connect();
        await client.syncAll();
      }
      const candidates = [...client.folders.values()].filter((f) => f.name === 'INBOX' || f.name.startsWith(prefix));
      idled = pick(rng, candidates).mailboxId;
      await client.startIdle(idled);
    } else {
      client.disconnect();
    }
    const before = await highestModseqs();
    const changes = 1 + Math.floor(rng() * 5);
    for (let k = 0; k < changes; k++) log.push(`round ${round}: ${await mutate(rng, m)}`);
    const where = `${mode} seed ${seed}, ${online ? `online in IDLE on ${idled}` : 'offline'}:\n${log.slice(-12).join('\n')}`;
    if (idled) {
      const after = await highestModseqs();
      // IDLE must report a change to the idled folder within a short time (RFC 2177, §6.8).
      if (!after.has(idled) || after.get(idled) !== before.get(idled)) {
        expect(await client.awaitPush(2000), `no IDLE report; ${where}`).toBe(true);
        stats.pushes++;
      }
      if (!(await client.stopIdle())) stats.idledGone++;
      else {
        // What IDLE reported (plus the new messages it announced) already equals the server.
        const server = (await serverState())[idled];
        // (The name is learnt through LIST, at the resync.)
        if (server) expect(localFolderState(client.folders.get(idled)!), `after IDLE; ${where}`).toEqual({ ...server, name: client.folders.get(idled)!.name });
      }
    }
    if (!client.online) await client.connect();
    await client.syncAll();
    expect(only(localState(client), prefix), `after resync; ${where}`).toEqual(only(await serverState(), prefix));
  }
  // The seed must have exercised every kind of change, online and offline rounds, and IDLE reports.
  const kinds = new Set(log.map((l) => l.split(': ')[1]!.split(' ')[0]!));
  for (const kind of ['APPEND', 'STORE', 'EXPUNGE', 'MOVE', 'COPY', 'RENAME', 'DELETE', 'CREATE']) expect(kinds, kind).toContain(kind);
  expect(log.some((l) => l.includes('RENAME INBOX')), 'RENAME INBOX').toBe(true);
  expect(stats.online, 'online rounds').toBeGreaterThan(5);
  expect(stats.offline, 'offline rounds').toBeGreaterThan(5);
  expect(stats.pushes, 'rounds with an IDLE report').toBeGreaterThan(3);
  await client.logout();
  m.close();
}

describe('randomized rounds: another client changes folders while the syncing client is online in IDLE or offline', () => {
  it('the §6.7 client ends every round with exactly the server state', async () => {
    await randomRounds('cpm', 0x5eed01, 100);
  });

  it('the QRESYNC client ends every round with exactly the server state', async () => {
    await randomRounds('qresync', 0x5eed02, 100);
  });
});
