// A small CPM Message Storage Client for tests: keeps a local copy of every folder (per folder
// UIDVALIDITY, MAILBOXID, HIGHESTMODSEQ, uid -> flags and EMAILID) and brings it up to date the
// way OMA CPM (seed 001_… §6.7) and RFC 7162 §6 describe. Two ways to resync a folder:
// - 'cpm': SELECT; new messages through `UID FETCH n+1:*`; expunges and flag changes through
//   `UID FETCH 1:n (FLAGS) (CHANGEDSINCE m VANISHED)`; \Seen by searching the shorter list.
// - 'qresync': `SELECT folder (QRESYNC (uidvalidity modseq known-uids))`, then new messages.
// Online it waits in IDLE on one folder and applies the EXISTS / FETCH / VANISHED it is sent.
// Every server response goes through RawClient, so it is checked against grammar/.
import { RawClient } from '../support/imap-client.js';
import { TEST_PASSWORD, TEST_USER } from '../support/server.js';

export interface LocalMessage {
  flags: Set<string>;
  emailId: string;
}

export interface LocalFolder {
  name: string;
  mailboxId: string;
  uidValidity: number;
  highestModseq: number;
  messages: Map<number, LocalMessage>;
}

export type SyncMode = 'cpm' | 'qresync';

export class SyncError extends Error {}

function fail(message: string, responses: string[] = []): never {
  throw new SyncError(`${message}\n${responses.join('')}`);
}

/** The flags of a FETCH response (\Recent is session state, not synchronised). */
function parseFlags(text: string): Set<string> {
  return new Set(text.split(' ').filter((f) => f !== '' && f.toLowerCase() !== '\\recent'));
}

interface FetchData {
  seq: number;
  uid?: number;
  flags?: Set<string>;
  emailId?: string;
  modseq?: number;
}

function parseFetch(line: string): FetchData | null {
  const m = /^\* (\d+) FETCH \((.*)\)\r\n$/s.exec(line);
  if (!m) return null;
  const body = m[2]!;
  const out: FetchData = { seq: Number(m[1]) };
  const uid = /(?:^| )UID (\d+)/.exec(body);
  if (uid) out.uid = Number(uid[1]);
  const flags = /(?:^| )FLAGS \(([^)]*)\)/.exec(body);
  if (flags) out.flags = parseFlags(flags[1]!);
  const emailId = /(?:^| )EMAILID \(([^)]+)\)/.exec(body);
  if (emailId) out.emailId = emailId[1]!;
  const modseq = /(?:^| )MODSEQ \((\d+)\)/.exec(body);
  if (modseq) out.modseq = Number(modseq[1]);
  return out;
}

/** Expands an IMAP UID set (`1:3,7`) with no `*`. */
export function expandSet(set: string): number[] {
  const out: number[] = [];
  for (const part of set.split(',')) {
    const [a, b] = part.split(':').map(Number) as [number, number | undefined];
    const lo = Math.min(a, b ?? a);
    const hi = Math.max(a, b ?? a);
    for (let u = lo; u <= hi; u++) out.push(u);
  }
  return out;
}

