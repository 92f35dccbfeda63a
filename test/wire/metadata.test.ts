// METADATA (RFC 5464): every example of §4 adapted to this server's mailboxes, entry names and
// options, the limits and their response codes, rights, RENAME/DELETE, unsolicited METADATA
// after ENABLE (RFC 5161), and the CPM default-folder server entry (OMA CPM Appendix H).
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import type { RawClient } from '../support/imap-client.js';
import { startTestServer } from '../support/server.js';
import { LOGIN, LOGOUT, exchange, lit, loggedIn, slit, useWireServer } from './helpers.js';

const CPM_ENTRY = '/shared/OMNA/OMACPM20/DefaultFolderLocation';

const server = useWireServer();

/** Nothing arrives on `c` for a while. */
async function silent(c: RawClient, ms = 80): Promise<void> {
  await expect(c.next(ms)).rejects.toThrow('timed out');
}

describe('RFC 5464 §4 examples', () => {
  it('§4.2 / §4.4.1: GETMETADATA "" /shared/comment, a server entry', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: s SETMETADATA "" (/shared/comment "Shared comment")
      S: s OK SETMETADATA completed
      C: a GETMETADATA "" /shared/comment
      S: * METADATA "" (/shared/comment "Shared comment")
      S: a OK GETMETADATA completed
      C: s2 SETMETADATA "" (/shared/comment "My comment")
      S: s2 OK SETMETADATA completed
      C: b GETMETADATA "" /shared/comment
      S: * METADATA "" (/shared/comment "My comment")
      S: b OK GETMETADATA completed
      C: z SETMETADATA "" (/shared/comment NIL)
      S: z OK SETMETADATA completed
      ${LOGOUT}`,
    ));

  it('§4.2: GETMETADATA "INBOX" /private/comment, and a list of entries in one command', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: s SETMETADATA INBOX (/private/comment "My own comment" /shared/comment "Shared comment")
      S: s OK SETMETADATA completed
      C: a GETMETADATA "INBOX" /private/comment
      S: * METADATA INBOX (/private/comment "My own comment")
      S: a OK GETMETADATA completed
      C: b GETMETADATA "INBOX" (/shared/comment /private/comment)
      S: * METADATA INBOX (/shared/comment "Shared comment" /private/comment "My own comment")
      S: b OK GETMETADATA completed
      C: c getmetadata inbox (/SHARED/Comment)
      S: * METADATA INBOX (/shared/comment "Shared comment")
      S: c OK GETMETADATA completed
      C: z SETMETADATA INBOX (/private/comment NIL /shared/comment NIL)
      S: z OK SETMETADATA completed
      ${LOGOUT}`,
    ));

  it('§4.2.1: MAXSIZE leaves out longer values and says the longest in LONGENTRIES', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: s SETMETADATA INBOX (/shared/comment ${lit('x'.repeat(2199))} /private/comment "My own comment")
      S: s OK SETMETADATA completed
      C: a GETMETADATA "INBOX" (MAXSIZE 1024) (/shared/comment /private/comment)
      S: * METADATA INBOX (/private/comment "My own comment")
      S: a OK [METADATA LONGENTRIES 2199] GETMETADATA completed
      C: b GETMETADATA (MAXSIZE 1024) "INBOX" (/shared/comment /private/comment)
      S: * METADATA INBOX (/private/comment "My own comment")
      S: b OK [METADATA LONGENTRIES 2199] GETMETADATA completed
      C: c GETMETADATA "INBOX" (MAXSIZE 2199) (/shared/comment)
      S: * METADATA INBOX (/shared/comment ${slit('x'.repeat(2199))})
      S: c OK GETMETADATA completed
      C: d GETMETADATA "INBOX" (MAXSIZE 0) (/shared/comment /private/comment)
      S: d OK [METADATA LONGENTRIES 2199] GETMETADATA completed
      C: z SETMETADATA INBOX (/private/comment NIL /shared/comment NIL)
      S: z OK SETMETADATA completed
      ${LOGOUT}`,
    ));

  it('§4.2.2: DEPTH 1 gives the entries just below, infinity all below, 0 (the default) none', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: s SETMETADATA INBOX (/private/filters/values/small "SMALLER 5000" /private/filters/values/boss "FROM \\"boss@example.com\\"" /private/filters/values/boss/cc "CC boss")
      S: s OK SETMETADATA completed
      C: a GETMETADATA "INBOX" (DEPTH 1) (/private/filters/values)
      S: * METADATA INBOX (/private/filters/values/boss "FROM \\"boss@example.com\\"" /private/filters/values/small "SMALLER 5000")
      S: a OK GETMETADATA completed
      C: b GETMETADATA "INBOX" (DEPTH infinity) (/private/filters/values)
      S: * METADATA INBOX (/private/filters/values/boss "FROM \\"boss@example.com\\"" /private/filters/values/boss/cc "CC boss" /private/filters/values/small "SMALLER 5000")
      S: b OK GETMETADATA completed
      C: c GETMETADATA "INBOX" (DEPTH 0) (/private/filters/values)
      S: c OK GETMETADATA completed
      C: d GETMETADATA "INBOX" /private/filters/values
      S: d OK GETMETADATA completed
      C: e GETMETADATA INBOX (DEPTH INFINITY MAXSIZE 10) /private
      S: * METADATA INBOX (/private/filters/values/boss/cc "CC boss")
      S: e OK [METADATA LONGENTRIES 23] GETMETADATA completed
      C: f GETMETADATA INBOX (DEPTH 1) /private/filters
      S: f OK GETMETADATA completed
      C: g GETMETADATA INBOX (DEPTH infinity) /shared
      S: g OK GETMETADATA completed
      C: z SETMETADATA INBOX (/private/filters/values/small NIL /private/filters/values/boss NIL /private/filters/values/boss/cc NIL)
      S: z OK SETMETADATA completed
      ${LOGOUT}`,
    ));

  it('§4.3: a multi-line value in a synchronising literal; NIL removes the entry', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SETMETADATA INBOX (/private/comment {33}
      S: + Ready for literal data
      C: My new comment across\\r\\ntwo lines.)
      S: a OK SETMETADATA completed
      C: b GETMETADATA INBOX /private/comment
      S: * METADATA INBOX (/private/comment {33}\\r\\nMy new comment across\\r\\ntwo lines.)
      S: b OK GETMETADATA completed
      C: c SETMETADATA INBOX (/private/comment NIL)
      S: c OK SETMETADATA completed
      C: d GETMETADATA INBOX /private/comment
      S: d OK GETMETADATA completed
      C: e SETMETADATA INBOX (/private/comment NIL)
      S: e OK SETMETADATA completed
      ${LOGOUT}`,
    ));

  it('§4.3 / §4.4.1: several entries set at once, read back in one METADATA response', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SETMETADATA INBOX (/private/comment "My new comment" /shared/comment "This one is for you!")
      S: a OK SETMETADATA completed
      C: b GETMETADATA "INBOX" /private/comment /shared/comment
      S: * METADATA INBOX (/private/comment "My new comment" /shared/comment "This one is for you!")
      S: b OK GETMETADATA completed
      C: c SETMETADATA INBOX (/shared/comment "Its sunny outside!" /private/comment "My comment")
      S: c OK SETMETADATA completed
      C: d GETMETADATA "INBOX" (/private/comment /shared/comment)
      S: * METADATA INBOX (/private/comment "My comment" /shared/comment "Its sunny outside!")
      S: d OK GETMETADATA completed
      C: z SETMETADATA INBOX (/private/comment NIL /shared/comment NIL)
      S: z OK SETMETADATA completed
      ${LOGOUT}`,
    ));

  it('§4.3: [METADATA TOOMANY] once the mailbox holds as many entries as allowed', async () => {
    const limited = await startTestServer({ metadataMaxEntries: 10 });
    try {
      const ten = Array.from({ length: 10 }, (_, i) => `/shared/e${i} "${i}"`).join(' ');
      await runTranscript(
        limited.port,
        `${LOGIN}
        C: s SETMETADATA INBOX (${ten})
        S: s OK SETMETADATA completed
        C: a SETMETADATA INBOX (/private/comment "My new comment")
        S: a NO [METADATA TOOMANY] Too many entries (at most 10 here)
        C: b GETMETADATA INBOX /private/comment
        S: b OK GETMETADATA completed
        C: c SETMETADATA INBOX (/shared/e0 "changed" /shared/e1 NIL /private/comment "fits now")
        S: c OK SETMETADATA completed
        C: d GETMETADATA INBOX (/shared/e0 /shared/e1 /private/comment)
        S: * METADATA INBOX (/shared/e0 "changed" /private/comment "fits now")
        S: d OK GETMETADATA completed
        C: e SETMETADATA Sent (${ten})
        S: e OK SETMETADATA completed
        C: f SETMETADATA "" (${ten})
        S: f NO [METADATA TOOMANY] Too many entries (at most 10 here)
        ${LOGOUT}`,
      );
    } finally {
      await limited.stop();
    }
  });

  it('§4.4.2: unsolicited METADATA (names only) after ENABLE METADATA, for changes by other sessions', async () => {
    const a = await loggedIn(server.port);
    const b = await loggedIn(server.port);
    try {
      await exchange(a, 'e', 'ENABLE METADATA', ['* ENABLED METADATA', 'e OK ENABLE completed']);
      await exchange(b, 's1', 'SETMETADATA "" (/shared/comment "from b")', ['s1 OK SETMETADATA completed']);
      await exchange(a, 'a', 'NOOP', ['* METADATA "" /shared/comment', 'a OK NOOP completed']);
      await exchange(b, 's2', 'SETMETADATA INBOX (/shared/comment "x" /private/comment "y")', ['s2 OK SETMETADATA completed']);
      await exchange(a, 'b', 'NOOP', ['* METADATA INBOX /shared/comment /private/comment', 'b OK NOOP completed']);
      // Nothing more is pending; A's own change is not reported to A.
      await exchange(a, 'c', 'SETMETADATA INBOX (/shared/comment NIL /private/comment NIL)', ['c OK SETMETADATA completed']);
      await exchange(a, 'd', 'NOOP', ['d OK NOOP completed']);
      // B did not ENABLE: it hears of nothing.
      await exchange(a, 'f', 'SETMETADATA "" (/shared/comment NIL)', ['f OK SETMETADATA completed']);
      await exchange(b, 'g', 'NOOP', ['g OK NOOP completed']);
    } finally {
      a.close();
      b.close();
    }
  });
});

