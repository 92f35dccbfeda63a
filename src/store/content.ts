// What the store keeps about a message's content, beside its blob and keyed by it (so a
// COPY or an identical APPEND costs nothing): the parsed MIME tree and envelope for FETCH,
// SORT and THREAD keys, one row per header field for HEADER searches, and the decoded text
// of headers and body in two FTS5 trigram indexes for TEXT / BODY / header substrings.
//
// All of it is computed by prepareContent() before the write lock is taken (APPEND parses
// once, outside the transaction); storeContent() only inserts rows.
//
// Case-insensitive matching: stored search text and needles both go through fold():
// NFKC, then upper-case, then lower-case — so "ß" matches "SS", "ﬁ" matches "fi", and any
// script with case (Latin, Greek, Cyrillic, …) compares without it. Diacritics are kept
// ("ä" does not match "a"), as IMAP users expect from a substring search.
import type Database from 'better-sqlite3';
import { extractBaseSubject } from '../mime/base-subject.js';
import { parseMessage } from '../mime/parse.js';
import type { Envelope, MessageIndex, MimePart, ParsedMessage } from '../mime/types.js';

type Statement = Database.Statement<unknown[], unknown>;

/** Something that hands out cached prepared statements: StoreDb, or a migration's helper. */
export interface Statements {
  stmt(sql: string): Statement;
}

/** Case folding for search: the same function on stored text and on needles. */
export function fold(text: string): string {
  return text.normalize('NFKC').toUpperCase().toLowerCase();
}

/** Number of characters (code points), as the trigram tokenizer counts them. */
export function charLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** FTS5 needs at least one trigram: shorter needles are matched by a scan (instr). */
export const MIN_FTS_NEEDLE = 3;

/**
 * A LIKE pattern '%…%' for the FTS5 trigram index: the needle itself, or — since FTS5 cannot
 * use its index for LIKE with ESCAPE — its longest run without LIKE wildcards (% and _) when
 * that has 3 or more characters. Null if there is no such run: the caller scans instead.
 * The pattern only finds candidates; callers confirm with instr() on the whole needle.
 * Stored text and needles are folded already, so LIKE's own ASCII-only folding is harmless.
 */
export function likeCandidates(needle: string): string | null {
  let best = '';
  for (const run of needle.split(/[%_]/)) if (charLength(run) > charLength(best)) best = run;
  return charLength(best) >= MIN_FTS_NEEDLE ? `%${best}%` : null;
}

/** The sent day of a message without a valid Date: header (Dovecot: time 0). */
export const NO_SENT_DAY = '1970-01-01';

export interface PreparedContent {
  /** JSON of { root, envelope }. */
  parsedJson: string;
  sentDate: number | null;
  /**
   * 'YYYY-MM-DD' of the Date: header in the header's own zone. A missing or unparseable Date:
   * counts as 1970-01-01 (time 0), as in Dovecot: such a message matches SENTBEFORE any later
   * day and SENTON 1-Jan-1970, and SENTSINCE only up to that day. (SortFields.sentDate stays
   * null, so SORT can fall back to the internal date as RFC 5256 asks.)
   */
  sentDay: string;
  baseSubject: string;
  replyOrForward: boolean;
  fromAddr: string;
  toAddr: string;
  ccAddr: string;
  fromDisplay: string;
  toDisplay: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** Lower-case field name and folded decoded value, in message order. */
  headers: Array<[string, string]>;
  /** Folded "name: value" lines of every header field. */
  headerText: string;
  /** Folded decoded text of the text parts. */
  bodyText: string;
}

/** Message-IDs as THREAD and THREADID compare them: the text inside <>, no white space. */
export function normaliseMessageId(id: string | null | undefined): string | null {
  if (!id) return null;
  const m = /<([^<>]*)>/.exec(id);
  const inner = (m ? m[1]! : id).replace(/\s+/g, '');
  return inner === '' ? null : inner;
}

const NAMED_ZONES: Record<string, number> = {
  UT: 0, UTC: 0, GMT: 0, Z: 0,
  EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420,
};

/** The zone written in a Date: header, in minutes east of UTC (0 when there is none). */
export function dateZoneOffset(value: string): number {
  const text = value.replace(/\([^()]*\)/g, ' ').trim();
  const numeric = /([+-])(\d{2})(\d{2})\s*$/.exec(text);
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return minutes < 100 * 60 ? (numeric[1] === '-' ? -minutes : minutes) : 0;
  }
  const named = /([A-Za-z]+)\s*$/.exec(text);
  return named ? (NAMED_ZONES[named[1]!.toUpperCase()] ?? 0) : 0;
}

/** The calendar day of `ms` seen in a zone `offset` minutes east of UTC. */
export function dayInZone(ms: number, offset: number): string | null {
  const local = ms + offset * 60_000;
  if (!Number.isFinite(local) || Math.abs(local) > 8.64e15) return null;
  const day = new Date(local).toISOString().slice(0, 10);
  return /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : null;
}

