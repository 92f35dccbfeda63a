// Mailbox name rules and LIST pattern matching (RFC 3501 §5.1, §6.3.8).
import { describe, expect, it } from 'vitest';
import { listMatcher } from '../../src/imap/list-pattern.js';
import { invalidMailboxName, parentsOf } from '../../src/imap/mailbox-name.js';

describe('mailbox names', () => {
  it.each([
    ['', 'Empty mailbox name'],
    ['a//b', 'Mailbox name has an empty level'],
    ['/a', 'Mailbox name has an empty level'],
    ['a*', 'Mailbox name contains a wildcard'],
    ['50%', 'Mailbox name contains a wildcard'],
    ['tab\there', 'Mailbox name contains control characters'],
    ['x'.repeat(1025), 'Mailbox name too long'],
  ])('refuses %j', (name, why) => expect(invalidMailboxName(name)).toBe(why));

  it.each(['INBOX', 'Work/2026', 'Grüße', '日本語/メール', 'a "quoted" \\ name'])('accepts %j', (name) =>
    expect(invalidMailboxName(name)).toBeNull(),
  );

  it('lists parents outermost first', () => {
    expect(parentsOf('a/b/c')).toEqual(['a', 'a/b']);
    expect(parentsOf('top')).toEqual([]);
  });
});

describe('LIST patterns', () => {
  const names = ['INBOX', 'INBOX/Sub', 'Work', 'Work/2026', 'Work/2026/Q1', 'Wo.rk', 'Wxrk'];
  const match = (ref: string, pattern: string) => names.filter(listMatcher(ref, pattern));

  it('* matches across levels, % within one', () => {
    expect(match('', '*')).toEqual(names);
    expect(match('', '%')).toEqual(['INBOX', 'Work', 'Wo.rk', 'Wxrk']);
    expect(match('', 'Work/%')).toEqual(['Work/2026']);
    expect(match('', 'Work/*')).toEqual(['Work/2026', 'Work/2026/Q1']);
  });

  it('joins the reference and the pattern', () => {
    expect(match('Work/', '%')).toEqual(['Work/2026']);
    expect(match('Work/2026/', '*')).toEqual(['Work/2026/Q1']);
  });

  it('treats other characters literally, regex specials included', () => {
    expect(match('', 'Wo.rk')).toEqual(['Wo.rk']);
  });

  it('matches INBOX in any case', () => {
    expect(match('', 'inbox')).toEqual(['INBOX']);
    expect(match('', 'InBoX/%')).toEqual(['INBOX/Sub']);
  });
});
