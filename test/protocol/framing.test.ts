import { describe, it, expect } from 'vitest';
import { CommandParser } from '../../src/protocol/parser.js';
import { drain, events, eventsBytewise, limits } from './helpers.js';

const noop = (tag: string) => ({ kind: 'command', tag, command: { name: 'NOOP' } });

describe('framing', () => {
  it('splits pipelined commands, with CRLF or bare LF', () => {
    expect(events('a NOOP\r\nb NOOP\nc NOOP\r\n')).toEqual([noop('a'), noop('b'), noop('c')]);
  });

  it('waits for the end of the line', () => {
    const p = new CommandParser(limits);
    p.push(Buffer.from('a NO'));
    expect(p.next()).toBeNull();
    p.push(Buffer.from('OP\r'));
    expect(p.next()).toBeNull();
    p.push(Buffer.from('\n'));
    expect(p.next()).toEqual(noop('a'));
    expect(p.next()).toBeNull();
  });

  it('asks for a synchronising literal exactly once, before its bytes', () => {
    const p = new CommandParser(limits);
    p.push(Buffer.from('a LOGIN {6}\r\n'));
    expect(p.next()).toEqual({ kind: 'continue' });
    expect(p.next()).toBeNull();
    p.push(Buffer.from('us'));
    expect(p.next()).toBeNull();
    p.push(Buffer.from('er\r\n {0}\r\n'));
    expect(p.next()).toEqual({ kind: 'continue' });
    expect(p.next()).toBeNull();
    p.push(Buffer.from('\r\n'));
    expect(p.next()).toEqual({ kind: 'command', tag: 'a', command: { name: 'LOGIN', user: 'user\r\n', password: '' } });
    expect(p.next()).toBeNull();
  });

  it('takes literal bytes as data, CRLF, braces and all', () => {
    const text = 'x\r\ny {3}\r\n)\n';
    expect(events(`a LOGIN {${text.length}+}\r\n${text} p\r\nb NOOP\r\n`)).toEqual([
      { kind: 'command', tag: 'a', command: { name: 'LOGIN', user: text, password: 'p' } },
      noop('b'),
    ]);
  });

  it('gives the same events whether bytes come at once or one by one', () => {
    const stream = [
      'a LOGIN {3}\r\nfoo {3+}\r\nbar\r\n',
      'b SELECT "Entw&APw-rfe"\r\n',
      'c APPEND x (\\Seen) "01-Jan-2020 00:00:00 +0000" ~{4}\r\n\0\r\n\0\r\n',
      'd FETCH 1:* (BODY.PEEK[HEADER.FIELDS ({4}\r\nFrom)]<0.10>)\r\n',
      'e BOGUS\r\n',
      `f NOOP ${'x'.repeat(1200)}\r\n`,
      'g APPEND x {9999}\r\n',
      'h APPEND x {9999+}\r\n' + 'z'.repeat(9999) + '\r\n',
      '\r\n+ NOOP\r\n',
      'i SEARCH OR (SEEN) NOT 1:3\n',
    ].join('');
    const whole = events(stream);
    expect(eventsBytewise(stream)).toEqual(whole);
    expect(whole.map((e) => (e.kind === 'error' ? `${e.tag} ${e.status}` : e.kind === 'command' ? e.tag : e.kind))).toEqual([
      'continue',
      'a',
      'b',
      'continue',
      'c',
      'continue',
      'd',
      'e BAD',
      'f BAD',
      'g NO',
      'h NO',
      'null BAD',
      'i',
    ]);
  });
});

