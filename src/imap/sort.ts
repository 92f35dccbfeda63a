// SORT (RFC 5256 §3, DISPLAYFROM / DISPLAYTO of RFC 5957) over the store's sort fields, and
// the i;unicode-casemap collation (RFC 5051) that SORT and THREAD compare strings with.
import type { SortCriterion, SortKey } from '../protocol/ast.js';
import type { SortFields } from '../store/types.js';

// --- i;unicode-casemap (RFC 5051) ---
//
// RFC 5051 §2: each string is turned into a canonical form by (1) mapping every character to
// its titlecase with the Unicode *simple* titlecase mapping (UnicodeData.txt field 14), then
// (2) normalising the result to NFKD; the canonical forms are compared octet by octet as
// UTF-8 (i;octet), which is Unicode code point order. Case-insensitive, so "HELLO" = "hello";
// NFKD makes "ﬁ" = "FI", "é" = "é" (decomposed), "①" = "1". It does NOT strip accents:
// "é" sorts after "e".
//
// JavaScript has no titlecase mapping. The simple titlecase of a character equals its simple
// uppercase except for the Latin digraphs (ǆ→ǅ), Georgian Mkhedruli (titlecase is itself,
// uppercase is Mtavruli) and Greek letters with ypogegrammeni (ᾳ→ᾼ, whose full uppercase
// is two characters). `toUpperCase()` of one code point gives the simple uppercase when the
// result is one code point; a longer result is a full (special-casing) mapping, for which the
// simple mapping is the character itself (ß, ŉ, ǰ, ΐ, ﬀ…), except for the Greek cases above.

/** Exceptions where the simple titlecase differs from a one-code-point `toUpperCase()`. */
function titlecaseException(cp: number): number | undefined {
  if (cp >= 0x01c4 && cp <= 0x01cc) return 0x01c5 + 3 * Math.floor((cp - 0x01c4) / 3); // Ǆǅǆ Ǉǈǉ Ǌǋǌ
  if (cp >= 0x01f1 && cp <= 0x01f3) return 0x01f2; // Ǳǲǳ
  if ((cp >= 0x10d0 && cp <= 0x10fa) || (cp >= 0x10fd && cp <= 0x10ff)) return cp; // Georgian
  if (cp >= 0x1f80 && cp <= 0x1faf) return (cp & 0x0f) < 8 ? cp + 8 : cp; // ᾀ→ᾈ; ᾈ stays
  if (cp === 0x1fb3 || cp === 0x1fc3 || cp === 0x1ff3) return cp + 9; // ᾳ→ᾼ, ῃ→ῌ, ῳ→ῼ
  if (cp === 0x1fbc || cp === 0x1fcc || cp === 0x1ffc) return cp;
  return undefined;
}

function titlecase(s: string): string {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x80) {
      out += cp >= 0x61 && cp <= 0x7a ? String.fromCharCode(cp - 0x20) : ch;
      continue;
    }
    const exception = titlecaseException(cp);
    if (exception !== undefined) {
      out += String.fromCodePoint(exception);
      continue;
    }
    const upper = ch.toUpperCase();
    // One code point (one or two UTF-16 units) means a simple mapping; more is a full one.
    out += upper.length === 1 || (upper.length === 2 && upper.codePointAt(0)! > 0xffff) ? upper : ch;
  }
  return out;
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/** The i;unicode-casemap canonical form of a string (RFC 5051 §2). */
export function collationKey(s: string): string {
  if (ASCII.test(s)) return s.toUpperCase();
  return titlecase(s).normalize('NFKD');
}

/**
 * Compares two strings in Unicode code point order (which is UTF-8 octet order, as
 * i;octet compares). Plain `<` compares UTF-16 units, which puts U+10000 and above before
 * U+E000..U+FFFF.
 */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (D800-DFFF) stand for code points above FFFF: move them past E000-FFFF.
      x = x <= 0xdfff ? x + 0x2000 : x - 0x800;
      y = y <= 0xdfff ? y + 0x2000 : y - 0x800;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** Compares two strings with i;unicode-casemap. */
export function compareCasemap(a: string, b: string): number {
  return compareCodePoints(collationKey(a), collationKey(b));
}

// --- SORT ---

/** Sent date (RFC 5256 §2.2): the Date: header, or the internal date when it has none. */
export function sentDate(f: SortFields): number {
  return f.sentDate ?? f.internalDate;
}

/**
 * RFC 5957 §3: the display name of the first address, or, if it has none, the address.
 * The store gives the display name (empty when absent) and the address it falls back on.
 */
function displayValue(display: string, addr: string): string {
  return display !== '' ? display : addr;
}

type KeyValue = number | string;

function keyOf(key: SortKey, f: SortFields): KeyValue {
  switch (key) {
    case 'ARRIVAL':
      return f.internalDate;
    case 'DATE':
      return sentDate(f);
    case 'SIZE':
      return f.size;
    case 'SUBJECT':
      return collationKey(f.baseSubject);
    case 'FROM':
      return collationKey(f.fromAddr);
    case 'TO':
      return collationKey(f.toAddr);
    case 'CC':
      return collationKey(f.ccAddr);
    case 'DISPLAYFROM':
      return collationKey(displayValue(f.fromDisplay, f.fromAddr));
    case 'DISPLAYTO':
      return collationKey(displayValue(f.toDisplay, f.toAddr));
  }
}

/**
 * Sorts messages by the criteria (RFC 5256 §3). Ties on every criterion keep mailbox order,
 * the implicit last criterion: sequence number order, which is UID order. REVERSE reverses
 * only its own criterion, never that implicit one. Empty strings sort first.
 */
export function sortMessages<T extends SortFields>(fields: readonly T[], criteria: readonly SortCriterion[]): T[] {
  const n = fields.length;
  const keys = criteria.map((c) => {
    const column: KeyValue[] = new Array<KeyValue>(n);
    for (let i = 0; i < n; i++) column[i] = keyOf(c.key, fields[i]!);
    return { column, sign: c.reverse ? -1 : 1 };
  });
  const order = Array.from({ length: n }, (_, i) => i);
  order.sort((i, j) => {
    for (const { column, sign } of keys) {
      const a = column[i]!;
      const b = column[j]!;
      const d = typeof a === 'number' ? a - (b as number) : compareCodePoints(a, b as string);
      if (d !== 0) return d < 0 ? -sign : sign;
    }
    return fields[i]!.uid - fields[j]!.uid;
  });
  return order.map((i) => fields[i]!);
}
