// BODY and BODYSTRUCTURE (RFC 3501 §7.4.2, body ABNF of §9), written as Dovecot 2.3 writes them
// (imap-bodystructure.c): type and subtype as sent; a text part always gets a charset parameter
// ("us-ascii" added when missing); "7bit" when there is no usable Content-Transfer-Encoding;
// a multipart without children shows one empty text/plain part; message/global (not an
// RFC 3501 body-type-msg) is written as a basic body.
import type { MimePart } from './types.js';
import { encodeEnvelope } from './envelope.js';
import { nstring, string, type Wire } from '../protocol/encode.js';

const EMPTY_BODY = '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0)';
const EMPTY_BODYSTRUCTURE = '("text" "plain" ("charset" "us-ascii") NIL NIL "7bit" 0 0 NIL NIL NIL NIL)';

function params(list: Array<[string, string]>, addCharset: boolean): Wire[] {
  const hasCharset = addCharset && list.some(([k]) => k.toLowerCase() === 'charset');
  if (list.length === 0 && !addCharset) return ['NIL'];
  const out: Wire[] = ['('];
  list.forEach(([k, v], i) => {
    if (i > 0) out.push(' ');
    out.push(...string(k), ' ', ...string(v));
  });
  if (addCharset && !hasCharset) out.push(list.length > 0 ? ' ' : '', '"charset" "us-ascii"');
  out.push(')');
  return out;
}

/** body-fld-dsp, body-fld-lang, body-fld-loc: the extension data common to both body kinds. */
function commonExtension(part: MimePart): Wire[] {
  const out: Wire[] = [' '];
  if (part.disposition === null) out.push('NIL');
  else out.push('(', ...string(part.disposition.type), ' ', ...params(part.disposition.params, false), ')');
  out.push(' ');
  if (part.language === null) out.push('NIL');
  else {
    out.push('(');
    part.language.forEach((lang, i) => out.push(...(i > 0 ? [' '] : []), ...string(lang)));
    out.push(')');
  }
  out.push(' ', ...nstring(part.location));
  return out;
}

function multipart(part: MimePart, children: MimePart[], extended: boolean): Wire[] {
  const out: Wire[] = [];
  if (children.length === 0) out.push(extended ? EMPTY_BODYSTRUCTURE : EMPTY_BODY);
  for (const child of children) out.push('(', ...body(child, extended), ')');
  out.push(' ', ...string(part.sentSubtype ?? part.subtype));
  if (extended) out.push(' ', ...params(part.params, false), ...commonExtension(part));
  return out;
}

function single(part: MimePart, extended: boolean): Wire[] {
  const message = part.message !== undefined && part.type === 'message' && part.subtype === 'rfc822' ? part.message : undefined;
  const text = message === undefined && part.type === 'text';
  const out: Wire[] = [];
  if (message !== undefined) out.push('"message" "rfc822"');
  else out.push(...string(part.sentType ?? part.type), ' ', ...string(part.sentSubtype ?? part.subtype));
  out.push(' ', ...params(part.params, text));
  out.push(' ', ...nstring(part.id), ' ', ...nstring(part.description), ' ', ...string(part.encoding), ` ${part.size}`);
  if (text) out.push(` ${part.lines}`);
  else if (message !== undefined) {
    out.push(' ', ...encodeEnvelope(message.envelope), ' (', ...body(message.root, extended), `) ${part.lines}`);
  }
  if (extended) out.push(' ', ...nstring(part.md5), ...commonExtension(part));
  return out;
}

/** The inside of the body's parentheses. */
function body(part: MimePart, extended: boolean): Wire[] {
  return part.parts !== undefined ? multipart(part, part.parts, extended) : single(part, extended);
}

/**
 * BODYSTRUCTURE (extended) or BODY (not extended) of a part, parentheses included, ready to
 * follow "BODYSTRUCTURE " in a FETCH response.
 */
export function encodeBodyStructure(root: MimePart, extended: boolean): Wire[] {
  return ['(', ...body(root, extended), ')'];
}
