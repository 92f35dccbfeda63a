// `npm run fuzz [seconds]` (or FUZZ_SECONDS; default 600): the long, coverage-guided run.
// Inputs (cases.ts: a protocol state, then a raw or grammar-generated, damaged stream) run
// against in-process sessions (harness.ts); an input that reaches server code (src/) no
// earlier input did joins the corpus and is mutated further. Every 20th input also goes to
// a real server over TCP (network.ts). Broken invariants are written with the input to
// FUZZ_FINDINGS (default: cpm-imapd-fuzz-findings in the temp folder), and the run exits 1 if
// there were any.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Coverage } from './coverage.js';
import { decodeCase, encodeCase } from './cases.js';
import { CommandGenerator, Random } from './generate.js';
import { FuzzWorld, STATES } from './harness.js';
import { mutateBytes } from './mutate-bytes.js';
import { NetworkFuzz } from './network.js';

const seconds = Number(process.argv[2] ?? process.env.FUZZ_SECONDS ?? 600);
const findingsDir = path.resolve(process.env.FUZZ_FINDINGS ?? path.join(os.tmpdir(), 'cpm-imapd-fuzz-findings'));
const srcDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src');

const SEED_PAYLOADS = [
  '',
  'a NOOP\r\n',
  'a LOGIN alice wonderland\r\nb SELECT INBOX\r\nc FETCH 1:* (FLAGS BODY.PEEK[HEADER] BODYSTRUCTURE)\r\n',
  'a APPEND INBOX {20+}\r\nSubject: x\r\n\r\nbody\r\n\r\n',
  'a SEARCH OR FROM {3}\r\nabc SUBJECT "x\\"y" UNSEEN\r\n',
  'AGFsaWNlAHdvbmRlcmxhbmQ=\r\n',
  'DONE\r\n',
  'a UID STORE 1:* +FLAGS.SILENT (\\Seen $Junk)\r\nb EXPUNGE\r\n',
  'a SETMETADATA INBOX (/private/comment ~{3}\r\n\0\0\0)\r\n',
  'a NOTIFY SET (selected (MessageNew (UID) MessageExpunge FlagChange)) (personal (MailboxName))\r\n',
];

async function main(): Promise<void> {
  const world = await FuzzWorld.open();
  const network = await NetworkFuzz.start();
  const coverage = new Coverage((url) => url.startsWith('file://') && fileURLToPath(url).startsWith(srcDir));
  await coverage.start();
  const keywords = new CommandGenerator().keywords();
  const random = new Random(Date.now());
  const corpus: Buffer[] = [];
  for (let state = 0; state < STATES.length; state++) {
    for (let mode = 0; mode < 4; mode++) {
      for (const payload of SEED_PAYLOADS) corpus.push(encodeCase(state, mode, corpus.length * 2654435761, payload));
    }
  }
  const findings = new Map<string, Buffer>();
  let current: Buffer = Buffer.alloc(0);
  const record = async (input: Buffer, problems: string[]) => {
    // One finding per kind: the first line and the failing grammar rule, numbers left out.
    const [first, ...rest] = problems[0]!.split('\n');
    const key = `${first} ${rest.find((l) => l.includes('failing rule')) ?? ''}`.replace(/\d+/g, 'N');
    if (findings.has(key)) return;
    findings.set(key, input);
    fs.mkdirSync(findingsDir, { recursive: true });
    const file = path.join(findingsDir, `finding-${findings.size}`);
    fs.writeFileSync(`${file}.bin`, input);
    fs.writeFileSync(`${file}.txt`, `${problems.join('\n')}\n`);
    console.log(`FINDING ${findings.size}: ${problems[0]}\n  input: ${file}.bin (${JSON.stringify(input.toString('latin1').slice(0, 300))})`);
  };
  process.on('unhandledRejection', (err) => void record(current, [`unhandled rejection: ${(err as Error)?.stack ?? String(err)}`]));
  process.on('uncaughtException', (err) => void record(current, [`uncaught exception: ${err.stack ?? String(err)}`]));

  const started = Date.now();
  const deadline = started + seconds * 1000;
  let execs = 0;
  let networkExecs = 0;
  let peakRss = 0;
  let nextReport = started + 30_000;
  const report = () => {
    const rss = process.memoryUsage().rss / 2 ** 20;
    peakRss = Math.max(peakRss, rss);
    console.log(
      `${((Date.now() - started) / 1000).toFixed(0)} s: ${execs} execs (${networkExecs} over TCP), corpus ${corpus.length}, ` +
        `${coverage.seen.size} blocks of src/ covered, ${findings.size} findings, RSS ${rss.toFixed(0)} MiB`,
    );
  };
  // The seeds first, as they are, then mutations of the corpus.
  for (let i = 0; Date.now() < deadline; i++) {
    current = i < corpus.length ? corpus[i]! : mutateBytes(random.pick(corpus), random, random.pick(corpus), keywords);
    const { state, chunks } = decodeCase(current);
    const result = await world.run(state, chunks);
    execs++;
    if (result.problems.length) await record(current, result.problems);
    if ((await coverage.take()) > 0 && i >= corpus.length) corpus.push(current);
    if (execs % 20 === 0) {
      const problems = await network.run(state, Buffer.concat(chunks), /(^|\r\n)ZZ9 /.test(result.output) || result.closed);
      networkExecs++;
      if (problems.length) await record(current, problems);
    }
    if (Date.now() >= nextReport) {
      report();
      nextReport += 30_000;
    }
  }
  report();
  const problems = await network.wellBehaved();
  if (problems.length) await record(Buffer.alloc(0), problems);
  await coverage.stop();
  await network.stop();
  await world.close();
  console.log(
    `fuzz: ${seconds} s, ${execs} executions (${networkExecs} over TCP), corpus ${corpus.length}, ` +
      `${coverage.seen.size} blocks covered, peak RSS ${peakRss.toFixed(0)} MiB, ${findings.size} findings`,
  );
  process.exit(findings.size ? 1 : 0);
}

main().catch((err) => {
  console.error(err);
  process.exit(2);
});
