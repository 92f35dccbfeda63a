import { describe, it, expect } from 'vitest';
import { command, error, errorText, events, limits, seq } from './helpers.js';

describe('tags and command names', () => {
  it('accepts any ASTRING-CHAR but + in a tag, and any case of the command', () => {
    expect(events('A]1.x NoOp\r\n')).toEqual([{ kind: 'command', tag: 'A]1.x', command: { name: 'NOOP' } }]);
  });

  it.each([
    ['+ NOOP', 'Invalid tag'],
    ['a+b NOOP', 'Invalid tag'],
    [' NOOP', 'Invalid tag'],
    ['a(b NOOP', 'Invalid tag'],
    ['"a" NOOP', 'Invalid tag'],
    ['a*b NOOP', 'Invalid tag'],
  ])('rejects %j with tag null', (line, text) => {
    expect(error(line)).toEqual({ tag: null, status: 'BAD', text });
  });

  it('reports a missing or unknown command with the tag', () => {
    expect(error('a1')).toEqual({ tag: 'a1', status: 'BAD', text: 'Missing command' });
    expect(error('a1 ')).toEqual({ tag: 'a1', status: 'BAD', text: 'Missing command' });
    expect(error('a1 (x)')).toEqual({ tag: 'a1', status: 'BAD', text: 'Invalid command' });
    expect(error('a1 FROBNICATE x')).toEqual({ tag: 'a1', status: 'BAD', text: 'Unknown command' });
    expect(error('a1 constructor')).toEqual({ tag: 'a1', status: 'BAD', text: 'Unknown command' });
  });

  it('ignores empty lines between commands', () => {
    expect(events('\r\n\na NOOP\r\n')).toEqual([{ kind: 'command', tag: 'a', command: { name: 'NOOP' } }]);
  });
});

describe('commands without arguments', () => {
  it.each(['CAPABILITY', 'NOOP', 'LOGOUT', 'STARTTLS', 'CHECK', 'CLOSE', 'UNSELECT', 'NAMESPACE', 'IDLE', 'EXPUNGE'])('%s', (name) => {
    expect(command(`t ${name.toLowerCase()}`)).toEqual({ name });
    expect(errorText(`t ${name} x`)).toBe('Unexpected extra arguments');
    expect(errorText(`t ${name} `)).toBe('Unexpected extra arguments');
  });
});

describe('LOGIN', () => {
  it('takes atoms, quoted strings and literals', () => {
    expect(command('a LOGIN joe secret')).toEqual({ name: 'LOGIN', user: 'joe', password: 'secret' });
    expect(command('a LOGIN "joe doe" "p\\"w\\\\d"')).toEqual({ name: 'LOGIN', user: 'joe doe', password: 'p"w\\d' });
    expect(events('a LOGIN {3+}\r\njoe {4}\r\np\r\nw\r\n')).toEqual([
      { kind: 'continue' },
      { kind: 'command', tag: 'a', command: { name: 'LOGIN', user: 'joe', password: 'p\r\nw' } },
    ]);
    expect(command('a LOGIN "" x')).toEqual({ name: 'LOGIN', user: '', password: 'x' });
    expect(command('a LOGIN us]er "x"')).toEqual({ name: 'LOGIN', user: 'us]er', password: 'x' });
  });

  it('accepts UTF-8 in quoted strings', () => {
    const evs = events(Buffer.from('a LOGIN "jörg" "密码"\r\n', 'utf8'));
    expect(evs).toEqual([{ kind: 'command', tag: 'a', command: { name: 'LOGIN', user: 'jörg', password: '密码' } }]);
    expect(events(Buffer.from([...Buffer.from('a LOGIN "\xff" x\r\n', 'latin1')]))).toEqual([
      { kind: 'error', tag: 'a', status: 'BAD', text: 'Invalid UTF-8 in quoted string' },
    ]);
  });

  it.each([
    ['a LOGIN', 'Missing user name'],
    ['a LOGIN joe', 'Missing password'],
    ['a LOGIN joe  x', 'Invalid password'],
    ['a LOGIN joe x y', 'Unexpected extra arguments'],
    ['a LOGIN "joe x', 'Unterminated quoted string'],
    ['a LOGIN "jo\\e" x', 'Invalid escape in quoted string'],
    ['a LOGIN "jo\re" x', 'Invalid character in quoted string'],
    ['a LOGIN "jo\0e" x', 'Invalid character in quoted string'],
    ['a LOGIN (joe) x', 'Invalid user name'],
    ['a LOGIN joe\tx y', 'Expected space before password'],
  ])('%j → %s', (line, text) => {
    expect(error(line)).toEqual({ tag: 'a', status: 'BAD', text });
  });

  it('refuses a binary literal as a string', () => {
    expect(events('a LOGIN ~{3}\r\njoe x\r\n')).toEqual([
      { kind: 'continue' },
      { kind: 'error', tag: 'a', status: 'BAD', text: 'Binary literal not allowed here' },
    ]);
  });
});

