// Puts a server together: store, change bus, logger and listener.
import pino, { type Logger } from 'pino';
import { defaultLimits, type Limits } from '../config.js';
import { ChangeBus } from '../events/bus.js';
import type { ScryptParams } from '../auth/password.js';
import type { ThrottleOptions } from '../auth/login-throttle.js';
import type { OAuthOptions } from '../auth/oauth.js';
import { createAuthServices } from '../auth/services.js';
import { openStore } from '../store/open.js';
import type { Store } from '../store/types.js';
import { listen, type Listener } from './listener.js';
import { TlsCredentials } from './tls.js';

export interface ServerOptions {
  dataDir: string;
  host?: string;
  port?: number;
  limits?: Partial<Limits>;
  log?: Logger;
  /** scrypt cost for new password hashes; only tests lower it. */
  scrypt?: ScryptParams;
  /** The CPM default folder of new accounts (src/cpm/default-folder.ts). */
  cpmDefaultFolder?: string;
  /** OAUTHBEARER and XOAUTH2 with JWTs from this issuer (src/auth/oauth.ts); off when absent. */
  oauth?: OAuthOptions;
  /** Overrides of the login throttle's defaults (src/auth/login-throttle.ts); tests lower them. */
  loginThrottle?: Partial<ThrottleOptions>;
  /** SCRAM-SHA-256 iterations for new verifiers (default 100000); only tests lower it. */
  scramIterations?: number;
  tls?: TlsServerOptions;
}

export interface TlsServerOptions {
  /** PEM certificate chain and key files: STARTTLS on the plain listener, certificates on the TLS one. */
  cert?: string;
  key?: string;
  /** The implicit-TLS listener (RFC 8314, conventionally port 993); none unless tlsPort is given. */
  tlsHost?: string;
  tlsPort?: number;
  /** LOGIN and AUTHENTICATE only over TLS: the plain listener says LOGINDISABLED until STARTTLS. */
  requireTls?: boolean;
}

export interface RunningServer {
  store: Store;
  listener: Listener;
  /** The implicit-TLS listener, if configured. */
  tlsListener: Listener | null;
  /** Reads the certificate files again (SIGHUP); open sessions keep theirs. Throws on bad files. */
  reloadTls(): Promise<void>;
  /** Stops accepting, says BYE to every session, and closes the database. */
  stop(): Promise<void>;
}

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? pino({ level: 'silent' });
  const bus = new ChangeBus();
  const store = await openStore(options.dataDir, bus, {
    scrypt: options.scrypt,
    scramIterations: options.scramIterations,
    ...(options.cpmDefaultFolder !== undefined && { cpmDefaultFolder: options.cpmDefaultFolder }),
  });
  const limits = { ...defaultLimits, ...options.limits };
  try {
    const auth = createAuthServices({ oauth: options.oauth, loginThrottle: options.loginThrottle, failedLoginDelay: limits.failedLoginDelay });
    const tlsOptions = options.tls ?? {};
    const credentials = await loadCredentials(tlsOptions);
    const ctx = { store, bus, limits, log, auth, requireTls: tlsOptions.requireTls === true };
    const listener = await listen(ctx, options.host ?? '127.0.0.1', options.port ?? 1143, { credentials, implicit: false });
    let tlsListener: Listener | null = null;
    if (tlsOptions.tlsPort !== undefined) {
      try {
        tlsListener = await listen(ctx, tlsOptions.tlsHost ?? '127.0.0.1', tlsOptions.tlsPort, { credentials, implicit: true });
      } catch (err) {
        await listener.close();
        throw err;
      }
    }
    return {
      store,
      listener,
      tlsListener,
      async reloadTls() {
        if (!credentials) throw new Error('no certificate is configured');
        await credentials.reload();
      },
      async stop() {
        await Promise.all([listener.close(), tlsListener?.close()]);
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}

async function loadCredentials(options: TlsServerOptions): Promise<TlsCredentials | null> {
  if ((options.cert === undefined) !== (options.key === undefined)) throw new Error('a certificate needs its key, and a key its certificate');
  if (options.cert === undefined || options.key === undefined) {
    // With neither, LOGIN could never be allowed on the plain listener.
    if (options.requireTls && options.tlsPort === undefined) throw new Error('requiring TLS needs a certificate or a TLS listener');
    return null;
  }
  return TlsCredentials.load({ cert: options.cert, key: options.key });
}
