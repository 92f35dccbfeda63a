// `cpm-imapd psk add|del|list`: TLS pre-shared keys for devices, each logging in one account
// on the implicit-TLS listener. The key is printed once, at `add`; nothing lists it again.
import { randomBytes } from 'node:crypto';
import { StoreError } from '../src/store/types.js';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError, nonEmpty, parse, type Io } from './args.js';
import { DEFAULT_DATA_DIR, requireStore, withStore } from './user.js';

/** 256 bits: the key is the whole secret of a PSK login (RFC 9257 §4 asks for high entropy). */
const KEY_BYTES = 32;

export const PSK_HELP = `Usage: cpm-imapd psk <command> [options]

Manage TLS pre-shared keys (PSK-TLS). A device that connects to the TLS listener
(serve --tls-listen) with its identity and key is logged in as the account the key was
issued for, without LOGIN. TLS 1.3 and TLS 1.2 (ECDHE-PSK-CHACHA20-POLY1305) are accepted.

Commands:
  add USER [--identity ID]   issue a new random 32-byte key for USER; prints identity and key once
  del IDENTITY               revoke a key
  list                       print identities and their accounts (never the keys)

Options (all commands):
  --data DIR   data folder (default ${DEFAULT_DATA_DIR})
  -h, --help   show this help

Example: openssl s_client -connect HOST:993 -psk_identity ID -psk HEXKEY
Exit codes: 0 success, 1 failure (unknown user or identity, identity taken), 2 usage error.`;

const dataOption = { data: { type: 'string' } } as const;

export async function pskCommand(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case undefined:
      throw new UsageError('missing psk command (add, del or list)', 'psk');
    case '-h':
    case '--help':
    case 'help':
      io.out(PSK_HELP);
      return EXIT_OK;
    case 'add': {
      const { values, positionals } = parse(rest, { ...dataOption, identity: { type: 'string' } }, 'psk add');
      if (values.help) {
        io.out(PSK_HELP);
        return EXIT_OK;
      }
      const user = onlyArgument(positionals, 'USER', 'psk add');
      const dataDir = nonEmpty(values.data, 'data', 'psk add') ?? DEFAULT_DATA_DIR;
      requireStore(dataDir);
      const identity = nonEmpty(values.identity, 'identity', 'psk add') ?? `${user}-${randomBytes(6).toString('hex')}`;
      const key = randomBytes(KEY_BYTES);
      return withStore(dataDir, async (store) => {
        try {
          await store.addPsk(identity, user, key);
        } catch (err) {
          if (err instanceof StoreError && err.code === 'ALREADYEXISTS') throw new CliError(`psk add: the identity "${identity}" is taken`);
          throw err;
        }
        io.out(`identity: ${identity}`);
        io.out(`key: ${key.toString('hex')}`);
        io.out('(the key is shown only this once)');
        return EXIT_OK;
      }, 'psk add', user);
    }
    case 'del': {
      const { values, positionals } = parse(rest, dataOption, 'psk del');
      if (values.help) {
        io.out(PSK_HELP);
        return EXIT_OK;
      }
      const identity = onlyArgument(positionals, 'IDENTITY', 'psk del');
      const dataDir = nonEmpty(values.data, 'data', 'psk del') ?? DEFAULT_DATA_DIR;
      requireStore(dataDir);
      return withStore(dataDir, async (store) => {
        if (!(await store.deletePsk(identity))) {
          io.err(`cpm-imapd: psk del: no such identity "${identity}"`);
          return EXIT_FAILURE;
        }
        io.out(`Deleted the key "${identity}"`);
        return EXIT_OK;
      }, 'psk del');
    }
    case 'list': {
      const { values, positionals } = parse(rest, dataOption, 'psk list');
      if (values.help) {
        io.out(PSK_HELP);
        return EXIT_OK;
      }
      if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'psk list');
      const dataDir = nonEmpty(values.data, 'data', 'psk list') ?? DEFAULT_DATA_DIR;
      requireStore(dataDir);
      return withStore(dataDir, async (store) => {
        for (const psk of await store.listPsks()) io.out(`${psk.identity} ${psk.user}`);
        return EXIT_OK;
      }, 'psk list');
    }
    default:
      throw new UsageError(`unknown psk command "${action}" (add, del or list)`, 'psk');
  }
}

function onlyArgument(positionals: string[], name: string, command: string): string {
  if (positionals.length === 0) throw new UsageError(`missing ${name}`, command);
  if (positionals.length > 1) throw new UsageError(`unexpected argument "${positionals[1]}"`, command);
  return positionals[0]!;
}
