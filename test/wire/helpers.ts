// Shared bits for the wire transcript tests: the login lines, literal builders, a
// logged-in RawClient, and exact-line matching with the same wildcards as transcripts
// (`<n>` a number, `<id>` an object id, `<*>` any text).
import { afterAll, beforeAll, expect } from 'vitest';
import { RawClient } from '../support/imap-client.js';
import { startTestServer, TEST_PASSWORD, TEST_USER, type TestServer } from '../support/server.js';
import type { Limits } from '../../src/config.js';

/**
 * One server for a test file, started before its tests and stopped after them; the object
 * returned is filled in once the server is up.
 */
export function useWireServer(limits: Partial<Limits> = {}): TestServer {
  const server = {} as TestServer;
  beforeAll(async () => {
    Object.assign(server, await startTestServer(limits));
  });
  afterAll(() => server.stop());
  return server;
}

/** The capabilities after login (no AUTH=), with the default APPENDLIMIT. */
export const CAPS =
  'IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UNSELECT UIDPLUS MOVE CHILDREN SPECIAL-USE OBJECTID LIST-EXTENDED LIST-STATUS STATUS=SIZE ESEARCH SEARCHRES SORT SORT=DISPLAY THREAD=ORDEREDSUBJECT THREAD=REFERENCES CONDSTORE QRESYNC METADATA METADATA-SERVER NOTIFY ACL RIGHTS=texk APPENDLIMIT=67108864';

/** Transcript lines: the greeting and a successful LOGIN tagged `L`. */
export const LOGIN = `
  S: * OK [CAPABILITY <*>] cpm-imapd ready
  C: L LOGIN ${TEST_USER} ${TEST_PASSWORD}
  S: L OK [CAPABILITY <*>] Logged in
`;

/** Transcript lines: LOGOUT tagged `Z`, to the close of the connection. */
export const LOGOUT = `
  C: Z LOGOUT
  S: * BYE cpm-imapd logging out
  S: Z OK LOGOUT completed
  S: (closed)
`;

/** A small RFC 5322 message (CRLF line ends). */
export function message(subject: string, body = 'Hello.'): string {
  return `From: alice@example.com\r\nSubject: ${subject}\r\n\r\n${body}\r\n`;
}

/** Writes CRLF as the transcript escape `\r\n`. */
export function esc(text: string): string {
  return text.replace(/\r\n/g, '\\r\\n');
}

/** A non-synchronizing literal (RFC 7888) with its data, for a `C:` line. */
export function lit(text: string): string {
  return `{${Buffer.byteLength(text)}+}\\r\\n${esc(text)}`;
}

/** A literal as the server sends it, for an `S:` line. */
export function slit(text: string): string {
  return `{${Buffer.byteLength(text)}}\\r\\n${esc(text)}`;
}

/** Connects, reads the greeting and logs in. */
export async function loggedIn(port: number): Promise<RawClient> {
  const c = await RawClient.connect(port);
  await c.next();
  const r = await c.command('L', `LOGIN ${TEST_USER} ${TEST_PASSWORD}`);
  expect(r[r.length - 1]).toMatch(/^L OK /);
  return c;
}

function pattern(expected: string): RegExp {
  const source = expected
    .replace(/\\r\\n/g, '\r\n')
    .split(/(<n>|<id>|<\*>)/)
    .map((part) => {
      if (part === '<n>') return '\\d+';
      if (part === '<id>') return '[A-Za-z0-9_-]+';
      if (part === '<*>') return '.*?';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}\\r\\n$`, 's');
}

/** Responses (as RawClient returns them) must be exactly these lines, in order. */
export function expectLines(actual: string[], expected: string[]): void {
  const shown = actual.map((a) => a.replace(/\r\n$/, ''));
  expect(actual.length, `got:\n${shown.join('\n')}`).toBe(expected.length);
  expected.forEach((e, i) => expect(actual[i], `line ${i + 1}; got:\n${shown.join('\n')}`).toMatch(pattern(e)));
}

/** Sends a command and checks every response up to its tagged one. */
export async function exchange(c: RawClient, tag: string, command: string, expected: string[]): Promise<string[]> {
  const got = await c.command(tag, command);
  expectLines(got, expected);
  return got;
}

/** Appends a message with LITERAL+; returns its UID. */
export async function append(c: RawClient, mailbox: string, text: string, flags = ''): Promise<number> {
  c.write(`ap APPEND ${mailbox} ${flags ? `(${flags}) ` : ''}{${Buffer.byteLength(text)}+}\r\n${text}\r\n`);
  const got = await c.until('ap');
  const m = /^ap OK \[APPENDUID \d+ (\d+)\]/.exec(got[got.length - 1]!);
  expect(m, got.join('')).not.toBeNull();
  return Number(m![1]);
}

/** The value of one STATUS item, e.g. MAILBOXID, as text. */
export async function statusItem(c: RawClient, mailbox: string, item: string): Promise<string> {
  const got = await c.command('st', `STATUS ${mailbox} (${item})`);
  const m = new RegExp(`^\\* STATUS .* \\(${item} (\\(?[^)]*\\)?)\\)\\r\\n$`).exec(got[0]!);
  expect(m, got.join('')).not.toBeNull();
  return m![1]!;
}
