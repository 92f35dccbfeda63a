// TLS settings shared by the implicit-TLS listener and STARTTLS: the certificate (reloadable
// without dropping sessions), TLS 1.2 and 1.3 only, and pre-shared keys (PSK-TLS) that log a
// device straight in as the account its key was issued for.
import { constants } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import tls from 'node:tls';
import type { Store, User } from '../store/types.js';

export interface CertificateFiles {
  /** PEM certificate chain, the server's certificate first. */
  cert: string;
  /** PEM private key. */
  key: string;
}

/**
 * TLS 1.3 suites with SHA-256 first: OpenSSL binds an external PSK to SHA-256, and a
 * handshake on a SHA-384 suite would ignore the PSK and fall back to the certificate. Then
 * the TLS 1.2 suites: forward-secret AEAD ones, and ECDHE-PSK for TLS 1.2 PSK clients
 * (Node's default list excludes every PSK suite with `!PSK`).
 */
const CIPHERS = [
  'TLS_AES_128_GCM_SHA256',
  'TLS_CHACHA20_POLY1305_SHA256',
  'TLS_AES_256_GCM_SHA384',
  'ECDHE-ECDSA-AES128-GCM-SHA256',
  'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384',
  'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305',
  'ECDHE-RSA-CHACHA20-POLY1305',
  'ECDHE-PSK-CHACHA20-POLY1305',
].join(':');

/**
 * What every server-side TLS context gets. No session tickets and no session cache: a resumed
 * handshake looks like a PSK one (`isSessionReused`), and PSK logins are told apart by that.
 */
const PROTOCOL_OPTIONS = {
  minVersion: 'TLSv1.2',
  maxVersion: 'TLSv1.3',
  ciphers: CIPHERS,
  honorCipherOrder: true,
  secureOptions: constants.SSL_OP_NO_TICKET,
} as const satisfies tls.SecureContextOptions;

/** The server's certificate and key as a SecureContext; `reload()` swaps in the files' new content. */
export class TlsCredentials {
  private readonly listeners = new Set<(options: tls.SecureContextOptions) => void>();

  private constructor(
    readonly files: CertificateFiles,
    private options: tls.SecureContextOptions,
    private current: tls.SecureContext,
  ) {}

  static async load(files: CertificateFiles): Promise<TlsCredentials> {
    const options = await readOptions(files);
    return new TlsCredentials(files, options, tls.createSecureContext(options));
  }

  /** The context for a handshake starting now (STARTTLS). */
  get context(): tls.SecureContext {
    return this.current;
  }

  /** The options the context was made from (tls.Server#setSecureContext takes options). */
  get contextOptions(): tls.SecureContextOptions {
    return this.options;
  }

  /**
   * Reads the files again. Open sessions keep the TLS they have; new handshakes get the new
   * certificate. A bad file throws and leaves the current certificate in place.
   */
  async reload(): Promise<void> {
    const options = await readOptions(this.files);
    const context = tls.createSecureContext(options); // throws on a key that does not match
    this.options = options;
    this.current = context;
    for (const listener of this.listeners) listener(options);
  }

  /** Calls `listener` after each successful reload; returns the unsubscribe. */
  onReload(listener: (options: tls.SecureContextOptions) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

async function readOptions(files: CertificateFiles): Promise<tls.SecureContextOptions> {
  const [cert, key] = await Promise.all([readFile(files.cert), readFile(files.key)]);
  return { ...PROTOCOL_OPTIONS, cert, key };
}

/** Options of the TLS socket STARTTLS wraps around a plain connection. */
export function startTlsOptions(credentials: TlsCredentials): tls.TLSSocketOptions {
  return { isServer: true, secureContext: credentials.context };
}

/**
 * Options of the implicit-TLS server: the certificate if there is one (without one only PSK
 * clients can connect), and the PSK look-up. `pskUser` tells, once the handshake is done,
 * whether it was a PSK one and for which account.
 */
export function implicitTlsOptions(
  store: Store,
  credentials: TlsCredentials | null,
  handshakeTimeoutMs: number,
): { options: tls.TlsOptions; pskUser: (socket: tls.TLSSocket) => User | null } {
  // The account of the key handed out for this socket. Only a hint: OpenSSL may still drop
  // the PSK (a client offering only SHA-384 suites) and finish with the certificate.
  const offered = new WeakMap<tls.TLSSocket, User>();
  const options: tls.TlsOptions = {
    ...(credentials ? credentials.contextOptions : PROTOCOL_OPTIONS),
    handshakeTimeout: handshakeTimeoutMs,
    pskCallback(socket, identity) {
      const found = store.pskForHandshake(identity);
      if (!found) return null;
      offered.set(socket, found.user);
      return found.key;
    },
  };
  const pskUser = (socket: tls.TLSSocket): User | null => {
    const user = offered.get(socket);
    if (!user) return null;
    // TLS 1.3: the PSK was used iff the handshake "resumed" (no tickets are issued, so nothing
    // else can resume). TLS 1.2: iff the suite is a PSK one (the callback only runs for those).
    const used = socket.getProtocol() === 'TLSv1.3' ? socket.isSessionReused() : socket.getCipher().name.includes('PSK');
    return used ? user : null;
  };
  return { options, pskUser };
}
