// `cpm-imapd serve`: runs the server on a data folder until SIGTERM or SIGINT.
import { randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import path from 'node:path';
import pino, { type Level, type Logger } from 'pino';
import { defaultLimits, type Limits } from '../src/config.js';
import { startServer, type RunningServer, type TlsServerOptions } from '../src/server/start.js';
import { StoreError } from '../src/store/types.js';
import { SERVER_VERSION } from '../src/version.js';
import { CliError, EXIT_FAILURE, EXIT_OK, UsageError, formatAddress, nonEmpty, parse, parseListen, type Io, type ListenAddress } from './args.js';
import { DEFAULT_DATA_DIR, parseDefaultFolder } from './user.js';
import { DEFAULT_CPM_FOLDER, DEFAULT_FOLDER_ENTRY } from '../src/cpm/default-folder.js';

export const DEFAULT_LISTEN = '127.0.0.1:1143';
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = Level | 'silent';

/** The account created on first start, when the store has no users at all. */
export const DEMO_USER = 'demo';

/** After a clean stop, exit even if some handle still lingers. */
const EXIT_GRACE_MS = 2000;

const limitNames = Object.keys(defaultLimits) as Array<keyof Limits>;

export const SERVE_HELP = `Usage: cpm-imapd serve [--data DIR] [--listen HOST:PORT] [--log-level LEVEL] [--limit NAME=VALUE]...
                       [--cpm-default-folder NAME] [--cert FILE --key FILE] [--tls-listen HOST:PORT]
                       [--require-tls]

Serves IMAP4rev1 on the store in DIR until SIGTERM or SIGINT: on --listen, with STARTTLS
when a certificate is given; on --tls-listen, over TLS from the first byte (RFC 8314).
On the first start with no accounts it creates the account "${DEMO_USER}" and prints its
password once.

Options:
  --data DIR           data folder, created if missing (default ${DEFAULT_DATA_DIR})
  --listen HOST:PORT   address to listen on (default ${DEFAULT_LISTEN}); IPv6 as [::1]:1143;
                       port 0 picks a free port (the port is printed)
  --log-level LEVEL    ${LOG_LEVELS.join(', ')} (default info); logs are JSON lines on stdout
  --limit NAME=VALUE   change a limit; may be repeated. Limits and defaults:
${limitNames.map((n) => `                         ${n}=${defaultLimits[n]}`).join('\n')}
  --cpm-default-folder NAME
                       the CPM default folder of new accounts (OMA CPM Appendix H), created
                       with each account and named by its server METADATA entry
                       ${DEFAULT_FOLDER_ENTRY} (default ${DEFAULT_CPM_FOLDER})
  --oauth-issuer URL   offer AUTHENTICATE OAUTHBEARER and XOAUTH2 for JWT access tokens whose
                       "iss" is URL; needs --oauth-audience and --oauth-jwks too
  --oauth-audience AUD the "aud" those tokens must include (this server's name at the issuer)
  --oauth-jwks FILE|URL
                       the issuer's signing keys: a JWKS file, or an https URL (fetched and
                       cached). The token's "sub" claim (else a verified "email") names the account
  --cert FILE          PEM certificate chain (server certificate first); with --key it
                       enables STARTTLS and certificates on --tls-listen. TLS 1.2 and 1.3 only
  --key FILE           PEM private key of --cert
  --tls-listen HOST:PORT
                       also listen for IMAP over TLS (conventionally port 993); accepts TLS
                       pre-shared keys (cpm-imapd psk add) and, with --cert, certificates
  --require-tls        refuse LOGIN and AUTHENTICATE on --listen until STARTTLS
                       (LOGINDISABLED, [PRIVACYREQUIRED])
  -h, --help           show this help

On SIGTERM or SIGINT the server stops accepting connections, lets each session finish the
command in flight, sends it BYE, closes the database and exits 0. A second signal exits 1
at once. On SIGHUP it reads --cert and --key again: new connections get the new certificate,
open sessions keep theirs (a bad file is logged and the old certificate stays).`;

export async function serveCommand(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      data: { type: 'string' },
      listen: { type: 'string' },
      'log-level': { type: 'string' },
      limit: { type: 'string', multiple: true },
      'cpm-default-folder': { type: 'string' },
      'tls-listen': { type: 'string' },
      cert: { type: 'string' },
      key: { type: 'string' },
      'require-tls': { type: 'boolean' },
      'oauth-issuer': { type: 'string' },
      'oauth-audience': { type: 'string' },
      'oauth-jwks': { type: 'string' },
    },
    'serve',
  );
  if (values.help) {
    io.out(SERVE_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'serve');
  const dataDir = path.resolve(nonEmpty(values.data, 'data', 'serve') ?? DEFAULT_DATA_DIR);
  const { host, port } = parseListen(values.listen ?? DEFAULT_LISTEN);
  const level = values['log-level'] ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) {
    throw new UsageError(`--log-level ${level}: expected one of ${LOG_LEVELS.join(', ')}`, 'serve');
  }
  const limits = parseLimits(values.limit ?? []);
  const cpmDefaultFolder = parseDefaultFolder(values['cpm-default-folder'], 'serve');
  const oauthValues = [values['oauth-issuer'], values['oauth-audience'], values['oauth-jwks']];
  if (oauthValues.some((v) => v !== undefined) && !oauthValues.every((v) => v)) {
    throw new UsageError('--oauth-issuer, --oauth-audience and --oauth-jwks go together', 'serve');
  }
  const [issuer, audience, jwks] = oauthValues as [string, string, string];
  const oauth = issuer ? { issuer, audience, jwks } : undefined;

  const tls = parseTls(values);

  const log = pino({ level: level as LogLevel });
  let server: RunningServer;
  try {
    server = await startServer({ dataDir, host, port, limits, log, cpmDefaultFolder, oauth, tls });
  } catch (err) {
    throw new CliError(describeStartError(err, host, port, dataDir));
  }

  try {
    await createDemoAccount(server, io);
  } catch (err) {
    await server.stop().catch(() => undefined);
    throw err;
  }

  const where = formatAddress(server.listener.host, server.listener.port);
  const plain = tls.cert === undefined ? 'plain IMAP, no TLS' : tls.requireTls ? 'STARTTLS required' : 'STARTTLS offered';
  const implicit = server.tlsListener ? `; IMAP over TLS on ${formatAddress(server.tlsListener.host, server.tlsListener.port)}` : '';
  io.out(`cpm-imapd ${SERVER_VERSION} listening on ${where} (${plain}${implicit}; data in ${dataDir})`);
  if (!isLoopback(server.listener.host) && !tls.requireTls) {
    log.warn({ host: server.listener.host }, 'listening beyond loopback without --require-tls: passwords may travel in clear text');
  }

  return waitForSignal(server, log);
}

