// Grammar-aware generation of client input: random walks over the rules of grammar/ (the
// ABNF every test checks responses against) from `command`, with bounded depth, plus the
// byte-level damage hostile clients do (truncation, wrong literal counts, NULs, huge
// numbers, random bytes).
import { identifiers } from 'apg-lite';
import type { ApgGrammarObject } from 'apg-lite';
import { compileGrammar } from '../support/grammar.js';

/** A small seeded PRNG (mulberry32), so that every generated stream can be replayed. */
export class Random {
  private state: number;
  constructor(seed: number) {
    this.state = seed >>> 0;
  }
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

interface Opcode {
  type: number;
  children?: number[];
  index?: number;
  min?: number;
  max?: number | null;
  string?: number[];
}

interface Rule {
  name: string;
  lower: string;
  opcodes: Opcode[];
}

// apg.d.ts declares only the parser states; the opcode ids are there at run time.
const { ALT, CAT, REP, RNM, TRG, TBS, TLS } = identifiers as unknown as Record<'ALT' | 'CAT' | 'REP' | 'RNM' | 'TRG' | 'TBS' | 'TLS', number>;

export interface GenerateOptions {
  /** Rule nesting beyond which the generator takes the shortest way out. */
  maxDepth?: number;
  /** Largest literal it writes. */
  maxLiteral?: number;
}

export class CommandGenerator {
  private readonly rules: Rule[];
  private readonly byName = new Map<string, number>();
  /** Per rule, the least rule nesting any derivation of it needs (to end walks that went deep). */
  private readonly height: number[];

  constructor(grammar: ApgGrammarObject = compileGrammar().grammar) {
    this.rules = (grammar as unknown as { rules: Rule[] }).rules;
    this.rules.forEach((r, i) => this.byName.set(r.lower, i));
    this.height = this.rules.map(() => Infinity);
    for (let changed = true; changed; ) {
      changed = false;
      this.rules.forEach((rule, i) => {
        const h = this.opHeight(rule.opcodes, 0);
        if (h < this.height[i]!) {
          this.height[i] = h;
          changed = true;
        }
      });
    }
  }

  /** Every literal string the grammar holds (command names, keywords): a fuzzing dictionary. */
  keywords(): string[] {
    const words = new Set<string>();
    for (const rule of this.rules) {
      for (const op of rule.opcodes) {
        if ((op.type === TLS || op.type === TBS) && op.string && op.string.length > 1) {
          words.add(String.fromCharCode(...op.string).toUpperCase());
        }
      }
    }
    return [...words].sort();
  }

  /** One random derivation of `rule` (by default a whole command with its CRLF). */
  generate(random: Random, rule = 'command', options: GenerateOptions = {}): Buffer {
    const index = this.byName.get(rule.toLowerCase());
    if (index === undefined) throw new Error(`no rule ${rule} in grammar/`);
    const out: number[] = [];
    const walk = { random, out, maxDepth: options.maxDepth ?? 12, maxLiteral: options.maxLiteral ?? 64 };
    this.rule(index, 0, walk);
    return Buffer.from(out);
  }

  private opHeight(ops: Opcode[], at: number): number {
    const op = ops[at]!;
    switch (op.type) {
      case ALT:
        return Math.min(...op.children!.map((c) => this.opHeight(ops, c)));
      case CAT:
        return Math.max(0, ...op.children!.map((c) => this.opHeight(ops, c)));
      case REP:
        return op.min === 0 ? 0 : this.opHeight(ops, at + 1);
      case RNM:
        return 1 + this.height[op.index!]!;
      default:
        return 0;
    }
  }

  private rule(index: number, depth: number, w: Walk): void {
    const rule = this.rules[index]!;
    if (rule.lower === 'literal' || rule.lower === 'literal8') return this.literal(rule.lower === 'literal8', w);
    this.op(rule.opcodes, 0, depth + 1, w);
  }

