// A session that TLS has already authenticated (a pre-shared key issued for the account):
// it starts in the authenticated state and its greeting says so (RFC 9051 §7.1.4 PREAUTH).
import type { User } from '../store/types.js';
import { capabilities } from './capabilities.js';
import type { Session } from './session.js';

export async function startPreauthenticated(session: Session, user: User): Promise<void> {
  session.authenticated(user);
  const caps = capabilities(session).join(' ');
  await session.send([`* PREAUTH [CAPABILITY ${caps}] cpm-imapd ready; authenticated by TLS pre-shared key`]);
}
