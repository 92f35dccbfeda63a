// SORT and THREAD algorithms (RFC 5256, RFC 5957) on hand-built sort fields, and the
// i;unicode-casemap collation (RFC 5051).
import { describe, expect, it } from 'vitest';
import { extractBaseSubject } from '../../src/mime/base-subject.js';
import type { SortCriterion, SortKey } from '../../src/protocol/ast.js';
import type { SortFields } from '../../src/store/types.js';
import { collationKey, compareCasemap, compareCodePoints, sortMessages } from '../../src/imap/sort.js';
import {
  formatThreads,
  normaliseMessageId,
  threadOrderedSubject,
  threadReferences,
  type ThreadNode,
} from '../../src/imap/thread.js';

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

interface Spec {
  subject?: string;
  /** Sent date in hours after T0; null for a missing/invalid Date: header. */
  date?: number | null;
  /** Internal date in hours after T0 (defaults to the uid). */
  arrival?: number;
  size?: number;
  from?: string;
  to?: string;
  cc?: string;
  fromDisplay?: string;
  toDisplay?: string;
  id?: string | null;
  irt?: string | null;
  refs?: string[];
}

function msg(uid: number, s: Spec = {}): SortFields {
  const { base, replyOrForward } = extractBaseSubject(s.subject ?? `subject ${uid}`);
  return {
    uid,
    internalDate: T0 + (s.arrival ?? uid) * HOUR,
    size: s.size ?? 100,
    baseSubject: base,
    replyOrForward,
    sentDate: s.date === null ? null : T0 + (s.date ?? uid) * HOUR,
    fromAddr: s.from ?? '',
    toAddr: s.to ?? '',
    ccAddr: s.cc ?? '',
    fromDisplay: s.fromDisplay ?? '',
    toDisplay: s.toDisplay ?? '',
    messageId: s.id === undefined ? `<m${uid}@example.com>` : s.id,
    inReplyTo: s.irt ?? null,
    references: s.refs ?? [],
  };
}

const id = (n: number | string) => `<m${n}@example.com>`;
const uids = (list: SortFields[]) => list.map((f) => f.uid);
const by = (...keys: Array<SortKey | `-${SortKey}`>): SortCriterion[] =>
  keys.map((k) => (k.startsWith('-') ? { key: k.slice(1) as SortKey, reverse: true } : { key: k as SortKey, reverse: false }));
const refs = (fields: SortFields[]) => formatThreads(threadReferences(fields), (uid) => uid);
const ordered = (fields: SortFields[]) => formatThreads(threadOrderedSubject(fields), (uid) => uid);

