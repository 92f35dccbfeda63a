// RFC 5464 METADATA syntax: entry names (§3.2, §5) and the arguments of GETMETADATA and
// SETMETADATA. Used by the parser (a bad name is BAD), and by the store and the CLI, which
// check names the same way.
import { ParseError, type Reader } from './reader.js';

export type MetadataDepth = 0 | 1 | 'infinity';

export interface MetadataEntryValue {
  name: string;
  /** The value's octets; null (NIL) removes the entry. */
  value: Buffer | null;
}

/** Longest entry name accepted, in octets. */
export const MAX_ENTRY_NAME = 1024;

/**
 * What a name is used for:
 * - `entry`: names one entry (SETMETADATA, GETMETADATA with DEPTH 0, the CLI);
 * - `specifier`: a GETMETADATA entry specifier with DEPTH 1 or infinity, which may also be a
 *   bare `/private` or `/shared` to ask for the entries below it (used as in CPM §6.6.2, where
 *   a client fetches a whole subtree at once). It never names an entry itself.
 */
export type EntryUse = 'entry' | 'specifier';

/**
 * Why `name` is not a valid entry name (RFC 5464 §3.2 and §5), or null if it is. Names are
 * ASCII without control characters, `*` or `%`; they begin with `/private` or `/shared`,
 * have at least 2 components (4 under `/shared/vendor/` and `/private/vendor/`), no empty
 * component and no trailing `/`.
 */
export function entryNameError(name: string, use: EntryUse = 'entry'): string | null {
  if (name.length === 0) return 'Empty entry name';
  if (name.length > MAX_ENTRY_NAME) return 'Entry name too long';
  if (/[^\x00-\x7f]/.test(name)) return 'Entry name must be ASCII';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'Entry name contains control characters';
  if (/[*%]/.test(name)) return 'Entry name contains * or %';
  if (name.endsWith('/') && name.length > 1) return 'Entry name ends with /';
  if (name.includes('//')) return 'Entry name contains consecutive slashes';
  const parts = name.toLowerCase().split('/');
  if (parts[0] !== '' || (parts[1] !== 'private' && parts[1] !== 'shared')) return 'Entry name must begin with /private or /shared';
  const components = parts.length - 1;
  if (components < 2) return use === 'specifier' ? null : `${name} alone is not an entry name`;
  if (use === 'entry' && parts[2] === 'vendor' && components < 4) return 'Vendor entry names need /vendor/<vendor-token>/<name>';
  return null;
}

/** Whether the entry (or specifier) is in the /private name space. */
export function isPrivateEntry(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === '/private' || lower.startsWith('/private/');
}

/**
 * `entries = entry / "(" entry *(SP entry) ")"`, each an astring; not yet validated. Several
 * entries without parentheses are accepted too, as the examples of RFC 5464 §4.4.1 send them.
 */
export function readEntries(r: Reader): string[] {
  if (r.peek() !== 0x28) {
    const names = [readEntry(r)];
    while (r.accept(0x20)) names.push(readEntry(r));
    return names;
  }
  r.open('Expected ( before entry names');
  const names: string[] = [];
  do names.push(readEntry(r));
  while (r.accept(0x20));
  r.close('Expected ) after entry names');
  return names;
}

function readEntry(r: Reader): string {
  return r.astring('entry name', (bytes) => Buffer.from(bytes).toString('latin1'));
}

export interface GetMetadataOptions {
  depth: MetadataDepth;
  maxSize?: number;
}

/** `getmetadata-options = "(" getmetadata-option *(SP getmetadata-option) ")"`: MAXSIZE and DEPTH. */
export function readGetMetadataOptions(r: Reader): GetMetadataOptions {
  const options: GetMetadataOptions = { depth: 0 };
  const seen = new Set<string>();
  r.open('Expected ( before GETMETADATA options');
  do {
    const name = r.atom('GETMETADATA option').toUpperCase();
    if (seen.has(name)) throw new ParseError(`Duplicate GETMETADATA option ${name}`);
    seen.add(name);
    if (name === 'MAXSIZE') {
      r.space('MAXSIZE value');
      options.maxSize = r.number('MAXSIZE value');
    } else if (name === 'DEPTH') {
      r.space('DEPTH value');
      const depth = r.atom('DEPTH value').toLowerCase();
      if (depth !== '0' && depth !== '1' && depth !== 'infinity') throw new ParseError('Invalid DEPTH value: 0, 1 or infinity');
      options.depth = depth === 'infinity' ? 'infinity' : Number(depth) as 0 | 1;
    } else {
      throw new ParseError(`Unknown GETMETADATA option ${name}`);
    }
  } while (r.accept(0x20));
  r.close('Expected ) after GETMETADATA options');
  return options;
}

/** Checks every entry name of a command; a bad one makes the command BAD. */
export function checkEntryNames(names: readonly string[], use: EntryUse): void {
  for (const name of names) {
    const error = entryNameError(name, use);
    if (error) throw new ParseError(error);
  }
}

/** `entry-values = "(" entry-value *(SP entry-value) ")"`, `entry-value = entry SP value`. */
export function readEntryValues(r: Reader): MetadataEntryValue[] {
  if (r.peek() !== 0x28) throw new ParseError(r.atEnd() ? 'Missing entry values' : 'Expected ( before entry values');
  r.open('Expected ( before entry values');
  const out: MetadataEntryValue[] = [];
  do {
    const name = readEntry(r);
    r.space('entry value');
    out.push({ name, value: r.valueBytes('entry value') });
  } while (r.accept(0x20));
  r.close('Expected ) after entry values');
  checkEntryNames(out.map((e) => e.name), 'entry');
  return out;
}
