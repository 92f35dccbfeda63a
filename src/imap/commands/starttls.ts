import { NOT_AUTHENTICATED, bad, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

/**
 * RFC 9051 §6.2.1 / RFC 3501 §6.2.1: only OK or BAD. Refused (BAD) on a connection that is
 * already TLS or on a listener without a certificate, where it is not advertised either. The
 * switch itself (dropping pipelined plaintext, the handshake after the OK) is Session.startTls.
 */
export const starttls: CommandSpec<CommandOf<'STARTTLS'>> = {
  states: NOT_AUTHENTICATED,
  async run(session) {
    if (session.conn.secure) return bad('TLS is already active');
    if (!session.startTlsOffered) return bad('TLS is not configured on this listener');
    void session.startTls().then((upgraded) => session.log.info({ upgraded }, upgraded ? 'STARTTLS done' : 'STARTTLS handshake failed'));
    return ok('Begin TLS negotiation now');
  },
};
