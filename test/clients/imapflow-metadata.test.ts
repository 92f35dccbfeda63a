// METADATA through imapflow. imapflow has no METADATA API, but its generic `exec(command,
// attributes, { untagged })` sends any command and hands untagged responses to a callback:
// that is how a CPM client built on it reads and writes entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImapFlow } from 'imapflow';
import { startTestServer, type TestServer } from '../support/server.js';
import { connectFlow, type CheckedClient } from '../support/imapflow.js';

interface Attribute {
  type: string;
  value?: unknown;
}
interface Untagged {
  attributes: Array<Attribute | Attribute[]>;
}
type Exec = (
  command: string,
  attributes: Array<Attribute | Attribute[]>,
  options?: { untagged?: Record<string, (u: Untagged) => Promise<void>> },
) => Promise<{ response: { attributes?: Array<{ section?: Attribute[] }> }; next: () => void }>;

let server: TestServer;
const open: CheckedClient[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  for (const c of open) {
    await c.client.logout().catch(() => undefined);
    expect(c.violations).toEqual([]);
  }
  await server.stop();
});

async function connect(): Promise<ImapFlow> {
  const c = await connectFlow(server.port);
  open.push(c);
  return c.client;
}

const exec = (client: ImapFlow) => (client as unknown as { exec: Exec }).exec.bind(client);
const atom = (value: string): Attribute => ({ type: 'ATOM', value });
const str = (value: string): Attribute => ({ type: 'STRING', value });

function valueOf(a: Attribute | Attribute[] | undefined): string | null {
  if (!a || Array.isArray(a)) return null;
  if (a.value === null || a.value === undefined) return null;
  return Buffer.isBuffer(a.value) ? a.value.toString('utf8') : String(a.value);
}

/** GETMETADATA: the entries of the METADATA responses as a name → value map, and the tagged OK's code. */
async function getMetadata(client: ImapFlow, mailbox: string, entries: string[], options: Attribute[] = []) {
  const found: Record<string, string | null> = {};
  const args: Array<Attribute | Attribute[]> = [];
  if (options.length) args.push(options);
  args.push(str(mailbox), entries.map(atom));
  const res = await exec(client)('GETMETADATA', args, {
    untagged: {
      METADATA: async (untagged) => {
        const list = untagged.attributes[1];
        if (!Array.isArray(list)) return;
        for (let i = 0; i + 1 < list.length; i += 2) found[valueOf(list[i])!] = valueOf(list[i + 1]);
      },
    },
  });
  res.next();
  const section = res.response.attributes?.[0]?.section ?? [];
  return { found, code: section.map((s) => valueOf(s)).join(' ') };
}

/** Values with CR, LF or 8-bit go as literals: imapflow would put CR/LF in a quoted string as \\r\\n. */
const value = (v: string | null): Attribute =>
  v === null ? atom('NIL') : /^[\x20-\x7e]*$/.test(v) ? str(v) : { type: 'LITERAL', value: Buffer.from(v, 'utf8') };

async function setMetadata(client: ImapFlow, mailbox: string, pairs: Array<[string, string | null]>) {
  const list: Attribute[] = pairs.flatMap(([name, v]) => [atom(name), value(v)]);
  const res = await exec(client)('SETMETADATA', [str(mailbox), list]);
  res.next();
}

describe('imapflow and METADATA', () => {
  it('advertises METADATA and METADATA-SERVER', async () => {
    const client = await connect();
    expect(client.capabilities.has('METADATA')).toBe(true);
    expect(client.capabilities.has('METADATA-SERVER')).toBe(true);
  });

  it('reads the CPM default-folder server entry, writes and reads server and mailbox entries', async () => {
    const client = await connect();
    const cpm = await getMetadata(client, '', ['/shared/OMNA/OMACPM20/DefaultFolderLocation']);
    expect(cpm.found).toEqual({ '/shared/OMNA/OMACPM20/DefaultFolderLocation': 'CPM/default/' });

    await setMetadata(client, 'INBOX', [
      ['/private/comment', 'My new comment'],
      ['/shared/comment', 'line one\r\nline two (a literal)'],
    ]);
    const both = await getMetadata(client, 'INBOX', ['/private/comment', '/shared/comment']);
    expect(both.found).toEqual({ '/private/comment': 'My new comment', '/shared/comment': 'line one\r\nline two (a literal)' });

    const cut = await getMetadata(client, 'INBOX', ['/shared'], [atom('DEPTH'), atom('infinity'), atom('MAXSIZE'), atom('10')]);
    expect(cut.found).toEqual({});
    expect(cut.code).toBe('METADATA LONGENTRIES 30');

    await setMetadata(client, 'INBOX', [['/private/comment', null]]);
    expect((await getMetadata(client, 'INBOX', ['/private/comment'])).found).toEqual({});

    await setMetadata(client, '', [['/private/vendor/example/theme', 'dark']]);
    expect((await getMetadata(client, '', ['/private/vendor'], [atom('DEPTH'), atom('1')])).found).toEqual({});
    expect((await getMetadata(client, '', ['/private/vendor'], [atom('DEPTH'), atom('infinity')])).found).toEqual({
      '/private/vendor/example/theme': 'dark',
    });
  });

  it('a refused SETMETADATA rejects with the RFC 5464 response code', async () => {
    const client = await connect();
    const err = await setMetadata(client, 'Nowhere', [['/shared/comment', 'x']]).catch((e: unknown) => e as { responseStatus?: string; responseText?: string });
    expect(err).toMatchObject({ responseStatus: 'NO' });
    const bad = await setMetadata(client, 'INBOX', [['/private', 'x']]).catch((e: unknown) => e as { responseStatus?: string });
    expect(bad).toMatchObject({ responseStatus: 'BAD' });
  });
});
