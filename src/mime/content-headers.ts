// The Content-* fields of one MIME entity, read as Dovecot reads them (message-part-data.c):
// the first Content-Type, Content-Transfer-Encoding, Content-ID, ... counts; a value that cannot
// be read is dropped, not guessed at.
import { fieldValue, type HeaderBlock } from './header.js';
import { Rfc822Reader } from './rfc822-reader.js';
import { parseTokenWithParams, readParams, type Params } from './params.js';

export interface ContentHeaders {
  /** "type/subtype" as far as it could be read (case kept), null without a Content-Type field. */
  contentType: string | null;
  params: Params;
  hasMimeVersion: boolean;
  encoding: string | null;
  id: string | null;
  description: string | null;
  md5: string | null;
  disposition: { type: string; params: Params } | null;
  language: string[] | null;
  location: string | null;
}

/** Line breaks out of a value, as Dovecot's imap_append_nstring_nolf writes it. */
function noLf(value: string): string {
  if (!value.includes('\n') && !value.includes('\r')) return value;
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c !== '\r' && c !== '\n') out += c;
    else {
      const next = value[i + 1];
      if (next !== undefined && next !== ' ' && next !== '\t' && next !== '\r' && next !== '\n') out += ' ';
    }
  }
  return out;
}

function readContentType(value: string): { contentType: string; params: Params } {
  const reader = new Rfc822Reader(value);
  const { value: contentType, ok } = reader.parseContentType();
  return { contentType, params: ok ? readParams(reader) : [] };
}

function readEncoding(value: string): string | null {
  const reader = new Rfc822Reader(value);
  reader.skipLwsp();
  const token: string[] = [];
  if (reader.parseMimeToken(token) < 0 || reader.skipLwsp() !== 0) return null;
  const t = token.join('');
  return t === '' ? null : t;
}

function readLanguage(value: string): string[] | null {
  const reader = new Rfc822Reader(value);
  reader.skipLwsp();
  const langs: string[] = [];
  for (;;) {
    const atom: string[] = [];
    if (reader.parseAtom(atom) < 0) break;
    langs.push(atom.join(''));
    if (reader.atEnd() || reader.peek() !== 44) break;
    reader.pos++;
    reader.skipLwsp();
  }
  return langs.length > 0 ? langs : null;
}

export function readContentHeaders(data: Buffer, block: HeaderBlock): ContentHeaders {
  const h: ContentHeaders = {
    contentType: null,
    params: [],
    hasMimeVersion: false,
    encoding: null,
    id: null,
    description: null,
    md5: null,
    disposition: null,
    language: null,
    location: null,
  };
  for (const field of block.fields) {
    const key = field.key;
    if (key === 'mime-version') {
      h.hasMimeVersion = true;
      continue;
    }
    if (!key.startsWith('content-')) continue;
    switch (key) {
      case 'content-type':
        if (h.contentType === null) Object.assign(h, readContentType(fieldValue(data, field)));
        break;
      case 'content-transfer-encoding':
        if (h.encoding === null) h.encoding = readEncoding(fieldValue(data, field));
        break;
      case 'content-id':
        if (h.id === null) h.id = noLf(fieldValue(data, field));
        break;
      case 'content-description':
        if (h.description === null) h.description = noLf(fieldValue(data, field));
        break;
      case 'content-md5':
        if (h.md5 === null) h.md5 = noLf(fieldValue(data, field));
        break;
      case 'content-location':
        if (h.location === null) h.location = noLf(fieldValue(data, field));
        break;
      case 'content-language':
        if (h.language === null) h.language = readLanguage(fieldValue(data, field));
        break;
      case 'content-disposition':
        // Dovecot lets a later field replace one that had no parameters.
        if (h.disposition === null || h.disposition.params.length === 0) {
          const d = parseTokenWithParams(fieldValue(data, field));
          if (d !== null) h.disposition = { type: d.token, params: d.params };
        }
        break;
    }
  }
  return h;
}
