// LIST/LSUB patterns: '*' matches anything, '%' anything but the hierarchy delimiter.
import { DELIMITER } from './mailbox-name.js';

export type NameMatcher = (name: string) => boolean;

export function listMatcher(reference: string, pattern: string): NameMatcher {
  const full = reference + pattern;
  const source = [...full]
    .map((c) => (c === '*' ? '.*' : c === '%' ? `[^${DELIMITER}]*` : c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  const exact = new RegExp(`^${source}$`, 'u');
  // INBOX is case-insensitive, so a pattern may spell it in any case.
  const inboxPattern = /^inbox/i.test(full) ? new RegExp(`^INBOX${source.slice(5)}$`, 'u') : null;
  return (name) => exact.test(name) || (inboxPattern !== null && /^INBOX(\/|$)/.test(name) && inboxPattern.test(name));
}