/** Compresses ascending UIDs into a UID set. */
export function compressSet(uids: readonly number[]): string {
  const sorted = [...uids].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}:${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

function unquote(name: string): string {
  if (name.startsWith('"')) return name.slice(1, -1).replace(/\\(["\\])/g, '$1');
  return name;
}

export class CpmSyncClient {
  /** The local copy, by MAILBOXID (stable across RENAME, RFC 8474). */
  readonly folders = new Map<string, LocalFolder>();
  private conn: RawClient | null = null;
  private tagNo = 0;
  /** The folder waited on in IDLE. */
  private idleFolder: LocalFolder | null = null;
  private idleTag = '';
  /** Untagged responses received in IDLE, in order. */
  idleResponses: string[] = [];
  /** Commands sent during the last sync, for tests of the procedure. */
  trace: string[] = [];

  constructor(
    private readonly port: number,
    readonly mode: SyncMode,
  ) {}

  get online(): boolean {
    return this.conn !== null;
  }

  private tag(): string {
    return `s${++this.tagNo}`;
  }

  /** Sends a command; returns its responses; a tagged status other than OK is a failure unless allowed. */
  private async run(command: string, allowNo = false): Promise<string[]> {
    const conn = this.conn ?? fail('offline');
    const tag = this.tag();
    this.trace.push(command);
    const got = await conn.command(tag, command);
    const last = got[got.length - 1]!;
    if (!last.startsWith(`${tag} OK`) && !(allowNo && last.startsWith(`${tag} NO`))) fail(`${command} failed`, got);
    // With QRESYNC enabled, EXPUNGE must never be used (RFC 7162 §3.2.10.2).
    for (const line of got) if (/^\* \d+ EXPUNGE\r\n$/.test(line)) fail('EXPUNGE after ENABLE QRESYNC', got);
    return got;
  }

  async connect(): Promise<void> {
    const conn = await RawClient.connect(this.port);
    await conn.next();
    this.conn = conn;
    await this.run(`LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
    const en = await this.run('ENABLE QRESYNC');
    if (!en.some((l) => /^\* ENABLED .*QRESYNC/.test(l))) fail('QRESYNC not enabled', en);
  }

  /** Goes offline without a word (a device losing its network). */
  disconnect(): void {
    this.conn?.close();
    this.conn = null;
    this.idleFolder = null;
  }

  /** Resynchronises every folder: LIST for names, then each folder by MAILBOXID. */
  async syncAll(): Promise<void> {
    this.trace = [];
    try {
      await this.syncAllOnce();
    } catch (err) {
      // The server ends a session whose selected folder was deleted (`* BYE`): reconnect, start over.
      if (!(err instanceof Error) || !err.message.includes('connection closed')) throw err;
      this.disconnect();
      this.byes++;
      await this.connect();
      await this.syncAllOnce();
    }
  }

  /** Sessions the server ended with BYE while the client was syncing. */
  byes = 0;

  private async syncAllOnce(): Promise<void> {
    const list = await this.run('LIST "" "*"');
    const names: string[] = [];
    for (const line of list) {
      const m = /^\* LIST \(([^)]*)\) (?:"[^"]*"|NIL) (.+)\r\n$/.exec(line);
      if (!m) continue;
      if (/\\Noselect|\\NonExistent/i.test(m[1]!)) continue;
      names.push(unquote(m[2]!));
    }
    const seen = new Set<string>();
    for (const name of names) {
      const id = await this.syncFolder(name);
      if (id) seen.add(id);
    }
    // Folders the server no longer has (deleted, or a RENAME took their place) go.
    for (const id of [...this.folders.keys()]) if (!seen.has(id)) this.folders.delete(id);
  }

  /** SELECT (plain, or with QRESYNC for a folder known locally); returns what the select said. */
  private async select(name: string, known?: LocalFolder): Promise<{ got: string[]; uidValidity: number; mailboxId: string; modseq: number; local: LocalFolder | undefined }> {
    // Which local folder this name was, as far as the client knows (a rename keeps MAILBOXID,
    // so the name is only a guess; the MAILBOXID the server answers decides).
    const guess = known ?? [...this.folders.values()].find((f) => f.name === name);
    let command = `SELECT "${name}"`;
    if (this.mode === 'qresync' && guess) {
      const known = compressSet([...guess.messages.keys()]);
      command += ` (QRESYNC (${guess.uidValidity} ${guess.highestModseq}${known ? ` ${known}` : ''}))`;
    }
    const got = await this.run(command, true);
    if (!got[got.length - 1]!.includes(' OK ')) return { got, uidValidity: 0, mailboxId: '', modseq: 0, local: undefined };
    const text = got.join('');
    const uidValidity = Number(/\[UIDVALIDITY (\d+)\]/.exec(text)?.[1] ?? fail('no UIDVALIDITY', got));
    const mailboxId = /\[MAILBOXID \(([^)]+)\)\]/.exec(text)?.[1] ?? fail('no MAILBOXID', got);
    const modseq = Number(/\[HIGHESTMODSEQ (\d+)\]/.exec(text)?.[1] ?? fail('no HIGHESTMODSEQ', got));
    let local = this.folders.get(mailboxId);
    if (local && local.uidValidity !== uidValidity) {
      // RFC 7162 §6 step 1a: another UIDVALIDITY empties the cache of the folder.
      this.folders.delete(mailboxId);
      local = undefined;
    }
    if (local) local.name = name;
    if (this.mode === 'qresync' && local && guess !== local) {
      // Renamed (or the name now belongs to another folder): select again, with what the
      // client knows of the folder this really is.
      return this.select(name, local);
    }
    if (this.mode === 'qresync' && local) {
      // SELECT (QRESYNC) answered VANISHED (EARLIER) and FETCH (UID FLAGS MODSEQ) of what changed.
      this.applyUntagged(local, got, true);
    }
    return { got, uidValidity, mailboxId, modseq, local };
  }

  /** Resynchronises one folder; returns its MAILBOXID, or null if it vanished meanwhile. */
  async syncFolder(name: string): Promise<string | null> {
    const sel = await this.select(name);
    if (!sel.mailboxId) return null;
    let local = sel.local;
    if (!local) {
      // A folder new to the client (or one whose UIDVALIDITY changed): fetch it whole.
      local = { name, mailboxId: sel.mailboxId, uidValidity: sel.uidValidity, highestModseq: 0, messages: new Map() };
      this.folders.set(sel.mailboxId, local);
      await this.fetchNew(local, 0);
      local.highestModseq = sel.modseq;
      return local.mailboxId;
    }
    if (sel.modseq === local.highestModseq) return local.mailboxId; // nothing changed (RFC 7162 §6)
    const lastUid = Math.max(0, ...local.messages.keys());
    // §6.7 step 1: new messages, UIDs above the last one known.
    await this.fetchNew(local, lastUid);
    if (this.mode === 'cpm' && lastUid > 0) {
      // §6.7 step 2: expunges (and flag changes) through the VANISHED UID FETCH modifier.
      const got = await this.run(`UID FETCH 1:${lastUid} (FLAGS) (CHANGEDSINCE ${local.highestModseq} VANISHED)`);
      this.applyUntagged(local, got, true);
      // §6.7 step 3a: \Seen by searching the list expected to be shorter.
      const seen = [...local.messages.values()].filter((m) => m.flags.has('\\Seen')).length;
      const searchUnseen = seen >= local.messages.size - seen;
      const search = await this.run(`UID SEARCH ${searchUnseen ? 'UNSEEN' : 'SEEN'} UID 1:${lastUid}`);
      const hits = new Set<number>();
      for (const line of search) {
        const m = /^\* SEARCH((?: \d+)*)\r\n$/.exec(line);
        if (m) for (const u of m[1]!.trim().split(' ').filter(Boolean)) hits.add(Number(u));
      }
      for (const [uid, msg] of local.messages) {
        if (uid > lastUid) continue;
        const isSeen = searchUnseen ? !hits.has(uid) : hits.has(uid);
        if (isSeen) msg.flags.add('\\Seen');
        else msg.flags.delete('\\Seen');
      }
    }
    local.highestModseq = sel.modseq;
    return local.mailboxId;
  }

  /** `UID FETCH last+1:* (UID FLAGS EMAILID)`: messages above `lastUid` (and only those). */
  private async fetchNew(local: LocalFolder, lastUid: number): Promise<void> {
    const got = await this.run(`UID FETCH ${lastUid + 1}:* (UID FLAGS EMAILID)`);
    for (const line of got) {
      const f = parseFetch(line);
      if (!f || f.uid === undefined) continue;
      // `n+1:*` names the last message too when nothing is above n (RFC 3501 §6.4.8).
      if (f.uid <= lastUid) continue;
      if (!f.flags || !f.emailId) fail('FETCH without FLAGS or EMAILID', [line]);
      local.messages.set(f.uid, { flags: f.flags, emailId: f.emailId });
    }
  }

  /**
   * Applies untagged VANISHED and FETCH (flags) responses to a folder. `earlier`: VANISHED
   * (EARLIER) is expected (resync); otherwise only VANISHED without it (IDLE, RFC 7162 §3.2.10).
   */
  private applyUntagged(local: LocalFolder, responses: string[], earlier: boolean): { modseq: number; exists: boolean; count: number } {
    let modseq = 0;
    let exists = false;
    // Messages in the session's view (IDLE: the view equals the local copy when IDLE starts).
    let count = local.messages.size;
    const knownMax = Math.max(0, ...local.messages.keys());
    for (const line of responses) {
      const v = /^\* VANISHED (\(EARLIER\) )?([\d:,]+)\r\n$/.exec(line);
      if (v) {
        if (!earlier && v[1]) fail('VANISHED (EARLIER) outside a resync', responses);
        for (const uid of expandSet(v[2]!)) {
          if (!earlier) {
            // RFC 7162 §3.2.10.2: only UIDs visible in the session: known ones, or new ones
            // that an EXISTS announced (above every UID known), each decrementing the count.
            const known = local.messages.has(uid);
            if (!known && !(uid > knownMax && count > local.messages.size)) fail(`VANISHED ${uid}: a UID never announced`, responses);
            count--;
          }
          local.messages.delete(uid);
        }
        continue;
      }
      const e = /^\* (\d+) EXISTS\r\n$/.exec(line);
      if (e) {
        if (!earlier && Number(e[1]) < count) fail('EXISTS below the number of messages without an expunge', responses);
        count = Number(e[1]);
        exists = true;
        continue;
      }
      const f = parseFetch(line);
      if (!f) continue;
      if (f.uid === undefined) fail('unsolicited FETCH without UID after ENABLE QRESYNC', responses);
      if (!earlier && (f.seq < 1 || f.seq > count)) fail(`FETCH for message ${f.seq} of ${count}`, responses);
      if (f.modseq !== undefined) modseq = Math.max(modseq, f.modseq);
      const msg = local.messages.get(f.uid);
      if (msg && f.flags) msg.flags = f.flags;
    }
    return { modseq, exists, count };
  }

  /** Selects a folder (syncing it) and waits in IDLE there. */
  async startIdle(mailboxId: string): Promise<void> {
    const folder = this.folders.get(mailboxId) ?? fail(`no local folder ${mailboxId}`);
    await this.syncFolder(folder.name);
    this.idleFolder = folder;
    this.idleResponses = [];
    this.idleTag = this.tag();
    this.conn!.send(`${this.idleTag} IDLE`);
    const cont = await this.conn!.next();
    if (!cont.startsWith('+ ')) fail('IDLE not accepted', [cont]);
  }

  /** Reads what IDLE pushes, until at least one response came (or the time is up); applies it. */
  async awaitPush(timeoutMs: number): Promise<boolean> {
    const conn = this.conn ?? fail('offline');
    try {
      const line = await conn.next(timeoutMs);
      this.idleResponses.push(line);
      return true;
    } catch (err) {
      if ((err as Error).message.includes('timed out')) return false;
      throw err;
    }
  }

  /**
   * Ends IDLE (DONE), applies every untagged response received in IDLE to the idled folder,
   * and fetches the new messages EXISTS announced. Returns false if the server ended the
   * session (the idled folder was deleted: BYE) and the client is offline now.
   */
  async stopIdle(): Promise<boolean> {
    const conn = this.conn ?? fail('offline');
    const folder = this.idleFolder ?? fail('not idling');
    this.idleFolder = null;
    if (this.idleResponses.some((l) => l.startsWith('* BYE'))) {
      this.disconnect();
      return false;
    }
    conn.send('DONE');
    let got: string[];
    try {
      got = await conn.until(this.idleTag);
    } catch (err) {
      if ((err as Error).message.includes('connection closed')) {
        this.disconnect();
        return false;
      }
      throw err;
    }
    const all = [...this.idleResponses, ...got];
    if (all.some((l) => l.startsWith('* BYE'))) {
      this.disconnect();
      return false;
    }
    if (!got[got.length - 1]!.startsWith(`${this.idleTag} OK`)) fail('IDLE failed', all);
    for (const line of all) if (/^\* \d+ EXPUNGE\r\n$/.test(line)) fail('EXPUNGE after ENABLE QRESYNC', all);
    const knownMax = Math.max(0, ...folder.messages.keys());
    const { modseq, exists, count } = this.applyUntagged(folder, all, false);
    if (exists) await this.fetchNew(folder, knownMax);
    if (folder.messages.size !== count) fail(`IDLE left ${count} messages in the view, ${folder.messages.size} fetched`, all);
    // RFC 7162 §6: at the tagged response, a HIGHESTMODSEQ code wins; else the largest MODSEQ seen.
    const code = /\[HIGHESTMODSEQ (\d+)\]/.exec(got[got.length - 1]!);
    if (code) folder.highestModseq = Number(code[1]);
    else if (modseq > folder.highestModseq) folder.highestModseq = modseq;
    return true;
  }

  async logout(): Promise<void> {
    if (!this.conn) return;
    await this.run('LOGOUT');
    this.disconnect();
  }
}