describe('AUTHENTICATE', () => {
  it('upper-cases the mechanism and reads the SASL-IR initial response', () => {
    expect(command('a AUTHENTICATE plain')).toEqual({ name: 'AUTHENTICATE', mechanism: 'PLAIN' });
    expect(command('a AUTHENTICATE PLAIN =')).toEqual({ name: 'AUTHENTICATE', mechanism: 'PLAIN', initial: '' });
    expect(command('a AUTHENTICATE PLAIN AGpvZQBzZWNyZXQ=')).toEqual({ name: 'AUTHENTICATE', mechanism: 'PLAIN', initial: 'AGpvZQBzZWNyZXQ=' });
    expect(command('a AUTHENTICATE SCRAM-SHA-256 biwsbj11c2VyLHI9ZnlrbytkMmxiYkZnT05Sdjlxa3hkYXdM')).toMatchObject({ mechanism: 'SCRAM-SHA-256' });
  });

  it.each([
    ['a AUTHENTICATE', 'Missing authentication mechanism'],
    ['a AUTHENTICATE PLAIN ', 'Missing initial response'],
    ['a AUTHENTICATE PLAIN abc', 'Invalid initial response'],
    ['a AUTHENTICATE PLAIN a=bc', 'Invalid initial response'],
    ['a AUTHENTICATE PLAIN "abcd"', 'Invalid initial response'],
    ['a AUTHENTICATE PLAIN abcd efgh', 'Unexpected extra arguments'],
  ])('%j → %s', (line, text) => {
    expect(errorText(line)).toBe(text);
  });
});

