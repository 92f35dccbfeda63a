// SEARCH on the 100,000-message mailbox (src/store/search-sql.ts).
import type { BenchClient } from './bench-client.js';

// Every 100th message of the big mailbox carries a Conversation-ID (CPM); the bodies say
// "Message number N" 60 times, so TEXT "number 4242" has one match among 100,000 bodies.

export function conversationId(i: number): string {
  return i % 100 === 0 ? `Conversation-ID: ${(i * 2654435761 % 0xffffffff).toString(16).padStart(8, '0')}-7dec-11d0-a765-00a0c91e6bf6\r\n` : '';
}

export async function searchTimes(c: BenchClient, mailbox: string, messages: number) {
  await c.command('s', `SELECT ${mailbox}`);
  const pick = Math.floor(messages / 200) * 100; // a message with a Conversation-ID
  const time = async (criteria: string) => {
    let best = Infinity;
    let answer = '';
    for (let k = 0; k < 3; k++) {
      const started = performance.now();
      answer = await c.command('q', `UID SEARCH ${criteria}`);
      best = Math.min(best, performance.now() - started);
    }
    if (!/^q OK/m.test(answer)) throw new Error(`SEARCH failed: ${answer.slice(-200)}`);
    return { ms: best, hits: (/^\* SEARCH(.*)$/m.exec(answer)?.[1] ?? '').trim().split(/\s+/).filter(Boolean).length };
  };
  const out = {
    text: await time(`TEXT "number ${pick + 42}"`),
    header: await time(`HEADER Conversation-ID "${conversationId(pick).slice(17, -2)}"`),
    textCommon: await time('TEXT "message number"'),
  };
  return out;
}

