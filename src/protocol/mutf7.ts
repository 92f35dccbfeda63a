// Modified UTF-7 for mailbox names (RFC 3501 §5.1.3). Decoding is strict so that every
// valid wire name has exactly one Unicode form and back: encode(decode(x)) === x.

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,';
const BASE64_VALUE = new Map([...BASE64].map((c, i) => [c, i]));

const isDirect = (code: number): boolean => code >= 0x20 && code <= 0x7e;

/** Encode a Unicode mailbox name. Throws on lone surrogates, which have no encoding. */
export function encodeModifiedUtf7(name: string): string {
  let out = '';
  let units: number[] = [];
  const flush = (): void => {
    if (units.length === 0) return;
    out += '&' + base64Units(units) + '-';
    units = [];
  };
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (isDirect(code)) {
      flush();
      out += code === 0x26 ? '&-' : name[i];
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const low = name.charCodeAt(i + 1);
      if (!(low >= 0xdc00 && low <= 0xdfff)) throw new Error('Lone surrogate in mailbox name');
      units.push(code, low);
      i++;
    } else if (code >= 0xdc00 && code <= 0xdfff) {
      throw new Error('Lone surrogate in mailbox name');
    } else {
      units.push(code);
    }
  }
  flush();
  return out;
}

function base64Units(units: number[]): string {
  let out = '';
  let bits = 0;
  let nbits = 0;
  for (const unit of units) {
    bits = (bits << 16) | unit;
    nbits += 16;
    while (nbits >= 6) {
      nbits -= 6;
      out += BASE64[(bits >> nbits) & 0x3f];
    }
    bits &= (1 << nbits) - 1;
  }
  if (nbits > 0) out += BASE64[(bits << (6 - nbits)) & 0x3f];
  return out;
}

/** Decode a wire mailbox name. Throws on anything that is not canonical modified UTF-7. */
export function decodeModifiedUtf7(raw: string): string {
  let out = '';
  let i = 0;
  let lastShiftEnd = -1; // index just past the previous "&...-" run, to reject "-&"
  while (i < raw.length) {
    const code = raw.charCodeAt(i);
    if (!isDirect(code)) throw new Error('Invalid character in mailbox name');
    if (code !== 0x26) {
      out += raw[i++];
      continue;
    }
    const end = raw.indexOf('-', i + 1);
    if (end < 0) throw new Error('Unterminated modified BASE64 in mailbox name');
    if (end === i + 1) {
      out += '&';
      i = end + 1;
      continue;
    }
    if (i === lastShiftEnd) throw new Error('Superfluous shift in mailbox name');
    out += decodeUnits(raw.slice(i + 1, end));
    i = end + 1;
    lastShiftEnd = i;
  }
  return out;
}

function decodeUnits(b64: string): string {
  const units: number[] = [];
  let bits = 0;
  let nbits = 0;
  for (const c of b64) {
    const v = BASE64_VALUE.get(c);
    if (v === undefined) throw new Error('Invalid modified BASE64 in mailbox name');
    bits = (bits << 6) | v;
    nbits += 6;
    if (nbits >= 16) {
      nbits -= 16;
      units.push((bits >> nbits) & 0xffff);
      bits &= (1 << nbits) - 1;
    }
  }
  // Leftover bits must be padding only: fewer than one base64 digit, and all zero.
  if (nbits >= 6 || bits !== 0) throw new Error('Invalid modified BASE64 padding in mailbox name');
  let out = '';
  for (let k = 0; k < units.length; k++) {
    const u = units[k]!;
    if (isDirect(u)) throw new Error('Encoded printable ASCII in mailbox name');
    if (u >= 0xd800 && u <= 0xdbff) {
      const low = units[k + 1];
      if (low === undefined || low < 0xdc00 || low > 0xdfff) throw new Error('Lone surrogate in mailbox name');
      out += String.fromCharCode(u, low);
      k++;
    } else if (u >= 0xdc00 && u <= 0xdfff) {
      throw new Error('Lone surrogate in mailbox name');
    } else {
      out += String.fromCharCode(u);
    }
  }
  return out;
}