describe('mailbox commands', () => {
  it.each(['SELECT', 'EXAMINE', 'CREATE', 'DELETE', 'SUBSCRIBE', 'UNSUBSCRIBE'])('%s decodes and normalises the name', (name) => {
    expect(command(`a ${name} inbox`)).toEqual({ name, mailbox: 'INBOX' });
    expect(command(`a ${name} "InBoX"`)).toEqual({ name, mailbox: 'INBOX' });
    expect(command(`a ${name} iNbOx/Sub`)).toEqual({ name, mailbox: 'INBOX/Sub' });
    expect(command(`a ${name} inboxes`)).toEqual({ name, mailbox: 'inboxes' });
    expect(command(`a ${name} "Entw&APw-rfe"`)).toEqual({ name, mailbox: 'Entwürfe' });
    expect(command(`a ${name} Other/inbox`)).toEqual({ name, mailbox: 'Other/inbox' });
    expect(command(`a ${name} ""`)).toEqual({ name, mailbox: '' });
    expect(errorText(`a ${name}`)).toBe('Missing mailbox name');
    expect(errorText(`a ${name} &Jjo`)).toBe('Invalid mailbox name');
    // RFC 7162 select parameters are SELECT/EXAMINE's alone (test/protocol/condstore.test.ts).
    if (name !== 'SELECT' && name !== 'EXAMINE') expect(errorText(`a ${name} INBOX (CONDSTORE)`)).toBe('Unexpected extra arguments');
    expect(errorText(`a ${name} INBOX x`)).toBe('Unexpected extra arguments');
  });

  it('rejects raw 8-bit in a mailbox name', () => {
    expect(events(Buffer.from('a SELECT "Entwürfe"\r\n', 'utf8'))).toEqual([
      { kind: 'error', tag: 'a', status: 'BAD', text: 'Invalid mailbox name' },
    ]);
  });

  it('RENAME', () => {
    expect(command('a RENAME "Old &AOk-" inbox/new')).toEqual({ name: 'RENAME', from: 'Old é', to: 'INBOX/new' });
    expect(errorText('a RENAME x')).toBe('Missing new mailbox name');
    expect(errorText('a RENAME x &-&')).toBe('Invalid mailbox name');
  });

  it('LIST and LSUB', () => {
    expect(command('a LIST "" *')).toEqual({ name: 'LIST', reference: '', pattern: '*' });
    expect(command('a LIST "" ""')).toEqual({ name: 'LIST', reference: '', pattern: '' });
    expect(command('a lsub inbox %/x]*')).toEqual({ name: 'LSUB', reference: 'INBOX', pattern: '%/x]*' });
    expect(command('a LIST ~smith/Mail/ "foo.*"')).toEqual({ name: 'LIST', reference: '~smith/Mail/', pattern: 'foo.*' });
    expect(command('a LIST "" inbox')).toEqual({ name: 'LIST', reference: '', pattern: 'INBOX' });
    expect(command('a LIST "" &ZeVnLIqe-/%')).toEqual({ name: 'LIST', reference: '', pattern: '日本語/%' });
    expect(errorText('a LIST ""')).toBe('Missing mailbox pattern');
    expect(errorText('a LIST')).toBe('Missing reference name');
    expect(errorText('a LIST * *')).toBe('Invalid reference name');
    expect(errorText('a LIST "" ()')).toBe('Invalid mailbox pattern'); // (x) is RFC 5258: list-extended.test.ts
    expect(errorText('a LIST "" &')).toBe('Invalid mailbox name');
  });

  it('STATUS', () => {
    expect(command('a STATUS inbox (messages uidnext Size)')).toEqual({ name: 'STATUS', mailbox: 'INBOX', items: ['MESSAGES', 'UIDNEXT', 'SIZE'] });
    expect(errorText('a STATUS inbox (messages Foo)')).toBe('Unknown STATUS item FOO');
    expect(errorText('a STATUS inbox')).toBe('Missing status items');
    expect(errorText('a STATUS inbox MESSAGES')).toBe('Expected ( before status items');
    expect(errorText('a STATUS inbox ()')).toBe('Invalid status item');
    expect(errorText('a STATUS inbox (MESSAGES')).toBe('Expected ) after status items');
    expect(errorText('a STATUS inbox (MESSAGES  UIDNEXT)')).toBe('Invalid status item');
  });
});