describe('limits', () => {
  const small = { ...limits, maxLineLength: 20, maxLiteralSize: 10 };

  it('accepts a line of exactly maxLineLength bytes and refuses one more', () => {
    const line = 'a LOGIN ' + 'u'.repeat(10) + ' p'; // 20 bytes
    expect(events(line + '\r\n', small)).toMatchObject([{ kind: 'command' }]);
    expect(events(line + '\n', small)).toMatchObject([{ kind: 'command' }]);
    expect(eventsBytewise(line + '\r\n', small)).toMatchObject([{ kind: 'command' }]);
    const tooLong = { kind: 'error', tag: 'a', status: 'BAD', code: 'TOOBIG', text: 'Command line too long' };
    expect(events(line + 'p\r\n', small)).toEqual([tooLong]);
    expect(eventsBytewise(line + 'p\r\n', small)).toEqual([tooLong]);
  });

  it('skips an over-long line and goes on with the next command', () => {
    const long = `a1 NOOP ${'x'.repeat(5000)}\r\nb NOOP\r\n`;
    const expected = [{ kind: 'error', tag: 'a1', status: 'BAD', code: 'TOOBIG', text: 'Command line too long' }, noop('b')];
    expect(events(long, small)).toEqual(expected);
    expect(eventsBytewise(long, small)).toEqual(expected);
    expect(events(`${'t'.repeat(50)} NOOP\r\nb NOOP\r\n`, small)).toEqual([
      { kind: 'error', tag: null, status: 'BAD', code: 'TOOBIG', text: 'Command line too long' },
      noop('b'),
    ]);
  });

  it('counts every line of a command against maxLineLength', () => {
    const stream = 'a LOGIN {1+}\r\nx {1+}\r\ny' + ' '.repeat(10) + '\r\nb NOOP\r\n';
    expect(events(stream, small)).toEqual([{ kind: 'error', tag: 'a', status: 'BAD', code: 'TOOBIG', text: 'Command line too long' }, noop('b')]);
  });

  it('skips the literals of an over-long command', () => {
    const stream = `a LOGIN ${'x'.repeat(30)} {5+}\r\n{1}\r\n\r\nb NOOP\r\n`;
    expect(events(stream, small)).toEqual([{ kind: 'error', tag: 'a', status: 'BAD', code: 'TOOBIG', text: 'Command line too long' }, noop('b')]);
  });

  it('refuses an over-large synchronising literal without a continuation', () => {
    expect(events('a APPEND x {11}\r\nb NOOP\r\n', small)).toEqual([
      { kind: 'error', tag: 'a', status: 'NO', code: 'TOOBIG', text: 'Literal too big' },
      noop('b'),
    ]);
    expect(events('a APPEND x {10}\r\n0123456789\r\n', small)).toMatchObject([{ kind: 'continue' }, { kind: 'command' }]);
  });

  it('discards an over-large non-synchronising literal without storing it', () => {
    const big = 'y'.repeat(100_000);
    const p = new CommandParser(small);
    const out = [];
    p.push(Buffer.from('a APPEND x {100000+}\r\n'));
    out.push(...drain(p));
    for (let i = 0; i < big.length; i += 1000) {
      p.push(Buffer.from(big.slice(i, i + 1000)));
      out.push(...drain(p));
      expect(p.bufferedBytes).toBeLessThanOrEqual(small.maxLineLength + small.maxLiteralSize + 1);
    }
    p.push(Buffer.from(' more {3+}\r\nabc\r\nb NOOP\r\n'));
    out.push(...drain(p));
    expect(out).toEqual([{ kind: 'error', tag: 'a', status: 'NO', code: 'TOOBIG', text: 'Literal too big' }, noop('b')]);
  });

  it('counts all literals of a command against maxLiteralSize', () => {
    expect(events('a LOGIN {6+}\r\n123456 {5}\r\nb NOOP\r\n', small)).toEqual([
      { kind: 'error', tag: 'a', status: 'NO', code: 'TOOBIG', text: 'Literal too big' },
      noop('b'),
    ]);
  });

  it('gives up on a non-synchronising literal too large to count', () => {
    expect(events('a APPEND x {99999999999999999999+}\r\n')).toEqual([
      { kind: 'error', tag: 'a', status: 'NO', code: 'TOOBIG', text: 'Literal too big', fatal: true },
    ]);
    expect(events('a APPEND x {99999999999999999999}\r\nb NOOP\r\n')).toEqual([
      { kind: 'error', tag: 'a', status: 'NO', code: 'TOOBIG', text: 'Literal too big' },
      noop('b'),
    ]);
  });

  it('does not invite a literal for a command that cannot be accepted', () => {
    expect(events('a FROB {3}\r\nb NOOP\r\n')).toEqual([{ kind: 'error', tag: 'a', status: 'BAD', text: 'Unknown command' }, noop('b')]);
    expect(events('+a NOOP {3}\r\nb NOOP\r\n')).toEqual([{ kind: 'error', tag: null, status: 'BAD', text: 'Invalid tag' }, noop('b')]);
    expect(events('a {3}\r\nb NOOP\r\n')).toEqual([{ kind: 'error', tag: 'a', status: 'BAD', text: 'Missing command' }, noop('b')]);
    expect(events('a FROB {3+}\r\nabc {2+}\r\nxy\r\nb NOOP\r\n')).toEqual([{ kind: 'error', tag: 'a', status: 'BAD', text: 'Unknown command' }, noop('b')]);
  });

  it('reports syntax errors only once the whole command has arrived', () => {
    expect(events('a LOGIN (x) {3}\r\nabc\r\nb NOOP\r\n')).toEqual([
      { kind: 'continue' },
      { kind: 'error', tag: 'a', status: 'BAD', text: 'Invalid user name' },
      noop('b'),
    ]);
  });
});

