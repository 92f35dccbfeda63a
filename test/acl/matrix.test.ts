// The ACL matrix of issue #5: for every command and every right, bob with and without that
// right on alice's mailbox; each answer and each effect must be what RFC 4314 §4 and
// /work/acl-contract.md say. The table below reads like RFC 4314 §4: a command, the rights it
// needs, what bob sends, and how alice checks that it really happened (or did not).
//
// For each row bob is granted: nothing; each right alone; all rights but one, for each right;
// exactly the rights the row needs; and those minus each one of them. Every case has a mailbox
// of its own (`acl-<n>`), so no state carries from one case to the next; alice grants bob his
// rights with SETACL (or DELETEACL for none) on the wire.
//
// Answers (contract, "Visibility and refusals"): OK when bob has what the command needs; else
// `NO [NOPERM] …` when the mailbox is visible to bob (he has `l` or `r`), else exactly the
// answer for a mailbox that does not exist: `NO [NONEXISTENT] Mailbox does not exist`
// (`NO [TRYCREATE] Mailbox does not exist` for an APPEND/COPY/MOVE target). Commands of the
// selected state need `r` to SELECT the mailbox first; without it the SELECT is the answer.
// A change refused in a mailbox selected READ-ONLY (bob has none of `i e s w t`, RFC 4314 §5.2)
// may say `[READ-ONLY]` (RFC 5530: "selected ... or otherwise read-only") as well as `[NOPERM]`;
// the contract does not choose between them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../support/server.js';
import { ALL_RIGHTS_SHOWN, Peer, RIGHTS, canonical, fetchedFlags, message, otherUsers, shown } from './helpers.js';

type Refusal = 'NOPERM' | 'NONEXISTENT' | 'TRYCREATE';
type Stage = 'SELECT' | 'command';

interface Expected {
  /** SELECT when bob cannot open the mailbox a selected-state command works in. */
  stage: Stage;
  /** null: the command succeeds. */
  refusal: Refusal | null;
  /** The mailbox is selected READ-ONLY: [READ-ONLY] is an acceptable refusal too. */
  readOnly?: boolean;
}

interface Answer {
  stage: Stage;
  /** The tagged response without its tag. */
  tagged: string;
  untagged: string[];
}

interface Case {
  alice: Peer;
  bob: Peer;
  /** alice's name of the case's mailbox, e.g. acl-12 (an atom). */
  box: string;
  /** bob's name of it, quoted: "Other Users/alice/acl-12". */
  shared: string;
  rights: ReadonlySet<string>;
  /** bob has a mailbox selected that the case must leave. */
  bobSelected: boolean;
}

interface Row {
  /** The command as RFC 4314 §4 names it, with what is special about this row. */
  command: string;
  /** The rights it needs, as the contract words it. */
  needs: string;
  /** Alternatives, each a set of rights that together suffice: the grants tried are built from them. */
  decisive: string[];
  expected(rights: ReadonlySet<string>): Expected;
  /** alice (or bob) prepares, before alice grants bob the case's rights on the mailbox. */
  setup?(c: Case): Promise<void>;
  /** bob's part. */
  run(c: Case): Promise<Answer>;
  /** Checks the effect (through alice wherever possible); `ok` says whether the command succeeded. */
  verify?(c: Case, ok: boolean, answer: Answer): Promise<void>;
}

// ---- the rules ----

const has = (rights: ReadonlySet<string>, need: string): boolean => [...need].every((r) => rights.has(r));
const visible = (rights: ReadonlySet<string>): boolean => rights.has('l') || rights.has('r');
/** RFC 4314 §5.2: READ-WRITE needs one of i, e and the shared-flag rights (s w t: every flag is shared here). */
const readWrite = (rights: ReadonlySet<string>): boolean => [...'iewst'].some((r) => rights.has(r));

