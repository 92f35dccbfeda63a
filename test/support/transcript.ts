// Wire transcripts: exact client bytes in, exact server bytes out.
//   C: <line>      sent with CRLF; consecutive C: lines go out in one write (pipelining)
//   S: <response>  the next whole server response, compared exactly
//   S: (closed)    the server closes the connection
// `\r\n` inside a line stands for CRLF (literals). In S: lines, `<n>` matches a number,
// `<id>` an object id, and `<*>` any text; everything else must match to the byte.
import { expect } from 'vitest';
import { RawClient } from './imap-client.js';

export async function runTranscript(port: number, script: string): Promise<void> {
  const client = await RawClient.connect(port);
  try {
    const steps = script
      .split('\n')
      .map((line) => line.trimStart())
      .filter((line) => line.startsWith('C: ') || line.startsWith('S: '));
    let pending = '';
    for (const step of steps) {
      const text = step.slice(3).replace(/\\r\\n/g, '\r\n');
      if (step.startsWith('C: ')) {
        pending += `${text}\r\n`;
        continue;
      }
      if (pending) {
        client.write(pending);
        pending = '';
      }
      if (text === '(closed)') {
        expect(await client.closedByServer(), 'server should close the connection').toBe(true);
        continue;
      }
      const actual = await client.next();
      expect(actual, `after ${JSON.stringify(step)}`).toMatch(pattern(text));
    }
    if (pending) client.write(pending);
  } finally {
    client.close();
  }
}

function pattern(expected: string): RegExp {
  const source = expected
    .split(/(<n>|<id>|<\*>)/)
    .map((part) => {
      if (part === '<n>') return '\\d+';
      if (part === '<id>') return '[A-Za-z0-9_-]+';
      if (part === '<*>') return '.*?';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${source}\\r\\n$`, 's');
}
