// The LOGIN mechanism (draft-murchison-sasl-login): the server asks "Username:" then
// "Password:"; each answer is one response. Old clients (Outlook, some phones) still use it.
// With SASL-IR the initial response is the user name.
import { passwordLogin } from './sasl-plain.js';
import { fail, utf8, type SaslMechanism } from './sasl.js';

const USERNAME = Buffer.from('Username:');
const PASSWORD = Buffer.from('Password:');

export const login: SaslMechanism = {
  name: 'LOGIN',
  clientFirst: false,
  start(backend) {
    let user: string | null = null;
    return {
      challenge: USERNAME,
      exchange: {
        async step(response) {
          const text = utf8(response);
          if (text === null || text === '' || text.includes('\0')) return fail('malformed');
          if (user === null) {
            user = text;
            return { kind: 'challenge', data: PASSWORD };
          }
          return passwordLogin(backend, user, text, null);
        },
      },
    };
  },
};
