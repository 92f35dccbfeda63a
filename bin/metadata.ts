// `cpm-imapd metadata get|set`: reads and changes RFC 5464 METADATA entries of an account
// (server entries, or those of one of its mailboxes) directly in the store, as an operator.
// Like `user`, it can run beside a running server (SQLite in WAL mode); sessions of that
// server are not sent unsolicited METADATA for these changes (they happen in another process).
import { DEFAULT_FOLDER_ENTRY } from '../src/cpm/default-folder.js';
import { defaultLimits } from '../src/config.js';
import { entryNameError } from '../src/protocol/metadata.js';
import { MetadataLimitError, StoreError, type Store } from '../src/store/types.js';
import { CliError, EXIT_OK, UsageError, nonEmpty, parse, type Io } from './args.js';
import { DEFAULT_DATA_DIR, requireStore, withStore } from './user.js';

export const METADATA_HELP = `Usage: cpm-imapd metadata <command> [options]

Read and change the METADATA entries (RFC 5464) of an account: its server entries, or the
entries of one of its mailboxes.

Commands:
  get USER [MAILBOX] ENTRY                 print the value of an entry
  set USER [MAILBOX] ENTRY (VALUE | --nil)  set an entry, or remove it with --nil

MAILBOX left out (or "") means the account's server entries, e.g. the CPM default folder
${DEFAULT_FOLDER_ENTRY}.
ENTRY names begin with /private or /shared (RFC 5464 Section 3.2).

Options (all commands):
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})
  -h, --help   show help for a command: cpm-imapd metadata set --help

Exit codes: 0 success, 1 failure (unknown user, mailbox or entry, value refused), 2 usage error.`;

const GET_HELP = `Usage: cpm-imapd metadata get USER [MAILBOX] ENTRY [--data DIR]

Prints the value of ENTRY (as UTF-8 text, followed by a newline): a server entry of the account
USER, or with MAILBOX an entry of that mailbox. /private entries are USER's own.
Exits 1 if the entry does not exist.

Example: cpm-imapd metadata get alice ${DEFAULT_FOLDER_ENTRY}

Options:
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})`;

const SET_HELP = `Usage: cpm-imapd metadata set USER [MAILBOX] ENTRY (VALUE | --nil) [--data DIR]

Sets ENTRY to VALUE (UTF-8 text), or removes it with --nil: a server entry of the account USER,
or with MAILBOX an entry of that mailbox. The operator may set what clients may not, such as
/shared/admin (RFC 5464: a mailto: or tel: URI for reaching the administrator). The default
limits apply: values up to ${defaultLimits.metadataMaxValueSize} octets, ${defaultLimits.metadataMaxEntries} entries per scope.

Example: cpm-imapd metadata set alice /shared/admin mailto:postmaster@example.com

Options:
  --nil        remove the entry instead of setting it
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})`;

const getOptions = { data: { type: 'string' } } as const;
const setOptions = { data: { type: 'string' }, nil: { type: 'boolean' } } as const;

export async function metadataCommand(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case undefined:
      throw new UsageError('missing metadata command (get or set)', 'metadata');
    case '-h':
    case '--help':
    case 'help':
      io.out(METADATA_HELP);
      return EXIT_OK;
    case 'get': {
      const command = 'metadata get';
      const { values, positionals } = parse(rest, getOptions, command);
      if (values.help) {
        io.out(GET_HELP);
        return EXIT_OK;
      }
      const target = parseTarget(positionals, 0, command);
      const dataDir = nonEmpty(values.data, 'data', command) ?? DEFAULT_DATA_DIR;
      requireStore(dataDir);
      return withStore(dataDir, async (store) => {
        const { userId, mailboxId } = await resolve(store, target, command);
        const [found] = await store.getMetadata(userId, mailboxId, [target.entry], 0);
        if (!found) throw new CliError(`${command}: no entry ${target.entry} ${where(target)}`);
        io.out(found.value.toString('utf8'));
        return EXIT_OK;
      }, command, target.user);
    }
    case 'set': {
      const command = 'metadata set';
      const { values, positionals } = parse(rest, setOptions, command);
      if (values.help) {
        io.out(SET_HELP);
        return EXIT_OK;
      }
      const target = parseTarget(positionals, values.nil ? 0 : 1, command);
      const value = values.nil ? null : Buffer.from(positionals[positionals.length - 1]!, 'utf8');
      const dataDir = nonEmpty(values.data, 'data', command) ?? DEFAULT_DATA_DIR;
      requireStore(dataDir);
      return withStore(dataDir, async (store) => {
        const { userId, mailboxId } = await resolve(store, target, command);
        try {
          await store.setMetadata(userId, mailboxId, [{ name: target.entry, value }], {
            maxValueSize: defaultLimits.metadataMaxValueSize,
            maxEntries: defaultLimits.metadataMaxEntries,
            maxTotalSize: defaultLimits.metadataMaxTotalSize,
          });
        } catch (err) {
          if (err instanceof MetadataLimitError) throw new CliError(`${command}: ${err.message} [METADATA ${err.metadataCode}]`);
          if (err instanceof StoreError) throw new CliError(`${command}: ${err.message}`);
          throw err;
        }
        io.out(value === null ? `Removed ${target.entry} ${where(target)}` : `Set ${target.entry} ${where(target)}`);
        return EXIT_OK;
      }, command, target.user);
    }
    default:
      throw new UsageError(`unknown metadata command "${action}" (get or set)`, 'metadata');
  }
}

interface Target {
  user: string;
  /** '' for server entries. */
  mailbox: string;
  entry: string;
}

/**
 * USER [MAILBOX] ENTRY followed by `extra` more positionals (the VALUE of set). An entry name
 * begins with "/" and a mailbox name never does, so the second word tells which was given.
 */
function parseTarget(positionals: string[], extra: number, command: string): Target {
  const [user, second] = positionals;
  if (user === undefined) throw new UsageError('missing USER', command);
  if (second === undefined) throw new UsageError('missing ENTRY', command);
  const withMailbox = !second.startsWith('/');
  const needed = (withMailbox ? 3 : 2) + extra;
  if (positionals.length < needed) {
    throw new UsageError(withMailbox && positionals.length === 2 ? 'missing ENTRY' : extra ? 'missing VALUE (or --nil)' : 'missing ENTRY', command);
  }
  if (positionals.length > needed) throw new UsageError(`unexpected argument "${positionals[needed]}"`, command);
  const mailbox = withMailbox ? second : '';
  const entry = withMailbox ? positionals[2]! : second;
  const error = entryNameError(entry, 'entry');
  if (error) throw new UsageError(`invalid ENTRY "${entry}": ${error.charAt(0).toLowerCase()}${error.slice(1)}`, command);
  return { user, mailbox: /^inbox$/i.test(mailbox) ? 'INBOX' : mailbox, entry };
}

async function resolve(store: Store, target: Target, command: string): Promise<{ userId: number; mailboxId: number | null }> {
  const user = (await store.listUsers()).find((u) => u.name === target.user);
  if (!user) throw new CliError(`${command}: no such user "${target.user}"`);
  if (target.mailbox === '') return { userId: user.id, mailboxId: null };
  const mailbox = await store.getMailbox(user.id, target.mailbox);
  if (!mailbox) throw new CliError(`${command}: user "${target.user}" has no mailbox "${target.mailbox}"`);
  return { userId: user.id, mailboxId: mailbox.id };
}

function where(target: Target): string {
  return target.mailbox === '' ? `(server entry of "${target.user}")` : `on mailbox "${target.mailbox}" of "${target.user}"`;
}