/** An authenticated-state command on the case's mailbox that needs one of `alternatives`. */
function onMailbox(alternatives: string[], missing: Refusal = 'NONEXISTENT') {
  return (rights: ReadonlySet<string>): Expected => ({
    stage: 'command',
    refusal: alternatives.some((need) => has(rights, need)) ? null : visible(rights) ? 'NOPERM' : missing,
  });
}

/** A selected-state command in the case's mailbox: SELECT needs `r`, then the command `allowed`. */
function inSelected(allowed: (rights: ReadonlySet<string>) => boolean) {
  return (rights: ReadonlySet<string>): Expected => {
    if (!rights.has('r')) return { stage: 'SELECT', refusal: rights.has('l') ? 'NOPERM' : 'NONEXISTENT' };
    return { stage: 'command', refusal: allowed(rights) ? null : 'NOPERM', readOnly: !readWrite(rights) };
  };
}

/** The right that changing `flag` needs (RFC 4314 §4, "Changing flags"). */
function rightFor(flag: string): string {
  const lower = flag.toLowerCase();
  return lower === '\\seen' ? 's' : lower === '\\deleted' ? 't' : 'w';
}

/** Of the flags given to APPEND/COPY/MOVE, those bob may set (the others are dropped, never refused). */
function keptFlags(flags: string[], rights: ReadonlySet<string>): string[] {
  return flags.filter((f) => rights.has(rightFor(f)));
}

// ---- bob's steps and alice's checks ----

async function bobSelect(c: Case): Promise<Answer | null> {
  const { tagged, untagged } = await c.bob.run(`SELECT ${c.shared}`);
  if (!tagged.startsWith('OK')) return { stage: 'SELECT', tagged, untagged };
  c.bobSelected = true;
  return null;
}

async function bob(c: Case, command: string): Promise<Answer> {
  return { stage: 'command', ...(await c.bob.run(command)) };
}

/** bob selects the case's mailbox, then sends `command` (or answers with the refused SELECT). */
async function bobInSelected(c: Case, command: string): Promise<Answer> {
  return (await bobSelect(c)) ?? bob(c, command);
}

async function messages(peer: Peer, mailbox: string): Promise<number> {
  const [line] = await peer.must(`STATUS ${mailbox} (MESSAGES)`);
  const m = /\(MESSAGES (\d+)\)$/.exec(line ?? '');
  if (!m) throw new Error(`STATUS ${mailbox}: ${line}`);
  return Number(m[1]);
}

/** alice's view of the flags of message `seq` of her mailbox, sorted. */
async function flagsOf(c: Case, mailbox = c.box, seq = 1): Promise<string[]> {
  await c.alice.must(`EXAMINE ${mailbox}`);
  const lines = await c.alice.must(`FETCH ${seq} (FLAGS)`);
  await c.alice.must('UNSELECT');
  const flags = lines.map(fetchedFlags).find((f) => f !== null);
  if (!flags) throw new Error(`alice: no FLAGS for ${mailbox} ${seq}: ${lines.join(' | ')}`);
  // \Recent belongs to a session, not to the message: not what the case is about.
  return sorted(flags.filter((f) => f.toLowerCase() !== '\\recent'));
}

async function aliceHas(c: Case, mailbox: string): Promise<boolean> {
  const lines = await c.alice.must(`LIST "" ${mailbox}`);
  return lines.some((l) => l.endsWith(` ${mailbox}`) || l.endsWith(` "${mailbox}"`));
}

