// THREAD (RFC 5256 §3): the ORDEREDSUBJECT and REFERENCES algorithms over the store's sort
// fields, and the THREAD response syntax (RFC 5256 §5 thread-list).
//
// The input is in mailbox order (ascending UID, which is sequence number order), so "the
// order in which the messages appear in the mailbox" and "lowest sequence number" are input
// order; the caller maps UIDs to sequence numbers when it formats the answer.
import type { SortFields } from '../store/types.js';
import { collationKey, compareCodePoints, sentDate } from './sort.js';

/** A thread tree node: a message, or a dummy (uid null) standing for a missing parent. */
export interface ThreadNode {
  uid: number | null;
  children: ThreadNode[];
}

// --- ORDEREDSUBJECT ---

/**
 * RFC 5256 ORDEREDSUBJECT: sort by base subject then sent date; each run of one base subject
 * is a thread whose first message is the root and all others its children; threads are
 * ordered by the sent date of their first message.
 */
export function threadOrderedSubject(fields: readonly SortFields[]): ThreadNode[] {
  const items = fields.map((f, index) => ({ f, index, subject: collationKey(f.baseSubject), date: sentDate(f) }));
  items.sort((a, b) => compareCodePoints(a.subject, b.subject) || a.date - b.date || a.index - b.index);
  const threads: Array<{ date: number; index: number; node: ThreadNode }> = [];
  let current: ThreadNode | null = null;
  let subject: string | null = null;
  for (const item of items) {
    const node: ThreadNode = { uid: item.f.uid, children: [] };
    if (current && item.subject === subject) {
      current.children.push(node);
    } else {
      current = node;
      subject = item.subject;
      threads.push({ date: item.date, index: item.index, node });
    }
  }
  threads.sort((a, b) => a.date - b.date || a.index - b.index);
  return threads.map((t) => t.node);
}

// --- REFERENCES ---

interface Container {
  /** The message, or null for a dummy. */
  msg: SortFields | null;
  /** Position in the input (mailbox order); for dummies, meaningless. */
  index: number;
  parent: Container | null;
  children: Container[];
}

/**
 * A Message-ID normalised so that quoting does not matter (RFC 5256: `<"a b"@x>` and
 * `<a b@x>` are the same): the text between the angle brackets with comments and folding
 * white space outside quotes removed, quoted-pairs and quotes undone. Null if it is not a
 * valid msg-id (no "@" with text on both sides). Comparisons stay case-sensitive.
 */
export function normaliseMessageId(raw: string): string | null {
  let text = raw.trim();
  if (text.startsWith('<')) {
    const end = text.indexOf('>');
    if (end < 0) return null;
    text = text.slice(1, end);
  } else if (text.includes('<') || text.includes('>')) {
    return null;
  }
  let out = '';
  let quoted = false;
  let comment = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && (quoted || comment > 0) && i + 1 < text.length) {
      if (comment === 0) out += text[i + 1];
      i++;
    } else if (comment > 0) {
      if (c === '(') comment++;
      else if (c === ')') comment--;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (quoted) {
      out += c;
    } else if (c === '(') {
      comment = 1;
    } else if (c !== ' ' && c !== '\t' && c !== '\r' && c !== '\n') {
      out += c;
    }
  }
  const at = out.lastIndexOf('@');
  return at > 0 && at < out.length - 1 ? out : null;
}

/** A msg-id with nothing to normalise: `<left@right>` without quotes, comments or spaces. */
const PLAIN_ID = /^<[^<>"\\()\s@]+@[^<>"\\()\s]+>$/;
/** Already bare: `left@right`. */
const BARE_ID = /^[^<>"\\()\s@]+@[^<>"\\()\s]+$/;

/** The msg-ids in a header value, in order: every `<...>` that holds a valid one. */
function messageIdsIn(text: string): string[] {
  if (PLAIN_ID.test(text)) return [text.slice(1, -1)];
  if (BARE_ID.test(text)) return [text];
  const out: string[] = [];
  const re = /<[^<>]*>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    const id = normaliseMessageId(m[0]);
    if (id) out.push(id);
  }
  // A bare id (the store may give ids without their brackets).
  if (out.length === 0 && !/[<>]/.test(text)) {
    const id = normaliseMessageId(text);
    if (id && !/\s/.test(id)) out.push(id);
  }
  return out;
}

/**
 * RFC 5256: the References ids if there is a valid one, else the first valid id of
 * In-Reply-To, else none.
 */
function referencesOf(f: SortFields): string[] {
  const refs: string[] = [];
  for (const r of f.references) {
    if (PLAIN_ID.test(r)) refs.push(r.slice(1, -1));
    else for (const id of messageIdsIn(r)) refs.push(id);
  }
  if (refs.length > 0) return refs;
  const first = f.inReplyTo === null ? undefined : messageIdsIn(f.inReplyTo)[0];
  return first === undefined ? [] : [first];
}

