// Type declarations for the two APG packages, which ship no types of their own.
// Only what test/support/grammar.ts uses is declared. Referenced from there with
// a triple-slash directive, so it is part of every compilation that includes it.

declare module 'apg-lite' {
  /** The parser's state record that rule and UDT callbacks read and set. */
  export interface ApgSysData {
    state: number;
    phraseLength: number;
  }
  /**
   * A rule callback is called going down (state ACTIVE) and coming up (MATCH,
   * EMPTY or NOMATCH); a UDT callback is called once and must set the state.
   * `chars` are the input's character codes.
   */
  export type ApgCallback = (sys: ApgSysData, chars: number[], phraseIndex: number, data: unknown) => void;
  export interface ApgParseResult {
    success: boolean;
    state: number;
    stateName: string;
    length: number;
    matched: number;
    maxMatched: number;
    maxTreeDepth: number;
    nodeHits: number;
  }
  export interface ApgRule {
    name: string;
    lower: string;
    index: number;
  }
  export interface ApgGrammarObject {
    grammarObject: 'grammarObject';
    rules: ApgRule[];
    udts: ApgRule[];
  }
  export class Parser {
    callbacks: Record<string, ApgCallback | undefined>;
    parse(grammar: ApgGrammarObject, startRule: string, input: string, data?: unknown): ApgParseResult;
  }
  export const identifiers: {
    ACTIVE: number;
    MATCH: number;
    EMPTY: number;
    NOMATCH: number;
  };
}

declare module 'apg-js' {
  interface ApgApi {
    errors: unknown[];
    generate(strict?: boolean): void;
    errorsToAscii(): string;
    toObject(): { rules: import('apg-lite').ApgRule[]; udts: import('apg-lite').ApgRule[] };
  }
  const apgJs: {
    apgApi: new (source: string) => ApgApi;
  };
  export default apgJs;
}
