// Shared command-line plumbing: exit codes, usage errors, option parsing, output.
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const EXIT_OK = 0;
/** The command failed (user exists, unknown user, cannot listen…). */
export const EXIT_FAILURE = 1;
/** The command line was wrong. */
export const EXIT_USAGE = 2;

/** A wrong command line: printed with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    /** The words of the command whose --help to point at, e.g. "user add". */
    readonly command = '',
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure to report on stderr with exit code 1 (no stack trace). */
export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where the command writes; tests or embedders may pass their own. */
export interface Io {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: Io = {
  out: (line) => void process.stdout.write(line + '\n'),
  err: (line) => void process.stderr.write(line + '\n'),
};

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * node:util parseArgs in strict mode, with `--help`/`-h` always available and its errors
 * turned into UsageErrors for `command`.
 */
export function parse<O extends Options>(argv: string[], options: O, command: string) {
  try {
    return parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    throw new UsageError(message, command);
  }
}

/** The value of a string option; an empty value is a usage error. */
export function nonEmpty(value: string | undefined, name: string, command: string): string | undefined {
  if (value === undefined) return undefined;
  if (value === '') throw new UsageError(`--${name} needs a value`, command);
  return value;
}

export interface ListenAddress {
  host: string;
  port: number;
}

/**
 * `HOST:PORT`, `[IPV6]:PORT` or just `PORT` (on 127.0.0.1). Port 0 lets the system pick one;
 * the command prints the port it got.
 */
export function parseListen(value: string, command = 'serve'): ListenAddress {
  let host = '127.0.0.1';
  let portText: string;
  const v6 = /^\[([^\]]*)\]:([^:]*)$/.exec(value);
  if (v6) {
    host = v6[1]!;
    portText = v6[2]!;
    if (!host.includes(':')) throw new UsageError(`--listen ${value}: brackets are for IPv6 addresses`, command);
  } else if (/^\d+$/.test(value)) {
    portText = value;
  } else {
    const colon = value.lastIndexOf(':');
    if (colon < 0) throw new UsageError(`--listen ${value}: expected HOST:PORT`, command);
    host = value.slice(0, colon);
    portText = value.slice(colon + 1);
    if (host.includes(':')) {
      throw new UsageError(`--listen ${value}: write an IPv6 address in brackets, e.g. [::1]:1143`, command);
    }
  }
  if (host === '') throw new UsageError(`--listen ${value}: missing host`, command);
  if (!/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    throw new UsageError(`--listen ${value}: the port must be a number from 0 to 65535`, command);
  }
  return { host, port: Number(portText) };
}

/** `host:port`, with IPv6 addresses in brackets. */
export function formatAddress(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
