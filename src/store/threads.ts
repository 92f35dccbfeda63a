// THREADID (RFC 8474 §5.2) at APPEND, per account. `thread_refs` maps every Message-ID the
// account has seen — a message's own, and every one it refers to — to a thread id. A new
// message joins the thread of the first of its References / In-Reply-To ids (oldest first)
// that is known, else the thread of a message that already referred to its own Message-ID
// (a reply that arrived first), else a new thread. Threads are never merged later: correct
// for messages arriving in order, simple and stable otherwise. COPY and MOVE keep the id.
import { newThreadId } from './ids.js';
import type { Statements } from './content.js';
import { normaliseMessageId } from './content.js';

export interface ThreadKeys {
  messageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
}

/** The ids a message refers to, normalised, oldest first, without duplicates or itself. */
function referredIds(keys: ThreadKeys, own: string | null): string[] {
  const out: string[] = [];
  for (const raw of [...keys.references, keys.inReplyTo]) {
    const id = normaliseMessageId(raw);
    if (id && id !== own && !out.includes(id)) out.push(id);
  }
  return out;
}

/** Finds or makes the thread of a new message of `userId` and records its ids. */
export function assignThread(db: Statements, userId: number, keys: ThreadKeys): string {
  const own = normaliseMessageId(keys.messageId);
  const refs = referredIds(keys, own);
  const find = db.stmt('SELECT thread_id FROM thread_refs WHERE user_id = ? AND message_id = ?');
  let thread: string | undefined;
  for (const id of own ? [...refs, own] : refs) {
    const row = find.get(userId, id) as { thread_id: string } | undefined;
    if (row) {
      thread = row.thread_id;
      break;
    }
  }
  thread ??= newThreadId();
  const record = db.stmt('INSERT OR IGNORE INTO thread_refs (user_id, message_id, thread_id) VALUES (?, ?, ?)');
  if (own) record.run(userId, own, thread);
  for (const id of refs) record.run(userId, id, thread);
  return thread;
}
