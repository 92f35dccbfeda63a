import { NOT_AUTHENTICATED, bad, no, type CommandSpec } from '../command.js';
import type { CommandOf } from '../../protocol/ast.js';
import { logIn } from '../login-result.js';
import { decodePlain } from '../../auth/sasl-plain.js';

export const authenticate: CommandSpec<CommandOf<'AUTHENTICATE'>> = {
  states: NOT_AUTHENTICATED,
  async run(session, command) {
    if (command.mechanism !== 'PLAIN') return no('Unsupported authentication mechanism', 'CANNOT');
    let response = command.initial;
    if (response === undefined) {
      await session.send(['+ ']);
      const line = await session.readLine();
      if (line === null) return bad('Connection closed');
      response = line;
    }
    if (response === '*') return bad('Authentication cancelled');
    const credentials = decodePlain(response);
    if (!credentials) return bad('Malformed PLAIN response');
    if (credentials.authzid !== '' && credentials.authzid !== credentials.authcid) {
      return no('Acting as another user is not allowed', 'AUTHORIZATIONFAILED');
    }
    return logIn(session, credentials.authcid, credentials.password);
  },
};
