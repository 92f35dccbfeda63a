// The capability list. Only what is implemented is advertised.
import { mechanisms } from '../auth/mechanisms.js';
import type { Session } from './session.js';

const BASE = [
  'IMAP4rev1',
  'LITERAL+',
  'SASL-IR',
  'ID',
  'ENABLE',
  'IDLE',
  'NAMESPACE',
  'UNSELECT',
  'UIDPLUS',
  'MOVE',
  'CHILDREN',
  'SPECIAL-USE',
  'OBJECTID',
  'LIST-EXTENDED', 'LIST-STATUS', 'STATUS=SIZE', // RFC 5258, RFC 5819, RFC 8438: src/imap/commands/list.ts, status.ts
  'ESEARCH', 'SEARCHRES', // RFC 4731, RFC 5182: src/imap/commands/search.ts
  'SORT', 'SORT=DISPLAY', // RFC 5256, RFC 5957: src/imap/commands/sort.ts
  'THREAD=ORDEREDSUBJECT', 'THREAD=REFERENCES', // RFC 5256: src/imap/commands/thread.ts
  'CONDSTORE', 'QRESYNC', // RFC 7162: src/imap/qresync.ts, commands/{select,fetch,store,search,enable}.ts
  'METADATA', 'METADATA-SERVER', // RFC 5464: src/imap/commands/getmetadata.ts, setmetadata.ts
  'NOTIFY', // RFC 5465: src/imap/notify.ts, commands/notify.ts
  'ACL', 'RIGHTS=texk', // RFC 4314: src/imap/rights.ts, namespace.ts, commands/{setacl,deleteacl,getacl,listrights,myrights}.ts
];

/**
 * What this session may use now. Before login: STARTTLS while the connection is plain and a
 * certificate is configured; LOGINDISABLED and no mechanism while TLS is required but absent
 * (RFC 9051 §6.2.3); otherwise the SASL mechanisms this server offers.
 */
export function capabilities(session: Session): string[] {
  const caps = [...BASE, `APPENDLIMIT=${session.limits.maxLiteralSize}`];
  if (session.state === 'notauth') {
    if (session.startTlsOffered) caps.push('STARTTLS');
    if (session.loginDisabled) caps.push('LOGINDISABLED');
    else caps.push(...mechanisms(Boolean(session.ctx.auth?.verifyToken)).map((m) => `AUTH=${m.name}`));
  }
  return caps;
}
