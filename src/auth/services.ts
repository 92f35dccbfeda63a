// What logins on one server share: the throttle (one per server, across all connections) and
// the bearer-token verifier when OAuth is configured.
import { LoginThrottle, type ThrottleOptions } from './login-throttle.js';
import { createTokenVerifier, type OAuthOptions, type TokenVerifier } from './oauth.js';

export interface AuthServices {
  throttle: LoginThrottle;
  /** Null when no OAuth issuer is configured (no OAUTHBEARER, no XOAUTH2). */
  verifyToken: TokenVerifier | null;
}

export interface AuthOptions {
  oauth?: OAuthOptions;
  /** Overrides of the throttle's defaults (tests use small ones and a fake clock). */
  loginThrottle?: Partial<ThrottleOptions>;
  /** The first failure's delay in ms (Limits.failedLoginDelay). */
  failedLoginDelay: number;
  now?: () => number;
}

export function createAuthServices(options: AuthOptions): AuthServices {
  return {
    throttle: new LoginThrottle({ baseDelayMs: options.failedLoginDelay, ...options.loginThrottle }, options.now),
    verifyToken: options.oauth ? createTokenVerifier(options.oauth) : null,
  };
}
