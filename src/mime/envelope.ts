// ENVELOPE (RFC 3501 §7.4.2) from a message header, and its wire form.
// Values are the raw header text as Dovecot 2.3 shows it: date, in-reply-to and message-id as
// sent (folded lines joined with "\n"), subject and display names with white space runs
// collapsed and trimmed. When a field occurs more than once the last one counts (Dovecot).
import type { Envelope, EnvelopeAddress } from './types.js';
import { nstring, type Wire } from '../protocol/encode.js';
import { fieldValue, type HeaderBlock } from './header.js';
import { forHumans, parseAddressList } from './address.js';

const FIELDS: Record<string, keyof Envelope> = {
  date: 'date',
  subject: 'subject',
  from: 'from',
  sender: 'sender',
  'reply-to': 'replyTo',
  to: 'to',
  cc: 'cc',
  bcc: 'bcc',
  'in-reply-to': 'inReplyTo',
  'message-id': 'messageId',
};

export function emptyEnvelope(): Envelope {
  return {
    date: null,
    subject: null,
    from: null,
    sender: null,
    replyTo: null,
    to: null,
    cc: null,
    bcc: null,
    inReplyTo: null,
    messageId: null,
  };
}

/** Builds the ENVELOPE of the message whose header is `block`. */
export function buildEnvelope(data: Buffer, block: HeaderBlock): Envelope {
  const env = emptyEnvelope();
  for (const field of block.fields) {
    const slot = FIELDS[field.key];
    if (slot === undefined) continue;
    const value = fieldValue(data, field);
    switch (slot) {
      case 'subject':
        env.subject = forHumans(value);
        break;
      case 'date':
      case 'inReplyTo':
      case 'messageId':
        env[slot] = value;
        break;
      default:
        env[slot] = parseAddressList(value);
    }
  }
  return env;
}

function addressList(list: EnvelopeAddress[] | null): Wire[] {
  if (list === null) return ['NIL'];
  const out: Wire[] = ['('];
  for (const a of list) {
    out.push('(', ...nstring(a.name), ' ', ...nstring(a.adl), ' ', ...nstring(a.mailbox), ' ', ...nstring(a.host), ')');
  }
  out.push(')');
  return out;
}

/** The parenthesised ENVELOPE; sender and reply-to fall back to from (RFC 3501). */
export function encodeEnvelope(env: Envelope): Wire[] {
  return [
    '(',
    ...nstring(env.date),
    ' ',
    ...nstring(env.subject),
    ' ',
    ...addressList(env.from),
    ' ',
    ...addressList(env.sender ?? env.from),
    ' ',
    ...addressList(env.replyTo ?? env.from),
    ' ',
    ...addressList(env.to),
    ' ',
    ...addressList(env.cc),
    ' ',
    ...addressList(env.bcc),
    ' ',
    ...nstring(env.inReplyTo),
    ' ',
    ...nstring(env.messageId),
    ')',
  ];
}
