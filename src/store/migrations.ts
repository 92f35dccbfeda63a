// Numbered schema migrations. `PRAGMA user_version` holds how many have been applied; each
// runs in its own transaction together with the user_version bump, so a crash leaves the
// database either before or after a step, never inside one. Never edit a released step:
// append a new one.
import type Database from 'better-sqlite3';
import { prepareContent, storeContent, type Statements } from './content.js';
import { assignThread } from './threads.js';

/** SQL text, or a function for steps that need code (backfills). */
export type Migration = string | ((db: Database.Database) => void);

export const migrations: readonly Migration[] = [
  // 1: the core store.
  `
  CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  ) WITHOUT ROWID;

  -- AUTOINCREMENT: ids of deleted users and mailboxes are never given again, so an id a
  -- session or an event still holds can never come to mean a different object.
  CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,          -- case-sensitive (BINARY collation)
    password_hash TEXT NOT NULL,                 -- scrypt$N$r$p$salt$hash
    modseq        INTEGER NOT NULL DEFAULT 0,    -- the account's MODSEQ counter, last value given
    created_at    INTEGER NOT NULL               -- ms since the epoch
  );

  CREATE TABLE mailboxes (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id       INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name          TEXT NOT NULL,                 -- full '/'-separated name; INBOX spelled 'INBOX'
    object_id     TEXT NOT NULL UNIQUE,          -- RFC 8474 MAILBOXID
    uidvalidity   INTEGER NOT NULL,
    uidnext       INTEGER NOT NULL DEFAULT 1,
    highestmodseq INTEGER NOT NULL,
    recent_floor  INTEGER NOT NULL DEFAULT 1,    -- uids >= this are \\Recent (not yet claimed)
    special_use   TEXT,
    noselect      INTEGER NOT NULL DEFAULT 0,    -- 1: kept only as the parent of children after DELETE
    UNIQUE (user_id, name)
  );

  -- May name mailboxes that do not exist (RFC 3501 LSUB, RFC 9051 §6.3.7).
  CREATE TABLE subscriptions (
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name    TEXT NOT NULL,
    PRIMARY KEY (user_id, name)
  ) WITHOUT ROWID;

  -- Content-addressed message bytes, stored once however many messages use them. The
  -- reference count lives apart from the bytes so counting (COPY, EXPUNGE, DELETE) never
  -- rewrites a large row; blobs whose count reaches 0 are found by a partial index and
  -- removed before the transaction commits.
  CREATE TABLE blobs (
    hash     TEXT PRIMARY KEY,                   -- sha256, hex
    size     INTEGER NOT NULL,
    refcount INTEGER NOT NULL                    -- number of message rows using the blob
  ) WITHOUT ROWID;
  CREATE INDEX blobs_garbage ON blobs (hash) WHERE refcount <= 0;
  CREATE TABLE blob_data (
    hash TEXT PRIMARY KEY,
    data BLOB NOT NULL
  );

  CREATE TABLE messages (
    mailbox_id      INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    uid             INTEGER NOT NULL,
    modseq          INTEGER NOT NULL,
    internal_date   INTEGER NOT NULL,            -- ms since the epoch
    internal_offset INTEGER NOT NULL,            -- minutes east of UTC, as APPEND gave it
    internal_day    TEXT NOT NULL,               -- 'YYYY-MM-DD' of internal_date in internal_offset
    size            INTEGER NOT NULL,
    blob_hash       TEXT NOT NULL,
    seen            INTEGER NOT NULL DEFAULT 0,
    answered        INTEGER NOT NULL DEFAULT 0,
    flagged         INTEGER NOT NULL DEFAULT 0,
    deleted         INTEGER NOT NULL DEFAULT 0,
    draft           INTEGER NOT NULL DEFAULT 0,
    keywords        TEXT NOT NULL DEFAULT '',    -- '' or ' kw1 kw2 ' (space-delimited both ends)
    email_id        TEXT NOT NULL,               -- RFC 8474 EMAILID, kept by COPY/MOVE
    instance_id     TEXT NOT NULL UNIQUE,        -- this row's own id (REST objectId)
    PRIMARY KEY (mailbox_id, uid)
  ) WITHOUT ROWID;
  CREATE INDEX messages_modseq ON messages (mailbox_id, modseq);
  CREATE INDEX messages_day ON messages (mailbox_id, internal_day);
  CREATE INDEX messages_email ON messages (email_id);
  CREATE INDEX messages_unseen ON messages (mailbox_id, uid) WHERE seen = 0;
  CREATE INDEX messages_deleted ON messages (mailbox_id, uid) WHERE deleted = 1;

  -- Expunge log for changesSince / QRESYNC VANISHED. Dies with its mailbox.
  CREATE TABLE expunged (
    mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    uid        INTEGER NOT NULL,
    modseq     INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, uid)
  ) WITHOUT ROWID;
  CREATE INDEX expunged_modseq ON expunged (mailbox_id, modseq);
  `,
  // 2: what APPEND learns from parsing (FETCH, SEARCH, SORT, THREAD), and THREADID.
  (db) => {
    db.exec(MIGRATION_2);
    backfill2(db);
  },
  // 3: RFC 5464 METADATA entries (src/store/metadata.ts).
  `
  -- One row per entry. mailbox_id NULL: a server entry of the account account_id (every
  -- account has its own server entries). user_id: the user the entry belongs to and is charged
  -- to: the /private entry's owner, or account_id for /shared entries; so /private and /shared
  -- entries never collide (their keys differ anyway) and a later ACL lets other users keep
  -- their own /private entries on a shared mailbox. The rows die with the mailbox (cascade)
  -- and with the account; a DELETE that keeps a mailbox as \\Noselect removes them itself.
  CREATE TABLE metadata (
    account_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    mailbox_id INTEGER REFERENCES mailboxes(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,                    -- the entry name in lower case (names are case-insensitive)
    name       TEXT NOT NULL,                    -- the entry name as last set
    value      BLOB NOT NULL,
    size       INTEGER NOT NULL                  -- length(value) in octets
  );
  CREATE UNIQUE INDEX metadata_entry ON metadata (account_id, ifnull(mailbox_id, 0), user_id, key);
  CREATE INDEX metadata_mailbox ON metadata (mailbox_id) WHERE mailbox_id IS NOT NULL;
  CREATE INDEX metadata_user ON metadata (user_id);
  `,
  // 4: STATUS MESSAGES and SIZE (RFC 8438) of many mailboxes for LIST-STATUS (src/store/status.ts)
  // from an index of (mailbox, size) instead of the wide message rows.
  `
  CREATE INDEX messages_size ON messages (mailbox_id, size);
  `,
  // 5: a mailbox's UIDs as runs of consecutive numbers, kept by triggers on every insert and
  // delete of a message row, so SELECT reads a few runs instead of every message (the cost of
  // a QRESYNC resync then follows the changes, not the mailbox size). UIDs only grow in a
  // mailbox, so an insert extends the last run or starts a new one; a delete splits a run.
  // Keywords in use come from a partial index instead of the wide message rows.
  `
  CREATE TABLE uid_runs (
    mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    start      INTEGER NOT NULL,
    end        INTEGER NOT NULL,
    PRIMARY KEY (mailbox_id, start)
  ) WITHOUT ROWID;
  CREATE INDEX uid_runs_end ON uid_runs (mailbox_id, end);

  INSERT INTO uid_runs (mailbox_id, start, end)
    SELECT mailbox_id, min(uid), max(uid)
    FROM (SELECT mailbox_id, uid, uid - row_number() OVER (PARTITION BY mailbox_id ORDER BY uid) AS run FROM messages)
    GROUP BY mailbox_id, run;

  CREATE TRIGGER uid_runs_insert AFTER INSERT ON messages BEGIN
    UPDATE uid_runs SET end = NEW.uid WHERE mailbox_id = NEW.mailbox_id AND end = NEW.uid - 1;
    INSERT INTO uid_runs (mailbox_id, start, end)
      SELECT NEW.mailbox_id, NEW.uid, NEW.uid
      WHERE NOT EXISTS (SELECT 1 FROM uid_runs WHERE mailbox_id = NEW.mailbox_id AND end = NEW.uid);
  END;

  CREATE TRIGGER uid_runs_delete AFTER DELETE ON messages BEGIN
    -- The run [s, e] holding OLD.uid becomes [s, uid-1] and [uid+1, e], either possibly empty.
    INSERT INTO uid_runs (mailbox_id, start, end)
      SELECT mailbox_id, OLD.uid + 1, end FROM uid_runs
      WHERE mailbox_id = OLD.mailbox_id AND end > OLD.uid
        AND start = (SELECT max(start) FROM uid_runs WHERE mailbox_id = OLD.mailbox_id AND start <= OLD.uid);
    UPDATE uid_runs SET end = OLD.uid - 1
      WHERE mailbox_id = OLD.mailbox_id AND start < OLD.uid AND end >= OLD.uid
        AND start = (SELECT max(start) FROM uid_runs WHERE mailbox_id = OLD.mailbox_id AND start < OLD.uid);
    DELETE FROM uid_runs WHERE mailbox_id = OLD.mailbox_id AND start = OLD.uid;
  END;

  CREATE INDEX messages_keywords ON messages (mailbox_id, keywords) WHERE keywords != '';
  `,

  // 6: who may connect and what they may touch — account kinds, SCRAM verifiers, ACLs, PSKs.
  `
  -- 'user'; 'service' (may act as another user: the CPM Participating Function, seed §8.1.1);
  -- 'shared' (cannot log in; its mailboxes form the shared namespace).
  ALTER TABLE users ADD COLUMN kind TEXT NOT NULL DEFAULT 'user';
  -- RFC 7677 SCRAM-SHA-256 verifier (salt, iterations, StoredKey, ServerKey), never the password.
  ALTER TABLE users ADD COLUMN scram TEXT;

  -- RFC 4314 access control lists. A grantee is a user id (so a deleted user's entries go
  -- with it and a new user of the same name inherits nothing) or NULL for "anyone".
  CREATE TABLE acl (
    mailbox_id INTEGER NOT NULL REFERENCES mailboxes(id) ON DELETE CASCADE,
    grantee_id INTEGER REFERENCES users(id) ON DELETE CASCADE,
    negative   INTEGER NOT NULL DEFAULT 0,   -- 1: rights taken away ("-name")
    rights     TEXT NOT NULL
  );
  CREATE UNIQUE INDEX acl_entry ON acl (mailbox_id, ifnull(grantee_id, 0), negative);
  CREATE INDEX acl_grantee ON acl (grantee_id);

  -- TLS pre-shared keys issued to devices, each for one account.
  CREATE TABLE psk (
    identity   TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key        BLOB NOT NULL,
    created_at INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
];

const MIGRATION_2 = `
  -- Parsed content, one row per blob (so per distinct content), removed with the blob.
  -- id is also the rowid of fts_headers / fts_body and the key of blob_headers.
  CREATE TABLE blob_parsed (
    id           INTEGER PRIMARY KEY,
    hash         TEXT NOT NULL UNIQUE,           -- blobs.hash
    parsed       TEXT NOT NULL,                  -- JSON { root: MimePart, envelope: Envelope }
    sent_date    INTEGER,                        -- Date: header, ms since the epoch; NULL if none/invalid
    sent_day     TEXT NOT NULL,                  -- 'YYYY-MM-DD' of sent_date in the Date: header's own zone;
                                                 -- '1970-01-01' without a valid Date: (as Dovecot)
    base_subject TEXT NOT NULL,                  -- RFC 5256 base subject
    reply_fwd    INTEGER NOT NULL,               -- 1: the subject marks a reply or forward (RFC 5256)
    from_addr    TEXT NOT NULL,
    to_addr      TEXT NOT NULL,
    cc_addr      TEXT NOT NULL,
    from_display TEXT NOT NULL,
    to_display   TEXT NOT NULL,
    message_id   TEXT,
    in_reply_to  TEXT,
    refs         TEXT NOT NULL                   -- JSON array of the References: ids
  );

  -- Every top-level header field: lower-case name, decoded value folded for search.
  CREATE TABLE blob_headers (
    blob_id INTEGER NOT NULL,                    -- blob_parsed.id
    name    TEXT NOT NULL,
    value   TEXT NOT NULL
  );
  CREATE INDEX blob_headers_blob ON blob_headers (blob_id, name);
  CREATE INDEX blob_headers_value ON blob_headers (name, value);

  -- Substring search (trigram) over the folded header lines and the folded body text,
  -- queried with LIKE '%needle%' (search-sql.ts). detail=none: no positions are kept (the
  -- index is about a fifth of detail=full's); LIKE is still answered from the trigram index
  -- and then checked against the stored text. Two tables so a header search never reads
  -- the (much larger) body posting lists.
  CREATE VIRTUAL TABLE fts_headers USING fts5 (text, tokenize = 'trigram', detail = none);
  CREATE VIRTUAL TABLE fts_body USING fts5 (text, tokenize = 'trigram', detail = none);

  ALTER TABLE messages ADD COLUMN parsed_id INTEGER NOT NULL DEFAULT 0;   -- blob_parsed.id
  ALTER TABLE messages ADD COLUMN thread_id TEXT NOT NULL DEFAULT '';     -- RFC 8474 THREADID
  CREATE INDEX messages_parsed ON messages (mailbox_id, parsed_id);

  -- Message-IDs an account has seen (own and referred to) and their thread (threads.ts).
  CREATE TABLE thread_refs (
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    message_id TEXT NOT NULL,
    thread_id  TEXT NOT NULL,
    PRIMARY KEY (user_id, message_id)
  ) WITHOUT ROWID;
`;

/** A statement cache over a bare connection, for backfills. */
function statements(db: Database.Database): Statements {
  const cache = new Map<string, Database.Statement<unknown[], unknown>>();
  return {
    stmt(sql) {
      let s = cache.get(sql);
      if (!s) cache.set(sql, (s = db.prepare(sql)));
      return s;
    },
  };
}

/** Parses every stored blob and gives every message its content row and thread. */
function backfill2(db: Database.Database): void {
  const st = statements(db);
  const blobs = db.prepare('SELECT hash FROM blobs').pluck().all() as string[];
  const read = db.prepare('SELECT data FROM blob_data WHERE hash = ?').pluck();
  for (const hash of blobs) {
    const data = read.get(hash) as Buffer | undefined;
    if (data) storeContent(st, hash, prepareContent(data));
  }
  db.exec('UPDATE messages SET parsed_id = coalesce((SELECT id FROM blob_parsed WHERE hash = messages.blob_hash), 0)');
  // Threads in arrival order per account (internal date, then mailbox and uid).
  const rows = db
    .prepare(
      `SELECT m.mailbox_id, m.uid, b.user_id, p.message_id, p.in_reply_to, p.refs
       FROM messages m JOIN mailboxes b ON b.id = m.mailbox_id JOIN blob_parsed p ON p.id = m.parsed_id
       ORDER BY b.user_id, m.internal_date, m.mailbox_id, m.uid`,
    )
    .raw()
    .all() as Array<[number, number, number, string | null, string | null, string]>;
  const setThread = db.prepare('UPDATE messages SET thread_id = ? WHERE mailbox_id = ? AND uid = ?');
  for (const [mailboxId, uid, userId, messageId, inReplyTo, refs] of rows) {
    const thread = assignThread(st, userId, { messageId, inReplyTo, references: JSON.parse(refs) as string[] });
    setThread.run(thread, mailboxId, uid);
  }
}

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations not yet applied; returns how many ran. Safe to call repeatedly. */
export function migrate(db: Database.Database, steps: readonly Migration[] = migrations): number {
  const current = schemaVersion(db);
  if (current > steps.length) {
    throw new Error(
      `database schema version ${current} is newer than this server knows (${steps.length}); refusing to open`,
    );
  }
  let applied = 0;
  for (let i = current; i < steps.length; i++) {
    db.transaction(() => {
      // Re-check inside the transaction: another process may have migrated meanwhile.
      if (schemaVersion(db) !== i) return;
      const step = steps[i]!;
      if (typeof step === 'string') db.exec(step);
      else step(db);
      db.pragma(`user_version = ${i + 1}`);
      applied++;
    }).immediate();
  }
  return applied;
}