describe('i;unicode-casemap (RFC 5051)', () => {
  it('folds case through titlecase and normalises to NFKD', () => {
    expect(collationKey('hello')).toBe('HELLO');
    expect(compareCasemap('Hello', 'hELLO')).toBe(0);
    expect(compareCasemap('grüße', 'GRÜSSE')).not.toBe(0); // ß has no simple titlecase
    expect(compareCasemap('Grüße', 'GRÜßE')).toBe(0);
    expect(compareCasemap('é', 'E\u0301')).toBe(0); // NFKD
    expect(compareCasemap('①', '1')).toBe(0); // compatibility decomposition
    expect(compareCasemap('ǆ', 'Ǆ')).toBe(0);
    expect(collationKey('ǆ')).toBe(collationKey('ǅ')); // digraph titlecase, not uppercase
    expect(collationKey('ᾳ')).toBe(collationKey('ᾼ')); // simple titlecase, not "ΑΙ"
    expect(compareCasemap('µ', 'Μ')).toBe(0); // micro sign and capital mu
    expect(compareCasemap('ı', 'I')).toBe(0);
    expect(collationKey('ა')).toBe('ა'); // Georgian: titlecase is itself
  });

  it('orders by code point, accents after the plain letter', () => {
    expect(compareCasemap('e', 'é')).toBeLessThan(0);
    expect(compareCasemap('é', 'f')).toBeLessThan(0);
    expect(compareCasemap('a', 'B')).toBeLessThan(0);
    expect(compareCasemap('', 'a')).toBeLessThan(0);
    // U+10000 sorts after U+FFFD in code point (UTF-8) order, unlike UTF-16 unit order.
    expect(compareCodePoints('\u{10000}', '\uFFFD')).toBeGreaterThan(0);
    expect(compareCodePoints('\uFFFD', '\u{10000}')).toBeLessThan(0);
    expect(compareCodePoints('\u{10000}', '\u{10001}')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
  });
});

describe('SORT (RFC 5256 §3, RFC 5957)', () => {
  const box = [
    msg(1, { subject: 'Re: banana', date: 5, arrival: 3, size: 300, from: 'carol', to: 'Zed', cc: '', fromDisplay: 'Xavier' }),
    msg(2, { subject: 'apple', date: null, arrival: 1, size: 100, from: 'Bob', to: 'amy', cc: 'x', toDisplay: 'Zoe' }),
    msg(3, { subject: '[list] Cherry', date: 2, arrival: 2, size: 200, from: 'alice', to: '', cc: 'b', fromDisplay: 'bob' }),
    msg(4, { subject: 'Fwd: apple', date: 4, arrival: 4, size: 100, from: 'bob', to: 'Amy', cc: 'a' }),
  ];

  it('ARRIVAL, DATE (internal date when no Date:), SIZE', () => {
    expect(uids(sortMessages(box, by('ARRIVAL')))).toEqual([2, 3, 1, 4]);
    // message 2 has no sent date: its internal date (1h) is used
    expect(uids(sortMessages(box, by('DATE')))).toEqual([2, 3, 4, 1]);
    expect(uids(sortMessages(box, by('SIZE')))).toEqual([2, 4, 3, 1]); // 2 and 4 tie: mailbox order
  });

  it('SUBJECT on the base subject, ties in mailbox order', () => {
    expect(uids(sortMessages(box, by('SUBJECT')))).toEqual([2, 4, 1, 3]);
  });

  it('FROM, TO, CC on the address, case-insensitively; empty first', () => {
    expect(uids(sortMessages(box, by('FROM')))).toEqual([3, 2, 4, 1]);
    expect(uids(sortMessages(box, by('TO')))).toEqual([3, 2, 4, 1]);
    expect(uids(sortMessages(box, by('CC')))).toEqual([1, 4, 3, 2]);
  });

  it('DISPLAYFROM, DISPLAYTO on the display name, else the address', () => {
    // values: 1 Xavier, 2 Bob, 3 bob, 4 bob
    expect(uids(sortMessages(box, by('DISPLAYFROM')))).toEqual([2, 3, 4, 1]);
    // values: 1 Zed, 2 Zoe, 3 '', 4 Amy
    expect(uids(sortMessages(box, by('DISPLAYTO')))).toEqual([3, 4, 1, 2]);
  });

  it('REVERSE reverses one criterion, never the implicit sequence order', () => {
    expect(uids(sortMessages(box, by('-SIZE')))).toEqual([1, 3, 2, 4]);
    expect(uids(sortMessages(box, by('-SUBJECT')))).toEqual([3, 1, 2, 4]);
    expect(uids(sortMessages(box, by('SUBJECT', '-DATE')))).toEqual([4, 2, 1, 3]);
    expect(uids(sortMessages(box, by('-FROM', 'SIZE')))).toEqual([1, 2, 4, 3]);
  });

  it('sorts 10,000 messages well under a second', () => {
    const many = Array.from({ length: 10_000 }, (_, i) =>
      msg(i + 1, { subject: `Re: topic ${(i * 7919) % 1000} ü`, date: (i * 104729) % 5000, from: `user${i % 97}@x` }),
    );
    const started = performance.now();
    const sorted = sortMessages(many, by('SUBJECT', '-DATE', 'FROM'));
    sortMessages(many, by('DISPLAYFROM', 'ARRIVAL'));
    const ms = performance.now() - started;
    expect(sorted).toHaveLength(10_000);
    expect(ms).toBeLessThan(1000);
  });
});

describe('THREAD response syntax (RFC 5256 §4)', () => {
  const n = (uid: number | null, ...children: ThreadNode[]): ThreadNode => ({ uid, children });
  it('writes chains flat, splits nested, dummies as bare lists', () => {
    const tree = [n(2), n(3, n(6, n(4, n(23)), n(44, n(7, n(96)))))];
    expect(formatThreads(tree, (u) => u)).toBe('(2)(3 6 (4 23)(44 7 96))');
    expect(formatThreads([n(null, n(3), n(5))], (u) => u)).toBe('((3)(5))');
    expect(formatThreads([n(1, n(2), n(3), n(4))], (u) => u)).toBe('(1 (2)(3)(4))');
    expect(formatThreads([n(null, n(1, n(2)), n(3))], (u) => u * 10)).toBe('((10 20)(30))');
    expect(formatThreads([], (u) => u)).toBe('');
  });
});

describe('THREAD=ORDEREDSUBJECT', () => {
  it('groups by base subject, orders by sent date, no grandchildren', () => {
    const box = [
      msg(1, { subject: 'b', date: 1 }),
      msg(2, { subject: 'a', date: 2 }),
      msg(3, { subject: 'Re: A', date: 3 }),
      msg(4, { subject: 're: b', date: 0 }),
      msg(5, { subject: '[list] a', date: 4 }),
      msg(6, { subject: 'c', date: 9 }),
      msg(7, { subject: 'Fwd: c', date: 9 }),
    ];
    expect(ordered(box)).toBe('(4 1)(2 (3)(5))(6 7)');
  });

  it('uses the internal date when there is no Date:, and sequence order on ties', () => {
    const box = [msg(1, { subject: 'x', date: 5 }), msg(2, { subject: 'y', date: null, arrival: 5 }), msg(3, { subject: 'z', date: 1 })];
    expect(ordered(box)).toBe('(3)(1)(2)');
  });

  it('puts messages without a subject in one thread', () => {
    expect(ordered([msg(1, { subject: '' }), msg(2, { subject: 'Re:' }), msg(3, { subject: 'x' })])).toBe('(1 2)(3)');
  });

  it('answers nothing for no messages', () => {
    expect(ordered([])).toBe('');
  });
});

describe('THREAD=REFERENCES', () => {
  it('links a chain through References', () => {
    const box = [
      msg(1, { subject: 'a' }),
      msg(2, { subject: 'b', refs: [id(1)] }),
      msg(3, { subject: 'c', refs: [id(1), id(2)] }),
    ];
    expect(refs(box)).toBe('(1 2 3)');
  });

  it('splits into sub-threads sorted by sent date', () => {
    const box = [
      msg(1, { subject: 'a', date: 1 }),
      msg(2, { subject: 'b', refs: [id(1)], date: 9 }),
      msg(3, { subject: 'c', refs: [id(1)], date: 5 }),
      msg(4, { subject: 'd', refs: [id(1), id(3)], date: 6 }),
    ];
    expect(refs(box)).toBe('(1 (3 4)(2))');
  });

  it('uses the first valid In-Reply-To id when References has none', () => {
    const box = [
      msg(1, { subject: 'a' }),
      msg(2, { subject: 'b' }),
      msg(3, { subject: 'c', irt: `${id(2)} (sent by) someone@example.com ${id(1)}` }),
      msg(4, { subject: 'd', refs: ['garbage', '<no-at-sign>'], irt: id(1) }),
      msg(5, { subject: 'e', refs: [id(2)], irt: id(1) }),
    ];
    expect(refs(box)).toBe('(1 4)(2 (3)(5))');
  });

  it('normalises quoting in Message-IDs and compares case-sensitively', () => {
    expect(normaliseMessageId('<"01KF8JCEOCBS0045PS"@xxx.yyy.com>')).toBe('01KF8JCEOCBS0045PS@xxx.yyy.com');
    expect(normaliseMessageId(' <01KF8JCEOCBS0045PS@xxx.yyy.com> ')).toBe('01KF8JCEOCBS0045PS@xxx.yyy.com');
    expect(normaliseMessageId('<"a\\"b"@x>')).toBe('a"b@x');
    expect(normaliseMessageId('<a (comment) @x>')).toBe('a@x');
    expect(normaliseMessageId('<abc>')).toBeNull();
    expect(normaliseMessageId('<@x>')).toBeNull();
    const box = [
      msg(1, { subject: 'a', id: '<"01KF8JCEOCBS0045PS"@xxx.yyy.com>' }),
      msg(2, { subject: 'b', refs: ['<01KF8JCEOCBS0045PS@xxx.yyy.com>'] }),
      msg(3, { subject: 'c', refs: ['<01kf8jceocbs0045ps@xxx.yyy.com>'] }),
    ];
    expect(refs(box)).toBe('(1 2)(3)');
  });

  it('keeps a dummy parent with several children at the top level', () => {
    // RFC 5256 §4: "* THREAD ((3)(5))", 3 and 5 siblings of a missing parent
    const box = [msg(1, { subject: 'x' }), msg(3, { subject: 'p', refs: [id('gone')] }), msg(5, { subject: 'q', refs: [id('gone')] })];
    expect(refs(box)).toBe('(1)((3)(5))');
  });

  it('prunes a dummy with one child at the top and dummies below the top', () => {
    const box = [
      msg(1, { subject: 'a' }),
      msg(2, { subject: 'b', refs: [id('gone')] }),
      msg(3, { subject: 'c', refs: [id(1), id('gone2'), id('gone3')] }),
      msg(4, { subject: 'd', refs: [id(1), id('gone2')] }),
    ];
    // gone2 (under 1) has children gone3 -> 3 and 4: spliced into 1's children
    expect(refs(box)).toBe('(1 (3)(4))(2)');
  });

  it('prunes below a top-level dummy before deciding whether it stays', () => {
    const box = [
      msg(1, { subject: 'a', refs: [id('D'), id('E'), id(2)] }), // D -> E -> 2 -> 1
      msg(2, { subject: 'b', refs: [id('Z')] }), // 2 moves under Z: E is left childless
      msg(3, { subject: 'c', refs: [id('D')] }), // D -> {E, 3}
    ];
    // E goes, then D has one child and is replaced by it; Z likewise by 2
    const threads = threadReferences(box);
    expect(threads.map((t) => t.uid)).toEqual([2, 3]);
    expect(formatThreads(threads, (u) => u)).toBe('(2 1)(3)');
  });

  it('drops dummies without children', () => {
    const box = [msg(1, { subject: 'a', refs: [id('x'), id('y')] }), msg(2, { subject: 'b', refs: [id('x')] })];
    // x -> y -> 1 and x -> 2: x keeps two children (y promoted away: y -> 1 becomes x -> 1)
    expect(refs(box)).toBe('((1)(2))');
  });

  it('never makes a loop', () => {
    const box = [
      msg(1, { subject: 'a', refs: [id(2)] }),
      msg(2, { subject: 'b', refs: [id(1)] }), // 1 is already 2's child: no link
      msg(3, { subject: 'c', refs: [id(3)] }), // refers to itself
      msg(4, { subject: 'd', refs: [id(5), id(4), id(5)] }),
      msg(5, { subject: 'e' }),
    ];
    expect(refs(box)).toBe('(2 1)(3)(5 4)');
  });

  it('does not change a parent set by an earlier reference chain', () => {
    const box = [
      msg(1, { subject: 'a' }),
      msg(2, { subject: 'b', refs: [id(1)] }),
      msg(3, { subject: 'c', refs: [id('other'), id(2)] }), // 2 keeps parent 1
    ];
    expect(refs(box)).toBe('(1 2 3)');
  });

  it("replaces a parent guessed from someone else's References with the message's own", () => {
    const box = [
      msg(1, { subject: 'a' }),
      msg(2, { subject: 'b', refs: [id(1), id(3)] }), // makes 1 the parent of (not yet seen) 3
      msg(3, { subject: 'c', refs: [id('z')] }), // 3 says its parent is z
    ];
    expect(refs(box)).toBe('(1)(3 2)');
  });

  it('gives duplicate and missing Message-IDs unique ids', () => {
    const box = [
      msg(1, { subject: 'a', id: id('dup') }),
      msg(2, { subject: 'b', id: id('dup') }),
      msg(3, { subject: 'c', refs: [id('dup')] }),
      msg(4, { subject: 'd', id: null }),
      msg(5, { subject: 'e', id: 'not an id' }),
      msg(6, { subject: 'f', refs: ['not an id'] }),
    ];
    expect(refs(box)).toBe('(1 3)(2)(4)(5)(6)');
  });

  it('sorts the top level by sent date, a dummy by its first child', () => {
    const box = [
      msg(1, { subject: 'a', date: 50 }),
      msg(2, { subject: 'b', date: 10, refs: [id('gone')] }),
      msg(3, { subject: 'c', date: 5, refs: [id('gone')] }),
      msg(4, { subject: 'd', date: null, arrival: 7 }),
      msg(5, { subject: 'e', date: 7 }),
    ];
    expect(refs(box)).toBe('((3)(2))(4)(5)(1)');
  });

  describe('subject grouping (step 5)', () => {
    it('makes a reply by subject a child of the original', () => {
      expect(refs([msg(1, { subject: 'Hello' }), msg(2, { subject: 're: HELLO' })])).toBe('(1 2)');
      expect(refs([msg(1, { subject: 'Hello' }), msg(2, { subject: '[Fwd: hello]' })])).toBe('(1 2)');
      expect(refs([msg(1, { subject: 'Hello' }), msg(2, { subject: 'hello (fwd)' })])).toBe('(1 2)');
    });

    it('prefers the non-reply as the thread head even when it is later', () => {
      expect(refs([msg(1, { subject: 'Re: hello' }), msg(2, { subject: 'hello' })])).toBe('(2 1)');
    });

    it('puts two non-replies (or two replies) under a new dummy', () => {
      expect(refs([msg(1, { subject: 'hello' }), msg(2, { subject: 'hello' })])).toBe('((1)(2))');
      expect(refs([msg(1, { subject: 'Re: hello' }), msg(2, { subject: 'Fwd: hello' })])).toBe('((1)(2))');
      expect(refs([msg(1, { subject: 'hello' }), msg(2, { subject: 'hello' }), msg(3, { subject: 'Re: hello' })])).toBe(
        '((1)(2)(3))',
      );
    });

    it('a blob alone is no reply marker', () => {
      expect(refs([msg(1, { subject: 'hello' }), msg(2, { subject: '[list] hello' })])).toBe('((1)(2))');
    });

    it('joins a message to a dummy of the same subject, and two dummies into one', () => {
      const box = [
        msg(1, { subject: 'topic', refs: [id('gone')] }),
        msg(2, { subject: 'Re: topic', refs: [id('gone')] }),
        msg(3, { subject: 'topic' }),
        msg(4, { subject: 'Re: topic', refs: [id('lost')] }),
        msg(5, { subject: 'x', refs: [id('lost')] }),
      ];
      // dummy(gone){1,2} heads "topic"; 3 joins it; dummy(lost){4,5} has subject of 4 -> merged
      expect(refs(box)).toBe('((1)(2)(3)(4)(5))');
    });

    it('merges whole threads, keeping their replies below', () => {
      const box = [
        msg(1, { subject: 'plan', date: 1 }),
        msg(2, { subject: 'Re: plan', date: 2, refs: [id(1)] }),
        msg(3, { subject: 'Re: plan', date: 3, refs: [id('elsewhere')] }),
        msg(4, { subject: 'Re: plan', date: 4, refs: [id(3)] }),
      ];
      // 3 has a one-child dummy parent (pruned): thread 3 -> 4 is a reply thread, joins 1
      expect(refs(box)).toBe('(1 (2)(3 4))');
    });

    it('leaves empty subjects alone', () => {
      expect(refs([msg(1, { subject: '' }), msg(2, { subject: 'Re: ' }), msg(3, { subject: '' })])).toBe('(1)(2)(3)');
    });
  });

  it('handles threads thousands of messages deep without recursion', () => {
    // a 20,000-message reply chain (In-Reply-To only): one thread, written flat
    const chain = Array.from({ length: 20_000 }, (_, i) => msg(i + 1, { subject: 'deep', irt: i ? id(i) : null }));
    let started = performance.now();
    const flat = refs(chain);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(flat).toBe(`(${chain.map((f) => f.uid).join(' ')})`);
    // a chain where every message also has a leaf reply: 6,000 levels of nesting
    const branchy: SortFields[] = [];
    for (let i = 1; i <= 6000; i++) {
      branchy.push(msg(2 * i - 1, { subject: 's', id: id(`c${i}`), irt: i > 1 ? id(`c${i - 1}`) : null, date: 2 * i }));
      branchy.push(msg(2 * i, { subject: 's', id: id(`l${i}`), irt: id(`c${i}`), date: 2 * i + 1 }));
    }
    started = performance.now();
    const nested = refs(branchy);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(nested.startsWith('(1 (2)(3 (4)(5 (6)(7 ')).toBe(true);
    expect(nested.endsWith(`(${11_999} ${12_000})${')'.repeat(5999)}`)).toBe(true);
  });

  it('merges 10,000 unrelated messages of one subject under one dummy quickly', () => {
    const same = Array.from({ length: 10_000 }, (_, i) => msg(i + 1, { subject: i % 2 ? 'Re: same' : 'same' }));
    const started = performance.now();
    const out = refs(same);
    expect(performance.now() - started).toBeLessThan(1000);
    // 2 (a reply) goes under 1; 3 and 1 (neither a reply) get a new dummy; 4 on join it
    expect(out).toBe(`((1 2)${same.slice(2).map((f) => `(${f.uid})`).join('')})`);
  });

  it('stays fast when long References lists point back and forth along a deep chain (loop checks)', () => {
    // A 10,000-message reply chain, then 100 messages whose References alternate the tip and
    // the root of that chain 1,000 times: each (tip, root) link would make a loop, and finding
    // that out by walking up from the tip every time cost 10,000 steps per pair.
    const box = Array.from({ length: 10_000 }, (_, i) => msg(i + 1, { subject: 'deep', irt: i ? id(i) : null }));
    const back: string[] = [];
    for (let j = 0; j < 1000; j++) back.push(id(10_000), id(1));
    for (let k = 1; k <= 100; k++) box.push(msg(10_000 + k, { subject: 'deep', refs: back }));
    const started = performance.now();
    const out = refs(box);
    expect(performance.now() - started).toBeLessThan(1000);
    // the chain hangs under 1, and so does each of the 100 (their last reference is 1)
    const others = Array.from({ length: 100 }, (_, k) => `(${10_001 + k})`).join('');
    expect(out).toBe(`(1 (${box.slice(1, 10_000).map((f) => f.uid).join(' ')})${others})`);
  });

  it('threads 10,000 messages with long reference chains quickly', () => {
    const box: SortFields[] = [];
    for (let i = 1; i <= 10_000; i++) {
      const root = i - ((i - 1) % 50);
      const chain: string[] = [];
      for (let j = root; j < i; j++) chain.push(id(j));
      box.push(msg(i, { subject: i === root ? `thread ${root}` : `Re: thread ${root}`, refs: chain.slice(-20), date: i }));
    }
    const started = performance.now();
    const out = refs(box);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(out.startsWith('(1 2 3 4 5')).toBe(true);
    expect(out.match(/^\(|\)\(/g)).toHaveLength(200);
  });
});
