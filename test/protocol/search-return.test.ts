// SEARCH RETURN (...) (RFC 4731 / RFC 4466) and `$` (RFC 5182) in the parser.
import { describe, expect, it } from 'vitest';
import { command, error } from './helpers.js';

describe('SEARCH RETURN', () => {
  it('parses the options, upper-cased, without duplicates; RETURN () is []', () => {
    expect(command('a SEARCH RETURN (min Max COUNT all SAVE min) ALL')).toEqual({
      name: 'SEARCH', uid: false, returns: ['MIN', 'MAX', 'COUNT', 'ALL', 'SAVE'], key: { type: 'all' },
    });
    expect(command('a UID SEARCH RETURN () SEEN')).toEqual({
      name: 'SEARCH', uid: true, returns: [], key: { type: 'flag', flag: '\\Seen', set: true },
    });
  });

  it('takes CHARSET after RETURN, and a group or a set as the first key', () => {
    expect(command('a SEARCH RETURN (COUNT) CHARSET UTF-8 TEXT x')).toEqual({
      name: 'SEARCH', uid: false, returns: ['COUNT'], charset: 'UTF-8', key: { type: 'text', value: 'x' },
    });
    expect(command('a SEARCH RETURN (ALL) (SEEN)')).toMatchObject({ returns: ['ALL'], key: { type: 'flag' } });
    expect(command('a SEARCH RETURN (ALL) 1:2')).toMatchObject({ returns: ['ALL'], key: { type: 'seq' } });
    expect(command('a SEARCH RETURN (SAVE) $')).toMatchObject({ returns: ['SAVE'], key: { type: 'seq', set: { kind: 'saved' } } });
  });

  it('a plain SEARCH has no returns', () => {
    expect(command('a SEARCH ALL')).not.toHaveProperty('returns');
  });

  it('refuses unknown options and broken lists', () => {
    for (const line of ['a SEARCH RETURN (FOO) ALL', 'a SEARCH RETURN MIN ALL', 'a SEARCH RETURN (MIN ALL', 'a SEARCH RETURN (MIN)', 'a SEARCH RETURN']) {
      expect(error(line).status, line).toBe('BAD');
    }
  });
});
