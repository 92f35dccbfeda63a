// GETMETADATA / SETMETADATA parsing (RFC 5464 §4, §5) and the entry-name rules (§3.2).
import { describe, expect, it } from 'vitest';
import { entryNameError } from '../../src/protocol/metadata.js';
import { command, errorText } from './helpers.js';

describe('GETMETADATA', () => {
  it('options before or after the mailbox, one entry or a list, several without parentheses', () => {
    expect(command('a GETMETADATA "" /shared/comment')).toEqual({ name: 'GETMETADATA', mailbox: '', entries: ['/shared/comment'], depth: 0 });
    expect(command('a GETMETADATA (MAXSIZE 1024 DEPTH infinity) inbox (/shared/a "/private/b")')).toEqual({
      name: 'GETMETADATA', mailbox: 'INBOX', entries: ['/shared/a', '/private/b'], depth: 'infinity', maxSize: 1024,
    });
    expect(command('a GETMETADATA "INBOX" (DEPTH 1) (/private/filters/values)')).toEqual({
      name: 'GETMETADATA', mailbox: 'INBOX', entries: ['/private/filters/values'], depth: 1,
    });
    expect(command('a GETMETADATA INBOX /private/comment /shared/comment')).toMatchObject({ entries: ['/private/comment', '/shared/comment'] });
    expect(command('a GETMETADATA INBOX {15}\r\n/shared/comment')).toMatchObject({ entries: ['/shared/comment'] });
    expect(command('a GETMETADATA INBOX (DEPTH 1) /private')).toMatchObject({ entries: ['/private'], depth: 1 });
  });

  it.each([
    ['a GETMETADATA INBOX /private', '/private alone is not an entry name'],
    ['a GETMETADATA INBOX (DEPTH 3) /shared/a', 'Invalid DEPTH value: 0, 1 or infinity'],
    ['a GETMETADATA INBOX (MAXSIZE x) /shared/a', 'Invalid MAXSIZE value'],
    ['a GETMETADATA INBOX () /shared/a', 'Invalid entry name'],
    ['a GETMETADATA () INBOX /shared/a', 'Invalid GETMETADATA option'],
    ['a GETMETADATA (DEPTH 1) INBOX (DEPTH 1) /shared/a', 'Entry name must begin with /private or /shared'],
    ['a GETMETADATA INBOX (/shared/a) extra', 'Unexpected extra arguments'],
  ])('%j is BAD: %s', (line, text) => {
    expect(errorText(line)).toBe(text);
  });
});

describe('SETMETADATA', () => {
  it('quoted, literal, literal8 and NIL values, as octets', () => {
    expect(command('a SETMETADATA INBOX (/private/comment "x \\"y\\"" /shared/comment NIL /shared/bin ~{3}\r\na\x00b /shared/lit {2}\r\n\r\n)')).toEqual({
      name: 'SETMETADATA',
      mailbox: 'INBOX',
      entries: [
        { name: '/private/comment', value: Buffer.from('x "y"') },
        { name: '/shared/comment', value: null },
        { name: '/shared/bin', value: Buffer.from('a\x00b', 'latin1') },
        { name: '/shared/lit', value: Buffer.from('\r\n') },
      ],
    });
  });

  it.each([
    ['a SETMETADATA INBOX (/shared/a)', 'Expected space before entry value'],
    ['a SETMETADATA INBOX (/shared/a nil2)', 'Invalid entry value: expected a string, a literal or NIL'],
    ['a SETMETADATA INBOX ()', 'Invalid entry name'],
    ['a SETMETADATA INBOX (/shared/a "1" /shared/ "2")', 'Entry name ends with /'],
  ])('%j is BAD: %s', (line, text) => {
    expect(errorText(line)).toBe(text);
  });
});

describe('entry names', () => {
  it.each([
    ['/shared/comment', null],
    ['/private/comment', null],
    ['/Shared/Vendor/acme/x', null],
    ['/shared/vendor/acme', 'Vendor entry names need /vendor/<vendor-token>/<name>'],
    ['/private', '/private alone is not an entry name'],
    ['/shared/', 'Entry name ends with /'],
    ['/shared//a', 'Entry name contains consecutive slashes'],
    ['/shared/a%', 'Entry name contains * or %'],
    ['/shared/\u00e9', 'Entry name must be ASCII'],
    ['/shared/a\x7f', 'Entry name contains control characters'],
    ['/shared/a\x19', 'Entry name contains control characters'],
    ['/public/a', 'Entry name must begin with /private or /shared'],
    ['shared/a', 'Entry name must begin with /private or /shared'],
    ['/', 'Entry name must begin with /private or /shared'],
    ['/shared/' + 'a'.repeat(1020), 'Entry name too long'],
  ])('%j → %s', (name, expected) => {
    expect(entryNameError(name)).toBe(expected);
  });

  it('a bare /private or /shared is a specifier with DEPTH, and vendor roots may be asked for', () => {
    expect(entryNameError('/shared', 'specifier')).toBeNull();
    expect(entryNameError('/shared/vendor/acme', 'specifier')).toBeNull();
    expect(entryNameError('/shared/', 'specifier')).toBe('Entry name ends with /');
  });
});
