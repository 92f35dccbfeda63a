// SASLprep (RFC 4013) for user names and passwords, so that what a user types on one device
// matches what another sends: non-ASCII spaces become U+0020, soft hyphens and the like
// vanish, NFKC applies, and prohibited or bidi-inconsistent strings are refused.
import saslprepLib from '@mongodb-js/saslprep';

/**
 * A string received from a client (a "query", RFC 4013 §2: unassigned code points allowed).
 * Null when it cannot be prepared or prepares to nothing: such a login can only fail.
 */
export function prepareQuery(text: string): string | null {
  return prepare(text, true);
}

/**
 * A string about to be stored (RFC 4013 §2 "stored strings": no unassigned code points).
 * Null when it is refused.
 */
export function prepareStored(text: string): string | null {
  return prepare(text, false);
}

function prepare(text: string, allowUnassigned: boolean): string | null {
  try {
    const prepared = saslprepLib(text, { allowUnassigned });
    return prepared === '' ? null : prepared;
  } catch {
    return null;
  }
}
