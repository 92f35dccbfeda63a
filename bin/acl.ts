// `cpm-imapd acl get|set|del`: reads and changes the RFC 4314 ACL of a mailbox directly in the
// store, as an operator. The same rules as the SETACL/DELETEACL/GETACL commands (rights
// letters, c → k and d → xte, +/- to add or remove, the owner's rights fixed). Like `user`,
// it can run beside a running server (SQLite in WAL mode).
import { prepareQuery } from '../src/auth/saslprep.js';
import { canonicalInbox } from '../src/imap/namespace.js';
import { ALL_RIGHTS, canonicalRights, parseRights } from '../src/imap/rights.js';
import type { Store, User } from '../src/store/types.js';
import { CliError, EXIT_OK, UsageError, nonEmpty, parse, type Io } from './args.js';
import { DEFAULT_DATA_DIR, requireStore, withStore } from './user.js';

export const ACL_HELP = `Usage: cpm-imapd acl <command> [options]

Read and change the access control list (RFC 4314) of a mailbox of an account.

Commands:
  get OWNER MAILBOX                     print the ACL: the owner first, then each entry
  set OWNER MAILBOX IDENTIFIER RIGHTS   set an entry: RIGHTS replaces, +RIGHTS adds, -RIGHTS removes
  del OWNER MAILBOX IDENTIFIER          remove an entry

IDENTIFIER is an account name or "anyone"; "-name" / "-anyone" is a negative entry (rights taken
away from what the others give). RIGHTS are letters of ${ALL_RIGHTS} (c means k, d means xte).
Put "--" before arguments that begin with "-": cpm-imapd acl set alice Box -- -bob w
The owner always has every right; MAILBOX is the name in OWNER's own hierarchy.

The shared namespace: create an account of kind shared (it gets INBOX and the default folders
but cannot log in), then give rights on its mailboxes, e.g.
  cpm-imapd user add public --kind shared
  cpm-imapd acl set public INBOX anyone lrk
Users then see "Shared/public/INBOX", and with k may create "Shared/public/News" (which takes
the ACL of its parent). Users share their own mailboxes with SETACL; others see them as
"Other Users/<owner>/<mailbox>".

Options (all commands):
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})
  -h, --help   show this help

Exit codes: 0 success, 1 failure (unknown account, mailbox or identifier), 2 usage error.`;

const options = { data: { type: 'string' } } as const;

const ARITY = { get: 2, set: 4, del: 3 } as const;

export async function aclCommand(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  if (action === undefined) throw new UsageError('missing acl command (get, set or del)', 'acl');
  if (action === '-h' || action === '--help' || action === 'help') {
    io.out(ACL_HELP);
    return EXIT_OK;
  }
  if (action !== 'get' && action !== 'set' && action !== 'del') throw new UsageError(`unknown acl command "${action}" (get, set or del)`, 'acl');
  const command = `acl ${action}`;
  const { values, positionals } = parse(rest, options, command);
  if (values.help) {
    io.out(ACL_HELP);
    return EXIT_OK;
  }
  const names = ['OWNER', 'MAILBOX', 'IDENTIFIER', 'RIGHTS'];
  if (positionals.length < ARITY[action]) throw new UsageError(`missing ${names[positionals.length]}`, command);
  if (positionals.length > ARITY[action]) throw new UsageError(`unexpected argument "${positionals[ARITY[action]]}"`, command);
  const [ownerName, mailboxName, identifier, rightsText] = positionals as [string, string, string?, string?];
  let rights: { mode: 'add' | 'remove' | 'replace'; set: Set<string> } | null = null;
  if (rightsText !== undefined) {
    const mode = rightsText.startsWith('+') ? 'add' : rightsText.startsWith('-') ? 'remove' : 'replace';
    const set = parseRights(mode === 'replace' ? rightsText : rightsText.slice(1));
    if ('unknown' in set) throw new UsageError(`unknown right "${set.unknown}" (rights are ${ALL_RIGHTS}, c and d)`, command);
    rights = { mode, set };
  }
  const dataDir = nonEmpty(values.data, 'data', command) ?? DEFAULT_DATA_DIR;
  requireStore(dataDir);
  return withStore(dataDir, async (store) => {
    const owner = await store.getUser(ownerName);
    if (!owner) throw new CliError(`${command}: no such account "${ownerName}"`);
    const mailbox = await store.getMailbox(owner.id, canonicalInbox(mailboxName));
    if (!mailbox) throw new CliError(`${command}: account "${ownerName}" has no mailbox "${mailboxName}"`);
    if (action === 'get') {
      io.out(`${owner.name}\t${ALL_RIGHTS}`);
      for (const e of await store.getAcl(mailbox.id)) io.out(`${e.negative ? '-' : ''}${e.granteeName ?? 'anyone'}\t${e.rights}`);
      return EXIT_OK;
    }
    const entry = await grantee(store, owner, identifier!, command);
    if (action === 'del') {
      const removed = await store.deleteAcl(mailbox.id, entry.granteeId, entry.negative);
      io.out(removed ? `Removed the entry of ${identifier}` : `No entry for ${identifier}`);
      return EXIT_OK;
    }
    let next = rights!.set;
    if (rights!.mode !== 'replace') {
      const current = new Set((await store.getAcl(mailbox.id)).find((e) => e.granteeId === entry.granteeId && e.negative === entry.negative)?.rights ?? '');
      next = rights!.mode === 'add' ? new Set([...current, ...next]) : new Set([...current].filter((r) => !next.has(r)));
    }
    const result = canonicalRights(next);
    await store.setAcl(mailbox.id, entry.granteeId, entry.negative, result);
    io.out(result === '' ? `Removed the entry of ${identifier}` : `${identifier}\t${result}`);
    return EXIT_OK;
  }, command);
}

async function grantee(store: Store, owner: User, identifier: string, command: string): Promise<{ granteeId: number | null; negative: boolean }> {
  const negative = identifier.startsWith('-');
  const name = negative ? identifier.slice(1) : identifier;
  if (name === 'anyone') return { granteeId: null, negative };
  const prepared = prepareQuery(name);
  const user = prepared === null ? null : await store.getUser(prepared);
  if (!user) throw new CliError(`${command}: unknown identifier "${identifier}" (an account name or anyone)`);
  if (user.id === owner.id) throw new CliError(`${command}: the owner's rights cannot be changed`);
  return { granteeId: user.id, negative };
}
