// SASL PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd, in UTF-8.
import { prepareQuery } from './saslprep.js';
import { fail, utf8, type SaslBackend, type SaslMechanism, type SaslOutcome } from './sasl.js';

/**
 * Checks a password login shared by PLAIN and LOGIN: throttle first (a held account is not
 * even checked, so guessing during a hold learns nothing), then the password.
 */
export async function passwordLogin(
  backend: SaslBackend,
  authcid: string,
  password: string,
  authzid: string | null,
): Promise<SaslOutcome> {
  const account = prepareQuery(authcid);
  if (account === null) return fail('credentials'); // RFC 4616 §4: preparation failed, no such account can exist
  if (!backend.admit(account)) return fail('unavailable', account);
  const user = await backend.verifyPassword(account, password);
  if (!user) return fail('credentials', account);
  return { kind: 'success', user, authzid };
}

export const plain: SaslMechanism = {
  name: 'PLAIN',
  clientFirst: true,
  start: (backend) => ({
    exchange: {
      async step(response) {
        const text = utf8(response);
        const fields = text?.split('\0');
        if (!fields || fields.length !== 3) return fail('malformed');
        const [authzid, authcid, password] = fields as [string, string, string];
        if (authcid === '' || password === '') return fail('malformed');
        return passwordLogin(backend, authcid, password, authzid === '' ? null : (prepareQuery(authzid) ?? authzid));
      },
    },
  }),
};
