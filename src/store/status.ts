// STATUS values of many mailboxes at once, for LIST-STATUS (RFC 5819) and STATUS: RFC 3501
// MESSAGES UNSEEN RECENT UIDNEXT UIDVALIDITY, RFC 7162 HIGHESTMODSEQ, RFC 8438 SIZE, all from
// one snapshot. One statement for all the mailboxes, with one correlated aggregate per field
// asked for. Each aggregate is a range scan of one mailbox's entries in an index
// (messages_size covers MESSAGES and SIZE, messages_unseen UNSEEN, the primary key from the
// recent floor RECENT), so the cost follows the mailboxes listed and their sizes, never the
// whole account, and no message row is read.
import type { StoreDb } from './db.js';
import type { MailboxStatusCounts, StatusCountField } from './types.js';

const COLUMNS: Record<StatusCountField, string> = {
  messages: '(SELECT count(*) FROM messages INDEXED BY messages_size WHERE mailbox_id = b.id)',
  unseen: '(SELECT count(*) FROM messages INDEXED BY messages_unseen WHERE mailbox_id = b.id AND seen = 0)',
  recent: '(SELECT count(*) FROM messages WHERE mailbox_id = b.id AND uid >= b.recent_floor)',
  size: '(SELECT coalesce(sum(size), 0) FROM messages INDEXED BY messages_size WHERE mailbox_id = b.id)',
};

const ORDER: readonly StatusCountField[] = ['messages', 'unseen', 'recent', 'size'];

/** Above this many ids, one statement per chunk (the ids travel as one JSON array). */
const CHUNK = 10_000;

/**
 * The statement for these fields; its one parameter is a JSON array of mailbox ids. The text
 * comes from the constants above only (at most 16 distinct texts).
 */
export function statusCountsSql(fields: readonly StatusCountField[]): string {
  const wanted = ORDER.filter((f) => fields.includes(f));
  return (
    `SELECT b.id, b.uidnext, b.uidvalidity, b.highestmodseq${wanted.map((f) => `, ${COLUMNS[f]}`).join('')} FROM mailboxes b ` +
    'WHERE b.id IN (SELECT value FROM json_each(?)) AND b.noselect = 0'
  );
}

export function statusCounts(
  db: StoreDb,
  mailboxIds: readonly number[],
  fields: readonly StatusCountField[],
): Map<number, MailboxStatusCounts> {
  const wanted = ORDER.filter((f) => fields.includes(f));
  const sql = statusCountsSql(wanted);
  const result = new Map<number, MailboxStatusCounts>();
  db.read(() => {
    for (let i = 0; i < mailboxIds.length; i += CHUNK) {
      const ids = JSON.stringify(mailboxIds.slice(i, i + CHUNK));
      for (const row of db.raw(sql).all(ids) as number[][]) {
        const counts: MailboxStatusCounts = { uidNext: row[1]!, uidValidity: row[2]!, highestModseq: row[3]! };
        wanted.forEach((f, j) => (counts[f] = row[j + 4]!));
        result.set(row[0]!, counts);
      }
    }
  });
  return result;
}
