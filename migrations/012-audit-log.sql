-- What administrators, coordinators and researchers did, and what steun did by itself (erasing
-- accounts after a time without activity): who, what, when, and whom or which school it was about.
-- No foreign keys: an entry outlives the account it names (an erasure is recorded too). The actor
-- is kept as they were then (name and address, or 'steun' / 'opdrachtregel'); subjects by id only.
-- Entries older than AUDIT_KEEP_DAYS are deleted by the server's hourly housekeeping.
CREATE TABLE audit_log (
  id                INTEGER PRIMARY KEY,
  at                TEXT NOT NULL,
  actor_id          INTEGER,
  actor             TEXT NOT NULL,
  actor_role        TEXT,
  action            TEXT NOT NULL,
  subject_user_id   INTEGER,
  subject_school_id INTEGER,
  detail            TEXT
);
CREATE INDEX audit_log_at ON audit_log (at);

-- When a teacher who had been inactive for INACTIVE_ERASE_DAYS was told that the account will be
-- erased; activity after it (last_active_at) cancels it.
ALTER TABLE users ADD COLUMN inactive_notice_at TEXT;
