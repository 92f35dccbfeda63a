// The byte-offset MIME tree, built once at APPEND. It works on the stored Buffer (bodies are
// never turned into strings) and follows Dovecot's message-parser where RFC 2045/2046 leave room:
//  - a boundary line is "--" + a known boundary as a *prefix* of the line, innermost boundary
//    first, longest match wins; the [CR]LF before it belongs to the boundary;
//  - a boundary line also ends the header of a part being read, and every part nested inside;
//  - no close delimiter: the part runs on to the next outer boundary or the end of the data;
//  - multipart without a usable boundary parameter: no children (BODYSTRUCTURE then shows one
//    empty text/plain part, as Dovecot does);
//  - Content-* fields count only in MIME entities (the top-level header needs Mime-Version or
//    Content-Type; parts of a multipart always are); no Content-Type means text/plain, or
//    message/rfc822 inside multipart/digest;
//  - nesting deeper than 100 levels, or more than 10,000 parts, turns the rest into opaque leaves.
import type { MimePart, ParsedMessage } from './types.js';
import { readHeader, type HeaderBlock } from './header.js';
import { readContentHeaders } from './content-headers.js';
import { buildEnvelope, emptyEnvelope } from './envelope.js';
import { paramValue } from './params.js';
import { asciiLower } from './text.js';
import { buildIndex } from './index-fields.js';

export const MAX_NESTING = 100;
export const MAX_PARTS = 10_000;
/** Dovecot keeps at most 80 characters of a boundary; the prefix rule makes that enough. */
const MAX_BOUNDARY = 80;

const LF = 10;
const CR = 13;
const DASH = 45;
const NL_DASH_DASH = Buffer.from('\n--', 'latin1');

interface Boundary {
  text: Buffer;
  owner: MimePart;
}

/** A boundary line that ended an entity. */
interface Hit {
  /** Where the entity before the line ends: at the [CR]LF before the "--". */
  cut: number;
  /** Just past the boundary line's LF (or the end of the data). */
  next: number;
  boundary: Boundary;
  close: boolean;
}

interface Result {
  part: MimePart;
  hit: Hit | null;
}