describe('raw-line mode', () => {
  it('does not read DONE as a command when it arrives with IDLE', () => {
    const p = new CommandParser(limits);
    p.push(Buffer.from('a IDLE\r\nDONE\r\nb NOOP\r\n'));
    expect(p.next()).toEqual({ kind: 'command', tag: 'a', command: { name: 'IDLE' } });
    p.rawLineMode = true;
    expect(p.next()).toEqual({ kind: 'line', line: 'DONE' });
    p.rawLineMode = false;
    expect(p.next()).toEqual(noop('b'));
    expect(p.next()).toBeNull();
  });

  it('works byte by byte too, and reports empty lines', () => {
    const p = new CommandParser(limits);
    const out = [];
    for (const byte of Buffer.from('a AUTHENTICATE PLAIN\r\n\r\nAGpvZQBzZWNyZXQ=\r\n*\r\nb NOOP\r\n')) {
      p.push(Buffer.from([byte]));
      for (let e = p.next(); e; e = p.next()) {
        out.push(e);
        if (e.kind === 'command' && e.command.name === 'AUTHENTICATE') p.rawLineMode = true;
        if (e.kind === 'line' && e.line === '*') p.rawLineMode = false;
      }
    }
    expect(out).toEqual([
      { kind: 'command', tag: 'a', command: { name: 'AUTHENTICATE', mechanism: 'PLAIN' } },
      { kind: 'line', line: '' },
      { kind: 'line', line: 'AGpvZQBzZWNyZXQ=' },
      { kind: 'line', line: '*' },
      noop('b'),
    ]);
  });

  it('does not treat braces as literals in raw lines, and bounds their length', () => {
    const p = new CommandParser({ ...limits, maxLineLength: 10 });
    p.rawLineMode = true;
    p.push(Buffer.from(`x {3}\r\n${'y'.repeat(50)} {5+}\r\nDONE\r\n`));
    expect(drain(p)).toEqual([
      { kind: 'line', line: 'x {3}' },
      { kind: 'error', tag: null, status: 'BAD', code: 'TOOBIG', text: 'Line too long' },
      { kind: 'line', line: 'DONE' },
    ]);
  });
});

describe('discardBuffered', () => {
  it('drops bytes that arrived before a STARTTLS handshake', () => {
    const p = new CommandParser(limits);
    p.push(Buffer.from('a STARTTLS\r\nb LOGIN injected x\r\nc LOG'));
    expect(p.next()).toEqual({ kind: 'command', tag: 'a', command: { name: 'STARTTLS' } });
    p.discardBuffered();
    expect(p.bufferedBytes).toBe(0);
    expect(p.next()).toBeNull();
    p.push(Buffer.from('d NOOP\r\n'));
    expect(p.next()).toEqual(noop('d'));
  });

  it('also drops a half-received command', () => {
    const p = new CommandParser(limits);
    p.push(Buffer.from('a LOGIN {5}\r\nab'));
    expect(p.next()).toEqual({ kind: 'continue' });
    expect(p.next()).toBeNull();
    p.discardBuffered();
    p.push(Buffer.from('d NOOP\r\n'));
    expect(p.next()).toEqual(noop('d'));
  });
});
