// IDLE (RFC 2177): continuation, updates pushed at once, DONE.
import { describe, expect, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT, append, exchange, expectLines, loggedIn, message } from './helpers.js';

const server = useWireServer();

describe('IDLE', () => {
  it('+ idling, then DONE ends it with OK', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a CREATE idle-1
      S: a OK CREATE completed
      C: b SELECT idle-1
      S: * 0 EXISTS
      S: * 0 RECENT
      S: * FLAGS (<*>)
      S: * OK [PERMANENTFLAGS (<*>)] Flags permitted
      S: * OK [UIDVALIDITY <n>] UIDs valid
      S: * OK [UIDNEXT 1] Predicted next UID
      S: * OK [MAILBOXID (<id>)] Ok
      S: b OK [READ-WRITE] SELECT completed
      C: c IDLE
      S: + idling
      C: DONE
      S: c OK IDLE terminated
      C: d IDLE
      S: + idling
      C: done
      S: d OK IDLE terminated
      ${LOGOUT}`,
    ));

  it('works in the authenticated state too', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a IDLE
      S: + idling
      C: DONE
      S: a OK IDLE terminated
      ${LOGOUT}`,
    ));

  it('anything other than DONE ends it with BAD, and the session goes on', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a IDLE
      S: + idling
      C: b NOOP
      S: a BAD Expected DONE
      C: c NOOP
      S: c OK NOOP completed
      ${LOGOUT}`,
    ));

  it('an over-long line during IDLE is answered, and a DONE in the same packet still ends it', async () => {
    const c = await loggedIn(server.port);
    c.send('a IDLE');
    expect(await c.next()).toBe('+ idling\r\n');
    c.write(`${'x'.repeat(70_000)}\r\nDONE\r\n`); // past the 64 KiB line limit
    expectLines(await c.until('a'), ['* BAD [TOOBIG] Line too long', 'a OK IDLE terminated']);
    await exchange(c, 'b', 'NOOP', ['b OK NOOP completed']);
    c.close();
  });

  it('is BAD before login and with arguments', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a IDLE
      S: a BAD IDLE is not allowed before login
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b IDLE now
      S: b BAD Unexpected extra arguments
      ${LOGOUT}`,
    ));

  it('an APPEND by another session reaches the idler as EXISTS within 100 ms', async () => {
    const idler = await loggedIn(server.port);
    const other = await loggedIn(server.port);
    await exchange(idler, 'a', 'CREATE idle-push', ['a OK CREATE completed']);
    await idler.command('b', 'SELECT idle-push');
    idler.send('c IDLE');
    expect(await idler.next()).toBe('+ idling\r\n');

    const text = message('pushed');
    const sent = performance.now();
    other.write(`p APPEND idle-push {${Buffer.byteLength(text)}+}\r\n${text}\r\n`);
    const first = await idler.next(1000);
    const elapsed = performance.now() - sent;
    expect(first).toBe('* 1 EXISTS\r\n');
    expect(elapsed).toBeLessThan(100);
    expect(await idler.next()).toBe('* 1 RECENT\r\n');
    expectLines(await other.until('p'), ['p OK [APPENDUID <n> 1] APPEND completed']);

    idler.send('DONE');
    expectLines(await idler.until('c'), ['c OK IDLE terminated']);
    idler.close();
    other.close();
  });

  it('flag changes and EXPUNGEs by another session are pushed during IDLE', async () => {
    const idler = await loggedIn(server.port);
    const other = await loggedIn(server.port);
    await exchange(idler, 'a', 'CREATE idle-exp', ['a OK CREATE completed']);
    await append(idler, 'idle-exp', message('one'));
    await append(idler, 'idle-exp', message('two'));
    await other.command('s', 'SELECT idle-exp'); // takes \Recent, so the idler's flags are plain
    await idler.command('b', 'SELECT idle-exp');
    idler.send('c IDLE');
    expect(await idler.next()).toBe('+ idling\r\n');

    await exchange(other, 'd', 'STORE 2 +FLAGS.SILENT (\\Flagged)', ['d OK STORE completed']);
    expect(await idler.next(1000)).toBe('* 2 FETCH (FLAGS (\\Flagged))\r\n');
    await exchange(other, 'e', 'STORE 1 +FLAGS.SILENT (\\Deleted)', ['e OK STORE completed']);
    expect(await idler.next(1000)).toBe('* 1 FETCH (FLAGS (\\Deleted))\r\n');
    await exchange(other, 'f', 'EXPUNGE', ['* 1 EXPUNGE', 'f OK EXPUNGE completed']);
    expect(await idler.next(1000)).toBe('* 1 EXPUNGE\r\n');

    idler.send('DONE');
    expectLines(await idler.until('c'), ['c OK IDLE terminated']);
    await exchange(idler, 'g', 'FETCH 1:* (UID FLAGS)', ['* 1 FETCH (UID 2 FLAGS (\\Flagged))', 'g OK FETCH completed']);
    idler.close();
    other.close();
  });
});