describe('unsolicited METADATA', () => {
  it('ENABLE lists only what it newly enables; unknown capabilities are ignored', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a ENABLE METADATA X-FOO
      S: * ENABLED METADATA
      S: a OK ENABLE completed
      C: b ENABLE metadata METADATA-SERVER
      S: * ENABLED METADATA-SERVER
      S: b OK ENABLE completed
      C: c ENABLE METADATA METADATA-SERVER
      S: * ENABLED
      S: c OK ENABLE completed
      ${LOGOUT}`,
    ));

  it('METADATA-SERVER alone reports server entries, not mailbox entries', async () => {
    const a = await loggedIn(server.port);
    const b = await loggedIn(server.port);
    try {
      await exchange(a, 'e', 'ENABLE METADATA-SERVER', ['* ENABLED METADATA-SERVER', 'e OK ENABLE completed']);
      await exchange(b, 's', 'SETMETADATA INBOX (/shared/u1 "x")', ['s OK SETMETADATA completed']);
      await exchange(b, 't', 'SETMETADATA "" (/private/u2 "y")', ['t OK SETMETADATA completed']);
      await exchange(a, 'n', 'NOOP', ['* METADATA "" /private/u2', 'n OK NOOP completed']);
      await exchange(b, 'z', 'SETMETADATA INBOX (/shared/u1 NIL)', ['z OK SETMETADATA completed']);
      await exchange(b, 'y', 'SETMETADATA "" (/private/u2 NIL)', ['y OK SETMETADATA completed']);
    } finally {
      a.close();
      b.close();
    }
  });

  it('is pushed at once in IDLE, and in the selected state at the end of any command', async () => {
    const a = await loggedIn(server.port);
    const b = await loggedIn(server.port);
    try {
      await exchange(a, 'e', 'ENABLE METADATA', ['* ENABLED METADATA', 'e OK ENABLE completed']);
      a.send('i IDLE');
      expect(await a.next()).toBe('+ idling\r\n');
      await exchange(b, 's', 'SETMETADATA "" (/shared/idle "1")', ['s OK SETMETADATA completed']);
      expect(await a.next()).toBe('* METADATA "" /shared/idle\r\n');
      await exchange(b, 't', 'SETMETADATA Sent (/private/idle "2")', ['t OK SETMETADATA completed']);
      expect(await a.next()).toBe('* METADATA Sent /private/idle\r\n');
      a.send('DONE');
      expect(await a.next()).toBe('i OK IDLE terminated\r\n');
      const selected = await a.command('x', 'EXAMINE Drafts');
      expect(selected[selected.length - 1]).toMatch(/^x OK \[READ-ONLY\]/);
      await exchange(b, 'u', 'SETMETADATA Drafts (/shared/idle "3")', ['u OK SETMETADATA completed']);
      await exchange(a, 'f', 'CHECK', ['* METADATA Drafts /shared/idle', 'f OK CHECK completed']);
      await exchange(b, 'z', 'SETMETADATA "" (/shared/idle NIL)', ['z OK SETMETADATA completed']);
      await exchange(b, 'y', 'SETMETADATA Sent (/private/idle NIL)', ['y OK SETMETADATA completed']);
      await exchange(b, 'w', 'SETMETADATA Drafts (/shared/idle NIL)', ['w OK SETMETADATA completed']);
      // The removals are reported too (RFC 5465 §5.7: a deleted entry is always included).
      await exchange(a, 'g', 'NOOP', ['* METADATA "" /shared/idle', '* METADATA Sent /private/idle', '* METADATA Drafts /shared/idle', 'g OK NOOP completed']);
      await silent(a);
    } finally {
      a.close();
      b.close();
    }
  });

  it('another user\'s changes are never reported', async () => {
    await server.server.store.createUser('carol', 'carol-pw');
    const a = await loggedIn(server.port);
    try {
      await exchange(a, 'e', 'ENABLE METADATA', ['* ENABLED METADATA', 'e OK ENABLE completed']);
      const carol = (await server.server.store.listUsers()).find((u) => u.name === 'carol')!;
      const inbox = (await server.server.store.getMailbox(carol.id, 'INBOX'))!;
      const limits = { maxValueSize: 1024, maxEntries: 10, maxTotalSize: 10_000 };
      await server.server.store.setMetadata(carol.id, null, [{ name: '/shared/comment', value: Buffer.from('c') }], limits);
      await server.server.store.setMetadata(carol.id, inbox.id, [{ name: '/shared/comment', value: Buffer.from('c') }], limits);
      await exchange(a, 'n', 'NOOP', ['n OK NOOP completed']);
    } finally {
      a.close();
    }
  });
});

describe('entry names and options (BAD)', () => {
  it('malformed entry names in SETMETADATA', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SETMETADATA INBOX (/private "x")
      S: a BAD /private alone is not an entry name
      C: b SETMETADATA INBOX (/shared "x")
      S: b BAD /shared alone is not an entry name
      C: c SETMETADATA INBOX (/shared/comment/ "x")
      S: c BAD Entry name ends with /
      C: d SETMETADATA INBOX ("/shared/com*ment" "x")
      S: d BAD Entry name contains * or %
      C: e SETMETADATA INBOX ("/shared/com%ment" "x")
      S: e BAD Entry name contains * or %
      C: f SETMETADATA INBOX ("/shared/caf\u00e9" "x")
      S: f BAD Entry name must be ASCII
      C: g SETMETADATA INBOX (/shared//comment "x")
      S: g BAD Entry name contains consecutive slashes
      C: h SETMETADATA INBOX (/comment "x")
      S: h BAD Entry name must begin with /private or /shared
      C: i SETMETADATA INBOX (shared/comment "x")
      S: i BAD Entry name must begin with /private or /shared
      C: j SETMETADATA INBOX ({13+}\\r\\n/shared/a\tb\u0001c "x")
      S: j BAD Entry name contains control characters
      C: k SETMETADATA INBOX (/shared/vendor/cmu "x")
      S: k BAD Vendor entry names need /vendor/<vendor-token>/<name>
      C: l SETMETADATA INBOX (/shared/comment)
      S: l BAD Expected space before entry value
      C: m SETMETADATA INBOX /shared/comment "x"
      S: m BAD Expected ( before entry values
      C: n SETMETADATA INBOX (/shared/comment x)
      S: n BAD Invalid entry value: expected a string, a literal or NIL
      C: o SETMETADATA INBOX
      S: o BAD Missing entry values
      C: p SETMETADATA INBOX ("" "x")
      S: p BAD Empty entry name
      C: q SETMETADATA INBOX ("/Private" "x")
      S: q BAD /Private alone is not an entry name
      ${LOGOUT}`,
    ));

  it('malformed GETMETADATA: names, DEPTH, MAXSIZE, options', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a GETMETADATA INBOX /private
      S: a BAD /private alone is not an entry name
      C: b GETMETADATA INBOX (DEPTH 0) /shared
      S: b BAD /shared alone is not an entry name
      C: c GETMETADATA INBOX (DEPTH 2) /shared/comment
      S: c BAD Invalid DEPTH value: 0, 1 or infinity
      C: d GETMETADATA INBOX (DEPTH inf) /shared/comment
      S: d BAD Invalid DEPTH value: 0, 1 or infinity
      C: e GETMETADATA INBOX (MAXSIZE abc) /shared/comment
      S: e BAD Invalid MAXSIZE value
      C: f GETMETADATA INBOX (MAXSIZE -1) /shared/comment
      S: f BAD Invalid MAXSIZE value
      C: g GETMETADATA INBOX (MAXSIZE 99999999999) /shared/comment
      S: g BAD Invalid MAXSIZE value
      C: h GETMETADATA INBOX (FOO 1) /shared/comment
      S: h BAD Unknown GETMETADATA option FOO
      C: i GETMETADATA INBOX (DEPTH 1 DEPTH 0) /shared/comment
      S: i BAD Duplicate GETMETADATA option DEPTH
      C: j GETMETADATA INBOX (DEPTH) /shared/comment
      S: j BAD Expected space before DEPTH value
      C: k GETMETADATA INBOX (/shared/comment/)
      S: k BAD Entry name ends with /
      C: l GETMETADATA INBOX ("/shared/*")
      S: l BAD Entry name contains * or %
      C: m GETMETADATA INBOX (DEPTH 1) ("/shared/caf\u00e9")
      S: m BAD Entry name must be ASCII
      C: n GETMETADATA INBOX
      S: n BAD Missing entry names
      C: o GETMETADATA
      S: o BAD Missing mailbox name
      C: p GETMETADATA INBOX (DEPTH 1) (/shared/a /shared//b)
      S: p BAD Entry name contains consecutive slashes
      C: q GETMETADATA INBOX (/shared/a
      S: q BAD Expected ) after entry names
      ${LOGOUT}`,
    ));

  it('nothing is stored when one entry of a SETMETADATA is malformed', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SETMETADATA INBOX (/shared/atomic-1 "one" /shared/atomic-2/ "two")
      S: a BAD Entry name ends with /
      C: b GETMETADATA INBOX (DEPTH infinity) /shared
      S: b OK GETMETADATA completed
      ${LOGOUT}`,
    ));

  it('GETMETADATA and SETMETADATA are BAD before login', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a GETMETADATA "" /shared/comment
      S: a BAD GETMETADATA is not allowed before login
      C: b SETMETADATA "" (/shared/comment "x")
      S: b BAD SETMETADATA is not allowed before login
      ${LOGOUT}`,
    ));
});

describe('values', () => {
  it('quoted, empty, 8-bit (a literal), binary with NUL (a literal8), over 1024 octets (a literal)', () => {
    const utf8 = 'caf\u00e9 \u2603';
    const bytes = Buffer.from(utf8, 'utf8').toString('latin1');
    return runTranscript(
      server.port,
      `${LOGIN}
      C: a SETMETADATA Drafts (/private/empty "" /private/utf8 {${Buffer.byteLength(utf8)}+}\\r\\n${utf8} /private/bin ~{5+}\\r\\na\u0000b\u0000c /private/long ${lit('y'.repeat(1025))} /shared/q "say \\"hi\\" \\\\o/")
      S: a OK SETMETADATA completed
      C: b GETMETADATA Drafts (DEPTH infinity) (/private /shared)
      S: * METADATA Drafts (/private/bin ~{5}\\r\\na\u0000b\u0000c /private/empty "" /private/long ${slit('y'.repeat(1025))} /private/utf8 {${Buffer.byteLength(utf8)}}\\r\\n${bytes} /shared/q "say \\"hi\\" \\\\o/")
      S: b OK GETMETADATA completed
      C: c GETMETADATA Drafts (MAXSIZE 5) (/private/bin /private/empty /private/long)
      S: * METADATA Drafts (/private/bin ~{5}\\r\\na\u0000b\u0000c /private/empty "")
      S: c OK [METADATA LONGENTRIES 1025] GETMETADATA completed
      C: z SETMETADATA Drafts (/private/empty NIL /private/utf8 NIL /private/bin NIL /private/long NIL /shared/q NIL)
      S: z OK SETMETADATA completed
      ${LOGOUT}`,
    );
  });

  it('names are case-insensitive: setting in other case replaces the entry and keeps the new spelling', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a SETMETADATA Junk (/shared/Vendor/Acme/Mode "a")
      S: a OK SETMETADATA completed
      C: b SETMETADATA Junk (/SHARED/vendor/acme/MODE "b")
      S: b OK SETMETADATA completed
      C: c GETMETADATA Junk (DEPTH infinity) /shared/VENDOR
      S: * METADATA Junk (/SHARED/vendor/acme/MODE "b")
      S: c OK GETMETADATA completed
      C: d SETMETADATA Junk (/shared/vendor/acme/mode NIL)
      S: d OK SETMETADATA completed
      C: e GETMETADATA Junk (DEPTH infinity) /shared
      S: e OK GETMETADATA completed
      ${LOGOUT}`,
    ));
});

