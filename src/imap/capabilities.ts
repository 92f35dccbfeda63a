// The capability list. Only what is implemented is advertised.
import type { Limits } from '../config.js';
import type { SessionState } from './session.js';

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
];

export function capabilities(state: SessionState, limits: Limits): string[] {
  const caps = [...BASE, `APPENDLIMIT=${limits.maxLiteralSize}`];
  if (state === 'notauth') caps.push('AUTH=PLAIN');
  return caps;
}
