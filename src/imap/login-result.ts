// What LOGIN and AUTHENTICATE share: check the password, delay failures, enter the
// authenticated state.
import { capabilities } from './capabilities.js';
import { no, ok, type Result } from './command.js';
import type { Session } from './session.js';

export async function logIn(session: Session, name: string, password: string): Promise<Result> {
  const user = await session.store.verifyPassword(name, password);
  if (!user) {
    session.log.info({ attempted: name }, 'login failed');
    // Slows down guessing; the delay does not depend on why the login failed.
    await new Promise((resolve) => setTimeout(resolve, session.limits.failedLoginDelay));
    return no('Invalid credentials', 'AUTHENTICATIONFAILED');
  }
  session.authenticated(user);
  return ok('Logged in', `CAPABILITY ${capabilities(session).join(' ')}`);
}
