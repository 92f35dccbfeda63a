// What LOGIN and AUTHENTICATE share: the server side of the SASL mechanisms (store, throttle,
// token checks), and turning an outcome into the tagged answer and the authenticated state.
import { passwordLogin } from '../auth/sasl-plain.js';
import type { SaslBackend, SaslOutcome } from '../auth/sasl.js';
import { createAuthServices, type AuthServices } from '../auth/services.js';
import { capabilities } from './capabilities.js';
import { bad, no, ok, type Result } from './command.js';
import type { Session } from './session.js';

/** The server's login services; a context made without them (unit tests) gets defaults once. */
export function authServices(session: Session): AuthServices {
  return (session.ctx.auth ??= createAuthServices({ failedLoginDelay: session.limits.failedLoginDelay }));
}

export function saslBackend(session: Session): SaslBackend {
  const auth = authServices(session);
  const address = session.conn.remoteIp;
  return {
    admit: (account) => auth.throttle.admit(account, address),
    verifyPassword: (account, password) => session.store.verifyPassword(account, password),
    scramCredentials: (account) => session.store.scramCredentials(account),
    tokenSubject: (token) => (auth.verifyToken ? auth.verifyToken(token) : Promise.resolve(null)),
    getUser: (account) => session.store.getUser(account),
  };
}

const AUTHENTICATION_FAILED = 'Invalid credentials';

/**
 * The tagged answer to a finished exchange. On success: shared accounts never log in (answered
 * like a wrong password); an authorization identity other than the account itself is allowed
 * only to a service account, and only for an ordinary user (RFC 4422 §3.4.1).
 */
export async function finishLogin(session: Session, outcome: SaslOutcome, mechanism: string): Promise<Result> {
  const auth = authServices(session);
  const address = session.conn.remoteIp;
  if (outcome.kind === 'failure') {
    switch (outcome.reason) {
      case 'malformed':
        return bad(`Malformed ${mechanism} response`);
      case 'unsupported':
        return no(`${mechanism}: what the client requires is not supported here`, 'CANNOT');
      case 'unavailable':
        session.log.info({ attempted: outcome.account, mechanism }, 'login held back by the throttle');
        return no('Too many failed logins; try again later', 'UNAVAILABLE');
      case 'credentials':
        return failed(session, outcome.account, mechanism);
    }
  }
  const user = outcome.user;
  if (user.kind === 'shared') return failed(session, user.name, mechanism);
  auth.throttle.success(user.name, address);
  let actingAs = user;
  if (outcome.authzid !== null && outcome.authzid !== user.name) {
    const target = user.kind === 'service' ? await session.store.getUser(outcome.authzid) : null;
    if (!target || target.kind !== 'user') {
      session.log.info({ user: user.name, authzid: outcome.authzid, mechanism }, 'authorization refused');
      return no('Acting as another user is not allowed', 'AUTHORIZATIONFAILED');
    }
    session.log.info({ service: user.name, actingAs: target.name, mechanism }, 'service account acting as user');
    actingAs = target;
  }
  session.authenticated(actingAs);
  return ok('Logged in', `CAPABILITY ${capabilities(session).join(' ')}`);
}

/** A failed login: counted, answered after the throttle's delay (whatever the cause). */
async function failed(session: Session, account: string | null, mechanism: string): Promise<Result> {
  const delay = authServices(session).throttle.failure(account, session.conn.remoteIp);
  session.log.info({ attempted: account, mechanism }, 'login failed');
  await new Promise((resolve) => setTimeout(resolve, delay));
  return no(AUTHENTICATION_FAILED, 'AUTHENTICATIONFAILED');
}

/** LOGIN (RFC 3501 §6.2.3): checked exactly as AUTHENTICATE PLAIN without an authzid. */
export async function logIn(session: Session, name: string, password: string): Promise<Result> {
  if (session.loginDisabled) return no('LOGIN is disabled until TLS is in use (STARTTLS)', 'PRIVACYREQUIRED');
  const outcome = await passwordLogin(saslBackend(session), name, password, null);
  return finishLogin(session, outcome, 'LOGIN');
}