describe('limits', () => {
  it('[METADATA MAXSIZE n] for a value over the largest allowed, and nothing of the command is stored', async () => {
    const limited = await startTestServer({ metadataMaxValueSize: 1024 });
    try {
      await runTranscript(
        limited.port,
        `${LOGIN}
        C: a SETMETADATA INBOX (/shared/ok ${lit('z'.repeat(1024))})
        S: a OK SETMETADATA completed
        C: b SETMETADATA INBOX (/shared/first "1" /shared/big ${lit('z'.repeat(1025))})
        S: b NO [METADATA MAXSIZE 1024] Entry value too large (at most 1024 octets)
        C: c GETMETADATA INBOX (/shared/first /shared/big)
        S: c OK GETMETADATA completed
        C: d SETMETADATA "" (/private/big ~{1025+}\\r\\n${'z'.repeat(1025)})
        S: d NO [METADATA MAXSIZE 1024] Entry value too large (at most 1024 octets)
        ${LOGOUT}`,
      );
    } finally {
      await limited.stop();
    }
  });

  it('[METADATA MAXSIZE n] when the user\'s values would pass the total, n being what still fits', async () => {
    const limited = await startTestServer({ metadataMaxValueSize: 1024, metadataMaxTotalSize: 4096 });
    try {
      // The account already holds the CPM default-folder entry: "CPM/default/", 12 octets.
      const k = 'k'.repeat(1000);
      await runTranscript(
        limited.port,
        `${LOGIN}
        C: a SETMETADATA INBOX (/shared/t1 ${lit(k)} /shared/t2 ${lit(k)})
        S: a OK SETMETADATA completed
        C: b SETMETADATA Sent (/private/t3 ${lit(k)} /shared/t4 ${lit(k)})
        S: b OK SETMETADATA completed
        C: c SETMETADATA "" (/shared/t5 ${lit(k)})
        S: c NO [METADATA MAXSIZE 84] Entry values would take more than 4096 octets in all
        C: d SETMETADATA "" (/shared/t5 ${lit('k'.repeat(84))})
        S: d OK SETMETADATA completed
        C: e SETMETADATA INBOX (/shared/t1 NIL /shared/t6 "replaced within the total")
        S: e OK SETMETADATA completed
        C: f GETMETADATA INBOX (/shared/t1 /shared/t6)
        S: * METADATA INBOX (/shared/t6 "replaced within the total")
        S: f OK GETMETADATA completed
        ${LOGOUT}`,
      );
    } finally {
      await limited.stop();
    }
  });

  it('[METADATA TOOMANY] leaves nothing of the command behind', async () => {
    const limited = await startTestServer({ metadataMaxEntries: 10 });
    try {
      const eleven = Array.from({ length: 11 }, (_, i) => `/private/n${i} "${i}"`).join(' ');
      await runTranscript(
        limited.port,
        `${LOGIN}
        C: a SETMETADATA Trash (${eleven})
        S: a NO [METADATA TOOMANY] Too many entries (at most 10 here)
        C: b GETMETADATA Trash (DEPTH infinity) /private
        S: b OK GETMETADATA completed
        ${LOGOUT}`,
      );
    } finally {
      await limited.stop();
    }
  });

  it('[METADATA NOPRIVATE] when private entries are turned off; /shared ones still work', async () => {
    const limited = await startTestServer({ metadataPrivate: false });
    try {
      await runTranscript(
        limited.port,
        `${LOGIN}
        C: a SETMETADATA INBOX (/shared/comment "ok" /private/comment "no")
        S: a NO [METADATA NOPRIVATE] Private entries are not supported
        C: b SETMETADATA "" (/private/comment "no")
        S: b NO [METADATA NOPRIVATE] Private entries are not supported
        C: c SETMETADATA INBOX (/shared/comment "ok")
        S: c OK SETMETADATA completed
        C: d GETMETADATA INBOX (DEPTH infinity) (/shared /private)
        S: * METADATA INBOX (/shared/comment "ok")
        S: d OK GETMETADATA completed
        ${LOGOUT}`,
      );
    } finally {
      await limited.stop();
    }
  });
});

