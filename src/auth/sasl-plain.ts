// SASL PLAIN (RFC 4616): [authzid] NUL authcid NUL passwd, base64-encoded on the wire.

export interface PlainCredentials {
  authzid: string;
  authcid: string;
  password: string;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decodes a PLAIN response; null when it is not valid base64 or not three fields. */
export function decodePlain(response: string): PlainCredentials | null {
  if (!BASE64.test(response)) return null;
  const text = Buffer.from(response, 'base64').toString('utf8');
  const fields = text.split('\0');
  if (fields.length !== 3) return null;
  const [authzid, authcid, password] = fields as [string, string, string];
  if (authcid === '' || password === '') return null;
  return { authzid, authcid, password };
}
