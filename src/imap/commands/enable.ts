import { AUTHENTICATED, ok, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';

/**
 * What ENABLE (RFC 5161) can turn on: unsolicited METADATA responses (RFC 5464 §4.4), for
 * server and mailbox entries (METADATA) or for server entries only (METADATA-SERVER).
 * CONDSTORE and QRESYNC (RFC 7162 §3.1, §3.2.3; QRESYNC implies CONDSTORE).
 * Anything else is ignored, as RFC 5161 §3.1 asks.
 */
const ENABLABLE = new Set(['METADATA', 'METADATA-SERVER', 'CONDSTORE', 'QRESYNC']);

export const enable: CommandSpec<CommandOf<'ENABLE'>> = {
  states: AUTHENTICATED,
  async run(session, command) {
    // Each ENABLED lists only what this command newly enabled (RFC 5161 §3.1).
    const enabled: string[] = [];
    const wasCondstore = session.condstore;
    for (const name of command.capabilities) {
      if (!ENABLABLE.has(name) || session.enabled.has(name)) continue;
      session.enabled.add(name);
      enabled.push(name);
    }
    if (enabled.some((name) => name.startsWith('METADATA'))) session.watchMetadata();
    await session.send([['* ENABLED', ...enabled].join(' ')]);
    // RFC 7162: ENABLE CONDSTORE / QRESYNC is a CONDSTORE enabling command (which, the
    // first time and with a mailbox selected, reports its HIGHESTMODSEQ).
    if (!wasCondstore && (session.enabled.has('CONDSTORE') || session.qresync)) {
      session.enabled.delete('CONDSTORE');
      await session.enableCondstore();
    }
    return ok('ENABLE completed');
  },
};
