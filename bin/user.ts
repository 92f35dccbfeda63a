// `cpm-imapd user add|passwd|del|list`: account management on the store in a data folder.
// Opens the store directly (SQLite in WAL mode lets this run beside a running server).
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChangeBus } from '../src/events/bus.js';
import { DEFAULT_CPM_FOLDER, DEFAULT_FOLDER_ENTRY } from '../src/cpm/default-folder.js';
import { invalidMailboxName } from '../src/imap/mailbox-name.js';
import { DATABASE_FILE, openStore, type OpenStoreOptions } from '../src/store/open.js';
import { StoreError, type AccountKind, type Store } from '../src/store/types.js';
import { CliError, EXIT_OK, UsageError, nonEmpty, parse, type Io } from './args.js';

export const DEFAULT_DATA_DIR = './data';

export const USER_HELP = `Usage: cpm-imapd user <command> [options]

Manage the accounts of the store in a data folder.

Commands:
  add NAME (--password P | --password-stdin)     create an account with the default mailboxes
      [--kind user|service|shared]               and the CPM default folder (a shared account
      [--cpm-default-folder NAME]                takes no password)
  passwd NAME (--password P | --password-stdin)  set an account's password
  del NAME                                       delete an account and all its mailboxes and messages
  list                                           print the accounts and their kinds, one per line

Options (all commands):
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})
  -h, --help   show help for a command: cpm-imapd user add --help

These commands can run while a server is serving the same data folder.
Exit codes: 0 success, 1 failure (user exists, unknown user, bad name or password), 2 usage error.`;

const ADD_HELP = `Usage: cpm-imapd user add NAME (--password P | --password-stdin) [--kind user|service] [--cpm-default-folder NAME] [--data DIR]
       cpm-imapd user add NAME --kind shared [--cpm-default-folder NAME] [--data DIR]

Creates the account NAME with the mailboxes INBOX, Sent, Drafts, Trash, Archive and Junk, and
the CPM default folder (OMA CPM Appendix H) with the server METADATA entry that names it,
${DEFAULT_FOLDER_ENTRY}.
Creates the data folder and the store if they do not exist yet.

Options:
  --password P                the password (visible to other local users in the process list)
  --password-stdin            read the password from the first line of standard input
  --kind KIND                 user (default): an ordinary account;
                              service: may log in with SASL PLAIN (or SCRAM-SHA-256) naming
                              another user as the authorization identity and then act as
                              that user (the CPM Participating Function depositing messages);
                              shared: can never log in; its mailboxes are the shared namespace
                              ("Shared/NAME/..."), no password
  --cpm-default-folder NAME   the CPM default folder, "/"-separated (default ${DEFAULT_CPM_FOLDER})
  --data DIR                  data folder (default ${DEFAULT_DATA_DIR})

User names are 1 to 64 characters without spaces, control characters, "/", "*" or "%", not starting
with "-", not "anyone", and unchanged by SASLprep (RFC 4013).
Example: printf '%s\\n' "$PASSWORD" | cpm-imapd user add alice --password-stdin`;

const PASSWD_HELP = `Usage: cpm-imapd user passwd NAME (--password P | --password-stdin) [--data DIR]

Sets the password of the account NAME. Sessions already logged in stay logged in.

Options:
  --password P       the new password
  --password-stdin   read the new password from the first line of standard input
  --data DIR         data folder (default ${DEFAULT_DATA_DIR})`;

const DEL_HELP = `Usage: cpm-imapd user del NAME [--data DIR]

Deletes the account NAME with all its mailboxes and messages. This cannot be undone.

Options:
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})`;

const LIST_HELP = `Usage: cpm-imapd user list [--data DIR]

Prints the accounts, one per line, sorted: the name, a tab, and the kind (user, service or
shared).

Options:
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})`;

const dataOption = { data: { type: 'string' } } as const;
const passwordOptions = {
  ...dataOption,
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
} as const;

const addOptions = { ...passwordOptions, 'cpm-default-folder': { type: 'string' }, kind: { type: 'string' } } as const;

const KINDS: readonly AccountKind[] = ['user', 'service', 'shared'];