/** The tree below `top` (not `top` itself) in pre-order, without recursion. */
function preOrder(top: Container): Container[] {
  const out: Container[] = [];
  const stack = [...top.children].reverse();
  while (stack.length > 0) {
    const c = stack.pop()!;
    out.push(c);
    for (let i = c.children.length - 1; i >= 0; i--) stack.push(c.children[i]!);
  }
  return out;
}

function unlink(c: Container): void {
  const p = c.parent;
  if (!p) return;
  const i = p.children.indexOf(c);
  if (i >= 0) p.children.splice(i, 1);
  c.parent = null;
}

function link(parent: Container, child: Container): void {
  child.parent = parent;
  parent.children.push(child);
}

/** Sent date and mailbox position that a node sorts by; a dummy uses its first child. */
function sortPoint(c: Container): { date: number; index: number } {
  let n = c;
  while (!n.msg && n.children.length > 0) n = n.children[0]!;
  return n.msg ? { date: sentDate(n.msg), index: n.index } : { date: -Infinity, index: -1 };
}

function sortSiblings(list: Container[]): void {
  if (list.length < 2) return;
  const keyed = list.map((c) => ({ c, ...sortPoint(c) }));
  keyed.sort((a, b) => a.date - b.date || a.index - b.index);
  for (let i = 0; i < list.length; i++) list[i] = keyed[i]!.c;
}

/**
 * RFC 5256 REFERENCES, steps 1 to 6. `fields` must be in mailbox order. A message is "a
 * reply or forward" when its `replyOrForward` is set (src/mime/base-subject.ts).
 */
export function threadReferences(fields: readonly SortFields[]): ThreadNode[] {
  const byId = new Map<string, Container>();
  const all: Container[] = [];
  const container = (id: string): Container => {
    let c = byId.get(id);
    if (!c) {
      c = { msg: null, index: -1, parent: null, children: [] };
      byId.set(id, c);
      all.push(c);
    }
    return c;
  };

  // Known ancestors, so that the loop check does not walk a deep chain again for every
  // reference (a References list may name a deep message and its thread's root thousands of
  // times). Linking only adds ancestors, so an entry stays true until a link is cut.
  let above = new Map<Container, Container>();
  const topOf = (c: Container): Container => {
    const path: Container[] = [];
    let n = c;
    for (let up = above.get(n) ?? n.parent; up; up = above.get(n) ?? n.parent) {
      path.push(n);
      n = up;
    }
    for (const p of path) above.set(p, n);
    return n;
  };
  /** True if `a` is `top` or one of its descendants; `top` has no parent. */
  const isSelfOrDescendant = (a: Container, top: Container): boolean =>
    top.children.length === 0 ? a === top : topOf(a) === top; // the first: the usual case, O(1)

  // (1) For each message, in mailbox order.
  fields.forEach((f, index) => {
    // Its own container: by Message-ID, unless it has none that is valid or an earlier
    // message has it already; then a unique one (not in the map, so nothing refers to it).
    const ownId = f.messageId === null ? null : (messageIdsIn(f.messageId)[0] ?? null);
    let self = ownId === null ? undefined : byId.get(ownId);
    if (self && self.msg) self = undefined; // duplicate Message-ID
    if (!self) {
      self = { msg: null, index, parent: null, children: [] };
      all.push(self);
      if (ownId !== null && !byId.has(ownId)) byId.set(ownId, self);
    }
    self.msg = f;
    self.index = index;

    // (1)(A) Link the references to one another, first to last, never changing a parent
    // that is already there and never making a loop.
    const refs = referencesOf(f);
    for (let i = 0; i + 1 < refs.length; i++) {
      const parent = container(refs[i]!);
      const child = container(refs[i + 1]!);
      if (child.parent === null && !isSelfOrDescendant(parent, child)) link(parent, child);
    }

    // (1)(B) The last reference becomes the message's parent, replacing any parent it has.
    if (self.parent) above = new Map(); // a cut link: what was known of ancestors may be wrong
    unlink(self);
    if (refs.length > 0) {
      const parent = container(refs[refs.length - 1]!);
      if (!isSelfOrDescendant(parent, self)) link(parent, self);
    }
  });

  // (2) Everything without a parent goes under the root, in the order it was created.
  const root: Container = { msg: null, index: -1, parent: null, children: [] };
  for (const c of all) if (c.parent === null) link(root, c);

  // (3) Prune dummies.
  prune(root);

  // (4) Sort the top level by sent date; a dummy's children first, then it sorts by its first.
  for (const c of root.children) if (!c.msg) sortSiblings(c.children);
  sortSiblings(root.children);

  // (5) Gather threads of the same base subject.
  mergeBySubject(root);

  // (6) Sort every set of siblings, deepest first (reverse pre-order: children before parents).
  const nodes = preOrder(root);
  for (let i = nodes.length - 1; i >= 0; i--) sortSiblings(nodes[i]!.children);
  sortSiblings(root.children);

  return toNodes(root, preOrder(root));
}

