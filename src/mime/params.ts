// MIME parameters (Content-Type, Content-Disposition) and RFC 2231 continuations.
// BODYSTRUCTURE shows them as Dovecot does: plain parameters in order, then each RFC 2231 family
// (name*0, name*1*, ...) joined into one, sorted by name; an extended value keeps its
// charset'language'%XX form under "name*". paramValue() decodes when a caller needs the text.
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import Encoding from 'encoding-japanese';
import { asciiLower } from './text.js';
import { Rfc822Reader } from './rfc822-reader.js';

export type Params = Array<[string, string]>;

interface Piece {
  key: string;
  index: number;
  extended: boolean;
  value: string;
}

/** Reads `; a=b; c*0=d ...` from the reader's position, joining RFC 2231 continuations. */
export function readParams(reader: Rfc822Reader): Params {
  const result: Params = [];
  const pieces: Piece[] = [];
  for (;;) {
    const { ret, key, value } = reader.parseContentParam();
    if (ret === 0) break;
    if (ret < 0) {
      // Broken: skip one character and try again, as Dovecot does.
      if (reader.atEnd()) break;
      reader.pos++;
      continue;
    }
    const star = key.indexOf('*');
    if (star >= 0) {
      // name*, name*N or name*N* (Dovecot's reading: a bare "name*" is index 0, extended).
      let p = star;
      let index = 0;
      if (p + 1 < key.length) {
        p++;
        while (p < key.length && key.charCodeAt(p) >= 48 && key.charCodeAt(p) <= 57) index = index * 10 + key.charCodeAt(p++) - 48;
      }
      let extended = false;
      if (key[p] === '*') {
        extended = true;
        p++;
      }
      if (p === key.length) {
        pieces.push({ key: key.slice(0, star), index, extended, value });
        continue;
      }
    }
    result.push([key, value]);
  }
  if (pieces.length === 0) return result;

  // Sort by name, then index (stable), and join each complete family.
  pieces.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.index - b.index));
  for (let i = 0; i < pieces.length; ) {
    const first = pieces[i]!;
    const lower = asciiLower(first.key);
    let j = i;
    let complete = true;
    let anyExtended = false;
    for (let next = 0; j < pieces.length && asciiLower(pieces[j]!.key) === lower; j++, next++) {
      if (pieces[j]!.index !== next) complete = false;
      if (pieces[j]!.extended) anyExtended = true;
    }
    if (!complete) {
      for (let k = i; k < j; k++) {
        const p = pieces[k]!;
        result.push([`${p.key}*${p.index}${p.extended ? '*' : ''}`, p.value]);
      }
    } else {
      let value = !first.extended && anyExtended ? "''" : '';
      for (let k = i; k < j; k++) {
        const p = pieces[k]!;
        // A plain piece inside an extended family: escape its '%' so the whole stays decodable.
        value += !p.extended && anyExtended ? p.value.replace(/%/g, '%25') : p.value;
      }
      result.push([anyExtended ? `${first.key}*` : first.key, value]);
    }
    i = j;
  }
  return result;
}

/** Parses a whole `token; params` value (Content-Disposition) into its token and parameters. */
export function parseTokenWithParams(value: string): { token: string; params: Params } | null {
  const reader = new Rfc822Reader(value);
  reader.skipLwsp();
  const token: string[] = [];
  if (reader.parseMimeToken(token) < 0) return null;
  return { token: token.join(''), params: readParams(reader) };
}

/** Decodes an RFC 2231 extended value `charset'lang'%XX...` to text. */
export function decodeExtendedValue(value: string): string {
  const q1 = value.indexOf("'");
  const q2 = q1 < 0 ? -1 : value.indexOf("'", q1 + 1);
  if (q2 < 0) return value;
  const charset = value.slice(0, q1) || 'us-ascii';
  const bytes: number[] = [];
  const rest = value.slice(q2 + 1);
  for (let i = 0; i < rest.length; i++) {
    const c = rest.charCodeAt(i);
    if (c === 37 && /^[0-9A-Fa-f]{2}$/.test(rest.slice(i + 1, i + 3))) {
      bytes.push(parseInt(rest.slice(i + 1, i + 3), 16));
      i += 2;
    } else if (c < 128) bytes.push(c);
    else for (const b of Buffer.from(rest[i]!, 'utf8')) bytes.push(b);
  }
  return decodeCharset(Buffer.from(bytes), charset);
}

/** Bytes in a named charset to text; unknown charsets fall back to UTF-8 (Latin-1 if invalid). */
export function decodeCharset(bytes: Buffer, charset: string): string {
  const cs = asciiLower(charset.trim());
  // iconv-lite has no ISO-2022-JP (JIS), still common in Japanese mail.
  if (cs === 'iso-2022-jp') return Encoding.convert(bytes, { to: 'UNICODE', from: 'JIS', type: 'string' });
  if (cs !== '' && cs !== 'us-ascii' && cs !== 'ascii' && cs !== 'utf-8' && cs !== 'utf8' && iconv.encodingExists(cs)) {
    return iconv.decode(bytes, cs);
  }
  // ASCII, UTF-8 or a charset iconv-lite does not know: UTF-8 when valid, Latin-1 otherwise.
  return isUtf8(bytes) ? bytes.toString('utf8') : bytes.toString('latin1');
}

/** A parameter's value by name, case-insensitively, with RFC 2231 encoding undone. */
export function paramValue(params: Params, name: string): string | null {
  const want = asciiLower(name);
  for (const [key, value] of params) {
    const k = asciiLower(key);
    if (k === want) return value;
    if (k === `${want}*`) return decodeExtendedValue(value);
  }
  return null;
}
