// Shared helpers for the MIME tests: messages written with LF and sent as CRLF, wire to text.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Wire } from '../../src/protocol/encode.js';
import type { MimePart } from '../../src/mime/types.js';

/** A message written with "\n" line ends, as the CRLF bytes a client would APPEND. */
export const crlf = (text: string): Buffer => Buffer.from(text.replace(/\r?\n/g, '\r\n'), 'utf8');

/** Wire pieces joined into one string (literals' bytes as UTF-8). */
export const wireText = (pieces: readonly Wire[]): string => pieces.map((p) => (typeof p === 'string' ? p : p.toString('utf8'))).join('');

/** Every part of a tree, depth first, encapsulated messages included. */
export function allParts(root: MimePart): MimePart[] {
  const out: MimePart[] = [];
  const walk = (p: MimePart): void => {
    out.push(p);
    p.parts?.forEach(walk);
    if (p.message) walk(p.message.root);
  };
  walk(root);
  return out;
}

const corpusDir = join(import.meta.dirname, '../../fixtures/messages');

/** The fixture corpus: [file name, bytes]. */
export function corpus(): Array<[string, Buffer]> {
  if (!existsSync(corpusDir)) return [];
  return readdirSync(corpusDir)
    .filter((f) => f.endsWith('.eml'))
    .sort()
    .map((f) => [f, readFileSync(join(corpusDir, f))]);
}
