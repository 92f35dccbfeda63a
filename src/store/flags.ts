// Flag normalisation and the stored form of flags: five system-flag columns plus keywords
// in one text column, ' kw1 kw2 ' (a space before and after each), so a keyword is matched
// in SQL with instr(lower(keywords), ' kw ').
import { StoreError } from './types.js';

export const SYSTEM_FLAGS = ['\\Seen', '\\Answered', '\\Flagged', '\\Deleted', '\\Draft'] as const;
export type SystemFlag = (typeof SYSTEM_FLAGS)[number];
/** Column of each system flag, in SYSTEM_FLAGS order. */
export const SYSTEM_COLUMNS = ['seen', 'answered', 'flagged', 'deleted', 'draft'] as const;

/** Most keywords one message may carry. */
export const MAX_KEYWORDS = 256;

/** ASCII-only lower case, the same folding as SQLite's lower(). */
export function asciiLower(s: string): string {
  return s.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const SYSTEM_BY_LOWER = new Map<string, number>(SYSTEM_FLAGS.map((f, i) => [f.toLowerCase(), i]));

/** Index into SYSTEM_FLAGS of a system flag matched case-insensitively, or -1. */
export function systemFlagIndex(flag: string): number {
  return SYSTEM_BY_LOWER.get(asciiLower(flag)) ?? -1;
}

// Keywords are IMAP atoms; anything with space, controls or atom-specials can never be one.
const BAD_KEYWORD = /[\x00-\x20\x7f(){%*"\\\]]/;

export function isValidKeyword(keyword: string): boolean {
  return keyword.length > 0 && !BAD_KEYWORD.test(keyword);
}

export interface FlagSet {
  /** Bit i set = SYSTEM_FLAGS[i]. */
  system: number;
  /** Keywords as first given, de-duplicated case-insensitively. */
  keywords: string[];
}

/**
 * Normalises a client's flag list: system flags to their canonical spelling, \Recent dropped
 * (it is never stored), keywords de-duplicated case-insensitively keeping the first spelling.
 * An unknown backslash flag or a malformed keyword is refused.
 */
export function normaliseFlags(flags: readonly string[]): FlagSet {
  let system = 0;
  const keywords: string[] = [];
  const seen = new Set<string>();
  for (const flag of flags) {
    if (flag.startsWith('\\')) {
      const i = systemFlagIndex(flag);
      if (i >= 0) system |= 1 << i;
      else if (asciiLower(flag) !== '\\recent') throw new StoreError('CANNOT', `Unknown system flag ${flag}`);
      continue;
    }
    if (!isValidKeyword(flag)) throw new StoreError('CANNOT', 'Invalid keyword');
    const lower = asciiLower(flag);
    if (seen.has(lower)) continue;
    seen.add(lower);
    keywords.push(flag);
  }
  if (keywords.length > MAX_KEYWORDS) throw new StoreError('LIMIT', 'Too many keywords');
  return { system, keywords };
}

export function encodeKeywords(keywords: readonly string[]): string {
  return keywords.length === 0 ? '' : ` ${keywords.join(' ')} `;
}

export function decodeKeywords(stored: string): string[] {
  return stored === '' ? [] : stored.slice(1, -1).split(' ');
}

/** Flags in the stable order: system flags in SYSTEM_FLAGS order, then keywords as stored. */
export function flagList(system: number, keywords: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < SYSTEM_FLAGS.length; i++) if (system & (1 << i)) out.push(SYSTEM_FLAGS[i]!);
  if (keywords !== '') out.push(...decodeKeywords(keywords));
  return out;
}

/** The keyword list after applying `mode`; returns `current` itself when nothing changes. */
export function applyKeywords(current: string, mode: 'set' | 'add' | 'remove', given: readonly string[]): string {
  const existing = decodeKeywords(current);
  const lowerExisting = existing.map(asciiLower);
  let next: string[];
  switch (mode) {
    case 'set': {
      const lowerGiven = new Set(given.map(asciiLower));
      const same = lowerGiven.size === lowerExisting.length && lowerExisting.every((k) => lowerGiven.has(k));
      if (same) return current;
      next = [...given];
      break;
    }
    case 'add': {
      const have = new Set(lowerExisting);
      const added = given.filter((k) => !have.has(asciiLower(k)));
      if (added.length === 0) return current;
      next = [...existing, ...added];
      break;
    }
    case 'remove': {
      const drop = new Set(given.map(asciiLower));
      next = existing.filter((_, i) => !drop.has(lowerExisting[i]!));
      if (next.length === existing.length) return current;
      break;
    }
  }
  if (next.length > MAX_KEYWORDS) throw new StoreError('LIMIT', 'Too many keywords');
  return encodeKeywords(next);
}