/** Index of the first element >= value in a sorted array. */
function lowerBound(sorted: number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

class TreeParser {
  private active: Boundary[] = [];
  private parts = 0;

  constructor(private readonly data: Buffer) {}

  /** Which active boundary, if any, the line at `pos` is. */
  private boundaryAt(pos: number): { boundary: Boundary; close: boolean } | null {
    const data = this.data;
    if (this.active.length === 0 || data[pos] !== DASH || data[pos + 1] !== DASH) return null;
    const from = pos + 2;
    const lf = data.indexOf(LF, from);
    let size: number;
    if (lf >= 0) {
      size = lf - from;
      if (size > 0 && data[from + size - 1] === CR) size--;
      if (size > 2 && data[from + size - 1] === DASH && data[from + size - 2] === DASH) size -= 2;
    } else size = Math.min(data.length - from, MAX_BOUNDARY + 4);
    let best: Boundary | null = null;
    for (let i = this.active.length - 1; i >= 0; i--) {
      const b = this.active[i]!;
      const len = b.text.length;
      if (len <= size && (best === null || best.text.length < len) && data.compare(b.text, 0, len, from, from + len) === 0) {
        best = b;
        if (len === size) break;
      }
    }
    if (best === null) return null;
    const after = from + best.text.length;
    const close = after + 2 <= data.length && data[after] === DASH && data[after + 1] === DASH;
    return { boundary: best, close };
  }

  private lineEnd(pos: number): number {
    const lf = this.data.indexOf(LF, pos);
    return lf < 0 ? this.data.length : lf + 1;
  }

  /** The next boundary line at or after `from` (a line start), or null. */
  private nextBoundary(from: number): Hit | null {
    if (this.active.length === 0) return null;
    const data = this.data;
    const first = this.boundaryAt(from);
    if (first !== null) return { cut: from, next: this.lineEnd(from), ...first };
    let p = from;
    for (;;) {
      const nl = data.indexOf(NL_DASH_DASH, p);
      if (nl < 0) return null;
      const found = this.boundaryAt(nl + 1);
      if (found !== null) {
        const cut = nl > from && data[nl - 1] === CR ? nl - 1 : nl;
        return { cut, next: this.lineEnd(nl + 1), ...found };
      }
      p = nl + 1;
    }
  }

  /** Drops `b` and every boundary nested inside it (keeping `b` itself when `keep`). */
  private unwindTo(b: Boundary, keep: boolean): void {
    const i = this.active.indexOf(b);
    if (i >= 0) this.active.length = keep ? i + 1 : i;
  }

  /** Offsets of every LF, gathered once, so that nested parts do not recount the same bytes. */
  private lfs: number[] | null = null;

  private countLines(start: number, end: number): number {
    if (this.lfs === null) {
      const lfs: number[] = [];
      for (let p = this.data.indexOf(LF); p >= 0; p = this.data.indexOf(LF, p + 1)) lfs.push(p);
      this.lfs = lfs;
    }
    return lowerBound(this.lfs, end) - lowerBound(this.lfs, start);
  }

  entity(start: number, depth: number, inMultipart: boolean, inDigest: boolean): Result & { header: HeaderBlock } {
    const data = this.data;
    this.parts++;
    const overflow = this.parts >= MAX_PARTS;
    if (overflow) this.active = []; // Dovecot: the last part allowed takes everything that is left
    const header = readHeader(data, start, this.active.length > 0 ? (pos) => this.boundaryAt(pos) !== null : null);
    const ch = readContentHeaders(data, header);
    const isMime = inMultipart || ch.hasMimeVersion || ch.contentType !== null;

    const part = plainPart(start, header.end, header.bodyStart);
    let kind: 'leaf' | 'multipart' | 'message' = 'leaf';
    if (isMime && ch.contentType !== null) {
      const ct = ch.contentType;
      const slash = ct.indexOf('/');
      const sentType = slash < 0 ? ct : ct.slice(0, slash);
      const sentSubtype = slash < 0 ? '' : ct.slice(slash + 1);
      part.type = asciiLower(sentType);
      part.subtype = asciiLower(sentSubtype);
      if (sentType !== part.type) part.sentType = sentType;
      if (sentSubtype !== part.subtype) part.sentSubtype = sentSubtype;
      part.params = ch.params;
      if (part.type === 'multipart' && slash >= 0) kind = 'multipart';
      else if (part.type === 'message' && (part.subtype === 'rfc822' || part.subtype === 'global')) kind = 'message';
    } else if (inDigest) {
      part.type = 'message';
      part.subtype = 'rfc822';
      kind = 'message';
    }
    if (isMime) {
      if (ch.encoding !== null) part.encoding = ch.encoding;
      part.id = ch.id;
      part.description = ch.description;
      part.md5 = ch.md5;
      part.disposition = ch.disposition;
      part.language = ch.language;
      part.location = ch.location;
    }
    // Too deep, or too many parts: an opaque leaf (Dovecot keeps its Content-Type as written).
    if (overflow || depth + 1 >= MAX_NESTING) kind = 'leaf';

    if (header.eohStart >= 0 && this.active.length > 0 && this.stealsEmptyLine(header.end, kind === 'multipart' ? part : null)) {
      // The body is empty and an enclosing boundary follows at once: Dovecot gives the empty
      // line's newline to that boundary, so the header ends before it.
      header.boundaryLine = header.end;
      header.end = header.bodyStart = header.eohStart;
      part.headerEnd = part.bodyStart = header.end;
    }

    let hit: Hit | null;
    if (header.boundaryLine >= 0) {
      // The header was cut short by a boundary line: the body is empty.
      const found = this.nextBoundary(header.boundaryLine);
      hit = found === null ? null : { ...found, cut: header.end };
      if (kind === 'multipart') part.parts = [];
      else if (kind === 'message') {
        const inner = this.emptyEntity(part.bodyStart);
        part.message = { envelope: emptyEnvelope(), root: inner };
      }
    } else if (kind === 'multipart') {
      hit = this.multipartBody(part, depth);
    } else if (kind === 'message') {
      const inner = this.entity(part.bodyStart, depth + 1, false, false);
      part.message = { envelope: buildEnvelope(data, inner.header), root: inner.part };
      hit = inner.hit;
      // When the boundary cut the encapsulated header short, the newline taken from that header
      // stays in this part's body (Dovecot counts it in the message/rfc822 size and lines).
      if (hit !== null && inner.header.boundaryLine >= 0) hit = { ...hit, cut: inner.header.boundaryLine };
    } else {
      hit = this.nextBoundary(part.bodyStart);
    }
    part.bodyEnd = hit === null ? data.length : Math.max(hit.cut, part.bodyStart);
    part.size = part.bodyEnd - part.bodyStart;
    if (part.type === 'text' || part.message !== undefined || (part.type === 'message' && part.subtype === 'rfc822')) {
      part.lines = this.countLines(part.bodyStart, part.bodyEnd);
    }
    return { part, hit, header };
  }

  /**
   * Whether the line right after a header is an enclosing boundary. A multipart's own boundary
   * takes part in the match (longest prefix wins) but never counts, as in Dovecot.
   */
  private stealsEmptyLine(pos: number, multipart: MimePart | null): boolean {
    const boundary = multipart === null ? null : paramValue(multipart.params, 'boundary');
    if (boundary === null) return this.boundaryAt(pos) !== null;
    const own: Boundary = { text: Buffer.from(boundary.slice(0, MAX_BOUNDARY), 'utf8'), owner: multipart! };
    this.active.push(own);
    const found = this.boundaryAt(pos);
    this.active.pop();
    return found !== null && found.boundary !== own;
  }

  private emptyEntity(at: number): MimePart {
    return plainPart(at, at, at);
  }


  private multipartBody(part: MimePart, depth: number): Hit | null {
    part.parts = [];
    const boundary = paramValue(part.params, 'boundary');
    if (boundary === null) return this.nextBoundary(part.bodyStart);
    const own: Boundary = { text: Buffer.from(boundary.slice(0, MAX_BOUNDARY), 'utf8'), owner: part };
    this.active.push(own);
    const digest = part.subtype === 'digest';
    let hit = this.nextBoundary(part.bodyStart); // skips the preamble
    for (;;) {
      if (hit === null || hit.boundary.owner !== part) {
        // End of the data, or an outer boundary: this multipart ends here too.
        const i = this.active.indexOf(own);
        if (i >= 0 && hit === null) this.active.length = i;
        return hit;
      }
      if (hit.close) {
        this.unwindTo(own, false);
        hit = this.nextBoundary(hit.next); // the epilogue runs to an outer boundary or the end
        continue;
      }
      this.unwindTo(own, true);
      const child = this.entity(hit.next, depth + 1, true, digest);
      part.parts.push(child.part);
      hit = child.hit;
    }
  }
}

/** Parses a stored message: MIME tree, ENVELOPE and the decoded index fields. Never throws on content. */
export function parseMessage(data: Buffer): ParsedMessage {
  const parser = new TreeParser(data);
  const { part: root, header } = parser.entity(0, 0, false, false);
  const envelope = buildEnvelope(data, header);
  return { root, envelope, index: buildIndex(data, root, header) };
}

/** Just the tree (no envelope, no index), for callers that need offsets only. */
export function parseTree(data: Buffer): MimePart {
  return new TreeParser(data).entity(0, 0, false, false).part;
}

/** An empty text/plain part with no extension fields: what a part is until its header says more. */
function plainPart(headerStart: number, headerEnd: number, bodyStart: number): MimePart {
  return {
    headerStart,
    headerEnd,
    bodyStart,
    bodyEnd: bodyStart,
    type: 'text',
    subtype: 'plain',
    params: [],
    id: null,
    description: null,
    encoding: '7bit',
    size: 0,
    lines: 0,
    md5: null,
    disposition: null,
    language: null,
    location: null,
  };
}
