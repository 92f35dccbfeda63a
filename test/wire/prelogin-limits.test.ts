// Before login, a literal may be no longer than a command line: no command allowed then needs
// more, and an unauthenticated client must not make the server hold APPENDLIMIT bytes.
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGOUT } from './helpers.js';

const server = useWireServer({ maxLineLength: 1000 }); // literals: the default 64 MiB

describe('literals before login', () => {
  it('are refused past the line length, synchronizing or not, and the session goes on', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a LOGIN {1001}
      S: a NO [TOOBIG] Literal too big
      C: b APPEND INBOX {67108864}
      S: b NO [TOOBIG] Literal too big
      C: c LOGIN alice {1001+}\\r\\n${'x'.repeat(1001)}
      S: c NO [TOOBIG] Literal too big
      C: d LOGIN {5}
      S: + Ready for literal data
      C: alice {10}
      S: + Ready for literal data
      C: wonderland
      S: d OK <*> Logged in
      C: e APPEND INBOX {1001}
      S: + Ready for literal data
      C: ${'y'.repeat(1001)}
      S: e OK [APPENDUID <n> 1] APPEND completed
      ${LOGOUT}`,
    ));
});
