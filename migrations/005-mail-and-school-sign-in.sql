-- Outgoing e-mail, reminders and signing in with a school's OpenID provider.

-- Every message is written here in the same transaction as what caused it and sent by the
-- server's mail worker. status: 'pending' (to send, at next_attempt_at), 'sending' (handed to
-- the SMTP server by a process that may have died: sent again after a restart), 'sent',
-- 'failed' (gave up; last_error says why) or 'kept' (no SMTP configured: shown at /admin/mail).
-- dedupe_key makes a message that must go once (a reminder for one quiet period, the
-- certificate mail) impossible to write twice.
CREATE TABLE outbox (
  id              INTEGER PRIMARY KEY,
  kind            TEXT NOT NULL,
  recipient       TEXT NOT NULL,
  subject         TEXT NOT NULL,
  text            TEXT NOT NULL,
  html            TEXT NOT NULL,
  user_id         INTEGER REFERENCES users (id) ON DELETE CASCADE,
  dedupe_key      TEXT UNIQUE,
  status          TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'kept')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT NOT NULL,
  last_error      TEXT,
  created_at      TEXT NOT NULL,
  sent_at         TEXT
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
CREATE INDEX outbox_created ON outbox (created_at);

-- A teacher can turn reminders off in /me.
ALTER TABLE users ADD COLUMN reminders INTEGER NOT NULL DEFAULT 1 CHECK (reminders IN (0, 1));

-- New teachers who sign in with a school account whose e-mail ends in this domain join this school.
ALTER TABLE schools ADD COLUMN email_domain TEXT;
CREATE UNIQUE INDEX schools_email_domain ON schools (email_domain) WHERE email_domain IS NOT NULL;

-- The school accounts (OpenID Connect issuer + subject) that sign in as a steun account.
CREATE TABLE user_identities (
  issuer     TEXT NOT NULL,
  subject    TEXT NOT NULL,
  user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  PRIMARY KEY (issuer, subject)
) WITHOUT ROWID;
CREATE INDEX user_identities_user ON user_identities (user_id);
