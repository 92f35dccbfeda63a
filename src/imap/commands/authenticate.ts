// AUTHENTICATE (RFC 3501 §6.2.2, RFC 9051 §6.2.2) with SASL-IR (RFC 4959): carries a SASL
// mechanism's challenges (`+ base64`) and the client's responses (one base64 line each, `*` to
// cancel) until the mechanism finishes; login-result.ts turns its outcome into the answer.
import { findMechanism } from '../../auth/mechanisms.js';
import { isBase64, type SaslOutcome } from '../../auth/sasl.js';
import { NOT_AUTHENTICATED, bad, no, type CommandSpec, type Result } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { authServices, finishLogin, saslBackend } from '../login-result.js';
import { LINE_TOO_LONG, type Session } from '../session.js';

type Reply = Buffer | Result;

/** Sends a challenge and reads the client's answer: its bytes, or the command's end. */
async function challenge(session: Session, data: Buffer): Promise<Reply> {
  await session.send([`+ ${data.toString('base64')}`]);
  const line = await session.readLine({ endOnOverflow: true });
  if (line === null) return bad('Connection closed');
  if (line === LINE_TOO_LONG) return bad('Response too long', 'TOOBIG');
  if (line === '*') return bad('Authentication cancelled');
  if (!isBase64(line)) return bad('Invalid base64 in the response');
  return Buffer.from(line, 'base64');
}

export const authenticate: CommandSpec<CommandOf<'AUTHENTICATE'>> = {
  states: NOT_AUTHENTICATED,
  async run(session, command) {
    if (session.loginDisabled) return no('AUTHENTICATE is disabled until TLS is in use (STARTTLS)', 'PRIVACYREQUIRED');
    // RFC 3501 §6.2.2: an unsupported mechanism is NO.
    const mechanism = findMechanism(command.mechanism, authServices(session).verifyToken !== null);
    if (!mechanism) return no('Unsupported authentication mechanism', 'CANNOT');
    const { exchange, challenge: first } = mechanism.start(saslBackend(session));
    // SASL-IR (RFC 4959): the parser has checked the initial response's base64; "=" is empty.
    let response: Reply =
      command.initial !== undefined ? Buffer.from(command.initial, 'base64') : await challenge(session, first ?? Buffer.alloc(0));
    // Every mechanism here ends after a fixed number of steps (at most two responses).
    for (;;) {
      if (!Buffer.isBuffer(response)) return response;
      const step = await exchange.step(response);
      if (step.kind !== 'challenge') return conclude(session, step, mechanism.name);
      response = await challenge(session, step.data);
    }
  },
};

/**
 * Data that comes with the outcome (SCRAM's server signature, an OAuth error) goes out as one
 * more challenge, since IMAP's tagged answer cannot carry it; the client answers it with an
 * empty response (RFC 4422 §5) or, for OAUTHBEARER's error, with %x01 (RFC 7628 §3.2.3).
 */
async function conclude(session: Session, outcome: SaslOutcome, mechanism: string): Promise<Result> {
  if (outcome.data) {
    const reply = await challenge(session, outcome.data);
    if (!Buffer.isBuffer(reply)) {
      // A failure still counts (and waits) when the client cancels instead of acknowledging it.
      if (outcome.kind === 'failure') await finishLogin(session, outcome, mechanism);
      return reply;
    }
    if (outcome.kind === 'success' && reply.length !== 0) return bad('Expected an empty response');
  }
  return finishLogin(session, outcome, mechanism);
}