/**
 * (3) Bottom-up (children before parents, so a dummy's children are pruned before it is
 * looked at): a dummy without children goes; a dummy with children is replaced by them,
 * except at the top level, where it stays if it has more than one child. Without recursion:
 * threads can be thousands of messages deep.
 */
function prune(root: Container): void {
  const nodes = [root, ...preOrder(root)]; // processed from the end: the root comes last
  for (let i = nodes.length - 1; i >= 0; i--) {
    const node = nodes[i]!;
    if (node.children.length === 0) continue;
    const top = node === root;
    const kept: Container[] = [];
    for (const c of node.children) {
      if (c.msg) {
        kept.push(c);
      } else if (c.children.length === 0) {
        c.parent = null;
      } else if (!top || c.children.length === 1) {
        for (const child of c.children) {
          child.parent = node;
          kept.push(child);
        }
        c.children = [];
        c.parent = null;
      } else {
        kept.push(c);
      }
    }
    node.children = kept;
  }
}

/** The thread subject (5.B.i): the base subject of the message, or of a dummy's first child. */
function threadSubject(c: Container): string {
  const m = c.msg ?? c.children[0]?.msg ?? null;
  return m ? collationKey(m.baseSubject) : '';
}

function mergeBySubject(root: Container): void {
  const top = root.children;
  const subjects = new Map<Container, string>();
  for (const c of top) subjects.set(c, threadSubject(c));

  // (5)(A)(B) One message per thread subject.
  const table = new Map<string, Container>();
  for (const c of top) {
    const subject = subjects.get(c)!;
    if (subject === '') continue;
    const t = table.get(subject);
    if (!t) {
      table.set(subject, c);
    } else if (t.msg && (!c.msg || (t.msg.replyOrForward && !c.msg.replyOrForward))) {
      table.set(subject, c);
    }
  }

  // (5)(C) Merge each top-level thread into the one in the table. A thread leaves the top
  // level by getting another parent; the top-level list is rebuilt once at the end.
  const added: Container[] = [];
  for (const c of top) {
    if (c.parent !== root) continue; // merged away already
    const subject = subjects.get(c)!;
    if (subject === '') continue;
    const t = table.get(subject)!;
    if (t === c) continue;
    if (!t.msg && !c.msg) {
      // Both dummies: c's children join t's, and c goes.
      for (const child of c.children) link(t, child);
      c.children = [];
      c.parent = null;
    } else if (!t.msg || (c.msg && c.msg.replyOrForward && !t.msg.replyOrForward)) {
      // t is a dummy (and c is not), or c is a reply or forward and t is not.
      c.parent = null;
      link(t, c);
    } else {
      // A new dummy takes t's place at the top, with t and c as its children.
      const dummy: Container = { msg: null, index: -1, parent: root, children: [] };
      added.push(dummy);
      t.parent = null;
      link(dummy, t);
      c.parent = null;
      link(dummy, c);
      table.set(subject, dummy);
    }
  }
  root.children = [...top.filter((c) => c.parent === root), ...added];
}

/** The containers as ThreadNodes; `nodes` is the tree in pre-order. */
function toNodes(root: Container, nodes: Container[]): ThreadNode[] {
  const made = new Map<Container, ThreadNode>();
  const out: ThreadNode[] = [];
  for (const c of nodes) {
    const node: ThreadNode = { uid: c.msg ? c.msg.uid : null, children: [] };
    made.set(c, node);
    if (c.parent === root) out.push(node);
    else made.get(c.parent!)!.children.push(node);
  }
  return out;
}

// --- the THREAD response ---

/**
 * The threads as RFC 5256 §5 `1*thread-list`: a chain of single children is written as one
 * list of numbers ("3 6"), a split as nested lists ("3 6 (4 23)(44 7 96)"), a dummy as just
 * its children's lists ("(3)(5)"). `numberOf` turns a UID into what the client gets
 * (sequence number or UID).
 */
export function formatThreads(threads: readonly ThreadNode[], numberOf: (uid: number) => number): string {
  // Without recursion: a thread can nest thousands of levels deep.
  const out: string[] = [];
  const work: Array<ThreadNode | string> = [...threads].reverse();
  while (work.length > 0) {
    const item = work.pop()!;
    if (typeof item === 'string') {
      out.push(item);
      continue;
    }
    out.push('(');
    let n = item;
    // A dummy with one child says nothing of its own (cannot happen after pruning; be safe).
    while (n.uid === null && n.children.length === 1) n = n.children[0]!;
    let numbers = 0;
    while (n.uid !== null) {
      out.push(numbers++ > 0 ? ` ${numberOf(n.uid)}` : String(numberOf(n.uid)));
      if (n.children.length !== 1) break;
      n = n.children[0]!;
    }
    work.push(')');
    if (n.children.length > 1 || (n.uid === null && n.children.length > 0)) {
      if (numbers > 0) out.push(' ');
      for (let i = n.children.length - 1; i >= 0; i--) work.push(n.children[i]!);
    }
  }
  return out.join('');
}