/**
 * A stand-in when the parser fails (it should not): one text/plain body, no envelope, the
 * bytes as Latin-1 text for search. APPEND must never fail because of a parser bug.
 */
function fallbackParse(data: Buffer): ParsedMessage {
  const root: MimePart = {
    headerStart: 0, headerEnd: 0, bodyStart: 0, bodyEnd: data.length,
    type: 'text', subtype: 'plain', params: [], id: null, description: null, encoding: '7BIT',
    size: data.length, lines: data.toString('latin1').split('\n').length - 1,
    md5: null, disposition: null, language: null, location: null,
  };
  const envelope: Envelope = {
    date: null, subject: null, from: null, sender: null, replyTo: null, to: null, cc: null, bcc: null,
    inReplyTo: null, messageId: null,
  };
  const index: MessageIndex = {
    subject: '', sentDate: null, from: '', to: '', cc: '', bcc: '',
    fromAddr: '', toAddr: '', ccAddr: '', fromDisplay: '', toDisplay: '',
    messageId: null, inReplyTo: null, references: [], headers: [], bodyText: data.toString('latin1'),
  };
  return { root, envelope, index };
}

export function prepareContent(data: Buffer): PreparedContent {
  let parsed: ParsedMessage;
  try {
    parsed = parseMessage(data);
  } catch {
    parsed = fallbackParse(data);
  }
  const ix = parsed.index;
  const headers: Array<[string, string]> = ix.headers.map(([name, value]) => [name.toLowerCase(), fold(value)]);
  let sentDay: string | null = null;
  if (ix.sentDate !== null && Number.isFinite(ix.sentDate)) {
    const dateHeader = ix.headers.find(([name]) => name.toLowerCase() === 'date');
    sentDay = dayInZone(ix.sentDate, dateHeader ? dateZoneOffset(dateHeader[1]) : 0);
  }
  sentDay ??= NO_SENT_DAY;
  const subject = extractBaseSubject(ix.subject);
  return {
    parsedJson: JSON.stringify({ root: parsed.root, envelope: parsed.envelope }),
    sentDate: ix.sentDate !== null && Number.isFinite(ix.sentDate) ? ix.sentDate : null,
    sentDay,
    baseSubject: subject.base,
    replyOrForward: subject.replyOrForward,
    fromAddr: ix.fromAddr,
    toAddr: ix.toAddr,
    ccAddr: ix.ccAddr,
    fromDisplay: ix.fromDisplay,
    toDisplay: ix.toDisplay,
    messageId: ix.messageId,
    inReplyTo: ix.inReplyTo,
    references: ix.references,
    headers,
    headerText: headers.map(([name, value]) => `${name}: ${value}`).join('\n'),
    bodyText: fold(ix.bodyText),
  };
}

/**
 * The id of the content row for blob `hash`, inserting it (with its header rows and text
 * indexes) if this is the first message with these bytes. Called inside a write transaction.
 */
export function storeContent(db: Statements, hash: string, c: PreparedContent): number {
  const existing = db.stmt('SELECT id FROM blob_parsed WHERE hash = ?').get(hash) as { id: number } | undefined;
  if (existing) return existing.id;
  const { id } = db
    .stmt(
      `INSERT INTO blob_parsed (hash, parsed, sent_date, sent_day, base_subject, reply_fwd, from_addr, to_addr, cc_addr,
         from_display, to_display, message_id, in_reply_to, refs)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
    )
    .get(
      hash, c.parsedJson, c.sentDate, c.sentDay, c.baseSubject, c.replyOrForward ? 1 : 0, c.fromAddr, c.toAddr, c.ccAddr,
      c.fromDisplay, c.toDisplay, c.messageId, c.inReplyTo, JSON.stringify(c.references),
    ) as { id: number };
  const header = db.stmt('INSERT INTO blob_headers (blob_id, name, value) VALUES (?, ?, ?)');
  for (const [name, value] of c.headers) header.run(id, name, value);
  db.stmt('INSERT INTO fts_headers (rowid, text) VALUES (?, ?)').run(id, c.headerText);
  db.stmt('INSERT INTO fts_body (rowid, text) VALUES (?, ?)').run(id, c.bodyText);
  return id;
}

/** Removes the content rows of blobs nobody uses any more (run with collectGarbage). */
export function collectContentGarbage(db: Statements): void {
  const garbage = 'SELECT p.id FROM blob_parsed p JOIN blobs b ON b.hash = p.hash WHERE b.refcount <= 0';
  db.stmt(`DELETE FROM fts_headers WHERE rowid IN (${garbage})`).run();
  db.stmt(`DELETE FROM fts_body WHERE rowid IN (${garbage})`).run();
  db.stmt(`DELETE FROM blob_headers WHERE blob_id IN (${garbage})`).run();
  db.stmt('DELETE FROM blob_parsed WHERE hash IN (SELECT hash FROM blobs WHERE refcount <= 0)').run();
}