/** The identifier → rights pairs of alice's GETACL of her mailbox, rights as sent (with c and d). */
async function aclOf(c: Case, mailbox: string): Promise<Map<string, string>> {
  const lines = await c.alice.must(`GETACL ${mailbox}`);
  const acl = lines.filter((l) => l.startsWith('* ACL '));
  if (acl.length !== 1) throw new Error(`alice GETACL ${mailbox}: ${lines.join(' | ')}`);
  const words = acl[0]!.replace(/^\* ACL (?:"[^"]*"|\S+) ?/, '').split(' ');
  const pairs = new Map<string, string>();
  for (let i = 0; i + 1 < words.length; i += 2) pairs.set(words[i]!, words[i + 1]!.replace(/^"|"$/g, ''));
  return pairs;
}

function sorted(flags: string[]): string[] {
  return [...flags].sort();
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(what);
}

function checkEqual<T>(actual: T, expected: T, what: string): void {
  const a = JSON.stringify(actual);
  const e = JSON.stringify(expected);
  if (a !== e) throw new Error(`${what}: expected ${e}, got ${a}`);
}

/** A STORE row: the message starts with `initial`; the final flags follow the contract's flag rules. */
function storeRow(command: string, initial: string[]): Row {
  const m = /^STORE 1 ([+-]?)FLAGS \(([^)]*)\)$/.exec(command)!;
  const mode = m[1] === '+' ? 'add' : m[1] === '-' ? 'remove' : 'set';
  const named = m[2]!.split(' ');
  const universe = [...new Set([...initial, ...named])];
  const finalFlags = (rights: ReadonlySet<string>, ok: boolean): string[] =>
    sorted(
      universe.filter((f) => {
        const before = initial.includes(f);
        if (!ok || !rights.has(rightFor(f))) return before;
        return mode === 'add' ? before || named.includes(f) : mode === 'remove' ? before && !named.includes(f) : named.includes(f);
      }),
    );
  return {
    command,
    needs: `r; then s for \\Seen, t for \\Deleted, w for any other flag; NOPERM only when none of the named flags may change`,
    decisive: [...new Set(named.map(rightFor))].map((r) => `r${r}`),
    expected: inSelected((rights) => named.some((f) => rights.has(rightFor(f)))),
    async setup(c) {
      await appendAs(c.alice, c.box, initial);
    },
    run: (c) => bobInSelected(c, command),
    async verify(c, ok) {
      checkEqual(await flagsOf(c), finalFlags(c.rights, ok), 'flags alice sees');
    },
  };
}

async function appendAs(peer: Peer, mailbox: string, flags: string[] = []): Promise<void> {
  const answer = await peer.append(mailbox, message('matrix'), flags.join(' '));
  if (!answer.startsWith('OK')) throw new Error(`${peer.user}: APPEND ${mailbox} -> ${answer}`);
}

const DROPPED = ['\\Deleted', '\\Flagged', '\\Seen'];

// ---- the table (RFC 4314 §4, one row per command and variant) ----