  private op(ops: Opcode[], at: number, depth: number, w: Walk): void {
    const op = ops[at]!;
    const deep = depth > w.maxDepth;
    switch (op.type) {
      case ALT: {
        let choices = op.children!;
        if (deep) {
          const best = Math.min(...choices.map((c) => this.opHeight(ops, c)));
          choices = choices.filter((c) => this.opHeight(ops, c) === best);
        }
        return this.op(ops, w.random.pick(choices), depth, w);
      }
      case CAT:
        for (const c of op.children!) this.op(ops, c, depth, w);
        return;
      case REP: {
        const min = op.min ?? 0;
        const max = op.max ?? Infinity;
        const extra = deep ? 0 : w.random.below(Math.min(max - min, 4) + 1);
        for (let i = 0; i < min + extra; i++) this.op(ops, at + 1, depth, w);
        return;
      }
      case RNM:
        return this.rule(op.index!, depth, w);
      case TRG:
        w.out.push(op.min! + w.random.below(Math.min(op.max!, 0xff) - op.min! + 1));
        return;
      case TLS:
        for (const c of op.string!) w.out.push(w.random.chance(0.5) ? String.fromCharCode(c).toUpperCase().charCodeAt(0) : c);
        return;
      case TBS:
        w.out.push(...op.string!);
        return;
      default:
        return; // UDT outside a literal, AND, NOT: nothing to write
    }
  }

  private literal(binary: boolean, w: Walk): void {
    const size = w.random.below(w.maxLiteral + 1);
    const plus = !binary && w.random.chance(0.5) ? '+' : ''; // grammar/ has literal8 synchronizing only
    for (const c of Buffer.from(`${binary ? '~' : ''}{${size}${plus}}\r\n`)) w.out.push(c);
    for (let i = 0; i < size; i++) w.out.push(binary ? w.random.below(256) : 1 + w.random.below(255));
  }
}

interface Walk {
  random: Random;
  out: number[];
  maxDepth: number;
  maxLiteral: number;
}

const HUGE_NUMBERS = ['0', '4294967295', '4294967296', '18446744073709551616', '99999999999999999999999999', '-1'];

/** Damages a stream the way broken or hostile clients do. */
export function mutate(input: Buffer, random: Random): Buffer {
  const text = input.toString('latin1');
  switch (random.below(9)) {
    case 0:
      return input; // left whole
    case 1:
      return input.subarray(0, random.below(input.length + 1)); // cut short
    case 2: {
      // a literal announcing more or fewer octets than follow
      const wrong = text.replace(/\{(\d+)(\+?)\}\r\n/, (_m, n: string, plus: string) => {
        const size = Math.max(0, Number(n) + random.pick([-3, -1, 1, 5, 1000]));
        return `{${size}${plus}}\r\n`;
      });
      return Buffer.from(wrong, 'latin1');
    }
    case 3: {
      const at = random.below(input.length + 1);
      return Buffer.concat([input.subarray(0, at), Buffer.from([0]), input.subarray(at)]);
    }
    case 4:
      return Buffer.from(text.replace(/\d+/, () => random.pick(HUGE_NUMBERS)), 'latin1');
    case 5: {
      const noise = Buffer.from(Array.from({ length: 1 + random.below(32) }, () => random.below(256)));
      const at = random.below(input.length + 1);
      return Buffer.concat([input.subarray(0, at), noise, input.subarray(at)]);
    }
    case 6:
      return Buffer.from(text.replace(/\r\n/, random.pick(['\n', '\r', '', '\r\r\n'])), 'latin1');
    case 7:
      // an announcement of a literal that never comes
      return Buffer.concat([input.subarray(0, Math.max(0, input.length - 2)), Buffer.from(` {${random.pick(['1', '65536', '4294967295', '99999999999999999999'])}${random.pick(['', '+'])}}\r\n`)]);
    default: {
      const at = random.below(input.length + 1);
      return Buffer.concat([input.subarray(0, at), input.subarray(at), input.subarray(at)]); // a piece twice
    }
  }
}
