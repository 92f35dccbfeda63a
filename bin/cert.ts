// `cpm-imapd cert selfsigned`: a development certificate and key for --cert / --key.
import { X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import { generate } from 'selfsigned';
import { CliError, EXIT_OK, UsageError, nonEmpty, parse, type Io } from './args.js';

const DEFAULT_DAYS = 365;
const DAY_MS = 24 * 60 * 60 * 1000;

export const CERT_HELP = `Usage: cpm-imapd cert selfsigned [--out DIR] [--days N] [--host NAME]...

Writes a self-signed certificate (cert.pem) and its private key (key.pem, mode 0600) for
development: serve --cert DIR/cert.pem --key DIR/key.pem. Clients will not trust it unless
told to; use a certificate from a CA in production.

Options:
  --out DIR     where to write the files (default the current folder); created if missing
  --days N      validity in days (default ${DEFAULT_DAYS})
  --host NAME   a DNS name or IP address the certificate is for; may be repeated
                (default localhost and 127.0.0.1); the first is the subject's CN
  -h, --help    show this help

Existing cert.pem and key.pem in DIR are not overwritten.`;

export async function certCommand(argv: string[], io: Io): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case undefined:
      throw new UsageError('missing cert command (selfsigned)', 'cert');
    case '-h':
    case '--help':
    case 'help':
      io.out(CERT_HELP);
      return EXIT_OK;
    case 'selfsigned':
      return selfsigned(rest, io);
    default:
      throw new UsageError(`unknown cert command "${action}" (selfsigned)`, 'cert');
  }
}

async function selfsigned(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(
    argv,
    { out: { type: 'string' }, days: { type: 'string' }, host: { type: 'string', multiple: true } },
    'cert selfsigned',
  );
  if (values.help) {
    io.out(CERT_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`, 'cert selfsigned');
  const out = path.resolve(nonEmpty(values.out, 'out', 'cert selfsigned') ?? '.');
  const daysText = values.days ?? String(DEFAULT_DAYS);
  if (!/^\d+$/.test(daysText) || Number(daysText) < 1 || Number(daysText) > 3650) {
    throw new UsageError(`--days ${daysText}: a whole number from 1 to 3650`, 'cert selfsigned');
  }
  const hosts = values.host ?? ['localhost', '127.0.0.1'];
  for (const host of hosts) {
    if (!/^[A-Za-z0-9.*:-]+$/.test(host)) throw new UsageError(`--host ${JSON.stringify(host)}: not a DNS name or IP address`, 'cert selfsigned');
  }

  const certFile = path.join(out, 'cert.pem');
  const keyFile = path.join(out, 'key.pem');
  for (const file of [certFile, keyFile]) {
    if (existsSync(file)) throw new CliError(`cert selfsigned: ${file} exists; not overwriting it`);
  }

  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: hosts[0]! }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000), // a little slack for clocks slightly behind
    notAfterDate: new Date(now + Number(daysText) * DAY_MS),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: hosts.map((h) => (isIP(h) ? { type: 7 as const, ip: h } : { type: 2 as const, value: h })) },
    ],
  });
  await mkdir(out, { recursive: true });
  // 'wx' again: a file that appeared meanwhile is still not overwritten.
  await writeFile(keyFile, pems.private, { mode: 0o600, flag: 'wx' });
  await writeFile(certFile, pems.cert, { mode: 0o644, flag: 'wx' });
  io.out(`Wrote ${certFile} and ${keyFile} (self-signed for ${hosts.join(', ')}, valid ${daysText} days)`);
  io.out(`SHA-256 fingerprint: ${new X509Certificate(pems.cert).fingerprint256}`);
  return EXIT_OK;
}