const ROWS: Row[] = [
  // Fetch information about a mailbox
  {
    command: 'SELECT',
    needs: 'r; READ-WRITE iff one of i e s w t; PERMANENTFLAGS shows only the flags bob may change',
    decisive: ['r'],
    expected: onMailbox(['r']),
    async run(c) {
      const answer = await bob(c, `SELECT ${c.shared}`);
      if (answer.tagged.startsWith('OK')) c.bobSelected = true;
      return answer;
    },
    async verify(c, ok, answer) {
      if (!ok) return;
      check(answer.tagged.startsWith(`OK [${readWrite(c.rights) ? 'READ-WRITE' : 'READ-ONLY'}] `), `SELECT answer ${answer.tagged}`);
      const permanent = answer.untagged.map((l) => /^\* OK \[PERMANENTFLAGS \(([^)]*)\)\]/.exec(l)).find((m) => m);
      check(permanent !== undefined, `no PERMANENTFLAGS in ${answer.untagged.join(' | ')}`);
      const expected = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft', '\\*'].filter((f) =>
        c.rights.has(f === '\\*' ? 'w' : rightFor(f)),
      );
      checkEqual(sorted(permanent![1]!.split(' ').filter(Boolean)), sorted(expected), 'PERMANENTFLAGS (RFC 4314 §5.1.1)');
    },
  },
  {
    command: 'EXAMINE',
    needs: 'r; always READ-ONLY',
    decisive: ['r'],
    expected: onMailbox(['r']),
    async run(c) {
      const answer = await bob(c, `EXAMINE ${c.shared}`);
      if (answer.tagged.startsWith('OK')) c.bobSelected = true;
      return answer;
    },
    async verify(_c, ok, answer) {
      if (ok) check(answer.tagged.startsWith('OK [READ-ONLY] '), `EXAMINE answer ${answer.tagged}`);
    },
  },
  {
    command: 'STATUS',
    needs: 'r',
    decisive: ['r'],
    expected: onMailbox(['r']),
    run: (c) => bob(c, `STATUS ${c.shared} (MESSAGES)`),
    async verify(c, ok, answer) {
      if (ok) checkEqual(answer.untagged, [`* STATUS ${c.shared} (MESSAGES 0)`], 'STATUS data');
    },
  },
  // Listing and subscribing
  {
    command: 'LIST',
    needs: 'l to be listed; never NO',
    decisive: ['l'],
    expected: () => ({ stage: 'command', refusal: null }),
    run: (c) => bob(c, `LIST "" ${c.shared}`),
    async verify(c, _ok, answer) {
      const rows = answer.untagged.filter((l) => l.startsWith('* LIST ('));
      const listed = rows.length === 1 && new RegExp(`^\\* LIST \\([^)]*\\) "/" ${escape(c.shared)}$`).test(rows[0]!);
      check(listed === c.rights.has('l') && rows.length === (listed ? 1 : 0), `LIST rows ${JSON.stringify(answer.untagged)}`);
    },
  },
  {
    command: 'SUBSCRIBE (then LSUB)',
    needs: 'l or r; LSUB lists it with l',
    decisive: ['l', 'r'],
    expected: onMailbox(['l', 'r']),
    run: (c) => bob(c, `SUBSCRIBE ${c.shared}`),
    async verify(c, ok) {
      const rows = (await c.bob.must(`LSUB "" ${c.shared}`)).filter((l) => l.startsWith('* LSUB '));
      // With r but not l the contract leaves LSUB's answer open (RFC 4314 §4: l is needed "only if...").
      if (ok && c.rights.has('l')) checkEqual(rows.length, 1, `LSUB rows after SUBSCRIBE`);
      if (!ok) checkEqual(rows, [], 'LSUB rows after a refused SUBSCRIBE');
      await c.bob.run(`UNSUBSCRIBE ${c.shared}`);
    },
  },
  {
    command: 'UNSUBSCRIBE',
    needs: 'nothing',
    decisive: [],
    expected: () => ({ stage: 'command', refusal: null }),
    async setup(c) {
      await c.alice.must(`SETACL ${c.box} bob l`);
      await c.bob.must(`SUBSCRIBE ${c.shared}`);
    },
    run: (c) => bob(c, `UNSUBSCRIBE ${c.shared}`),
    async verify(c, ok) {
      if (!ok) return;
      await c.alice.must(`SETACL ${c.box} bob +l`);
      checkEqual((await c.bob.must(`LSUB "" ${c.shared}`)).filter((l) => l.startsWith('* LSUB ')), [], 'LSUB after UNSUBSCRIBE');
    },
  },
  // Mailbox management
  {
    command: 'CREATE (a child)',
    needs: 'k on the parent; the child inherits the parent ACL',
    decisive: ['k'],
    expected: onMailbox(['k']),
    run: (c) => bob(c, `CREATE ${otherUsers('alice', `${c.box}/sub`)}`),
    async verify(c, ok) {
      checkEqual(await aliceHas(c, `${c.box}/sub`), ok, `alice has ${c.box}/sub`);
      if (ok) checkEqual((await aclOf(c, `${c.box}/sub`)).get('bob'), shown(c.rights), `bob's inherited rights on ${c.box}/sub`);
    },
  },
  {
    command: 'DELETE',
    needs: 'x',
    decisive: ['x'],
    expected: onMailbox(['x']),
    run: (c) => bob(c, `DELETE ${c.shared}`),
    async verify(c, ok) {
      checkEqual(await aliceHas(c, c.box), !ok, `alice still has ${c.box}`);
    },
  },
  {
    command: 'RENAME (x on the source)',
    needs: 'x on the source (bob has all rights on the new parent); the ACL goes with it',
    decisive: ['x'],
    expected: onMailbox(['x']),
    async setup(c) {
      await c.alice.must(`CREATE ${c.box}-dest`);
      await c.alice.must(`SETACL ${c.box}-dest bob ${RIGHTS}`);
    },
    run: (c) => bob(c, `RENAME ${c.shared} ${otherUsers('alice', `${c.box}-dest/moved`)}`),
    async verify(c, ok) {
      checkEqual(await aliceHas(c, `${c.box}-dest/moved`), ok, `alice has ${c.box}-dest/moved`);
      checkEqual(await aliceHas(c, c.box), !ok, `alice still has ${c.box}`);
      if (ok) checkEqual((await aclOf(c, `${c.box}-dest/moved`)).get('bob'), shown(c.rights), 'bob keeps his rights after RENAME');
    },
  },
  {
    command: 'RENAME (k on the new parent)',
    needs: 'k on the new parent (bob has all rights on the source)',
    decisive: ['k'],
    expected: onMailbox(['k']),
    async setup(c) {
      await c.alice.must(`CREATE ${c.box}-src`);
      await c.alice.must(`SETACL ${c.box}-src bob ${RIGHTS}`);
    },
    run: (c) => bob(c, `RENAME ${otherUsers('alice', `${c.box}-src`)} ${otherUsers('alice', `${c.box}/moved`)}`),
    async verify(c, ok) {
      checkEqual(await aliceHas(c, `${c.box}/moved`), ok, `alice has ${c.box}/moved`);
      checkEqual(await aliceHas(c, `${c.box}-src`), !ok, `alice still has ${c.box}-src`);
    },
  },
  // Copying or appending messages
  {
    command: 'APPEND (\\Seen \\Deleted \\Flagged)',
    needs: 'i; flags kept only with s / t / w; invisible target: TRYCREATE',
    decisive: ['i'],
    expected: onMailbox(['i'], 'TRYCREATE'),
    async run(c) {
      return { stage: 'command', tagged: await c.bob.append(c.shared, message('from bob'), '\\Seen \\Deleted \\Flagged'), untagged: [] };
    },
    async verify(c, ok) {
      checkEqual(await messages(c.alice, c.box), ok ? 1 : 0, 'messages alice has');
      if (ok) checkEqual(await flagsOf(c), keptFlags(DROPPED, c.rights), 'flags of the appended message');
    },
  },
  {
    command: 'COPY (into)',
    needs: 'i on the target; flags kept only with s / t / w; invisible target: TRYCREATE',
    decisive: ['i'],
    expected: onMailbox(['i'], 'TRYCREATE'),
    async run(c) {
      await c.bob.must('SELECT INBOX'); // holds one message with \Seen \Deleted \Flagged
      c.bobSelected = true;
      return bob(c, `COPY 1 ${c.shared}`);
    },
    async verify(c, ok) {
      checkEqual(await messages(c.alice, c.box), ok ? 1 : 0, 'messages alice has');
      if (ok) checkEqual(await flagsOf(c), keptFlags(DROPPED, c.rights), 'flags of the copied message');
    },
  },
  {
    command: 'MOVE (into)',
    needs: 'i on the target; flags kept only with s / t / w; refused: nothing moved',
    decisive: ['i'],
    expected: onMailbox(['i'], 'TRYCREATE'),
    async setup(c) {
      await c.bob.must(`CREATE ${c.box}-bsrc`);
      await appendAs(c.bob, `${c.box}-bsrc`, DROPPED);
    },
    async run(c) {
      await c.bob.must(`SELECT ${c.box}-bsrc`);
      c.bobSelected = true;
      return bob(c, `MOVE 1 ${c.shared}`);
    },
    async verify(c, ok) {
      checkEqual(await messages(c.alice, c.box), ok ? 1 : 0, 'messages alice has');
      checkEqual(await messages(c.bob, `${c.box}-bsrc`), ok ? 0 : 1, "messages left in bob's source");
      if (ok) checkEqual(await flagsOf(c), keptFlags(DROPPED, c.rights), 'flags of the moved message');
    },
  },
  {
    command: 'MOVE (out of)',
    needs: 'r to select, then t and e on the source; refused: nothing copied',
    decisive: ['rte'],
    expected: inSelected((rights) => has(rights, 'te')),
    async setup(c) {
      await appendAs(c.alice, c.box);
      await c.bob.must(`CREATE ${c.box}-bdst`);
    },
    run: (c) => bobInSelected(c, `MOVE 1 ${c.box}-bdst`),
    async verify(c, ok) {
      checkEqual(await messages(c.alice, c.box), ok ? 0 : 1, 'messages alice has');
      checkEqual(await messages(c.bob, `${c.box}-bdst`), ok ? 1 : 0, "messages in bob's target");
    },
  },
  // Fetch: setting \Seen needs s
  ...['FETCH 1 BODY[]', 'FETCH 1 RFC822'].map(
    (command): Row => ({
      command,
      needs: 'r; sets \\Seen only with s',
      decisive: ['rs'],
      expected: inSelected(() => true),
      async setup(c) {
        await appendAs(c.alice, c.box);
      },
      run: (c) => bobInSelected(c, command),
      async verify(c, ok, answer) {
        if (!ok) return;
        check(answer.untagged.some((l) => l.startsWith('* 1 FETCH (') && l.includes('Subject: matrix')), `no message text in ${answer.untagged.join(' | ')}`);
        checkEqual(await flagsOf(c), c.rights.has('s') ? ['\\Seen'] : [], 'flags alice sees after the FETCH');
      },
    }),
  ),
  // Changing flags
  storeRow('STORE 1 +FLAGS (\\Seen)', []),
  storeRow('STORE 1 -FLAGS (\\Seen)', ['\\Seen']),
  storeRow('STORE 1 +FLAGS (\\Deleted)', []),
  storeRow('STORE 1 -FLAGS (\\Deleted)', ['\\Deleted']),
  storeRow('STORE 1 +FLAGS (\\Flagged)', []),
  storeRow('STORE 1 +FLAGS ($Work)', []),
  storeRow('STORE 1 -FLAGS (\\Answered)', ['\\Answered']),
  storeRow('STORE 1 +FLAGS (\\Seen \\Deleted \\Flagged)', []),
  storeRow('STORE 1 -FLAGS (\\Seen \\Deleted \\Flagged)', ['\\Deleted', '\\Flagged', '\\Seen']),
  storeRow('STORE 1 FLAGS (\\Seen \\Deleted \\Flagged)', ['\\Answered']),
  // Expunging the selected mailbox
  ...['EXPUNGE', 'UID EXPUNGE 1'].map(
    (command): Row => ({
      command,
      needs: 'e',
      decisive: ['re'],
      expected: inSelected((rights) => rights.has('e')),
      async setup(c) {
        await appendAs(c.alice, c.box, ['\\Deleted']);
      },
      run: (c) => bobInSelected(c, command),
      async verify(c, ok) {
        checkEqual(await messages(c.alice, c.box), ok ? 0 : 1, 'messages alice has');
      },
    }),
  ),
  {
    command: 'CLOSE',
    needs: 'r to select; OK always; expunges only with e',
    decisive: ['re'],
    expected: inSelected(() => true),
    async setup(c) {
      await appendAs(c.alice, c.box, ['\\Deleted']);
    },
    async run(c) {
      const answer = await bobInSelected(c, 'CLOSE');
      if (answer.stage === 'command' && answer.tagged.startsWith('OK')) c.bobSelected = false;
      return answer;
    },
    async verify(c, ok) {
      if (ok) checkEqual(await messages(c.alice, c.box), c.rights.has('e') ? 0 : 1, 'messages alice has after CLOSE');
    },
  },
  // Changing and reading ACLs
  {
    command: 'SETACL',
    needs: 'a',
    decisive: ['a'],
    expected: onMailbox(['a']),
    run: (c) => bob(c, `SETACL ${c.shared} carol lr`),
    async verify(c, ok) {
      checkEqual((await aclOf(c, c.box)).get('carol'), ok ? 'lr' : undefined, "carol's entry");
    },
  },
  {
    command: 'DELETEACL',
    needs: 'a',
    decisive: ['a'],
    expected: onMailbox(['a']),
    async setup(c) {
      await c.alice.must(`SETACL ${c.box} carol lr`);
    },
    run: (c) => bob(c, `DELETEACL ${c.shared} carol`),
    async verify(c, ok) {
      checkEqual((await aclOf(c, c.box)).get('carol'), ok ? undefined : 'lr', "carol's entry");
    },
  },
  {
    command: 'GETACL',
    needs: 'a',
    decisive: ['a'],
    expected: onMailbox(['a']),
    run: (c) => bob(c, `GETACL ${c.shared}`),
    async verify(c, ok, answer) {
      if (ok) checkEqual(answer.untagged, [`* ACL ${c.shared} alice ${ALL_RIGHTS_SHOWN} bob ${shown(c.rights)}`], 'ACL data');
    },
  },
  {
    command: 'LISTRIGHTS',
    needs: 'a',
    decisive: ['a'],
    expected: onMailbox(['a']),
    run: (c) => bob(c, `LISTRIGHTS ${c.shared} carol`),
    async verify(c, ok, answer) {
      if (ok) checkEqual(answer.untagged, [`* LISTRIGHTS ${c.shared} carol "" l r s w i p k x t e a c d`], 'LISTRIGHTS data');
    },
  },
  {
    command: 'MYRIGHTS',
    needs: 'any of l r i k x a',
    decisive: [...'lrikxa'],
    expected: onMailbox([...'lrikxa']),
    run: (c) => bob(c, `MYRIGHTS ${c.shared}`),
    async verify(c, ok, answer) {
      if (ok) checkEqual(answer.untagged, [`* MYRIGHTS ${c.shared} ${shown(c.rights)}`], 'MYRIGHTS data');
    },
  },
  // RFC 5464 §3.3
  {
    command: 'GETMETADATA',
    needs: 'l and one of r s w i p',
    decisive: [...'rswip'].map((r) => `l${r}`),
    expected: onMailbox([...'rswip'].map((r) => `l${r}`)),
    async setup(c) {
      await c.alice.must(`SETMETADATA ${c.box} (/shared/comment "hello")`);
    },
    run: (c) => bob(c, `GETMETADATA ${c.shared} /shared/comment`),
    async verify(c, ok, answer) {
      if (ok) checkEqual(answer.untagged, [`* METADATA ${c.shared} (/shared/comment "hello")`], 'METADATA data');
    },
  },
  {
    command: 'SETMETADATA (/shared)',
    needs: 'l and one of r s w i p, and w for /shared',
    decisive: ['lw'],
    expected: onMailbox(['lw']),
    run: (c) => bob(c, `SETMETADATA ${c.shared} (/shared/comment "from bob")`),
    async verify(c, ok) {
      const lines = await c.alice.must(`GETMETADATA ${c.box} /shared/comment`);
      checkEqual(lines, ok ? [`* METADATA ${c.box} (/shared/comment "from bob")`] : [], 'the entry alice sees');
    },
  },
];

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The grants tried for a row: none, each right, all but each right, and the needed sets with and without each of their rights. */
function grants(row: Row): string[] {
  const out = new Set<string>(['', RIGHTS]);
  for (const r of RIGHTS) {
    out.add(r);
    out.add(RIGHTS.replace(r, ''));
  }
  for (const need of row.decisive) {
    out.add(canonical(need));
    for (const r of need) out.add(canonical(need.replace(r, '')));
  }
  return [...out];
}

