// Mailbox and user name rules.
import { StoreError } from './types.js';

export const SEPARATOR = '/';
export const INBOX = 'INBOX';
const MAX_NAME_LENGTH = 1000;

/** INBOX is case-insensitive (RFC 3501 §5.1); every other name is taken as given. */
export function canonicalName(name: string): string {
  return name.length === 5 && name.toUpperCase() === INBOX ? INBOX : name;
}

/** Refuses names the store cannot hold: empty levels, control characters, over-long names. */
export function checkMailboxName(name: string): void {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) throw new StoreError('CANNOT', 'Invalid mailbox name');
  if (/\p{Cc}/u.test(name)) throw new StoreError('CANNOT', 'Mailbox name contains control characters');
  if (name.split(SEPARATOR).some((level) => level === '')) {
    throw new StoreError('CANNOT', 'Mailbox name has an empty hierarchy level');
  }
}

/** Ancestors of a name, outermost first: 'a/b/c' → ['a', 'a/b']. */
export function ancestors(name: string): string[] {
  const levels = name.split(SEPARATOR);
  const out: string[] = [];
  for (let i = 1; i < levels.length; i++) out.push(levels.slice(0, i).join(SEPARATOR));
  return out;
}

/**
 * Bounds for an index range scan over the strict descendants of `name`: every name
 * starting with 'name/' sorts (BINARY, i.e. UTF-8 byte order) in ['name/', 'name0').
 */
export function descendantBounds(name: string): [string, string] {
  return [name + SEPARATOR, name + String.fromCharCode(SEPARATOR.charCodeAt(0) + 1)];
}

/**
 * User names: 1..64 characters, no control characters, no white space. Not `/` (names appear as
 * `Other Users/<name>/...`), not `anyone` and no leading `-` (RFC 4314 ACL identifiers).
 */
export function checkUserName(name: string): void {
  const length = [...name].length;
  if (length < 1 || length > 64 || /[\p{Cc}\p{Z}\s]/u.test(name)) {
    throw new StoreError('CANNOT', 'Invalid user name: 1 to 64 characters, no spaces or control characters');
  }
  // A user name is a level of `Other Users/<name>/…`: no separator, and no LIST wildcard
  // (`*`, `%`), which would make that tree unreachable by name.
  if (/[/*%]/.test(name) || name.startsWith('-') || name.toLowerCase() === 'anyone') {
    throw new StoreError('CANNOT', 'Invalid user name: no "/", "*" or "%", no leading "-", and not "anyone"');
  }
}

export const SPECIAL_USES = ['\\All', '\\Archive', '\\Drafts', '\\Flagged', '\\Junk', '\\Sent', '\\Trash'] as const;

/** RFC 6154 attribute in canonical spelling, or CANNOT. */
export function canonicalSpecialUse(use: string): string {
  const found = SPECIAL_USES.find((u) => u.toLowerCase() === use.toLowerCase());
  if (!found) throw new StoreError('CANNOT', `Unsupported special-use attribute ${use}`);
  return found;
}