describe('APPEND', () => {
  const append = (line: string, message = 'hello') => {
    const evs = events(`${line} {${message.length}+}\r\n${message}\r\n`);
    expect(evs).toHaveLength(1);
    return evs[0];
  };

  it('takes optional flags and date-time before the literal', () => {
    expect(append('a APPEND inbox')).toEqual({ kind: 'command', tag: 'a', command: { name: 'APPEND', mailbox: 'INBOX', flags: [], message: Buffer.from('hello') } });
    expect(append('a APPEND Drafts (\\seen $Forwarded \\DRAFT)')).toMatchObject({
      command: { flags: ['\\Seen', '$Forwarded', '\\Draft'] },
    });
    expect(append('a APPEND Drafts ()')).toMatchObject({ command: { flags: [] } });
    expect(append('a APPEND x (\\Seen) "17-Jul-1996 02:44:25 -0700"')).toMatchObject({
      command: { date: { epochMs: Date.UTC(1996, 6, 17, 9, 44, 25), offsetMinutes: -420 } },
    });
    expect(append('a APPEND x " 7-jul-1996 02:44:25 +0130"')).toMatchObject({
      command: { flags: [], date: { epochMs: Date.UTC(1996, 6, 7, 1, 14, 25), offsetMinutes: 90 } },
    });
    expect(append('a APPEND x "29-Feb-2024 23:59:59 -0000"')).toMatchObject({
      command: { date: { epochMs: Date.UTC(2024, 1, 29, 23, 59, 59), offsetMinutes: 0 } },
    });
  });

  it('keeps the message bytes exactly, CRLFs and NULs included', () => {
    const message = Buffer.from('Subject: x\r\n\r\n\0\xff{3}\r\n', 'latin1');
    const input = Buffer.concat([Buffer.from(`a APPEND x {${message.length}}\r\n`), message, Buffer.from('\r\n')]);
    expect(events(input)).toEqual([{ kind: 'continue' }, { kind: 'command', tag: 'a', command: { name: 'APPEND', mailbox: 'x', flags: [], message } }]);
  });

  it('accepts a binary literal (RFC 3516) for the message', () => {
    expect(events('a APPEND x ~{3}\r\n\0\0\0\r\n')).toEqual([
      { kind: 'continue' },
      { kind: 'command', tag: 'a', command: { name: 'APPEND', mailbox: 'x', flags: [], message: Buffer.from([0, 0, 0]) } },
    ]);
    expect(events('a APPEND x ~{3+}\r\n\0\0\0\r\n')).toHaveLength(1);
  });

  it.each([
    ['a APPEND x', 'Missing message literal'],
    ['a APPEND x (\\Seen)', 'Missing message literal'],
    ['a APPEND x (\\Seen) "17-Jul-1996 02:44:25 -0700"', 'Missing message literal'],
    ['a APPEND x hello', 'Expected a literal'],
    ['a APPEND x "hello"', 'Invalid date-time'],
    ['a APPEND x (\\Recent) {1+}\r\nx', '\\Recent cannot be set by a client'],
    ['a APPEND x (\\*) {1+}\r\nx', 'Invalid flag \\*'],
    ['a APPEND x (\\Important) {1+}\r\nx', 'Unknown system flag'],
    ['a APPEND x (\\Seen {1+}\r\nx', 'Invalid flag'],
    ['a APPEND x (\\Seen x', 'Invalid flag list'],
    ['a APPEND x ((\\Seen)) {1+}\r\nx', 'Missing flag'.replace('Missing', 'Invalid')],
    ['a APPEND x {1+}\r\nx extra', 'Unexpected extra arguments'],
    ['a APPEND x (\\Seen){1+}\r\nx', 'Expected space before message literal'],
  ])('%j → %s', (line, text) => {
    expect(error(line)).toEqual({ tag: 'a', status: 'BAD', text });
  });

  it.each([
    '32-Jan-2020 00:00:00 +0000',
    '29-Feb-2023 00:00:00 +0000',
    '31-Apr-2020 00:00:00 +0000',
    '00-Jan-2020 00:00:00 +0000',
    '01-Foo-2020 00:00:00 +0000',
    '01-Jan-2020 24:00:00 +0000',
    '01-Jan-2020 00:60:00 +0000',
    '01-Jan-2020 00:00:60 +0000',
    '01-Jan-2020 00:00:00 +2400',
    '01-Jan-2020 00:00:00 +0060',
    '01-Jan-2020 00:00:00 0000',
    '1-Jan-2020 00:00:00 +0000',
    '01-Jan-20 00:00:00 +0000',
    '01-Jan-2020 0:00:00 +0000',
    '01-Jan-2020  00:00:00 +0000',
  ])('rejects date-time %j', (date) => {
    expect(errorText(`a APPEND x "${date}" {1+}\r\nx`)).toBe('Invalid date-time');
  });
});

