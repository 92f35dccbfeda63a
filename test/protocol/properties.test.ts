// Property tests: generated valid commands parse back to the AST they were built from,
// and arbitrary byte streams never break the parser's promises.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import type { Command, FetchItem, SearchKey, SeqRange, SequenceSet } from '../../src/protocol/ast.js';
import type { ParserEvent, ParserLimits } from '../../src/protocol/events.js';
import { encodeModifiedUtf7 } from '../../src/protocol/mutf7.js';
import { CommandParser } from '../../src/protocol/parser.js';
import { drain } from './helpers.js';

/** Generated command text is held as a latin1 string: one char per wire byte. */
type Wire = string;
interface Gen<T> {
  text: Wire;
  value: T;
}

const bytes = (s: string): Wire => Buffer.from(s, 'utf8').toString('latin1');
const ATOM_CHARS = [...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._!#&\'+,/:;<=>?@[^`|}~$'];
const isAstringText = (w: Wire) => w.length > 0 && /^[\x21-\x7e]+$/.test(w) && !/[(){%*"\\]/.test(w);

/** Some valid wire form of a string: atom (where allowed), quoted, or a literal. */
function stringForm(value: string, allowAtom = true): fc.Arbitrary<Wire> {
  const w = bytes(value);
  const forms: Array<fc.Arbitrary<Wire>> = [
    fc.constant(`{${w.length}}\r\n${w}`),
    fc.constant(`{${w.length}+}\r\n${w}`),
  ];
  if (!/[\r\n\0]/.test(w)) forms.push(fc.constant(`"${w.replace(/[\\"]/g, '\\$&')}"`));
  if (allowAtom && isAstringText(w)) forms.push(fc.constant(w));
  return fc.oneof(...forms);
}

const anyString = fc.oneof(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), fc.string({ unit: 'grapheme', maxLength: 6 }));
const atom = fc.string({ unit: fc.constantFrom(...ATOM_CHARS.filter((c) => c !== '&')), minLength: 1, maxLength: 8 });
const randomCase = (s: string) => fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((up) => [...s].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));

const normaliseMailbox = (name: string) => (/^inbox$/i.test(name) ? 'INBOX' : /^inbox\//i.test(name) ? 'INBOX' + name.slice(5) : name);

const mailbox: fc.Arbitrary<Gen<string>> = fc
  .oneof(anyString, fc.constantFrom('INBOX', 'inbox', 'InBox/Sub', 'inbox/x/y', 'INBOXES', 'Entwürfe', '&'))
  .chain((name) => stringForm(encodeModifiedUtf7(name)).map((text) => ({ text, value: normaliseMailbox(name) })));

const pattern: fc.Arbitrary<Gen<string>> = fc
  .array(fc.oneof(anyString, fc.constantFrom('%', '*', '/', 'inbox')), { maxLength: 4 })
  .map((parts) => parts.join(''))
  .chain((name) => {
    const w = encodeModifiedUtf7(name);
    const forms = [stringForm(w, false)];
    if (w.length > 0 && /^[\x21-\x7e]+$/.test(w) && !/[(){"\\]/.test(w)) forms.push(fc.constant(w));
    return fc.oneof(...forms).map((text) => ({ text, value: normaliseMailbox(name) }));
  });

const seqNumber = fc.oneof(fc.integer({ min: 1, max: 4294967295 }), fc.constant('*' as const));
const sequenceSet: fc.Arbitrary<Gen<SequenceSet>> = fc.oneof(
  { weight: 1, arbitrary: fc.constant({ text: '$', value: { kind: 'saved' as const } }) },
  {
    weight: 5,
    arbitrary: fc.array(fc.tuple(seqNumber, seqNumber, fc.boolean()), { minLength: 1, maxLength: 5 }).map((rs) => {
      const ranges: SeqRange[] = rs.map(([a, b, single]) => (single ? { start: a, end: a } : { start: a, end: b }));
      const text = rs.map(([a, b, single]) => (single ? `${a}` : `${a}:${b}`)).join(',');
      return { text, value: { kind: 'ranges' as const, ranges } };
    }),
  },
);

const SYSTEM_FLAGS = ['\\Answered', '\\Flagged', '\\Deleted', '\\Seen', '\\Draft'];
const flag: fc.Arbitrary<Gen<string>> = fc.oneof(
  fc.constantFrom(...SYSTEM_FLAGS).chain((f) => randomCase(f).map((text) => ({ text, value: f }))),
  atom.map((a) => ({ text: a, value: a })),
);
const flagList = fc.array(flag, { maxLength: 4 }).map((fs) => ({ text: `(${fs.map((f) => f.text).join(' ')})`, value: fs.map((f) => f.value) }));

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const calendarDay = fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true });
const pad = (n: number, w = 2) => String(n).padStart(w, '0');

const searchDate = fc.tuple(calendarDay, fc.boolean(), fc.boolean()).map(([d, padDay, quote]) => {
  const text = `${padDay ? pad(d.getUTCDate()) : d.getUTCDate()}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()}`;
  return { text: quote ? `"${text}"` : text, value: { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() } };
});

const SIMPLE_KEYS: Record<string, SearchKey> = {
  ALL: { type: 'all' },
  SEEN: { type: 'flag', flag: '\\Seen', set: true },
  UNSEEN: { type: 'flag', flag: '\\Seen', set: false },
  ANSWERED: { type: 'flag', flag: '\\Answered', set: true },
  UNDRAFT: { type: 'flag', flag: '\\Draft', set: false },
  RECENT: { type: 'recent', set: true },
  OLD: { type: 'recent', set: false },
  NEW: { type: 'and', keys: [{ type: 'recent', set: true }, { type: 'flag', flag: '\\Seen', set: false }] },
};

const leafKey: fc.Arbitrary<Gen<SearchKey>> = fc.oneof(
  fc.constantFrom(...Object.keys(SIMPLE_KEYS)).chain((k) => randomCase(k).map((text) => ({ text, value: SIMPLE_KEYS[k]! }))),
  fc.tuple(fc.constantFrom('FROM', 'TO', 'CC', 'BCC', 'SUBJECT'), anyString).chain(([field, v]) =>
    stringForm(v).map((s) => ({ text: `${field} ${s}`, value: { type: 'header' as const, field, value: v } })),
  ),
  fc.tuple(fc.stringMatching(/^[A-Za-z][A-Za-z-]{0,10}$/), anyString).chain(([field, v]) =>
    stringForm(v).map((s) => ({ text: `HEADER ${field} ${s}`, value: { type: 'header' as const, field: field.toUpperCase(), value: v } })),
  ),
  fc.tuple(fc.constantFrom('body', 'text'), anyString).chain(([k, v]) => stringForm(v).map((s) => ({ text: `${k} ${s}`, value: { type: k as 'body', value: v } }))),
  fc.tuple(fc.constantFrom('KEYWORD', 'UNKEYWORD'), atom).map(([k, a]) => ({ text: `${k} ${a}`, value: { type: 'flag' as const, flag: a, set: k === 'KEYWORD' } })),
  fc.tuple(fc.constantFrom('LARGER', 'SMALLER'), fc.nat()).map(([k, n]) => ({ text: `${k} ${n}`, value: { type: k.toLowerCase() as 'larger', size: n } })),
  fc.tuple(fc.constantFrom('BEFORE', 'ON', 'SINCE', 'SENTBEFORE', 'SENTON', 'SENTSINCE'), searchDate).map(([k, d]) => ({
    text: `${k} ${d.text}`,
    value: { type: k.toLowerCase(), date: d.value } as SearchKey,
  })),
  sequenceSet.map((s) => ({ text: s.text, value: { type: 'seq' as const, set: s.value } })),
  sequenceSet.map((s) => ({ text: `UID ${s.text}`, value: { type: 'uid' as const, set: s.value } })),
);

const andOf = (keys: SearchKey[]): SearchKey => (keys.length === 1 ? keys[0]! : { type: 'and', keys });

const { searchKey } = fc.letrec<{ searchKey: Gen<SearchKey> }>((tie) => ({
  searchKey: fc.oneof(
    { maxDepth: 4, depthSize: 'small' },
    leafKey,
    tie('searchKey').map((k) => ({ text: `NOT ${k.text}`, value: { type: 'not' as const, key: k.value } })),
    fc.tuple(tie('searchKey'), tie('searchKey')).map(([a, b]) => ({ text: `OR ${a.text} ${b.text}`, value: { type: 'or' as const, left: a.value, right: b.value } })),
    fc.array(tie('searchKey'), { minLength: 1, maxLength: 3 }).map((ks) => ({ text: `(${ks.map((k) => k.text).join(' ')})`, value: andOf(ks.map((k) => k.value)) })),
  ),
}));

const SIMPLE_ITEMS = ['FLAGS', 'UID', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODYSTRUCTURE', 'BODY', 'RFC822', 'RFC822.HEADER', 'RFC822.TEXT', 'EMAILID', 'THREADID', 'MODSEQ'] as const;
const partNumbers = fc.array(fc.integer({ min: 1, max: 4294967295 }), { maxLength: 3 });
const partial = fc.option(fc.tuple(fc.nat(), fc.integer({ min: 1 })), { nil: undefined });
const headerField = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,10}$/).chain((f) => stringForm(f).map((text) => ({ text, value: f })));

const section = fc
  .tuple(partNumbers, fc.constantFrom('', 'HEADER', 'TEXT', 'MIME', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT'), fc.array(headerField, { minLength: 1, maxLength: 3 }))
  .filter(([part, text]) => text !== 'MIME' || part.length > 0)
  .chain(([part, text, fields]) =>
    randomCase(text).map((cased) => {
      const prefix = part.join('.') + (part.length > 0 && text ? '.' : '') + cased;
      if (text.startsWith('HEADER.FIELDS')) {
        return { text: `${prefix} (${fields.map((f) => f.text).join(' ')})`, value: { part, text, fields: fields.map((f) => f.value) } };
      }
      return { text: prefix, value: text ? { part, text } : { part } };
    }),
  ) as fc.Arbitrary<Gen<{ part: number[]; text?: 'HEADER'; fields?: string[] }>>;

const partialText = (p: [number, number] | undefined) => (p ? `<${p[0]}.${p[1]}>` : '');
const withPartial = (p: [number, number] | undefined) => (p ? { partial: { origin: p[0], count: p[1] } } : {});

const fetchItem: fc.Arbitrary<Gen<FetchItem>> = fc.oneof(
  fc.constantFrom(...SIMPLE_ITEMS).chain((t) => randomCase(t).map((text) => ({ text, value: { type: t } as FetchItem }))),
  fc.tuple(fc.boolean(), section, partial).map(([peek, s, p]) => ({
    text: `${peek ? 'BODY.PEEK' : 'body'}[${s.text}]${partialText(p)}`,
    value: { type: 'BODY[]' as const, peek, section: s.value, ...withPartial(p) },
  })),
  fc.tuple(fc.boolean(), partNumbers, partial).map(([peek, part, p]) => ({
    text: `${peek ? 'BINARY.PEEK' : 'BINARY'}[${part.join('.')}]${partialText(p)}`,
    value: { type: 'BINARY[]' as const, peek, part, ...withPartial(p) },
  })),
  partNumbers.map((part) => ({ text: `BINARY.SIZE[${part.join('.')}]`, value: { type: 'BINARY.SIZE' as const, part } })),
);

const fetchItems: fc.Arbitrary<Gen<FetchItem[]>> = fc.oneof(
  fetchItem.map((i) => ({ text: i.text, value: [i.value] })),
  fc.array(fetchItem, { minLength: 1, maxLength: 4 }).map((is) => ({ text: `(${is.map((i) => i.text).join(' ')})`, value: is.map((i) => i.value) })),
  fc.constant({ text: 'fast', value: [{ type: 'FLAGS' }, { type: 'INTERNALDATE' }, { type: 'RFC822.SIZE' }] as FetchItem[] }),
);

const uidPrefix = fc.boolean();

const dateTime = fc.tuple(calendarDay, fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), fc.boolean()).map(([d, offset, spaceDay]) => {
  const day = d.getUTCDate();
  const zone = `${offset < 0 ? '-' : '+'}${pad(Math.floor(Math.abs(offset) / 60))}${pad(Math.abs(offset) % 60)}`;
  const text = `"${spaceDay && day < 10 ? ` ${day}` : pad(day)}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} ${zone}"`;
  const wall = d.getTime() - d.getUTCMilliseconds();
  return { text, value: { epochMs: wall - offset * 60_000, offsetMinutes: offset } };
});

const command: fc.Arbitrary<Gen<Command>> = fc.oneof(
  fc.tuple(sequenceSet, fetchItems, uidPrefix).map(([s, items, uid]) => ({
    text: `${uid ? 'UID ' : ''}FETCH ${s.text} ${items.text}`,
    value: { name: 'FETCH' as const, uid, set: s.value, items: items.value },
  })),
  fc
    .tuple(sequenceSet, fc.constantFrom('', '+', '-'), fc.boolean(), fc.array(flag, { maxLength: 4 }), fc.boolean(), uidPrefix)
    .map(([s, sign, silent, flags, bare, uid]) => {
      const list = bare && flags.length > 0 ? flags.map((f) => f.text).join(' ') : `(${flags.map((f) => f.text).join(' ')})`;
      return {
        text: `${uid ? 'uid ' : ''}store ${s.text} ${sign}Flags${silent ? '.Silent' : ''} ${list}`,
        value: { name: 'STORE' as const, uid, set: s.value, mode: sign === '+' ? ('add' as const) : sign === '-' ? ('remove' as const) : ('set' as const), silent, flags: flags.map((f) => f.value) },
      };
    }),
  fc.tuple(fc.array(searchKey, { minLength: 1, maxLength: 3 }), uidPrefix).map(([keys, uid]) => ({
    text: `${uid ? 'UID ' : ''}SEARCH ${keys.map((k) => k.text).join(' ')}`,
    value: { name: 'SEARCH' as const, uid, key: andOf(keys.map((k) => k.value)) },
  })),
  fc.tuple(mailbox, pattern, fc.constantFrom('LIST', 'LSUB')).map(([ref, pat, name]) => ({
    text: `${name} ${ref.text} ${pat.text}`,
    value: { name: name as 'LIST', reference: ref.value, pattern: pat.value },
  })),
  fc.tuple(fc.constantFrom('SELECT', 'EXAMINE', 'CREATE', 'DELETE'), mailbox).map(([name, m]) => ({ text: `${name} ${m.text}`, value: { name: name as 'SELECT', mailbox: m.value } })),
  fc
    .tuple(mailbox, fc.option(flagList, { nil: undefined }), fc.option(dateTime, { nil: undefined }), fc.uint8Array({ maxLength: 64 }), fc.constantFrom('{', '{+', '~{'))
    .map(([m, flags, date, message, form]) => {
      const wire = Buffer.from(message).toString('latin1');
      const lit = form === '{+' ? `{${message.length}+}` : `${form}${message.length}}`;
      return {
        text: `APPEND ${m.text}${flags ? ' ' + flags.text : ''}${date ? ' ' + date.text : ''} ${lit}\r\n${wire}`,
        value: { name: 'APPEND' as const, mailbox: m.value, flags: flags?.value ?? [], ...(date && { date: date.value }), message: Buffer.from(message) },
      };
    }),
  fc
    .tuple(anyString, anyString)
    .chain(([user, password]) => fc.tuple(stringForm(user), stringForm(password)).map(([u, p]) => ({ text: `LOGIN ${u} ${p}`, value: { name: 'LOGIN' as const, user, password } }))),
  fc.tuple(sequenceSet, mailbox, uidPrefix, fc.constantFrom('COPY', 'MOVE')).map(([s, m, uid, name]) => ({
    text: `${uid ? 'UID ' : ''}${name} ${s.text} ${m.text}`,
    value: { name: name as 'COPY', uid, set: s.value, mailbox: m.value },
  })),
);

const tag = fc.string({ unit: fc.constantFrom(...'abcXYZ0189.-_]'), minLength: 1, maxLength: 6 });

const generous: ParserLimits = { maxLineLength: 100_000, maxLiteralSize: 100_000, maxNesting: 64, maxSequenceRanges: 100 };

/** Split `buf` at the given cut sizes (cycled), pushing and draining after each piece. */
function feedInChunks(parser: CommandParser, buf: Buffer, sizes: number[], afterDrain?: () => void): ParserEvent[] {
  const out: ParserEvent[] = [];
  for (let i = 0, k = 0; i < buf.length; k++) {
    const n = sizes.length > 0 ? sizes[k % sizes.length]! : buf.length;
    parser.push(buf.subarray(i, i + n));
    i += n;
    out.push(...drain(parser));
    afterDrain?.();
  }
  return out;
}

describe('generated valid commands', () => {
  it('parse back to the AST they were generated from, however the bytes are chunked', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(tag, command), { minLength: 1, maxLength: 4 }), fc.array(fc.integer({ min: 1, max: 40 }), { maxLength: 5 }), (cmds, sizes) => {
        const wire = Buffer.from(cmds.map(([t, c]) => `${t} ${c.text}\r\n`).join(''), 'latin1');
        const got = feedInChunks(new CommandParser(generous), wire, sizes).filter((e) => e.kind !== 'continue');
        expect(got).toEqual(cmds.map(([t, c]) => ({ kind: 'command', tag: t, command: c.value })));
      }),
      { numRuns: 400 },
    );
  });
});