describe('mailboxes and rights', () => {
  it('a mailbox that does not exist, or that belongs to another user, is NONEXISTENT', async () => {
    const bob = await server.server.store.createUser('bob', 'bob-pw');
    await server.server.store.createMailbox(bob.id, 'BobOnly');
    await runTranscript(
      server.port,
      `${LOGIN}
      C: a GETMETADATA Nowhere /shared/comment
      S: a NO [NONEXISTENT] Mailbox does not exist
      C: b SETMETADATA Nowhere (/shared/comment "x")
      S: b NO [NONEXISTENT] Mailbox does not exist
      C: c SETMETADATA BobOnly (/shared/comment "x")
      S: c NO [NONEXISTENT] Mailbox does not exist
      C: d GETMETADATA BobOnly /private/comment
      S: d NO [NONEXISTENT] Mailbox does not exist
      ${LOGOUT}`,
    );
  });

  it('/shared/admin is read-only for clients (the operator sets it)', async () => {
    const alice = (await server.server.store.listUsers()).find((u) => u.name === 'alice')!;
    await server.server.store.setMetadata(alice.id, null, [{ name: '/shared/admin', value: Buffer.from('mailto:postmaster@example.com') }], {
      maxValueSize: 1024,
      maxEntries: 100,
      maxTotalSize: 100_000,
    });
    await runTranscript(
      server.port,
      `${LOGIN}
      C: a GETMETADATA "" /shared/admin
      S: * METADATA "" (/shared/admin "mailto:postmaster@example.com")
      S: a OK GETMETADATA completed
      C: b SETMETADATA "" (/shared/admin "mailto:me@example.com")
      S: b NO [NOPERM] /shared/admin is read-only
      C: c SETMETADATA "" (/shared/ADMIN NIL)
      S: c NO [NOPERM] /shared/admin is read-only
      C: d SETMETADATA INBOX (/shared/admin "a mailbox entry of that name is an ordinary one")
      S: d OK SETMETADATA completed
      C: e SETMETADATA INBOX (/shared/admin NIL)
      S: e OK SETMETADATA completed
      ${LOGOUT}`,
    );
  });

  it('\\Noselect mailboxes carry entries too; the other mailboxes are untouched by a change', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE ns/child
      S: a OK CREATE completed
      C: b DELETE ns
      S: b OK DELETE completed
      C: c SETMETADATA ns (/shared/comment "parent only")
      S: c OK SETMETADATA completed
      C: d GETMETADATA ns /shared/comment
      S: * METADATA ns (/shared/comment "parent only")
      S: d OK GETMETADATA completed
      C: e GETMETADATA ns/child /shared/comment
      S: e OK GETMETADATA completed
      ${LOGOUT}`,
    ));
});

describe('RENAME and DELETE', () => {
  it('entries follow their mailbox (and its children) through RENAME', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE proj/sub
      S: a OK CREATE completed
      C: b SETMETADATA proj (/shared/comment "project" /private/comment "mine")
      S: b OK SETMETADATA completed
      C: c SETMETADATA proj/sub (/shared/comment "sub")
      S: c OK SETMETADATA completed
      C: d RENAME proj work
      S: d OK RENAME completed
      C: e GETMETADATA work (/shared/comment /private/comment)
      S: * METADATA work (/shared/comment "project" /private/comment "mine")
      S: e OK GETMETADATA completed
      C: f GETMETADATA work/sub /shared/comment
      S: * METADATA work/sub (/shared/comment "sub")
      S: f OK GETMETADATA completed
      C: g GETMETADATA proj /shared/comment
      S: g NO [NONEXISTENT] Mailbox does not exist
      C: h CREATE proj
      S: h OK CREATE completed
      C: i GETMETADATA proj (/shared/comment /private/comment)
      S: i OK GETMETADATA completed
      ${LOGOUT}`,
    ));

  it('entries vanish with DELETE: a mailbox created again under the name has none', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE gone
      S: a OK CREATE completed
      C: b SETMETADATA gone (/shared/comment "old" /private/comment "old")
      S: b OK SETMETADATA completed
      C: c DELETE gone
      S: c OK DELETE completed
      C: d GETMETADATA gone /shared/comment
      S: d NO [NONEXISTENT] Mailbox does not exist
      C: e CREATE gone
      S: e OK CREATE completed
      C: f GETMETADATA gone (/shared/comment /private/comment)
      S: f OK GETMETADATA completed
      C: g CREATE parent/kid
      S: g OK CREATE completed
      C: h SETMETADATA parent (/shared/comment "parent")
      S: h OK SETMETADATA completed
      C: i DELETE parent
      S: i OK DELETE completed
      C: j GETMETADATA parent /shared/comment
      S: j OK GETMETADATA completed
      ${LOGOUT}`,
    ));

  it('RENAME INBOX: the new mailbox gets a copy of INBOX\'s entries, and INBOX keeps them', async () => {
    const own = await startTestServer();
    try {
      await runTranscript(
        own.port,
        `${LOGIN}
        C: a SETMETADATA INBOX (/shared/comment "inbox" /private/comment "mine")
        S: a OK SETMETADATA completed
        C: b RENAME INBOX old-inbox
        S: b OK RENAME completed
        C: c GETMETADATA old-inbox (/shared/comment /private/comment)
        S: * METADATA old-inbox (/shared/comment "inbox" /private/comment "mine")
        S: c OK GETMETADATA completed
        C: d GETMETADATA INBOX (/shared/comment /private/comment)
        S: * METADATA INBOX (/shared/comment "inbox" /private/comment "mine")
        S: d OK GETMETADATA completed
        ${LOGOUT}`,
      );
    } finally {
      await own.stop();
    }
  });
});

describe('CPM default folder (OMA CPM Appendix H)', () => {
  it('a fresh account has the folder and the server entry naming it, followed by the separator', async () => {
    const fresh = await startTestServer();
    try {
      await runTranscript(
        fresh.port,
        `${LOGIN}
        C: a GETMETADATA "" ${CPM_ENTRY}
        S: * METADATA "" (${CPM_ENTRY} "CPM/default/")
        S: a OK GETMETADATA completed
        C: b GETMETADATA "" (DEPTH infinity) /shared/OMNA
        S: * METADATA "" (${CPM_ENTRY} "CPM/default/")
        S: b OK GETMETADATA completed
        C: c GETMETADATA "" (DEPTH 1) /shared/omna/omacpm20
        S: * METADATA "" (${CPM_ENTRY} "CPM/default/")
        S: c OK GETMETADATA completed
        C: d LIST "" CPM*
        S: * LIST (\\HasChildren) "/" CPM
        S: * LIST (\\HasNoChildren) "/" CPM/default
        S: d OK LIST completed
        C: e LSUB "" CPM/default
        S: * LSUB () "/" CPM/default
        S: e OK LSUB completed
        C: f SELECT CPM/default
        S: * 0 EXISTS
        S: * 0 RECENT
        S: * FLAGS (<*>)
        S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
        S: * OK [UIDVALIDITY <n>] UIDs valid
        S: * OK [UIDNEXT 1] Predicted next UID
        S: * OK [MAILBOXID (<id>)] Ok
        S: f OK [READ-WRITE] SELECT completed
        ${LOGOUT}`,
      );
    } finally {
      await fresh.stop();
    }
  });

  it('follows RENAME of the folder and of its parent; other renames leave it alone', async () => {
    const fresh = await startTestServer();
    try {
      await runTranscript(
        fresh.port,
        `${LOGIN}
        C: a RENAME CPM/default CPM/main
        S: a OK RENAME completed
        C: b GETMETADATA "" ${CPM_ENTRY}
        S: * METADATA "" (${CPM_ENTRY} "CPM/main/")
        S: b OK GETMETADATA completed
        C: c RENAME CPM Chat
        S: c OK RENAME completed
        C: d GETMETADATA "" ${CPM_ENTRY}
        S: * METADATA "" (${CPM_ENTRY} "Chat/main/")
        S: d OK GETMETADATA completed
        C: e CREATE Chat/mainly
        S: e OK CREATE completed
        C: f RENAME Chat/mainly Other
        S: f OK RENAME completed
        C: g RENAME Sent Sent2
        S: g OK RENAME completed
        C: h GETMETADATA "" ${CPM_ENTRY}
        S: * METADATA "" (${CPM_ENTRY} "Chat/main/")
        S: h OK GETMETADATA completed
        ${LOGOUT}`,
      );
    } finally {
      await fresh.stop();
    }
  });

  it('the rename is reported as a server entry change to sessions that enabled METADATA', async () => {
    const fresh = await startTestServer();
    const a = await loggedIn(fresh.port);
    const b = await loggedIn(fresh.port);
    try {
      await exchange(a, 'e', 'ENABLE METADATA-SERVER', ['* ENABLED METADATA-SERVER', 'e OK ENABLE completed']);
      await exchange(b, 'r', 'RENAME CPM/default CPM/renamed', ['r OK RENAME completed']);
      await exchange(a, 'n', 'NOOP', [`* METADATA "" ${CPM_ENTRY}`, 'n OK NOOP completed']);
    } finally {
      a.close();
      b.close();
      await fresh.stop();
    }
  });

  it('the folder comes from configuration; a client may point the entry elsewhere, but only at a folder name', async () => {
    const configured = await startTestServer({}, { cpmDefaultFolder: 'INBOX/CPM2/-=default=-' });
    try {
      await runTranscript(
        configured.port,
        `${LOGIN}
        C: a GETMETADATA "" ${CPM_ENTRY}
        S: * METADATA "" (${CPM_ENTRY} "INBOX/CPM2/-=default=-/")
        S: a OK GETMETADATA completed
        C: b LIST "" INBOX/CPM2/*
        S: * LIST (\\HasNoChildren) "/" INBOX/CPM2/-=default=-
        S: b OK LIST completed
        C: c SETMETADATA "" (${CPM_ENTRY} "no-separator")
        S: c NO [CANNOT] ${CPM_ENTRY} must be a mailbox name followed by "/"
        C: d SETMETADATA "" (${CPM_ENTRY} "/INBOX/CPM2/-=default=-")
        S: d NO [CANNOT] ${CPM_ENTRY} must be a mailbox name followed by "/"
        C: e SETMETADATA "" (${CPM_ENTRY} "Chats/")
        S: e OK SETMETADATA completed
        C: f GETMETADATA "" ${CPM_ENTRY.toLowerCase()}
        S: * METADATA "" (${CPM_ENTRY} "Chats/")
        S: f OK GETMETADATA completed
        ${LOGOUT}`,
      );
    } finally {
      await configured.stop();
    }
  });
});