describe('FETCH', () => {
  const fetch = (args: string) => command(`a FETCH ${args}`);
  const items = (args: string) => (fetch(`1 ${args}`) as { items: unknown }).items;

  it('parses the sequence set and simple items', () => {
    expect(fetch('1:*,3 flags')).toEqual({ name: 'FETCH', uid: false, set: seq([1, '*'], 3), items: [{ type: 'FLAGS' }] });
    expect(fetch('$ (UID)')).toEqual({ name: 'FETCH', uid: false, set: { kind: 'saved' }, items: [{ type: 'UID' }] });
    expect(items('(FLAGS UID INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY RFC822 RFC822.HEADER RFC822.TEXT EMAILID THREADID MODSEQ)')).toEqual(
      ['FLAGS', 'UID', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODYSTRUCTURE', 'BODY', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'EMAILID', 'THREADID', 'MODSEQ'].map(
        (type) => ({ type }),
      ),
    );
  });

  it('expands the macros', () => {
    expect(items('all')).toEqual([{ type: 'FLAGS' }, { type: 'INTERNALDATE' }, { type: 'RFC822.SIZE' }, { type: 'ENVELOPE' }]);
    expect(items('FAST')).toEqual([{ type: 'FLAGS' }, { type: 'INTERNALDATE' }, { type: 'RFC822.SIZE' }]);
    expect(items('FULL')).toEqual([{ type: 'FLAGS' }, { type: 'INTERNALDATE' }, { type: 'RFC822.SIZE' }, { type: 'ENVELOPE' }, { type: 'BODY' }]);
    expect(errorText('a FETCH 1 (ALL)')).toBe('Invalid fetch item');
  });

  it('parses BODY sections and partials', () => {
    expect(items('BODY[]')).toEqual([{ type: 'BODY[]', peek: false, section: { part: [] } }]);
    expect(items('body.peek[]<0.1024>')).toEqual([{ type: 'BODY[]', peek: true, section: { part: [] }, partial: { origin: 0, count: 1024 } }]);
    expect(items('BODY[HEADER]')).toEqual([{ type: 'BODY[]', peek: false, section: { part: [], text: 'HEADER' } }]);
    expect(items('BODY[1.2.3]')).toEqual([{ type: 'BODY[]', peek: false, section: { part: [1, 2, 3] } }]);
    expect(items('BODY[1.2.mime]')).toEqual([{ type: 'BODY[]', peek: false, section: { part: [1, 2], text: 'MIME' } }]);
    expect(items('BODY[2.TEXT]')).toEqual([{ type: 'BODY[]', peek: false, section: { part: [2], text: 'TEXT' } }]);
    expect(items('(BODY.PEEK[HEADER.FIELDS (From "To" {7}\r\nSubject)] UID)')).toEqual([
      { type: 'BODY[]', peek: true, section: { part: [], text: 'HEADER.FIELDS', fields: ['From', 'To', 'Subject'] } },
      { type: 'UID' },
    ]);
    expect(items('BODY[3.HEADER.FIELDS.NOT (Received)]<10.20>')).toEqual([
      { type: 'BODY[]', peek: false, section: { part: [3], text: 'HEADER.FIELDS.NOT', fields: ['Received'] }, partial: { origin: 10, count: 20 } },
    ]);
  });

  it('parses BINARY items', () => {
    expect(items('(BINARY[] BINARY.PEEK[1.2]<5.6> BINARY.SIZE[3])')).toEqual([
      { type: 'BINARY[]', peek: false, part: [] },
      { type: 'BINARY[]', peek: true, part: [1, 2], partial: { origin: 5, count: 6 } },
      { type: 'BINARY.SIZE', part: [3] },
    ]);
  });

  it.each([
    ['a FETCH', 'Missing sequence set'],
    ['a FETCH 1', 'Missing fetch items'],
    ['a FETCH 0 FLAGS', 'Invalid sequence set'],
    ['a FETCH 1:2:3 FLAGS', 'Invalid sequence set'],
    ['a FETCH x FLAGS', 'Invalid sequence set'],
    ['a FETCH 1 FOO', 'Invalid fetch item'],
    ['a FETCH 1 ()', 'Invalid fetch item'],
    ['a FETCH 1 (FLAGS', 'Expected ) after fetch items'],
    ['a FETCH 1 (FLAGS) x', 'Unexpected extra arguments'],
    ['a FETCH 1 FLAGS UID', 'Unexpected extra arguments'],
    ['a FETCH 1 BODY.PEEK', 'Expected ['],
    ['a FETCH 1 BODY[0]', 'Invalid section part'],
    ['a FETCH 1 BODY[1.]', 'Invalid section'],
    ['a FETCH 1 BODY[MIME]', 'MIME requires a part number'],
    ['a FETCH 1 BODY[FOO]', 'Invalid section'],
    ['a FETCH 1 BODY[TEXT', 'Invalid section'],
    ['a FETCH 1 BODY[HEADER.FIELDS]', 'Expected space before header field list'],
    ['a FETCH 1 BODY[HEADER.FIELDS ()]', 'Invalid header field name'],
    ['a FETCH 1 BODY[]<0.0>', 'Invalid partial length'],
    ['a FETCH 1 BODY[]<0>', 'Invalid partial'],
    ['a FETCH 1 BODY[]<x.1>', 'Invalid partial origin'],
    ['a FETCH 1 BODY[]<0.1', 'Invalid partial'],
    ['a FETCH 1 BINARY[HEADER]', 'Invalid section'],
    ['a FETCH 1 BINARY.SIZE[1]<0.1>', 'Unexpected extra arguments'],
    ['a FETCH 1 RFC822.SIZE[]', 'Unexpected extra arguments'],
  ])('%j → %s', (line, text) => {
    expect(error(line)).toEqual({ tag: 'a', status: 'BAD', text });
  });

  it('limits sequence set size and nesting', () => {
    expect(error(`a FETCH ${Array.from({ length: 51 }, (_, i) => i + 1).join(',')} FLAGS`)).toEqual({
      tag: 'a',
      status: 'BAD',
      code: 'LIMIT',
      text: 'Too many ranges in sequence set',
    });
    const nested = { ...limits, maxNesting: 1 };
    expect(command('a FETCH 1 (BODY[HEADER.FIELDS (X)])', { ...limits, maxNesting: 2 })).toBeTruthy();
    expect(error('a FETCH 1 (BODY[HEADER.FIELDS (X)])', nested)).toEqual({ tag: 'a', status: 'BAD', code: 'LIMIT', text: 'Too deeply nested' });
  });
});