/**
 * The value of --cpm-default-folder (serve, user add): a mailbox name; one trailing "/" (the
 * form the METADATA entry holds) is dropped. Undefined when the option is absent.
 */
export function parseDefaultFolder(value: string | undefined, command: string): string | undefined {
  if (value === undefined) return undefined;
  const folder = value.endsWith('/') && value.length > 1 ? value.slice(0, -1) : value;
  const invalid = invalidMailboxName(folder);
  if (invalid) throw new UsageError(`--cpm-default-folder ${JSON.stringify(value)}: ${invalid.charAt(0).toLowerCase()}${invalid.slice(1)}`, command);
  return /^inbox$/i.test(folder) ? 'INBOX' : folder;
}

/** Longest password line read from stdin; more is refused rather than read forever. */
const MAX_PASSWORD_BYTES = 4096;

export async function userCommand(argv: string[], io: Io, stdin: NodeJS.ReadableStream = process.stdin): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case undefined:
      throw new UsageError('missing user command (add, passwd, del or list)', 'user');
    case '-h':
    case '--help':
    case 'help':
      io.out(USER_HELP);
      return EXIT_OK;
    case 'add':
    case 'passwd': {
      const command = `user ${action}`;
      const { values, positionals } = parse(rest, action === 'add' ? addOptions : passwordOptions, command);
      if (values.help) {
        io.out(action === 'add' ? ADD_HELP : PASSWD_HELP);
        return EXIT_OK;
      }
      const name = onlyName(positionals, command);
      const dataDir = nonEmpty(values.data, 'data', command) ?? DEFAULT_DATA_DIR;
      if (values.password !== undefined && values['password-stdin']) {
        throw new UsageError('give either --password or --password-stdin, not both', command);
      }
      if (action === 'passwd') requireStore(dataDir);
      const kindValue = (values as { kind?: string }).kind ?? 'user';
      if (!(KINDS as readonly string[]).includes(kindValue)) throw new UsageError(`--kind ${kindValue}: expected user, service or shared`, command);
      const kind = kindValue as AccountKind;
      const hasPassword = values.password !== undefined || values['password-stdin'] === true;
      if (kind === 'shared' && hasPassword) throw new UsageError('a shared account takes no password (it cannot log in)', command);
      let password: string;
      // A shared account gets a random password nobody knows: it cannot log in anyway.
      if (kind === 'shared') password = randomBytes(32).toString('base64url');
      else if (values['password-stdin']) password = await readPasswordLine(stdin);
      else if (values.password !== undefined) password = values.password;
      else throw new CliError(`${command}: missing password: give --password P or --password-stdin (see cpm-imapd ${command} --help)`);
      if (password === '') throw new CliError(`${command}: the password must not be empty`);
      const folder = parseDefaultFolder((values as { 'cpm-default-folder'?: string })['cpm-default-folder'], command);
      return withStore(dataDir, async (store) => {
        if (action === 'add') {
          await store.createUser(name, password, { kind });
          io.out(kind === 'user' ? `Created user "${name}"` : `Created ${kind} account "${name}"`);
        } else {
          await store.setPassword(name, password);
          io.out(`Changed the password of "${name}"`);
        }
        return EXIT_OK;
      }, command, name, folder === undefined ? {} : { cpmDefaultFolder: folder });
    }
    case 'del': {
      const { values, positionals } = parse(rest, dataOption, 'user del');
      if (values.help) {
        io.out(DEL_HELP);
        return EXIT_OK;
      }
      const name = onlyName(positionals, 'user del');
      const dataDir = nonEmpty(values.data, 'data', 'user del') ?? DEFAULT_DATA_DIR;
      requireStore(dataDir);
      return withStore(dataDir, async (store) => {
        await store.deleteUser(name);
        io.out(`Deleted user "${name}" and all their mailboxes`);
        return EXIT_OK;
      }, 'user del', name);
    }
    case 'list': {
      const { values, positionals } = parse(rest, dataOption, 'user list');
      if (values.help) {
        io.out(LIST_HELP);
        return EXIT_OK;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'user list');
      const dataDir = nonEmpty(values.data, 'data', 'user list') ?? DEFAULT_DATA_DIR;
      requireStore(dataDir);
      return withStore(dataDir, async (store) => {
        for (const user of await store.listUsers()) io.out(`${user.name}\t${user.kind}`);
        return EXIT_OK;
      }, 'user list');
    }
    default:
      throw new UsageError(`unknown user command "${action}" (add, passwd, del or list)`, 'user');
  }
}

