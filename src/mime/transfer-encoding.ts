// Undoing a Content-Transfer-Encoding (RFC 2045 §6), on bytes, in one linear pass.
import { asciiLower } from './text.js';

export type TransferKind = 'identity' | 'base64' | 'quoted-printable' | 'unknown';

/** 7bit, 8bit and binary need no decoding; base64 and quoted-printable do; anything else is unknown. */
export function transferKind(encoding: string): TransferKind {
  switch (asciiLower(encoding)) {
    case '':
    case '7bit':
    case '8bit':
    case 'binary':
      return 'identity';
    case 'base64':
      return 'base64';
    case 'quoted-printable':
      return 'quoted-printable';
    default:
      return 'unknown';
  }
}

const B64 = new Int8Array(256).fill(-1);
'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'.split('').forEach((c, i) => (B64[c.charCodeAt(0)] = i));

/** base64: characters outside the alphabet are skipped, decoding stops at '=' padding. */
export function decodeBase64(src: Buffer): Buffer {
  const out = Buffer.allocUnsafe(Math.floor((src.length * 3) / 4) + 3);
  let o = 0;
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (c === 61) break; // '='
    const v = B64[c]!;
    if (v < 0) continue;
    acc = ((acc << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
    }
  }
  return out.subarray(0, o);
}

const hex = (c: number): number => (c >= 48 && c <= 57 ? c - 48 : c >= 65 && c <= 70 ? c - 55 : c >= 97 && c <= 102 ? c - 87 : -1);

/**
 * quoted-printable: =XX decoded, soft line breaks (= at the end of a line) removed, white space
 * at the end of a line dropped (RFC 2045 §6.7 rule 3); a stray '=' is kept as it is.
 */
export function decodeQuotedPrintable(src: Buffer): Buffer {
  const out = Buffer.allocUnsafe(src.length);
  let o = 0;
  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === 61) {
      // '='
      const h1 = i + 1 < n ? hex(src[i + 1]!) : -1;
      const h2 = i + 2 < n ? hex(src[i + 2]!) : -1;
      if (h1 >= 0 && h2 >= 0) {
        out[o++] = (h1 << 4) | h2;
        i += 3;
        continue;
      }
      // Soft line break: '=' then optional white space then [CR]LF (or the end).
      let j = i + 1;
      while (j < n && (src[j] === 32 || src[j] === 9)) j++;
      if (j >= n) break;
      if (src[j] === 10) {
        i = j + 1;
        continue;
      }
      if (src[j] === 13 && j + 1 < n && src[j + 1] === 10) {
        i = j + 2;
        continue;
      }
      out[o++] = c;
      i++;
      continue;
    }
    if (c === 32 || c === 9) {
      // Trailing white space before a line end is dropped.
      let j = i;
      while (j < n && (src[j] === 32 || src[j] === 9)) j++;
      if (j >= n || src[j] === 10 || (src[j] === 13 && j + 1 < n && src[j + 1] === 10)) {
        i = j;
        continue;
      }
      while (i < j) out[o++] = src[i++]!;
      continue;
    }
    out[o++] = c;
    i++;
  }
  return out.subarray(0, o);
}

/** Decodes `body` per `encoding`; null for an unknown encoding. */
export function decodeTransfer(body: Buffer, encoding: string): Buffer | null {
  switch (transferKind(encoding)) {
    case 'identity':
      return body;
    case 'base64':
      return decodeBase64(body);
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return null;
  }
}
