// Numbered schema migrations. `PRAGMA user_version` holds how many have been applied; each
// runs in its own transaction together with the user_version bump, so a crash leaves the
// database either before or after a step, never inside one. Never edit a released step:
// append a new one.
import type Database from 'better-sqlite3';

export const migrations: readonly string[] = [
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
];

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies the migrations not yet applied; returns how many ran. Safe to call repeatedly. */
export function migrate(db: Database.Database, steps: readonly string[] = migrations): number {
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
      db.exec(steps[i]!);
      db.pragma(`user_version = ${i + 1}`);
      applied++;
    }).immediate();
  }
  return applied;
}