/** What is wrong with `answer` given `expected`, or null. */
function mismatch(answer: Answer, expected: Expected): string | null {
  const want =
    expected.refusal === null
      ? `OK`
      : expected.refusal === 'NOPERM'
        ? `NO [NOPERM] …${expected.readOnly ? ' (or NO [READ-ONLY] …)' : ''}`
        : `NO [${expected.refusal}] Mailbox does not exist`;
  const where = expected.stage === 'SELECT' ? 'at SELECT' : 'from the command';
  const got = `${answer.stage === 'SELECT' ? 'SELECT' : 'command'} answered "${answer.tagged}"`;
  if (answer.stage !== expected.stage) return `expected ${want} ${where}, but ${got}`;
  const t = answer.tagged;
  const fine =
    expected.refusal === null
      ? t.startsWith('OK ')
      : expected.refusal === 'NOPERM'
        ? t.startsWith('NO [NOPERM] ') || (expected.readOnly === true && t.startsWith('NO [READ-ONLY] '))
        : t === `NO [${expected.refusal}] Mailbox does not exist`;
  return fine ? null : `expected ${want} ${where}, but ${got}`;
}

let server: TestServer;
let alice: Peer;
let bobPeer: Peer;
let cases = 0;

async function connect(): Promise<void> {
  alice = await Peer.login(server.port, 'alice', TEST_PASSWORD);
  bobPeer = await Peer.login(server.port, 'bob', 'pw');
}

