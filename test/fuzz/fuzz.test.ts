// The short fuzzing run of the test suite (the long one: `npm run fuzz`). Streams built from
// grammar/ and damaged, or arbitrary bytes, go to sessions in every protocol state, in
// process and over TCP; no crash, no hang, bounded memory, every response in the grammar,
// and a well-behaved client served afterwards.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandError } from '../support/grammar.js';
import { decodeCase, encodeCase } from './cases.js';
import { CommandGenerator, Random, mutate } from './generate.js';
import { FuzzWorld, STATES } from './harness.js';
import { NetworkFuzz } from './network.js';

let world: FuzzWorld;
let network: NetworkFuzz;
beforeAll(async () => {
  world = await FuzzWorld.open();
  network = await NetworkFuzz.start();
});
afterAll(async () => {
  await network.stop();
  await world.close();
});

describe('the generator', () => {
  it('walks grammar/: what it generates from `command` is a client command there', () => {
    const generator = new CommandGenerator();
    const random = new Random(20261121);
    for (let i = 0; i < 300; i++) {
      const command = generator.generate(random);
      expect(commandError(command), command.toString('latin1')).toBeUndefined();
    }
  });

  it('damages streams: mutations make commands the grammar refuses', () => {
    const generator = new CommandGenerator();
    const random = new Random(7);
    let refused = 0;
    for (let i = 0; i < 200; i++) if (commandError(mutate(generator.generate(random), random))) refused++;
    expect(refused).toBeGreaterThan(50);
  });
});

/** Hostile streams written by hand, each in every state. */
const HOSTILE = [
  'a APPEND INBOX {10}\r\nshort\r\nb NOOP\r\n', // a literal with fewer octets than announced
  'a LOGIN {3}\r\nalice wonderland\r\n', // more octets than announced
  'a APPEND INBOX {99999999999999999999}\r\n',
  'a APPEND INBOX {18446744073709551616+}\r\nxx\r\n',
  'a FETCH 4294967296:* (FLAGS)\r\nb UID FETCH 1:4294967295 (UID)\r\n',
  'a SELECT "INBOX\0"\r\nb LOGIN "al\0ice" x\r\n\0\0\0\r\n',
  `a SEARCH ${'('.repeat(200)}ALL${')'.repeat(200)}\r\n`,
  `${'x'.repeat(5000)}\r\na NOOP\r\n`,
  'a AUTHENTICATE PLAIN\r\n*\r\nb AUTHENTICATE PLAIN =\r\n',
  'DONE\r\nDONE\r\n* NOOP\r\n+ NOOP\r\n',
  'a IDLE\r\nb NOOP\r\nDONE\r\n',
  'a SETMETADATA INBOX (/private/x ~{5}\r\n\0\0\0\0\0)\r\n',
];

describe('in process', () => {
  it('hand-written hostile streams, in every state, at every chunking', async () => {
    for (let state = 0; state < STATES.length; state++) {
      for (const [i, stream] of HOSTILE.entries()) {
        const { chunks } = decodeCase(encodeCase(state, 0, i, stream));
        const result = await world.run(STATES[state]!, chunks);
        expect(result.problems, `${STATES[state]}: ${JSON.stringify(stream)}`).toEqual([]);
      }
    }
  });

  it('generated, damaged and arbitrary streams in every state (fast-check)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: STATES.length - 1 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 0xffffffff }),
        fc.uint8Array({ maxLength: 600 }),
        async (state, mode, seed, payload) => {
          const { chunks } = decodeCase(encodeCase(state, mode, seed, Buffer.from(payload)));
          const result = await world.run(STATES[state]!, chunks);
          expect(result.problems).toEqual([]);
        },
      ),
      { numRuns: 250, interruptAfterTimeLimit: 8000, seed: 20261121 },
    );
  });
});

describe('over TCP', () => {
  it('streams in every state, then a well-behaved client is served', async () => {
    const random = new Random(99);
    for (let state = 0; state < STATES.length; state++) {
      for (let i = 0; i < 4; i++) {
        const { chunks } = decodeCase(encodeCase(state, 1 + (i % 3), random.below(2 ** 32), HOSTILE[random.below(HOSTILE.length)]!));
        const stream = Buffer.concat(chunks);
        const local = await world.run(STATES[state]!, chunks);
        const problems = await network.run(STATES[state]!, stream, /(^|\r\n)ZZ9 /.test(local.output) || local.closed);
        expect(problems, `${STATES[state]}: ${JSON.stringify(stream.toString('latin1'))}`).toEqual([]);
      }
    }
    expect(await network.wellBehaved()).toEqual([]);
  });
});
