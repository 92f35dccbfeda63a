// Turning header bytes into text. Headers may carry raw 8-bit bytes (RFC 6532 UTF-8, or legacy
// charsets); UTF-8 is taken when the bytes are valid UTF-8, Latin-1 otherwise, so no byte is lost.
import { isUtf8 } from 'node:buffer';

/** Header bytes as text: UTF-8 where valid, Latin-1 otherwise. NUL becomes U+FFFD as Dovecot does. */
export function bytesToText(data: Buffer, start = 0, end = data.length): string {
  let ascii = true;
  let nul = false;
  for (let i = start; i < end; i++) {
    const c = data[i]!;
    if (c >= 0x80) ascii = false;
    else if (c === 0) nul = true;
  }
  let text: string;
  if (ascii) text = data.toString('latin1', start, end);
  else {
    const slice = data.subarray(start, end);
    text = isUtf8(slice) ? slice.toString('utf8') : data.toString('latin1', start, end);
  }
  return nul ? text.replace(/\0/g, '\uFFFD') : text;
}

/** Lower-cases ASCII letters only (header names and MIME tokens are ASCII case-insensitive). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}