/**
 * `NAME=VALUE` pairs over the default limits; unknown names, non-integers (and for the on/off
 * limits anything but true/false/1/0) are usage errors.
 */
function parseLimits(pairs: string[]): Partial<Limits> {
  const limits: Partial<Limits> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)) as keyof Limits;
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    if (!limitNames.includes(name)) {
      throw new UsageError(`--limit ${pair}: unknown limit (known: ${limitNames.join(', ')})`, 'serve');
    }
    if (typeof defaultLimits[name] === 'boolean') {
      if (!/^(true|false|1|0)$/.test(value)) throw new UsageError(`--limit ${pair}: the value must be true or false`, 'serve');
      (limits as Record<string, boolean>)[name] = value === 'true' || value === '1';
      continue;
    }
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new UsageError(`--limit ${pair}: the value must be a whole number`, 'serve');
    }
    (limits as Record<string, number>)[name] = Number(value);
  }
  return limits;
}

/** On first start (no accounts at all) creates "demo" and prints its password, once. */
async function createDemoAccount(server: RunningServer, io: Io): Promise<void> {
  if ((await server.store.listUsers()).length > 0) return;
  const password = randomBytes(18).toString('base64url');
  try {
    await server.store.createUser(DEMO_USER, password);
  } catch (err) {
    // Someone ran `user add demo` at the same moment: theirs stands.
    if (err instanceof StoreError && err.code === 'ALREADYEXISTS') return;
    throw err;
  }
  io.out(`Created account "${DEMO_USER}" with password: ${password}`);
  io.out(`(shown only this once; change it with: cpm-imapd user passwd ${DEMO_USER} --password-stdin)`);
}

function waitForSignal(server: RunningServer, log: Logger): Promise<number> {
  return new Promise((resolve) => {
    // SIGHUP: new certificate files (a renewal), without dropping a session.
    const onHangup = () => {
      server.reloadTls().then(
        () => log.info('TLS certificate reloaded'),
        (err: unknown) => log.error({ err: err instanceof Error ? err.message : String(err) }, 'TLS certificate not reloaded; the old one stays'),
      );
    };
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        log.warn({ signal }, 'second signal: exiting without waiting');
        process.exit(EXIT_FAILURE);
      }
      stopping = true;
      log.info({ signal }, 'shutting down');
      server.stop().then(
        () => finish(EXIT_OK),
        (err: unknown) => {
          log.error({ err }, 'shutdown failed');
          finish(EXIT_FAILURE);
        },
      );
    };
    const finish = (code: number) => {
      process.off('SIGHUP', onHangup);
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      log.info('stopped');
      setTimeout(() => process.exit(code), EXIT_GRACE_MS).unref();
      resolve(code);
    };
    process.on('SIGTERM', onSignal);
    process.on('SIGINT', onSignal);
    process.on('SIGHUP', onHangup);
  });
}

function describeStartError(err: unknown, host: string, port: number, dataDir: string): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  // A listen error names its own address: it may be the TLS listener's.
  const failed = err as { address?: string; port?: number } | undefined;
  const where = formatAddress(failed?.address ?? host, failed?.port ?? port);
  switch (code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: the address is already in use (another server running? try --listen ${formatAddress(host, 0)})`;
    case 'EACCES':
      return `cannot listen on ${where}: permission denied (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: no such local address`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cannot listen on ${where}: unknown host "${host}"`;
  }
  const message = err instanceof Error ? err.message : String(err);
  return `cannot start the server on ${where} with data in ${dataDir}: ${message}`;
}

/** --cert, --key, --tls-listen and --require-tls as startServer's TLS options. */
function parseTls(values: { cert?: string; key?: string; 'tls-listen'?: string; 'require-tls'?: boolean }): TlsServerOptions {
  const cert = nonEmpty(values.cert, 'cert', 'serve');
  const key = nonEmpty(values.key, 'key', 'serve');
  if ((cert === undefined) !== (key === undefined)) throw new UsageError('--cert and --key go together', 'serve');
  let listen: ListenAddress | undefined;
  try {
    if (values['tls-listen'] !== undefined) listen = parseListen(values['tls-listen']);
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(err.message.replace(/^--listen/, '--tls-listen'), 'serve');
    throw err;
  }
  if (values['require-tls'] && cert === undefined) {
    throw new UsageError('--require-tls needs --cert and --key (clients could never log in on --listen)', 'serve');
  }
  return {
    ...(cert !== undefined && { cert: path.resolve(cert), key: path.resolve(key!) }),
    ...(listen && { tlsHost: listen.host, tlsPort: listen.port }),
    requireTls: values['require-tls'] === true,
  };
}

function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host.startsWith('::ffff:127.');
}
