// NAMESPACE (RFC 2342), ID (RFC 2971), ENABLE (RFC 5161).
import { describe, it } from 'vitest';
import { runTranscript } from '../support/transcript.js';
import { useWireServer, LOGIN, LOGOUT } from './helpers.js';
import { SERVER_VERSION } from '../../src/version.js';

const server = useWireServer();

const ID = `* ID ("name" "cpm-imapd" "version" "${SERVER_VERSION}")`;

describe('NAMESPACE', () => {
  it('the personal, other users and shared namespaces, each with "/" as delimiter', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a NAMESPACE
      S: * NAMESPACE (("" "/")) (("Other Users/" "/")) (("Shared/" "/"))
      S: a OK NAMESPACE completed
      ${LOGOUT}`,
    ));

  it('is BAD before login and with arguments', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a NAMESPACE
      S: a BAD NAMESPACE is not allowed before login
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b NAMESPACE x
      S: b BAD Unexpected extra arguments
      ${LOGOUT}`,
    ));
});

describe('ID', () => {
  it('answers with the server identity, before and after login, for NIL or a list', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a ID NIL
      S: ${ID}
      S: a OK ID completed
      C: b ID ("name" "wire-test" "version" "1.0" "os" NIL)
      S: ${ID}
      S: b OK ID completed
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: c id ()
      S: ${ID}
      S: c OK ID completed
      ${LOGOUT}`,
    ));

  it('malformed ID commands are BAD', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a ID
      S: a BAD Missing ID parameters
      C: b ID ("name")
      S: b BAD <*>
      C: c ID ("name" "x"
      S: c BAD <*>
      C: d ID name
      S: d BAD Invalid ID parameters
      C: e ID ("${'f'.repeat(31)}" "x")
      S: e BAD ID field or value too long
      ${LOGOUT}`,
    ));
});

describe('ENABLE', () => {
  it('enables nothing it does not implement: an empty ENABLED response', () =>
    runTranscript(
      server.port,
      `${LOGIN}
      C: a ENABLE X-UNKNOWN
      S: * ENABLED
      S: a OK ENABLE completed
      C: b ENABLE X-UNKNOWN UTF8=ACCEPT
      S: * ENABLED
      S: b OK ENABLE completed
      ${LOGOUT}`,
    ));

  it('is BAD before login and without a capability', () =>
    runTranscript(
      server.port,
      `
      S: * OK <*>
      C: a ENABLE CONDSTORE
      S: a BAD ENABLE is not allowed before login
      C: L LOGIN alice wonderland
      S: L OK <*>
      C: b ENABLE
      S: b BAD Missing capability
      ${LOGOUT}`,
    ));
});