beforeAll(async () => {
  // Some 10 000 commands in a few seconds from two sessions: past the per-session command rate
  // the server would only hold them back (src/imap/command-rate.ts), which this file is not about.
  server = await startTestServer({ commandRate: 100_000 });
  await server.server.store.createUser('bob', 'pw');
  await server.server.store.createUser('carol', 'pw');
  await connect();
  // COPY (into) copies this message of bob's own INBOX.
  await appendAs(bobPeer, 'INBOX', DROPPED);
});

afterAll(async () => {
  alice?.close();
  bobPeer?.close();
  await server?.stop();
});

async function runCase(row: Row, rights: string): Promise<string | null> {
  const n = ++cases;
  const c: Case = { alice, bob: bobPeer, box: `acl-${n}`, shared: otherUsers('alice', `acl-${n}`), rights: new Set(rights), bobSelected: false };
  try {
    await c.alice.must(`CREATE ${c.box}`);
    await row.setup?.(c);
    await c.alice.must(rights === '' ? `DELETEACL ${c.box} bob` : `SETACL ${c.box} bob ${rights}`);
    const answer = await row.run(c);
    const expected = row.expected(c.rights);
    const wrong = mismatch(answer, expected);
    if (!wrong && row.verify) await row.verify(c, answer.stage === 'command' && answer.tagged.startsWith('OK '), answer);
    // Left selected, bob would hear of the next cases' changes in this mailbox.
    if (c.bobSelected) await c.bob.must('UNSELECT');
    return wrong;
  } catch (err) {
    // A broken exchange leaves the sessions out of step: start both afresh.
    alice.close();
    bobPeer.close();
    await connect();
    return (err as Error).message;
  }
}

describe('RFC 4314 §4: rights each command needs, bob on alice\'s mailbox', () => {
  it.each(ROWS.map((row) => ({ ...row, label: `${row.command} — needs ${row.needs}` })))('$label', async (row) => {
    const failures: string[] = [];
    const tried = grants(row);
    for (const rights of tried) {
      const wrong = await runCase(row, rights);
      if (wrong) failures.push(`bob has "${rights}": ${wrong}`);
    }
    expect(failures, `${row.command}: ${failures.length} of ${tried.length} grants wrong`).toEqual([]);
  });
});