function onlyName(positionals: string[], command: string): string {
  if (positionals.length === 0) throw new UsageError('missing user NAME', command);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`, command);
  return positionals[0]!;
}

/** Commands other than `add` do not create a store: a mistyped --data should say so. */
export function requireStore(dataDir: string): void {
  if (!existsSync(path.join(dataDir, DATABASE_FILE))) {
    throw new CliError(`no store in ${path.resolve(dataDir)} (wrong --data? "user add" or "serve" creates one)`);
  }
}

export async function withStore(
  dataDir: string,
  fn: (store: Store) => Promise<number>,
  command: string,
  userName?: string,
  options: OpenStoreOptions = {},
): Promise<number> {
  let store: Store;
  try {
    store = await openStore(dataDir, new ChangeBus(), options);
  } catch (err) {
    throw new CliError(`cannot open the store in ${path.resolve(dataDir)}: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    return await fn(store);
  } catch (err) {
    if (err instanceof StoreError) throw new CliError(`${command}: ${describeStoreError(err, userName)}`);
    throw err;
  } finally {
    await store.close();
  }
}

function describeStoreError(err: StoreError, userName: string | undefined): string {
  const who = userName === undefined ? '' : ` "${userName}"`;
  switch (err.code) {
    case 'ALREADYEXISTS':
      return `user${who} already exists`;
    case 'NONEXISTENT':
      return `no such user${who}`;
    default:
      return err.message.charAt(0).toLowerCase() + err.message.slice(1);
  }
}

/**
 * The first line of `stdin`, without its line ending; empty if stdin is empty. On a terminal,
 * prompts on stderr and turns echo off while the password is typed.
 */
export function readPasswordLine(stdin: NodeJS.ReadableStream): Promise<string> {
  const tty = stdin as NodeJS.ReadStream;
  if (tty.isTTY && typeof tty.setRawMode === 'function') return readPasswordFromTerminal(tty);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (error?: Error) => {
      stdin.off('data', onData);
      stdin.off('end', onEnd);
      stdin.off('error', onError);
      stdin.pause();
      // Do not keep the process alive waiting for more input than we need.
      (stdin as { destroy?: () => void }).destroy?.();
      if (error) return reject(error);
      const text = Buffer.concat(chunks).toString('utf8');
      const newline = text.indexOf('\n');
      const line = newline < 0 ? text : text.slice(0, newline);
      resolve(line.endsWith('\r') ? line.slice(0, -1) : line);
    };
    const onData = (chunk: Buffer | string) => {
      const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      chunks.push(buf);
      size += buf.length;
      if (buf.includes(0x0a)) finish();
      else if (size > MAX_PASSWORD_BYTES) finish(new CliError(`the password line on stdin is longer than ${MAX_PASSWORD_BYTES} bytes`));
    };
    const onEnd = () => finish();
    const onError = (err: Error) => finish(new CliError(`cannot read the password from stdin: ${err.message}`));
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.on('error', onError);
    stdin.resume();
  });
}

function readPasswordFromTerminal(tty: NodeJS.ReadStream): Promise<string> {
  return new Promise((resolve, reject) => {
    let password = '';
    process.stderr.write('Password: ');
    tty.setRawMode(true);
    tty.setEncoding('utf8');
    const finish = (error?: Error) => {
      tty.off('data', onData);
      tty.setRawMode(false);
      tty.pause();
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(password);
    };
    const onData = (text: string) => {
      for (const ch of text) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new CliError('interrupted'));
        if (ch === '\u007f' || ch === '\b') password = [...password].slice(0, -1).join('');
        else password += ch;
        if (password.length > MAX_PASSWORD_BYTES) return finish(new CliError('the password is too long'));
      }
    };
    tty.on('data', onData);
    tty.resume();
  });
}