describe('STORE', () => {
  it('parses modes, .SILENT, lists and bare flags', () => {
    expect(command('a STORE 1:3 +FLAGS (\\Deleted)')).toEqual({ name: 'STORE', uid: false, set: seq([1, 3]), mode: 'add', silent: false, flags: ['\\Deleted'] });
    expect(command('a STORE * -flags.silent \\seen $Junk')).toEqual({ name: 'STORE', uid: false, set: seq('*'), mode: 'remove', silent: true, flags: ['\\Seen', '$Junk'] });
    expect(command('a STORE 2 FLAGS ()')).toEqual({ name: 'STORE', uid: false, set: seq(2), mode: 'set', silent: false, flags: [] });
    expect(command('a UID STORE 5:7 FLAGS.SILENT (a b)')).toEqual({ name: 'STORE', uid: true, set: seq([5, 7]), mode: 'set', silent: true, flags: ['a', 'b'] });
  });

  it.each([
    ['a STORE', 'Missing sequence set'],
    ['a STORE 1', 'Missing store item'],
    ['a STORE 1 FLAGS', 'Missing flags'],
    ['a STORE 1 LABELS (x)', 'Invalid store item'],
    ['a STORE 1 +FLAGS.LOUD (x)', 'Invalid store item'],
    ['a STORE 1 (CHANGEDSINCE 5) FLAGS (x)', 'Unknown store modifier CHANGEDSINCE'],
    ['a STORE 1 FLAGS (\\Recent)', '\\Recent cannot be set by a client'],
    ['a STORE 1 FLAGS \\*', 'Invalid flag \\*'],
    ['a STORE 1 FLAGS (\\Foo)', 'Unknown system flag'],
    ['a STORE 1 FLAGS (x', 'Invalid flag list'],
    ['a STORE 1 FLAGS (x) y', 'Unexpected extra arguments'],
    ['a STORE 1 FLAGS x  y', 'Invalid flag'],
    ['a STORE 1 FLAGS "x"', 'Invalid flag'],
  ])('%j → %s', (line, text) => {
    expect(error(line)).toEqual({ tag: 'a', status: 'BAD', text });
  });
});

