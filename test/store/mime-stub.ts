// TEMPORARY: a tiny stand-in for src/mime/parse.ts `parseMessage` until the MIME author's
// parser lands (test setup only; remove with the vi.mock lines in the tests that use it).
// Handles what the store tests need: unfolded, RFC 2047-decoded headers, text bodies in
// 7bit / quoted-printable / base64, one level of multipart.
import libmime from 'libmime';
import iconv from 'iconv-lite';
import type { Envelope, MimePart, ParsedMessage } from '../../src/mime/types.js';

function splitHead(text: string): { head: string; body: string } {
  const m = /\r?\n\r?\n/.exec(text);
  return m ? { head: text.slice(0, m.index), body: text.slice(m.index + m[0].length) } : { head: text, body: '' };
}

function headers(head: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of head.replace(/\r?\n[ \t]/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0) out.push([line.slice(0, i).trim().toLowerCase(), libmime.decodeWords(line.slice(i + 1).trim())]);
  }
  return out;
}

function decodeBody(body: string, hs: Array<[string, string]>): string {
  const get = (n: string) => hs.find(([k]) => k === n)?.[1] ?? '';
  const ct = get('content-type').toLowerCase() || 'text/plain';
  if (ct.startsWith('multipart/')) {
    const b = /boundary="?([^";]+)"?/i.exec(get('content-type'))?.[1];
    if (!b) return '';
    return body
      .split(`--${b}`)
      .slice(1)
      .map((p) => {
        const { head, body: pb } = splitHead(p.replace(/^\r?\n/, ''));
        return decodeBody(pb, headers(head));
      })
      .join('\n');
  }
  if (!ct.startsWith('text/')) return '';
  const cte = get('content-transfer-encoding').toLowerCase();
  let bytes: Buffer;
  if (cte === 'base64') bytes = Buffer.from(body, 'base64');
  else if (cte === 'quoted-printable') {
    bytes = Buffer.from(
      body.replace(/=\r?\n/g, '').replace(/=([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    );
  } else bytes = Buffer.from(body, 'latin1');
  const charset = /charset="?([^";]+)"?/i.exec(get('content-type'))?.[1] ?? 'us-ascii';
  return iconv.encodingExists(charset) ? iconv.decode(bytes, charset) : bytes.toString('latin1');
}

export function parseMessage(data: Buffer): ParsedMessage {
  const text = data.toString('latin1');
  const { head, body } = splitHead(text);
  const raw = headers(Buffer.from(head, 'latin1').toString('utf8'));
  const get = (n: string) => raw.find(([k]) => k === n)?.[1] ?? null;
  const date = get('date');
  const ms = date ? Date.parse(date.replace(/\([^)]*\)/g, '')) : NaN;
  const ids = (v: string | null) => (v ? v.match(/<[^>]*>/g) ?? [] : []);
  const root = {
    headerStart: 0, headerEnd: 0, bodyStart: 0, bodyEnd: data.length, type: 'text', subtype: 'plain', params: [],
    id: null, description: null, encoding: '7BIT', size: data.length, lines: 0, md5: null, disposition: null,
    language: null, location: null,
  } satisfies MimePart;
  const envelope: Envelope = {
    date, subject: get('subject'), from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null,
    inReplyTo: get('in-reply-to'), messageId: get('message-id'),
  };
  return {
    root,
    envelope,
    index: {
      subject: get('subject') ?? '',
      sentDate: Number.isNaN(ms) ? null : ms,
      from: get('from') ?? '', to: get('to') ?? '', cc: get('cc') ?? '', bcc: get('bcc') ?? '',
      fromAddr: '', toAddr: '', ccAddr: '', fromDisplay: '', toDisplay: '',
      messageId: ids(get('message-id'))[0] ?? null,
      inReplyTo: ids(get('in-reply-to'))[0] ?? null,
      references: ids(get('references')),
      headers: raw,
      bodyText: decodeBody(body, raw),
    },
  };
}
