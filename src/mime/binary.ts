// BINARY[part] and BINARY.SIZE[part] (RFC 3516): a part with its Content-Transfer-Encoding undone.
import type { MimePart } from './types.js';
import { findPart } from './section.js';
import { decodeTransfer, transferKind } from './transfer-encoding.js';

export type BinaryResult =
  /** The decoded bytes; `hasNul` says whether they need a literal8 (RFC 3516 §4.3). */
  | { kind: 'data'; data: Buffer; hasNul: boolean }
  /** No such part: answer as BODY[] does for a missing section (Dovecot: an empty string). */
  | { kind: 'missing' }
  /** An encoding the server cannot undo: the command fails with NO [UNKNOWN-CTE]. */
  | { kind: 'unknown-cte'; encoding: string };

/**
 * Whether the part's own Content-Transfer-Encoding is an identity. A multipart's always is
 * (RFC 2045 §6.4 allows only 7bit, 8bit and binary there), so BINARY of a multipart is its
 * stored body: the encodings of the parts inside belong to those parts, not to it.
 */
function identity(part: MimePart): boolean {
  return part.parts !== undefined || transferKind(part.encoding) === 'identity';
}

/**
 * Decodes the part named by `numbers`. An empty list means the whole message: its header
 * followed by the decoded body.
 */
export function extractBinary(data: Buffer, root: MimePart, numbers: readonly number[]): BinaryResult {
  const part = numbers.length === 0 ? root : findPart(root, numbers);
  if (part === null) return { kind: 'missing' };
  const body = data.subarray(part.bodyStart, part.bodyEnd);
  const decoded = identity(part) ? body : decodeTransfer(body, part.encoding);
  if (decoded === null) return { kind: 'unknown-cte', encoding: part.encoding };
  const result = numbers.length === 0 ? (decoded === body ? data : Buffer.concat([data.subarray(part.headerStart, part.headerEnd), decoded])) : decoded;
  return { kind: 'data', data: result, hasNul: result.includes(0) };
}

/** BINARY.SIZE: the decoded size, or the same refusal BINARY would give. */
export function binarySize(data: Buffer, root: MimePart, numbers: readonly number[]): { kind: 'size'; size: number } | { kind: 'unknown-cte'; encoding: string } {
  const part = numbers.length === 0 ? root : findPart(root, numbers);
  if (part === null) return { kind: 'size', size: 0 };
  // No decoding needed: the size is known without touching the bytes.
  if (identity(part)) return { kind: 'size', size: numbers.length === 0 ? data.length : part.size };
  const r = extractBinary(data, root, numbers);
  return r.kind === 'data' ? { kind: 'size', size: r.data.length } : r.kind === 'missing' ? { kind: 'size', size: 0 } : r;
}
