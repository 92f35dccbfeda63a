// The `cpm-imapd` command line: picks the subcommand and turns errors into exit codes.
// Run through the bin/cpm-imapd shim; holds command wiring only, no server logic.
import { SERVER_VERSION } from '../src/version.js';
import { ACL_HELP, aclCommand } from './acl.js';
import { CliError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, processIo, type Io } from './args.js';
import { CERT_HELP, certCommand } from './cert.js';
import { METADATA_HELP, metadataCommand } from './metadata.js';
import { PSK_HELP, pskCommand } from './psk.js';
import { SERVE_HELP, serveCommand } from './serve.js';
import { USER_HELP, userCommand } from './user.js';

export const HELP = `Usage: cpm-imapd <command> [options]

An IMAP4rev1 server: the network message store of OMA CPM (RCS chat and messaging history).

Commands:
  serve         run the server (default data folder ./data, listening on 127.0.0.1:1143)
  user add      create an account
  user passwd   set an account's password
  user del      delete an account and everything in it
  user list     list the accounts
  metadata get  print a METADATA entry of an account (server or mailbox entry)
  metadata set  set or remove a METADATA entry of an account
  acl get|set|del  read or change the access control list of a mailbox (sharing)
  psk add       issue a TLS pre-shared key to a device, for an account
  psk del       revoke a pre-shared key
  psk list      list the pre-shared key identities and their accounts
  cert selfsigned  write a self-signed development certificate and key

Options:
  -h, --help      show help; "cpm-imapd <command> --help" for a command
  -V, --version   print the version

Exit codes: 0 success, 1 failure, 2 usage error.`;

/** Runs the command line `argv` (without node and script) and returns the exit code. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`cpm-imapd${err.command ? ' ' + err.command : ''}: ${err.message}`);
      io.err(`Try "cpm-imapd${err.command ? ' ' + err.command : ''} --help".`);
      return EXIT_USAGE;
    }
    if (err instanceof CliError) {
      io.err(`cpm-imapd: ${err.message}`);
      return EXIT_FAILURE;
    }
    io.err(`cpm-imapd: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    return EXIT_FAILURE;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case undefined:
      io.err(HELP);
      return EXIT_USAGE;
    case '-h':
    case '--help':
      io.out(HELP);
      return EXIT_OK;
    case '-V':
    case '--version':
      io.out(`cpm-imapd ${SERVER_VERSION}`);
      return EXIT_OK;
    case 'help':
      return help(rest, io);
    case 'serve':
      return serveCommand(rest, io);
    case 'user':
      return userCommand(rest, io);
    case 'metadata':
      return metadataCommand(rest, io);
    case 'acl':
      return aclCommand(rest, io);
    case 'psk':
      return pskCommand(rest, io);
    case 'cert':
      return certCommand(rest, io);
    default:
      throw new UsageError(
        command.startsWith('-') ? `unknown option "${command}"` : `unknown command "${command}" (serve, user, metadata, acl, psk or cert)`,
      );
  }
}

/** `cpm-imapd help [serve|user|metadata [ACTION]]`. */
function help(topic: string[], io: Io): Promise<number> | number {
  switch (topic[0]) {
    case undefined:
      io.out(HELP);
      return EXIT_OK;
    case 'serve':
      io.out(SERVE_HELP);
      return EXIT_OK;
    case 'user':
      if (topic[1] === undefined) {
        io.out(USER_HELP);
        return EXIT_OK;
      }
      return userCommand([topic[1], '--help'], io);
    case 'metadata':
      if (topic[1] === undefined) {
        io.out(METADATA_HELP);
        return EXIT_OK;
      }
      return metadataCommand([topic[1], '--help'], io);
    case 'psk':
      io.out(PSK_HELP);
      return EXIT_OK;
    case 'acl':
      io.out(ACL_HELP);
      return EXIT_OK;
    case 'cert':
      io.out(CERT_HELP);
      return EXIT_OK;
    default:
      throw new UsageError(`no help on "${topic[0]}" (serve, user, metadata, acl, psk or cert)`);
  }
}
