// Block coverage of the server's own code (src/), from V8 through the inspector: the
// feedback that makes the long run coverage-guided (Jazzer.js's native fuzzer, the usual way,
// needs a newer glibc than some hosts have). Each take returns the blocks run since the last.
import { Session } from 'node:inspector/promises';

export class Coverage {
  private readonly inspector = new Session();
  /** Blocks seen so far, as "script:start:end". */
  readonly seen = new Set<string>();

  constructor(private readonly include: (url: string) => boolean) {}

  async start(): Promise<void> {
    this.inspector.connect();
    await this.inspector.post('Profiler.enable');
    await this.inspector.post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  }

  /** How many blocks ran for the first time since the last take. */
  async take(): Promise<number> {
    const { result } = await this.inspector.post('Profiler.takePreciseCoverage');
    let fresh = 0;
    for (const script of result) {
      if (!this.include(script.url)) continue;
      for (const fn of script.functions) {
        for (const range of fn.ranges) {
          if (range.count === 0) continue;
          const key = `${script.scriptId}:${range.startOffset}:${range.endOffset}`;
          if (this.seen.has(key)) continue;
          this.seen.add(key);
          fresh++;
        }
      }
    }
    return fresh;
  }

  async stop(): Promise<void> {
    await this.inspector.post('Profiler.stopPreciseCoverage');
    this.inspector.disconnect();
  }
}
