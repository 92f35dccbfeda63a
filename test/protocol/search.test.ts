import { describe, it, expect } from 'vitest';
import type { SearchKey } from '../../src/protocol/ast.js';
import { command, error, errorText, events, limits, seq } from './helpers.js';

const key = (criteria: string, lim = limits): SearchKey => {
  const c = command(`a SEARCH ${criteria}`, lim);
  if (c.name !== 'SEARCH') throw new Error(c.name);
  return c.key;
};

const flag = (flag: string, set = true): SearchKey => ({ type: 'flag', flag, set });
const date = (year: number, month: number, day: number) => ({ year, month, day });

describe('SEARCH', () => {
  it('returns one key alone and several AND-ed', () => {
    expect(command('a SEARCH ALL')).toEqual({ name: 'SEARCH', uid: false, key: { type: 'all' } });
    expect(key('deleted from "Smith" since 1-Feb-1994')).toEqual({
      type: 'and',
      keys: [flag('\\Deleted'), { type: 'header', field: 'FROM', value: 'Smith' }, { type: 'since', date: date(1994, 2, 1) }],
    });
  });

  it('maps the flag keys', () => {
    const cases: Array<[string, SearchKey]> = [
      ['ANSWERED', flag('\\Answered')],
      ['DELETED', flag('\\Deleted')],
      ['DRAFT', flag('\\Draft')],
      ['FLAGGED', flag('\\Flagged')],
      ['SEEN', flag('\\Seen')],
      ['UNANSWERED', flag('\\Answered', false)],
      ['UNDELETED', flag('\\Deleted', false)],
      ['UNDRAFT', flag('\\Draft', false)],
      ['UNFLAGGED', flag('\\Flagged', false)],
      ['UNSEEN', flag('\\Seen', false)],
      ['KEYWORD $Forwarded', flag('$Forwarded')],
      ['unkeyword Junk', flag('Junk', false)],
      ['RECENT', { type: 'recent', set: true }],
      ['OLD', { type: 'recent', set: false }],
      ['NEW', { type: 'and', keys: [{ type: 'recent', set: true }, flag('\\Seen', false)] }],
    ];
    for (const [criteria, expected] of cases) expect(key(criteria)).toEqual(expected);
  });

  it('maps string, size and date keys', () => {
    const cases: Array<[string, SearchKey]> = [
      ['BCC x', { type: 'header', field: 'BCC', value: 'x' }],
      ['CC x', { type: 'header', field: 'CC', value: 'x' }],
      ['FROM x', { type: 'header', field: 'FROM', value: 'x' }],
      ['to "a b"', { type: 'header', field: 'TO', value: 'a b' }],
      ['SUBJECT {5}\r\nhel\r\n', { type: 'header', field: 'SUBJECT', value: 'hel\r\n' }],
      ['HEADER Message-ID "<1@x>"', { type: 'header', field: 'MESSAGE-ID', value: '<1@x>' }],
      ['HEADER X-Empty ""', { type: 'header', field: 'X-EMPTY', value: '' }],
      ['BODY hello', { type: 'body', value: 'hello' }],
      ['TEXT "a]b"', { type: 'text', value: 'a]b' }],
      ['LARGER 1024', { type: 'larger', size: 1024 }],
      ['SMALLER 9007199254740991', { type: 'smaller', size: 9007199254740991 }],
      ['BEFORE 1-Jan-2000', { type: 'before', date: date(2000, 1, 1) }],
      ['ON "29-feb-2000"', { type: 'on', date: date(2000, 2, 29) }],
      ['SINCE 31-Dec-1999', { type: 'since', date: date(1999, 12, 31) }],
      ['SENTBEFORE 01-Jan-2000', { type: 'sentbefore', date: date(2000, 1, 1) }],
      ['SENTON 15-Jun-2021', { type: 'senton', date: date(2021, 6, 15) }],
      ['SENTSINCE 1-Jul-2021', { type: 'sentsince', date: date(2021, 7, 1) }],
    ];
    for (const [criteria, expected] of cases) expect(key(criteria)).toEqual(expected);
  });

  it('parses sequence sets, UID sets, NOT, OR and groups', () => {
    expect(key('1:3,*')).toEqual({ type: 'seq', set: seq([1, 3], '*') });
    expect(key('$')).toEqual({ type: 'seq', set: { kind: 'saved' } });
    expect(key('UID 5:*')).toEqual({ type: 'uid', set: seq([5, '*']) });
    expect(key('NOT SEEN')).toEqual({ type: 'not', key: flag('\\Seen') });
    expect(key('OR SEEN (FLAGGED 2)')).toEqual({
      type: 'or',
      left: flag('\\Seen'),
      right: { type: 'and', keys: [flag('\\Flagged'), { type: 'seq', set: seq(2) }] },
    });
    expect(key('((ALL))')).toEqual({ type: 'all' });
    expect(key('OR OR A-ok A-ok SEEN'.replace(/A-ok/g, 'DRAFT'))).toEqual({
      type: 'or',
      left: { type: 'or', left: flag('\\Draft'), right: flag('\\Draft') },
      right: flag('\\Seen'),
    });
  });

  it('reads CHARSET only before the first key', () => {
    expect(command('a SEARCH CHARSET utf-8 TEXT x')).toEqual({ name: 'SEARCH', uid: false, charset: 'utf-8', key: { type: 'text', value: 'x' } });
    expect(command('a UID SEARCH charset "US-ASCII" ALL')).toEqual({ name: 'SEARCH', uid: true, charset: 'US-ASCII', key: { type: 'all' } });
    expect(errorText('a SEARCH ALL CHARSET UTF-8')).toBe('Unknown search key');
    expect(errorText('a SEARCH CHARSET UTF-8')).toBe('Missing search criteria');
    expect(errorText('a SEARCH CHARSET')).toBe('Missing charset');
  });

  it('decodes strings in the given charset', () => {
    const input = Buffer.concat([Buffer.from('a SEARCH CHARSET ISO-8859-1 SUBJECT {4}\r\n'), Buffer.from('caf\xe9', 'latin1'), Buffer.from('\r\n')]);
    expect(events(input)).toEqual([
      { kind: 'continue' },
      { kind: 'command', tag: 'a', command: { name: 'SEARCH', uid: false, charset: 'ISO-8859-1', key: { type: 'header', field: 'SUBJECT', value: 'café' } } },
    ]);
    const utf8 = Buffer.from('a SEARCH CHARSET UTF-8 SUBJECT "café"\r\n', 'utf8');
    expect(events(utf8)).toMatchObject([{ command: { key: { value: 'café' } } }]);
  });

  it.each([
    ['a SEARCH', 'Missing search criteria'],
    ['a SEARCH ', 'Missing search key'],
    ['a SEARCH ALL ', 'Missing search key'],
    ['a SEARCH FOO', 'Unknown search key'],
    ['a SEARCH "ALL"', 'Invalid search key'],
    ['a SEARCH FROM', 'Missing search string'],
    ['a SEARCH HEADER', 'Missing header field name'],
    ['a SEARCH HEADER X', 'Missing search string'],
    ['a SEARCH KEYWORD', 'Missing keyword'],
    ['a SEARCH KEYWORD \\Seen', 'Invalid keyword'],
    ['a SEARCH LARGER x', 'Invalid size'],
    ['a SEARCH LARGER 99999999999999999', 'Invalid size'],
    ['a SEARCH SINCE 30-Feb-2020', 'Invalid date'],
    ['a SEARCH SINCE 1-Feb-20', 'Invalid date'],
    ['a SEARCH SINCE 100-Feb-2020', 'Invalid date'],
    ['a SEARCH SINCE "1-Feb-2020', 'Unterminated quoted string'],
    ['a SEARCH SINCE', 'Missing date'],
    ['a SEARCH UID', 'Missing sequence set'],
    ['a SEARCH UID x', 'Invalid sequence set'],
    ['a SEARCH 0', 'Invalid sequence set'],
    ['a SEARCH 1,$', 'Invalid sequence set'],
    ['a SEARCH NOT', 'Missing search key'],
    ['a SEARCH OR SEEN', 'Missing search key'],
    ['a SEARCH (SEEN', 'Expected ) after search keys'],
    ['a SEARCH ()', 'Invalid search key'],
    ['a SEARCH SEEN)', 'Unexpected extra arguments'],
  ])('%j → %s', (line, text) => {
    expect(error(line)).toEqual({ tag: 'a', status: 'BAD', text });
  });

  it('bounds NOT, OR and parenthesis depth by maxNesting', () => {
    const tooDeep = { tag: 'a', status: 'BAD', code: 'LIMIT', text: 'Too deeply nested' };
    expect(key('NOT '.repeat(8) + 'SEEN')).toBeTruthy();
    expect(error('a SEARCH ' + 'NOT '.repeat(9) + 'SEEN')).toEqual(tooDeep);
    expect(key('('.repeat(8) + 'SEEN' + ')'.repeat(8))).toEqual(flag('\\Seen'));
    expect(error('a SEARCH ' + '('.repeat(9) + 'SEEN' + ')'.repeat(9))).toEqual(tooDeep);
    expect(error('a SEARCH ' + 'OR SEEN '.repeat(9) + 'SEEN')).toEqual(tooDeep);
    // Siblings do not add up: depth is what counts.
    expect(key(Array.from({ length: 20 }, () => '(NOT SEEN)').join(' '))).toMatchObject({ type: 'and' });
  });

  it('bounds the number of keys in one command to 256 (each costs the server work; a 64 KB line holds 16,000)', () => {
    const lim = { ...limits, maxLineLength: 100_000 };
    const tooMany = { tag: 'a', status: 'BAD', code: 'LIMIT', text: 'Too many search keys' };
    expect(key(Array(256).fill('1').join(' '), lim)).toMatchObject({ type: 'and' });
    expect(error('a SEARCH ' + Array(257).fill('1').join(' '), lim)).toEqual(tooMany);
    // keys inside NOT, OR and groups count too (a group is one more)
    expect(key(Array(64).fill('(OR 1 2)').join(' '), lim)).toMatchObject({ type: 'and' });
    expect(error('a SEARCH ' + Array(65).fill('(OR 1 2)').join(' '), lim)).toEqual(tooMany);
    expect(error('a SORT (DATE) UTF-8 ' + Array(257).fill('UID 1').join(' '), lim)).toEqual(tooMany);
  });

  it('survives a huge OR chain with a large nesting limit without overflowing the stack', () => {
    const lim = { ...limits, maxLineLength: 1_000_000, maxNesting: 1_000_000 };
    const evs = events('a SEARCH ' + 'OR SEEN '.repeat(100_000) + 'SEEN\r\n', lim);
    expect(evs).toHaveLength(1);
    expect(evs[0]!.kind === 'command' || (evs[0]!.kind === 'error' && evs[0]!.tag === 'a')).toBe(true);
  });
});

describe('SEARCH with an unknown CHARSET', () => {
  it('leaves the charset for the session to refuse', () => {
    const input = Buffer.from('a SEARCH CHARSET X-UNKNOWN SUBJECT "\xff"\r\n', 'latin1');
    expect(events(input)).toEqual([
      { kind: 'command', tag: 'a', command: { name: 'SEARCH', uid: false, charset: 'X-UNKNOWN', key: { type: 'header', field: 'SUBJECT', value: '\ufffd' } } },
    ]);
  });
});
