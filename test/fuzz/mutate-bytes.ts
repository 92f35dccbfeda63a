// libFuzzer-style mutations of a fuzzer input (cases.ts decodes it): flips, inserts,
// deletions, splices with another input, and grammar keywords dropped in.
import type { Random } from './generate.js';

export function mutateBytes(input: Buffer, random: Random, other: Buffer, keywords: readonly string[]): Buffer {
  const bytes = [...input];
  const rounds = 1 + random.below(4);
  for (let r = 0; r < rounds; r++) {
    const at = random.below(bytes.length + 1);
    switch (random.below(8)) {
      case 0:
        if (bytes.length) bytes[at % bytes.length]! ^= 1 << random.below(8);
        break;
      case 1:
        bytes.splice(at, 0, random.below(256));
        break;
      case 2:
        bytes.splice(at, 1 + random.below(8));
        break;
      case 3: {
        const word = random.pick(keywords);
        bytes.splice(at, 0, ...Buffer.from(random.chance(0.5) ? ` ${word} ` : word, 'latin1'));
        break;
      }
      case 4: {
        const from = random.below(other.length + 1);
        bytes.splice(at, 0, ...other.subarray(from, from + 1 + random.below(64)));
        break;
      }
      case 5:
        bytes.splice(at, 0, ...Buffer.from(random.pick(['\r\n', '{5}\r\n', '{0+}\r\n', '~{3}\r\n', ' (', ')', '"', '\\', '\0', '*', '1:*', '$'])));
        break;
      case 6:
        // the head: state, mode and seed
        bytes[random.below(Math.min(6, bytes.length || 1))] = random.below(256);
        break;
      default: {
        const from = random.below(bytes.length + 1);
        bytes.splice(at, 0, ...bytes.slice(from, from + 1 + random.below(32)));
      }
    }
  }
  return Buffer.from(bytes.slice(0, 8192));
}