describe('arbitrary byte streams', () => {
  const small: ParserLimits = { maxLineLength: 32, maxLiteralSize: 16, maxNesting: 4, maxSequenceRanges: 4 };
  const bound = small.maxLineLength + small.maxLiteralSize + 1;
  const special = [...'\r\n{}()+~"\\ *$[]<>0123456789a'].map((c) => c.charCodeAt(0));
  const byteStream = fc
    .array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...special)), { maxLength: 300 })
    .map((a) => Buffer.from(a));
  const soup = fc
    .array(
      fc.constantFrom('a ', 'b1 ', 'LOGIN ', 'APPEND x ', 'FETCH 1 ', 'SEARCH ', 'NOT ', 'OR ', '(', ')', '"', 'BODY[', ']', 'x', ' ', 'NOOP', '{3}\r\n', '{2+}\r\n', '{40+}\r\n', '~{1}\r\n', '{0}\r\n', '{99999999999999999999+}\r\n', '\r\n', '\n', '\r', 'IDLE\r\n', 'DONE\r\n', 'x'.repeat(30)),
      { maxLength: 40 },
    )
    .map((parts) => Buffer.from(parts.join(''), 'latin1'));
  const stream = fc.oneof(byteStream, soup);
  const sizes = fc.array(fc.integer({ min: 1, max: 50 }), { maxLength: 6 });

  it('never throw, stay within memory bounds and do not depend on chunking', () => {
    fc.assert(
      fc.property(stream, sizes, (buf, cuts) => {
        const parser = new CommandParser(small);
        const chunked = feedInChunks(parser, buf, cuts, () => expect(parser.bufferedBytes).toBeLessThanOrEqual(bound));
        expect(chunked).toEqual(feedInChunks(new CommandParser(small), buf, []));
        for (const e of chunked) if (e.kind === 'error') expect(e.text).not.toBe('Internal parser error');
      }),
      { numRuns: 600 },
    );
  });

  it('always make progress: a fresh command after enough bytes is read', () => {
    fc.assert(
      fc.property(stream, (buf) => {
        const parser = new CommandParser(small);
        parser.push(buf);
        drain(parser);
        parser.push(Buffer.from(`${'x'.repeat(64)}\r\nz NOOP\r\n`));
        const after = drain(parser);
        expect(after[after.length - 1]).toEqual({ kind: 'command', tag: 'z', command: { name: 'NOOP' } });
      }),
      { numRuns: 600 },
    );
  });

  it('stay bounded when the session toggles raw-line mode between events', () => {
    fc.assert(
      fc.property(stream, sizes, fc.array(fc.boolean(), { minLength: 1, maxLength: 20 }), (buf, cuts, toggles) => {
        const parser = new CommandParser(small);
        let n = 0;
        const out: ParserEvent[] = [];
        for (let i = 0, k = 0; i < buf.length; k++) {
          const size = cuts.length > 0 ? cuts[k % cuts.length]! : buf.length;
          parser.push(buf.subarray(i, i + size));
          i += size;
          for (let e = parser.next(); e; e = parser.next()) {
            out.push(e);
            parser.rawLineMode = toggles[n++ % toggles.length]!;
          }
          expect(parser.bufferedBytes).toBeLessThanOrEqual(bound);
        }
        for (const e of out) if (e.kind === 'error') expect(e.text).not.toBe('Internal parser error');
      }),
      { numRuns: 300 },
    );
  });
});