describe('COPY, MOVE, UID commands', () => {
  it('COPY and MOVE', () => {
    expect(command('a COPY 2:4 MEETING')).toEqual({ name: 'COPY', uid: false, set: seq([2, 4]), mailbox: 'MEETING' });
    expect(command('a move $ inbox')).toEqual({ name: 'MOVE', uid: false, set: { kind: 'saved' }, mailbox: 'INBOX' });
    expect(command('a UID COPY 1,3 "A &AOk-"')).toEqual({ name: 'COPY', uid: true, set: seq(1, 3), mailbox: 'A é' });
    expect(command('a uid move 1 x')).toEqual({ name: 'MOVE', uid: true, set: seq(1), mailbox: 'x' });
    expect(errorText('a COPY 1')).toBe('Missing mailbox name');
    expect(errorText('a MOVE INBOX 1')).toBe('Invalid sequence set');
  });

  it('UID FETCH, UID SEARCH, UID EXPUNGE', () => {
    expect(command('a UID FETCH 1:* (FLAGS)')).toEqual({ name: 'FETCH', uid: true, set: seq([1, '*']), items: [{ type: 'FLAGS' }] });
    expect(command('a UID SEARCH ALL')).toEqual({ name: 'SEARCH', uid: true, key: { type: 'all' } });
    expect(command('a UID EXPUNGE 3000:3002')).toEqual({ name: 'UID EXPUNGE', set: seq([3000, 3002]) });
    expect(errorText('a UID EXPUNGE')).toBe('Missing sequence set');
    expect(errorText('a UID')).toBe('Missing UID command');
    expect(errorText('a UID NOOP')).toBe('Unknown UID command');
    expect(errorText('a UID UID FETCH 1 FLAGS')).toBe('Unknown UID command');
  });
});

describe('ENABLE and ID', () => {
  it('ENABLE upper-cases capabilities', () => {
    expect(command('a ENABLE condstore UTF8=ACCEPT')).toEqual({ name: 'ENABLE', capabilities: ['CONDSTORE', 'UTF8=ACCEPT'] });
    expect(errorText('a ENABLE')).toBe('Missing capability');
    expect(errorText('a ENABLE x ')).toBe('Missing capability');
    expect(errorText('a ENABLE (x)')).toBe('Invalid capability');
  });

  it('ID takes NIL or field/value pairs', () => {
    expect(command('a ID nil')).toEqual({ name: 'ID', params: null });
    expect(command('a ID ()')).toEqual({ name: 'ID', params: [] });
    expect(command('a ID ("name" "sodr" "version" NIL "os" {5}\r\nLinux)')).toEqual({
      name: 'ID',
      params: [
        ['name', 'sodr'],
        ['version', null],
        ['os', 'Linux'],
      ],
    });
  });

  it('enforces the RFC 2971 limits', () => {
    const lim = { ...limits, maxLineLength: 5000 };
    const pairs = (n: number) => Array.from({ length: n }, (_, i) => `"f${i}" "v"`).join(' ');
    expect(command(`a ID (${pairs(30)})`, lim)).toMatchObject({ name: 'ID' });
    expect(errorText(`a ID (${pairs(31)})`, lim)).toBe('Too many ID parameters');
    expect(errorText(`a ID ("${'f'.repeat(31)}" "v")`, lim)).toBe('ID field or value too long');
    expect(errorText(`a ID ("f" "${'v'.repeat(1025)}")`, lim)).toBe('ID field or value too long');
    expect(command(`a ID ("${'f'.repeat(30)}" "${'v'.repeat(1024)}")`, lim)).toMatchObject({ name: 'ID' });
  });

  it.each([
    ['a ID', 'Missing ID parameters'],
    ['a ID foo', 'Invalid ID parameters'],
    ['a ID (name "x")', 'Expected a string'],
    ['a ID ("name")', 'Expected space before ID value'],
    ['a ID ("name" x)', 'Expected a string or NIL'],
    ['a ID ("name" "x"', 'Expected ) after ID parameters'],
  ])('%j → %s', (line, text) => {
    expect(errorText(line)).toBe(text);
  });
});
