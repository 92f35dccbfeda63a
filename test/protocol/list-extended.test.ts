// Parsing the extended LIST command (RFC 5258 §6, RFC 6154 §6, RFC 5819 §4) and STATUS items.
import { describe, expect, it } from 'vitest';
import { command, errorText } from './helpers.js';

const NO_SELECT = { subscribed: false, remote: false, recursiveMatch: false, specialUse: false };
const NO_RETURN = { subscribed: false, children: false, specialUse: false, status: null };

describe('extended LIST', () => {
  it('the base form stays as it was', () => {
    expect(command('a LIST "" *')).toEqual({ name: 'LIST', reference: '', pattern: '*' });
    expect(command('a LIST "" ""')).toEqual({ name: 'LIST', reference: '', pattern: '' });
  });

  it('selection options, in any case and order, each counted once', () => {
    expect(command('a LIST (subscribed Remote RECURSIVEMATCH subscribed) "" %')).toEqual({
      name: 'LIST',
      reference: '',
      pattern: '%',
      extended: { patterns: ['%'], select: { subscribed: true, remote: true, recursiveMatch: true, specialUse: false }, returns: NO_RETURN },
    });
    expect(command('a LIST (SPECIAL-USE) "" *')).toMatchObject({ extended: { select: { ...NO_SELECT, specialUse: true } } });
    expect(command('a LIST () "" *')).toEqual({
      name: 'LIST',
      reference: '',
      pattern: '*',
      extended: { patterns: ['*'], select: NO_SELECT, returns: NO_RETURN },
    });
  });

  it('several patterns, decoded and normalised like names; "" kept', () => {
    expect(command('a LIST "" ("inbox" Drafts "Sent/%" &ZeVnLIqe- "")')).toEqual({
      name: 'LIST',
      reference: '',
      pattern: 'INBOX',
      extended: { patterns: ['INBOX', 'Drafts', 'Sent/%', '日本語', ''], select: NO_SELECT, returns: NO_RETURN },
    });
    expect(command('a LIST "" (%)')).toMatchObject({ extended: { patterns: ['%'] } });
  });

  it('return options, STATUS items merged and each once', () => {
    expect(command('a LIST "" * RETURN ()')).toMatchObject({ extended: { returns: NO_RETURN } });
    expect(command('a LIST "" % return (children Subscribed SPECIAL-USE)')).toMatchObject({
      extended: { returns: { subscribed: true, children: true, specialUse: true, status: null } },
    });
    expect(command('a LIST "" % RETURN (STATUS (messages SIZE messages) STATUS (UNSEEN size))')).toMatchObject({
      extended: { returns: { status: ['MESSAGES', 'SIZE', 'UNSEEN'] } },
    });
    expect(command('a LIST (SUBSCRIBED RECURSIVEMATCH) "" % RETURN (STATUS (MESSAGES))')).toMatchObject({
      extended: { select: { subscribed: true, recursiveMatch: true }, returns: { status: ['MESSAGES'] } },
    });
  });

  it.each([
    ['a LIST (FOO) "" *', 'Unknown LIST selection option FOO'],
    ['a LIST (SUBSCRIBED FOO) "" *', 'Unknown LIST selection option FOO'],
    ['a LIST (RECURSIVEMATCH) "" *', 'RECURSIVEMATCH needs the SUBSCRIBED selection option'],
    ['a LIST (REMOTE RECURSIVEMATCH) "" *', 'RECURSIVEMATCH needs the SUBSCRIBED selection option'],
    ['a LIST (SPECIAL-USE RECURSIVEMATCH) "" *', 'RECURSIVEMATCH needs the SUBSCRIBED selection option'],
    ['a LIST "" * RETURN (FOO)', 'Unknown LIST return option FOO'],
    ['a LIST "" * RETURN (RECURSIVEMATCH)', 'Unknown LIST return option RECURSIVEMATCH'],
    ['a LIST "" * RETURN (STATUS (FOO))', 'Unknown STATUS item FOO'],
    ['a LIST "" * RETURN (STATUS ())', 'Invalid status item'],
    ['a LIST "" * RETURN (STATUS)', 'Expected space before status items'],
    ['a LIST "" * RETURN', 'Missing return options'],
    ['a LIST "" * RETURN CHILDREN', 'Expected ( before return options'],
    ['a LIST "" * RETURN (CHILDREN', 'Expected ) after return options'],
    ['a LIST "" * FOO (CHILDREN)', 'Unexpected extra arguments'],
    ['a LIST "" * ', 'Unexpected extra arguments'],
    ['a LIST "" ()', 'Invalid mailbox pattern'],
    ['a LIST "" (a', 'Expected ) after mailbox patterns'],
    ['a LIST (SUBSCRIBED', 'Expected ) after selection options'],
    ['a LIST (SUBSCRIBED)', 'Missing reference name'],
    ['a LIST (SUBSCRIBED) ""', 'Missing mailbox pattern'],
  ])('%s → %s', (line, text) => {
    expect(errorText(line)).toBe(text);
  });
});

describe('STATUS items', () => {
  it('every known item, upper case, each once', () => {
    expect(command('a STATUS x (messages recent uidnext uidvalidity unseen highestmodseq size appendlimit mailboxid MESSAGES)')).toEqual({
      name: 'STATUS',
      mailbox: 'x',
      items: ['MESSAGES', 'RECENT', 'UIDNEXT', 'UIDVALIDITY', 'UNSEEN', 'HIGHESTMODSEQ', 'SIZE', 'APPENDLIMIT', 'MAILBOXID'],
    });
    expect(errorText('a STATUS x (DELETED)')).toBe('Unknown STATUS item DELETED');
  });
});
