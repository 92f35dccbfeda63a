// Turns fuzzer bytes into one case: a protocol state and the chunks of a client stream, raw
// or built from grammar/ by the generator and then damaged. The first bytes choose; the
// rest is the raw payload, so coverage-guided mutation still reaches every byte.
import { CommandGenerator, Random, mutate } from './generate.js';
import { STATES, type FuzzState } from './harness.js';

export interface FuzzCase {
  state: FuzzState;
  chunks: Buffer[];
}

let generator: CommandGenerator | undefined;

export function decodeCase(data: Buffer): FuzzCase {
  const state = STATES[(data[0] ?? 0) % STATES.length]!;
  const mode = (data[1] ?? 0) % 4;
  const seed = data.length >= 6 ? data.readUInt32LE(2) : 0;
  const payload = data.subarray(6);
  const random = new Random(seed);
  let stream: Buffer;
  if (mode === 0) {
    stream = payload;
  } else {
    generator ??= new CommandGenerator();
    const parts: Buffer[] = [];
    const commands = 1 + random.below(4);
    for (let i = 0; i < commands; i++) {
      const command = generator.generate(random, 'command', { maxDepth: 10, maxLiteral: 48 });
      parts.push(mode === 1 ? command : mutate(command, random));
    }
    if (mode === 3) parts.push(payload);
    stream = Buffer.concat(parts);
  }
  return { state, chunks: split(stream, random) };
}

/** Splits a stream as a network would: whole, in small pieces, or anywhere. */
function split(stream: Buffer, random: Random): Buffer[] {
  const chunks: Buffer[] = [];
  const most = random.pick([stream.length || 1, 1, 7, 64, 1024]);
  for (let at = 0; at < stream.length; ) {
    const size = 1 + random.below(most);
    chunks.push(stream.subarray(at, at + size));
    at += size;
  }
  return chunks;
}

/** A case as fuzzer bytes (for seeds): the state, the mode, the seed, the payload. */
export function encodeCase(state: number, mode: number, seed: number, payload: Buffer | string = ''): Buffer {
  const head = Buffer.alloc(6);
  head[0] = state;
  head[1] = mode;
  head.writeUInt32LE(seed >>> 0, 2);
  return Buffer.concat([head, Buffer.from(payload as string, 'latin1')]);
}
