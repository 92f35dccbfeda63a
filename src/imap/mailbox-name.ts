// Structural rules for mailbox names ('/' is the hierarchy delimiter).

export const DELIMITER = '/';
const MAX_NAME_BYTES = 1024;

/** Why a mailbox name cannot be used, or null if it can. */
export function invalidMailboxName(name: string): string | null {
  if (name === '') return 'Empty mailbox name';
  if (Buffer.byteLength(name, 'utf8') > MAX_NAME_BYTES) return 'Mailbox name too long';
  if (/[\x00-\x1f\x7f]/.test(name)) return 'Mailbox name contains control characters';
  if (/[*%]/.test(name)) return 'Mailbox name contains a wildcard';
  if (name.split(DELIMITER).some((part) => part === '')) return 'Mailbox name has an empty level';
  return null;
}


/** Parent names of a mailbox, outermost first: a/b/c -> [a, a/b]. */
export function parentsOf(name: string): string[] {
  const parts = name.split(DELIMITER);
  return parts.slice(0, -1).map((_, i) => parts.slice(0, i + 1).join(DELIMITER));
}
